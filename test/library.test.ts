// The library as a program adopting it uses it (the package entry, src/index.ts): its arguments
// are checked with typed errors, a store handle never shows its key, and a write that would wait
// on another handle of the same process is refused at once (findings of a library audit).
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import {
  findEvent,
  getSession,
  importAll,
  importFile,
  importFilesParallel,
  findFiles,
  initStore,
  listSessions,
  iterateSessions,
  openStore,
  purgeSession,
  recentEvents,
  resolveConfig,
  searchEvents,
  sessionEvents,
  type Store,
  TracebaseError,
  traceKey,
} from '../src/index.ts';
import { join } from 'node:path';
import { writeCorpus } from './helpers/corpus.ts';
import { OWN_FIXTURES, tempEnv } from './helpers/env.ts';

const t = tempEnv({
  CODEX_HOME: join(OWN_FIXTURES, 'codex'),
  CLAUDE_CONFIG_DIR: join(OWN_FIXTURES, 'claude'),
  TRACE_KEY: Buffer.alloc(32, 9).toString('base64'),
  OPENAI_API_KEY: 'sk-proj-LibraryAuditPlanted0123456789abcdefghijklmnop',
});
const config = resolveConfig(t.env);
let store: Store;

before(() => {
  initStore(config);
  store = openStore(config);
  importAll(store);
});
after(() => {
  store.close();
  t.cleanup();
});

