import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importFile } from '../ingest/import-file.ts';
import { codexAdapter } from '../sources/codex/index.ts';
import { withTempStore } from '../../test/helpers/store.ts';
import { listSessionPage, sessionFamily } from './session-list.ts';

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

test('sorted by tokens, a session known only by its subagents ranks by theirs, as the list shows them', () => {
  const [parent, child, other] = ['019fe100-1111-7222-8333-444444444444', '019fe100-2222-7222-8333-444444444444', '019fe100-3333-7222-8333-444444444444'];
  const usage = (input: number) => ({ type: 'token_count', info: {
    total_token_usage: { input_tokens: input, cached_input_tokens: 0, output_tokens: 10, reasoning_output_tokens: 0, total_tokens: input + 10 },
    last_token_usage: { input_tokens: input, cached_input_tokens: 0, output_tokens: 10, reasoning_output_tokens: 0, total_tokens: input + 10 } } });
  const order = withTempStore((store, dir) => {
    // The parent's own transcript is not there: only its subagent's, which used 50,000 tokens.
    for (const [id, source, input] of [[child, { subagent: { thread_spawn: { parent_thread_id: parent, depth: 1 } } }, 50_000], [other, 'cli', 900]] as const) {
      const path = join(dir, `rollout-2026-03-01T10-00-00-${id}.jsonl`);
      const lines = [
        { timestamp: '2026-03-01T10:00:00.000Z', type: 'session_meta', payload: { id, timestamp: '2026-03-01T10:00:00.000Z', cwd: '/w', source } },
        { timestamp: '2026-03-01T10:00:01.000Z', type: 'event_msg', payload: { type: 'user_message', message: 'go' } },
        { timestamp: '2026-03-01T10:00:02.000Z', type: 'event_msg', payload: usage(input) },
      ];
      writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
      importFile(store, codexAdapter, path);
    }
    return (['-tokens', 'tokens'] as const).map((sort) => listSessionPage(store, { sort, limit: 50 }).items.map((s) => s.id));
  });
  assert.deepEqual(order, [[parent, other], [other, parent]]);
});

test("a session's tools add up to its tool calls and errors; the files its calls named, most named first", async () => {
  const { claudeAdapter } = await import('../sources/claude/index.ts');
  const { readFileSync } = await import('node:fs');
  const { sessionFiles, sessionTools } = await import('./metrics.ts');
  const { listSessions } = await import('./queries.ts');
  const ID = '5f1c2d3e-4a5b-4c6d-8e7f-901234567890';
  const got = withTempStore((store, dir) => {
    const path = join(dir, `${ID}.jsonl`);
    writeFileSync(path, readFileSync(join(import.meta.dirname, '../../test/fixtures/claude/projects/-home-dev-app', `${ID}.jsonl`)));
    importFile(store, claudeAdapter, path);
    const s = listSessions(store, {}).find((x) => x.id === ID)!;
    return { s, tools: sessionTools(store, ID), files: sessionFiles(store, ID) };
  });
  assert.equal(got.tools.reduce((a, t) => a + t.calls, 0), got.s.toolCalls);
  assert.equal(got.tools.reduce((a, t) => a + t.errors, 0), got.s.toolErrors);
  assert.ok(got.tools.some((t) => t.name === 'Edit'));
  assert.deepEqual(got.files.files[0], { path: '/home/dev/app/src/cli.js', calls: 2, tools: ['Edit', 'Read'] });
  assert.deepEqual(got.files.files.map((f) => f.path).sort(), ['/home/dev/app/CHANGELOG.md', '/home/dev/app/src/cli.js']);
  assert.equal(got.files.total, 2);
});

test("a session's family names the forks made from it, and the session it was forked from only when the store holds it (a dashboard pass: its link led to 'not found')", () => {
  const dir = join(import.meta.dirname, '../../test/fixtures/codex/archived_sessions');
  const parent = '0195fe10-1111-7aaa-8bbb-000000000001';
  const fork = '0195fe55-2222-7ccc-8ddd-000000000002';
  withTempStore((store) => {
    importFile(store, codexAdapter, join(dir, `rollout-2026-03-05T09-30-00-${fork}.jsonl`));
    const alone = sessionFamily(store, fork);
    assert.deepEqual([alone.session.forkedFromId, alone.forkedFrom], [parent, null]);
    importFile(store, codexAdapter, join(dir, `rollout-2026-03-05T08-00-00-${parent}.jsonl`));
    assert.equal(sessionFamily(store, fork).forkedFrom?.id, parent);
    assert.deepEqual(sessionFamily(store, parent).forks.map((f) => f.id), [fork]);
  });
});
