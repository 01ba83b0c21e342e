// Secrets that are the items of a collection named for them: a map's keys (`{"api_keys": {"Mk3Tq8Wz2Lp9Vx4Rb7Nc6Yd5":
// {"owner": "billing"}}}`, YAML `api_keys:⏎  Mk3Tq8…: billing-svc`, Python `api_keys = {'…': 'billing'}`, Ruby
// `API_KEYS = { '…' => 'ops' }`, a JS object without quotes, a TOML table `[api_keys]`) or a list's items (`API_KEYS =
// ['…', '…']`, `new Set([…])`, YAML `api_keys: [ … ]` or `- …` lines, an env value `VALID_TOKENS=…,…`). A service's table
// of accepted keys, a token allow-list: the items are the secrets, and only the collection's name says so. Read where the
// scan saw such a name before a `:`, `=`, `=>` or `]` (redact.ts, SIGN_SECRET_MAP): the items at its first level that read
// as generated are redacted. Names that hold other keys (`cacheKeys`, `publicKeys`, `authorized_keys`, a bare `keys`,
// `input_tokens`) are not read.
import { generated } from './patterns.ts';
import type { SecretHit } from './redact.ts';

/** Names of collections of secrets, in snake, kebab, UPPER and camel case, with words before them (`VALID_API_KEYS`). */
const NAME = [
  '(?:[A-Za-z0-9]+[_-])*(?:api|access|secret|private|auth|client|service|bearer)[_-]?(?:keys|tokens)',
  '(?:[A-Z0-9]+_)*(?:API|ACCESS|SECRET|PRIVATE|AUTH|CLIENT|SERVICE|BEARER)_(?:KEYS|TOKENS)',
  '(?:[a-z][a-z0-9]*)?(?:api|access|secret|auth|Api|Access|Secret|Auth)(?:Keys|Tokens)',
  '(?:(?:valid|allowed|admin|trusted|static|master|bot|user|personal|refresh)[_-]?)?(?:tokens|secrets|credentials|passwords)',
  '(?:(?:VALID|ALLOWED|ADMIN|TRUSTED|STATIC|MASTER|BOT|USER|PERSONAL|REFRESH)_)?(?:TOKENS|SECRETS|CREDENTIALS|PASSWORDS)',
  '(?:valid|allowed|admin|trusted|static|master|bot|user|personal|refresh)(?:Tokens|Secrets|Credentials|Passwords)',
].join('|');
/** What follows a name that may open a collection (the scan's trigger, and the check of each candidate): a type (`apiKeys:
 * string[] = …`), then after a colon a bracket, a line break, a quote or a call (not `input_tokens: 1234`); after `=`, `:=`
 * or `=>` anything but a blank; or the `]` of a TOML table's header and its line's end. */
export const SECRET_COLLECTION_AFTER = String.raw`\\{0,15}["']?(?:[ \t]{0,4}:[ \t]{0,4}[A-Za-z_][\w.<>,| \[\]]{0,40}?(?=[ \t]{0,4}=[^=>]))?(?:[ \t]{0,4}(?::(?!=)[ \t]{0,4}(?:[{[(\r\n"'\x60\\]|(?:new[ \t]+)?[A-Za-z_.]{1,24}\()|(?::=|=>|=)[ \t]{0,4}\S)|\][ \t]*(?:\r?\n|(?:\\r)?\\n))`;
/** Where a name may end: its last word, then what may open a collection (looked for first: a literal is quicker to find). */
const CANDIDATE = new RegExp(`(?:keys|tokens|secrets|credentials|passwords)(?=${SECRET_COLLECTION_AFTER})`, 'gi');
/** The whole name, ending where the candidate does. */
const NAME_BEFORE = new RegExp(`(?:^|[^A-Za-z0-9_-])(?:${NAME})$`);
/** What opens its collection after the name: a bracket (after a constructor's call: `new Set([`, `frozenset({`), a line
 * break (YAML), a value of items on the line (after `=`, or a quote after `:`), or the `]` of a TOML table's header. */
