import assert from 'node:assert/strict';
import fs, { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { resolveConfig } from '../core/config.ts';
import { beginWrite, commitWrite, initStore, openStore } from './store.ts';

test('init works on a file system without hard links (FAT, network mounts): the key and database are copied into place', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracebase-nolink-'));
  const link = fs.linkSync;
  fs.linkSync = () => {
    throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
  };
  syncBuiltinESMExports();
  try {
    const config = resolveConfig({ TRACE_HOME: join(dir, 'store'), HOME: dir });
    assert.equal(initStore(config).created, true);
    assert.deepEqual(readdirSync(config.home).sort(), ['key', 'store.db'], 'no temporary file left');
    openStore(config).close();
    assert.equal(initStore(config).created, false, 'a second init verifies it');
  } finally {
    fs.linkSync = link;
    syncBuiltinESMExports();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('init on a read-only file system says so (a recursive mkdir reports ENOENT there), not "a bug"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracebase-rofs-'));
  const mkdir = fs.mkdirSync;
  fs.mkdirSync = ((path: fs.PathLike, opts?: fs.MakeDirectoryOptions) => {
    if (!String(path).startsWith(dir)) return mkdir(path, opts);
    throw opts?.recursive
      ? Object.assign(new Error(`ENOENT: no such file or directory, mkdir '${String(path)}'`), { code: 'ENOENT' })
      : Object.assign(new Error(`EROFS: read-only file system, mkdir '${String(path)}'`), { code: 'EROFS' });
  }) as typeof fs.mkdirSync;
  syncBuiltinESMExports();
  try {
    const config = resolveConfig({ TRACE_HOME: join(dir, 'store'), HOME: dir });
    assert.throws(() => initStore(config), (e: { code?: string; message?: string }) => {
      assert.equal(e.code, 'STORE_UNREADABLE');
      assert.match(e.message ?? '', /read-only file system/);
      return true;
    });
  } finally {
    fs.mkdirSync = mkdir;
    syncBuiltinESMExports();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('init beside the journal of a store.db that was moved aside moves that journal aside too: SQLite would replay it into the new store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracebase-orphan-wal-'));
  try {
    const config = resolveConfig({ TRACE_HOME: join(dir, 'store'), HOME: dir });
    initStore(config);
    // A store killed mid-write leaves its write-ahead log: captured here while a writer holds it.
    const db = new DatabaseSync(config.dbFile);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE filler (x BLOB)');
    for (let i = 0; i < 200; i++) db.prepare('INSERT INTO filler VALUES (randomblob(4000))').run();
    const wal = readFileSync(`${config.dbFile}-wal`);
    db.close();
    // As a damage message advises: store.db moved aside (its journal left behind), then init.
    renameSync(config.dbFile, join(dir, 'store.db.damaged'));
    writeFileSync(`${config.dbFile}-wal`, wal);
    rmSync(`${config.dbFile}-shm`, { force: true });
    const r = initStore(config);
    assert.equal(r.created, true);
    assert.equal(r.movedAside?.length, 1);
    assert.match(r.movedAside![0]!, /store\.db\.left-\d{8}T\d{6}-wal$/);
    assert.deepEqual(readFileSync(r.movedAside![0]!), wal, 'kept, not deleted');
    const store = openStore(config);
    try {
      assert.equal((store.db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
      assert.equal(store.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'filler'").get()?.['n'], 0, "none of the other store's pages");
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files an init killed midway left (an extra copy of the key among them) are removed by the next init, not those of one still running (a bad-input pass)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracebase-initleft-'));
  try {
    const config = resolveConfig({ TRACE_HOME: join(dir, 'store'), HOME: dir });
    fs.mkdirSync(config.home, { mode: 0o700 });
    // A pid no process has (past the kernel's maximum), and this process's parent, which runs.
    const dead = ['key.init-4194305-0a1b2c3d', 'store.db.init-4194305-0a1b2c3d', 'store.db.init-4194305-0a1b2c3d-wal', 'store.db.init-4194305-0a1b2c3d-shm'];
    const alive = `key.init-${process.ppid}-deadbeef`;
    const old = new Date(Date.now() - 120_000);
    for (const f of [...dead, alive]) {
      writeFileSync(join(config.home, f), 'x');
      fs.utimesSync(join(config.home, f), old, old);
    }
    // One of a dead process but just written (an init in another container sharing the folder): kept.
    const recent = 'key.init-4194306-0a1b2c3d';
    writeFileSync(join(config.home, recent), 'x');
    assert.equal(initStore(config).created, true);
    assert.deepEqual(readdirSync(config.home).sort(), [alive, recent, 'key', 'store.db'].sort());
    rmSync(join(config.home, alive));
    rmSync(join(config.home, recent));
    writeFileSync(join(config.home, dead[0]!), 'x');
    fs.utimesSync(join(config.home, dead[0]!), old, old);
    assert.equal(initStore(config).created, false);
    assert.deepEqual(readdirSync(config.home).sort(), ['key', 'store.db'], 'also beside a store already made');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('store.db deleted while a command runs: its write is undone, and the message says so, not that a repair replaced it (a new-user pass)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracebase-gone-'));
  try {
    const config = resolveConfig({ TRACE_HOME: join(dir, 'store'), HOME: dir });
    initStore(config);
    const store = openStore(config);
    try {
      for (const f of readdirSync(config.home)) if (f.startsWith('store.db')) rmSync(join(config.home, f));
      const write = () => {
        beginWrite(store);
        store.db.exec("INSERT INTO meta (k, v) VALUES ('x', 'y')");
        commitWrite(store);
      };
      assert.throws(write, (e: { code?: string; message?: string }) => e.code === 'STORE_UNREADABLE' && /was deleted or moved away while this ran/.test(e.message ?? ''));
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('init under a link to nowhere, or under /proc, names the folder that cannot be made, and stops (a new-user pass: "a bug", and a loop forever at full CPU)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracebase-mkdir-'));
  try {
    symlinkSync(join(dir, 'gone'), join(dir, 'link'));
    for (const home of [join(dir, 'link', 'store'), join(dir, 'link')]) {
      assert.throws(() => initStore(resolveConfig({ TRACE_HOME: home, HOME: dir })), (e: { code?: string; message?: string; hint?: string }) => {
        assert.equal(e.code, 'STORE_UNREADABLE');
        assert.equal(e.message, `${join(dir, 'link')} is a symbolic link to ${join(dir, 'gone')}, which does not exist: the store's folder cannot be made there.`);
        return true;
      });
    }
    assert.equal(existsSync(join(dir, 'gone')), false, 'nothing made');
    if (existsSync('/proc/self')) {
      assert.throws(() => initStore(resolveConfig({ TRACE_HOME: '/proc/tracebase-none/store', HOME: dir })), (e: { code?: string; message?: string }) => {
        assert.equal(e.code, 'STORE_UNREADABLE');
        assert.match(e.message ?? '', /\/proc\/tracebase-none cannot be made/, 'as root: takes no new folders; as a user: may not be written');
        return true;
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
