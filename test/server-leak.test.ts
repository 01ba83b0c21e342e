// The privacy bar over HTTP: transcripts holding every planted secret kind (in prompts,
// thinking, commands, tool input and output, file content, patches) are imported; every route
// is called with several parameters, including secrets pasted into queries, ids and bodies.
// No planted secret may appear in any response body or header. Raw blob reads (explicitly
// enabled) are the positive control: they return the original lines.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { resolveConfig } from '../src/core/config.ts';
import { importAll } from '../src/ingest/import.ts';
import { createServer, type TracebaseServer } from '../src/server/index.ts';
import { initStore, openStore, type Store } from '../src/store/store.ts';
import { tempEnv } from './helpers/env.ts';
import { http, type HttpInit, type HttpResult, jsonStrings } from './helpers/http.ts';
import { plantedClaudeSession as claudeSession, plantedCodexSession as codexSession } from './helpers/planted-transcripts.ts';
import { findLeaks, PLANTED_SECRETS } from './helpers/secrets.ts';

const CLAUDE_ID = 'bbbbbbbb-1111-4222-8333-444444444444';
const CODEX_ID = '019c0000-2222-7222-8333-444444444444';

const t = tempEnv();
let store: Store;
let server: TracebaseServer;
let rawServer: TracebaseServer;
const responses: { what: string; r: HttpResult }[] = [];

async function call(target: string, init: HttpInit = {}, on: TracebaseServer = server): Promise<HttpResult> {
  const r = await http(on.port, target, init);
  if (on === server) responses.push({ what: `${init.method ?? 'GET'} ${target.slice(0, 120)}`, r });
  return r;
}

