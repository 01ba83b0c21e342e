import assert from 'node:assert/strict';
import fs, { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../core/config.ts';
import { salvageRaw } from './salvage.ts';
import { initStore } from './store.ts';

test('a repair without room for its copy says the disk is full and how much it needs, not that the records are damaged (a bad-input review)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracebase-salvage-full-'));
  const copy = fs.copyFileSync;
  try {
    const config = resolveConfig({ TRACE_HOME: join(dir, 'store'), HOME: dir });
    initStore(config);
    // Cut short mid-page: the repair first copies it padded to whole pages.
    truncateSync(config.dbFile, statSync(config.dbFile).size - 100);
    fs.copyFileSync = (() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, copyfile'), { code: 'ENOSPC' });
    }) as typeof fs.copyFileSync;
    syncBuiltinESMExports();
    assert.throws(() => salvageRaw(config), (e: { code?: string; message?: string; hint?: string }) => {
      assert.equal(e.code, 'DISK_FULL');
      assert.match(e.message ?? '', /The disk is full while repairing the store: the repair copies the records of .* into a new file beside it/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(config.home).sort(), ['key', 'store.db'], 'nothing left behind');
  } finally {
    fs.copyFileSync = copy;
    syncBuiltinESMExports();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a repair that fails for another reason says so, whatever the free space (a diff review)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracebase-salvage-other-'));
  const copy = fs.copyFileSync;
  const statfs = fs.statfsSync;
  try {
    const config = resolveConfig({ TRACE_HOME: join(dir, 'store'), HOME: dir });
    initStore(config);
    truncateSync(config.dbFile, statSync(config.dbFile).size - 100);
    fs.copyFileSync = (() => {
      throw Object.assign(new Error('EIO: i/o error, copyfile'), { code: 'EIO' });
    }) as typeof fs.copyFileSync;
    // Less free than a copy of store.db would take.
    fs.statfsSync = ((p: fs.PathLike) => ({ ...statfs(p), bavail: 0 })) as typeof fs.statfsSync;
    syncBuiltinESMExports();
    assert.throws(() => salvageRaw(config), (e: { code?: string; message?: string }) => e.code === 'STORE_UNREADABLE' && /EIO/.test(e.message ?? ''));
  } finally {
    fs.copyFileSync = copy;
    fs.statfsSync = statfs;
    syncBuiltinESMExports();
    rmSync(dir, { recursive: true, force: true });
  }
});
