// The HTTP server end to end: a real server on a random loopback port over a temp store
// imported from real-format transcripts. Every route, every guard rule, errors, paging, static.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveConfig } from '../src/core/config.ts';
import { importAll } from '../src/ingest/import.ts';
import { importFile } from '../src/ingest/import-file.ts';
import { claudeAdapter } from '../src/sources/claude/index.ts';
import { CSP } from '../src/server/guard.ts';
import { createServer, type TracebaseServer } from '../src/server/index.ts';
import { createMemo } from '../src/server/memo.ts';
import { parseDate } from '../src/core/dates.ts';
import { initStore, openStore, type Store } from '../src/store/store.ts';
import { claudeLines, writeCorpus } from './helpers/corpus.ts';
import { cliAsync, OWN_FIXTURES, tempEnv } from './helpers/env.ts';
import { http, type HttpInit, type HttpResult } from './helpers/http.ts';

interface Session {
  id: string;
  provider: string;
  parentId: string | null;
  isSubagent: boolean;
  cwd: string | null;
  models: string[];
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  events: number;
  toolCalls: number;
  toolErrors: number;
  tokens: { input: number; cacheRead: number; cacheWrite: number; output: number; reasoning: number };
}
interface Event {
  id: string;
  seq: number;
  sessionId: string;
  kind: string;
  tool: string | null;
  text: string | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const t = tempEnv();
const LONG_ID = '5a5a5a5a-0000-4000-8000-00000000beef';
const LONG_TURNS = 5000;
const logs: string[] = [];
let store: Store;
let server: TracebaseServer;
let port: number;
const extra: TracebaseServer[] = [];

const get = (target: string, init: HttpInit = {}) => http(port, target, init);
const json = async <T>(target: string, init: HttpInit = {}): Promise<T> => {
  const r = await get(target, init);
  assert.equal(r.status, 200, `${target}: ${r.text.slice(0, 300)}`);
  return r.json<T>();
};
const errorOf = (r: HttpResult) => r.json<{ error: { code: string; message: string } }>().error;

async function expectError(r: HttpResult | Promise<HttpResult>, status: number, code: string): Promise<string> {
  const res = await r;
  assert.equal(res.status, status, res.text.slice(0, 300));
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const e = errorOf(res);
  assert.equal(e.code, code, e.message);
  assert.ok(e.message.length > 10, 'the error says what is wrong');
  assert.doesNotMatch(res.text, /\n\s+at |node:internal|\.ts:\d+/, 'no stack trace');
  return e.message;
}

/** Sends raw bytes and collects everything the server sends until it closes the connection. */
function rawExchange(p: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(p, '127.0.0.1', () => socket.write(request));
    // (A guard against a test that would otherwise hang: the server must hang up by itself.)
    socket.setTimeout(15_000, () => reject(new Error('the server kept the connection open')));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function stillServing(): Promise<void> {
  const h = await json<{ ok: boolean }>('/api/health');
  assert.equal(h.ok, true);
}

async function allPages<T>(target: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    const sep = target.includes('?') ? '&' : '?';
    const page: Page<T> = await json<Page<T>>(cursor ? `${target}${sep}cursor=${encodeURIComponent(cursor)}` : target);
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

async function start(options: Parameters<typeof createServer>[0]['options'] = {}, env: Record<string, string> = {}): Promise<TracebaseServer> {
  const s = createServer({ store, config: resolveConfig({ ...t.env, ...env }), options: { port: 0, log: (l) => logs.push(l), ...options } });
  await s.listen();
  extra.push(s);
  return s;
}

const webRoot = join(t.dir, 'web');

before(async () => {
  const corpus = writeCorpus(join(t.dir, 'corpus'), 4, 6);
  const longDir = join(t.dir, 'long', '-home-dev-big');
  mkdirSync(longDir, { recursive: true });
  writeFileSync(join(longDir, `${LONG_ID}.jsonl`), `${claudeLines(LONG_ID, LONG_TURNS, '/home/dev/big').join('\n')}\n`);
  mkdirSync(join(webRoot, 'assets'), { recursive: true });
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Tracebase test build</title><script type="module" src="./assets/app-Ab12Cd34.js"></script>');
  writeFileSync(join(webRoot, 'assets', 'app-Ab12Cd34.js'), 'console.log("dashboard");');
  writeFileSync(join(webRoot, 'assets', 'style-Zz98Yy76.css'), 'body{}');
  writeFileSync(join(t.dir, 'secret.txt'), 'outside the web root');
  const config = resolveConfig(t.env);
  initStore(config);
  store = openStore(config);
  const report = importAll(store, {
    roots: {
      claude: [corpus.claude, join(t.dir, 'long'), join(OWN_FIXTURES, 'claude', 'projects')],
      codex: [corpus.codex, join(OWN_FIXTURES, 'codex', 'sessions')],
    },
  });
  assert.equal(report.totals.errors, 0);
  server = createServer({ store, config, options: { port: 0, webRoot, log: (l) => logs.push(l) } });
  await server.listen();
  port = server.port;
});

after(async () => {
  for (const s of extra) await s.close();
  await server?.close();
  store?.close();
  t.cleanup();
});

describe('API', () => {
  test('GET /api/health', async () => {
    const h = await json<Record<string, unknown>>('/api/health');
    assert.equal(h['ok'], true);
    assert.equal(typeof h['version'], 'string');
    assert.ok((h['sessions'] as number) >= 9);
    assert.ok((h['events'] as number) > 4 * LONG_TURNS);
    assert.match(String(h['lastImportAt']), /^\d{4}-/);
    assert.equal(h['intake'], false);
    assert.equal(h['remote'], false);
    // The CLI's health says the same.
    const { done } = cliAsync(t.env, ['health', '--json']);
    const cliHealth = JSON.parse((await done).stdout) as Record<string, unknown>;
    assert.deepEqual([cliHealth['sessions'], cliHealth['subagents'], cliHealth['events']], [h['sessions'], h['subagents'], h['events']]);
    assert.ok((h['subagents'] as number) > 0);
  });

  test('GET /api/sessions: newest first, durationMs, keyset paging returns every session once', async () => {
    const first = await json<Page<Session>>('/api/sessions?limit=500');
    assert.equal(first.nextCursor, null);
    const all = first.items;
    assert.ok(all.length >= 9);
    assert.ok(all.every((s) => !s.isSubagent), 'subagents are listed under their parent unless asked for');
    for (let i = 1; i < all.length; i++) assert.ok((all[i - 1]!.startedAt ?? '') >= (all[i]!.startedAt ?? ''), 'newest first');
    const long = all.find((s) => s.id === LONG_ID)!;
    assert.ok(long.durationMs! > 0 && long.durationMs === Date.parse(long.endedAt!) - Date.parse(long.startedAt!));
    const paged = await allPages<Session>('/api/sessions?limit=2');
    assert.deepEqual(paged.map((s) => s.id), all.map((s) => s.id));
  });

  test('GET /api/sessions: every sort order, both directions, paged', async () => {
    // A session with no start or duration comes last either way (a dashboard audit: first on "shortest first").
    const key = (dir: string) => ({
      started: (s: Session) => s.startedAt ?? (dir === '-' ? '' : '~'),
      duration: (s: Session) => s.durationMs ?? (dir === '-' ? -1 : Number.MAX_SAFE_INTEGER),
      tokens: (s: Session) => s.tokens.input + s.tokens.output,
      errors: (s: Session) => s.toolErrors,
      toolCalls: (s: Session) => s.toolCalls,
    });
    const all = (await json<Page<Session>>('/api/sessions?limit=500&includeSubagents=true')).items;
    assert.ok(all.some((s) => s.durationMs === null) && all.some((s) => s.durationMs !== null), 'sessions with and without a duration');
    for (const name of Object.keys(key(''))) {
      for (const dir of ['', '-']) {
        const k = key(dir)[name as keyof ReturnType<typeof key>];
        const items = await allPages<Session>(`/api/sessions?sort=${dir}${name}&limit=3&includeSubagents=true`);
        assert.equal(items.length, all.length, `${dir}${name}: every session once`);
        assert.equal(new Set(items.map((s) => s.id)).size, items.length);
        for (let i = 1; i < items.length; i++) {
          const a = k(items[i - 1]!);
          const b = k(items[i]!);
          assert.ok(dir === '-' ? a >= b : a <= b, `${dir}${name} order at ${i}: ${a} then ${b}`);
        }
      }
    }
  });

  test('GET /api/sessions: filters', async () => {
    const codex = (await json<Page<Session>>('/api/sessions?provider=codex&limit=500')).items;
    assert.ok(codex.length >= 4 && codex.every((s) => s.provider === 'codex'));
    const svc = (await json<Page<Session>>('/api/sessions?project=%2Fhome%2Fdev%2Fsvc')).items;
    assert.ok(svc.length >= 4 && svc.every((s) => s.cwd?.includes('/home/dev/svc')));
    const big = (await json<Page<Session>>('/api/sessions?project=dev/big')).items;
    assert.deepEqual(big.map((s) => s.id), [LONG_ID]);
    const model = (await json<Page<Session>>('/api/sessions?model=gpt-5.1-codex')).items;
    assert.ok(model.length >= 4 && model.every((s) => s.models.some((m) => m.includes('gpt-5.1-codex'))));
    // Part of the name, any case (a dashboard review: `haiku` found nothing).
    const part = (await json<Page<Session>>('/api/sessions?model=GPT-5.1&limit=500')).items;
    assert.ok(part.length >= model.length && part.every((s) => s.models.some((m) => m.toLowerCase().includes('gpt-5.1'))));
    const failing = (await json<Page<Session>>('/api/sessions?hasFailures=true&limit=500')).items;
    const passing = (await json<Page<Session>>('/api/sessions?hasFailures=false&limit=500')).items;
    assert.ok(failing.length > 0 && failing.every((s) => s.toolErrors > 0));
    assert.ok(passing.every((s) => s.toolErrors === 0));
    const q = (await json<Page<Session>>('/api/sessions?q=module4999')).items;
    assert.deepEqual(q.map((s) => s.id), [LONG_ID], 'full-text: sessions having a matching event');
    // Where it matched: the session's first matching event, a snippet around the term (a dashboard review: the list showed no hint).
    const m = (q[0] as Session & { match?: { eventId: string; kind: string; snippet: string; further: boolean } | null }).match!;
    const firstHit = (await json<Page<Event>>(`/api/events?q=module4999&sessionId=${LONG_ID}&limit=500`)).items.reduce((a, b) => (a.seq < b.seq ? a : b));
    assert.equal(m.eventId, firstHit.id);
    assert.equal(m.kind, firstHit.kind);
    assert.match(m.snippet, /«module4999»/);
    assert.equal(m.further, false);
    assert.equal((await json<Page<Session>>('/api/sessions?limit=5')).items.some((s) => 'match' in s), false, 'no match field without a query');
    const phrase = (await json<Page<Session>>('/api/sessions?q=%22build+step%22&limit=500')).items;
    assert.ok(phrase.length >= 4 && phrase.every((s) => s.provider === 'codex'));
    const literal = (await json<Page<Session>>('/api/sessions?q=module4999%22&literal=true')).items;
    assert.deepEqual(literal.map((s) => s.id), [LONG_ID], 'literal: the words as typed, operators and quotes included');
    // orLiteral: the same in one request where the syntax cannot take the text, and said; a valid search is left as it is.
    const fallback = await json<Page<Session> & { literal?: boolean }>('/api/sessions?q=module4999%22&orLiteral=true');
    assert.deepEqual([fallback.items.map((s) => s.id), fallback.literal], [[LONG_ID], true]);
    const valid = await json<Page<Session> & { literal?: boolean }>('/api/sessions?q=module4999&orLiteral=true');
    assert.deepEqual([valid.items.map((s) => s.id), valid.literal], [[LONG_ID], undefined]);
    await expectError(get('/api/sessions?q=%2B&orLiteral=true'), 400, 'QUERY_INVALID');
    const none = (await json<Page<Session>>('/api/sessions?q=zzyzxnothing')).items;
    assert.equal(none.length, 0);
    assert.deepEqual((await json<Page<Session>>('/api/sessions?since=2026-03-03&until=2026-03-02&limit=500')).items, [], 'a range ending before it starts holds nothing');
    const march2 = (await json<Page<Session>>('/api/sessions?since=2026-03-02&until=2026-03-02&limit=500')).items;
    assert.ok(march2.length >= 4 && march2.every((s) => s.startedAt!.startsWith('2026-03-02')));
    const old = (await json<Page<Session>>('/api/sessions?until=2025-12-31')).items;
    assert.ok(old.every((s) => s.startedAt! < '2026-01-01'));
    // An instant is exclusive: a session starting exactly then is not before it.
    const first = march2.reduce((a, b) => (a.startedAt! < b.startedAt! ? a : b));
    const before = (await json<Page<Session>>(`/api/sessions?until=${encodeURIComponent(first.startedAt!)}&limit=500`)).items;
    assert.ok(!before.some((s) => s.id === first.id) && before.every((s) => s.startedAt! < first.startedAt!));
    const withSubs = (await json<Page<Session>>('/api/sessions?includeSubagents=true&limit=500')).items;
    assert.ok(withSubs.some((s) => s.isSubagent));
  });

  test('GET /api/sessions/:id: session, subagent children, parent', async () => {
    const subs = (await json<Page<Session>>('/api/sessions?includeSubagents=true&limit=500')).items.filter((s) => s.isSubagent && s.parentId);
    assert.ok(subs.length > 0, 'the fixtures hold a subagent');
    const sub = subs[0]!;
    const parent = await json<{ session: Session; children: Session[]; parent: Session | null }>(`/api/sessions/${encodeURIComponent(sub.parentId!)}`);
    assert.equal(parent.session.id, sub.parentId);
    assert.ok(parent.children.some((c) => c.id === sub.id));
    assert.equal(parent.parent, null);
    const child = await json<{ session: Session; children: Session[]; parent: Session | null }>(`/api/sessions/${encodeURIComponent(sub.id)}`);
    assert.equal(child.parent?.id, sub.parentId);
    await expectError(get('/api/sessions/no-such-session'), 404, 'SESSION_NOT_FOUND');
  });

  test('GET /api/sessions?q=: a match in a subagent lists its parent, with or without subagents shown', async () => {
    const sub = (await json<Page<Session>>('/api/sessions?includeSubagents=true&limit=500')).items.find((s) => s.isSubagent && s.parentId)!;
    // A word of the subagent's own text that its parent does not use.
    const own = async (id: string) => new Set((await allPages<Event>(`/api/events?sessionId=${encodeURIComponent(id)}&limit=500`)).flatMap((e) => (e.text ?? '').toLowerCase().match(/\b[a-z]{6,}\b/g) ?? []));
    const parentWords = await own(sub.parentId!);
    const word = [...(await own(sub.id))].find((w) => !parentWords.has(w));
    assert.ok(word, 'the subagent has a word of its own');
    const ids = async (extra: string) => (await json<Page<Session>>(`/api/sessions?q=${word}&limit=500${extra}`)).items.map((s) => s.id);
    const main = await ids('');
    const wide = await ids('&includeSubagents=true');
    assert.ok(main.includes(sub.parentId!));
    assert.ok(wide.includes(sub.parentId!) && wide.includes(sub.id), 'showing subagents only adds to the list');
    const listed = (await json<Page<Session & { match?: { eventId: string; snippet: string } | null }>>(`/api/sessions?q=${word}&limit=500&includeSubagents=true`)).items;
    assert.equal(listed.find((s) => s.id === sub.parentId)!.match, null, 'the parent matched through its subagent only');
    assert.ok(listed.find((s) => s.id === sub.id)!.match!.snippet.toLowerCase().includes(`«${word}»`));
    assert.ok(main.every((id) => wide.includes(id)));
  });

  test('GET /api/events?sessionId: a 20,000-event session pages in order, every event exactly once', async () => {
    const s = (await json<{ session: Session }>(`/api/sessions/${LONG_ID}`)).session;
    assert.ok(s.events >= 4 * LONG_TURNS);
    const t0 = performance.now();
    const events = await allPages<Event>(`/api/events?sessionId=${LONG_ID}&limit=500`);
    const ms = performance.now() - t0;
    assert.equal(events.length, s.events);
    assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'no event twice');
    for (let i = 1; i < events.length; i++) assert.ok(events[i]!.seq > events[i - 1]!.seq, 'ascending seq');
    assert.ok(events.every((e) => e.sessionId === LONG_ID));
    assert.ok(ms < 20_000, `paging took ${ms} ms`);
    const calls = await allPages<Event>(`/api/events?sessionId=${LONG_ID}&kind=tool_call&limit=500`);
    assert.equal(calls.length, s.toolCalls);
    assert.ok(calls.every((e) => e.kind === 'tool_call' && e.tool === 'Bash'));
  });

  test('GET /api/events: search, filters, newest events, one event', async () => {
    const hits = await json<Page<Event & { snippet?: string }>>('/api/events?q=module4999&limit=50');
    assert.ok(hits.items.length > 0 && hits.items.every((e) => e.sessionId === LONG_ID));
    assert.ok(hits.items.some((e) => e.snippet?.includes('«module4999»')));
    for (let i = 1; i < hits.items.length; i++) assert.ok(hits.items[i]!.seq < hits.items[i - 1]!.seq, 'search: newest first');
    const ranked = await json<Page<Event>>('/api/events?q=module4999&rank=true&limit=50');
    assert.deepEqual(new Set(ranked.items.map((e) => e.id)), new Set(hits.items.map((e) => e.id)));
    const scoped = await allPages<Event>(`/api/events?q=module&sessionId=${LONG_ID}&kind=user_prompt&limit=500`);
    assert.ok(scoped.length >= 1000 && scoped.every((e) => e.kind === 'user_prompt' && e.sessionId === LONG_ID));
    assert.equal(new Set(scoped.map((e) => e.id)).size, scoped.length);
    const tool = await json<Page<Event>>('/api/events?tool=exec_command&provider=codex&limit=5');
    assert.ok(tool.items.length === 5 && tool.items.every((e) => e.tool === 'exec_command'));
    const recent = await json<Page<Event>>('/api/events?limit=10');
    assert.equal(recent.items.length, 10);
    for (let i = 1; i < 10; i++) assert.ok(recent.items[i]!.seq < recent.items[i - 1]!.seq, 'newest first');
    const next = await json<Page<Event>>(`/api/events?limit=10&cursor=${recent.nextCursor}`);
    assert.ok(next.items[0]!.seq < recent.items[9]!.seq);
    const since = await json<Page<Event>>('/api/events?since=2026-03-02T00:00:00Z&provider=codex&limit=20');
    assert.ok(since.items.length > 0);
    const one = await json<Event>(`/api/events/${recent.items[0]!.id}`);
    assert.equal(one.id, recent.items[0]!.id);
    await expectError(get('/api/events/0123456789abcdef01234567'), 404, 'RECORD_NOT_FOUND');
    await expectError(get('/api/events/not-an-id'), 400, 'INVALID_REQUEST');
    await expectError(get('/api/events?sessionId=nope'), 404, 'SESSION_NOT_FOUND');
  });

  test('GET /api/session-metrics: per call for a session, per day across sessions, shared keys counted once', async () => {
    const all = (await json<Page<Session>>('/api/sessions?includeSubagents=true&limit=500')).items;
    const s = all.find((x) => x.id === LONG_ID)!;
    const m = await json<{ sessionId: string; series: { ts: string; model: string; input: number; output: number; counted: boolean; calls?: number }[] }>(
      `/api/session-metrics?sessionId=${LONG_ID}`,
    );
    // Its 5,000 calls in at most 2,000 points (a perf audit: one per call made 14.7 MB for a long
    // session), every call in one of them, the sums exact.
    assert.ok(m.series.length <= 2000 && m.series.length >= 1000, String(m.series.length));
    assert.equal(m.series.reduce((a, p) => a + (p.calls ?? 1), 0), LONG_TURNS);
    for (let i = 1; i < m.series.length; i++) assert.ok(m.series[i]!.ts >= m.series[i - 1]!.ts);
    const counted = m.series.filter((p) => p.counted);
    assert.equal(counted.reduce((a, p) => a + p.input, 0), s.tokens.input);
    assert.equal(counted.reduce((a, p) => a + p.output, 0), s.tokens.output);
    // Its tools: every call of it, and every failed one (1 in 3), add up to its toolCalls and toolErrors.
    const use = await json<{ tools: { name: string; calls: number; errors: number; durationMs: number }[]; files: unknown[]; filesTotal: number }>(`/api/session-metrics?sessionId=${LONG_ID}`);
    assert.deepEqual(use.tools.map((x) => [x.name, x.calls, x.errors]), [['Bash', LONG_TURNS, Math.ceil(LONG_TURNS / 3)]]);
    assert.equal(s.toolCalls, LONG_TURNS);
    assert.equal(s.toolErrors, Math.ceil(LONG_TURNS / 3));
    assert.deepEqual([use.files, use.filesTotal], [[], 0], 'its calls named no file');

    const byDay = (await json<{ byDay: { day: string; provider: string; input: number; output: number; sessions: number }[] }>('/api/session-metrics')).byDay;
    const sum = (k: 'input' | 'output') => byDay.reduce((a, d) => a + d[k], 0);
    assert.equal(sum('input'), all.reduce((a, x) => a + x.tokens.input, 0), 'per-day totals equal the owned session totals');
    assert.equal(sum('output'), all.reduce((a, x) => a + x.tokens.output, 0));
    const codex = (await json<{ byDay: { provider: string; day: string }[] }>('/api/session-metrics?provider=codex&since=2026-03-01&until=2026-03-31')).byDay;
    assert.ok(codex.length > 0 && codex.every((d) => d.provider === 'codex' && d.day.startsWith('2026-03')));
    await expectError(get('/api/session-metrics?sessionId=nope'), 404, 'SESSION_NOT_FOUND');
    await expectError(get(`/api/session-metrics?sessionId=${LONG_ID}&since=7d`), 400, 'INVALID_REQUEST');
  });

  test('not-yet-built endpoints answer 501 with what is missing', async () => {
    for (const p of ['/api/traces', '/api/spans', '/api/llmobs/traces', '/api/llmobs/spans', '/api/trace-diff', '/api/run-compare', '/api/export', `/api/summaries/session/${LONG_ID}`]) {
      const msg = await expectError(get(p), 501, 'NOT_IMPLEMENTED');
      assert.match(msg, /later issue|not available/);
    }
    await expectError(get('/api/export', { method: 'POST', body: '{}' }), 501, 'NOT_IMPLEMENTED');
    await expectError(get(`/api/summaries/session/${LONG_ID}`, { method: 'POST', body: '{"runner":"codex"}' }), 501, 'NOT_IMPLEMENTED');
    // Summary requests name an allowlisted runner and nothing else.
    await expectError(get(`/api/summaries/session/${LONG_ID}`, { method: 'POST', body: '{"runner":"bash"}' }), 400, 'INVALID_REQUEST');
    await expectError(get(`/api/summaries/session/${LONG_ID}`, { method: 'POST', body: '{"runner":"codex","command":"rm -rf /"}' }), 400, 'INVALID_REQUEST');
    await expectError(get('/api/summaries/session/nope', { method: 'POST', body: '{"runner":"claude"}' }), 404, 'SESSION_NOT_FOUND');
  });

  test('unknown routes and methods: JSON 404 / 405', async () => {
    await expectError(get('/api/nope'), 404, 'NOT_FOUND');
    await expectError(get('/api'), 404, 'NOT_FOUND');
    await expectError(get('/api/sessions/a/b/c'), 404, 'NOT_FOUND');
    const r = await get('/api/sessions', { method: 'DELETE' });
    await expectError(r, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(r.headers['allow'], 'GET');
    await stillServing();
  });
});

describe('bad input → 400 with the reason, and the server keeps serving', () => {
  const cases: [string, string, string][] = [
    ['unknown parameter', '/api/sessions?color=blue', 'color'],
    ['parameter twice', '/api/sessions?limit=1&limit=2', 'more than once'],
    ['NUL byte', '/api/sessions?q=abc%00def', 'NUL'],
    ['NUL in a path parameter', '/api/sessions/abc%00', 'NUL'],
    ['bad percent-encoding', '/api/sessions?q=%E0%A4%A', 'percent-encoding'],
    ['invalid UTF-8', '/api/sessions?q=%C3%28', 'UTF-8'],
    ['non-encoded bytes', '/api/sessions?q=\u00e9', 'percent-encoded'],
    ['absurd page size', '/api/sessions?limit=100000', 'limit'],
    ['zero page size', '/api/events?limit=0', 'limit'],
    ['negative page size', '/api/events?limit=-5', 'limit'],
    ['non-numeric page size', '/api/events?limit=ten', 'limit'],
    ['bad date', '/api/sessions?since=yesterday', 'since'],
    ['impossible date', '/api/sessions?until=2026-02-30', 'until'],
    ['bad date (events)', '/api/events?since=2026-13-01', 'since'],
    ['bad provider', '/api/sessions?provider=gemini', 'provider'],
    ['bad sort', '/api/sessions?sort=name', 'sort'],
    ['bad boolean', '/api/sessions?hasFailures=maybe', 'hasFailures'],
    ['bad kind', '/api/events?kind=nonsense', 'kind'],
    ['bad cursor', '/api/sessions?cursor=!!!', 'cursor'],
    ['forged cursor', `/api/sessions?cursor=${Buffer.from('{"s":"-started","k":1}').toString('base64url')}`, 'cursor'],
    ['cursor of another sort', `/api/sessions?sort=tokens&cursor=${Buffer.from('{"s":"-started","k":"2026","id":"x"}').toString('base64url')}`, 'cursor'],
    ['cursor of another mode', `/api/events?q=test&cursor=${Buffer.from('{"m":"t","a":5}').toString('base64url')}`, 'cursor'],
    ['unknown parameter (health)', '/api/health?x=1', 'x'],
    ['unknown parameter (metrics)', '/api/session-metrics?day=1', 'day'],
    ['overlong text', `/api/sessions?project=${'a'.repeat(600)}`, 'project'],
  ];
  for (const [name, target, mentions] of cases) {
    test(name, async () => {
      const msg = await expectError(get(target), 400, 'INVALID_REQUEST');
      assert.ok(msg.toLowerCase().includes(mentions.toLowerCase()), `message names the problem: ${msg}`);
      await stillServing();
    });
  }
  test('bad full-text syntax', async () => {
    for (const q of ['%22unterminated', 'AND', 'foo%20AND', 'NEAR(', '*', encodeURIComponent('🎉'), `${encodeURIComponent('🎉')}&literal=true`]) {
      await expectError(get(`/api/sessions?q=${q}`), 400, 'QUERY_INVALID');
      await expectError(get(`/api/events?q=${q}`), 400, 'QUERY_INVALID');
    }
    await stillServing();
  });
  test('bad JSON bodies', async () => {
    const target = `/api/summaries/session/${LONG_ID}`;
    await expectError(get(target, { method: 'POST', body: '{"runner": ' }), 400, 'INVALID_REQUEST');
    await expectError(get(target, { method: 'POST', body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), 400, 'INVALID_REQUEST');
    await expectError(get(target, { method: 'POST', body: '' }), 400, 'INVALID_REQUEST');
    await expectError(get(target, { method: 'POST', body: '[1,2]' }), 400, 'INVALID_REQUEST');
    await expectError(get(target, { method: 'POST', body: 'runner=codex', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // Every POST, a not-yet-built one too (a new-user pass: the export answered 501 to any body).
    await expectError(get('/api/export', { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(get('/api/export', { method: 'POST', body: '{bad' }), 400, 'INVALID_REQUEST');
    await stillServing();
  });
  test('oversize body → 413', async () => {
    const big = JSON.stringify({ runner: 'codex', pad: 'x'.repeat(1_100_000) });
    await expectError(get(`/api/summaries/session/${LONG_ID}`, { method: 'POST', body: big }), 413, 'PAYLOAD_TOO_LARGE');
    // Chunked (no Content-Length): cut off while reading.
    const chunked = await new Promise<HttpResult>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: `/api/summaries/session/${LONG_ID}`, headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, agent: false }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T }));
        });
        req.on('error', reject);
        for (let i = 0; i < 20; i++) req.write('x'.repeat(100_000));
        req.end();
      }, reject);
    });
    await expectError(chunked, 413, 'PAYLOAD_TOO_LARGE');
    await stillServing();
  });
});

