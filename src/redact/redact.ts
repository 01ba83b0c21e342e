// The one redactor every path out of the encrypted store goes through.
//
// Speed: one pass over the text looks up each pair of adjacent characters in a table of the
// first two characters of every trigger literal (plus a bitmask for the third), so most
// positions cost two loads and a compare. A pattern's own sticky regex runs only where one
// of its triggers occurs, and nothing is ever re-scanned from the start.
import { withoutCaseModifiers } from './case-fold.ts';
import { encodedNameSecrets, PROJECT_FOLDER_NAME } from './encoded-names.ts';
import { hexDumpHits, mayHoldHexDump, mayHoldPlainHex, plainHexHits } from './hexdump.ts';
import { nativeLabelHits } from './labels.ts';
import { BULK, type SecretMemory } from './memory.ts';
import { classSwitches, looksLikeTypeName, randomLetters, SECRET_PATTERNS, type SecretPattern, type Trigger, upperNameRowHits } from './patterns.ts';
import { replacementHits } from './replacements.ts';
import { tableHits } from './tables.ts';
import { SECRET_COLLECTION_AFTER, secretMapHits } from './secret-maps.ts';

/** Redactions per kind, e.g. `{ openai: 2, secret_assignment: 1 }`. */
export type RedactionCounts = Record<string, number>;

export const redactionMarker = (kind: string): string => `[REDACTED:${kind}]`;

interface Candidate {
  pattern: SecretPattern;
  back: number;
}

/** A pattern's regex with match indices (`d`), run again where it matched, so its `secret` is cut
 * where it is, also when the match goes on after it (`user/<secret>@db`, `yes '<secret>' | passwd`).
 * (Only there: a regex with indices scans ~10 % slower.) */
const indexed = new Map<RegExp, RegExp>();
const withIndices = (re: RegExp): RegExp => {
  let d = indexed.get(re);
  if (!d) {
    d = re.hasIndices ? re : new RegExp(re.source, `${re.flags}d`);
    indexed.set(re, d);
  }
  return d;
};

interface Literal {
  lit: string;
  /** Sticky lookahead run right after `lit`. */
  after: RegExp | undefined;
  /** Patterns to try where `lit` occurs (its own and those of its prefixes), in table order. */
  candidates: Candidate[];
}

interface Engine {
  /** (first char << 7 | second char) → group index, or -1. */
  pairs: Int16Array;
  /** Per group, a 128-bit mask of the third characters its literals allow. */
  third: Int32Array;
  /** Per group, 1 when it holds a two-character literal (any third character). */
  short: Uint8Array;
  /** Literals sharing their first two characters, longest first. */
  groups: Literal[][];
}

function spellings(t: Trigger): string[] {
  if (!t.ci) return [t.lit];
  return [...new Set([t.lit, t.lit.toUpperCase(), t.lit.charAt(0).toUpperCase() + t.lit.slice(1)])];
}

/** A trigger's `after` check as a sticky regex, made once for every literal and engine that has it (each use sets
 * its lastIndex first). */
const afterRegexes = new Map<string, RegExp>();
function afterRegex(after: string): RegExp {
  let re = afterRegexes.get(after);
  if (!re) {
    re = new RegExp(withoutCaseModifiers(after), 'y');
    afterRegexes.set(after, re);
  }
  return re;
}

function buildEngine(patterns: readonly SecretPattern[]): Engine {
  const entries: { lit: string; after: string | undefined; back: number; index: number }[] = [];
  patterns.forEach((pattern, index) => {
    for (const t of pattern.triggers) {
      const trigger = typeof t === 'string' ? { lit: t } : t;
      for (const lit of spellings(trigger)) {
        if (lit.length < 2 || /[^\x20-\x7e]/.test(lit)) throw new Error(`trigger ${lit}: two or more printable ASCII characters`);
        entries.push({ lit, after: trigger.after, back: trigger.back ?? 0, index });
      }
    }
  });
  // (Entries by their literal, in order: a literal's prefixes are looked up, not every entry tried; start-up time.)
  const byLit = new Map<string, number[]>();
  entries.forEach((e, pos) => {
    const list = byLit.get(e.lit);
    if (list) list.push(pos);
    else byLit.set(e.lit, [pos]);
  });
  const literals = new Map<string, Literal>();
  for (const e of entries) {
    const key = e.after === undefined ? e.lit : `${e.lit}\0${e.after}`;
    if (literals.has(key)) continue;
    const seen = new Set<number>();
    const candidates: Candidate[] = [];
    // Prefix triggers share the position, so their patterns are tried here too (in pattern order, then entry order).
    const prefixed: number[] = [];
    for (let n = 2; n <= e.lit.length; n++) for (const pos of byLit.get(e.lit.slice(0, n)) ?? []) prefixed.push(pos);
    prefixed.sort((a, b) => entries[a]!.index - entries[b]!.index || a - b);
    for (const pos of prefixed) {
      const x = entries[pos]!;
      if (seen.has(x.index)) continue;
      seen.add(x.index);
      candidates.push({ pattern: patterns[x.index]!, back: x.back });
    }
    literals.set(key, { lit: e.lit, after: e.after === undefined ? undefined : afterRegex(e.after), candidates });
  }
  const pairs = new Int16Array(128 * 128).fill(-1);
  const groups: Literal[][] = [];
  for (const l of [...literals.values()].sort((a, b) => b.lit.length - a.lit.length)) {
    const pair = (l.lit.charCodeAt(0) << 7) | l.lit.charCodeAt(1);
    if (pairs[pair] === -1) pairs[pair] = groups.push([]) - 1;
    groups[pairs[pair]!]!.push(l);
  }
  const third = new Int32Array(groups.length * 4);
  const short = new Uint8Array(groups.length);
  groups.forEach((group, g) => {
    for (const { lit } of group) {
      if (lit.length === 2) {
        short[g] = 1;
        third.fill(-1, g * 4, g * 4 + 4);
      } else {
        const c = lit.charCodeAt(2);
        third[g * 4 + (c >> 5)]! |= 1 << (c & 31);
      }
    }
  });
  return { pairs, third, short, groups };
}

/**
 * Signs the one scan notes for the views that follow it (see ruleHits), at no cost of their own: each is a
 * trigger whose pattern matches nothing. Zero-width and other invisible characters are noted by the scan loop
 * itself (triggers are ASCII).
 */
const SIGN_INVISIBLE = 1;
const SIGN_MARKDOWN_ESCAPE = 2;
const SIGN_DOUBLED_QUOTES = 4;
const SIGN_REPLACEMENT = 8;
const SIGN_HEX_DUMP = 16;
const SIGN_NATIVE_LABEL = 32;
const SIGN_TABLE = 64;
/** Full-width ASCII (`ｇｈｐ＿…`, U+FF01–FF5E), noted by the scan loop. (Bits 7–22 are the conditional rules' signs.) */
const SIGN_FULLWIDTH = 1 << 23;
/** An ellipsis, which opens Codex's mark where it cut the middle out of a long output (`…1843 tokens truncated…`): noted by
 * the scan loop (no trigger: the mark's words are too common a start). */
