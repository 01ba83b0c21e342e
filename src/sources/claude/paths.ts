// Where Claude Code keeps transcripts and what a file's name says about the stream in it.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { expandHome } from '../../core/paths.ts';
import type { SourceEnv } from '../types.ts';
import { obj, parseObject, str } from '../json.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_IN = /(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;

/** `$CLAUDE_CONFIG_DIR/projects` (comma-separated dirs allowed), else `~/.claude/projects`. */
export function defaultRoots({ home, env }: SourceEnv): string[] {
  const dirs = (env.CLAUDE_CONFIG_DIR ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  return (dirs.length > 0 ? dirs : [join(home, '.claude')]).map((d) => resolve(expandHome(d, home), 'projects'));
}

export const isTranscript = (path: string): boolean => path.endsWith('.jsonl');

export interface ClaudeFile {
  /** File name without `.jsonl`. */
  stem: string;
  /** `main`: `<session>.jsonl`; `legacy`: `agent-<id>.jsonl` beside the sessions (≈2.0.x);
   * `subagents`: `<session>/subagents/agent-<id>.jsonl` (2.1.x). */
  layout: 'main' | 'legacy' | 'subagents';
  /** The id after `agent-` for agent files. */
  agentId?: string;
  /** Parent session id taken from the `<session>/subagents/` folder. */
  parentFromPath?: string;
  /** The stem is a session UUID (always true for real main files). */
  uuidStem: boolean;
  /** A main file renamed around its session UUID (`backup-<uuid>`, `export__<uuid>`): that UUID. */
  stemUuid?: string;
}

export function describeFile(path: string): ClaudeFile {
  const base = basename(path);
  const stem = base.endsWith('.jsonl') ? base.slice(0, -'.jsonl'.length) : base;
  const uuidStem = UUID.test(stem);
  if (!stem.startsWith('agent-') || stem.length === 'agent-'.length) {
    const inner = uuidStem ? undefined : stem.match(UUID_IN)?.at(-1);
    return inner ? { stem, layout: 'main', uuidStem, stemUuid: inner.toLowerCase() } : { stem, layout: 'main', uuidStem };
  }
  const agentId = stem.slice('agent-'.length);
  const dir = dirname(path);
  if (basename(dir) === 'subagents') {
    return { stem, layout: 'subagents', agentId, parentFromPath: basename(dirname(dir)), uuidStem };
  }
  return { stem, layout: 'legacy', agentId, uuidStem };
}

/** '<session>' for main files, '<session>/agent-<id>' for the subagents/ layout, 'agent-<id>' for legacy agent files. */
export function streamKey(path: string): string {
  const f = describeFile(path);
  if (f.layout === 'subagents') return `${f.parentFromPath}/${f.stem}`;
  // Legacy agent ids are short: unique only within their project folder.
  if (f.layout === 'legacy') return `${basename(dirname(path))}/${f.stem}`;
  // Real session files are named by their uuid, and a copy renamed around it (`backup-<uuid>`)
  // is the same transcript (its lines are the same lines); any other name is only unique with
  // its folder.
  return f.uuidStem ? f.stem : (f.stemUuid ?? resolve(path));
}

export interface AgentMeta {
  agentType?: string;
  description?: string;
}

/** The sibling `agent-<id>.meta.json` written by 2.1.x; undefined when absent or unreadable. */
export function readAgentMeta(path: string): AgentMeta | undefined {
  if (!path.endsWith('.jsonl')) return undefined;
  const text = readSidecar(`${path.slice(0, -'.jsonl'.length)}.meta.json`);
  if (text === undefined) return undefined;
  const o = obj(parseObject(text));
  if (!o) return undefined;
  const meta: AgentMeta = {};
  const agentType = str(o.agentType);
  const description = str(o.description);
  if (agentType) meta.agentType = agentType;
  if (description) meta.description = description;
  return meta;
}

/** A sidecar's text: only a regular file of at most 1 MB (opened without waiting, so a named pipe
 * under its name cannot stop the import; a device is not read). Undefined otherwise. */
function readSidecar(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > 1 << 20) return undefined;
    return readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
