// When store.db is damaged where `tracebase index` cannot repair it in place (index tables too
// damaged to drop, or line identities / checkpoints unreadable), the raw records — the truth —
// are copied into a fresh file, which replaces store.db; the damaged file is kept beside it.
// `tracebase index` then rebuilds the index (and the line identities) as usual.
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statfsSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Config } from '../core/config.ts';
import { isDiskFull, TracebaseError } from '../core/errors.ts';
import { isDamaged } from './damage.ts';
import { copyKnownSecrets } from './known-secrets.ts';
import { copyReadable, readableRows, type RowsRead, restoreMeta } from './salvage-rows.ts';
import { RAW_DDL, RAW_TABLES } from './schema.ts';
import { createIndexTables, REPAIR_PENDING, SUPERSEDED } from './store.ts';

export { damaged, isDamaged } from './damage.ts';

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

/** Takes the write lock of `file` from another connection (imports wait); returns its release,
 * which, once the copy is done (`superseded`), marks the file so: a writer that gets its lock
 * afterwards finds the mark and stops (`beginWrite`), its work then going to the new file. */
function holdWriters(file: string): ((superseded?: boolean) => void) | undefined {
  let lock: DatabaseSync | undefined;
  try {
    lock = new DatabaseSync(file, { timeout: 60_000 });
    lock.exec('BEGIN IMMEDIATE');
    const held = lock;
    return (superseded = false) => {
      try {
        if (!superseded) throw new Error('undo');
        held.prepare('INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)').run(SUPERSEDED, new Date().toISOString());
        held.exec('COMMIT');
      } catch {
        // (A damaged file may take no write: the checks of its file's identity remain.)
        if (held.isTransaction) held.exec('ROLLBACK');
      }
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
/** The room a repair lacks (its copy may need as much as store.db and a padded copy of it), or undefined. */
function roomFor(config: Config): { needMB: number; freeMB: number } | undefined {
  try {
    const need = 2 * statSync(config.dbFile).size;
    const fs = statfsSync(config.home);
    const free = fs.bavail * fs.bsize;
    return free < need ? { needMB: Math.ceil(need / 1e6), freeMB: Math.floor(free / 1e6) } : undefined;
  } catch {
    return undefined;
  }
}

export function salvageRaw(config: Config, opts: { force?: boolean } = {}): Salvage {
  const fresh = `${config.dbFile}.salvage-${process.pid}`;
  // One repair at a time (the repair lock): a fixed name, so one a killed repair left is removed.
  const padded = `${config.dbFile}.padded`;
  const drop = () => {
    for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`, padded]) rmSync(f, { force: true });
  };
  drop();
  // A copy a killed repair left (under its pid: only one repair runs at a time, this one).
  for (const f of readdirSync(config.home)) if (/^store\.db\.salvage-\d+(?:-wal|-shm)?$/.test(f)) rmSync(join(config.home, f), { force: true });
  closeSync(openSync(fresh, 'wx', 0o600));
  const db = new DatabaseSync(fresh);
  const lost: string[] = [];
  const partial = new Map<string, RowsRead>();
  let unreadable = 0;
  let reread: string[] | 'all' = [];
  let metaRead: RowsRead | undefined;
  let writers: ((superseded?: boolean) => void) | undefined;
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
        // OR IGNORE: a damaged unique index can have let a second row with the same key in (a
        // stream recorded twice); its segments are then left out as their stream's are.
        db.exec(`INSERT OR IGNORE INTO main.${t} SELECT * FROM old.${t} WHERE 1`);
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
    if (db.prepare("SELECT 1 FROM old.sqlite_schema WHERE name = 'known_secrets'").get()) {
      try {
        db.exec('BEGIN');
        copyKnownSecrets(db);
        db.exec('COMMIT');
      } catch (e) {
        if (db.isTransaction) db.exec('ROLLBACK');
        if (!isDamaged(e)) throw e;
        lost.push('known_secrets');
      }
    }
    // (Each in a transaction of its own that only writes: a read of the damaged file that fails
    // inside a transaction makes SQLite fail the writes after it too.)
    const orphaned = db.prepare('SELECT 1 FROM main.segments WHERE stream_id NOT IN (SELECT id FROM main.streams) LIMIT 1').get() !== undefined;
    if (partial.size > 0 || orphaned) ({ unreadable, reread } = copyReadable(db, partial, lost, config, opts.force === true));
    if (metaRead) restoreMeta(db, metaRead, config, lost);
    // (A file a repair once set aside, put back by hand, is no set-aside file once copied.)
    db.prepare('DELETE FROM main.meta WHERE k = ?').run(SUPERSEDED);
    db.exec('DETACH DATABASE old');
    const check = (db.prepare('PRAGMA quick_check').get() as { quick_check: string }).quick_check;
    if (check !== 'ok') throw new Error(`the copy does not check out: ${check.split('\n')[0]}`);
    createIndexTables(db);
    // Until the rebuild that follows has filled the index (and the line identities), the copy is
    // no store to read or import into: a repair stopped there is finished by `tracebase index`.
    db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES (?, '1')").run(REPAIR_PENDING);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } catch (e) {
    if (db.isTransaction) db.exec('ROLLBACK');
    db.close();
    writers?.();
    drop();
    if (e instanceof TracebaseError) throw e;
    // Out of room for the copy: a full disk, or a copy or open that failed (SQLITE_CANTOPEN) with
    // less free than the copy needs. Any other failure is what it says, whatever the free space.
    const room = roomFor(config);
    if (isDiskFull(e) || (room && ((e as { errcode?: number }).errcode === 14 || (e as { code?: string }).code === 'ENOSPC'))) {
      throw new TracebaseError(
        'DISK_FULL',
        `The disk is full while repairing the store: the repair copies the records of ${config.dbFile} into a new file beside it${room ? `, about ${room.needMB} MB, and ${room.freeMB} MB are free` : ''}.`,
        'Free some space (about twice the size of store.db) and run `tracebase index` again. Nothing was changed.',
        { cause: e },
      );
    }
    throw new TracebaseError(
      'STORE_UNREADABLE',
      `The encrypted records in ${config.dbFile} are damaged (${String((e as Error).message).split('\n')[0]?.replaceAll(padded, config.dbFile)}), so the index cannot be rebuilt from them.`,
      'Restore store.db from a backup, or move it aside (with its store.db-wal and store.db-shm) and run `tracebase init && tracebase import` (your transcripts are untouched). Nothing was changed.',
      { cause: e },
    );
  }
  db.close();
  // (Released before the files move: the last connection to close takes its journal with it. A
  // writer that gets the old file's lock afterwards finds it marked superseded, and stops.)
  writers?.(true);
  rmSync(padded, { force: true });
  const kept = `${config.dbFile}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(config.dbFile, kept);
  // The old file's journal belongs to it: SQLite would otherwise replay it into the new one.
  for (const s of ['-wal', '-shm']) if (existsSync(`${config.dbFile}${s}`)) renameSync(`${config.dbFile}${s}`, `${kept}${s}`);
  renameSync(fresh, config.dbFile);
  return { kept, lost, unreadable, reread };
}
