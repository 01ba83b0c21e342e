// Names the store keeps in the clear that come from the data or the file system: session ids
// (keys of the index) and transcript paths (keys of the checkpoints). A secret in one is not
// marked in place, which would make two names one, but replaced together with a keyed hash of
// the original: the same name for the same original every time, so lookups and links hold.
import { createHash, createHmac, type KeyObject } from 'node:crypto';
import { redactText } from '../redact/redact.ts';

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
  if (UUID.test(id) || redactText(id) === id) return id;
  return `redacted-${keyedHash(idKey, 'session-id', id).slice(0, 24)}`;
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

/**
 * A transcript path as the store keeps it (checkpoints, streams) and parsers read it: each
 * folder or file name holding a secret is redacted and tagged with a keyed hash of the original
 * (its extension kept), so the path stays absolute and unique and its other names (the session
 * uuid in a file name, a project folder) read as before. Other paths are kept as they are.
 */
export function storedPath(path: string, idKey: KeyObject | undefined): string {
  const whole = redactText(path);
  if (whole === path) return path;
  const named = path
    .split('/')
    .map((name) => {
      const red = redactText(name);
      if (red === name) return name;
      const ext = EXT.exec(name)?.[0] ?? '';
      const stem = red.endsWith(ext) ? red.slice(0, red.length - ext.length) : red;
      return `${stem}~${keyedHash(idKey, 'path', name).slice(0, 16)}${ext}`;
    })
    .join('/');
  // A secret only its context across folders shows: the whole path is tagged instead.
  return named !== path ? named : `${whole}~${keyedHash(idKey, 'path', path).slice(0, 16)}`;
}
