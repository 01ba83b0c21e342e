// `npm run bench [-- options]` (this, then bench/api.ts: bench/all.ts), or `npm run bench:import [-- options]` for this alone:
// import throughput, memory, store size, no-op re-import and search latency, measured in one run
// against generated corpora and compared with the targets.
// Not a test: nothing here asserts. Prints a table, then one JSON line (last line of stdout).
//
// Options (defaults finish in a few minutes on a 2-core machine once the corpora are cached):
//   --mb 200            throughput corpus size (MB = 10^6 bytes)
//   --files 200         throughput corpus file count (half Codex, half Claude)
//   --events 1000000    events in the search-latency store (0 = skip the search part)
//   --search-files 400  files in the search corpus
//   --seed 1            corpus seed
//   --rounds 5          search rounds over the query mix (round 1 is reported as "cold" too)
//   --profile           run the throughput import under --cpu-prof and summarize where time goes
//   --sql-stats         time every SQLite call of the throughput import, per statement (adds overhead)
//   --rebuild-search    re-import the search store even if a cached one matches corpus + src/
//   --dir .bench        where corpora, stores and profiles live (gitignored)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ImportTotals } from '../src/ingest/import.ts';
import { type Query, RESULT_PREFIX } from './child.ts';
import { ensureCorpus, type Manifest } from './generate.ts';
import { summarizeProfile } from './profile.ts';
import { COMMON_WORDS, RARE_WORDS } from './text.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = join(ROOT, 'bench', 'child.ts');

const TARGET = {
  importPctOfBaseline: 30,
  peakRssMB: 150,
  storeRatio: 0.6,
  noopSecondsPer200Files: 0.3,
  searchP95Ms: 50,
  searchMinEvents: 1_000_000,
};

const MB = 1e6;
const log = (s: string) => process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------------------------------------

interface ChildRun<T> {
  result: T;
  wallMs: number;
}

/** Runs `node args…`, collecting stdout and (the tail of) stderr; `onStart` sees the child's pid. */
async function spawnCollect(args: string[], env: NodeJS.ProcessEnv = process.env, onStart?: (pid: number) => void): Promise<{ code: number | null; out: string; err: string; wallMs: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  onStart?.(child.pid!);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    if (err.length > 200_000) err = err.slice(-100_000);
  });
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  return { code, out, err, wallMs: performance.now() - t0 };
}

async function runChild<T>(task: string, args: unknown, execArgv: string[] = []): Promise<ChildRun<T>> {
  const { code, out, err, wallMs } = await spawnCollect([...execArgv, CHILD, task, JSON.stringify(args)]);
  const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (code !== 0 || !line) {
    throw new Error(`bench child "${task}" failed (exit ${code}):\n${err.slice(-4000)}${out.slice(-2000)}`);
  }
  if (err.trim()) log(`  [${task} stderr] ${err.trim().split('\n').slice(-5).join('\n  ')}`);
  return { result: JSON.parse(line.slice(RESULT_PREFIX.length)) as T, wallMs };
}

/** The CLI as a user runs it: it sets its own Node flags and, for an import, MALLOC_ARENA_MAX
 * (it starts again with it: same pid, which /proc polling follows). */
const BIN = join(ROOT, 'bin', 'tracebase.js');

/** Peak RSS and CPU of a running process, polled from /proc (Linux; NaN elsewhere). */
function watchProcess(pid: number): { stop(): { maxRssBytes: number; userCpuMs: number; systemCpuMs: number } } {
  let hwm = Number.NaN;
  let user = Number.NaN;
  let sys = Number.NaN;
  const tick = 100 / 1000; // clock ticks per ms (USER_HZ = 100 on Linux)
  const poll = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) hwm = Number(m[1]) * 1024;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      user = Number(f[11]) / tick;
      sys = Number(f[12]) / tick;
    } catch {
      // not Linux, or the process has exited
    }
  };
  const timer = setInterval(poll, 5);
  return {
    stop() {
      clearInterval(timer);
      return { maxRssBytes: hwm, userCpuMs: user, systemCpuMs: sys };
    },
  };
}

