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
  /** TRACE_KEY when set: base64 of exactly 32 bytes (validated when the store opens). */
  envKey: string | undefined;
  env: Record<string, string | undefined>;
}

export function resolveConfig(env: Record<string, string | undefined> = process.env): Config {
  const userHome = env['HOME'] || homedir();
  // Absolute: messages name the store where it is, whatever the working directory.
  const home = resolve(expandHome(env['TRACE_HOME'] || join(userHome, '.traces'), userHome));
  const config: Config = {
    home,
    userHome,
    keyFile: join(home, 'key'),
    dbFile: join(home, 'store.db'),
    logFile: join(home, 'tracebase.log'),
    envKey: env['TRACE_KEY'] === undefined || env['TRACE_KEY'] === '' ? undefined : env['TRACE_KEY'],
    env,
  };
  // The key and the environment (which may hold other secrets) are for reading: a config logged or
  // turned into JSON shows neither. (They stay ordinary fields: a copy, `{ ...config }`, keeps them.)
  const shown = () => ({ home: config.home, userHome: config.userHome, keyFile: config.keyFile, dbFile: config.dbFile, logFile: config.logFile, envKey: config.envKey === undefined ? undefined : '(TRACE_KEY set)' });
  Object.defineProperty(config, 'toJSON', { value: shown, enumerable: false });
  Object.defineProperty(config, inspect.custom, { value: () => `Config ${inspect(shown())}`, enumerable: false });
  return config;
}
