import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sessionTimeline } from '../store/event-list.ts';
import { purgeSession } from '../store/purge.ts';
import { listSessions, searchEvents } from '../store/queries.ts';
import { keepStoreWide, storeMemory } from '../store/known-secrets.ts';
import { salvageRaw } from '../store/salvage.ts';
import { initStore, openStore, type Store, writeTx } from '../store/store.ts';
import { tempEnv } from '../../test/helpers/env.ts';
import { withTempStore, withTempStoreAsync } from '../../test/helpers/store.ts';
import { resolveConfig } from '../core/config.ts';
import { eventFullText } from './event-text.ts';
import { findFiles, importFiles } from './import.ts';
import { importFilesParallel } from './parallel.ts';
import { withoutCutCopy } from './late-secrets.ts';
import { rebuildIndex } from './rebuild.ts';

// A secret one session shows with its name (a `.env` read) and another session repeats bare (pasted into a
// prompt, echoed by the assistant): the second session has no context that marks it as a secret.
const SECRET = 'Qm4Rt8Vx2Kp6Wz9Lc3Hs';
const TEACHER = '7eac4e00-1111-4222-8333-444444444444';
const REPEATER = '7eac4e00-5555-4666-8777-888888888888';
const KEY = Buffer.alloc(32, 5).toString('base64');

