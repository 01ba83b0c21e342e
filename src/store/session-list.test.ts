import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importFile } from '../ingest/import-file.ts';
import { codexAdapter } from '../sources/codex/index.ts';
import { withTempStore } from '../../test/helpers/store.ts';
import { listSessionPage } from './session-list.ts';

test('a match in a subagent of a subagent lists the main session, and every session on the way when subagents are shown', () => {
  const ids = ['019fe000-1111-7222-8333-444444444444', '019fe000-2222-7222-8333-444444444444', '019fe000-3333-7222-8333-444444444444'];
  const got = withTempStore((store, dir) => {
    ids.forEach((id, i) => {
      const source = i === 0 ? 'cli' : { subagent: { thread_spawn: { parent_thread_id: ids[i - 1], depth: i } } };
      const path = join(dir, `rollout-2026-03-0${i + 1}T10-00-00-${id}.jsonl`);
      const lines = [
        { timestamp: `2026-03-0${i + 1}T10:00:00.000Z`, type: 'session_meta', payload: { id, timestamp: `2026-03-0${i + 1}T10:00:00.000Z`, cwd: '/w', source } },
        { timestamp: `2026-03-0${i + 1}T10:00:01.000Z`, type: 'event_msg', payload: { type: 'user_message', message: i === 2 ? 'look for zanzibarite' : `level ${i}` } },
      ];
      writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
      importFile(store, codexAdapter, path);
    });
    const page = (includeSubagents: boolean) => listSessionPage(store, { q: 'zanzibarite', limit: 50, includeSubagents }).items.map((s) => s.id).sort();
    return { main: page(false), all: page(true) };
  });
  assert.deepEqual(got.main, [ids[0]]);
  assert.deepEqual(got.all, [...ids].sort());
});