const SIGN_CUT = 1 << 24;
/** A map named for secrets, opened after a colon (`"api_keys": {`, `tokens:⏎`): its keys may be the secrets (secret-maps.ts). */
const SIGN_SECRET_MAP = 1 << 25;
/** A no-break space (U+00A0, U+202F, U+2007): pasted text may hold one between a name and its value. */
const SIGN_NBSP = 1 << 26;
/** A box-drawn table's bar (`│`, `║`, `┃`): its rows may pair an UPPER_NAME with a secret (upperNameRowHits). */
const SIGN_BOX = 1 << 27;
const NEVER = /(?!)/y;
const SIGNS: SecretPattern[] = [
  { kind: 'secret_assignment', triggers: ['\\_', '\\-'], regex: NEVER, sign: SIGN_MARKDOWN_ESCAPE },
  { kind: 'secret_assignment', triggers: [{ lit: '""', after: '[A-Za-z_]' }, { lit: '\\"\\"', after: '[A-Za-z_]' }], regex: NEVER, sign: SIGN_DOUBLED_QUOTES },
  { kind: 'secret_assignment', triggers: ['==>'], regex: NEVER, sign: SIGN_REPLACEMENT },
  // (Password labels in other languages that start with an ASCII letter: Passwort, Kennwort, mot de passe, contraseña, senha,
  // wachtwoord, heslo, jelszó, lösenord, adgangskode, salasana; hasło by its ł.)
  {
    kind: 'secret_assignment',
    // (Each where a joiner follows: `Passwort:`, `senha é`, not the letters inside base64.)
    triggers: ['asswort', 'ennwort', 'de passe', 'ontrase', 'senha', 'achtwoord', 'haslo', 'heslo', 'jelsz', 'senord', 'gangskode', 'alasana'].map((lit) => ({
      lit,
      ci: true,
      // (`é` and `É` spelled out, outside the case-ignoring part: no table of letters beyond ASCII is built at start.)
      after: String.raw`[^\s:=]{0,3}(?:\*\*|__)?[ \t]{0,4}(?:[:=]|\uff1a|\u2014|(?:(?i:ist|est|es|is|e|lautet)|\u00e9|\u00c9)[ \t])`,
    })),
    regex: NEVER,
    sign: SIGN_NATIVE_LABEL,
  },
  // (Every line of a dump has an offset ending in 0: `00000010: ` in xxd's layout, `00000010  ` in hexdump -C's.)
  // (PowerShell's Format-Hex: 16 upper-case digits, `00000000` first.)
  {
    kind: 'secret_assignment',
    triggers: [{ lit: '0: ', after: '[0-9a-f]{2}' }, { lit: '0  ', after: '[0-9a-f]{2} ' }, { lit: '00000000', after: '[0-9A-F]{8} [0-9A-F]{2} ' }],
    regex: NEVER,
    sign: SIGN_HEX_DUMP,
  },
  // A secret's word as a table's column name: the column ends after it (a bar, a comma, a tab, the line's end).
  {
    kind: 'secret_assignment',
    triggers: ['api_key', 'apikey', 'api-key', 'key', 'secret', 'password', 'passwd', 'pwd', 'token', 'private_key', 'access_key', 'credential'].map(
      (lit): Trigger => ({ lit, ci: true, after: String.raw`s?["'\x60]?[ \t]{0,40}(?:[|,\t│┃║]|\\t|\r?\n|\\[rn]|$)` }),
    ),
    regex: NEVER,
    sign: SIGN_TABLE,
  },
  {
    kind: 'secret_assignment',
    triggers: ['keys', 'tokens', 'secrets', 'credentials', 'passwords'].map(
      (lit): Trigger => ({ lit, ci: true, after: SECRET_COLLECTION_AFTER }),
    ),
    regex: NEVER,
    sign: SIGN_SECRET_MAP,
  },
];
/** The signs the last scans saw (reset by ruleHits). */
let signs = 0;
const isInvisible = (c: number): boolean => c === 0xad || (c >= 0x200b && c <= 0x200f) || c === 0x2060 || c === 0xfeff;
/** The first letters of the password labels `nativeLabelHits` (labels.ts) reads in scripts a trigger cannot name (triggers are ASCII):
 * Cyrillic п/П (пароль), 密 (密码, 密碼), パ (パスワード), 비 (비밀번호), Greek κ/Κ (κωδικός), ş/Ş (şifre), and the ł of hasło. */
const isNativeLabelStart = (c: number): boolean =>
  c === 0x43f || c === 0x41f || c === 0x5bc6 || c === 0x30d1 || c === 0xbe44 || c === 0x3ba || c === 0x39a || c === 0x15f || c === 0x15e || c === 0x142;

const UNCONDITIONAL = SECRET_PATTERNS.filter((p) => p.requires === undefined);
/** The literals the one scan looks for. */
const SCANNED = UNCONDITIONAL.flatMap((p) => p.triggers.flatMap((t) => spellings(typeof t === 'string' ? { lit: t } : t)));
/**
 * Rules tried only on texts holding their `requires` literal, one engine per literal. Whether a text holds it is a sign of
 * the one scan (no pass of its own over the text), unless a scanned literal is a prefix of it: that literal's rules would
 * then be tried wherever it occurs, past their own `after` checks. Those are looked for with `includes`.
 */
const CONDITIONAL = [...new Set(SECRET_PATTERNS.flatMap((p) => (p.requires === undefined ? [] : [p.requires])))].map((lit, k) => ({
  lit,
  sign: k < 16 && !SCANNED.some((t) => lit.startsWith(t)) ? 1 << (7 + k) : 0,
  engine: buildEngine(SECRET_PATTERNS.filter((p) => p.requires === lit)),
}));
const ALL = buildEngine([
  ...UNCONDITIONAL,
  ...SIGNS,
  ...CONDITIONAL.filter((c) => c.sign !== 0).map((c): SecretPattern => ({ kind: 'secret_assignment', triggers: [c.lit], regex: NEVER, sign: c.sign })),
]);

/** Every secret the rules find in `text`, in order, not overlapping. */
function scanAll(text: string): SecretHit[] {
  let hits = scan(ALL, text);
  // (A sign of an earlier text of the same redaction, a view of it, costs a scan that finds nothing: never a wrong hit.)
  for (const { lit, sign, engine } of CONDITIONAL) if (sign !== 0 ? (signs & sign) !== 0 : text.includes(lit)) hits = merge(hits, scan(engine, text));
  return hits;
}
/** Vendor shapes only: tells which kind a value caught by a context rule really is. */
const VENDOR = buildEngine(SECRET_PATTERNS.filter((p) => !p.generic));

/** Whether `at` falls inside an earlier `[REDACTED:kind]` marker (kinds contain `secret`, `_key`). */
function insideMarker(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && at - i < 40 && /[a-z_]/.test(text[i - 1]!)) i--;
  return i >= 10 && text.startsWith('[REDACTED:', i - 10);
}

/** The longest trigger literal of `group` occurring at `i`. */
function literalAt(group: Literal[], text: string, i: number): Literal | undefined {
  for (const l of group) {
    if (!text.startsWith(l.lit, i)) continue;
    if (l.after === undefined) return l;
    l.after.lastIndex = i + l.lit.length;
    if (l.after.test(text)) return l;
  }
  return undefined;
}

/** A no-break space that may join a name to its value: next to `:` or `=`, or after a secret's word (`Bearer`, `--token`). */
const NBSP_JOIN = /[:=][\u00A0\u202F\u2007\u2009]|[\u00A0\u202F\u2007\u2009][:=]|(?:bearer|token|key|pass(?:word)?|secret|pwd)[\u00A0\u202F\u2007\u2009]/i;

/** Next position at or after `from` where some trigger's first three characters occur, or -1. */
function nextCandidate(engine: Engine, text: string, from: number): number {
  const { pairs, third, short } = engine;
  const n = text.length - 1;
  for (let i = from; i < n; i++) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    if ((c0 | c1) > 127) {
      if (isInvisible(c0)) signs |= SIGN_INVISIBLE;
      else if (isNativeLabelStart(c0)) signs |= SIGN_NATIVE_LABEL;
      else if (c0 >= 0xff01 && c0 <= 0xff5e) signs |= SIGN_FULLWIDTH;
      else if (c0 === 0xa0 || c0 === 0x202f || c0 === 0x2007 || c0 === 0x2009) signs |= SIGN_NBSP;
      else if (c0 === 0x2502 || c0 === 0x2551 || c0 === 0x2503) signs |= SIGN_BOX;
      else if (c0 === 0x2026) signs |= SIGN_CUT;
      continue;
    }
    const g = pairs[(c0 << 7) | c1]!;
    if (g < 0) continue;
    const c2 = text.charCodeAt(i + 2); // NaN past the end
    if (c2 < 128 ? ((third[(g << 2) | (c2 >> 5)]! >>> (c2 & 31)) & 1) !== 0 : short[g] !== 0) return i;
  }
  return -1;
}

