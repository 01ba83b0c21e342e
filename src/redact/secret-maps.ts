// Secrets that are a map's keys: `{"api_keys": {"Mk3Tq8Wz2Lp9Vx4Rb7Nc6Yd5": {"owner": "billing"}}}`, the YAML form
// `api_keys:⏎  Mk3Tq8…: billing-svc` (a service's table of accepted keys, a token allow-list). The value beside such a key
// names its owner; the key is the secret, and only its map's name says so. Read where the scan saw a plural secret word
// followed by a colon (redact.ts, SIGN_SECRET_MAP): the keys of the map it opens, at its first level, that read as
// generated (`generated`, or long hex), are redacted.
import { generated } from './patterns.ts';
import type { SecretHit } from './redact.ts';

/** A map named for secrets (`api_keys`, `apiKeys`, `tokens`, `secrets`, `credentials`, `passwords`, `access_keys`), opening
 * on this line (`{`) or under it (a line break: YAML). */
const PARENT = /(?:^|[^A-Za-z0-9])((?:[A-Za-z]{1,20}[_-]?)?(?:keys|Keys|KEYS|tokens|Tokens|TOKENS|secrets|Secrets|SECRETS|credentials|Credentials|passwords|Passwords))\\{0,15}["']?[ \t]{0,4}:[ \t]{0,4}(?:(\{)|(\r?\n|\\r\\n|\\n))/g;
/** A key of a JSON object, plain or JSON-escaped: its text and the colon after it. */
const JSON_KEY = /\\{0,15}"([^"\\\s]{16,512})\\{0,15}"[ \t]{0,4}:/g;
/** How far a map is read. */
const MAP_MAX = 16 * 1024;

const secretKey = (k: string): boolean => generated(k) || (/^[0-9a-fA-F]{32,}$/.test(k) && /\d/.test(k) && /[a-fA-F]/.test(k));

export function secretMapHits(text: string): SecretHit[] {
  const found: SecretHit[] = [];
  PARENT.lastIndex = 0;
  for (let m = PARENT.exec(text); m !== null; m = PARENT.exec(text)) {
    const open = m.index + m[0].length;
    if (m[2] !== undefined) jsonKeys(text, open, found);
    else yamlKeys(text, m.index + m[0].length - m[3]!.length, open, found);
  }
  return found;
}

/** The keys at the first level of the object opening before `from` (its `{` read). */
function jsonKeys(text: string, from: number, found: SecretHit[]): void {
  const end = Math.min(text.length, from + MAP_MAX);
  // Where each level starts and ends: braces and brackets counted (inside strings too: a key holding one is rare).
  let depth = 1;
  let close = end;
  const levels: number[] = [];
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
    levels.push(depth);
    if (depth === 0) {
      close = i;
      break;
    }
  }
  JSON_KEY.lastIndex = from;
  for (let k = JSON_KEY.exec(text); k !== null && k.index < close; k = JSON_KEY.exec(text)) {
    if (levels[k.index - from] !== 1 || !secretKey(k[1]!)) continue;
    const start = k.index + k[0].indexOf(k[1]!);
    found.push({ start, end: start + k[1]!.length, kind: 'secret_assignment' });
  }
}

/** The keys of a YAML map under the line that names it (`lineEnd`: where that line's break starts). */
function yamlKeys(text: string, lineEnd: number, from: number, found: SecretHit[]): void {
  const lineStart = Math.max(text.lastIndexOf('\n', lineEnd - 1), text.lastIndexOf('\\n', lineEnd - 1) + 1);
  const parentIndent = /^[ \t]*/.exec(text.slice(lineStart + 1, lineEnd))![0].length;
  const end = Math.min(text.length, from + MAP_MAX);
  const re = /([ \t]*)(?:-[ \t]+)?(["']?)([^\s:"'#]{16,512})\2[ \t]*:(?=[ \t]|\r?\n|\\[rn]|$)[^\n]*?(?:\r?\n|\\r\\n|\\n|$)/y;
  let childIndent = -1;
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null && re.lastIndex <= end; m = re.exec(text)) {
    const indent = m[1]!.length;
    if (indent <= parentIndent || (childIndent >= 0 && indent !== childIndent)) break;
    childIndent = indent;
    if (secretKey(m[3]!)) {
      const start = m.index + m[0].indexOf(m[3]!, indent);
      found.push({ start, end: start + m[3]!.length, kind: 'secret_assignment' });
    }
    if (m[0].length === 0) break;
  }
}