/**
 * `tracebase import --json` as a user runs it (built CLI, `bin/tracebase.js`), into `home`, from a
 * corpus laid out as $CODEX_HOME/sessions and $CLAUDE_CONFIG_DIR/projects. Peak RSS is the
 * kernel's high-water mark for the process (VmHWM).
 */
async function runCliImport(home: string, corpusDir: string, nodeFlags: string[] = []): Promise<ChildRun<ImportResult>> {
  const env = { ...process.env, HOME: home, TRACE_HOME: home, CODEX_HOME: join(corpusDir, 'codex'), CLAUDE_CONFIG_DIR: join(corpusDir, 'claude') };
  const run = async (args: string[]) => {
    let watch: ReturnType<typeof watchProcess> | undefined;
    const r = await spawnCollect([...nodeFlags, BIN, ...args], env, (pid) => {
      watch = watchProcess(pid);
    });
    const usage = watch!.stop();
    if (r.code !== 0) throw new Error(`tracebase ${args.join(' ')} failed (exit ${r.code}):\n${r.err.slice(-4000)}${r.out.slice(-2000)}`);
    // Notes the import printed (a worker that ran out of memory, files skipped) bear on the figures.
    for (const line of r.err.split('\n')) if (/^note /.test(line)) log(`  tracebase ${args[0]}: ${line}`);
    return { out: r.out, usage, wallMs: r.wallMs };
  };
  mkdirSync(home, { recursive: true });
  if (!existsSync(join(home, 'store.db'))) await run(['init']);
  const r = await run(['import', '--json']);
  const report = JSON.parse(r.out) as { totals: ImportTotals; durationMs: number; files: { path: string; status: string; error?: unknown }[] };
  const errors = report.files.filter((f) => f.status === 'error').slice(0, 5).map((f) => ({ path: f.path, error: f.error }));
  return {
    result: { totals: report.totals, durationMs: report.durationMs, callMs: report.durationMs, loadMs: Number.NaN, openMs: Number.NaN, errors, ...r.usage },
    wallMs: r.wallMs,
  };
}

/** Adds what the import left in the store (counts, table sizes, bytes, searchable secrets). */
async function inspected(run: ChildRun<ImportResult>, home: string, secrets: string[]): Promise<ChildRun<ImportResult>> {
  const more = (await runChild<Partial<ImportResult>>('inspect', { home, secrets })).result;
  return { ...run, result: { ...run.result, counts: more.counts, tables: more.tables, storeBytes: more.storeBytes, leaks: more.leaks } };
}

