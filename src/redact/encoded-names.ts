// Secrets in the names Claude Code makes of working directories (`~/.claude/projects/-home-dev-app`):
// every character but letters and digits turned into '-', so no rule sees `ghp_…` as `ghp-…`.
// Used for transcript paths the store keeps (ingest/safe-names.ts) and, by findSecrets, for such a
// name in any text that names it as a folder of `projects` (a path a call reads or writes).
import { classSwitches, looksLikeTypeName } from './patterns.ts';
import { findSecrets, type SecretHit } from './redact.ts';

/** Such a name where a text names it as a folder of `projects` (`~/.claude/projects/-home-dev-…`, also
 * JSON-escaped `projects\\/-…` and Windows `projects\\C--Users-…`). A folder name is at most 255
 * bytes: the bound keeps the work per name small whatever the text holds. */
export const PROJECT_FOLDER_NAME = /(?<=projects(?:\\{0,2}[/\\]))(?:-|[A-Za-z]--)[A-Za-z0-9-]{4,250}/g;

/** Parts that name a secret: alone (`password-…`, `token-…`) or as `<kind>-key-…`. */
const KEYWORD_PART = /^(?:password|passwd|passphrase|pass|secret|token|apikey|credentials?)$/i;
const KEY_KIND_PART = /^(?:api|access|secret|private|client|master|encryption|signing)$/i;

/** Capitalised words in a part (`TypeScriptReactRedux…`, `iOS17SwiftUIDemoApp`): two make it a
 * name, unless digits are strewn through it (4 or more, in 3 or more places) between other
 * letters too, as a generated value's are (`BTkDtOELAZN4PMULSkYhzatn7ztbv2…`), and a name's are
 * not (`Node18React17Webpack5`: words and versions only; `App2024`). */
const camelWords = (p: string): number => {
  const digits = p.match(/\d+/g) ?? [];
  if (digits.length >= 3 && digits.join('').length >= 4 && p.replace(/[A-Z][a-z]{2,}|\d+/g, '').length >= 6) return 0;
  return (p.match(/[A-Z][a-z]{3,}/g) ?? []).filter(readsAsWord).length;
};

/** A capitalised run that could be a word: some vowels, no long consonant cluster (`Postgres`,
 * `Script` do; `Yhzatnztbv`, cut from a random value, does not). */
const readsAsWord = (w: string): boolean => {
  const lower = w.toLowerCase();
  // (Two linear tests: one pattern for "vowels between short consonant runs" backtracks
  // exponentially on a long vowel run.)
  return !/[^aeiouy]{5}/.test(lower) && (lower.match(/[aeiouy]/g)?.length ?? 0) / lower.length >= 0.15;
};

/** A part of an encoded name that reads as generated: long, mixed case with digits, not a name. */
const randomPart = (p: string): boolean =>
  p.length >= 20 && /[a-z]/.test(p) && /[A-Z]/.test(p) && /\d/.test(p) && classSwitches(p) >= 8 && !looksLikeTypeName(p) && camelWords(p) < 2;

/** A value after a secret's name: letters and digits mixed (`Tr0ub4dor`, `9f86d0…`), not a word and a number (`bucket2`, `santa2024`) or a name (`ERC20Token`). */
const secretPart = (p: string): boolean =>
  p.length >= 8 && /\d/.test(p) && /[A-Za-z]/.test(p) && classSwitches(p) >= 3 && !/^[A-Za-z][a-z]*\d{1,4}$/.test(p) && !/[A-Z][a-z]{3,}$/.test(p) && camelWords(p) < 2 && !looksLikeTypeName(p);

/**
 * Secrets in a name Claude encoded from a working directory. Every character but letters and
 * digits became '-' there, so `ghp_…`, `API_TOKEN=…` or `--password=…` read `ghp-…`,
 * `API-TOKEN-…`, `--password-…`, and no rule sees them. Redacted to the end of the name (a value
 * with '/', '+' or '_' inside is cut in parts): from a part that is generated (`<36 random
 * characters>`), or from just after a secret's name when one of the three parts after it is a
 * secret's value (`password-Tr0ub4dor`, `access-key-wJalr-K7Md9…`); the rules also read the
 * rest of the name with '_' for '-' from each part on (`ghp_…`, `sk_live_…`).
 */
export function encodedNameSecrets(text: string, names: RegExp): SecretHit[] {
  const found: SecretHit[] = [];
  for (const m of text.matchAll(names)) {
    const parts = m[0].split('-');
    const names = (j: number) => KEYWORD_PART.test(parts[j]!) || (/^key$/i.test(parts[j]!) && KEY_KIND_PART.test(parts[j - 1] ?? ''));
    const end = m.index + m[0].length;
    let at = m.index;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (randomPart(part)) {
        found.push({ start: at, end, kind: 'secret_assignment' });
        break;
      }
      if (names(i) && parts.slice(i + 1, i + 4).some(secretPart)) {
        found.push({ start: at + part.length + 1, end, kind: 'secret_assignment' });
        break;
      }
      if (part !== '') for (const h of findSecrets(parts.slice(i).join('_'))) found.push({ start: at + h.start, end: at + h.end, kind: h.kind });
      at += part.length + 1;
    }
  }
  return found;
}
