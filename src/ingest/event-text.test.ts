import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../core/config.ts';
import { searchEvents } from '../store/queries.ts';
import { initStore, openStore } from '../store/store.ts';
import { tempEnv } from '../../test/helpers/env.ts';
import { eventFullText } from './event-text.ts';
import { importAll } from './import.ts';
import { PREVIEW_MAX } from './prepare.ts';

test('a long tool output keeps a preview in the index and its whole redacted text is derived from the raw line', () => {
  const t = tempEnv();
  try {
    const id = '0badc0de-1111-4222-8333-444444444444';
    const dir = join(t.dir, 'projects', '-home-dev');
    mkdirSync(dir, { recursive: true });
    const long = `${'line of build output\n'.repeat(400)}token=ghp_${'A1b2C3d4E5'.repeat(3)}123456 at the end`;
    const base = { sessionId: id, cwd: '/home/dev', version: '2.1.20', isSidechain: false, userType: 'external' };
    const lines = [
      { ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-03-01T10:00:00.000Z', message: { role: 'user', content: 'build it' } },
      { ...base, type: 'assistant', uuid: 'a1', parentUuid: 'u1', timestamp: '2026-03-01T10:00:01.000Z', requestId: 'req_1', message: { id: 'msg_1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'make' } }], usage: { input_tokens: 1, output_tokens: 1 } } },
      { ...base, type: 'user', uuid: 'u2', parentUuid: 'a1', timestamp: '2026-03-01T10:00:05.000Z', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: long }] } },
    ];
    writeFileSync(join(dir, `${id}.jsonl`), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const config = resolveConfig(t.env);
    initStore(config);
    const store = openStore(config);
    try {
      importAll(store, { roots: { claude: [join(t.dir, 'projects')], codex: [] } });
      const [hit] = searchEvents(store, { query: 'build', kind: 'tool_result' });
      assert.ok(hit?.truncated);
      assert.equal(hit.text?.length, PREVIEW_MAX);
      const full = eventFullText(store, hit.id);
      assert.equal(full.text?.length, long.length - 'ghp_'.length - 36 + '[REDACTED:github]'.length);
      assert.match(full.text!, /token=\[REDACTED:github\] at the end$/);
      // The tail beyond the preview is still searchable.
      assert.equal(searchEvents(store, { query: 'end' }).length, 1);
    } finally {
      store.close();
    }
  } finally {
    t.cleanup();
  }
});

test('text longer than the search cap is indexed by its head and its tail', async () => {
  const { prepareEvent, INDEX_TEXT_MAX } = await import('./prepare.ts');
  const text = `START ${'x '.repeat(INDEX_TEXT_MAX)} Traceback: AssertionError at the very end`;
  const counts = {};
  const row = prepareEvent({ kind: 'tool_result', subtype: 't', sessionId: 's', text }, counts);
  assert.ok(row.searchText!.length <= INDEX_TEXT_MAX + 3);
  assert.ok(row.searchText!.startsWith('START'));
  assert.ok(row.searchText!.endsWith('AssertionError at the very end'));
  assert.ok(row.flags & 8, 'flagged truncated');
});