/** The CLI's build must match src/ (bin/tracebase.js runs dist/ only then; the bench measures dist/). */
async function ensureBuilt(): Promise<void> {
  const t0 = performance.now();
  const tsc = spawn(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((res) => tsc.on('close', (c) => res(c)));
  if (code !== 0) throw new Error('tsc -p tsconfig.build.json failed: the bench measures the built CLI');
  writeFileSync(join(ROOT, 'dist', '.built'), '');
  log(`built dist/ in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

interface BaselineResult {
  files: number;
  bytes: number;
  lines: number;
  ms: number;
  maxRssBytes: number;
}

interface ImportResult {
  totals: ImportTotals;
  durationMs: number;
  callMs: number;
  loadMs: number;
  openMs: number;
  counts?: { sessions: number; events: number; indexed: number; segments: number; redactions: number };
  tables?: Record<string, number>;
  storeBytes?: number;
  leaks?: { checked: number; found: string[] };
  errors?: { path: string; error: unknown }[];
  memPeak?: { heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; rss: number };
  sql?: { sql: string; n: number; ms: number }[];
  maxRssBytes: number;
  userCpuMs: number;
  systemCpuMs: number;
}

interface SearchResult {
  events: number;
  queries: number;
  samples: number;
  search: { p50: number; p95: number; max: number; coldP50: number; coldP95: number };
  sessions: { p50: number; p95: number; max: number; returned: number };
  zeroHitQueries: number;
  erroredQueries: { query: string; error: string }[];
  perQuery: { query: string; provider?: string; hits: number; error?: string; medianMs: number; maxMs: number }[];
  leaks?: { checked: number; found: string[] };
  maxRssBytes: number;
}

// ---------------------------------------------------------------------------------------------

/** ~50 queries: common and rare single words, phrases, prefixes, boolean forms; a third with a provider filter. */
export function queryMix(): Query[] {
  const has = (w: string) => COMMON_WORDS.includes(w);
  const common = ['error', 'test', 'function', 'session', 'config', 'timeout', 'migration', 'handler', 'worker', 'token', 'cache', 'failed', 'database', 'retry', 'schema', 'deprecated'].filter(has);
  const rare = [0, 3, 20, 100, 400, 1500, 5000, 11000].map((i) => RARE_WORDS[i]!).filter(Boolean);
  const phrases = ['"failed to"', '"the error"', '"return value"', '"test file"', '"cache key"', '"not found"', `"${rare[0]} ${COMMON_WORDS[0]}"`, '"worker queue"'];
  const prefixes = ['err*', 'sess*', 'conf*', 'tok*', 'hand*', 'migr*', `${rare[1]!.slice(0, 3)}*`, 'quo*'];
  const boolean = ['error timeout', 'session OR worker', 'cache NOT redis', 'migration AND rollback', `token ${rare[2]}`, '"exit code" error'];
  const mixed = ['stdout', 'typescript', 'sqlite', 'docker', 'deprecated', 'npm'].filter(has);
  const qs = [...common, ...rare, ...phrases, ...prefixes, ...boolean, ...mixed].slice(0, 50);
  return qs.map((query, i) => (i % 3 === 2 ? { query, provider: i % 2 ? 'codex' : 'claude' } : { query }));
}

/** Identity of the importer code (src/ and the CLI launcher), so a cached search store is rebuilt when it changes. */
function srcHash(): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && (p.endsWith('.ts') || p.endsWith('.js'))) h.update(relative(ROOT, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(join(ROOT, 'src'));
  walk(join(ROOT, 'bin'));
  return h.digest('hex').slice(0, 12);
}

const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');

interface Row {
  metric: string;
  value: string;
  target: string;
  status: 'PASS' | 'MISS' | '';
}

function table(rows: Row[]): string {
  const w = [0, 0, 0];
  for (const r of rows) {
    w[0] = Math.max(w[0]!, r.metric.length);
    w[1] = Math.max(w[1]!, r.value.length);
    w[2] = Math.max(w[2]!, r.target.length);
  }
  const line = (r: Row) => `${r.metric.padEnd(w[0]!)}  ${r.value.padStart(w[1]!)}  ${r.target.padEnd(w[2]!)}  ${r.status}`.trimEnd();
  const head = line({ metric: 'metric', value: 'value', target: 'target', status: '' });
  return [head, '-'.repeat(head.length + 6), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '200' },
      files: { type: 'string', default: '200' },
      events: { type: 'string', default: '1000000' },
      'search-files': { type: 'string', default: '400' },
      seed: { type: 'string', default: '1' },
      rounds: { type: 'string', default: '5' },
      profile: { type: 'boolean', default: false },
      'sql-stats': { type: 'boolean', default: false },
      'rebuild-search': { type: 'boolean', default: false },
      dir: { type: 'string', default: join(ROOT, '.bench') },
    },
  });
  if (Number(process.versions.node.split('.')[0]) < 24) throw new Error(`bench needs Node 24 (this is ${process.version}); run it with npm run bench`);
  const mb = Number(values.mb);
  const files = Number(values.files);
  const eventsTarget = Number(values.events);
  const searchFiles = Number(values['search-files']);
  const rounds = Math.max(1, Number(values.rounds));
  const base = resolve(values.dir);
  mkdirSync(base, { recursive: true });
  await ensureBuilt();
  const t0 = performance.now();
  const loadStart = loadavg()[0]!;
  log(`Tracebase bench — node ${process.version}, ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, load ${loadStart.toFixed(2)}; data under ${base}`);

  // 1. Throughput corpus (cached by parameter hash).
  const gen = ensureCorpus(base, { mb, files, seed: values.seed }, log);
  const m: Manifest = gen.manifest;
  log(`corpus ${gen.dir} ${gen.cached ? '(cached)' : `(generated in ${(m.generatedMs / 1000).toFixed(1)} s)`}: ${m.files} files, ${fmt(m.bytes / MB)} MB, ${int(m.lines)} lines, max line ${fmt(m.maxLineBytes / 1e3, 0)} KB, line sizes ${JSON.stringify(m.lineSizes)}, planted secrets ${JSON.stringify(m.secrets)}`);
  const roots = { codex: join(gen.dir, 'codex', 'sessions'), claude: join(gen.dir, 'claude', 'projects') };

  // 2. Parse-only baseline over exactly the same bytes (best of two; the first also warms the page cache).
  log('baseline: read + split + JSON.parse every line …');
  const b1 = await runChild<BaselineResult>('baseline', { dirs: [roots.codex, roots.claude] });
  const b2 = await runChild<BaselineResult>('baseline', { dirs: [roots.codex, roots.claude] });
  const bl = b1.result.ms <= b2.result.ms ? b1.result : b2.result;
  const blMBs = bl.bytes / MB / (bl.ms / 1000);
  const blLps = bl.lines / (bl.ms / 1000);
  log(`  ${fmt(blMBs)} MB/s, ${int(blLps)} lines/s, peak RSS ${fmt(bl.maxRssBytes / MB, 0)} MB`);

  // 3. Full import into a fresh store.
  const home = join(base, 'store-throughput');
  rmSync(home, { recursive: true, force: true });
  const profDir = join(base, 'prof');
  const execArgv: string[] = [];
  if (values.profile) {
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${profDir}`);
  }
  const how = values['sql-stats'] ? 'in process from src/, every SQLite call timed' : '`tracebase import` as built';
  log(`import: ${m.files} files into ${home} (${how}${values.profile ? ', under --cpu-prof' : ''}) …`);
  const imp = values['sql-stats']
    ? await runChild<ImportResult>('import', { home, ...roots, secrets: m.secretValues, sqlStats: true }, execArgv)
    : await inspected(await runCliImport(home, gen.dir, execArgv), home, m.secretValues);
  const ir = imp.result;
  const impMBs = m.bytes / MB / (ir.callMs / 1000);
  const impLps = ir.totals.lines / (ir.callMs / 1000);
  log(`  ${fmt(impMBs)} MB/s, ${int(impLps)} lines/s, ${int(ir.totals.events)} events, peak RSS ${fmt(ir.maxRssBytes / MB, 0)} MB, call ${fmt(ir.callMs / 1000, 2)} s, process ${fmt(imp.wallMs / 1000, 2)} s`);

  // 3b. The same store-size measure on the real transcripts of ../shared/fixtures, when present:
  // the generated corpus's random-word text compresses and indexes worse than real sessions.
  const fixturesDir = resolve(ROOT, '..', 'shared', 'fixtures');
  let fixtures: { bytes: number; storeBytes: number; files: number } | undefined;
  if (existsSync(fixturesDir)) {
    const fhome = join(base, 'store-fixtures');
    rmSync(fhome, { recursive: true, force: true });
    const f = (await runChild<ImportResult>('import', { home: fhome, codex: join(fixturesDir, 'codex'), claude: join(fixturesDir, 'claude') })).result;
    fixtures = { bytes: f.totals.bytesRead, storeBytes: f.storeBytes ?? Number.NaN, files: f.totals.files };
    log(`real fixtures: ${fixtures.files} files, ${fmt(fixtures.bytes / MB)} MB → store ${fmt(fixtures.storeBytes / MB)} MB`);
  }

  // 4. No-op re-import in a fresh process.
  log('no-op re-import …');
  const noop = await runCliImport(home, gen.dir);
  const noopTargetMs = (TARGET.noopSecondsPer200Files * 1000 * m.files) / 200;
  log(`  call ${fmt(noop.result.callMs, 0)} ms, process ${fmt(noop.wallMs, 0)} ms (${noop.result.totals.unchanged} unchanged, ${noop.result.totals.imported} imported)`);

  // One profile per thread of every process started under --cpu-prof (`init` too): keep the
  // threads of the import, its busiest process (names are CPU.<date>.<time>.<pid>.<thread>.<n>).
  const profiles: { thread: string; summary: ReturnType<typeof summarizeProfile> }[] = [];
  if (values.profile) {
    const all = readdirSync(profDir)
      .filter((n) => n.endsWith('.cpuprofile'))
      .map((n) => ({ pid: n.split('.')[3], tid: Number(n.split('.')[4]), summary: summarizeProfile(join(profDir, n), ROOT) }));
    const busiest = all.reduce<(typeof all)[number] | undefined>((a, b) => (a && a.summary.totalMs >= b.summary.totalMs ? a : b), undefined);
    for (const p of all.filter((p) => p.pid === busiest?.pid).sort((a, b) => a.tid - b.tid)) {
      profiles.push({ thread: p.tid === 0 ? 'main thread (writer)' : `worker thread ${p.tid} (read, parse, redact, seal)`, summary: p.summary });
    }
  }

  // 5. Search latency over a ≥1M-event store (cached by corpus hash + src/ hash).
  let search: SearchResult | undefined;
  let searchImport: ChildRun<ImportResult> | undefined;
  let sm: Manifest | undefined;
  let searchCached = false;
  if (eventsTarget > 0) {
    const sg = ensureCorpus(base, { events: eventsTarget, files: searchFiles, seed: values.seed }, log);
    sm = sg.manifest;
    log(`search corpus ${sg.dir} ${sg.cached ? '(cached)' : `(generated in ${(sm.generatedMs / 1000).toFixed(1)} s)`}: ${sm.files} files, ${fmt(sm.bytes / MB)} MB, ${int(sm.lines)} lines`);
    const shome = join(base, `store-search-${sm.hash}-${srcHash()}`);
    const marker = join(shome, 'bench-complete.json');
    if (!values['rebuild-search'] && existsSync(marker)) {
      searchCached = true;
      log(`search store ${shome} (cached: same corpus and same src/)`);
    } else {
      for (const d of readdirSync(base)) if (d.startsWith('store-search-')) rmSync(join(base, d), { recursive: true, force: true });
      log(`search store: importing ${sm.files} files (${fmt(sm.bytes / MB, 0)} MB) into ${shome} …`);
      searchImport = await inspected(await runCliImport(shome, sg.dir), shome, sm.secretValues.slice(0, 100));
      const r = searchImport.result;
      log(`  ${fmt(sm.bytes / MB / (r.callMs / 1000))} MB/s, ${int(r.totals.events)} events, peak RSS ${fmt(r.maxRssBytes / MB, 0)} MB, ${fmt(r.callMs / 1000, 1)} s`);
      writeFileSync(marker, JSON.stringify({ at: new Date().toISOString(), result: r }));
    }
    log(`search: ${queryMix().length} queries × ${rounds} rounds, listSessions × 50 …`);
    search = (await runChild<SearchResult>('search', { home: shome, queries: queryMix(), rounds, sessionsRounds: 50 })).result;
    if (searchCached) {
      const prev = JSON.parse(readFileSync(marker, 'utf8')) as { result: ImportResult };
      searchImport = { result: prev.result, wallMs: Number.NaN };
    }
  }

  // ---------------------------------------------------------------------------------------
  // Report
  const pctOfBaseline = (impMBs / blMBs) * 100;
  const rssMB = ir.maxRssBytes / MB;
  const storeRatio = (ir.storeBytes ?? Number.NaN) / m.bytes;
  // A figure from an import that failed or skipped lines is not a measurement: never a PASS.
  const importOk = ir.totals.errors === 0 && ir.totals.lines === m.lines && ir.totals.events > 0;
  const status = (ok: boolean): 'PASS' | 'MISS' => (ok ? 'PASS' : 'MISS');
  const istatus = (ok: boolean): 'PASS' | 'MISS' => (importOk && ok ? 'PASS' : 'MISS');
  const rows: Row[] = [
    { metric: 'corpus (throughput)', value: `${fmt(m.bytes / MB)} MB`, target: `${m.files} files, ${int(m.lines)} lines, ${int(ir.totals.events)} events`, status: '' },
    { metric: 'baseline JSON.parse', value: `${fmt(blMBs)} MB/s`, target: `${int(blLps)} lines/s, RSS ${fmt(bl.maxRssBytes / MB, 0)} MB`, status: '' },
    { metric: 'import throughput', value: `${fmt(impMBs)} MB/s`, target: `${int(impLps)} lines/s, ${int(ir.totals.events / (ir.callMs / 1000))} events/s`, status: '' },
    { metric: 'import / baseline', value: `${fmt(pctOfBaseline)} %`, target: `≥ ${TARGET.importPctOfBaseline} %`, status: istatus(pctOfBaseline >= TARGET.importPctOfBaseline) },
    Number.isFinite(rssMB)
      ? { metric: 'import peak RSS', value: `${fmt(rssMB)} MB`, target: `≤ ${TARGET.peakRssMB} MB`, status: istatus(rssMB <= TARGET.peakRssMB) }
      : { metric: 'import peak RSS', value: 'n/a', target: 'needs Linux /proc', status: '' },
    { metric: 'store size / input', value: `${fmt(storeRatio, 3)} ×`, target: `≤ ${TARGET.storeRatio} × (${fmt((ir.storeBytes ?? Number.NaN) / MB)} MB)`, status: istatus(storeRatio <= TARGET.storeRatio) },
    ...(fixtures
      ? [{ metric: 'store size / input, real fixtures', value: `${fmt(fixtures.storeBytes / fixtures.bytes, 3)} ×`, target: `≤ ${TARGET.storeRatio} × (${fixtures.files} files, ${fmt(fixtures.bytes / MB)} MB)`, status: istatus(fixtures.storeBytes / fixtures.bytes <= TARGET.storeRatio) }]
      : []),
    { metric: `no-op re-import call (${m.files} files)`, value: `${fmt(noop.result.callMs, 0)} ms`, target: `≤ ${fmt(noopTargetMs, 0)} ms`, status: istatus(noop.result.callMs <= noopTargetMs) },
    { metric: 'no-op re-import whole process', value: `${fmt(noop.wallMs, 0)} ms`, target: `≤ ${fmt(noopTargetMs, 0)} ms (startup incl.)`, status: istatus(noop.wallMs <= noopTargetMs) },
  ];
  if (search && sm) {
    const enough = search.events >= TARGET.searchMinEvents;
    rows.push(
      { metric: 'search store', value: `${int(search.events)} events`, target: `${fmt(sm.bytes / MB, 0)} MB input, ${sm.files} files${searchCached ? ' (cached)' : ''}`, status: '' },
      { metric: 'search p50', value: `${fmt(search.search.p50, 2)} ms`, target: `${search.queries} queries × ${rounds}, limit 50`, status: '' },
      { metric: 'search p95', value: `${fmt(search.search.p95, 2)} ms`, target: `≤ ${TARGET.searchP95Ms} ms at ≥ 1M events`, status: status(enough && search.search.p95 <= TARGET.searchP95Ms) },
      { metric: 'search p95 (cold round)', value: `${fmt(search.search.coldP95, 2)} ms`, target: `max ${fmt(search.search.max, 1)} ms`, status: '' },
      { metric: 'listSessions(50) p50 / p95', value: `${fmt(search.sessions.p50, 2)} / ${fmt(search.sessions.p95, 2)} ms`, target: '', status: '' },
    );
    if (searchImport && Number.isFinite(searchImport.result.callMs)) {
      const r = searchImport.result;
      const rss = r.maxRssBytes / MB;
      rows.push(
        { metric: 'search-store import', value: `${fmt(sm.bytes / MB / (r.callMs / 1000))} MB/s`, target: `${int(r.totals.events / (r.callMs / 1000))} events/s${searchCached ? ' (from cache run)' : ''}`, status: '' },
        { metric: 'search-store import peak RSS', value: `${fmt(rss)} MB`, target: `≤ ${TARGET.peakRssMB} MB`, status: status(rss <= TARGET.peakRssMB) },
        { metric: 'search-store size / input', value: `${fmt((r.storeBytes ?? Number.NaN) / sm.bytes, 3)} ×`, target: `≤ ${TARGET.storeRatio} ×`, status: status((r.storeBytes ?? Number.NaN) / sm.bytes <= TARGET.storeRatio) },
      );
    }
  }
  const sl = searchImport?.result.leaks;
  const leaks = ir.leaks && sl ? { checked: ir.leaks.checked + sl.checked, found: [...ir.leaks.found, ...sl.found] } : ir.leaks;
  if (leaks) rows.push({ metric: 'planted secrets still searchable', value: `${leaks.found.length} / ${leaks.checked}`, target: '0', status: status(leaks.found.length === 0) });

  console.log('');
  console.log(table(rows));
  console.log('');
  const warn: string[] = [];
  if (ir.totals.bytesRead !== m.bytes) warn.push(`importer read ${ir.totals.bytesRead} bytes, corpus has ${m.bytes}`);
  if (ir.totals.lines !== m.lines) warn.push(`importer counted ${ir.totals.lines} lines, corpus has ${m.lines}`);
  if (bl.lines !== m.lines) warn.push(`baseline counted ${bl.lines} lines, corpus has ${m.lines}`);
  if (ir.totals.files !== m.files) warn.push(`importer found ${ir.totals.files} files, corpus has ${m.files}`);
  if (ir.totals.errors) warn.push(`${ir.totals.errors} files failed to import: ${JSON.stringify(ir.errors)}`);
  if (ir.totals.malformed || ir.totals.unknown || ir.totals.oversized) warn.push(`malformed ${ir.totals.malformed}, unknown ${ir.totals.unknown}, oversized ${ir.totals.oversized} lines`);
  if (noop.result.totals.imported) warn.push(`no-op re-import imported ${noop.result.totals.imported} files again`);
  if (search && search.events < TARGET.searchMinEvents) warn.push(`search store has only ${search.events} events (< ${TARGET.searchMinEvents}); raise --events`);
  if (search?.erroredQueries.length) warn.push(`queries that errored: ${JSON.stringify(search.erroredQueries)}`);
  if (leaks?.found.length) warn.push(`planted secrets found by search: ${leaks.found.slice(0, 5).join(', ')}`);
  const loadEnd = loadavg()[0]!;
  if (Math.max(loadStart, loadEnd) > 0.75) warn.push(`machine was busy (1-min load ${loadStart.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end on ${cpus().length} CPUs): timings are pessimistic`);
  if (!importOk) warn.unshift('THE IMPORT DID NOT COMPLETE CLEANLY: import figures are not valid measurements (marked MISS)');
  for (const w of warn) console.log(`warning: ${w}`);
  if (ir.counts) console.log(`store: ${int(ir.counts.sessions)} sessions, ${int(ir.counts.events)} events (${int(ir.counts.indexed)} with indexed text), ${int(ir.counts.segments)} segments, ${int(ir.counts.redactions)} redactions`);
  if (ir.tables) {
    const total = Object.values(ir.tables).reduce((a, b) => a + b, 0);
    const top = Object.entries(ir.tables).slice(0, 8).map(([k, v]) => `${k} ${fmt(v / MB)} MB (${fmt((v / total) * 100, 0)}%)`);
    console.log(`store pages by table: ${top.join(', ')}`);
  }
  console.log(`import process (${how}): ${fmt(imp.wallMs / 1000, 2)} s wall, ${fmt(ir.userCpuMs / 1000, 2)} s user + ${fmt(ir.systemCpuMs / 1000, 2)} s sys CPU`);
  if (ir.memPeak) {
    const p = ir.memPeak;
    console.log(`import memory peaks (sampled): rss ${fmt(p.rss / MB, 0)} MB, V8 heap used ${fmt(p.heapUsed / MB, 0)} / total ${fmt(p.heapTotal / MB, 0)} MB, external ${fmt(p.external / MB, 0)} MB (array buffers ${fmt(p.arrayBuffers / MB, 0)} MB); the rest of RSS is native (SQLite, zstd, node itself)`);
  }
  if (ir.sql) {
    console.log(`SQLite time by statement (import call ${fmt(ir.callMs, 0)} ms):`);
    for (const q of ir.sql.slice(0, 14)) console.log(`  ${String(q.ms).padStart(7)} ms  ${String(q.n).padStart(8)}×  ${q.sql}`);
  }
  console.log(`no-op process: import ${fmt(noop.result.callMs, 0)} ms, whole process ${fmt(noop.wallMs, 0)} ms, peak RSS ${fmt(noop.result.maxRssBytes / MB, 0)} MB`);
  if (search) {
    const slow = search.perQuery.slice(0, 6).map((q) => `${q.query}${q.provider ? ` [${q.provider}]` : ''} ${fmt(q.medianMs, 1)} ms (${q.hits} hits)`);
    console.log(`slowest queries (median): ${slow.join('; ')}`);
    console.log(`queries with no hits: ${search.zeroHitQueries} / ${search.queries}`);
  }
  for (const { thread, summary: profile } of profiles) {
    console.log(`\nCPU profile of the import, ${thread} (${profile.totalMs} ms sampled, self time):`);
    console.log(`  by area: ${profile.areas.map((a) => `${a.name} ${a.pct}%`).join(', ')}`);
    console.log('  top functions:');
    for (const f of profile.functions) console.log(`    ${String(f.pct).padStart(5)}%  ${f.ms} ms  ${f.name}`);
  }
  const totalS = (performance.now() - t0) / 1000;
  console.log(`\nbench finished in ${fmt(totalS, 1)} s`);

  const json = {
    bench: 'tracebase',
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    load: { start: loadStart, end: loadEnd },
    params: { mb, files, events: eventsTarget, searchFiles, seed: values.seed, rounds },
    corpus: { mb: m.bytes / MB, files: m.files, lines: m.lines, events: ir.totals.events, lineSizes: m.lineSizes, hash: m.hash },
    baseline: { mbPerS: blMBs, linesPerS: blLps, ms: bl.ms, peakRssMB: bl.maxRssBytes / MB },
    import: {
      mbPerS: impMBs, linesPerS: impLps, eventsPerS: ir.totals.events / (ir.callMs / 1000), callMs: ir.callMs, processMs: imp.wallMs,
      pctOfBaseline, peakRssMB: rssMB, storeMB: (ir.storeBytes ?? Number.NaN) / MB, storeRatio, totals: ir.totals, counts: ir.counts,
      memPeakMB: ir.memPeak && Object.fromEntries(Object.entries(ir.memPeak).map(([k, v]) => [k, v / MB])), tables: ir.tables,
    },
    fixtures: fixtures && { ...fixtures, storeRatio: fixtures.storeBytes / fixtures.bytes },
    noop: { callMs: noop.result.callMs, processMs: noop.wallMs, targetMs: noopTargetMs, unchanged: noop.result.totals.unchanged },
    search: search && {
      events: search.events, p50Ms: search.search.p50, p95Ms: search.search.p95, coldP95Ms: search.search.coldP95, maxMs: search.search.max,
      sessionsP50Ms: search.sessions.p50, sessionsP95Ms: search.sessions.p95, cached: searchCached,
      storeImport: searchImport && {
        mbPerS: sm ? sm.bytes / MB / (searchImport.result.callMs / 1000) : Number.NaN, peakRssMB: searchImport.result.maxRssBytes / MB,
        storeRatio: sm ? (searchImport.result.storeBytes ?? Number.NaN) / sm.bytes : Number.NaN,
      },
    },
    leaks,
    importOk,
    targets: {
      importPctOfBaseline: importOk && pctOfBaseline >= TARGET.importPctOfBaseline,
      peakRss: importOk && rssMB <= TARGET.peakRssMB,
      storeRatio: importOk && storeRatio <= TARGET.storeRatio,
      storeRatioRealFixtures: fixtures ? fixtures.storeBytes / fixtures.bytes <= TARGET.storeRatio : null,
      noopReimport: importOk && noop.result.callMs <= noopTargetMs,
      noopReimportProcess: importOk && noop.wallMs <= noopTargetMs,
      searchP95: search ? search.events >= TARGET.searchMinEvents && search.search.p95 <= TARGET.searchP95Ms : null,
    },
    profile: profiles.length ? profiles.map(({ thread, summary: p }) => ({ thread, totalMs: p.totalMs, areas: p.areas, functions: p.functions.slice(0, 10) })) : undefined,
    totalSeconds: totalS,
  };
  console.log(JSON.stringify(json));
}

await main();
