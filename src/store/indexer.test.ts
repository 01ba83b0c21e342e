import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempEnv } from '../../test/helpers/env.ts';
import { resolveConfig } from '../core/config.ts';
import { importFile } from '../ingest/import-file.ts';
import { codexAdapter } from '../sources/codex/index.ts';
import { listSessions } from './queries.ts';
import { initStore, openStore } from './store.ts';

const ID = '019fd000-1111-7222-8333-444444444444';
const env = (ts: string, type: string, payload: unknown) => JSON.stringify({ timestamp: ts, type, payload });
const LINES = [
  env('2026-09-01T10:00:00Z', 'session_meta', { id: ID, timestamp: '2026-09-01T10:00:00Z', cwd: '/tmp/app', cli_version: '0.150.0' }),
  env('2026-09-01T10:00:01Z', 'event_msg', { type: 'user_message', message: 'fix the flaky login test' }),
  env('2026-09-01T10:00:02Z', 'event_msg', { type: 'agent_message', message: 'Looking.' }),
  env('2026-09-01T10:00:03Z', 'event_msg', { type: 'thread_name_updated', thread_name: 'Flaky login test' }),
  env('2026-09-01T10:00:04Z', 'event_msg', { type: 'user_message', message: 'and the signup one' }),
];

/** Title after importing LINES in pieces ending at `cuts` (line counts). */
function titleAfter(cuts: number[]): string | null {
  const t = tempEnv();
  try {
    const config = resolveConfig(t.env);
    initStore(config);
    const store = openStore(config);
    try {
      const path = join(t.dir, `rollout-2026-09-01T10-00-00-${ID}.jsonl`);
      writeFileSync(path, '');
      let at = 0;
      for (const cut of [...cuts, LINES.length]) {
        appendFileSync(path, LINES.slice(at, cut).map((l) => `${l}\n`).join(''));
        at = cut;
        importFile(store, codexAdapter, path);
      }
      return listSessions(store, {})[0]!.title;
    } finally {
      store.close();
    }
  } finally {
    t.cleanup();
  }
}

test('a thread name is the title, whether the first prompt was indexed in the same batch or an earlier one', () => {
  assert.equal(titleAfter([]), 'Flaky login test');
  assert.equal(titleAfter([2]), 'Flaky login test', 'prompt imported first, the name later');
  assert.equal(titleAfter([1, 3, 4]), 'Flaky login test');
  assert.equal(titleAfter([3]), 'Flaky login test');
});
