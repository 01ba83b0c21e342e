// Secrets that are a map's keys: `{"api_keys": {"Mk3Tq8Wz2Lp9Vx4Rb7Nc6Yd5": {"owner": "billing"}}}`, the YAML form
// `api_keys:⏎  Mk3Tq8…: billing-svc` (a service's table of accepted keys, a token allow-list). The value beside such a key
// names its owner; the key is the secret, and only its map's name says so. Read where the scan saw such a name followed
// by a colon (redact.ts, SIGN_SECRET_MAP): the keys of the map it opens, at its first level, that read as generated, are
// redacted. Names that hold other keys (`cacheKeys`, `publicKeys`, `authorized_keys`, a bare `keys`) are not read.
import { generated } from './patterns.ts';
import type { SecretHit } from './redact.ts';

/** A map named for secrets, opening on this line (`{`) or under it (a line break: YAML). */
const PARENT =
  /(?:^|[^A-Za-z0-9_-])((?:api|access|secret|private|auth|client|service|bearer)[_-]?(?:keys|tokens)|(?:api|access|secret|auth)(?:Keys|Tokens)|API_KEYS|API_TOKENS|tokens|secrets|credentials|passwords)\\{0,15}["']?[ \t]{0,4}:[ \t]{0,4}(?:(\{)|(\r?\n|\\r\\n|\\n))/g;
/** A key of a JSON object, plain or JSON-escaped: its text and the colon after it. */
const JSON_KEY = /\\{0,15}"([^"\\\s]{16,512})\\{0,15}"[ \t]{0,4}:/g;
/** How far a map is read. */
const MAP_MAX = 16 * 1024;
/** At most this many maps are read in one text (a log of a thousand `"tokens": {…}` lines costs no more than this). */
const MAPS_MAX = 64;

export function secretMapHits(text: string): SecretHit[] {
  const found: SecretHit[] = [];
  let maps = 0;
  PARENT.lastIndex = 0;
  for (let m = PARENT.exec(text); m !== null && maps < MAPS_MAX; m = PARENT.exec(text)) {
    maps++;
    const open = m.index + m[0].length;
    const end = m[2] !== undefined ? jsonKeys(text, open, found) : yamlKeys(text, m.index + m[0].length - m[3]!.length, open, found);
    // (What a map held is not read again as a map of its own.)
    if (end > PARENT.lastIndex) PARENT.lastIndex = end;
  }
  return found;
}

/** The keys at the first level of the object opening before `from` (its `{` read). Returns where the object ends. */
function jsonKeys(text: string, from: number, found: SecretHit[]): number {
  const end = Math.min(text.length, from + MAP_MAX);
  // Where each level starts and ends: braces and brackets counted (inside strings too: a key holding one is rare).
  let depth = 1;
  let close = end;
  const levels = new Uint8Array(end - from);
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
    levels[i - from] = Math.min(depth, 255);
    if (depth === 0) {
      close = i;
      break;
    }
  }
  const body = text.slice(from, close);
  JSON_KEY.lastIndex = 0;
  for (let k = JSON_KEY.exec(body); k !== null; k = JSON_KEY.exec(body)) {
    if (levels[k.index] !== 1 || !generated(k[1]!)) continue;
    const start = from + k.index + k[0].indexOf(k[1]!);
    found.push({ start, end: start + k[1]!.length, kind: 'secret_assignment' });
  }
  return close;
}

/** The keys of a YAML map under the line that names it (`lineEnd`: where that line's break starts). Returns where it ends. */
function yamlKeys(text: string, lineEnd: number, from: number, found: SecretHit[]): number {
  const window = Math.max(0, lineEnd - 4096);
  const nl = text.lastIndexOf('\n', lineEnd - 1);
  const esc = text.lastIndexOf('\\n', lineEnd - 1);
  const lineStart = Math.max(window, nl + 1, esc >= 0 ? esc + 2 : 0);
  const parentIndent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
  const end = Math.min(text.length, from + MAP_MAX);
  const re = /([ \t]*)(["']?)([^\s:"'#]{16,512})\2[ \t]*:(?=[ \t]|\r?\n|\\[rn]|$)[^\n]*?(?:\r?\n|\\r\\n|\\n|$)/y;
  let childIndent = -1;
  let at = from;
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null && re.lastIndex <= end; m = re.exec(text)) {
    const indent = m[1]!.length;
    if (indent <= parentIndent || (childIndent >= 0 && indent !== childIndent)) break;
    childIndent = indent;
    if (generated(m[3]!)) {
      const start = m.index + m[0].indexOf(m[3]!, indent);
      found.push({ start, end: start + m[3]!.length, kind: 'secret_assignment' });
    }
    at = re.lastIndex;
    if (m[0].length === 0) break;
  }
  return at;
}
