import assert from 'node:assert/strict';
import fs, { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../core/config.ts';
import { initStore, openStore } from './store.ts';

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
