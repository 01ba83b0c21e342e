#!/usr/bin/env node
// Runs the built CLI (dist/): always in the published package, which ships no sources, and in a
// development checkout whenever the build is newer than every source file; otherwise the
// TypeScript sources directly (Node 24 strips types). The built code needs less memory: type
// stripping costs about 20 MB per thread.
// Memory: V8's memory saver mode (collects and returns heap pages sooner) and a young generation
// that does not grow (it otherwise grows to 16 MB × 3 under an import's allocation rate). Both are
// read by the collector as it runs, so setting them here works, unlike start-up-only flags such
// as --max-semi-space-size (which would need `env -S` in the shebang; BusyBox lacks it). Bench
// import peak: ~140 MB instead of ~200 MB on a 1 GB corpus, for ~10 % of speed. Set only on
// Node 24 (V8 13.6), where they are verified: an unknown flag makes V8 print an error.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// glibc's malloc reads MALLOC_ARENA_MAX only as a process starts. With at most 4 arenas instead
// of up to 8 per core, the import's threads reuse each other's freed memory: bench import peak
// 131–139 MB instead of 141–152 MB at the same speed (2 arenas: ~9 % slower). So on Linux the
// commands that import or serve start once more with it set: process.execve replaces this
// process (same pid, signals and exit code), for ~40 ms. Set MALLOC_ARENA_MAX to choose another
// value (other C libraries ignore it).
// MALLOC_MMAP_THRESHOLD_ at 512 KB: glibc otherwise raises its threshold as big blocks are freed
// (up to 32 MB), so the import's read buffers, batches and sealed segments come from the arenas,
// which keep the holes between them. Mapped on their own, they go back to the system when freed:
// 1M-event store import peak 143 MB instead of 153–159 MB, the bench corpus 137–139 MB instead of
// 140–147, at the same speed (~0.3 s more system time). Set it to choose another value.
// Not under a debugger or with preloaded modules (they would start twice).
const MEMORY_HEAVY = new Set(['import', 'import-file', 'index', 'demo', 'serve', 'agent']);
const attached = /--(inspect|import|require|loader|experimental-loader)\b|(^|\s)-r\b/;
if (
  process.platform === 'linux' && (process.env.MALLOC_ARENA_MAX === undefined || process.env.MALLOC_MMAP_THRESHOLD_ === undefined) && MEMORY_HEAVY.has(process.argv[2] ?? '') &&
  typeof process.execve === 'function' && !process.execArgv.some((a) => attached.test(a)) && !attached.test(process.env.NODE_OPTIONS ?? '')
) {
  try {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      MALLOC_ARENA_MAX: '4',
      MALLOC_MMAP_THRESHOLD_: '524288',
      ...process.env,
    });
  } catch {
    // carry on as is
  }
}

const major = Number(process.versions.node.split('.')[0]);
if (major === 24) setFlagsFromString('--memory-saver-mode --semi-space-growth-factor=1');
if (major < 24) {
  // An older Node on PATH (the bins linked with `npm link`, or run as ./bin/tracebase.js): a
  // checkout's install brings Node 24 (the pinned `node` devDependency), which runs this again.
  const local = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  // (Once only: a Node there that is older too would start this again and again.)
  if (!existsSync(local) || process.env.TRACEBASE_REEXEC) {
    process.stderr.write(
      `tracebase needs Node.js 24 or newer (this is ${process.version}). Run it through npm (\`npx tracebase\`) in a checkout where \`npm install\` brought Node 24, or install Node 24.\n`,
    );
    process.exit(1);
  }
  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  // (This Node's own flags are not passed on: the other may not know them. The child watches this
  // process, as under npx: if it is killed outright, the child stops too.)
  const child = spawn(local, process.argv.slice(1), { stdio: 'inherit', env: { ...process.env, TRACEBASE_REEXEC: String(process.pid) } });
  // A signal to this process is passed on (Ctrl-C reaches both from the terminal: the child's
  // handlers take a second one as the first).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (e) => {
    process.stderr.write(`tracebase: could not start ${local}: ${e.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
  await new Promise(() => {}); // (the rest of this file runs in the child)
}

/** Newest modification time of the runtime sources (tests and the web app are not in dist/). */
function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'web') newest = Math.max(newest, newestSource(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function entryPoint() {
  const built = new URL('../dist/cli/main.js', import.meta.url);
  const source = new URL('../src/cli/main.ts', import.meta.url);
  if (!existsSync(source)) return built;
  const stamp = new URL('../dist/.built', import.meta.url);
  if (process.env.TRACEBASE_FROM_SOURCE !== '1' && existsSync(stamp) && statSync(stamp).mtimeMs > newestSource(fileURLToPath(new URL('../src', import.meta.url)))) return built;
  return source;
}

// `npx tracebase …` runs this under `sh -c`. A kill of npx (SIGTERM, from a process manager or
// `timeout`) reaches only that shell, which ends without passing it on: this process would go
// on alone, an import to its end, a server for good. So when npx ran this very bin, a parent
// that goes away is taken as that kill. (Ctrl-C reaches every process of the terminal's group:
// no watch needed.) npm's variables are inherited by everything below an npx: a server started
// with `&` from a shell under `npx some-agent` names that agent in npm_lifecycle_script and
// keeps running when its shell ends.
if (
  ((process.env.npm_command === 'exec' && /^'?(tracebase|traces)'?(\s|$)/.test(process.env.npm_lifecycle_script ?? '')) ||
    process.env.TRACEBASE_REEXEC === String(process.ppid)) &&
  process.ppid !== 1
) {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }, 500);
  watch.unref();
}

// Start-up: V8's compiled code of this package's modules is kept (Node's module compile cache) in the package's own
// node_modules/.cache, a folder of whoever installed it: ~30 ms of a command's ~190 ms start. Not in the shared temporary
// folder, Node's default, where another user could put code for it to load. Nothing of a store or a transcript is in
// it. NODE_COMPILE_CACHE chooses another folder, NODE_DISABLE_COMPILE_CACHE=1 none; a folder it cannot write is passed over.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.(process.env.NODE_COMPILE_CACHE ? undefined : fileURLToPath(new URL('../node_modules/.cache/tracebase-compile', import.meta.url)));

const entry = entryPoint();
const { main } = await import(entry.href);
const bin = process.env.TRACEBASE_BIN_NAME || 'tracebase';
process.exitCode = await main(process.argv.slice(2), undefined, bin);