describe('guard', () => {
  const HEADERS = {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
  test('security headers on every response; no-store on the API', async () => {
    for (const target of ['/api/health', '/api/nope', '/api/sessions?x=1', '/', '/assets/app-Ab12Cd34.js', '/missing.png']) {
      const r = await get(target);
      for (const [k, v] of Object.entries(HEADERS)) assert.equal(r.headers[k], v, `${k} on ${target}`);
      if (target.startsWith('/api')) assert.equal(r.headers['cache-control'], 'no-store');
    }
    const forbidden = await get('/api/health', { host: 'evil.example:80' });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.headers['content-security-policy'], CSP);
  });

  test('Host must be this server (DNS rebinding) → 403', async () => {
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, 'localhost', `127.0.0.1.nip.io:${port}`, `localhost:${port}.evil.example`, '']) {
      await expectError(get('/api/health', { host }), 403, 'FORBIDDEN_HOST');
      await expectError(get('/', { host }), 403, 'FORBIDDEN_HOST');
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      assert.equal((await get('/api/health', { host })).status, 200, host);
    }
    await stillServing();
  });

  test('state-changing requests with a foreign Origin → 403; own Origin and no Origin pass', async () => {
    const target = `/api/summaries/session/${LONG_ID}`;
    const body = '{"runner":"codex"}';
    for (const origin of ['http://evil.example', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, 'null', `http://localhost:${port}.evil.example`]) {
      await expectError(get(target, { method: 'POST', body, headers: { origin } }), 403, 'FORBIDDEN_ORIGIN');
    }
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, undefined]) {
      await expectError(get(target, { method: 'POST', body, headers: origin ? { origin } : {} }), 501, 'NOT_IMPLEMENTED');
    }
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      await expectError(get('/api/sessions', { method, headers: { origin: 'http://evil.example' } }), 403, 'FORBIDDEN_ORIGIN');
    }
    // Reads are not state-changing: the browser's same-origin policy keeps their answers from other sites.
    assert.equal((await get('/api/health', { headers: { origin: 'http://evil.example' } })).status, 200);
  });

  test('requests from other sites (Sec-Fetch-Site) → 403 before any work; the dashboard and typed addresses pass', async () => {
    // A page on another port of localhost is "same-site": it could make this server search
    // without reading the answers (a security review: 7 such GETs kept it busy for 21 s).
    for (const site of ['cross-site', 'same-site']) {
      await expectError(get('/api/events?q=test*', { headers: { 'sec-fetch-site': site } }), 403, 'FORBIDDEN_ORIGIN');
      await expectError(get('/api/sessions', { headers: { 'sec-fetch-site': site, 'sec-fetch-mode': 'no-cors' } }), 403, 'FORBIDDEN_ORIGIN');
      // The page itself may be opened from a link anywhere.
      assert.equal((await get('/', { headers: { 'sec-fetch-site': site } })).status, 200);
    }
    for (const site of ['same-origin', 'none']) assert.equal((await get('/api/health', { headers: { 'sec-fetch-site': site } })).status, 200, site);
  });

  test('a request with no Host header → 403 with the security headers (not a bare 400)', async () => {
    const answer = await rawExchange(port, 'GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 403 /);
    assert.match(answer, /FORBIDDEN_HOST/);
    assert.match(answer, /\r\ncontent-security-policy: /i);
  });

  test('a request with two Host headers → 403, whichever comes first', async () => {
    for (const hosts of [[`127.0.0.1:${port}`, 'evil.example'], ['evil.example', `127.0.0.1:${port}`], [`127.0.0.1:${port}`, `127.0.0.1:${port}`]]) {
      const answer = await rawExchange(port, `GET /api/health HTTP/1.1\r\n${hosts.map((h) => `Host: ${h}\r\n`).join('')}Connection: close\r\n\r\n`);
      assert.match(answer, /^HTTP\/1\.1 403 /, hosts.join(' + '));
      assert.match(answer, /FORBIDDEN_HOST/);
    }
  });

  test('a refused request with a body it did not read closes the connection (no endless upload)', async () => {
    // Chunked and never finished: the server answers, then hangs up instead of reading on.
    const answer = await rawExchange(port, `POST /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{"a"\r\n`);
    assert.match(answer, /^HTTP\/1\.1 403 /);
    assert.match(answer, /INTAKE_DISABLED/);
    assert.match(answer, /\r\nconnection: close\r\n/i);
    await stillServing();
  });

  test('intake is off by default → 403 on every intake route', async () => {
    // With a trailing slash too: the router drops it, so the gate must as well.
    for (const p of ['/api/events', '/api/spans', '/api/intake', '/api/events/', '/api/intake/']) {
      const msg = await expectError(get(p, { method: 'POST', body: '{"kind":"custom"}' }), 403, 'INTAKE_DISABLED');
      assert.match(msg, /agent|allow-intake/);
    }
    // Origin is checked before the intake gate.
    await expectError(get('/api/events', { method: 'POST', body: '{}', headers: { origin: 'http://evil.example' } }), 403, 'FORBIDDEN_ORIGIN');
    await stillServing();
  });

  test('intake on (allowIntake / TRACEBASE_ALLOW_INTAKE=1) → bodies checked, then 501', async () => {
    for (const s of [await start({ allowIntake: true }), await start({}, { TRACEBASE_ALLOW_INTAKE: '1' })]) {
      const h = await http(s.port, '/api/health');
      assert.equal(h.json<{ intake: boolean }>().intake, true);
      for (const p of ['/api/events', '/api/spans', '/api/intake']) {
        await expectError(http(s.port, p, { method: 'POST', body: '{"kind":"custom","text":"hello"}' }), 501, 'NOT_IMPLEMENTED');
        await expectError(http(s.port, p, { method: 'POST', body: '{"kind": nope' }), 400, 'INVALID_REQUEST');
        await expectError(http(s.port, p, { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(1_200_000) }) }), 413, 'PAYLOAD_TOO_LARGE');
      }
      await expectError(http(s.port, '/api/intake', { method: 'POST', body: '{}', headers: { origin: 'http://evil.example' } }), 403, 'FORBIDDEN_ORIGIN');
      assert.equal((await http(s.port, '/api/health')).status, 200);
    }
  });

  test('raw blob reads are off unless TRACEBASE_ALLOW_RAW_BLOB_API=1', async () => {
    const ev = (await json<Page<Event>>(`/api/events?sessionId=${LONG_ID}&kind=user_prompt&limit=1`)).items[0]!;
    const msg = await expectError(get(`/api/events/${ev.id}/raw`), 403, 'RAW_BLOB_DISABLED');
    assert.match(msg, /TRACEBASE_ALLOW_RAW_BLOB_API=1/);
    await expectError(get(`/api/events/${ev.id}/raw/`), 403, 'RAW_BLOB_DISABLED');
    const on = await start({}, { TRACEBASE_ALLOW_RAW_BLOB_API: '1' });
    const r = await http(on.port, `/api/events/${ev.id}/raw`);
    assert.equal(r.status, 200, r.text);
    const raw = JSON.parse(r.json<{ raw: string }>().raw) as { sessionId: string; message: { content: string } };
    assert.equal(raw.sessionId, LONG_ID);
    assert.match(raw.message.content, /Please run the tests/);
    await expectError(http(on.port, '/api/events/0123456789abcdef01234567/raw'), 404, 'RECORD_NOT_FOUND');
  });

  test('raw export needs x-tracebase-raw-export: 1 (checked before the 501)', async () => {
    // Any value but an explicit no asks for raw events (a review: `raw=TRUE` and `raw=yes` passed).
    for (const raw of ['1', 'true', 'TRUE', 'yes', 'on']) {
      const msg = await expectError(get(`/api/export?raw=${raw}&sessionId=${LONG_ID}`), 403, 'RAW_EXPORT_HEADER_REQUIRED');
      assert.match(msg, /x-tracebase-raw-export: 1/);
      await expectError(get(`/api/export/?raw=${raw}`), 403, 'RAW_EXPORT_HEADER_REQUIRED');
      await expectError(get(`/api/export?raw=${raw}`, { headers: { 'x-tracebase-raw-export': 'yes' } }), 403, 'RAW_EXPORT_HEADER_REQUIRED');
      await expectError(get(`/api/export?raw=${raw}`, { method: 'POST', body: '{}' }), 403, 'RAW_EXPORT_HEADER_REQUIRED');
      await expectError(get(`/api/export?raw=${raw}`, { headers: { 'x-tracebase-raw-export': '1' } }), 501, 'NOT_IMPLEMENTED');
    }
    for (const raw of ['0', 'false', 'no']) await expectError(get(`/api/export?raw=${raw}`), 501, 'NOT_IMPLEMENTED');
    // A POST asks in its body.
    for (const raw of [true, 1, 'yes']) {
      await expectError(get('/api/export', { method: 'POST', body: JSON.stringify({ raw }) }), 403, 'RAW_EXPORT_HEADER_REQUIRED');
    }
    await expectError(get('/api/export', { method: 'POST', body: '{"raw":true}', headers: { 'x-tracebase-raw-export': '1' } }), 501, 'NOT_IMPLEMENTED');
    await expectError(get('/api/export', { method: 'POST', body: '{"raw":false}' }), 501, 'NOT_IMPLEMENTED');
  });

  test('a non-loopback bind is refused without --allow-remote', () => {
    const config = resolveConfig(t.env);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      assert.throws(() => createServer({ store, config, options: { host, port: 0 } }), (e: { code?: string; message?: string }) => {
        assert.equal(e.code, 'REMOTE_NOT_ALLOWED');
        assert.match(e.message!, /not a loopback address/);
        return true;
      });
    }
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
      assert.doesNotThrow(() => createServer({ store, config, options: { host, port: 0 } }));
    }
  });

  test('remote (allowRemote or TRACEBASE_ALLOW_REMOTE=1) requires the token as a bearer on every API route; no cookie', async () => {
    const viaEnv = await start({ host: '0.0.0.0' }, { TRACEBASE_ALLOW_REMOTE: '1' });
    assert.ok(viaEnv.token && viaEnv.token.length >= 43);
    const s = await start({ host: '0.0.0.0', allowRemote: true, webRoot });
    const token = s.token!;
    assert.notEqual(token, viaEnv.token, 'a fresh random token per server');
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    const p = s.port;
    const host = `127.0.0.1:${p}`;
    await expectError(http(p, '/api/health', { host }), 401, 'UNAUTHORIZED');
    await expectError(http(p, '/api/health', { host, headers: { authorization: `Bearer ${token.slice(0, -1)}x` } }), 401, 'UNAUTHORIZED');
    await expectError(http(p, '/api/health', { host, headers: { authorization: 'Bearer short' } }), 401, 'UNAUTHORIZED');
    await expectError(http(p, '/api/health', { host, headers: { authorization: `Basic ${token}` } }), 401, 'UNAUTHORIZED');
    await expectError(http(p, '/api/health', { host, headers: { authorization: `Bearer ${viaEnv.token}` } }), 401, 'UNAUTHORIZED');
    const ok = await http(p, '/api/health', { host, headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.equal(ok.json<{ remote: boolean }>().remote, true);
    // Host is still checked first, even with the right token.
    await expectError(http(p, '/api/health', { host: `evil.example:${p}`, headers: { authorization: `Bearer ${token}` } }), 403, 'FORBIDDEN_HOST');

    // The dashboard's own files hold no data: they load without the token (the page keeps the
    // link's ?token= for its address and sends it as a bearer). No cookie is set: a browser
    // would send it to every port of this host (a security review).
    for (const path of ['/', `/?token=${token}&view=x`, '/assets/app-Ab12Cd34.js']) {
      const page = await http(p, path, { host });
      assert.equal(page.status, 200, path);
      assert.equal(page.headers['set-cookie'], undefined);
    }
    // No other way in: a query token, a cookie, a path that is no route.
    await expectError(http(p, `/api/health?token=${token}`, { host }), 401, 'UNAUTHORIZED');
    await expectError(http(p, '/api/health', { host, headers: { cookie: `tracebase_token_${p}=${token}` } }), 401, 'UNAUTHORIZED');
    await expectError(http(p, '/api/sessions/', { host }), 401, 'UNAUTHORIZED');
    const encoded = await http(p, '/%61pi/health', { host });
    assert.notEqual(encoded.status, 200);
    assert.doesNotMatch(encoded.text, /"sessions"/);
  });
});

