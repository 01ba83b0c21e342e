// Where Codex keeps rollouts and how a rollout file is identified.
import { basename, join, resolve } from 'node:path';
import { expandHome } from '../../core/paths.ts';
import type { SourceEnv } from '../types.ts';

/** `$CODEX_HOME/sessions` (dated tree) and `$CODEX_HOME/archived_sessions` (flat). */
export function defaultRoots({ home, env }: SourceEnv): string[] {
  // Absolute, so a relative CODEX_HOME names the same files from any working directory.
  const codexHome = resolve(expandHome(env.CODEX_HOME || join(home, '.codex'), home));
  return [join(codexHome, 'sessions'), join(codexHome, 'archived_sessions')];
}

/**
 * `*.jsonl` rollouts of every Rust generation and the TS-era `rollout-*.json` documents (also
 * when a copy carries a prefix). `history.jsonl` is a prompt log, not a transcript; auth.json,
 * config, logs and sqlite never match.
 */
export function isTranscript(path: string): boolean {
  const name = basename(path);
  if (name.endsWith('.jsonl')) return name !== 'history.jsonl';
  return name.endsWith('.json') && name.includes('rollout-');
}

const stripExt = (name: string): string => name.replace(/\.jsonl?$/, '');

/** The basename without extension: it carries the session uuid and survives archiving. */
export const streamKey = (path: string): string => stripExt(basename(path));

/**
 * Identity of the stream in a file, for de-duplication: a rollout name carries the session uuid
 * and survives moving to archived_sessions/, and a copy renamed around it (`backup__rollout-…`,
 * `old-rollout-…`) is the same transcript, keyed from its `rollout-` on; any other name
 * (`child.jsonl`) is only unique with its directory, so it is keyed by its absolute path.
 */
export function streamIdentity(path: string): string {
  if (!uuidFromPath(path)) return resolve(path);
  const name = streamKey(path);
  const at = name.lastIndexOf('rollout-');
  return at > 0 ? name.slice(at) : name;
}

const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The session uuid a rollout name ends with (`rollout-<ts>-<uuid>.jsonl`), if any. */
export function uuidFromPath(path: string): string | undefined {
  return UUID_AT_END.exec(streamKey(path))?.[1]?.toLowerCase();
}

/** Session id for a file whose header is missing: the uuid in its name, else its basename. */
export const fallbackSessionId = (path: string): string => uuidFromPath(path) ?? streamKey(path);