async function pages(target: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const r = await call(cursor ? `${target}&cursor=${cursor}` : target);
    assert.equal(r.status, 200, r.text.slice(0, 200));
    const page = r.json<{ items: Record<string, unknown>[]; nextCursor: string | null }>();
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

const enc = encodeURIComponent;

before(async () => {
  const cdir = join(t.dir, 'claude', 'projects', '-home-dev-leaky');
  mkdirSync(cdir, { recursive: true });
  writeFileSync(join(cdir, `${CLAUDE_ID}.jsonl`), claudeSession(CLAUDE_ID));
  const xdir = join(t.dir, 'codex', 'sessions', '2026', '03', '02');
  mkdirSync(xdir, { recursive: true });
  writeFileSync(join(xdir, `rollout-2026-03-02T09-00-00-${CODEX_ID}.jsonl`), codexSession(CODEX_ID));
  const config = resolveConfig(t.env);
  initStore(config);
  store = openStore(config);
  const r = importAll(store, { roots: { claude: [join(t.dir, 'claude', 'projects')], codex: [join(t.dir, 'codex', 'sessions')] } });
  assert.equal(r.totals.errors, 0);
  server = createServer({ store, config, options: { port: 0, allowIntake: true, webRoot: join(t.dir, 'none'), log: () => {} } });
  await server.listen();
  rawServer = createServer({ store, config: resolveConfig({ ...t.env, TRACEBASE_ALLOW_RAW_BLOB_API: '1' }), options: { port: 0, log: () => {} } });
  await rawServer.listen();
});

after(async () => {
  await server?.close();
  await rawServer?.close();
  store?.close();
  t.cleanup();
});

test('no planted secret in any API response body or header', async () => {
  await call('/api/health');
  await call('/');
  for (const q of ['', '?includeSubagents=true', '?sort=tokens', '?sort=-errors', '?project=leaky', '?hasFailures=true', '?model=gpt-5.1-codex']) {
    await pages(`/api/sessions${q}${q ? '&' : '?'}limit=500`);
  }
  for (const q of ['credential', 'REDACTED', 'deploy', 'key', 'config', 'token', 'sk*', 'ghp*', 'AKIA*', 'eyJ*', 'BEGIN', 'password']) {
    await pages(`/api/sessions?q=${enc(q)}&limit=500`);
    await pages(`/api/events?q=${enc(q)}&limit=500`);
  }
  const sessions = await pages('/api/sessions?includeSubagents=true&limit=500');
  assert.equal(sessions.length, 2);
  const events: Record<string, unknown>[] = [];
  for (const s of sessions) {
    const id = String(s['id']);
    await call(`/api/sessions/${enc(id)}`);
    await call(`/api/session-metrics?sessionId=${enc(id)}`);
    events.push(...(await pages(`/api/events?sessionId=${enc(id)}&limit=500`)));
    for (const kind of ['user_prompt', 'tool_call', 'tool_result', 'reasoning', 'assistant_text']) await pages(`/api/events?sessionId=${enc(id)}&kind=${kind}&limit=7`);
    await call(`/api/summaries/session/${enc(id)}`);
  }
  assert.ok(events.length >= PLANTED_SECRETS.length * 10);
  for (const e of events) await call(`/api/events/${e['id']}`);
  await pages('/api/events?limit=500');
  await pages('/api/events?kind=tool_call&limit=50');
  await call('/api/session-metrics');
  await call('/api/session-metrics?provider=claude&since=2026-01-01');
  for (const p of ['/api/traces', '/api/spans', '/api/llmobs/traces', '/api/llmobs/spans', '/api/trace-diff', '/api/run-compare', '/api/export']) await call(p);

  // Secrets pasted into every kind of input: query values and names, ids, bodies, headers.
  for (const s of PLANTED_SECRETS) {
    const v = s.value;
    await call(`/api/events?q=${enc(v)}&literal=true`);
    await call(`/api/sessions?q=${enc(v)}&literal=true`);
    await call(`/api/sessions?q=${enc(v)}`);
    await call(`/api/sessions?project=${enc(v)}`);
    await call(`/api/sessions?${enc(v)}=1`);
    await call(`/api/sessions?model=${enc(v)}&since=${enc(v)}`);
    await call(`/api/sessions?cursor=${enc(v)}`);
    await call(`/api/sessions/${enc(v)}`);
    await call(`/api/events/${enc(v)}`);
    await call(`/api/events?sessionId=${enc(v)}`);
    await call(`/api/session-metrics?sessionId=${enc(v)}`);
    await call(`/api/summaries/session/${enc(v)}`, { method: 'POST', body: JSON.stringify({ runner: v }) });
    await call(`/api/summaries/session/${CLAUDE_ID}`, { method: 'POST', body: JSON.stringify({ runner: 'codex', [v]: v }) });
    await call(`/api/summaries/session/${CLAUDE_ID}`, { method: 'POST', body: `{"runner": "${v}` });
    await call('/api/events', { method: 'POST', body: JSON.stringify({ kind: 'custom', text: v }) });
    await call('/api/intake', { method: 'POST', body: `${v}` });
    await call(`/api/nope/${enc(v)}`);
    await call(`/${enc(v)}.js`);
    await call('/api/health', { headers: { origin: v.replace(/[^\x21-\x7e]/g, '') } });
  }

  assert.ok(responses.length > 500);
  for (const { what, r } of responses) {
    assert.ok(r.status < 500 || r.status === 501, `${what}: ${r.status} ${r.text.slice(0, 200)}`);
    const headers = JSON.stringify(r.headers);
    assert.deepEqual(findLeaks(r.text + headers), [], `${what} (status ${r.status})`);
    assert.deepEqual(findLeaks(jsonStrings(r.text)), [], `${what}: decoded JSON strings`);
  }
});

test('positive control: the explicitly enabled raw blob read returns the original lines', async () => {
  const prompts = await pages(`/api/events?sessionId=${CLAUDE_ID}&kind=user_prompt&limit=500`);
  let leaked = 0;
  for (const p of prompts) {
    const r = await call(`/api/events/${p['id']}/raw`, {}, rawServer);
    assert.equal(r.status, 200);
    leaked += findLeaks(jsonStrings(r.text)).length;
  }
  assert.ok(leaked >= PLANTED_SECRETS.length, 'the scan finds secrets when they are there');
  const off = await call(`/api/events/${prompts[0]!['id']}/raw`);
  assert.equal(off.status, 403);
});