function lines(id: string, minute: number, at: Record<string, string> = {}): { user: (c: unknown) => string; asst: (i: number, b: unknown) => string } {
  const base = { sessionId: id, cwd: '/home/dev/app', version: '2.1.20', isSidechain: false, userType: 'external', ...at };
  let n = 0;
  const ts = () => `2026-03-01T10:${String(minute).padStart(2, '0')}:${String(++n).padStart(2, '0')}.000Z`;
  return {
    user: (content) => JSON.stringify({ ...base, type: 'user', uuid: `${id}-u${n}`, parentUuid: null, timestamp: ts(), message: { role: 'user', content } }),
    asst: (i, block) =>
      JSON.stringify({ ...base, type: 'assistant', uuid: `${id}-a${n}`, parentUuid: null, timestamp: ts(), requestId: `req_${id}_${i}`, message: { id: `msg_${id}_${i}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [block], usage: { input_tokens: 1, output_tokens: 1 } } }),
  };
}

const teacher = (secret = SECRET): string => {
  const { user, asst } = lines(TEACHER, 1);
  return `${[
    user('read the signing secret from .env'),
    asst(1, { type: 'tool_use', id: 'toolu_env', name: 'Read', input: { file_path: '/home/dev/app/.env' } }),
    user([{ type: 'tool_result', tool_use_id: 'toolu_env', content: `     1→NODE_ENV=production\n     2→API_SIGNING_SECRET=${secret}\n` }]),
  ].join('\n')}\n`;
};

const repeater = (): string => {
  const { user, asst } = lines(REPEATER, 2);
  return `${[
    user(`why does the client reject ${SECRET} when it signs?`),
    asst(1, { type: 'text', text: `The value ${SECRET} is sent without its prefix.` }),
    asst(2, { type: 'tool_use', id: 'toolu_sign', name: 'Bash', input: { command: `node sign.js --with ${SECRET}`, description: 'sign' } }),
    user([{ type: 'tool_result', tool_use_id: 'toolu_sign', content: `${'signing block ok\n'.repeat(3000)}signed with ${SECRET}` }]),
  ].join('\n')}\n`;
};

const projects = (dir: string): string => join(dir, 'projects');
const put = (dir: string, id: string, text: string): string => {
  const d = join(projects(dir), id === TEACHER ? '-home-dev-app' : '-home-dev-other');
  mkdirSync(d, { recursive: true });
  const f = join(d, `${id}.jsonl`);
  writeFileSync(f, text);
  return f;
};
const importNow = (store: Store, dir: string) => importFiles(store, findFiles(store, { roots: { claude: [projects(dir)], codex: [] } }).files);

/** What the index shows of both sessions (and the whole texts derived on request), and a search for the value. */
function shown(store: Store): string {
  const out: unknown[] = [listSessions(store, { limit: 10 }), searchEvents(store, { query: SECRET, limit: 10 })];
  const ids = new Set(listSessions(store, { limit: 10 }).map((s) => s.id));
  for (const id of [TEACHER, REPEATER]) {
    if (!ids.has(id)) continue;
    const events = sessionTimeline(store, id, { limit: 100 }).items;
    out.push(events, events.filter((e) => e.truncated).map((e) => eventFullText(store, e.id).text));
  }
  return JSON.stringify(out);
}

const redactionsOf = (store: Store, id: string): Record<string, number> =>
  (listSessions(store, { limit: 10 }).find((s) => s.id === id) as unknown as { redactions: Record<string, number> }).redactions;

/** No byte of the store holds the value (sealed rows only). */
function assertSealed(store: Store, value = SECRET): void {
  store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const dir = join(store.config.dbFile, '..');
  for (const f of readdirSync(dir)) assert.ok(!readFileSync(join(dir, f)).includes(value), `${f} holds the value in plain text`);
}

test('a secret one session taught is redacted where another session repeats it bare, read after or before it', () => {
  for (const order of ['teacher first', 'repeater first'] as const) {
    withTempStore(
      (store, dir) => {
        if (order === 'teacher first') {
          put(dir, TEACHER, teacher());
          importNow(store, dir);
          put(dir, REPEATER, repeater());
          importNow(store, dir);
        } else {
          put(dir, REPEATER, repeater());
          importNow(store, dir);
          assert.ok(shown(store).includes(SECRET), 'nothing marks the value as a secret in the repeating session alone');
          put(dir, TEACHER, teacher());
          importNow(store, dir);
        }
        const before = shown(store);
        assert.ok(!before.includes(SECRET), `${order}: the value shows`);
        assert.ok(before.includes('[REDACTED:'), order);
        assert.equal(searchEvents(store, { query: SECRET, limit: 10 }).length, 0);
        assertSealed(store);
        // Read first, the repeating session counts the copies it found; read before the value was known, it does not.
        assert.equal(Object.keys(redactionsOf(store, REPEATER)).length > 0, order === 'teacher first', order);
        // `tracebase index` learns the values again in the order the lines were stored: the same index.
        rebuildIndex(store);
        assert.equal(shown(store), before, `${order}: a rebuild agrees`);
        rebuildIndex(store);
        assert.equal(shown(store), before, `${order}: a second rebuild agrees`);
      },
      { TRACE_KEY: KEY },
    );
  }
});

test('in one import, the worker redacts the bare copy of a value a transcript read before taught; a purge keeps it known', async () => {
  await withTempStoreAsync(
    async (store, dir) => {
      put(dir, TEACHER, teacher());
      put(dir, REPEATER, repeater());
      const found = findFiles(store, { roots: { claude: [projects(dir)], codex: [] } }).files;
      await importFilesParallel(store, found);
      const before = shown(store);
      assert.ok(!before.includes(SECRET));
      // The teacher is read first (its file comes first), so the copies were redacted at first reading and counted.
      assert.ok(Object.keys(redactionsOf(store, REPEATER)).length > 0);
      rebuildIndex(store);
      assert.equal(shown(store), before, 'a rebuild agrees');
      // The teaching session purged: its value stays known, before and after a rebuild.
      purgeSession(store, TEACHER);
      const after = shown(store);
      assert.ok(!after.includes(SECRET));
      assert.ok(after.includes(REPEATER) && !after.includes('read the signing secret'));
      rebuildIndex(store);
      assert.ok(!shown(store).includes(SECRET), 'kept known through a rebuild after the purge');
      assertSealed(store);
    },
    { TRACE_KEY: KEY },
  );
});

test("a repair (the raw records copied into a new file) keeps a purged session's values known", () => {
  const t = tempEnv({ TRACE_KEY: KEY });
  try {
    const config = resolveConfig(t.env);
    initStore(config);
    let store = openStore(config);
    put(t.dir, TEACHER, teacher());
    put(t.dir, REPEATER, repeater());
    importNow(store, t.dir);
    purgeSession(store, TEACHER);
    store.close();
    // What `tracebase index` does when store.db is damaged past an in-place rebuild: copy, then rebuild.
    salvageRaw(config);
    store = openStore(config, { outdatedIndex: true });
    try {
      rebuildIndex(store);
      const after = shown(store);
      assert.ok(after.includes(REPEATER) && !after.includes('read the signing secret'));
      assert.ok(!after.includes(SECRET), 'the value only the purged session taught is still redacted');
      assertSealed(store);
    } finally {
      store.close();
    }
  } finally {
    t.cleanup();
  }
});

test('a value another importer kept meanwhile is redacted in what this one writes', () => {
  withTempStore(
    (store, dir) => {
      // A second handle on the same store, as a second `tracebase import` process holds: it has looked at the store's
      // values (none yet) before the first one learns the secret.
      const other = openStore(store.config);
      try {
        assert.equal(storeMemory(store).size, 0);
        put(dir, TEACHER, teacher());
        importNow(other, dir);
        assert.ok(!shown(other).includes(SECRET));
        // This handle read the store's values before the other learned the secret: it reads the repeating
        // session without it, and redacts the copies when it writes them.
        put(dir, REPEATER, repeater());
        importNow(store, dir);
        assert.equal(storeMemory(store).size, 1);
        assert.ok(!shown(store).includes(SECRET));
        assert.ok(!shown(other).includes(SECRET));
      } finally {
        other.close();
      }
    },
    { TRACE_KEY: KEY },
  );
});

test('a whole text derived by a long-running process (serve) redacts a value another process kept since', () => {
  withTempStore(
    (store, dir) => {
      put(dir, REPEATER, repeater());
      importNow(store, dir);
      const long = sessionTimeline(store, REPEATER, { limit: 100 }).items.find((e) => e.truncated);
      assert.ok(long, 'the long output is indexed in part');
      assert.ok(eventFullText(store, long.id).text?.includes(SECRET));
      const other = openStore(store.config);
      try {
        put(dir, TEACHER, teacher());
        importNow(other, dir);
      } finally {
        other.close();
      }
      assert.ok(!shown(store).includes(SECRET));
    },
    { TRACE_KEY: KEY },
  );
});

test('the import worker reads a file before this thread learns a value from another (an old Codex .json): its copies are redacted as it is written', async () => {
  await withTempStoreAsync(
    async (store, dir) => {
      // Big enough (over 4 MB) for the worker, and older: dispatched first.
      const { user } = lines(REPEATER, 2);
      const padding = Array.from({ length: 50 }, (_, i) => user([{ type: 'tool_result', tool_use_id: `toolu_${i}`, content: 'padding line\n'.repeat(8000) }]));
      const big = put(dir, REPEATER, `${[user(`why does the client reject ${SECRET} when it signs?`), ...padding].join('\n')}\n`);
      utimesSync(big, new Date('2026-01-01'), new Date('2026-01-01'));
      // A 2025 Codex rollout (one JSON document, read by this thread) that teaches the value.
      const codex = join(dir, 'sessions');
      mkdirSync(codex);
      const doc = join(codex, 'rollout-2025-04-22-0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e.json');
      writeFileSync(
        doc,
        JSON.stringify({
          session: { timestamp: '2025-04-22T18:30:05.000Z', id: '0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e', instructions: '' },
          items: [
            { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'show the env' }] },
            { id: 'fc1', type: 'function_call', status: 'completed', arguments: JSON.stringify({ command: ['bash', '-lc', 'cat .env'] }), call_id: 'c1', name: 'shell' },
            { type: 'function_call_output', call_id: 'c1', output: JSON.stringify({ output: `API_SIGNING_SECRET=${SECRET}\n`, metadata: { exit_code: 0, duration_seconds: 0.1 } }) },
          ],
        }),
      );
      utimesSync(doc, new Date('2026-01-02'), new Date('2026-01-02'));
      const report = await importFilesParallel(store, findFiles(store, { roots: { claude: [projects(dir)], codex: [codex] } }).files);
      assert.equal(report.totals.errors, 0);
      assert.equal(searchEvents(store, { query: SECRET, limit: 10 }).length, 0, 'the copy is not searchable');
      assert.ok(!shown(store).includes(SECRET));
      rebuildIndex(store);
      assert.ok(!shown(store).includes(SECRET));
    },
    { TRACE_KEY: KEY },
  );
});

test('values kept in a write that was rolled back are gone, and another importer\'s rows that took their numbers are read', () => {
  withTempStore((store) => {
    const mine = 'Aa1Bb2Cc3Dd4Ee5Ff6Gg';
    const theirs = 'Hh7Ii8Jj9Kk0Ll1Mm2Nn';
    assert.equal(storeMemory(store).size, 0);
    assert.throws(
      () =>
        writeTx(store, () => {
          keepStoreWide(store, 1, [[mine, 'secret_assignment']]);
          throw new Error('disk full');
        }),
      /disk full/,
    );
    const other = openStore(store.config);
    try {
      assert.deepEqual(
        writeTx(other, () => keepStoreWide(other, 2, [[theirs, 'secret_assignment']])),
        [[theirs, 'secret_assignment']],
      );
    } finally {
      other.close();
    }
    // This handle's next write sees the other's value (to redact its copies in what it wrote).
    assert.deepEqual(
      writeTx(store, () => keepStoreWide(store, 3, [])),
      [[theirs, 'secret_assignment']],
    );
    assert.equal((store.db.prepare('SELECT count(*) AS n FROM known_secrets').get() as { n: number }).n, 1);
  });
});

test('a value another session holds only in its working directory, branch or cut title, and in its events\' working directory', () => {
  // (Short: a generated-looking name in a path is redacted by itself.)
  const value = 'Zt4kPq8w';
  withTempStore(
    (store, dir) => {
      // Read first: nothing there marks the value.
      const { user, asst } = lines(REPEATER, 2, { cwd: `/home/dev/wt-${value}`, gitBranch: `fix/${value}` });
      put(dir, REPEATER, `${[user('run the tests'), asst(1, { type: 'text', text: 'ok' })].join('\n')}\n`);
      // A Codex thread named with the value where the title's cut at 200 characters leaves part of it.
      const codex = join(dir, 'sessions', '2026', '03', '03');
      mkdirSync(codex, { recursive: true });
      const cid = '0195f8c0-2b3d-7e4f-8a10-6c7d8e9f0a1b';
      const name = `${'word '.repeat(37)}abcdefgh ${value} more`;
      writeFileSync(
        join(codex, `rollout-2026-03-03T14-00-00-${cid}.jsonl`),
        `${[
          { timestamp: '2026-03-03T14:00:00.050Z', type: 'session_meta', payload: { id: cid, timestamp: '2026-03-03T14:00:00.010Z', cwd: '/srv/app', originator: 'codex_exec', cli_version: '0.92.0', source: 'exec', model_provider: 'openai' } },
          { timestamp: '2026-03-03T14:00:00.070Z', type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] } },
          { timestamp: '2026-03-03T14:00:09.002Z', type: 'event_msg', payload: { type: 'thread_name_updated', thread_name: name } },
        ]
          .map((l) => JSON.stringify(l))
          .join('\n')}\n`,
      );
      const importAll = () => importFiles(store, findFiles(store, { roots: { claude: [projects(dir)], codex: [join(dir, 'sessions')] } }).files);
      importAll();
      assert.ok(JSON.stringify(listSessions(store, { limit: 10 })).includes(value.slice(0, 6)));
      put(dir, TEACHER, teacher(value));
      importAll();
      const after = JSON.stringify(listSessions(store, { limit: 10 }));
      assert.ok(!after.includes(value.slice(0, 6)), after);
      assertSealed(store, value);
      rebuildIndex(store);
      assert.ok(!JSON.stringify(listSessions(store, { limit: 10 })).includes(value.slice(0, 6)));
      assertSealed(store, value);
    },
    { TRACE_KEY: KEY },
  );
});

test('a write that made the table and was rolled back leaves no table behind and no error for the next file', () => {
  withTempStore((store) => {
    assert.throws(
      () =>
        writeTx(store, () => {
          keepStoreWide(store, 1, [['Aa1Bb2Cc3Dd4Ee5Ff6Gg', 'secret_assignment']]);
          throw new Error('disk full');
        }),
      /disk full/,
    );
    assert.equal(writeTx(store, () => keepStoreWide(store, 2, [])).length, 0);
    assert.equal(store.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'known_secrets'").get(), undefined);
    assert.deepEqual(writeTx(store, () => keepStoreWide(store, 2, [['Hh7Ii8Jj9Kk0Ll1Mm2Nn', 'secret_assignment']])), [['Hh7Ii8Jj9Kk0Ll1Mm2Nn', 'secret_assignment']]);
  });
});

test('a title cut at 200 characters loses the first part of a value it ends in, only where it was cut and the part is no word', () => {
  const at = (end: string) => `${'w'.repeat(200 - end.length - 1)} ${end}`;
  assert.equal(withoutCutCopy(at('Zt4kPq'), ['Zt4kPq8w']), `${'w'.repeat(193)} [REDACTED:secret_assignment]`);
  assert.equal(withoutCutCopy(at('Password'), ['Password123!']), at('Password'));
  assert.equal(withoutCutCopy(at('django'), ['django-insecure-x9Kq2']), at('django'));
  assert.equal(withoutCutCopy('short title Zt4kPq', ['Zt4kPq8w']), 'short title Zt4kPq');
});
