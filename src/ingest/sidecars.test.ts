// A subagent's `.meta.json` written after its transcript was imported (an import between the two): the next import takes
// the type it gives, as a one-go import and a rebuild read it (a fuzzer of incremental imports found it left null).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listSessions } from '../store/queries.ts';
import type { Store } from '../store/store.ts';
import { withTempStoreAsync } from '../../test/helpers/store.ts';
import { findFiles, importFiles } from './import.ts';
import { importFilesParallel } from './parallel.ts';
import { rebuildIndex } from './rebuild.ts';

const SRC = join(import.meta.dirname, '../../test/fixtures/claude/projects/-home-dev-app');
const MAIN = '0b7e6f1a-2c3d-4e5f-8a9b-c0d1e2f3a4b5';
const AGENT = 'agent-a1b2c3d4e5f6a7b8c';

const agentTypes = (store: Store) => Object.fromEntries(listSessions(store, { limit: 50 }).filter((s) => s.parentId).map((s) => [s.id, s.agentType]));

for (const parallel of [false, true]) {
  test(`a subagent's meta file written after its transcript was imported gives its type at the next import${parallel ? ' (the worker thread)' : ''}`, async () => {
    await withTempStoreAsync(async (store, dir) => {
      const project = join(dir, 'projects', '-home-dev-app');
      mkdirSync(join(project, MAIN, 'subagents'), { recursive: true });
      const put = (f: string) => copyFileSync(join(SRC, f), join(project, f));
      const run = async () => {
        const files = findFiles(store, { roots: { claude: [join(dir, 'projects')] }, providers: ['claude'] }).files;
        if (parallel) await importFilesParallel(store, files, { workerHeapMb: 32 });
        else importFiles(store, files);
      };
      // (Its parent's Task call names the type too: the parent's transcript is left out, as one deleted or not yet read.)
      put(`${MAIN}/subagents/${AGENT}.jsonl`);
      await run();
      const id = `${MAIN}.${AGENT}`;
      assert.deepEqual(agentTypes(store), { [id]: null }, 'no meta file yet');
      put(`${MAIN}/subagents/${AGENT}.meta.json`);
      await run();
      const got = agentTypes(store);
      assert.deepEqual(got, { [id]: 'Explore' });
      rebuildIndex(store);
      assert.deepEqual(agentTypes(store), got, 'as a rebuild reads it');
    });
  });
}
