// Per-file checkpoints: where the last committed line ended, the parser state there, and
// fingerprints that tell an appended file from a shrunk or replaced one.
import { createHash, createHmac, type KeyObject } from 'node:crypto';
import { readSync } from 'node:fs';
import type { Store } from '../store/store.ts';

export interface Checkpoint {
  path: string;
  provider: string;
  stream_id: number;
  size: number;
  mtime_ms: number;
  ino: number;
  offset: number;
  head_hash: string;
  tail_hash: string;
  glued_tail: number;
  state: string;
  lines: number;
  malformed: number;
  unknown: number;
  oversized: number;
}

const PROBE = 4096;

function hashRange(fd: number, start: number, len: number, idKey: KeyObject | undefined): string {
  if (len <= 0) return '';
  const buf = Buffer.alloc(len);
  const n = readSync(fd, buf, 0, len, start);
  return (idKey ? createHmac('sha256', idKey) : createHash('sha256')).update(buf.subarray(0, n)).digest('base64').slice(0, 22);
}

/** Fingerprints of the bytes before `offset`: its first and last few KB (keyed like line identities). */
export function fingerprints(fd: number, offset: number, idKey: KeyObject | undefined): { head: string; tail: string } {
  const len = Math.min(PROBE, offset);
  return { head: hashRange(fd, 0, len, idKey), tail: hashRange(fd, offset - len, len, idKey) };
}

/**
 * The parser state holds pieces of transcript text (a pending Task prompt, a session's cwd), so
 * it is stored sealed like the raw lines, bound to its file's path. A store written before this
 * holds it plain; that is read as is and sealed at the next commit.
 */
const SEALED = 'sealed:';
const stateAad = (path: string): Buffer => Buffer.from(`state\0${path}`);
const sealState = (store: Store, path: string, state: string): string =>
  SEALED + store.sealer.seal(stateAad(path), Buffer.from(state, 'utf8')).toString('base64');
const openState = (store: Store, path: string, stored: string): string =>
  stored.startsWith(SEALED) ? store.sealer.open(stateAad(path), Buffer.from(stored.slice(SEALED.length), 'base64')).toString('utf8') : stored;

/**
 * The checkpoint of `path`. One whose sealed state fails authentication (modified on disk) is
 * no checkpoint (nor one garbled so that it reads as unsealed): the file is read again from its
 * start, and lines already stored are skipped.
 */
export function readCheckpoint(store: Store, path: string): Checkpoint | undefined {
  const cp = store.statement('SELECT * FROM sources WHERE path = ?').get(path) as Checkpoint | undefined;
  if (!cp) return undefined;
  try {
    const state = openState(store, path, cp.state);
    // A state garbled on disk where it reads as an unsealed one (from before states were sealed) is no state either.
    JSON.parse(state);
    return { ...cp, state };
  } catch (e) {
    if ((e as { code?: string }).code === 'RECORD_TAMPERED' || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

export function writeCheckpoint(store: Store, cp: Checkpoint): void {
  store
    .statement(
      `INSERT OR REPLACE INTO sources (path, provider, stream_id, size, mtime_ms, ino, offset, head_hash, tail_hash, glued_tail,
        state, lines, malformed, unknown, oversized, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    )
    .run(
      cp.path, cp.provider, cp.stream_id, cp.size, cp.mtime_ms, cp.ino, cp.offset, cp.head_hash, cp.tail_hash,
      cp.glued_tail, sealState(store, cp.path, cp.state), cp.lines, cp.malformed, cp.unknown, cp.oversized, new Date().toISOString(),
    );
}

/** Same committed position and parser state: nobody else advanced this file meanwhile. */
export const sameCheckpoint = (a: Checkpoint | undefined, b: Checkpoint | undefined): boolean =>
  a === b || (!!a && !!b && a.offset === b.offset && a.head_hash === b.head_hash && a.state === b.state && a.size === b.size);
