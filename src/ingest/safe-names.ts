// Names the store keeps in the clear that come from the data or the file system: session ids
// (keys of the index) and transcript paths (keys of the checkpoints). A secret in one is not
// marked in place, which would make two names one, but replaced together with a keyed hash of
// the original: the same name for the same original every time, so lookups and links hold.
import { createHash, createHmac, type KeyObject } from 'node:crypto';
import { classSwitches, looksLikeTypeName } from '../redact/patterns.ts';
import { findSecrets, redactText } from '../redact/redact.ts';

const keyedHash = (idKey: KeyObject | undefined, purpose: string, value: string): string =>
  (idKey ? createHmac('sha256', idKey) : createHash('sha256')).update(`${purpose}\0`).update(value).digest('hex');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A session id as the index keeps it. Ids come from the data (a line's sessionId, a header, a
 * file name), and they are keys, so a secret in one is not marked in place (two sessions would
 * share the marker) but the whole id is replaced by `redacted-` and a keyed hash of it: the
 * same for every line and every reference (parent, fork, spawned agent), so links hold.
 */
export function safeSessionId(id: string, idKey: KeyObject | undefined): string {
  return UUID.test(id) ? id : safeKey(id, idKey, 'session-id');
}

/**
 * A key from the data (a call id, a usage key) as the index keeps it: as it is, or when the
 * rules find a secret in it, `redacted-` and a keyed hash. The rules alone decide, not the
 * transcript's memory, which grows as it is read: a call and its result, read before and after
 * it learned a value, must still carry the same id.
 */
export function safeKey(value: string, idKey: KeyObject | undefined, purpose = 'key'): string {
  return redactText(value) === value ? value : `redacted-${keyedHash(idKey, purpose, value).slice(0, 24)}`;
}

/** Call ids are kept to this many characters. */
export const CALL_ID_MAX = 200;

/**
 * A call id as the index keeps it: `safeKey` of its first CALL_ID_MAX characters, judged whole
 * first, so a secret the cut goes through (`…ghp_` + half a token) is not kept as a readable piece.
 */
export function safeCallId(value: string, idKey: KeyObject | undefined): string {
  if (value.length <= CALL_ID_MAX) return keyedContentId(safeKey(value, idKey), idKey);
  const kept = value.slice(0, CALL_ID_MAX);
  const safe = redactText(value) === value ? safeKey(kept, idKey) : `redacted-${keyedHash(idKey, 'key', kept).slice(0, 24)}`;
  return keyedContentId(safe, idKey);
}

/**
 * A call id derived from content (a Codex web search without an id is named by a hash of its
 * redacted payload, `ws@…`): keyed here, so a secret the rules missed in the payload (one only
 * the transcript's memory knows) cannot be confirmed by hashing a guess. Equal payloads still
 * get equal ids (a fork's copy is recognised); the `ws@` prefix is kept.
 */
export function keyedContentId(id: string, idKey: KeyObject | undefined): string {
  return id.startsWith('ws@') ? `ws@${keyedHash(idKey, 'content-id', id).slice(0, 24)}` : id;
}

const EXT = /\.jsonl?$/;

/** A name Claude made from a working directory (`-home-dev-app`, `C--Users-dev-app`), as it appears in a path or a message. */
const ENCODED_NAME = /(?:^|(?<=[/\s"'`(]))(?:-|[A-Za-z]--)[A-Za-z0-9-]{8,}/g;
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
function encodedNameSecrets(text: string): { start: number; end: number; kind: string }[] {
  const found: { start: number; end: number; kind: string }[] = [];
  for (const m of text.matchAll(ENCODED_NAME)) {
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

/**
 * Secrets in a path, also where a folder name encodes another path: Claude names a project
 * folder after its working directory with every character but letters and digits turned into '-'
 * (a key like `SG.x.y` in it reads `SG-x-y`; see `encodedNameSecrets` for the rest). The variants
 * are as long as the path, so their spans are the path's.
 */
function pathSecrets(path: string): { start: number; end: number; kind: string }[] {
  const found = [path, path.replaceAll('-', '.'), path.replaceAll('-', '/')].flatMap((v, i) => (i > 0 && v === path ? [] : findSecrets(v)));
  if (path.includes('-')) found.push(...encodedNameSecrets(path));
  found.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number; kind: string }[] = [];
  for (const h of found) {
    const last = merged.at(-1);
    if (last && h.start < last.end) last.end = Math.max(last.end, h.end);
    else merged.push({ start: h.start, end: h.end, kind: h.kind });
  }
  return merged;
}

/** `text` with the secrets `pathSecrets` finds marked, for paths printed in messages. */
export function redactPaths(text: string): string {
  const spans = pathSecrets(text);
  let out = '';
  let at = 0;
  for (const h of spans) {
    out += `${text.slice(at, h.start)}[REDACTED:${h.kind}]`;
    at = h.end;
  }
  return out + text.slice(at);
}

/**
 * A transcript path as the store keeps it (checkpoints, streams) and parsers read it: each
 * folder or file name a secret the rules find touches is redacted and tagged with a keyed hash
 * of the original name (its extension kept), so the path stays absolute and unique and its other
 * names (the session uuid in a file name, a project folder) read as before. Other paths are kept
 * as they are; a stored name maps to itself.
 */
export function storedPath(path: string, idKey: KeyObject | undefined): string {
  const spans = pathSecrets(path);
  if (spans.length === 0) return path;
  const names: string[] = [];
  let start = 0;
  for (const name of path.split('/')) {
    const end = start + name.length;
    const hits = spans.filter((h) => h.start < end && h.end > start);
    if (hits.length === 0) names.push(name);
    else {
      // The name with every part of a secret in it marked (a secret may span a '/').
      let red = '';
      let at = start;
      for (const h of hits) {
        const from = Math.max(h.start, at);
        red += `${path.slice(at, from)}[REDACTED:${h.kind}]`;
        at = Math.min(Math.max(h.end, at), end);
      }
      red += path.slice(at, end);
      const ext = EXT.exec(name)?.[0] ?? '';
      const stem = ext && red.endsWith(ext) ? red.slice(0, red.length - ext.length) : red;
      names.push(`${stem}~${keyedHash(idKey, 'path', name).slice(0, 16)}${ext && red.endsWith(ext) ? ext : ''}`);
    }
    start = end + 1;
  }
  return names.join('/');
}
