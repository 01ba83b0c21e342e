import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeCorpus } from '../../test/helpers/corpus.ts';
import { cliAsync } from '../../test/helpers/env.ts';
import { withTempStore, withTempStoreAsync } from '../../test/helpers/store.ts';
import { ensureListIndexes } from '../store/session-list.ts';
import { listSessions } from '../store/queries.ts';
import { groupTx, type Store } from '../store/store.ts';
import { importFile } from './import-file.ts';
import { findFiles, importFiles } from './import.ts';
import { rebuildIndex } from './rebuild.ts';

const hasListIndex = (store: Store): boolean =>
  store.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'events_rowid_sid'").get() !== undefined;

/** A small corpus imported into a fresh store. */
const corpusRoots = (dir: string) => {
  writeCorpus(dir, 2, 20);
  return { codex: [join(dir, 'codex', 'sessions')], claude: [join(dir, 'claude', 'projects')] };
};

test("`tracebase index` keeps the dashboard's list index when the store had it, and adds none otherwise", () => {
  withTempStore((store, dir) => {
    assert.equal(importFiles(store, findFiles(store, { roots: corpusRoots(dir) }).files).totals.errors, 0);
    rebuildIndex(store);
    assert.equal(hasListIndex(store), false);
    ensureListIndexes(store);
    const events = rebuildIndex(store).events;
    assert.ok(events > 0);
    assert.equal(hasListIndex(store), true);
  });
});

test('`tracebase index` started while an import holds the write lock rebuilds what that import commits', async () => {
  await withTempStoreAsync(async (store, dir, env) => {
    const files = findFiles(store, { roots: corpusRoots(dir) }).files;
    // An import in the middle of its write transaction: new transcripts, not committed yet.
    const tx = groupTx(store, Number.MAX_SAFE_INTEGER);
    for (const f of files) importFile(store, f.adapter, f.path, { tx });
    const { done } = cliAsync(env, ['index']);
    // Long enough for `index` to start and wait on the lock (it used to read the transcripts
    // it knew of first, and then skip the segments of every one it did not).
    await new Promise((r) => setTimeout(r, 1500));
    tx.flush();
    assert.equal((await done).code, 0);
    assert.equal(listSessions(store, { limit: 100 }).length, files.length);
  });
});
