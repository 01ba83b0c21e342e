#!/usr/bin/env node
// Runs the built CLI (dist/): always in the published package, which ships no sources, and in a
// development checkout whenever the build is newer than every source file; otherwise the
// TypeScript sources directly (Node 24 strips types). The built code needs less memory: type
// stripping costs about 20 MB per thread.
// Memory: V8's memory saver mode, which collects and returns heap pages sooner. On the bench
// corpus the import peaks at ~146 MB instead of ~170 MB, for ~9 % of speed. The mode is meant to
// be switched at run time (V8 toggles it dynamically). Set only on Node 24 (V8 13.6), where it is
// verified: a V8 without it would print "unrecognized flag" on every command. (A start-up flag
// such as --max-semi-space-size would need `env -S` in the shebang, which BusyBox lacks.)
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const major = Number(process.versions.node.split('.')[0]);
if (major === 24) setFlagsFromString('--memory-saver-mode');
if (major < 24) {
  process.stderr.write(
    `tracebase needs Node.js 24 or newer (this is ${process.version}). Run it through npm (\`npx tracebase\`), which uses the Node 24 the project installs, or install Node 24.\n`,
  );
  process.exit(1);
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

const entry = entryPoint();
const { main } = await import(entry.href);
const bin = process.env.TRACEBASE_BIN_NAME || 'tracebase';
process.exitCode = await main(process.argv.slice(2), undefined, bin);
