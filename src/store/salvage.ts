// When the index half of store.db is damaged beyond `DROP TABLE` (SQLite reports the database
// malformed), the raw half — the truth — is copied into a fresh file, which replaces store.db;
// the damaged file is kept beside it. `tracebase index` then rebuilds the index as usual.
import { closeSync, existsSync, openSync, renameSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { Config } from '../core/config.ts';
import { TracebaseError } from '../core/errors.ts';
import { FTS_SETTINGS, INDEX_DDL, RAW_DDL, RAW_TABLES } from './schema.ts';

/** Whether `e` (or what it wraps) is SQLite saying the database file is damaged. */
export function isDamaged(e: unknown): boolean {
  for (let x = e as { errcode?: number; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    if (x.errcode === 11) return true;
  }
  return false;
}

/** Copies the raw tables into a new store.db; returns where the damaged file was moved. */
export function salvageRaw(config: Config): string {
  const fresh = `${config.dbFile}.salvage`;
  for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) rmSync(f, { force: true });
  closeSync(openSync(fresh, 'wx', 0o600));
  const db = new DatabaseSync(fresh);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(RAW_DDL);
    db.prepare('ATTACH DATABASE ? AS old').run(config.dbFile);
    db.exec('BEGIN');
    for (const t of RAW_TABLES) db.exec(`INSERT INTO main.${t} SELECT * FROM old.${t}`);
    db.exec('COMMIT');
    db.exec('DETACH DATABASE old');
    db.exec(INDEX_DDL);
    db.exec(FTS_SETTINGS);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } catch (e) {
    db.close();
    for (const f of [fresh, `${fresh}-wal`, `${fresh}-shm`]) rmSync(f, { force: true });
    throw new TracebaseError(
      'STORE_UNREADABLE',
      `The encrypted records in ${config.dbFile} are damaged too (${String((e as Error).message).split('\n')[0]}); the index cannot be rebuilt from them.`,
      'Restore store.db from a backup, or move it aside and run `tracebase init && tracebase import` (your transcripts are untouched). Nothing was changed.',
      { cause: e },
    );
  }
  db.close();
  const damaged = `${config.dbFile}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(config.dbFile, damaged);
  // The old file's journal belongs to it: SQLite would otherwise replay it into the new one.
  for (const s of ['-wal', '-shm']) if (existsSync(`${config.dbFile}${s}`)) renameSync(`${config.dbFile}${s}`, `${damaged}${s}`);
  renameSync(fresh, config.dbFile);
  return damaged;
}
