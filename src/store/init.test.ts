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
