// The values of a git-filter-repo or BFG replacements file (`literal:…==>***REMOVED***`, `…==>REDACTED`):
// the very secrets an agent is scrubbing from a repository's history, one per line before `==>`.
import type { SecretHit } from './redact.ts';

/** A line's start, then the value up to `==>` (the part of the line before the arrow, checked alone). */
const LINE = /(?:^|[\n"]|\\n)(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}(?:literal:|glob:)?([^\s=\\"']{8,256})$/d;

/** A value someone generated or chose: letters and digits, not a path, a file name, a pattern or a marker. */
const chosen = (v: string): boolean =>
  /\d/.test(v) && /[A-Za-z]/.test(v) && !/[/[\]()*?^$|]/.test(v) && !/\.[A-Za-z][A-Za-z0-9]{0,4}$/.test(v) && !v.startsWith('regex:');

/** Each generated or chosen value a replacements file lists (the text before each `==>` on its line). */
export function replacementHits(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  for (let arrow = text.indexOf('==>'); arrow >= 0; arrow = text.indexOf('==>', arrow + 3)) {
    const from = Math.max(0, arrow - 280);
    const m = LINE.exec(text.slice(from, arrow));
    // (A match at the slice's start is a line's start only when the slice starts the text.)
    if (!m || (m[0].length === m[0].trimStart().length && m.index === 0 && from > 0) || !chosen(m[1]!)) continue;
    const [start, end] = m.indices![1]!;
    hits.push({ start: from + start, end: from + end, kind: 'secret_assignment' });
  }
  return hits;
}
