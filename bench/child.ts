// One measured task per process, so peak RSS (maxRSS) belongs to that task alone.
// Usage: node bench/child.ts <task> '<json args>'. Prints one line `BENCH_RESULT {json}` on stdout.
//   baseline  {dirs}                       stream every *.jsonl under dirs, JSON.parse each line
//   import    {home, codex, claude, secrets?}  init store, importAll in process (for --sql-stats:
//             instrumented, from src/), report totals, store size, leaks
//   noop      {home, codex, claude}        importAll again on an up-to-date store (nothing else)
//   inspect   {home, secrets?}             counts, table sizes, store size, leaks of an imported store
//   search    {home, queries, rounds, sessionsRounds, secrets?}
// The measured imports themselves run the CLI (bench/run.ts): that is what users run.
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

export const RESULT_PREFIX = 'BENCH_RESULT ';

export interface Query {
  query: string;
  provider?: string;
}

function emit(result: Record<string, unknown>): void {
  const ru = process.resourceUsage();
  const out = { ...result, maxRssBytes: ru.maxRSS * 1024, userCpuMs: Math.round(ru.userCPUTime / 1000), systemCpuMs: Math.round(ru.systemCPUTime / 1000) };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(out)}\n`);
}

function jsonlFiles(dir: string, out: string[] = []): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) jsonlFiles(p, out);
    else if (e.isFile() && e.name.endsWith('.jsonl')) out.push(p);
  }
  return out.sort();
}

/** The floor any importer pays: read the bytes, split lines, JSON.parse each. Nothing else. */
function baseline(a: { dirs: string[] }): void {
  const files = a.dirs.flatMap((d) => jsonlFiles(d));
  const CHUNK = 1 << 20;
  let bytes = 0;
  let lines = 0;
  let keys = 0; // consume the parse result so it cannot be optimized away
  const t0 = performance.now();
  const chunk = Buffer.allocUnsafe(CHUNK);
  for (const f of files) {
    const fd = openSync(f, 'r');
    let carry: Buffer = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      bytes += n;
      const buf = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
        if (nl > start) {
          const o = JSON.parse(buf.toString('utf8', start, nl)) as Record<string, unknown>;
          if (o.type !== undefined) keys++;
          lines++;
        }
        start = nl + 1;
      }
      carry = Buffer.from(buf.subarray(start));
    }
    if (carry.length) {
      JSON.parse(carry.toString('utf8'));
      lines++;
    }
    closeSync(fd);
  }
  const ms = performance.now() - t0;
  emit({ files: files.length, bytes, lines, typed: keys, ms });
}

async function openFor(home: string, init: boolean) {
  const { resolveConfig } = await import('../src/core/config.ts');
  const { initStore, openStore } = await import('../src/store/store.ts');
  const config = resolveConfig({ TRACE_HOME: home, HOME: home });
  if (init) initStore(config);
  return openStore(config);
}

type SqlStats = Map<string, { n: number; ms: number }>;

/**
 * Times every exec / prepare / run / get / all on this connection, per SQL text, by shadowing the
 * methods on the instance (the store code is untouched). Costs ~1 µs per call: diagnostics only.
 */
function instrumentDb(db: import('node:sqlite').DatabaseSync): SqlStats {
  const stats: SqlStats = new Map();
  const add = (k: string, ms: number) => {
    const e = stats.get(k);
    if (e) {
      e.n++;
      e.ms += ms;
    } else stats.set(k, { n: 1, ms });
  };
  const key = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);
  const wrap = (target: object, name: string, label: string, after?: (v: unknown) => unknown) => {
    const f = (target as Record<string, (...a: unknown[]) => unknown>)[name]!.bind(target);
    Object.defineProperty(target, name, {
      configurable: true,
      value: (...a: unknown[]) => {
        const t = performance.now();
        const v = f(...a);
        add(label === 'exec' || label === 'prepare' ? `${label} ${key(String(a[0]))}` : label, performance.now() - t);
        return after ? after(v) : v;
      },
    });
  };
  wrap(db, 'exec', 'exec');
  const prepare = db.prepare.bind(db);
  Object.defineProperty(db, 'prepare', {
    configurable: true,
    value: (sql: string) => {
      const t = performance.now();
      const st = prepare(sql);
      add('prepare (all statements)', performance.now() - t);
      for (const m of ['run', 'get', 'all']) wrap(st, m, `${m} ${key(sql)}`);
      return st;
    },
  });
  return stats;
}

interface MemPeak {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

async function importTask(a: { home: string; codex: string; claude: string; secrets?: string[]; sqlStats?: boolean }, noop: boolean): Promise<void> {
  const tLoad = performance.now();
  const { findFiles } = await import('../src/ingest/import.ts');
  const { importFilesParallel } = await import('../src/ingest/parallel.ts');
  const loadMs = performance.now() - tLoad;
  const tOpen = performance.now();
  const store = await openFor(a.home, !noop);
  const openMs = performance.now() - tOpen;
  const sql = a.sqlStats ? instrumentDb(store.db) : undefined;
  // Memory is sampled from the progress callback (the import is synchronous: no timers run).
  const mem: MemPeak = { heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0, rss: 0 };
  let lastSample = 0;
  const sample = () => {
    const u = process.memoryUsage();
    for (const k of Object.keys(mem) as (keyof MemPeak)[]) if (u[k] > mem[k]) mem[k] = u[k];
  };
  const onProgress = noop
    ? undefined
    : () => {
        const now = performance.now();
        if (now - lastSample > 25) {
          lastSample = now;
          sample();
        }
      };
  const t0 = performance.now();
  // As `tracebase import` runs it: the parallel path (worker prepares, this thread writes).
  const { files } = findFiles(store, { roots: { codex: [a.codex], claude: [a.claude] } });
  const report = await importFilesParallel(store, files, { onProgress });
  const callMs = performance.now() - t0;
  if (noop) {
    // Nothing else: the parent times this whole process as the user-visible no-op import.
    store.close();
    emit({ totals: report.totals, durationMs: report.durationMs, callMs, loadMs, openMs });
    return;
  }
  const inspected = await inspect(store, a.home, a.secrets);
  const errors = report.files.filter((f) => f.status === 'error').slice(0, 5).map((f) => ({ path: f.path, error: f.error }));
  store.close();
  const sqlTop = sql && [...sql.entries()].sort((x, y) => y[1].ms - x[1].ms).slice(0, 20).map(([k, v]) => ({ sql: k, n: v.n, ms: Math.round(v.ms) }));
  emit({ totals: report.totals, durationMs: report.durationMs, callMs, loadMs, openMs, ...inspected, errors, memPeak: mem, sql: sqlTop });
}

/** What an import left in the store: counts, pages per table, bytes on disk, searchable secrets. */
async function inspect(store: Awaited<ReturnType<typeof openFor>>, home: string, secrets: string[] | undefined) {
  const { storeBytes } = await import('../src/store/stats.ts');
  const db = store.db;
  const one = (sql: string) => Number((db.prepare(sql).get() as { n: number }).n);
  const counts = {
    sessions: one('SELECT count(*) AS n FROM sessions'),
    events: one('SELECT count(*) AS n FROM events'),
    indexed: one('SELECT count(*) AS n FROM events WHERE text IS NOT NULL AND flags & 1 = 0'),
    segments: one('SELECT count(*) AS n FROM segments'),
    redactions: one('SELECT coalesce(sum(count), 0) AS n FROM redactions'),
  };
  let tables: Record<string, number> | undefined;
  try {
    const rows = db.prepare('SELECT name, sum(pgsize) AS b FROM dbstat GROUP BY name ORDER BY b DESC').all() as { name: string; b: number }[];
    tables = Object.fromEntries(rows.map((r) => [r.name, r.b]));
  } catch {
    tables = undefined; // dbstat not compiled in
  }
  const leaks = secrets ? await findLeaks(store, secrets) : undefined;
  return { counts, tables, storeBytes: storeBytes(home), leaks };
}

/** The store after an import run by the CLI (the measured process): see `inspect`. */
async function inspectTask(a: { home: string; secrets?: string[] }): Promise<void> {
  const store = await openFor(a.home, false);
  const inspected = await inspect(store, a.home, a.secrets);
  store.close();
  emit(inspected);
}

async function findLeaks(store: Awaited<ReturnType<typeof openFor>>, secrets: string[]): Promise<{ checked: number; found: string[] }> {
  const { searchEvents } = await import('../src/store/queries.ts');
  const found: string[] = [];
  for (const s of secrets) {
    if (searchEvents(store, { query: s, literal: true, limit: 1 }).length > 0) found.push(`${s.slice(0, 8)}…`);
  }
  return { checked: secrets.length, found };
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function searchTask(a: { home: string; queries: Query[]; rounds: number; sessionsRounds: number; secrets?: string[] }): Promise<void> {
  const { searchEvents, listSessions } = await import('../src/store/queries.ts');
  const store = await openFor(a.home, false);
  const events = Number((store.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n);
  const perQuery = a.queries.map((q) => ({ ...q, ms: [] as number[], hits: 0, error: undefined as string | undefined }));
  const cold: number[] = [];
  const all: number[] = [];
  for (let round = 0; round < a.rounds; round++) {
    for (const q of perQuery) {
      const t0 = performance.now();
      let n = 0;
      try {
        n = searchEvents(store, { query: q.query, provider: q.provider, limit: 50 }).length;
      } catch (e) {
        q.error = String((e as Error).message).split('\n')[0];
      }
      const ms = performance.now() - t0;
      q.ms.push(ms);
      q.hits = n;
      all.push(ms);
      if (round === 0) cold.push(ms);
    }
  }
  const sess: number[] = [];
  let sessionsReturned = 0;
  for (let i = 0; i < a.sessionsRounds; i++) {
    const t0 = performance.now();
    sessionsReturned = listSessions(store, { limit: 50 }).length;
    sess.push(performance.now() - t0);
  }
  const leaks = a.secrets ? await findLeaks(store, a.secrets) : undefined;
  store.close();
  const sortN = (x: number[]) => [...x].sort((p, q) => p - q);
  const s = sortN(all);
  const c = sortN(cold);
  const l = sortN(sess);
  const slowest = perQuery
    .map((q) => ({ query: q.query, provider: q.provider, hits: q.hits, error: q.error, medianMs: pct(sortN(q.ms), 50), maxMs: Math.max(...q.ms) }))
    .sort((x, y) => y.medianMs - x.medianMs);
  emit({
    events,
    queries: a.queries.length,
    samples: all.length,
    search: { p50: pct(s, 50), p95: pct(s, 95), max: s[s.length - 1], coldP50: pct(c, 50), coldP95: pct(c, 95) },
    sessions: { p50: pct(l, 50), p95: pct(l, 95), max: l[l.length - 1], returned: sessionsReturned },
    zeroHitQueries: perQuery.filter((q) => q.hits === 0).length,
    erroredQueries: perQuery.filter((q) => q.error).map((q) => ({ query: q.query, error: q.error })),
    perQuery: slowest,
    leaks,
  });
}

if (import.meta.main) {
  const [task, json] = process.argv.slice(2);
  const args = JSON.parse(json ?? '{}');
  switch (task) {
    case 'baseline':
      baseline(args);
      break;
    case 'import':
      await importTask(args, false);
      break;
    case 'noop':
      await importTask(args, true);
      break;
    case 'inspect':
      await inspectTask(args);
      break;
    case 'search':
      await searchTask(args);
      break;
    default:
      console.error(`unknown task ${task}`);
      process.exit(2);
  }
}
