// Secrets one transcript taught, found in every other. A transcript's memory (SecretMemory) learns a
// value where its context shows it (`DB_PASSWORD=Xk9…` in a `.env` one session read); the same value
// pasted bare into another session has no context there. So each value a transcript's memory learns
// and chases (see ingest/late-secrets.ts) is also kept store-wide, sealed, in `known_secrets`: every
// transcript's memory looks through the store's (`SecretMemory.shareWith`), and other transcripts'
// events already indexed with a copy are redacted again (late-secrets.ts). `tracebase index` learns
// the values again in the order the lines were stored, as the imports did, so both agree; the values
// of a purged transcript stay (their copies elsewhere stay redacted).
import { createHmac } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { isTracebaseError } from '../core/errors.ts';
import { SecretMemory, STORE_MEMORY_MAX } from '../redact/memory.ts';
import type { Store } from './store.ts';

const DDL = 'CREATE TABLE IF NOT EXISTS known_secrets (seq INTEGER PRIMARY KEY, h BLOB NOT NULL UNIQUE, stream_id INTEGER, sealed BLOB NOT NULL)';

interface Known {
  memory: SecretMemory;
  /** The last row read or written. */
  seq: number;
  /** Every value, in the order it became known here (what the import worker is sent). */
  list: [string, string][];
  /** The table is known to exist. */
  table: boolean;
  /** Values another importer kept, read since this one last wrote: their copies in what this one wrote are still to redact. */
  unchased: [string, string][];
  /** `seq` before the open write transaction added rows (undone with it: see `readNew`). */
  before?: number;
}

/** The key of the open write transaction's note that it added rows (`Store.deferred`: run at its commit, dropped at a rollback). */
const WROTE = 'known-secrets';

/** Per open store (it goes with it). */
const loaded = new WeakMap<Store, Known>();

const AAD = Buffer.from('known secret\0');
/** The value's row key: keyed with the store's key, so it tells nothing without it. */
const rowKey = (store: Store, value: string): Buffer => createHmac('sha256', store.sealingKey).update(AAD).update(value).digest();

const hasTable = (store: Store): boolean => store.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'known_secrets'").get() !== undefined;

function known(store: Store): Known {
  let k = loaded.get(store);
  if (!k) {
    k = { memory: new SecretMemory(STORE_MEMORY_MAX), seq: 0, list: [], table: false, unchased: [] };
    loaded.set(store, k);
    readNew(store, k);
    // (Those known when it is first read were redacted store-wide by whoever kept them.)
    k.unchased = [];
  }
  return k;
}

/** Rows this process added in a write transaction since rolled back are gone (the table too, if that made it), and
 * their numbers free for another importer's: read again from before them. (Their values stay in the memory: a redone
 * import teaches them again.) */
function afterRollback(store: Store, k: Known): void {
  if (k.before === undefined || store.deferred.has(WROTE)) return;
  k.seq = k.before;
  k.before = undefined;
  k.table = hasTable(store);
}

/** Reads the rows written since `k` last looked (by another importer, or all of them at first) into it. Returns their values. */
function readNew(store: Store, k: Known): [string, string][] {
  afterRollback(store, k);
  if (!k.table) k.table = hasTable(store);
  if (!k.table) return [];
  const rows = store.statement('SELECT seq, h, sealed FROM known_secrets WHERE seq > ? ORDER BY seq').all(k.seq) as { seq: number; h: Uint8Array; sealed: Uint8Array }[];
  const out: [string, string][] = [];
  for (const r of rows) {
    k.seq = r.seq;
    let x: unknown;
    try {
      x = JSON.parse(store.sealer.open(Buffer.concat([AAD, r.h]), Buffer.from(r.sealed)).toString('utf8'));
    } catch (e) {
      // (A row damaged on disk teaches nothing: the transcript that taught it still redacts its own copies.)
      if ((isTracebaseError(e) && e.code === 'RECORD_TAMPERED') || e instanceof SyntaxError) continue;
      throw e;
    }
    if (!Array.isArray(x) || typeof x[0] !== 'string' || typeof x[1] !== 'string') continue;
    out.push([x[0], x[1]]);
  }
  for (const [v, kind] of out) k.memory.add(v, kind);
  k.memory.takeLearned();
  k.list.push(...out);
  k.unchased.push(...out);
  return out;
}