/** A value that shows a secret's shape, not a secret (`sk-proj-XXXXXXXX…`, `ghp_xxxx…`, `gho_****`). */
const PLACEHOLDER = /x{12}|X{12}|\*{6}|•{3}/;
const LONG_VALUE = 1024;
const JWT_REST = /^\.eyJ[A-Za-z0-9_-]{2,8192}(?:\.[A-Za-z0-9_-]{16,8192})?/;
const MAX_VALUE = 64 * 1024;
const isBase64Char = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61 || c === 95 || c === 45;

/** One secret found: the characters [start, end) of the text it was found in. */
export interface SecretHit {
  start: number;
  end: number;
  kind: string;
  /** Its characters are not the secret's own (a hex dump's range over lines and digits): nothing to remember. */
  mapped?: true;
}

/** Where the `secret` group of `re`'s match at `start` is. */
function secretAt(re: RegExp, text: string, start: number): [number, number] | undefined {
  const d = withIndices(re);
  d.lastIndex = start;
  return d.exec(text)?.indices?.groups?.secret;
}

/** Every secret in `text`, in order, not overlapping. */
function scan(engine: Engine, text: string): SecretHit[] {
  const hits: SecretHit[] = [];
  let last = 0;
  for (let i = nextCandidate(engine, text, 0); i >= 0; i = nextCandidate(engine, text, i + 1)) {
    const g = engine.pairs[(text.charCodeAt(i) << 7) | text.charCodeAt(i + 1)]!;
    const literal = literalAt(engine.groups[g]!, text, i);
    if (literal === undefined) continue;
    for (const { pattern, back } of literal.candidates) {
      if (pattern.sign !== undefined) {
        signs |= pattern.sign;
        continue;
      }
      const start = i - back;
      if (start < last) continue;
      if (pattern.before && !pattern.before(text, start)) continue;
      const re = pattern.regex;
      re.lastIndex = start;
      const m = re.exec(text);
      if (m === null) continue;
      const matchEnd = start + m[0].length;
      const secret = m.groups?.secret ?? m[0];
      if (pattern.valid && !pattern.valid(secret, m, text, start, matchEnd)) continue;
      if (PLACEHOLDER.test(secret)) continue;
      if (insideMarker(text, start)) continue;
      const at = m.groups?.secret === undefined ? undefined : secretAt(pattern.regex, text, start);
      const from = at ? at[0] : start;
      // (A value a rule reads behind its trigger, `'…' | ConvertTo-SecureString`, is taken only past what was taken before.)
      if (from < last) continue;
      let end = at ? at[1] : matchEnd;
      // A value as long as a rule takes (1 KB) that goes on in base64 (an encoded key file) is taken whole.
      if (secret.length >= LONG_VALUE) while (end < text.length && end - from < MAX_VALUE && isBase64Char(text.charCodeAt(end))) end++;
      // A JWT a rule read up to its first dot (a name's value of base64 characters) is taken whole: its claims (`.eyJ…`) and
      // signature too.
      if (text.startsWith('eyJ', from) && text.startsWith('.eyJ', end) && !text.slice(from, end).includes('.')) end += JWT_REST.exec(text.slice(end, end + 16384))?.[0].length ?? 0;
      // The context a rule read before its value (`mc alias set s3 URL AKIA… <secret>`) may hold
      // secrets of its own: it is scanned too, or they would be passed over.
      if (from - start > 3) for (const h of scan(engine, text.slice(start, from))) hits.push({ start: h.start + start, end: h.end + start, kind: h.kind });
      hits.push({ start: from, end, kind: pattern.generic ? (vendorKind(secret) ?? pattern.kind) : pattern.kind });
      last = end;
      i = end - 1;
      break;
    }
  }
  return hits;
}

/** The vendor kind of a value a context rule caught, when the whole value is one vendor secret. */
function vendorKind(secret: string): string | undefined {
  const hits = scan(VENDOR, secret);
  return hits.length === 1 && hits[0]!.start === 0 && hits[0]!.end === secret.length ? hits[0]!.kind : undefined;
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const percentAt = (text: string, i: number): boolean =>
  text.charCodeAt(i) === 37 && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2));
/** Where a run of URL-encoded text ends: whitespace, double quotes, backticks and angle brackets
 * (`encodeURIComponent` leaves `'` as it is). */
const runBreak = (c: number): boolean => c <= 32 || c === 34 || c === 60 || c === 62 || c === 96;
/** Percent-decoding repeats while it changes something, up to this often (URLs encoded into
 * query strings of URLs, again and again). */
const DECODE_DEPTH = 12;

/**
 * Secrets inside URL-encoded text (`?access_token%3Dghp_…`, `postgres%3A%2F%2Fuser%3Apass%40host`,
 * `Authorization%3A%20Bearer%20…`): each run of non-space text holding `%XX` is decoded and
 * scanned, and what is found is mapped back onto the encoded characters.
 */
function encodedHits(text: string, hits: SecretHit[]): SecretHit[] {
  const found: SecretHit[] = [];
  let floor = 0;
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
    if (!percentAt(text, i)) continue;
    let s = i;
    while (s > floor && !runBreak(text.charCodeAt(s - 1))) s--;
    let e = i + 3;
    while (e < text.length && !runBreak(text.charCodeAt(e))) e++;
    floor = e;
    // Decode the run, remembering where each decoded character came from.
    let run = text.slice(s, e);
    let map = Array.from({ length: run.length + 1 }, (_, k) => s + k);
    for (let depth = 0; depth < DECODE_DEPTH && run.includes('%'); depth++) {
      let dec = '';
      const next: number[] = [];
      for (let j = 0; j < run.length; ) {
        next.push(map[j]!);
        if (percentAt(run, j)) {
          dec += String.fromCharCode(Number.parseInt(run.slice(j + 1, j + 3), 16));
          j += 3;
        } else {
          dec += run[j];
          j++;
        }
      }
      next.push(map[run.length]!);
      if (dec === run) break;
      run = dec;
      map = next;
    }
    for (const h of scanAll(run)) found.push({ start: map[h.start]!, end: map[h.end]!, kind: h.kind });
    i = e - 1;
  }
  return merge(hits, found);
}

/** `hits` plus the `found` ones that overlap none before them, in order. */
function merge(hits: SecretHit[], found: SecretHit[]): SecretHit[] {
  if (found.length === 0) return hits;
  const all: SecretHit[] = [];
  let last = 0;
  for (const h of [...hits, ...found].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (h.start < last) continue;
    all.push(h);
    last = h.end;
  }
  return all;
}

/** The 8-bit CSI (U+009B, raw or JSON `\u009b`): one character for `ESC[`, which some programs
 * write (`\x9b32m`). */
const CSI_8BIT = String.raw`(?:\x9b|\\{1,16}u009[bB])`;
/**
 * ESC spelled out as text, as debug prints and dumps show a coloured string: `\x1b` (Python,
 * Node, Go), `\u{1b}` (Rust), `\e` / `\E` (Ruby, bash `set -x`), `\033` (`sed -n l`), `^[`
 * (`cat -v`), and the 8-bit CSI spelled `\x9b`, `\u{9b}`, `\233`. Only colours and line erases
 * (`m`, `K`) are read after one: a regex's `^[[:s…` is none.
 */
const SPELLED_STYLE = String.raw`(?:(?:\\{1,16}(?:x1[bB]|u\{1[bB]\}|[eE]|0{0,2}33)|\^\[)\[|\\{1,16}(?:x9[bB]|u\{9[bB]\}|233))[0-9;:]{0,64}[mK]`;
/** A terminal sequence, ESC raw or JSON-escaped (`\u001b`): colours and cursor moves
 * (`ESC[1;38:2:255:0:0m`, truecolor foreground and background with attributes), character sets
 * (`ESC(B`, from `tput sgr0`), cursor save and restore (`ESC7`, `ESC8`); or a colour with ESC
 * spelled out. The rules read text without them (escapedHits). */
