// Claude Code: ~/.claude/projects/<encoded-cwd>/<session>.jsonl plus sub-agent files.
import type { SourceAdapter } from '../types.ts';
import { createParser } from './parse.ts';
import { defaultRoots, describeFile, isTranscript, readAgentMeta, streamKey } from './paths.ts';
import { agentSessionId } from './sessions.ts';

export const claudeAdapter: SourceAdapter = {
  provider: 'claude',
  defaultRoots,
  isTranscript,
  streamKey,
  createParser,
  // (2.1's subagents/ layout: `<session>/subagents/agent-<id>.jsonl` beside `agent-<id>.meta.json`.)
  sidecarSession(path) {
    const f = describeFile(path);
    return f.layout === 'subagents' && f.agentId !== undefined && f.parentFromPath ? agentSessionId(f.parentFromPath, f.agentId) : undefined;
  },
  sidecarFacts: readAgentMeta,
};
