// Names the store keeps in the clear that come from the data or the file system: session ids
// (keys of the index) and transcript paths (keys of the checkpoints). A secret in one is not
// marked in place, which would make two names one, but replaced together with a keyed hash of
// the original: the same name for the same original every time, so lookups and links hold.
import { createHash, createHmac, type KeyObject } from 'node:crypto';
import { encodedNameSecrets } from '../redact/encoded-names.ts';
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

/**
 * Secrets in a path, also where a folder name encodes another path: Claude names a project
 * folder after its working directory with every character but letters and digits turned into '-'
 * (a key like `SG.x.y` in it reads `SG-x-y`; see `encodedNameSecrets` for the rest). The variants
 * are as long as the path, so their spans are the path's.
 */
function pathSecrets(path: string): { start: number; end: number; kind: string }[] {
  const found = [path, path.replaceAll('-', '.'), path.replaceAll('-', '/')].flatMap((v, i) => (i > 0 && v === path ? [] : findSecrets(v)));
  if (path.includes('-')) found.push(...encodedNameSecrets(path, ENCODED_NAME));
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
