// OpenAI Codex CLI rollouts: discover → read → parse → normalized records.
import type { SourceAdapter } from '../types.ts';
import { isObj, withoutBom } from '../json.ts';
import { createParser } from './parse.ts';
import { defaultRoots, isTranscript, streamIdentity } from './paths.ts';

/**
 * The TS-era `rollout-*.json` is one document `{"session":{…},"items":[…]}` rewritten whole on
 * each save. Split it into one compact line per item, header first, so parseLine reads it like
 * the 2025 bare-line form. Anything else (JSONL, or not that document) → undefined.
 */
export function splitDocument(path: string, text: string): string[] | undefined {
  if (!path.endsWith('.json')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(withoutBom(text));
  } catch {
    return undefined;
  }
  if (!isObj(doc) || !Array.isArray(doc.items)) return undefined;
  const lines = isObj(doc.session) ? [JSON.stringify(doc.session)] : [];
  for (const item of doc.items) lines.push(JSON.stringify(item));
  return lines;
}

export const codexAdapter: SourceAdapter = {
  provider: 'codex',
  defaultRoots,
  isTranscript,
  streamKey: streamIdentity,
  splitDocument,
  createParser,
};
