// The values of a git-filter-repo or BFG replacements file (`literal:…==>***REMOVED***`, `…==>REDACTED`):
// the very secrets an agent is scrubbing from a repository's history, one per line before `==>`.
import type { SecretHit } from './redact.ts';

const REPLACEMENT = /(?:^|[\n"]|\\n)(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}(?:literal:|glob:)?(?<value>[^\s=\\]{8,256})==>/dg;

/** Each generated or chosen value (letters and digits, no blanks) a replacements file lists. */
export function replacementHits(text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  REPLACEMENT.lastIndex = 0;
  for (let m = REPLACEMENT.exec(text); m !== null; m = REPLACEMENT.exec(text)) {
    const value = m.groups!.value!;
    if (!/\d/.test(value) || !/[A-Za-z]/.test(value)) continue;
    const [start, end] = m.indices!.groups!.value!;
    hits.push({ start, end, kind: 'secret_assignment' });
  }
  return hits;
}
