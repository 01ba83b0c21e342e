// `node bench/api.ts [options]`: HTTP API latency on a large store, through the real server
// (createServer on a random loopback port, requests over HTTP), against the ≤ 100 ms target.
// Not a test: nothing here asserts. Prints a table, then one JSON line (last line of stdout).
//
// Options:
//   --files 10000       sessions (transcript files, half Codex, half Claude) in the generated corpus
//   --events 1000000    events in the generated corpus
//   --seed 1
//   --requests 50       requests per measured group
//   --reuse-search      measure on the cached `npm run bench` search store (.bench/store-search-*,
//                       1M events in 400 sessions) instead of building the 10k-session store
//   --store DIR         measure on this store (TRACE_HOME layout; TRACE_KEY or its key file)
//   --rebuild           re-import the 10k-session store even if a cached one exists
//   --dir .bench        where corpora and stores live (gitignored)
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../src/core/config.ts';
import { importAll } from '../src/ingest/import.ts';
import { createServer } from '../src/server/index.ts';
import { usageByDay } from '../src/store/metrics.ts';
import { INDEX_VERSION } from '../src/store/schema.ts';
import { initStore, openStore, type Store } from '../src/store/store.ts';
import { ensureCorpus } from './generate.ts';
import { COMMON_WORDS, RARE_WORDS } from './text.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_MS = 100;
const log = (s: string) => process.stderr.write(`${s}\n`);

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    events: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    requests: { type: 'string', default: '50' },
    'reuse-search': { type: 'boolean', default: false },
    store: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    dir: { type: 'string', default: join(ROOT, '.bench') },
  },
});
const base = resolve(values.dir);
const N = Math.max(5, Number(values.requests));

function storeHome(): string {
  if (values.store) return resolve(values.store);
  if (values['reuse-search']) {
    const found = existsSync(base) ? readdirSync(base).filter((d) => d.startsWith('store-search-')).map((d) => join(base, d)) : [];
    const home = found.find((d) => existsSync(join(d, 'bench-complete.json')));
    if (!home) throw new Error('no cached search store under .bench; run `npm run bench` first or drop --reuse-search');
    return home;
  }
  const gen = ensureCorpus(base, { events: Number(values.events), files: Number(values.files), seed: values.seed }, log);
  // A store of an older index layout would be refused: the layout is part of the name.
  const home = join(base, `store-api-${gen.manifest.hash}-i${INDEX_VERSION}`);
  const marker = join(home, 'bench-complete.json');
  if (existsSync(marker) && !values.rebuild) {
    log(`store ${home} (cached)`);
    return home;
  }
  rmSync(home, { recursive: true, force: true });
  log(`importing ${gen.manifest.files} files (${(gen.manifest.bytes / 1e6).toFixed(0)} MB, ${gen.manifest.lines} lines) into ${home} …`);
  const config = resolveConfig({ ...process.env, TRACE_HOME: home, TRACE_KEY: '' });
  initStore(config);
  const store = openStore(config);
  const t0 = performance.now();
  const r = importAll(store, { roots: { codex: [join(gen.dir, 'codex', 'sessions')], claude: [join(gen.dir, 'claude', 'projects')] } });
  store.close();
  log(`  ${r.totals.events} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  writeFileSync(marker, JSON.stringify({ at: new Date().toISOString(), totals: r.totals }));
  return home;
}

function get(port: number, path: string): Promise<{ status: number; ms: number; bytes: number; body: string }> {
  const t0 = performance.now();
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}` } }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (d: Buffer) => chunks.push(d));
      r.on('end', () => {
        const body = Buffer.concat(chunks);
        res({ status: r.statusCode ?? 0, ms: performance.now() - t0, bytes: body.length, body: body.toString('utf8') });
      });
    });
    req.on('error', rej);
    req.end();
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface Group {
  name: string;
  /** Counts against the ≤ 100 ms target. */
  target: boolean;
  paths: string[];
}

