import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { isTracebaseError, translateFsError } from './errors.ts';

/** The error SQLite really throws for `sql` on a fresh database prepared by `setup`. */
function sqliteError(setup: string, sql: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'tb-err-'));
  const db = new DatabaseSync(join(dir, 'x.db'));
  try {
    db.exec(setup);
    db.exec(sql);
    return undefined;
  } catch (e) {
    return e;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test("SQLite's own disk-full error says the disk is full and what to do, like ENOSPC", () => {
  // A page limit makes SQLite fail exactly as on a full disk (SQLITE_FULL).
  const full = sqliteError('CREATE TABLE t (x BLOB); PRAGMA max_page_count = 8;', "INSERT INTO t VALUES (randomblob(100000))");
  assert.equal((full as { errcode?: number }).errcode, 13, String(full));
  const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  // What node:sqlite throws when store.db-shm cannot grow on a full disk (seen on a full tmpfs:
  // every command that opens the store meets it).
  const shm = Object.assign(new Error('disk I/O error'), { code: 'ERR_SQLITE_ERROR', errcode: 4874, errstr: 'disk I/O error' });
  for (const raw of [full, enospc, shm]) {
    const e = translateFsError(raw, 'writing to the store');
    assert.ok(isTracebaseError(e), String(e));
    assert.equal(e.code, 'DISK_FULL');
    assert.match(e.message, /disk is full while writing to the store/);
    assert.match(e.hint ?? '', /Free some space and run the same command again/);
  }
});

test('other SQLite errors are left as they are', () => {
  const e = sqliteError('CREATE TABLE t (x INTEGER UNIQUE)', 'INSERT INTO t VALUES (1), (1)');
  assert.equal(translateFsError(e, 'x'), e);
});

test('a read-only file system is named as such, not as a permission or a damaged file', () => {
  const raw = Object.assign(new Error("EROFS: read-only file system, access '/mnt/backup/.traces'"), { code: 'EROFS', path: '/mnt/backup/.traces' });
  const e = translateFsError(raw, 'opening the store');
  assert.ok(isTracebaseError(e));
  assert.match(e.message, /read-only file system/);
  assert.match(e.hint ?? '', /Remount the disk read-write, or copy the whole store directory/);
});

test('a write lock held past the busy timeout (a long index) is named, with what to do, not called a bug', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-err-'));
  const file = join(dir, 'x.db');
  const holder = new DatabaseSync(file);
  const waiter = new DatabaseSync(file, { timeout: 50 });
  try {
    holder.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (x)');
    holder.exec('BEGIN IMMEDIATE');
    let raw: unknown;
    try {
      waiter.exec('BEGIN IMMEDIATE');
    } catch (e) {
      raw = e;
    }
    assert.equal((raw as { errcode?: number }).errcode, 5, String(raw));
    const e = translateFsError(raw, 'writing to the store');
    assert.ok(isTracebaseError(e), String(e));
    assert.equal(e.code, 'STORE_LOCKED');
    assert.match(e.message, /kept the store busy .* while writing to the store/);
    assert.match(e.hint ?? '', /Wait for it to finish/);
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
    waiter.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a write the file system refuses (SQLITE_IOERR_WRITE, EFBIG, EIO) stops with what to do, as a full disk does', () => {
  for (const raw of [
    Object.assign(new Error('disk I/O error'), { code: 'ERR_SQLITE_ERROR', errcode: 778, errstr: 'disk I/O error' }),
    Object.assign(new Error('EFBIG: file too large, write'), { code: 'EFBIG' }),
    Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }),
  ]) {
    const e = translateFsError(raw, 'writing to the store');
    assert.ok(isTracebaseError(e), String(e));
    assert.equal(e.code, 'DISK_FULL');
    assert.match(e.message, /The disk refused a write while writing to the store .*ulimit -f/);
    assert.match(e.hint ?? '', /run the same command again/);
  }
});

test("damage the full-text index meets (SQLITE_CORRUPT_VTAB, `fts5: corruption found …`) is the store's damage, with the way back, in the CLI and the API (a new-user pass: \"a bug\", a 500 INTERNAL)", async () => {
  const fts = Object.assign(new Error('fts5: corruption found reading blob 2336462209224 from table "events_fts"'), { code: 'ERR_SQLITE_ERROR', errcode: 267, errstr: 'database disk image is malformed' });
  const e = translateFsError(fts, 'searching');
  assert.ok(isTracebaseError(e));
  assert.equal(e.code, 'STORE_UNREADABLE');
  assert.match(e.message, /^The store database is damaged \(fts5: corruption found/);
  assert.match(e.hint ?? '', /Run `tracebase index`/);
  const { errorResponse } = await import('../server/errors.ts');
  const lines: string[] = [];
  const r = errorResponse(fts, (l) => lines.push(l));
  assert.equal(r.body.error.code, 'STORE_UNREADABLE');
  assert.match(r.body.error.message, /Run `tracebase index`/);
});