/** What a call throws: a TracebaseError with this code, and a message and hint. */
function refuses(fn: () => unknown, code: string, message?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TracebaseError, `a TracebaseError, not ${inspect(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    assert.ok(e.hint && e.hint.length > 5, 'with a hint');
    return true;
  });
}

describe('library', () => {
  test('a store or config logged or turned into JSON shows no key and no environment', () => {
    const key = store.sealingKey;
    const shown = [inspect(store, { depth: 5 }), JSON.stringify(store), inspect(config, { depth: 5 }), JSON.stringify(config)];
    for (const s of shown) {
      assert.ok(!s.includes(t.env['TRACE_KEY']!), s);
      assert.ok(!s.includes(key.toString('base64')) && !s.includes(key.toString('hex')), s);
      assert.ok(!s.includes('<Buffer'), s);
      assert.ok(!s.includes('LibraryAuditPlanted'), s);
    }
    assert.match(shown[0]!, /^Store \{ home: ".*", key: [0-9a-f]{16} \(TRACE_KEY\), open \}$/);
    // Still there for the code that needs them, also in a copy (a review: a spread lost them), which
    // shows them no more than the config does (a leak hunt: a spread showed TRACE_KEY).
    assert.equal(traceKey(store.config), t.env['TRACE_KEY']);
    assert.equal(store.config.env['OPENAI_API_KEY'], t.env['OPENAI_API_KEY']);
    const copy = { ...config, home: join(t.dir, 'elsewhere') };
    assert.equal(traceKey(copy), t.env['TRACE_KEY']);
    assert.equal(copy.env['OPENAI_API_KEY'], t.env['OPENAI_API_KEY']);
    for (const s of [inspect(copy, { depth: 5 }), JSON.stringify(copy), inspect({ ...copy }), JSON.stringify(Object.assign({}, copy))]) {
      assert.ok(!s.includes(t.env['TRACE_KEY']!) && !s.includes('LibraryAuditPlanted'), s);
      assert.match(s, /environment: \d+ variables, TRACE_KEY set/);
    }
    assert.equal(key.length, 32);
  });

  test('arguments of the wrong type or range get USAGE errors, not SQLite ones or a wrong answer', () => {
    const bad = <T>(x: unknown): T => x as T;
    for (const limit of [1.5, Number.NaN, Number.POSITIVE_INFINITY, -5, 0, '10']) {
      refuses(() => listSessions(store, { limit: bad(limit) }), 'USAGE', /^limit must be a whole number/);
      refuses(() => searchEvents(store, { limit: bad(limit) }), 'USAGE', /^limit must be/);
      refuses(() => recentEvents(store, bad(limit)), 'USAGE', /^limit must be/);
    }
    refuses(() => searchEvents(store, { offset: -1 }), 'USAGE', /^offset must be a whole number from 0/);
    refuses(() => getSession(store, bad(123)), 'USAGE', /must be a string/);
    refuses(() => getSession(store, bad(undefined)), 'USAGE', /must be a string/);
    refuses(() => searchEvents(store, { query: bad(7) }), 'USAGE', /^query must be a string/);
    for (const since of ['7d', 'garbage', bad<string>(new Date('x'))]) {
      refuses(() => listSessions(store, { since }), 'USAGE', /is not a date/);
      refuses(() => iterateSessions(store, { since }), 'USAGE', /is not a date/);
    }
    refuses(() => iterateSessions(store, { limit: 0 }), 'USAGE', /^limit must be a whole number/);
    assert.deepEqual([...iterateSessions(store, { includeEmpty: true })], listSessions(store, { includeEmpty: true }));
    refuses(() => importAll(store, { since: bad('not a date') }), 'USAGE', /is not a date/);
    refuses(() => importAll(store, { maxFiles: -1 }), 'USAGE', /^maxFiles must be/);
    refuses(() => importAll(store, { providers: [bad('nope')] }), 'USAGE', /^Unknown provider/);
  });

  test('defaults where a call leaves options out; a time bound in any offset means the same instant', () => {
    assert.ok(searchEvents(store).length > 0, 'searchEvents with no filter');
    assert.ok(recentEvents(store).length > 0, 'recentEvents with no limit');
    const all = listSessions(store);
    const first = all.map((s) => s.endedAt ?? s.startedAt).filter((x): x is string => x !== null).sort()[0]!;
    // The same instant written with an offset, and as a Date: as many sessions as in UTC.
    const ms = Date.parse(first);
    const plus2 = new Date(ms + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    const inUtc = listSessions(store, { since: first }).length;
    assert.ok(inUtc > 0);
    assert.equal(listSessions(store, { since: plus2 }).length, inUtc);
    assert.equal(listSessions(store, { since: new Date(ms) as unknown as string }).length, inUtc);
  });

  test('sessionEvents pages by afterRowid; findEvent takes an event id', () => {
    const s = listSessions(store).find((x) => x.events >= 4)!;
    const all = sessionEvents(store, s.id);
    assert.ok(all.length >= 4);
    const page = sessionEvents(store, s.id, { afterRowid: all[1]!.seq, limit: 2 });
    assert.deepEqual(page.map((e) => e.id), all.slice(2, 4).map((e) => e.id));
    assert.equal(findEvent(store, all[2]!.id)?.id, all[2]!.id);
    refuses(() => findEvent(store, 'abcdef'), 'USAGE', /is not an event id/);
  });

  test('importFile takes a provider name as well as an adapter', () => {
    const file = findFiles(store).files.find((f) => f.adapter.provider === 'claude')!;
    assert.equal(importFile(store, 'claude', file.path).status, 'unchanged');
    refuses(() => importFile(store, 'nope' as 'claude', file.path), 'USAGE', /^Unknown provider/);
  });

  test('a closed handle says so', () => {
    const other = openStore(config);
    other.close();
    other.close(); // twice is harmless
    refuses(() => listSessions(other), 'STORE_CLOSED', /is closed/);
    refuses(() => purgeSession(other, 'x'), 'STORE_CLOSED');
  });

  test('a write while an import of this process holds the lock is refused at once (it used to wait a minute, the import frozen too)', async () => {
    const fresh = tempEnv();
    // (Over the 4 MB below which an import runs on this thread alone.)
    const corpus = writeCorpus(join(fresh.dir, 'corpus'), 40, 60);
    const c = resolveConfig({ ...fresh.env, CODEX_HOME: join(corpus.codex, '..'), CLAUDE_CONFIG_DIR: join(corpus.claude, '..') });
    initStore(c);
    const a = openStore(c);
    const b = openStore(c);
    try {
      const files = findFiles(a).files;
      const running = importFilesParallel(a, files, { commitBytes: 1 << 30 });
      // The import is under way on handle `a` (its first batch waits on the worker).
      await new Promise((r) => setImmediate(r));
      let during: unknown;
      for (let i = 0; i < 200 && during === undefined; i++) {
        if (a.db.isTransaction) {
          try {
            purgeSession(b, 'no-such-session');
          } catch (e) {
            during = e;
          }
          assert.throws(() => purgeSession(a, 'no-such-session'), (e: unknown) => {
            assert.ok(e instanceof TracebaseError && e.code === 'STORE_LOCKED', inspect(e));
            assert.match(e.message, /This store handle is in the middle of a write/);
            return true;
          });
        } else await new Promise((r) => setTimeout(r, 5));
      }
      assert.ok(during !== undefined, 'the import held the write lock while this looked');
      // (Refused: waiting would have ended after a minute in "Another Tracebase process kept the store busy".)
      assert.ok(during instanceof TracebaseError && during.code === 'STORE_LOCKED', inspect(during));
      assert.match(during.message, /Another handle on this store in this process is in the middle of a write/);
      const r = await running;
      assert.ok(r.files.every((f) => f.status !== 'error'), JSON.stringify(r.files.filter((f) => f.status === 'error')));
      // Once it is done, the other handle writes.
      assert.throws(() => purgeSession(b, 'no-such-session'), { code: 'SESSION_NOT_FOUND' });
    } finally {
      a.close();
      b.close();
      fresh.cleanup();
    }
  });
});

test('a read transaction on one handle holds up no write on another (only a write does)', () => {
  const reader = openStore(config);
  try {
    reader.db.exec('BEGIN');
    reader.db.prepare('SELECT count(*) FROM sessions').get();
    assert.throws(() => purgeSession(store, 'no-such-session'), { code: 'SESSION_NOT_FOUND' });
    reader.db.exec('COMMIT');
  } finally {
    reader.close();
  }
});

test('a transcript that cannot be opened is named as the store names it: a secret in its name stays out of the error (a leak hunt)', () => {
  const secret = `xoxb-723268656355-${'4'.repeat(13)}-${'Ab9'.repeat(8)}`;
  const dir = join(t.dir, 'loops');
  mkdirSync(dir, { recursive: true });
  const loop = join(dir, `rollout-2026-01-01T00-00-00-${secret}.jsonl`);
  symlinkSync(loop, loop);
  assert.throws(() => importFile(store, 'codex', loop), (e: unknown) => {
    assert.ok(e instanceof TracebaseError && e.code === 'SOURCE_UNREADABLE', inspect(e));
    assert.match(e.message, /its symbolic links loop/);
    assert.ok(!e.message.includes(secret.slice(5)), e.message);
    assert.match(e.message, /\[REDACTED:slack\]/);
    return true;
  });
});
