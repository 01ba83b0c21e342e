// `npm run bench`: bench/run.ts (import, memory, store size, search), then bench/api.ts (HTTP API
// latency), as `node bench/run.ts && node bench/api.ts` would, but with the options given to
// `npm run bench -- …` passed to run.ts, and those both know (`--dir`, `--seed`) to api.ts too
// (npm appends them to the last command of a script only, which api.ts refused).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const shared = new Set(['--dir', '--seed']);
const forApi: string[] = [];
for (let i = 0; i < args.length; i++) {
  const [name, inline] = args[i]!.split('=', 2) as [string, string | undefined];
  if (!shared.has(name)) continue;
  forApi.push(args[i]!);
  if (inline === undefined && i + 1 < args.length) forApi.push(args[++i]!);
}
const run = (script: string, argv: string[]): number => spawnSync(process.execPath, [join(here, script), ...argv], { stdio: 'inherit' }).status ?? 1;
const code = run('run.ts', args);
process.exit(code === 0 ? run('api.ts', forApi) : code);
