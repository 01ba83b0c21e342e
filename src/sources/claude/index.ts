// Claude Code: ~/.claude/projects/<encoded-cwd>/<session>.jsonl plus sub-agent files.
import type { SourceAdapter } from '../types.ts';
import { createParser } from './parse.ts';
import { defaultRoots, isTranscript, streamKey } from './paths.ts';

export const claudeAdapter: SourceAdapter = {
  provider: 'claude',
  defaultRoots,
  isTranscript,
  streamKey,
  createParser,
};
