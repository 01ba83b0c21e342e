// session_meta (or the bare 2025 / TS-era header) → SessionPatch, and which header is the file's own.
import type { SessionPatch } from '../../core/types.ts';
import { type Obj, obj, str } from '../json.ts';

/** Epoch ms of a timestamp we keep: one that parses as a date (publishers write "[trimmed for fixture]"). */
export function timeMs(v: unknown): number | undefined {
  if (typeof v !== 'string' || v.length < 10) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

export const validTime = (v: unknown): string | undefined => (timeMs(v) === undefined ? undefined : (v as string));

export const headerId = (p: Obj): string | undefined => str(p.id) || str(p.session_id) || undefined;

/** Subagent facts: the `source` object `{subagent:{thread_spawn:{…}}}` / `{subagent:"review"}`, or top-level fields. */
function subagentOf(p: Obj, patch: SessionPatch): void {
  const sub = obj(p.source)?.subagent;
  const spawn = obj(obj(sub)?.thread_spawn);
  const parent = str(spawn?.parent_thread_id) ?? str(p.parent_thread_id);
  const nickname = str(p.agent_nickname) ?? str(spawn?.agent_nickname);
  const role = str(p.agent_role) ?? str(spawn?.agent_role) ?? (typeof sub === 'string' ? sub : str(obj(sub)?.other));
  if (sub !== undefined || parent || p.thread_source === 'subagent') patch.isSubagent = true;
  if (parent) patch.parentId = parent;
  const callId = str(spawn?.spawn_call_id);
  if (callId) patch.parentCallId = callId;
  if (nickname) patch.agentId = nickname;
  if (role) patch.agentType = role;
  const forked = str(spawn?.forked_from_id);
  if (forked && !patch.forkedFromId) patch.forkedFromId = forked;
}

/** The patch an own header yields. `envelopeTs` is the line's timestamp, used when the header has none. */
export function headerPatch(id: string, p: Obj, envelopeTs: string | undefined): SessionPatch {
  const patch: SessionPatch = { id, provider: 'codex' };
  const set = <K extends keyof SessionPatch>(k: K, v: SessionPatch[K] | undefined): void => {
    if (v !== undefined && v !== '') patch[k] = v;
  };
  set('cwd', str(p.cwd));
  const git = obj(p.git);
  set('gitCommit', str(git?.commit_hash));
  set('gitBranch', str(git?.branch));
  set('gitRepo', str(git?.repository_url));
  set('cliVersion', str(p.cli_version));
  set('originator', str(p.originator));
  set('startedAt', validTime(p.timestamp) ?? envelopeTs);
  set('forkedFromId', str(p.forked_from_id));
  subagentOf(p, patch);
  return patch;
}