describe('static dashboard', () => {
  test('files with content types and cache rules; other paths sent to the hash routes', async () => {
    const index = await get('/');
    assert.equal(index.status, 200);
    assert.equal(index.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(index.text, /Tracebase test build/);
    assert.equal(index.headers['cache-control'], 'no-cache');
    const js = await get('/assets/app-Ab12Cd34.js');
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.text, 'console.log("dashboard");');
    assert.equal((await get('/assets/style-Zz98Yy76.css')).headers['content-type'], 'text/css; charset=utf-8');
    // Views are hash routes: a path is sent there (served as the page, its relative asset links would break).
    const route = await get('/session/abc?x=1');
    assert.equal(route.status, 302);
    assert.equal(route.headers['location'], '/#/session/abc?x=1');
    // A token pasted into the path is redacted there too (an API sweep: the one answer that was not).
    const pasted = await get('/session/x?y=ghp_Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5b');
    assert.equal(pasted.headers['location'], '/#/session/x?y=[REDACTED:github]');
    assert.equal((await get('/assets/missing-Ab12Cd34.js')).status, 404);
    const head = await get('/', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
    await expectError(get('/', { method: 'POST', body: '{}' }), 405, 'METHOD_NOT_ALLOWED');
  });

  test('no directory traversal', async () => {
    for (const target of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%2f%2e%2e%2fsecret.txt', '/..\\secret.txt', '/%2e%2e%5csecret.txt', '/assets/../../secret.txt']) {
      const r = await get(target);
      assert.ok([400, 403, 404].includes(r.status) || (r.status === 200 && r.text.includes('Tracebase test build')), `${target}: ${r.status}`);
      assert.doesNotMatch(r.text, /outside the web root/, target);
    }
    await stillServing();
  });

  test('without a build: a page that says how to build it', async () => {
    const s = await start({ webRoot: join(t.dir, 'no-such-build') });
    const r = await http(s.port, '/');
    assert.equal(r.status, 200);
    assert.match(r.text, /Dashboard not built: run <code>npm run build<\/code>/);
    assert.equal(r.headers['content-security-policy'], CSP);
  });
});

describe('lifecycle and CLI', () => {
  test('close() lets an in-flight request finish', async () => {
    const s = await start();
    // Closed once the server is answering (a fixed wait raced the connection under load).
    let closed: Promise<void> | undefined;
    const r = await http(s.port, `/api/events?sessionId=${LONG_ID}&limit=500`, { onResponse: () => { closed = s.close(); } });
    await closed;
    assert.equal(r.status, 200);
    assert.ok(r.json<{ items: unknown[] }>().items.length > 0, 'the whole body arrived');
    await assert.rejects(http(s.port, '/api/health'));
  });

  test('serve: prints the URL, serves, exits 0 on SIGTERM; agent has intake on', async () => {
    for (const cmd of ['serve', 'agent']) {
      const { child, done } = cliAsync(t.env, [cmd, '--port', '0']);
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d) => {
          out += d;
          const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
          if (m) resolve(m[0]);
        });
        child.on('close', () => reject(new Error(`exited early: ${out}`)));
      });
      const p = Number(new URL(url).port);
      const h = await http(p, '/api/health');
      assert.equal(h.json<{ intake: boolean }>().intake, cmd === 'agent');
      child.kill('SIGTERM');
      const r = await done;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /SIGTERM/);
    }
  });

  test('serve: port in use → clear message, exit 1; remote host without --allow-remote → exit 2', async () => {
    const blocker = createNetServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const r = await cliAsync(t.env, ['serve', '--port', String(busy)]).done;
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`Port ${busy} is in use; pass --port N or stop the other server`));
    } finally {
      blocker.close();
    }
    const remote = await cliAsync(t.env, ['serve', '--host', '0.0.0.0', '--port', '0']).done;
    assert.equal(remote.code, 2);
    assert.match(remote.stderr, /--allow-remote/);
    const bad = await cliAsync(t.env, ['serve', '--port', '99999']).done;
    assert.equal(bad.code, 2);
  });

  test('serve --allow-remote prints the token; requests need it', async () => {
    const { child, done } = cliAsync(t.env, ['serve', '--host', '0.0.0.0', '--allow-remote', '--port', '0']);
    const out = await new Promise<string>((resolve, reject) => {
      let s = '';
      child.stdout!.on('data', (d) => {
        s += d;
        if (/Access token.*: \S+\n/.test(s)) resolve(s);
      });
      child.on('close', () => reject(new Error(`exited early: ${s}`)));
    });
    const token = /Access token.*: (\S+)\n/.exec(out)![1]!;
    const p = Number(/:(\d+)\/\?token=/.exec(out)![1]);
    assert.ok(out.includes(`?token=${token}`));
    assert.equal((await http(p, '/api/health', { host: `127.0.0.1:${p}` })).status, 401);
    assert.equal((await http(p, '/api/health', { host: `127.0.0.1:${p}`, headers: { authorization: `Bearer ${token}` } })).status, 200);
    child.kill('SIGINT');
    assert.equal((await done).code, 0);
  });

  test('no 5xx was logged', () => {
    assert.deepEqual(logs, []);
  });
});

