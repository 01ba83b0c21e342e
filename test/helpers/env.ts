// Test scaffolding: temp stores and the real CLI run as a child process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(REPO, 'bin/tracebase.js');
export const OWN_FIXTURES = join(REPO, 'test/fixtures');
export const SHARED_FIXTURES = resolve(REPO, '../shared/fixtures');

export interface TempEnv {
  dir: string;
  home: string;
  env: Record<string, string>;
  cleanup(): void;
}

/** A private HOME and TRACE_HOME so tests never touch the developer's real transcripts or store. */
export function tempEnv(extra: Record<string, string> = {}): TempEnv {
  const dir = mkdtempSync(join(tmpdir(), 'tracebase-test-'));
  const home = join(dir, 'store');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: join(dir, 'home'),
    TRACE_HOME: home,
    NO_COLOR: '1',
    ...extra,
  };
  return { dir, home, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(env: Record<string, string>, args: string[], input?: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, input, encoding: 'utf8', maxBuffer: 256 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function cliAsync(env: Record<string, string>, args: string[]): { child: ReturnType<typeof spawn>; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((res) => child.on('close', (code, signal) => res({ code: code ?? (signal ? -1 : 0), stdout, stderr })));
  return { child, done };
}

export const jsonl = <T = Record<string, unknown>>(s: string): T[] =>
  s.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);

/** Every file under a directory, recursively, with its bytes. */
export function allFiles(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...allFiles(p));
    else out.push({ path: p, bytes: readFileSync(p) });
  }
  return out;
}
