import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveConfig } from '../core/config.ts';
import { sessionTimeline } from '../store/event-list.ts';
import { searchEvents } from '../store/queries.ts';
import { initStore, openStore, type Store } from '../store/store.ts';
import { tempEnv } from '../../test/helpers/env.ts';
import { withTempStore } from '../../test/helpers/store.ts';
import { eventFullText } from './event-text.ts';
import { importAll } from './import.ts';
import { importFile } from './import-file.ts';
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

test("the tail of a long table output is read under its header, far before the tail (a leak hunt: the tail's rows were indexed bare)", async () => {
  const { prepareEvent } = await import('./prepare.ts');
  // psql's, mysql's and a Markdown table, each ~60 KB: the header in the head, the last rows in the indexed tail.
  const key = (i: number): string => `Qx${(i * 7919).toString(36)}Vr${(i * 104729).toString(36)}Mn${i}Zt`;
  const rows = Array.from({ length: 1400 }, (_, i) => i);
  const tables = [
    ` id   | name        | api_key\n------+-------------+--------------------------\n${rows.map((i) => ` ${String(i).padStart(4)} | client${String(i).padStart(5, '0')} | ${key(i)}`).join('\n')}\n(1400 rows)\n`,
    `+------+----------------+\n| id   | password       |\n+------+----------------+\n${rows.map((i) => `| ${String(i).padStart(4)} | ${key(i)} |`).join('\n')}\n+------+----------------+\n`,
    `| service | api_key |\n|---|---|\n${rows.map((i) => `| svc${i} | ${key(i)} |`).join('\n')}\n`,
  ];
  for (const text of tables) {
    const row = prepareEvent({ kind: 'tool_result', subtype: 't', sessionId: 's', text }, {});
    assert.ok(row.flags & 8, 'long enough to be cut');
    assert.ok(row.searchText!.includes(`svc1399`) || row.searchText!.includes('1399'), 'the last rows are indexed');
    const shown = rows.filter((i) => row.searchText!.includes(key(i)));
    assert.deepEqual(shown, [], text.slice(0, 40));
  }
  // A blank line ends a table: rows of values after one are no rows of the table before it.
  const after = `| service | api_key |\n|---|---|\n| a | ${key(1)} |\n\n${'a line of log output\n'.repeat(3000)}done | Xp4Rt8Lm2Qz\n`;
  assert.ok(prepareEvent({ kind: 'tool_result', subtype: 't', sessionId: 's', text: after }, {}).searchText!.includes('done | Xp4Rt8Lm2Qz'));
});