/** The store's memory of secrets every transcript taught, for a transcript's memory to look through. `fresh`:
 * with what other processes kept since it was read (a long-running `serve` deriving a whole text). */
export function storeMemory(store: Store, fresh = false): SecretMemory {
  const k = known(store);
  if (fresh) readNew(store, k);
  return k.memory;
}

/** The values the store knows from `sent` on (in the order it learned them), and where the list ends now. */
export function knownSince(store: Store, sent: number): { values: [string, string][]; end: number } {
  const k = known(store);
  return { values: k.list.slice(sent), end: k.list.length };
}

/**
 * Inside the write transaction that stored the lines of `streamId` that taught `learned`: keeps them
 * store-wide. Returns the values to redact in other transcripts' events: those new to the store, and
 * those another importer kept since this one last looked.
 */
export function keepStoreWide(store: Store, streamId: number, learned: readonly [string, string][]): [string, string][] {
  const k = known(store);
  readNew(store, k);
  const out = k.unchased;
  k.unchased = [];
  if (learned.length === 0) return out;
  if (!store.deferred.has(WROTE)) {
    k.before = k.seq;
    store.deferred.set(WROTE, {
      run() {
        k.before = undefined;
      },
    });
  }
  store.db.exec(DDL);
  k.table = true;
  const insert = store.statement('INSERT OR IGNORE INTO known_secrets (h, stream_id, sealed) VALUES (?, ?, ?)');
  for (const [v, kind] of learned) {
    const h = rowKey(store, v);
    const r = insert.run(h, streamId, store.sealer.seal(Buffer.concat([AAD, h]), Buffer.from(JSON.stringify([v, kind]), 'utf8')));
    if (r.changes > 0) {
      k.seq = Number(r.lastInsertRowid);
      out.push([v, kind]);
      k.list.push([v, kind]);
    }
    k.memory.add(v, kind);
  }
  k.memory.takeLearned();
  // (The oldest go past the memory's room, as they go from the memory.)
  store.statement('DELETE FROM known_secrets WHERE seq <= ?').run(k.seq - STORE_MEMORY_MAX);
  return out;
}

/** Whether another importer kept values since this one last looked (cheap: for every write). */
export function othersKept(store: Store): boolean {
  const k = loaded.get(store);
  // (Not loaded: nothing this process read depends on it yet; it is loaded for the first transcript read.)
  if (!k) return false;
  if (k.unchased.length) return true;
  afterRollback(store, k);
  if (!k.table) k.table = hasTable(store);
  return k.table && store.statement('SELECT 1 FROM known_secrets WHERE seq > ? LIMIT 1').get(k.seq) !== undefined;
}

/** A purged transcript's values stay known (a copy in another session stays redacted), as taught by no transcript. */
export function keepAfterPurge(store: Store, streamId: number): void {
  if (hasTable(store)) store.statement('UPDATE known_secrets SET stream_id = NULL WHERE stream_id = ?').run(streamId);
}

/**
 * For `tracebase index`, inside its write transaction: forgets the values the transcripts it reads again
 * (all but `kept`: those it reads only in part) taught, to learn them again in order. The rest (of purged
 * transcripts, or of ones that lost lines) stay known from the start.
 */
export function relearnStoreWide(store: Store, kept: ReadonlySet<number>): void {
  loaded.delete(store);
  if (!hasTable(store)) return;
  const ids = store.db.prepare('SELECT DISTINCT stream_id AS id FROM known_secrets WHERE stream_id IS NOT NULL').all() as { id: number }[];
  const drop = store.statement('DELETE FROM known_secrets WHERE stream_id = ?');
  for (const { id } of ids) if (!kept.has(id)) drop.run(id);
}

/** For a repair's copy of the raw tables (the damaged file attached as `old`): the values kept, with their numbers
 * (the rebuild that follows learns the stored transcripts' again; a purged transcript's live only here). */
export function copyKnownSecrets(db: DatabaseSync): void {
  db.exec(DDL);
  // `WHERE 1`: row by row, so a damaged page fails the copy rather than being carried over.
  db.exec('INSERT OR IGNORE INTO main.known_secrets SELECT * FROM old.known_secrets WHERE 1');
}

/** After a rolled-back write: what the store knows is read again from its rows. */
export function forgetLoaded(store: Store): void {
  loaded.delete(store);
}