const TERMINAL_SEQUENCE_SOURCE = String.raw`(?:\x1b|\\{1,16}u001[bB])(?:\[[0-?]{0,64}[ -/]{0,4}[@-~]|[ -/]{1,2}[0-~]|[78=>])|${CSI_8BIT}[0-?]{0,64}[ -/]{0,4}[@-~]|${SPELLED_STYLE}`;
/**
 * The terminal sequences the full-text index leaves out (`searchableText`): those of
 * TERMINAL_SEQUENCE_SOURCE without intermediate characters, so source code that spells one out
 * (`'\u001b[' + colour + 'm'`) keeps its words. Copies of a secret are also looked for in the
 * text without them (styledCopies): a copy they hide or split is redacted before the index
 * would hold it whole.
 */
const TERMINAL_STYLE = new RegExp(String.raw`(?:\x1b|\\{1,16}u001[bB])(?:\[[0-?]{0,64}[@-~]|[(-/][0-~]|[78=>])|${CSI_8BIT}[0-?]{0,64}[@-~]|${SPELLED_STYLE}`, 'g');
/** Whether a text may hold one (cheap: before either expression runs). */
const HAS_TERMINAL = /\x1b|\x9b|\\u00[19][bB]|\\(?:x1[bB]|u\{1[bB]\}|[eE]|0{0,2}33)\[|\^\[\[|\\(?:x9[bB]|u\{9[bB]\}|233)[0-9;:]{0,64}[mK]/;

/** JSON `\u00XX` escapes of printable ASCII, tab and line breaks (any number of backslashes:
 * escaped again inside JSON), HTML character references of the characters secrets and their
 * contexts use, and terminal sequences, which decode to nothing. */
const ESCAPE = new RegExp(
  String.raw`\\{1,16}u00([2-7][0-9a-fA-F]|0[9aAdD])|&(?:(quot|apos|amp|lt|gt|lowbar|UnderBar|equals|colon|sol|bsol|period|commat|plus|dollar|percnt|num|excl|ast|comma|semi|quest|verbar|nbsp)|#0{0,3}(\d{2,3})|#[xX]0{0,2}([2-7][0-9a-fA-F]));|${TERMINAL_SEQUENCE_SOURCE}`,
  'g',
);
// (And HTML5's names of the punctuation a secret or its name holds: `DB&lowbar;PASSWORD&equals;…`, `ghp&lowbar;…`.)
const ENTITIES: Record<string, string> = {
  quot: '"', apos: "'", amp: '&', lt: '<', gt: '>', lowbar: '_', UnderBar: '_', nbsp: ' ', equals: '=', colon: ':', sol: '/', bsol: '\\', period: '.', commat: '@',
  plus: '+', dollar: '$', percnt: '%', num: '#', excl: '!', ast: '*', comma: ',', semi: ';', quest: '?', verbar: '|',
};
/** Escapes that can hide a secret or its context. `&lt;`/`&gt;` (HTML in docs) only around an element
 * whose name says secret: otherwise a text holding only those is not decoded again. */
const MEANINGFUL_ESCAPE = new RegExp(
  String.raw`\\{1,16}u00(?:[2-7]|[19][bB]|0[9aAdD])|&(?:quot|apos|amp|#|(?:lowbar|UnderBar|equals|colon|sol|bsol|period|commat|plus|dollar|percnt|num|excl|ast|comma|semi|quest|verbar|nbsp);)|\x1b|\x9b|&lt;[\w.:-]{0,40}(?:pass|secret|token|key|auth|cred|pwd)|${SPELLED_STYLE}`,
  'i',
);
/** Escapes inside escapes (`&amp;quot;`) are undone this many times at most. */
const ESCAPE_DEPTH = 3;

/** The character an ESCAPE match stands for ('' for a terminal sequence), or undefined to keep it as is. */
function unescaped(m: RegExpExecArray): string | undefined {
  if (m[1] !== undefined || m[4] !== undefined) return String.fromCharCode(Number.parseInt((m[1] ?? m[4])!, 16));
  if (m[2] !== undefined) return ENTITIES[m[2]]!;
  if (m[3] !== undefined) {
    const c = Number(m[3]);
    return c >= 32 && c <= 126 ? String.fromCharCode(c) : undefined;
  }
  return '';
}

/**
 * Secrets written with escaped characters or wrapped in terminal colours:
 * `sk\u002dproj\u002d…` (encoders that escape ASCII), `{&quot;password&quot;:&quot;…&quot;}`
 * (JSON shown in HTML), `\x1b[32mghp_…\x1b[0m` (grep --color, test runners). The text is
 * decoded, scanned, and what is found is mapped back onto the original characters.
 */
function escapedHits(text: string, hits: SecretHit[]): SecretHit[] {
  let run = text;
  // Where each decoded character starts and ends in `text`.
  let starts: Int32Array | undefined;
  let ends: Int32Array | undefined;
  for (let depth = 0; depth < ESCAPE_DEPTH; depth++) {
    ESCAPE.lastIndex = 0;
    let m = ESCAPE.exec(run);
    if (m === null) break;
    const parts: string[] = [];
    const ns = new Int32Array(run.length + 1);
    const ne = new Int32Array(run.length + 1);
    let k = 0;
    const copy = (from: number, to: number) => {
      if (to <= from) return;
      parts.push(run.slice(from, to));
      for (let j = from; j < to; j++, k++) {
        ns[k] = starts ? starts[j]! : j;
        ne[k] = ends ? ends[j]! : j + 1;
      }
    };
    let at = 0;
    let changed = false;
    for (; m !== null; m = ESCAPE.exec(run)) {
      const ch = unescaped(m);
      if (ch === undefined) continue;
      copy(at, m.index);
      if (ch !== '') {
        parts.push(ch);
        ns[k] = starts ? starts[m.index]! : m.index;
        ne[k] = ends ? ends[m.index + m[0].length - 1]! : m.index + m[0].length;
        k++;
      }
      at = m.index + m[0].length;
      changed = true;
    }
    if (!changed) break;
    copy(at, run.length);
    run = parts.join('');
    starts = ns;
    ends = ne;
  }
  if (starts === undefined || ends === undefined) return hits;
  const found: SecretHit[] = [];
  for (const h of scanAll(run)) if (h.end > h.start) found.push({ start: starts[h.start]!, end: ends[h.end - 1]!, kind: h.kind });
  return merge(hits, found);
}

/** A secret value found elsewhere (another field of the same event), to be found here too. */
export interface KnownSecret {
  value: string;
  kind: string;
}

/** Values worth looking for again: generated-looking (letters and digits, or random letters, 8+
 * characters), so a weak word password (`postgres`) does not make every mention of the word unreadable. */
const REPEATABLE = (v: string): boolean =>
  v.length >= 8 &&
  (/\d/.test(v) || randomLetters(v)) &&
  /[A-Za-z]/.test(v) &&
  !v.startsWith('[REDACTED') &&
  // not a name, host or path made of words (`_private_key_pkcs12`, `proxy.example.com:3128`,
  // `scram-sha-256`, `Base64-encoded`): each part a word, a word with a short number, or a number
  !(/[_.:/-]/.test(v) && v.split(/[_.:/-]/).every((p) => /^(?:[A-Za-z][a-z]*\d{0,3}|\d*)$/.test(p))) &&
  // not a type name (`V1SecretVolumeSource`), and lower-case runs only when long (hex, random)
  !looksLikeTypeName(v) &&
  (/[A-Z]/.test(v) || /[^a-z0-9]/.test(v) || v.length >= 16);
/** Whether a value is worth finding again in later texts (generated-looking, see REPEATABLE). */
export const isRepeatable = (v: string): boolean => REPEATABLE(v);
/** Whether [s, e) is a whole word, a copy on its own, not inside a longer word (`saveXk9…Backup`): no word character on either side but the end of an escape before it (`\\nVALUE`,
 * `\\u003eVALUE`, `\\x3dVALUE`). */
const whole = (text: string, s: number, e: number): boolean =>
  (!/[A-Za-z0-9_]/.test(text[s - 1] ?? '') || ESCAPE_END.test(text.slice(Math.max(0, s - 6), s))) && !/[A-Za-z0-9_]/.test(text[e] ?? '');
const ESCAPE_END = /\\(?:[bfnrt]|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2})$/;
/** At most this many distinct values are looked for again in one text. */
const MAX_REPEATS = 64;

/**
 * Every other occurrence of a secret already found (`export TOKEN=Xk9…` … `echo Xk9…` in one
 * output), and of `known` values found in another field: the rules alone would miss a bare copy.
 */
function repeatedHits(text: string, hits: SecretHit[], known: readonly KnownSecret[] | undefined): SecretHit[] {
  const values = new Map<string, string>();
  for (const k of known ?? []) if (values.size < MAX_REPEATS && REPEATABLE(k.value)) values.set(k.value, k.kind);
  // (A value cut short for display, `Xk9f…`, is looked for by its head, and a copy of it runs on to its whole length.)
  const heads = new Set<string>();
  for (const h of hits) {
    if (h.mapped) continue;
    let v = text.slice(h.start, h.end);
    const head = v.replace(/(?:\.{3}|…)$/, '');
    if (head !== v && head.length >= 16) {
      v = head;
      heads.add(v);
    }
    if (values.size < MAX_REPEATS && REPEATABLE(v)) values.set(v, h.kind);
  }
  if (values.size === 0) return hits;
  const found: SecretHit[] = [];
  if (heads.size > 0)
    for (const v of heads) {
      for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + v.length)) {
        if (!whole(text, i, text.length)) continue;
        let end = i + v.length;
        while (end < text.length && /[A-Za-z0-9+/=_~-]/.test(text[end]!)) end++;
        found.push({ start: i, end, kind: values.get(v) ?? 'secret_assignment' });
      }
      values.delete(v);
    }
  if (values.size <= 4) {
    for (const [v, kind] of values) for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + v.length)) if (whole(text, i, i + v.length)) found.push({ start: i, end: i + v.length, kind });
  } else {
    // Many values: one pass for all (longest first, so a value containing another wins).
    const sorted = [...values.keys()].sort((a, b) => b.length - a.length);
    const re = new RegExp(sorted.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    for (let m = re.exec(text); m !== null; m = re.exec(text)) if (whole(text, m.index, m.index + m[0].length)) found.push({ start: m.index, end: m.index + m[0].length, kind: values.get(m[0])! });
  }
  // Only when there are copies the scan did not already find.
  const starts = new Set(hits.map((h) => h.start));
  return found.some((f) => !starts.has(f.start)) ? merge(hits, found) : hits;
}