test('per-day token totals are remembered between requests, and recomputed once another import commits', async () => {
  const u = tempEnv();
  const config = resolveConfig(u.env);
  initStore(config);
  const mine = openStore(config);
  const dir = join(u.dir, 'claude', '-home-dev-app');
  mkdirSync(dir, { recursive: true });
  const write = (id: string) => writeFileSync(join(dir, `${id}.jsonl`), `${claudeLines(id, 3).join('\n')}\n`);
  const importHere = (s: Store) => assert.equal(importAll(s, { roots: { claude: [join(u.dir, 'claude')], codex: [] } }).totals.errors, 0);
  write('11111111-2222-4333-8444-555555555555');
  importHere(mine);
  const s = createServer({ store: mine, config, options: { port: 0, log: (l) => logs.push(l) } });
  await s.listen();
  try {
    const output = async () => {
      const r = await http(s.port, '/api/session-metrics');
      assert.equal(r.status, 200);
      return r.json<{ byDay: { output: number }[] }>().byDay.reduce((a, d) => a + d.output, 0);
    };
    const first = await output();
    assert.ok(first > 0);
    assert.equal(await output(), first);
    // Another process imports a second session: the next answer includes it.
    write('66666666-7777-4888-8999-000000000000');
    const other = openStore(config);
    importHere(other);
    other.close();
    assert.equal(await output(), first * 2, 'the same three turns again: twice the output');
  } finally {
    await s.close();
    mine.close();
    u.cleanup();
  }
});

