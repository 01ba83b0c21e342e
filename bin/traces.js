#!/usr/bin/env node
// Runs the TypeScript sources directly in a development checkout (Node 24 strips types), or the
// built CLI (dist/) in the published package, which ships no sources.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `tracebase needs Node.js 24 or newer (this is ${process.version}). Run it through npm (\`npx tracebase\`), which uses the Node 24 the project installs, or install Node 24.\n`,
  );
  process.exit(1);
}
// A small young generation keeps long imports' peak memory down (measured: 346 → 284 MB RSS on
// the bench corpus) for a few percent of speed.
setFlagsFromString('--max-semi-space-size=2');
const source = new URL('../src/cli/main.ts', import.meta.url);
const entry = existsSync(source) ? source : new URL('../dist/cli/main.js', import.meta.url);
const { main } = await import(entry.href);
const bin = process.env.TRACEBASE_BIN_NAME || "traces";
process.exitCode = await main(process.argv.slice(2), undefined, bin);
