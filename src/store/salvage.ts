// When store.db is damaged where `tracebase index` cannot repair it in place (index tables too
// damaged to drop, or line identities / checkpoints unreadable), the raw records — the truth —
// are copied into a fresh file, which replaces store.db; the damaged file is kept beside it.
// `tracebase index` then rebuilds the index (and the line identities) as usual.
import { closeSync, copyFileSync, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { Config } from '../core/config.ts';
import { TracebaseError } from '../core/errors.ts';
import { createSealer, keyCheck, keyFingerprint } from './crypto.ts';
import { type SegmentRow, segmentOpens } from './raw.ts';
import { transcriptOnDisk } from './reread.ts';
import { RAW_DDL, RAW_TABLES, SCHEMA_VERSION } from './schema.ts';
import { configuredKey, createIndexTables } from './store.ts';

/** SQLITE_CORRUPT */
const CORRUPT = 11;

/** Whether `e` (or what it wraps) is SQLite saying the database file is damaged. */
export function isDamaged(e: unknown): boolean {
  for (let x = e as { errcode?: number; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    if (x.errcode === CORRUPT) return true;
  }
  return false;
}

/** The error for damage found by a check rather than by a failing statement. */
export const damaged = (what: string): Error => Object.assign(new Error(what), { errcode: CORRUPT });

/** Raw tables that can be rebuilt when unreadable: line identities (from the sealed segments,
 * by `tracebase index`) and checkpoints (the next import re-reads every file; stored lines are skipped). */
const REBUILDABLE = new Set<string>(['line_ids', 'sources', 'purged']);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Runs `fn` while holding the store's repair lock (one repair at a time). */
export function withRepairLock<T>(config: Config, fn: () => T): T {
  const lock = `${config.dbFile}.repair.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const pid = Number(readFileSync(lock, 'utf8'));
      // No pid yet: its owner is between creating and writing it.
      if (!(pid > 0) || alive(pid)) {
        throw new TracebaseError(
          'STORE_LOCKED',
          `Another \`tracebase index\`${pid > 0 ? ` (pid ${pid})` : ''} is repairing the store at ${config.home}.`,
          'Wait for it to finish; it rebuilds the index too.',
        );
      }
      rmSync(lock, { force: true }); // left by a repair that died
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

export interface Salvage {
  /** Where the damaged file was moved. */
  kept: string;
  /** Rebuildable tables that could not be read and were left empty. */
  lost: string[];
  /** Encrypted records (segments, parts of long lines, transcript records) that could not be read and were left out. */
  unreadable: number;
  /** The transcripts whose lines left with them (stored paths; `all` when which is not known):
   * their checkpoints are dropped, so the next import reads them again where they are on disk. */
  reread: string[] | 'all';
}

/** Tables of encrypted records copied row by row when a page of them is damaged. */
const RECORD_TABLES = new Set<string>(['streams', 'segments', 'big_parts']);

/** What was read of a damaged table: the rows, the rowids whose lookup failed on damage, and
 * whether a scan stopped at a damaged page. */
interface RowsRead {
  rows: Record<string, unknown>[];
  failed: number[];
  incomplete: boolean;
}

/** Reads `sql` as far as it goes: the rows before the first damaged page, and whether it got there. */
function readUpTo<T>(db: DatabaseSync, sql: string, each: (r: T) => void): boolean {
  try {
    for (const r of db.prepare(sql).iterate() as Iterable<T>) each(r);
    return true;
  } catch (e) {
    if (!isDamaged(e)) throw e;
    return false;
  }
}

/**
 * The rows of `old.<table>` that can be read when some of its pages cannot: a scan from each
 * end (each stops at the first damaged page), and for rowid tables every rowid up to the
 * largest known, looked up one by one (a lookup fails only when its own path is damaged).
 */
function readableRows(db: DatabaseSync, table: string, key: string[], rowid: boolean): RowsRead {
  const rows = new Map<string, Record<string, unknown>>();
  const keyOf = (r: Record<string, unknown>) => JSON.stringify(key.map((c) => r[c]));
  const cols = rowid ? 'rowid AS rowid_, *' : '*';
  let incomplete = false;
  for (const dir of ['ASC', 'DESC']) {
    const sql = `SELECT ${cols} FROM old.${table} ORDER BY ${key.map((c) => `${c} ${dir}`).join(', ')}`;
    if (!readUpTo<Record<string, unknown>>(db, sql, (r) => rows.set(keyOf(r), r))) incomplete = true;
  }
  const failed: number[] = [];
  if (rowid && incomplete) {
    let max = 0;
    for (const r of rows.values()) max = Math.max(max, Number(r['rowid_']));
    // Other places name the largest rowid too: the segments' stream index, the line identities.
    const known =
      table === 'segments'
        ? ['SELECT max(id) AS m FROM old.segments INDEXED BY segments_stream', 'SELECT max(seg) AS m FROM old.line_ids']
        : ['SELECT max(stream_id) AS m FROM old.segments INDEXED BY segments_stream', 'SELECT max(stream_id) AS m FROM old.sources'];
    for (const sql of [`SELECT max(rowid) AS m FROM old.${table}`, ...known]) {
      readUpTo<{ m: number | null }>(db, sql, (r) => (max = Math.max(max, Number(r.m ?? 0))));
    }
    const one = db.prepare(`SELECT ${cols} FROM old.${table} WHERE rowid = ?`);
    for (let id = 1; id <= max; id++) {
      if (rows.has(JSON.stringify([id]))) continue;
      try {
        const r = one.get(id) as Record<string, unknown> | undefined;
        if (r) rows.set(keyOf(r), r);
      } catch (e) {
        if (!isDamaged(e)) throw e;
        failed.push(id);
      }
    }
  }
  for (const r of rows.values()) delete r['rowid_'];
  return { rows: [...rows.values()], failed, incomplete };
}

/** The stream of each segment as the segments' stream index knows it, and whether it was read whole. */
function segmentStreams(db: DatabaseSync): { streamOf: Map<number, number>; whole: boolean } {
  const streamOf = new Map<number, number>();
  let whole = true;
  for (const dir of ['ASC', 'DESC']) {
    const sql = `SELECT id, stream_id FROM old.segments INDEXED BY segments_stream ORDER BY stream_id ${dir}, id ${dir}`;
    if (!readUpTo<{ id: number; stream_id: number }>(db, sql, (r) => streamOf.set(r.id, r.stream_id))) whole = false;
  }
  return { streamOf, whole };
}

/**
 * A file shorter than its header says (its last pages lost, as by a copy cut short): SQLite
 * refuses to read any of it. A copy padded back to that size with empty pages reads again; the
 * lost pages show as damage only where they are used. Returns the copy's path, or undefined.
 */
function paddedCopy(file: string, to: string): string | undefined {
  const head = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, head, 0, 100, 0) < 100 || head.toString('latin1', 0, 15) !== 'SQLite format 3') return undefined;
  } finally {
    closeSync(fd);
  }
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const expected = pageSize * head.readUInt32BE(28);
  const size = statSync(file).size;
  // The header's page count is only valid when its version-valid-for number matches the change
  // counter (as SQLite checks). What is left of a file cut by any amount is read as far as it goes.
  if (!(pageSize >= 512) || head.readUInt32BE(24) !== head.readUInt32BE(92) || size >= expected) return undefined;
  copyFileSync(file, to);
  truncateSync(to, expected);
  return to;
}