/** Where Codex cut the middle out of a long output (`truncate_middle`: `…1843 tokens truncated…`, as Codex writes it: unescaped). */
const CUT_MARK = /…\d{1,9} (?:tokens|chars) truncated…/g;

/**
 * A secret the cut ran through (`ghp_Ab3…1843 tokens truncated…9Op0Qr`, `DB_PASSWORD=Xk9f…N tokens truncated…bYz0`): the
 * text is read once more without its marks, and what is found across one is redacted on both sides of it (the mark
 * stays). Its head and tail are no value to remember. (A secret whole before a mark takes the word after it too.)
 */
function acrossCuts(text: string, hits: SecretHit[]): SecretHit[] {
  const cuts: Range[] = [];
  CUT_MARK.lastIndex = 0;
  for (let m = CUT_MARK.exec(text); m !== null; m = CUT_MARK.exec(text)) cuts.push({ at: m.index, end: m.index + m[0].length });
  return acrossRemoved(text, hits, cuts);
}

/** A part of a text a view leaves out. */
type Range = { at: number; end: number };

/** The text read once more without `removed` (in order, not overlapping): what is found across a removed part is
 * redacted on both sides of it (the part stays), or with `whole`, at once, the parts inside it too. */
function acrossRemoved(text: string, hits: SecretHit[], removed: Range[], whole = false): SecretHit[] {
  if (removed.length === 0) return hits;
  // Per removed part: where it stands in the view, and how much of the text was removed up to its end.
  const viewAt = new Array<number>(removed.length);
  const removedBy = new Array<number>(removed.length);
  const pieces: string[] = [];
  let from = 0;
  let gone = 0;
  for (let i = 0; i < removed.length; i++) {
    const r = removed[i]!;
    pieces.push(text.slice(from, r.at));
    viewAt[i] = r.at - gone;
    gone += r.end - r.at;
    removedBy[i] = gone;
    from = r.end;
  }
  pieces.push(text.slice(from));
  const view = pieces.join('');
  /** The number of removed parts standing at or before view offset `v` (`strict`: before it). */
  const before = (v: number, strict: boolean): number => {
    let lo = 0;
    let hi = removed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? viewAt[mid]! < v : viewAt[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const toText = (v: number, n: number): number => v + (n > 0 ? removedBy[n - 1]! : 0);
  const found: SecretHit[] = [];
  for (const h of ruleHits(view)) {
    // The parts the hit runs across: those standing after its start and before its end.
    const first = before(h.start, false);
    const last = before(h.end, true);
    if (last <= first) continue;
    let start = toText(h.start, first);
    const end = toText(h.end, last);
    if (whole) {
      found.push({ start, end, kind: h.kind, mapped: true });
      continue;
    }
    for (let k = first; k < last; k++) {
      if (removed[k]!.at > start) found.push({ start, end: removed[k]!.at, kind: h.kind, mapped: true });
      start = removed[k]!.end;
    }
    if (end > start) found.push({ start, end, kind: h.kind, mapped: true });
  }
  return merge(hits, found);
}

/** Text in UTF-16 read as single bytes (PowerShell 5's `>` and `Out-File` write UTF-16LE: `A\0P\0I\0_\0…`): read again
 * without its zero bytes. */
const UTF16_RUN = /(?:[\x20-\x7e]\0){8}|(?:\0[\x20-\x7e]){8}/;
function acrossUtf16(text: string, hits: SecretHit[]): SecretHit[] {
  const zeros: Range[] = [];
  for (let i = text.indexOf('\0'); i >= 0 && zeros.length < 1 << 20; i = text.indexOf('\0', i + 1)) zeros.push({ at: i, end: i + 1 });
  return acrossRemoved(text, hits, zeros, true);
}

/** A box-drawn table's row whose first cell is blank: the row above it continued (`railway variables` wraps a long value
 * onto rows of its own: `║ DATABASE_URL │ postgresql://postgres:J8PB… ║⏎║              │ DYakX@postgres.railway… ║`). */
const CONTINUED_ROW = /(?:^|\n)[ \t]*[║│┃|][ \t]+[│┃|][ \t]*[^\s│┃║|]/;
const BOX_BAR = /[║│┃|]/g;

/** A value a box-drawn table wrapped onto the rows below its own: the table read once more with each continued cell
 * joined to the cell above it. */
function acrossWrappedRows(text: string, hits: SecretHit[]): SecretHit[] {
  const removed: Range[] = [];
  /** The content of each cell of the row above ([start, end) in the text), while rows of one table follow each other. */
  let above: Range[] | undefined;
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const lineEnd = text[nl - 1] === '\r' ? nl - 1 : nl;
    const cells = boxCells(text, pos, lineEnd);
    if (cells === undefined) above = undefined;
    else {
      const filled = cells.filter((c) => c.end > c.at);
      const j = filled.length === 1 ? cells.indexOf(filled[0]!) : -1;
      // (Only a cell its text fills, 20 characters or more: a table that wraps cuts a value at its column's width; a blank
      // first cell under a short one is a table's own layout, `| a | 1 | 2 |⏎|   |   | x |`.)
      const fills = (r: Range) => r.end - r.at >= 20 && /^ ?[║│┃|]/.test(text.slice(r.end, r.end + 2));
      if (above !== undefined && above.length === cells.length && j > 0 && fills(above[j]!)) {
        removed.push({ at: above[j]!.end, end: cells[j]!.at });
        // (A third row goes on after this one's part.)
        above = above.map((c, i) => (i === j ? cells[j]! : c));
      } else above = cells;
    }
    pos = nl + 1;
  }
  return acrossRemoved(text, hits, removed);
}

/** The cells of a box-drawn table's row in `text[from, to)` (what stands between its bars, without blanks), or undefined
 * when the line is none. */
function boxCells(text: string, from: number, to: number): Range[] | undefined {
  const line = text.slice(from, to);
  const bars: number[] = [];
  BOX_BAR.lastIndex = 0;
  for (let m = BOX_BAR.exec(line); m !== null; m = BOX_BAR.exec(line)) bars.push(m.index);
  if (bars.length < 3 || line.slice(0, bars[0]).trim() !== '' || line.slice(bars.at(-1)! + 1).trim() !== '') return undefined;
  const cells: Range[] = [];
  for (let i = 0; i + 1 < bars.length; i++) {
    let at = bars[i]! + 1;
    let end = bars[i + 1]!;
    while (at < end && (line[at] === ' ' || line[at] === '\t')) at++;
    while (end > at && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
    cells.push({ at: from + at, end: from + end });
  }
  return cells;
}

/** The name a value stands under (`access_token` in `?access_token=…`, `DB_PASSWORD` in `DB_PASSWORD=…`):
 * the last word before it, within 40 characters; empty when there is none. */
function nameBefore(text: string, start: number): string {
  const m = /([A-Za-z_][\w.-]{0,60})[^\w\n]{0,6}$/.exec(text.slice(Math.max(0, start - 40), start));
  const name = m ? m[1]!.toLowerCase() : '';
  // A field that names nothing (`value` in a Kubernetes `- name: X⏎ value: …` list): each value its own.
  return /^(?:value|val|v|data|content|text|secret|default)$/.test(name) ? `${name}#${start}` : name;
}

/** Longer found values are not remembered for other texts (a key block, a whole config line). */
const MEMORY_VALUE_MAX = 512;

/** Whether the rules find `value` whole where it stands alone. */
/** A value the rules find wherever it stands: alone, and between the characters a file name puts
 * around it (`backup-<value>.txt`: a rule that wants no word character or `-` before its value,
 * as Azure client secrets', misses it there, so such a value is remembered). */
const selfEvident = (value: string): boolean =>
  scanAll(value).some((h) => h.start === 0 && h.end === value.length) && scanAll(`x-${value}.x`).some((h) => h.start === 2 && h.end === value.length + 2);

/** A value without the characters a view leaves out (see HIDING_PARTS), as it is typed elsewhere. */
const unhidden = (v: string): string => v.replace(/[\u00AD\u200B-\u200F\u2060\uFEFF]|(?<=[A-Za-z0-9])\\{1,2}(?=[_-][A-Za-z0-9])/g, '');

/** Every secret in `text`, plain, URL-encoded, escaped or coloured, and every copy of one (or of a
 * `known` value, or of one the transcript's `memory` holds), in order. `memory` learns the
 * values found here that are worth finding again. */
export function findSecrets(text: string, known?: readonly KnownSecret[], memory?: SecretMemory): SecretHit[] {
  let hits = ruleHits(text);
  if (signs & SIGN_CUT) hits = acrossCuts(text, hits);
  if (text.includes('\0') && UTF16_RUN.test(text)) hits = acrossUtf16(text, hits);
  if ((text.includes('│') || text.includes('║') || text.includes('┃') || text.includes('| ')) && CONTINUED_ROW.test(text)) hits = acrossWrappedRows(text, hits);
  // A working directory as Claude names its project folder (`~/.claude/projects/-home-dev-ghp-…`: '_'
  // became '-').
  if (text.includes('projects')) hits = merge(hits, encodedNameSecrets(text, PROJECT_FOLDER_NAME));
  if ((text.includes('[-') && text.includes('-]')) || (text.includes('{+') && text.includes('+}'))) hits = wordDiffHits(text, hits);
  if (memory?.size) hits = merge(hits, memory.find(text));
  if (hits.length > 0 || known?.length) hits = repeatedHits(text, hits, known);
  if (memory) {
    // Values seen before (refreshed) and new ones (learned), each once.
    const seen = new Map<string, { kind: string; name: string }>();
    const named = new Map<string, number>();
    let learned = false;
    for (const h of hits) {
      if (h.mapped) continue;
      // (A value cut short for display, `Xk9f…`, is remembered by its head: the whole of it is written elsewhere.)
      const v = unhidden(unstyled(text.slice(h.start, h.end))).replace(/(?:\.{3}|…)$/, '');
      // A value the rules find on its own (`ghp_…`, `AKIA…`) needs no remembering; nor one too
      // long to be repeated by hand.
      if (v.length > MEMORY_VALUE_MAX || !REPEATABLE(v) || seen.has(v)) continue;
      if (!memory.has(v)) {
        if (selfEvident(v)) continue;
        learned = true;
      }
      const name = nameBefore(text, h.start);
      seen.set(v, { kind: h.kind, name });
      named.set(name, (named.get(name) ?? 0) + 1);
    }
    // Many values under one name in one text (an access log's `access_token=…`) are held in bulk:
    // they cannot push out values learned otherwise (a `.env`'s, each under its own name).
    for (const [v, { kind, name }] of seen) memory.add(v, kind, named.get(name)! > BULK);
    // Copies of what this text taught, past the 64 values followed within one text.
    if (learned) hits = merge(hits, memory.find(text));
  }
  if ((hits.length > 0 || known?.length || memory?.size) && HAS_TERMINAL.test(text)) hits = styledCopies(text, hits, known, memory);
  return hits;
}

/** A line that is base64 and nothing else (a tool's output: `cat creds.b64`, `echo -n … | base64`,
 * `base64 .env` wrapped at 76 characters), long enough to hold a `NAME=value` line. Base64 inside
 * other text is left to the rules (`base64Vendor` and the Docker/Kubernetes forms): scanning every
 * run of it (Codex's `encrypted_content`, images) would cost more than the rest of the redactor. */
const BASE64_LINE = /(?:^"?|\n|\\n)(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}((?:[A-Za-z0-9+/]{4}){6,65536}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)[ \t]{0,8}(?=\r?\n|\\[rn]|$|\\?")/dg;
/** What may stand between two lines of one wrapped base64 text. */
const WRAP = /^[ \t]{0,8}(?:\r?\n|\\r\\n|\\n)(?:[ \t]{0,8}\d{1,7}→)?[ \t]{0,8}$/;
/** Text as a `.env`, a config or a `user:password` is written: printable ASCII, tabs and line breaks. */
const PRINTABLE = /^[\t\n\r\x20-\x7e]+$/;
/** `user:password` alone (`echo -n deploy:$PW | base64`): a name, a colon and a password with letters and
 * digits mixed as chosen passwords mix them (not `010:Repository1296269`, a GitHub node id; not
 * `nginx:1.25.3-alpine`, an image; not `gid://shopify/…`). */
const USER_PASSWORD = /^[A-Za-z][A-Za-z0-9._@-]{1,63}:(?![\d/])(?=[^\s:]*[A-Za-z])(?=[^\s:]*\d)([^\s:/]{8,128})\r?\n?$/;
const userPassword = (decoded: string): boolean => {
  const pw = USER_PASSWORD.exec(decoded)?.[1];
  return pw !== undefined && classSwitches(pw) >= 4;
};

/**
 * Secrets inside base64 text shown on lines of their own (also numbered, as Claude's Read shows a
 * file; in JSON-escaped text too; a line is not looked for after every `"`, which JSON text is full
 * of: the scan would cost a third of the redactor's speed): lines that decode to printable text are
 * scanned (with the lines they continue), and the whole base64 is redacted when the text holds a
 * secret (base64 cannot be mapped back character by character). Base64 of a key alone is found by
 * the rules (`base64Vendor`); random bytes, hashes and images do not decode to text.
 */
function base64Hits(text: string, hits: SecretHit[]): SecretHit[] {
  // (A block's lines are kept apart and joined once: a string grown line by line and asked how it ends is copied whole
  // each time, 10 s for 1 MB of `git rev-list` lines.)
  const blocks: { start: number; end: number; parts: string[]; length: number; padded: boolean; quoted: boolean }[] = [];
  BASE64_LINE.lastIndex = 0;
  for (let m = BASE64_LINE.exec(text); m !== null; m = BASE64_LINE.exec(text)) {
    const [start, end] = m.indices![1]!;
    const line = m[1]!;
    const last = blocks.at(-1);
    if (last && last.length % 4 === 0 && !last.padded && WRAP.test(text.slice(last.end, start))) {
      last.end = end;
      last.parts.push(line);
      last.length += line.length;
      last.padded = line.endsWith('=');
    } else blocks.push({ start, end, parts: [line], length: line.length, padded: line.endsWith('='), quoted: text[m.index] === '"' && /^[ \t]*\\?"/.test(text.slice(end, end + 10)) });
    // (The line break that ended this line may start the next.)
    BASE64_LINE.lastIndex = end;
  }
  const found: SecretHit[] = [];
  for (const { start, end, parts, quoted } of blocks) {
    const b64 = parts.join('');
    // (Base64 of text mixes both cases; a hex digest or a word does not.)
    if (!/[a-z]/.test(b64) || !/[A-Z]/.test(b64)) continue;
    const decoded = Buffer.from(b64, 'base64').toString('latin1');
    if (!PRINTABLE.test(decoded) || !/[=:]/.test(decoded)) continue;
    const inside = scanAll(decoded);
    if (inside.length > 0) found.push({ start, end, kind: inside[0]!.kind });
    // (A JSON string that is base64 and nothing else is an id as often as not: `user:password` only
    // on a line of its own, also in a JSON string of output lines.)
    else if (!quoted && userPassword(decoded)) found.push({ start, end, kind: 'basic_auth' });
  }
  return merge(hits, found);
}

/**
 * What a view of the text leaves out, each part only when the scan saw its sign:
 * - characters that hide inside a value without showing: zero-width spaces and joiners, soft hyphens,
 *   direction marks, the byte-order mark (a pasted `ghp_…` with a zero-width space in it);
 * - Markdown's escapes between the letters of a name or value (`sk\\_live\\_…`, `DB\\_PASSWORD`, `xoxb\\-…`;
 *   JSON-escaped too);
 * - a CSV field's doubled quotes around JSON inside it (`"{""db_password"":""…""}"`, as `sqlite3 -csv` or
 *   `psql --csv` print a JSON column).
 */
const CSV_JSON = /(?:"|\\")(?:"|\\")[A-Za-z_][\w.-]{0,40}(?:"|\\")(?:"|\\")[ \t]{0,4}:/;
const HIDING_PARTS: readonly (readonly [sign: number, part: string, check?: RegExp])[] = [
  [SIGN_INVISIBLE, '[\\u00AD\\u200B-\\u200F\\u2060\\uFEFF]'],
  [SIGN_MARKDOWN_ESCAPE, String.raw`(?<=[A-Za-z0-9])\\{1,2}(?=[_-][A-Za-z0-9])`],
  [SIGN_DOUBLED_QUOTES, String.raw`(?:"|\\")(?=(?:"|\\")[^\s"\\:,}\]])|(?<=[^\s"\\](?:"|\\"))(?:"|\\")(?=[ \t]{0,4}[:,}\]])`, CSV_JSON],
];
const hidingRegexes = new Map<number, RegExp>();
/**
 * Secrets that hidden characters or markup split (see HIDING_PARTS): the text without them is scanned, and
 * what is found is mapped back onto the original characters (the hidden ones inside with it).
 */
function hiddenHits(text: string, hits: SecretHit[], seen: number): SecretHit[] {
  let mask = 0;
  HIDING_PARTS.forEach(([sign, , check], i) => {
    if (seen & sign && (check === undefined || check.test(text))) mask |= 1 << i;
  });
  if (mask === 0) return hits;
  let hiding = hidingRegexes.get(mask);
  if (!hiding) {
    hiding = new RegExp(HIDING_PARTS.filter((_, i) => mask & (1 << i)).map(([, part]) => part).join('|'), 'g');
    hidingRegexes.set(mask, hiding);
  }
  // (Where each of the view's characters is in the text: the kept runs' starts, in both.)
  const parts: string[] = [];
  const runView: number[] = [];
  const runText: number[] = [];
  let viewLength = 0;
  let from = 0;
  hiding.lastIndex = 0;
  for (let m = hiding.exec(text); m !== null; m = hiding.exec(text)) {
    parts.push(text.slice(from, m.index));
    runView.push(viewLength);
    runText.push(from);
    viewLength += m.index - from;
    from = m.index + m[0].length;
  }
  if (from === 0) return hits;
  parts.push(text.slice(from));
  runView.push(viewLength);
  runText.push(from);
  const view = parts.join('');
  const at = (i: number): number => {
    let lo = 0;
    let hi = runView.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runView[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return runText[lo]! + i - runView[lo]!;
  };
  const found: SecretHit[] = [];
  for (const h of scanAll(view)) if (h.end > h.start) found.push({ start: at(h.start), end: at(h.end - 1) + 1, kind: h.kind });
  return merge(hits, found);
}

/** What the rules find in `text`, plain, URL-encoded, escaped, coloured, split by hidden characters, in a hex dump or in base64. */
function ruleHits(text: string): SecretHit[] {
  signs = 0;
  let hits = scanAll(text);
  const seen = signs;
  // NUL-separated lines (`cat /proc/1/environ`, `env -0`, `xargs -0` input) read as lines: the same length, the same places.
  if (text.includes('\0')) hits = merge(hits, scanAll(text.replaceAll('\0', '\n')));
  // `cat -A` / `cat -T` show a tab as `^I` (`prod^Ighp_…`): read as the tab it is (two characters for two: the same places).
  if (text.includes('^I')) hits = merge(hits, scanAll(text.replaceAll('^I', '\t\t')));
  if (seen & (SIGN_INVISIBLE | SIGN_MARKDOWN_ESCAPE | SIGN_DOUBLED_QUOTES)) hits = hiddenHits(text, hits, seen);
  if (seen & SIGN_REPLACEMENT) hits = merge(hits, replacementHits(text));
  if (seen & SIGN_HEX_DUMP && mayHoldHexDump(text)) hits = merge(hits, hexDumpHits(text, scanAll));
  if (text.length >= 32 && mayHoldPlainHex(text)) hits = merge(hits, plainHexHits(text, scanAll));
  if (seen & SIGN_NATIVE_LABEL) hits = merge(hits, nativeLabelHits(text));
  if (seen & SIGN_TABLE) hits = merge(hits, tableHits(text));
  if (seen & SIGN_SECRET_MAP) hits = merge(hits, secretMapHits(text));
  if (seen & SIGN_BOX) hits = merge(hits, upperNameRowHits(text));
  // Full-width forms read as the ASCII they stand for (an IME's full-width mode, a Japanese document): one character each, the same places.
  // (With the ideographic space such a keyboard types between words, U+3000, as a blank.)
  // (And the no-break spaces pasted text holds between a name and its value: U+00A0, U+202F, U+2007; read so only where one
  // stands next to a `:` or `=`, or after a secret's word: a web page's text holds them between any words.)
  const nbsp = (seen & SIGN_NBSP) !== 0 && NBSP_JOIN.test(text);
  if (seen & SIGN_FULLWIDTH || nbsp)
    hits = merge(hits, scanAll(text.replace(/[\uFF01-\uFF5E\u3000\u00A0\u202F\u2007\u2009]/g, (c) => (c <= '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))));
  hits = base64Hits(text, hits);
  if (text.includes('%')) hits = encodedHits(text, hits);
  if ((text.includes('\\u00') || text.includes('&') || HAS_TERMINAL.test(text)) && MEANINGFUL_ESCAPE.test(text)) hits = escapedHits(text, hits);
  return hits;
}

/** `git diff --word-diff` marks: `[-removed-]` and `{+added+}`, within one line (brackets or
 * braces inside a part end it: no rescanning of `[-[-[-…`). */
const WORD_DIFF = /\[-((?:(?!-\])[^\n[\]]){1,512})-\]|\{\+((?:(?!\+\})[^\n{}]){1,512})\+\}/g;

/**
 * Secrets in a word diff (`SMTP_PASSWORD=[-old-]{+new+}`): the text before and after the
 * change, as git shows them apart, are scanned, and what is found is mapped back.
 */
function wordDiffHits(text: string, hits: SecretHit[]): SecretHit[] {
  const found: SecretHit[] = [];
  for (const side of [1, 2] as const) {
    const at: number[] = [];
    let view = '';
    let from = 0;
    const keep = (to: number) => {
      for (let i = from; i < to; i++) at.push(i);
      view += text.slice(from, to);
    };
    WORD_DIFF.lastIndex = 0;
    for (let m = WORD_DIFF.exec(text); m !== null; m = WORD_DIFF.exec(text)) {
      keep(m.index);
      // This side's part is kept (without its marks), the other side's left out.
      const part = m[side];
      from = m.index + 2;
      if (part !== undefined) keep(from + part.length);
      from = m.index + m[0].length;
    }
    if (at.length === 0 && from === 0) return hits;
    keep(text.length);
    at.push(text.length);
    // (With `--color`, the marks sit between colour codes: read as everywhere else.)
    for (const h of ruleHits(view)) if (h.end > h.start) found.push({ start: at[h.start]!, end: at[h.end - 1]! + 1, kind: h.kind });
  }
  return merge(hits, found);
}

/** `text` without the terminal sequences the full-text index leaves out (see TERMINAL_STYLE). */
export const unstyled = (text: string): string => (HAS_TERMINAL.test(text) ? text.replace(TERMINAL_STYLE, '') : text);

/**
 * Copies of a secret that terminal sequences hide (`ESC[32mXk9…`: no word boundary before it)
 * or split (`Xk9…ESC[1m…`): found, as memory and repeated values are, in the text as the index
 * holds it, and mapped back onto the original characters.
 */
function styledCopies(text: string, hits: SecretHit[], known: readonly KnownSecret[] | undefined, memory: SecretMemory | undefined): SecretHit[] {
  const at = new Int32Array(text.length + 1);
  let view = '';
  let from = 0;
  const keep = (to: number) => {
    for (let i = from; i < to; i++) at[view.length + i - from] = i;
    view += text.slice(from, to);
  };
  TERMINAL_STYLE.lastIndex = 0;
  for (let m = TERMINAL_STYLE.exec(text); m !== null; m = TERMINAL_STYLE.exec(text)) {
    keep(m.index);
    from = m.index + m[0].length;
  }
  if (from === 0) return hits;
  keep(text.length);
  const values = [...(known ?? []), ...hits.map((h) => ({ value: unstyled(text.slice(h.start, h.end)), kind: h.kind }))];
  const found = repeatedHits(view, memory?.size ? memory.find(view) : [], values);
  if (found.length === 0) return hits;
  return merge(hits, found.map((f) => ({ start: at[f.start]!, end: at[f.end - 1]! + 1, kind: f.kind })));
}

/**
 * `text` with every whole-word copy of `values` replaced by a marker of `kind` and counted: values
 * known to be secrets by what produced them (a command that prints one), whatever they look like.
 * Their JSON-escaped forms too (a call's input holds its arguments as JSON).
 */
export function redactValues(text: string, values: readonly string[] | undefined, kind: string, counts?: RedactionCounts): string {
  if (!values?.length) return text;
  const all = [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))].sort((a, b) => b.length - a.length);
  const hits: SecretHit[] = [];
  for (const v of all) {
    for (let i = text.indexOf(v); i >= 0; i = text.indexOf(v, i + v.length)) {
      if (whole(text, i, i + v.length) && !hits.some((h) => i < h.end && i + v.length > h.start)) hits.push({ start: i, end: i + v.length, kind });
    }
  }
  return apply(text, hits.sort((a, b) => a.start - b.start), counts);
}

/** The secret values in `text` worth finding again in other fields of the same event. */
export function secretValues(text: string): KnownSecret[] {
  return findSecrets(text)
    .map((h) => ({ value: text.slice(h.start, h.end), kind: h.kind }))
    .filter((k) => REPEATABLE(k.value));
}

function apply(text: string, hits: SecretHit[], counts: RedactionCounts | undefined): string {
  if (hits.length === 0) return text;
  let out = '';
  let last = 0;
  for (const h of hits) {
    out += text.slice(last, h.start) + redactionMarker(h.kind);
    if (counts) counts[h.kind] = (counts[h.kind] ?? 0) + 1;
    last = h.end;
  }
  return out + text.slice(last);
}

function run(text: string, counts: RedactionCounts | undefined, known?: readonly KnownSecret[], memory?: SecretMemory): string {
  return apply(text, findSecrets(text, known, memory), counts);
}

/**
 * The redacted text of `text.slice(from, to)`, judged in the context of `margin` characters
 * either side: a secret that straddles a cut becomes a whole marker, never a readable part. `also`: secrets
 * found by a reading of more of `text` (places in it).
 */
export function redactSlice(
  text: string,
  from: number,
  to: number,
  counts?: RedactionCounts,
  margin = 8192,
  known?: readonly KnownSecret[],
  memory?: SecretMemory,
  also?: readonly SecretHit[],
): string {
  const ws = Math.max(0, from - margin);
  let hits = findSecrets(text.slice(ws, Math.min(text.length, to + margin)), known, memory);
  // (Found by a reading of more than the window: places in `text`.)
  if (also?.length) hits = merge(hits, also.map((h) => ({ ...h, start: h.start - ws, end: h.end - ws })));
  let out = '';
  let at = from;
  for (const h of hits) {
    const s = h.start + ws;
    const e = h.end + ws;
    if (e <= from || s >= to) continue;
    if (s > at) out += text.slice(at, s);
    out += redactionMarker(h.kind);
    if (counts) counts[h.kind] = (counts[h.kind] ?? 0) + 1;
    at = Math.max(at, e);
  }
  return at < to ? out + text.slice(at, to) : out;
}

/** Replaces every secret in `text` with `[REDACTED:<kind>]`. Idempotent. */
export function redactText(text: string): string {
  return run(text, undefined);
}

/** `redactText`, adding how many secrets of each kind it replaced into `counts`. */
export function redactTextCounted(text: string, counts: RedactionCounts, known?: readonly KnownSecret[], memory?: SecretMemory): string {
  return run(text, counts, known, memory);
}

/** Adds `from` into `into` and returns `into`. */
export function mergeCounts(into: RedactionCounts, from: Readonly<RedactionCounts>): RedactionCounts {
  for (const [kind, n] of Object.entries(from)) into[kind] = (into[kind] ?? 0) + n;
  return into;
}

/**
 * Redacts every string inside a JSON-serializable value (keys give context: `{"password": …}`).
 * Works on the JSON text, which no pattern can break: secrets never span a quote.
 */
export function redactJsonValue<T>(value: T, counts?: RedactionCounts, known?: readonly KnownSecret[]): T {
  const json = JSON.stringify(value);
  if (json === undefined) return value;
  const found: RedactionCounts = {};
  const red = run(json, found, known);
  if (red === json) return value;
  try {
    const out = JSON.parse(red) as T;
    if (counts) mergeCounts(counts, found);
    return out;
  } catch {
    // A value rule that ran past a closing quote (`["rg","password='","src"]`): each string is
    // redacted on its own instead.
    return redactLeaves(value, counts, known) as T;
  }
}

function redactLeaves(v: unknown, counts: RedactionCounts | undefined, known: readonly KnownSecret[] | undefined): unknown {
  if (typeof v === 'string') return run(v, counts, known);
  if (Array.isArray(v)) return v.map((x) => redactLeaves(x, counts, known));
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [run(k, counts, known), redactLeaves(x, counts, known)]));
}