async function main(): Promise<void> {
  const home = storeHome();
  const config = resolveConfig({ ...process.env, TRACE_HOME: home, TRACE_KEY: process.env['TRACE_KEY'] ?? '' });
  const store: Store = openStore(config);
  const counts = store.db.prepare('SELECT count(*) AS sessions, sum(events) AS events FROM sessions').get() as { sessions: number; events: number };
  const biggest = store.db.prepare('SELECT id, events FROM sessions ORDER BY events DESC LIMIT 1').get() as { id: string; events: number };
  // A session page's metrics (usage per call, tools, files): the sessions with the most tool calls.
  const busiest = (store.db.prepare('SELECT id FROM sessions ORDER BY tool_calls DESC LIMIT 20').all() as { id: string }[]).map((r) => r.id);
  const t0 = performance.now();
  const server = createServer({ store, config, options: { port: 0, log } });
  await server.listen();
  const startMs = performance.now() - t0;
  const port = server.port;
  log(`store ${home}: ${counts.sessions} sessions, ${counts.events} events; server up in ${startMs.toFixed(0)} ms (first start creates the list index)`);

  const common = ['error', 'test', 'session', 'config', 'timeout', 'migration', 'handler', 'worker', 'token', 'cache'].filter((w) => COMMON_WORDS.includes(w));
  const rare = [0, 3, 20, 100, 400, 1500].map((i) => RARE_WORDS[i]!).filter(Boolean);
  const words = [...common, ...rare, '"failed to"', 'err*', 'session OR worker', 'cache NOT redis'];
  const cycle = (xs: string[]) => Array.from({ length: N }, (_, i) => xs[i % xs.length]!);
  const enc = encodeURIComponent;

  // The dashboard's session list: filters and sorts, first pages and deeper keyset pages.
  const listVariants = ['', 'sort=-tokens', 'sort=duration', 'sort=-errors', 'hasFailures=true', 'provider=codex', 'provider=claude&sort=-toolCalls', 'since=2026-02-01', 'project=proj1', 'includeSubagents=true'];
  const deep: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10; i++) {
    const path: string = `/api/sessions?limit=50${cursor ? `&cursor=${cursor}` : ''}`;
    deep.push(path);
    const r = (await get(port, path)).body;
    cursor = (JSON.parse(r) as { nextCursor: string | null }).nextCursor;
    if (!cursor) break;
  }
  const timelinePages: string[] = [];
  let tcur: string | null = null;
  for (let i = 0; i < N; i++) {
    const path: string = `/api/events?sessionId=${enc(biggest.id)}&limit=500${tcur ? `&cursor=${tcur}` : ''}`;
    timelinePages.push(path);
    const body = (await get(port, path)).body;
    tcur = (JSON.parse(body) as { nextCursor: string | null }).nextCursor;
    if (!tcur) break;
  }

  const groups: Group[] = [
    { name: '/api/sessions (filters, sorts, pages)', target: true, paths: cycle([...listVariants.map((v) => `/api/sessions?limit=50${v ? `&${v}` : ''}`), ...deep]) },
    { name: '/api/sessions?q=… (full text)', target: true, paths: cycle(words.map((w) => `/api/sessions?limit=50&q=${enc(w)}`)) },
    { name: '/api/events?q=… (search)', target: true, paths: cycle(words.map((w, i) => `/api/events?limit=50&q=${enc(w)}${i % 3 === 2 ? '&provider=codex' : ''}`)) },
    { name: `/api/events?sessionId (500/page, ${biggest.events} events)`, target: true, paths: cycle(timelinePages) },
    { name: '/api/session-metrics?sessionId (calls, tools, files)', target: true, paths: cycle(busiest.map((id) => `/api/session-metrics?sessionId=${enc(id)}`)) },
    { name: '/api/events (newest)', target: true, paths: cycle(['/api/events?limit=100', '/api/events?limit=100&kind=tool_call', '/api/events?limit=100&provider=claude']) },
    { name: '/api/health', target: false, paths: cycle(['/api/health']).slice(0, 10) },
    // Last: the row after it is what this route costs when it has to compute.
    { name: '/api/session-metrics (by day; remembered until the next import)', target: false, paths: cycle(['/api/session-metrics', '/api/session-metrics?since=2026-02-01', '/api/session-metrics?provider=codex']).slice(0, 10) },
  ];

  // Warm the page cache the way a dashboard session would (one pass), then measure.
  for (const g of groups) for (const p of new Set(g.paths)) await get(port, p);
  const rows: { group: string; n: number; p50: number; p95: number; max: number; kb: number; status: string }[] = [];
  for (const g of groups) {
    const ms: number[] = [];
    let bytes = 0;
    let bad = 0;
    for (const p of g.paths) {
      const r = await get(port, p);
      if (r.status !== 200) bad++;
      ms.push(r.ms);
      bytes += r.bytes;
    }
    const p95 = pct(ms, 95);
    rows.push({
      group: g.name, n: ms.length, p50: pct(ms, 50), p95, max: Math.max(...ms), kb: bytes / ms.length / 1024,
      status: bad ? `MISS (${bad} non-200)` : g.target ? (p95 <= TARGET_MS ? 'PASS' : 'MISS') : '',
    });
  }
  // What the by-day route costs when it has to compute (the first request after each import).
  {
    const ms: number[] = [];
    for (const f of [{}, { since: '2026-02-01' }, { provider: 'codex' }]) {
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        usageByDay(store, f);
        ms.push(performance.now() - t0);
      }
    }
    rows.push({ group: '  … computed (first request after an import)', n: ms.length, p50: pct(ms, 50), p95: pct(ms, 95), max: Math.max(...ms), kb: 0, status: '' });
  }
  // Dashboard first paint through real Chromium (Debian's), when it is installed.
  if (existsSync('/usr/bin/chromium')) {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' });
      const fcp = await page.evaluate<number | null>("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null");
      if (fcp !== null) ms.push(fcp);
      await context.close();
    }
    await browser.close();
    if (ms.length) {
      const p95 = pct(ms, 95);
      rows.push({ group: 'dashboard first contentful paint', n: ms.length, p50: pct(ms, 50), p95, max: Math.max(...ms), kb: 0, status: p95 <= 1000 ? 'PASS (≤ 1 s)' : 'MISS (≤ 1 s)' });
    }
  } else {
    log('dashboard first paint: skipped (/usr/bin/chromium not installed)');
  }
  await server.close();
  store.close();

  const w = Math.max(...rows.map((r) => r.group.length));
  console.log(`API latency over HTTP — ${counts.sessions} sessions, ${counts.events} events, target p95 ≤ ${TARGET_MS} ms`);
  console.log(`${'group'.padEnd(w)}  ${'n'.padStart(3)}  ${'p50 ms'.padStart(7)}  ${'p95 ms'.padStart(7)}  ${'max ms'.padStart(7)}  ${'avg KB'.padStart(7)}  status`);
  for (const r of rows) {
    console.log(`${r.group.padEnd(w)}  ${String(r.n).padStart(3)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p95.toFixed(1).padStart(7)}  ${r.max.toFixed(1).padStart(7)}  ${r.kb.toFixed(0).padStart(7)}  ${r.status}`);
  }
  console.log(JSON.stringify({ sessions: counts.sessions, events: counts.events, serverStartMs: Math.round(startMs), groups: rows }));
}

await main();