/** Takes the write lock of `file` from another connection (imports wait); returns its release. */
function holdWriters(file: string): (() => void) | undefined {
  let lock: DatabaseSync | undefined;
  try {
    lock = new DatabaseSync(file, { timeout: 60_000 });
    lock.exec('BEGIN IMMEDIATE');
    const held = lock;
    return () => {
      held.exec('ROLLBACK');
      held.close();
    };
  } catch {
    lock?.close();
    return undefined;
  }
}

/**
 * Copies the raw tables into a new store.db (call under `withRepairLock`). Encrypted records
 * that cannot be read stop it, naming the transcripts they hold, unless `force`: then they are
 * left out and those transcripts are read again by the next import.
 */
export function salvageRaw(config: Config, opts: { force?: boolean } = {}): Salvage {
  const fresh = `${config.dbFile}.salvage-${process.pid}`;
  // One repair at a time (the repair lock): a fixed name, so one a killed repair left is removed.
  const padded = `${config.dbFile}.padded`;
  const drop = () => {
    for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`, padded]) rmSync(f, { force: true });
  };
  drop();
  closeSync(openSync(fresh, 'wx', 0o600));
  const db = new DatabaseSync(fresh);
  const lost: string[] = [];
  const partial = new Map<string, RowsRead>();
  let unreadable = 0;
  let reread: string[] | 'all' = [];
  let metaRead: RowsRead | undefined;
  let writers: (() => void) | undefined;
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(RAW_DDL);
    const source = paddedCopy(config.dbFile, padded) ?? config.dbFile;
    // The live file is held against writers while it is copied, so every table is read from the
    // same state of it (an import committing meanwhile would leave checkpoints ahead of the
    // records copied). A damaged file SQLite cannot lock is copied as it is.
    if (source === config.dbFile) writers = holdWriters(config.dbFile);
    db.prepare('ATTACH DATABASE ? AS old').run(source);
    for (const t of RAW_TABLES) {
      // Stores made before purge records existed have none to copy.
      if (t === 'purged' && !db.prepare("SELECT 1 FROM old.sqlite_schema WHERE name = 'purged'").get()) continue;
      try {
        db.exec('BEGIN');
        // `WHERE 1` keeps SQLite from copying records verbatim (its transfer optimization), which
        // would carry damaged records over unchecked.
        db.exec(`INSERT INTO main.${t} SELECT * FROM old.${t} WHERE 1`);
        db.exec('COMMIT');
      } catch (e) {
        if (db.isTransaction) db.exec('ROLLBACK');
        if (t === 'meta' && isDamaged(e)) {
          metaRead = readableRows(db, t, ['k'], false);
          continue;
        }
        if (RECORD_TABLES.has(t) && isDamaged(e)) {
          partial.set(t, t === 'big_parts' ? readableRows(db, t, ['stream_id', 'offset', 'part'], false) : readableRows(db, t, ['rowid_'], true));
          continue;
        }
        if (!REBUILDABLE.has(t)) throw e;
        db.exec(`DELETE FROM main.${t}`);
        lost.push(t);
      }
    }
    db.exec('BEGIN');
    if (partial.size > 0) ({ unreadable, reread } = copyReadable(db, partial, lost, config, opts.force === true));
    if (metaRead) restoreMeta(db, metaRead, config, lost);
    db.exec('COMMIT');
    db.exec('DETACH DATABASE old');
    const check = (db.prepare('PRAGMA quick_check').get() as { quick_check: string }).quick_check;
    if (check !== 'ok') throw new Error(`the copy does not check out: ${check.split('\n')[0]}`);
    createIndexTables(db);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } catch (e) {
    if (db.isTransaction) db.exec('ROLLBACK');
    db.close();
    writers?.();
    drop();
    if (e instanceof TracebaseError) throw e;
    throw new TracebaseError(
      'STORE_UNREADABLE',
      `The encrypted records in ${config.dbFile} are damaged (${String((e as Error).message).split('\n')[0]}), so the index cannot be rebuilt from them.`,
      'Restore store.db from a backup, or move it aside and run `tracebase init && tracebase import` (your transcripts are untouched). Nothing was changed.',
      { cause: e },
    );
  }
  db.close();
  writers?.();
  rmSync(padded, { force: true });
  const kept = `${config.dbFile}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(config.dbFile, kept);
  // The old file's journal belongs to it: SQLite would otherwise replay it into the new one.
  for (const s of ['-wal', '-shm']) if (existsSync(`${config.dbFile}${s}`)) renameSync(`${config.dbFile}${s}`, `${kept}${s}`);
  renameSync(fresh, config.dbFile);
  return { kept, lost, unreadable, reread };
}

/**
 * Writes the readable rows of the damaged record tables into the new file. Records that could
 * not be read are counted; the transcripts whose lines left with them lose their checkpoints
 * (the next import reads them again, skipping the lines still stored; every checkpoint when
 * which is not known), and every line identity is derived again from the segments kept, so
 * none names a line that is gone.
 */
function copyReadable(db: DatabaseSync, partial: Map<string, RowsRead>, lost: readonly string[], config: Config, force: boolean): { unreadable: number; reread: string[] | 'all' } {
  const streams = partial.get('streams');
  const segments = partial.get('segments');
  const parts = partial.get('big_parts');
  const rowsOf = (sql: string) => db.prepare(sql).all() as { id: number; stream_id: number }[];
  const streamIds = new Set<number>(streams ? streams.rows.map((r) => Number(r['id'])) : rowsOf('SELECT id, 0 AS stream_id FROM main.streams').map((r) => r.id));
  // A segment whose stream record is gone cannot be opened (its stream key seals it): left out.
  const segs = segments ? segments.rows.map((r) => ({ id: Number(r['id']), stream_id: Number(r['stream_id']) })) : rowsOf('SELECT id, stream_id FROM main.segments');
  const orphans = segs.filter((r) => !streamIds.has(r.stream_id));
  const { streamOf, whole } = segmentStreams(db);
  const lostStreams = new Set<number>([...(streams?.failed ?? []), ...orphans.map((r) => r.stream_id)]);
  // Parts of long lines that could not be read: which transcripts is not known. Nor is it when
  // the checkpoints were lost (every transcript is read again then anyway).
  let unknown = parts?.incomplete === true || lost.includes('sources');
  let lostSegs = 0;
  for (const id of segments?.failed ?? []) {
    const sid = streamOf.get(id);
    if (sid !== undefined) {
      lostStreams.add(sid);
      lostSegs++;
    } else if (!whole) {
      unknown = true;
      lostSegs++;
    } // else no such segment (a whole stream index lists every one): a rowid never used, or purged
  }
  const paths: string[] = [];
  const pathsOf = db.prepare('SELECT path FROM main.sources WHERE stream_id = ?');
  for (const sid of lostStreams) for (const r of pathsOf.all(sid) as { path: string }[]) paths.push(r.path);
  // A stream record counts when something names it: its segments (counted as they are left out)
  // or a checkpoint; a rowid in a damaged page may be one never used, or purged.
  const namedStreams = (streams?.failed ?? []).filter((id) => !orphans.some((o) => o.stream_id === id) && (pathsOf.all(id) as unknown[]).length > 0);
  const unreadable = lostSegs + orphans.length + namedStreams.length + (parts?.incomplete ? 1 : 0);
  if (unreadable > 0 && !force) {
    const which = paths.length && !unknown ? ` They hold lines of ${paths.length === 1 ? 'the transcript' : `${paths.length} transcripts:`} ${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ' and more' : ''}.` : '';
    throw new TracebaseError(
      'STORE_UNREADABLE',
      `${unreadable} of the encrypted records in ${config.dbFile} cannot be read (damaged pages): repairing the store leaves their lines out.${which} Nothing was changed.`,
      'Run `tracebase index --force` to copy out everything else (the damaged file is kept beside the new one, and the next `tracebase import` reads those transcripts again where they are still on disk), or restore store.db from a backup.',
    );
  }
  // (Inside the salvage's transaction.)
  for (const [t, read] of partial) {
    const first = read.rows[0];
    if (!first) continue;
    const cols = Object.keys(first);
    const insert = db.prepare(`INSERT INTO main.${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    for (const r of read.rows) {
      if (t === 'segments' && !streamIds.has(Number(r['stream_id']))) continue;
      insert.run(...(cols.map((c) => r[c]) as never[]));
    }
  }
  const dropSegment = db.prepare('DELETE FROM main.segments WHERE id = ?');
  if (!segments) for (const r of orphans) dropSegment.run(r.id);
  // A stream's lines are replayed in the order their segments were stored: when its transcript
  // can give the lost lines back, its later segments go too, and the import stores all of them
  // again in their order.
  const firstLost = new Map<number, number>();
  for (const id of segments?.failed ?? []) {
    const sid = streamOf.get(id);
    if (sid !== undefined && id < (firstLost.get(sid) ?? Number.POSITIVE_INFINITY)) firstLost.set(sid, id);
  }
  const dropLater = db.prepare('DELETE FROM main.segments WHERE stream_id = ? AND id > ?');
  for (const [sid, id] of firstLost) if (transcriptOnDisk(db, sid)) dropLater.run(sid, id);
  if (unreadable > 0) {
    // Line identities naming lost lines would make the next import skip them: derived again
    // (the rebuild refills an empty table from the segments).
    db.exec('DELETE FROM main.line_ids');
    const dropCheckpoints = db.prepare('DELETE FROM main.sources WHERE stream_id = ?');
    if (unknown) db.exec('DELETE FROM main.sources');
    else for (const sid of lostStreams) dropCheckpoints.run(sid);
  }
  return { unreadable, reread: unknown ? 'all' : paths };
}

/**
 * The store's own record (its key check, how line identities are keyed) when its page is
 * damaged: what can be read is kept; a lost key check is made again from the configured key
 * once that key opens the records (nothing to check against in a store with none); lost
 * settings of the identities make every line identity and checkpoint be derived again.
 */
function restoreMeta(db: DatabaseSync, read: RowsRead, config: Config, lost: string[]): void {
  const put = db.prepare('INSERT OR REPLACE INTO main.meta (k, v) VALUES (?, ?)');
  for (const r of read.rows) put.run(String(r['k']), String(r['v']));
  const has = (k: string) => db.prepare('SELECT 1 FROM main.meta WHERE k = ?').get(k) !== undefined;
  if (!has('key_check')) {
    const key = configuredKey(config);
    const sealer = createSealer(key);
    const sample = db.prepare('SELECT g.*, t.key AS stream_key FROM main.segments g JOIN main.streams t ON t.id = g.stream_id LIMIT 50').all() as unknown as (SegmentRow & { stream_key: string })[];
    if (sample.length > 0 && !sample.some((g) => segmentOpens(sealer, g, g.stream_key))) {
      throw new TracebaseError(
        'KEY_MISMATCH',
        `The key check of the store at ${config.home} is damaged, and the key from ${config.envKey ? 'TRACE_KEY' : config.keyFile} does not open its records: it is not this store's key (or every record is damaged).`,
        'Set TRACE_KEY to (or restore the key file with) the key this store was created with, and run `tracebase index` again. Nothing was changed.',
      );
    }
    put.run('key_check', keyCheck(key));
    put.run('key_fingerprint', keyFingerprint(key));
  }
  if (!has('schema_version')) put.run('schema_version', String(SCHEMA_VERSION));
  if (!has('created_at')) put.run('created_at', new Date().toISOString());
  if (!has('identities')) {
    // Keyed as a new store's: the identities and checkpoints made the other way are derived again.
    put.run('identities', 'hmac-sha256');
    db.exec('DELETE FROM main.line_ids');
    db.exec('DELETE FROM main.sources');
    for (const t of ['line_ids', 'sources']) if (!lost.includes(t)) lost.push(t);
  }
  if (!lost.includes('meta')) lost.push('meta');
}
