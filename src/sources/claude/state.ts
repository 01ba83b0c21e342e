// Parser memory that must survive a checkpoint: small, bounded, JSON-serializable.
// Every map is an insertion-ordered LRU with a cap, so a resumed parse holds exactly
// what a full read would hold at the same line.
import type { ParserState } from '../types.ts';
import { arr, num, str } from '../json.ts';

/** What was last reported for a session, so patches are only emitted on change. */
export interface SessionMemo {
  cwd: string;
  gitBranch: string;
  cliVersion: string;
  originator: string;
  started: boolean;
  agentType: string;
}

export interface PendingCall {
  name: string;
  /** Timestamp of the tool_use line ('' when it had none). */
  ts: string;
  /** A Task/Agent call's `subagent_type`: the agent's type where its result does not name it. */
  agentType?: string;
}

export interface ClaudeState {
  /** Main (or, in agent files, parent) session id once known. */
  main?: string;
  sessions: Map<string, SessionMemo>;
  /** tool_use id → call, until its result arrives. */
  calls: Map<string, PendingCall>;
  /** Task/Agent calls in the main chain no inline sidechain has claimed yet: id → prompt head. */
  tasks: Map<string, string>;
  lastTask?: string;
  /** Recent inline-sidechain line uuids → the session they belong to. */
  side: Map<string, string>;
  lastSide?: string;
  /** Task call id → the inline sidechain session it started. */
  claimed: Map<string, string>;
  /** Assistant line uuid → the id given to its one tool_use that had none ('' when it had several). */
  anon: Map<string, string>;
}

export const CAPS = { sessions: 64, calls: 256, tasks: 16, side: 256, claimed: 32, anon: 32 } as const;

/** Set `key` as the newest entry, evicting the oldest past `cap`. */
export function remember<V>(map: Map<string, V>, key: string, value: V, cap: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > cap) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
}

const pairs = (v: unknown): [string, unknown[]][] => {
  const out: [string, unknown[]][] = [];
  for (const row of arr(v) ?? []) {
    const r = arr(row);
    const k = str(r?.[0]);
    if (r && k !== undefined) out.push([k, r.slice(1)]);
  }
  return out;
};

const s = (v: unknown): string => str(v) ?? '';

export function loadState(saved: ParserState | undefined): ClaudeState {
  const st: ClaudeState = {
    sessions: new Map(),
    calls: new Map(),
    tasks: new Map(),
    side: new Map(),
    claimed: new Map(),
    anon: new Map(),
  };
  if (!saved) return st;
  st.main = str(saved.main);
  st.lastTask = str(saved.lastTask);
  st.lastSide = str(saved.lastSide);
  for (const [k, [cwd, br, ver, orig, flags, type]] of pairs(saved.sessions)) {
    const f = num(flags) ?? 0;
    st.sessions.set(k, {
      cwd: s(cwd),
      gitBranch: s(br),
      cliVersion: s(ver),
      originator: s(orig),
      started: (f & 1) === 1,
      agentType: s(type),
    });
  }
  for (const [k, [name, ts, type]] of pairs(saved.calls)) {
    const call: PendingCall = { name: s(name), ts: s(ts) };
    if (str(type)) call.agentType = str(type);
    st.calls.set(k, call);
  }
  for (const [k, [head]] of pairs(saved.tasks)) st.tasks.set(k, s(head));
  for (const [k, [sid]] of pairs(saved.side)) st.side.set(k, s(sid));
  for (const [k, [sid]] of pairs(saved.claimed)) st.claimed.set(k, s(sid));
  for (const [k, [id]] of pairs(saved.anon)) st.anon.set(k, s(id));
  return st;
}

export function saveState(st: ClaudeState): ParserState {
  const out: ParserState = {
    v: 1,
    sessions: [...st.sessions].map(([k, m]) => [
      k,
      m.cwd,
      m.gitBranch,
      m.cliVersion,
      m.originator,
      m.started ? 1 : 0,
      m.agentType,
    ]),
    calls: [...st.calls].map(([k, c]) => (c.agentType ? [k, c.name, c.ts, c.agentType] : [k, c.name, c.ts])),
    tasks: [...st.tasks],
    side: [...st.side],
    claimed: [...st.claimed],
  };
  if (st.anon.size > 0) out.anon = [...st.anon];
  if (st.main !== undefined) out.main = st.main;
  if (st.lastTask !== undefined) out.lastTask = st.lastTask;
  if (st.lastSide !== undefined) out.lastSide = st.lastSide;
  return out;
}
