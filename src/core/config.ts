// Where things live. Built by a factory from an explicit environment: nothing reads
// process.env at import time, so tests build what they need in a temp dir.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { expandHome } from './paths.ts';

export interface Config {
  /** Store directory (TRACE_HOME, default ~/.traces). */
  home: string;
  /** User home, for the default transcript locations. */
  userHome: string;
  keyFile: string;
  dbFile: string;
  logFile: string;
  /** The environment it was made from (a copy), read for TRACE_KEY, CODEX_HOME, CLAUDE_CONFIG_DIR…
   * Logged or turned into JSON, it shows only how many variables it holds: it may hold secrets. */
  env: Record<string, string | undefined>;
}

export function resolveConfig(env: Record<string, string | undefined> = process.env): Config {
  const userHome = env['HOME'] || homedir();
  // Absolute: messages name the store where it is, whatever the working directory.
  const home = resolve(expandHome(env['TRACE_HOME'] || join(userHome, '.traces'), userHome));
  return { home, userHome, keyFile: join(home, 'key'), dbFile: join(home, 'store.db'), logFile: join(home, 'tracebase.log'), env: hiddenEnv(env) };
}

/** TRACE_KEY when set (base64 of exactly 32 bytes, checked when the store opens); read from the
 * environment, so a copy of a config (`{ ...config, home }`) has it too. */
export const traceKey = (config: Config): string | undefined => config.env['TRACE_KEY'] || undefined;

/** A copy of `env` that a log line or JSON shows as a count of variables, never their values (the
 * object itself carries that: a config copied with a spread shares it). */
function hiddenEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const copy: Record<string, string | undefined> = { ...env };
  const shown = () => `[environment: ${Object.keys(copy).length} variables${copy['TRACE_KEY'] ? ', TRACE_KEY set' : ''}]`;
  Object.defineProperty(copy, 'toJSON', { value: shown, enumerable: false });
  Object.defineProperty(copy, inspect.custom, { value: shown, enumerable: false });
  return copy;
}
