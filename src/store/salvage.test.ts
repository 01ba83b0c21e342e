import assert from 'node:assert/strict';
import fs, { mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Config, resolveConfig } from '../core/config.ts';
import { salvageRaw } from './salvage.ts';
import { initStore } from './store.ts';

/** A store cut short mid-page (the repair first copies it padded to whole pages), whose copy
 * fails with `code`; `freeBytes`: what the disk says is free. */
function withFailingCopy(code: string, freeBytes: number | undefined, fn: (config: Config) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'tracebase-salvage-'));
  const copy = fs.copyFileSync;
  const statfs = fs.statfsSync;
  try {
    const config = resolveConfig({ TRACE_HOME: join(dir, 'store'), HOME: dir });
    initStore(config);
    truncateSync(config.dbFile, statSync(config.dbFile).size - 100);
    fs.copyFileSync = (() => {
      throw Object.assign(new Error(`${code}: copyfile`), { code });
    }) as typeof fs.copyFileSync;
    if (freeBytes !== undefined) fs.statfsSync = ((p: fs.PathLike) => ({ ...statfs(p), bavail: Math.floor(freeBytes / statfs(p).bsize) })) as typeof fs.statfsSync;
    syncBuiltinESMExports();
    fn(config);
  } finally {
    fs.copyFileSync = copy;
    fs.statfsSync = statfs;
    syncBuiltinESMExports();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a repair without room for its copy says the disk is full and how much it needs, not that the records are damaged (a bad-input review)', () => {
  withFailingCopy('ENOSPC', undefined, (config) => {
    assert.throws(() => salvageRaw(config), (e: { code?: string; message?: string }) => {
      assert.equal(e.code, 'DISK_FULL');
      assert.match(e.message ?? '', /The disk is full while repairing the store: the repair copies the records of .* into a new file beside it/);
      return true;
    });
    assert.deepEqual(fs.readdirSync(config.home).sort(), ['key', 'store.db'], 'nothing left behind');
  });
});

test('a repair that fails for another reason says so, whatever the free space (a diff review)', () => {
  // Less free than a copy of store.db would take.
  withFailingCopy('EIO', 0, (config) => {
    assert.throws(() => salvageRaw(config), (e: { code?: string; message?: string }) => e.code === 'STORE_UNREADABLE' && /EIO/.test(e.message ?? ''));
  });
});
