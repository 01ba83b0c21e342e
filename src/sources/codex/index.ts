// OpenAI Codex CLI rollouts: discover → read → parse → normalized records.
import type { SourceAdapter } from '../types.ts';
import { isObj, withoutBom } from '../json.ts';
import { documentSpans } from './document-spans.ts';
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
  try {
    const lines = isObj(doc.session) ? [JSON.stringify(doc.session)] : [];
    for (const item of doc.items) lines.push(JSON.stringify(item));
    return lines;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  // An item nested deeper than JSON.stringify goes (an audit: 5,000 levels stopped every import of
  // the file): each part as written, on one line, for the line reader to take or count.
  const spans = documentSpans(withoutBom(text));
  return spans ? [...(spans.session === undefined ? [] : [spans.session]), ...spans.items] : undefined;
}

export const codexAdapter: SourceAdapter = {
  provider: 'codex',
  defaultRoots,
  isTranscript,
  streamKey: streamIdentity,
  splitDocument,
  createParser,
};