test("a repeat of the other Codex stream keeps no preview in the index; its whole text still comes from its sealed line, redacted", () => {
  withTempStore((store, dir) => {
    const id = '019a0000-1111-7222-8333-444444444444';
    const said = `Done: the deploy uses token ghp_${'Q1w2E3r4T5'.repeat(3)}123456 now.`;
    importCodex(store, dir, id, [
      ['session_meta', { id, timestamp: '2026-03-01T10:00:00.000Z', cwd: '/home/dev', originator: 'codex_cli_rs', cli_version: '0.104.0' }],
      ['response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'deploy it' }] }],
      ['event_msg', { type: 'agent_message', message: said }],
      ['response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: said }] }],
    ]);
    const said2 = sessionTimeline(store, id, { limit: 50 }).items.filter((e) => e.kind === 'assistant_text');
    assert.equal(said2.length, 2);
    const [first, repeat] = said2;
    assert.equal(first!.duplicate, false);
    assert.match(first!.text!, /token \[REDACTED:github\] now\.$/);
    assert.equal(repeat!.duplicate, true);
    assert.equal(repeat!.text, null);
    assert.equal(repeat!.truncated, true, 'the client is told there is text to fetch');
    assert.equal(eventFullText(store, repeat!.id).text, first!.text);
    // Searched once, counted once.
    assert.equal(searchEvents(store, { query: 'deploy token' }).length, 1);
    assert.equal((store.db.prepare("SELECT sum(count) AS n FROM redactions WHERE kind = 'github'").get() as { n: number }).n, 1);
  });
});

test("the whole text of a long MCP result redacts a secret from the call's arguments that it prints back, as the index did", () => {
  withTempStore((store, dir) => {
    const id = '019a0000-2222-7222-8333-444444444444';
    const pass = 'Qz7Xw3Ec9Rv5Tb1Yn';
    const out = `${'row of query output\n'.repeat(40)}connected as admin with ${pass}`;
    importCodex(store, dir, id, [
      ['session_meta', { id, timestamp: '2026-03-01T10:00:00.000Z', cwd: '/home/dev', originator: 'codex_cli_rs', cli_version: '0.104.0' }],
      ['event_msg', {
        type: 'mcp_tool_call_end', call_id: 'call_db1',
        invocation: { server: 'db', tool: 'query', arguments: { user: 'admin', password: pass } },
        duration: { secs: 1, nanos: 0 }, result: { Ok: { content: [{ type: 'text', text: out }] } },
      }],
    ]);
    const [hit] = searchEvents(store, { query: 'connected admin', kind: 'tool_result' });
    assert.ok(hit?.truncated, 'long enough to be cut in the index');
    const full = eventFullText(store, hit.id).text!;
    assert.ok(!full.includes(pass), full.slice(-80));
    assert.match(full, /connected as admin with \[REDACTED:[a-z_]+\]$/);
  });
});

/** A Codex rollout of `items` ([type, payload], a second apart) written under `dir` and imported. */
function importCodex(store: Store, dir: string, id: string, items: [string, unknown][]): void {
  const day = join(dir, 'sessions', '2026', '03', '01');
  mkdirSync(day, { recursive: true });
  const lines = items.map(([type, payload], s) => JSON.stringify({ timestamp: `2026-03-01T10:00:0${s}.000Z`, type, payload }));
  writeFileSync(join(day, `rollout-2026-03-01T10-00-00-${id}.jsonl`), `${lines.join('\n')}\n`);
  importAll(store, { roots: { codex: [join(dir, 'sessions')], claude: [] } });
}

test('whole texts deep in a transcript of 150 segments come out the same from one store handle (its saved reading states thinned) as from a fresh one each', () => {
  withTempStore((store, dir) => {
    const id = '0badc0de-2222-4222-8333-444444444444';
    const d = join(dir, 'projects', '-home-dev');
    mkdirSync(d, { recursive: true });
    const base = { sessionId: id, cwd: '/home/dev', version: '2.1.20', isSidechain: false, userType: 'external' };
    const SECRET = 'Zq8Wx3Ec7Rv1Tb5Yn2Lp';
    const lines: unknown[] = [];
    for (let i = 0; i < 150; i++) {
      const ts = `2026-03-01T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`;
      // Every line teaches or repeats the secret, and each is long enough to be cut in the index.
      const content = i === 0 ? `API_SIGNING_SECRET=${SECRET}\n` : `${'output line\n'.repeat(40)}signed with ${SECRET} (${i})`;
      lines.push({ ...base, type: 'user', uuid: `u${i}`, parentUuid: null, timestamp: ts, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content }] } });
    }
    const path = join(d, `${id}.jsonl`);
    writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    // One segment per line.
    importFile(store, 'claude', path, { batchBytes: 1 });
    assert.ok((store.db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n >= 150);
    const events = sessionTimeline(store, id, { limit: 500 }).items.filter((e) => e.truncated);
    const order = [...events.slice(100, 110), ...events.slice(5, 10), ...events.slice(140), ...events.slice(60, 70)];
    const one = order.map((e) => eventFullText(store, e.id).text);
    const fresh = order.map((e) => withReopened(store, (s) => eventFullText(s, e.id).text));
    assert.deepEqual(one, fresh);
    for (const t of one) assert.ok(t && !t.includes(SECRET) && /signed with \[REDACTED:/.test(t), t ?? '');
  });
});

/** `fn` with a second handle of `store`'s folder (no saved reading states yet). */
function withReopened<T>(store: Store, fn: (s: Store) => T): T {
  const s = openStore(store.config);
  try {
    return fn(s);
  } finally {
    s.close();
  }
}