const OPENER =
  /\\{0,15}["']?(?:[ \t]{0,4}:[ \t]{0,4}[A-Za-z_][\w.<>,| [\]]{0,40}?(?=[ \t]{0,4}=[^=>]))?(?:[ \t]{0,4}(?<sep>:=|=>|[:=])[ \t]{0,4}(?:(?<call>(?:new[ \t]+)?[A-Za-z_.]{1,24}\()[ \t]*|(?:\[\][A-Za-z_.*]{1,24}|map\[[^\]\n]{1,40}\][A-Za-z_.*]{1,24}|vec!|new[ \t]*\[\][ \t]*|%w)(?=[[{(]))?(?:(?<open>[{[(])|(?<nl>\r?\n|\\r\\n|\\n)|(?<q>\\{0,15}["'\x60])|(?=[A-Za-z0-9+/_~-]))|\](?<toml>[ \t]*(?:\r?\n|\\r\\n|\\n)))/y;
/** An item: a run of a token's characters, whole. */
const ITEM = /(?<![A-Za-z0-9+/=_~-])[A-Za-z0-9+/=_~-]{24,512}(?![A-Za-z0-9+/=_~-])/g;
/** How far a collection is read. */
const MAP_MAX = 16 * 1024;
/** How far a value of items on its line is read. */
const LINE_MAX = 4096;
/** At most this many collections are read in one text (a log of a thousand `"tokens": {…}` lines costs no more than this). */
const MAPS_MAX = 64;

export function secretMapHits(text: string): SecretHit[] {
  const found: SecretHit[] = [];
  let maps = 0;
  CANDIDATE.lastIndex = 0;
  for (let c = CANDIDATE.exec(text); c !== null && maps < MAPS_MAX; c = CANDIDATE.exec(text)) {
    const nameEnd = c.index + c[0].length;
    if (!NAME_BEFORE.test(text.slice(Math.max(0, nameEnd - 160), nameEnd))) continue;
    OPENER.lastIndex = nameEnd;
    const m = OPENER.exec(text);
    if (m === null) continue;
    const g = m.groups!;
    const at = nameEnd + m[0].length;
    let end: number;
    if (g.open !== undefined) end = bracketItems(text, at, found);
    // (A call's arguments: `array('…', '…')`, `List.of("…", "…")`.)
    else if (g.call !== undefined && g.q !== undefined) end = bracketItems(text, at - g.q.length, found);
    else if (g.nl !== undefined) end = yamlItems(text, at - g.nl.length, at, found);
    else if (g.toml !== undefined) end = tomlItems(text, at, found);
    // (After a colon, a quoted value only: `tokens: 3` is a count, `"tokens": "…"` could be a list.)
    else if (g.q !== undefined || g.sep !== ':') end = lineItems(text, at, g.q, found);
    else continue;
    maps++;
    // (What a collection held is not read again as one of its own.)
    if (end > CANDIDATE.lastIndex) CANDIDATE.lastIndex = end;
  }
  return found;
}

/** Takes the generated items of `text[from, to)`; `keep(i)` says whether the item at `i` is at the collection's first level. */
function takeItems(text: string, from: number, to: number, found: SecretHit[], keep?: (i: number) => boolean): void {
  const body = text.slice(from, to);
  ITEM.lastIndex = 0;
  for (let k = ITEM.exec(body); k !== null; k = ITEM.exec(body)) {
    let item = k[0];
    let start = from + k.index;
    // (A JSON escape's letter glued to the item: `\nMk3Tq…`.)
    if (body[k.index - 1] === '\\' && body[k.index - 2] !== '\\' && /^[nrt]/.test(item)) {
      item = item.slice(1);
      start++;
    }
    if ((keep && !keep(k.index)) || !generated(item.replace(/=+$/, ''))) continue;
    found.push({ start, end: start + item.length, kind: 'secret_assignment' });
  }
}

/** The items at the first level of the object or list opening before `from` (its bracket read). Returns where it ends. */
function bracketItems(text: string, from: number, found: SecretHit[]): number {
  const end = Math.min(text.length, from + MAP_MAX);
  // Where each level starts and ends: brackets counted (inside strings too: an item holding one is rare).
  let depth = 1;
  let close = end;
  const levels = new Uint8Array(end - from);
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b || c === 0x28) depth++;
    else if (c === 0x7d || c === 0x5d || c === 0x29) depth--;
    levels[i - from] = Math.min(depth, 255);
    if (depth === 0) {
      close = i;
      break;
    }
  }
  takeItems(text, from, close, found, (i) => levels[i] === 1);
  return close;
}