test('an age (since=7d) asked twice within a minute is the same instant, so its by-day answer is remembered', () => {
  const at = Date.parse('2026-11-25T10:20:30.500Z');
  assert.equal(parseDate('7d', at)?.toISOString(), '2026-11-18T10:20:00.000Z');
  assert.equal(parseDate('7d', at + 29_000)?.toISOString(), '2026-11-18T10:20:00.000Z');
  assert.equal(parseDate('30m', at + 30_000)?.toISOString(), '2026-11-25T09:51:00.000Z', 'the next minute moves it');
  assert.equal(parseDate('2026-11-01T00:00:00Z', at)?.toISOString(), '2026-11-01T00:00:00.000Z', 'dates are exact');

  const u = tempEnv();
  const config = resolveConfig(u.env);
  initStore(config);
  const mine = openStore(config);
  try {
    const memo = createMemo(mine);
    let computed = 0;
    const ask = () => memo('byDay {"since":"x"}', () => ++computed);
    assert.equal(ask(), 1);
    assert.equal(ask(), 1, 'remembered while the store is unchanged');
    const other = openStore(config);
    other.db.exec("INSERT INTO meta (k, v) VALUES ('test', '1')");
    other.close();
    assert.equal(ask(), 2, 'another connection committed: recomputed');
    mine.db.exec("INSERT INTO meta (k, v) VALUES ('test2', '1')");
    assert.equal(ask(), 3, 'this connection wrote: recomputed');
    assert.equal(ask(), 3);
  } finally {
    mine.close();
    u.cleanup();
  }
});

