import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeCorpus } from '../../test/helpers/corpus.ts';
import { tempEnv } from '../../test/helpers/env.ts';
import { resolveConfig } from '../core/config.ts';
import { ensureListIndexes } from '../store/session-list.ts';
import { initStore, openStore, type Store } from '../store/store.ts';
import { findFiles, importFiles } from './import.ts';
import { rebuildIndex } from './rebuild.ts';

const hasListIndex = (store: Store): boolean =>
  store.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'events_rowid_sid'").get() !== undefined;

test("`tracebase index` keeps the dashboard's list index when the store had it, and adds none otherwise", () => {
  const t = tempEnv();
  try {
    writeCorpus(t.dir, 2, 20);
    const config = resolveConfig(t.env);
    initStore(config);
    const store = openStore(config);
    try {
      const roots = { codex: [join(t.dir, 'codex', 'sessions')], claude: [join(t.dir, 'claude', 'projects')] };
      assert.equal(importFiles(store, findFiles(store, { roots }).files).totals.errors, 0);
      rebuildIndex(store);
      assert.equal(hasListIndex(store), false);
      ensureListIndexes(store);
      const events = rebuildIndex(store).events;
      assert.ok(events > 0);
      assert.equal(hasListIndex(store), true);
    } finally {
      store.close();
    }
  } finally {
    t.cleanup();
  }
});