/** The lines of `text` from `from` (real or JSON-escaped breaks): [start, end of content, start of the next line]. */
function* lines(text: string, from: number, limit: number): Generator<[number, number, number]> {
  let at = from;
  // (Each break is looked for again only once passed: a text with no escaped break is not searched to its end per line.)
  let nl = -2;
  let esc = -2;
  while (at < limit) {
    if (nl !== -1 && nl < at) nl = text.indexOf('\n', at);
    if (esc !== -1 && esc < at) esc = text.indexOf('\\n', at);
    let stop = nl < 0 ? text.length : nl;
    let next = stop + 1;
    if (esc >= 0 && esc < stop) {
      stop = esc;
      next = esc + 2;
    }
    let contentEnd = stop;
    if (text[contentEnd - 1] === '\r') contentEnd--;
    else if (text.startsWith('\\r', contentEnd - 2)) contentEnd -= 2;
    yield [at, contentEnd, next];
    if (stop >= text.length) return;
    at = next;
  }
}

/** The items of a YAML map or list under the line that names it (`lineEnd`: where that line's break starts): keys,
 * values and `- items` of the lines at its first indent. Returns where it ends. */
function yamlItems(text: string, lineEnd: number, from: number, found: SecretHit[]): number {
  const window = Math.max(0, lineEnd - 4096);
  const nl = text.lastIndexOf('\n', lineEnd - 1);
  const esc = text.lastIndexOf('\\n', lineEnd - 1);
  const lineStart = Math.max(window, nl + 1, esc >= 0 ? esc + 2 : 0);
  const parentIndent = /^[ \t]*/.exec(text.slice(lineStart, lineEnd))![0].length;
  let childIndent = -1;
  let at = from;
  for (const [start, contentEnd, next] of lines(text, from, Math.min(text.length, from + MAP_MAX))) {
    const line = text.slice(start, contentEnd);
    const indent = /^[ \t]*/.exec(line)![0].length;
    // (Blank lines and comments, at any indent, go on.)
    if (indent === line.length || line[indent] === '#') {
      at = next;
      continue;
    }
    // (A list's items may stand at its name's indent: `api_keys:⏎- …`; then the first line at that indent that is no item
    // ends it.)
    const item = line[indent] === '-' && (line[indent + 1] === ' ' || indent + 1 === line.length);
    if (indent < parentIndent || (indent === parentIndent && !(item && childIndent < 0) && !(item && indent === childIndent))) break;
    if (childIndent < 0) childIndent = indent;
    if (indent < childIndent) break;
    if (indent === childIndent) {
      if (!item && !/^[ \t]*["']?[^\s:"'#]{1,512}["']?[ \t]*:(?:[ \t]|$)/.test(line)) break;
      takeItems(text, start, contentEnd, found);
    }
    at = next;
  }
  return at;
}

/** The items of a TOML table `[api_keys]`: its lines up to the next header. Returns where it ends. */
function tomlItems(text: string, from: number, found: SecretHit[]): number {
  let at = from;
  for (const [start, contentEnd, next] of lines(text, from, Math.min(text.length, from + MAP_MAX))) {
    const line = text.slice(start, contentEnd);
    if (/^[ \t]*\[/.test(line) || (line.trim() !== '' && !/^[ \t]*#/.test(line) && !/^[ \t]*["']?[^\s="']{1,512}["']?[ \t]*=/.test(line))) break;
    takeItems(text, start, contentEnd, found);
    at = next;
  }
  return at;
}

/** The items of a value on the name's line (`VALID_TOKENS=…,…`, `"tokens": "… …"`): to its closing quote or, unquoted, to
 * a blank. Returns where it ends. */
function lineItems(text: string, from: number, quote: string | undefined, found: SecretHit[]): number {
  const limit = Math.min(text.length, from + LINE_MAX);
  let end = from;
  if (quote !== undefined) {
    const close = text.indexOf(quote, from);
    end = close < 0 || close > limit ? limit : close;
    const br = text.slice(from, end).search(/\r|\n|\\[rn]/);
    if (br >= 0) end = from + br;
  } else {
    while (end < limit && !/[\s"'`\\]/.test(text[end]!)) end++;
  }
  takeItems(text, from, end, found);
  return end;
}