test('search pages neither repeat nor skip when events are imported between them; a cursor is tied to its query', async () => {
  const u = tempEnv();
  const config = resolveConfig(u.env);
  initStore(config);
  const mine = openStore(config);
  const s = createServer({ store: mine, config, options: { port: 0, log: () => {} } });
  await s.listen();
  let files = 0;
  /** A new session whose `n` prompts all hold the word. */
  const add = (n: number) => {
    const id = `c0ffee00-0000-4000-8000-00000000000${files++}`;
    const dir = join(u.dir, 'projects', '-home-dev-paging');
    mkdirSync(dir, { recursive: true });
    const lines = Array.from({ length: n }, (_, i) =>
      JSON.stringify({ type: 'user', sessionId: id, uuid: `${id}-${i}`, timestamp: `2026-05-01T10:00:0${i}.000Z`, message: { role: 'user', content: `pagingword prompt ${i}` } }),
    );
    writeFileSync(join(dir, `${id}.jsonl`), `${lines.join('\n')}\n`);
    importFile(mine, claudeAdapter, join(dir, `${id}.jsonl`));
  };
  const page = async (target: string) => {
    const r = await http(s.port, target);
    assert.equal(r.status, 200, r.text);
    return r.json<Page<Event>>();
  };
  try {
    add(5);
    const before = new Set((await page('/api/events?q=pagingword&limit=50')).items.map((e) => e.id));
    assert.equal(before.size, 5);
    for (const rank of ['', '&rank=true']) {
      const first = await page(`/api/events?q=pagingword&limit=2${rank}`);
      add(3); // stored after the first page: newest first, they would have pushed page 2 back by 3
      const seen = first.items.map((e) => e.id);
      let cursor = first.nextCursor;
      while (cursor) {
        const next = await page(`/api/events?q=pagingword&limit=2${rank}&cursor=${cursor}`);
        seen.push(...next.items.map((e) => e.id));
        cursor = next.nextCursor;
      }
      assert.equal(new Set(seen).size, seen.length, `no event twice (${rank || 'newest'})`);
      assert.ok([...before].every((id) => seen.includes(id)), `none of the first ones skipped (${rank || 'newest'})`);
      before.clear();
      for (const e of (await page('/api/events?q=pagingword&limit=50')).items) before.add(e.id);
    }
    // An age (since=3650d) names a later instant each minute: a page fetched minutes later still continues.
    const aged = await page('/api/events?q=pagingword&since=3650d&limit=2');
    const now = Date.now;
    Date.now = () => now() + 180_000;
    try {
      assert.equal((await page(`/api/events?q=pagingword&since=3650d&limit=2&cursor=${aged.nextCursor}`)).items.length, 2);
    } finally {
      Date.now = now;
    }
    const { nextCursor } = await page('/api/events?q=pagingword&limit=2');
    for (const other of ['q=prompt', 'q=pagingword&rank=true', 'q=pagingword&kind=user_prompt', 'q=pagingword&literal=true']) {
      const r = await http(s.port, `/api/events?${other}&limit=2&cursor=${nextCursor}`);
      assert.equal(r.status, 400, `${other}: ${r.text}`);
      assert.match(r.text, /cursor/);
    }
  } finally {
    await s.close();
    mine.close();
    u.cleanup();
  }
});
