// The parser's resumable state: small, JSON-serializable, restored from a checkpoint so that
// parsing the rest of a file from a snapshot gives exactly what a full read gives.
import type { ParserState } from '../types.ts';
import { arr, bool, isObj, num, obj, str } from '../json.ts';

/** Bounded memories: the two copies of one item sit close together in a rollout. */
export const MAX_PENDING = 16;
export const MAX_RECENT_IDS = 32;
export const MAX_WEB = 8;

/** An unmatched web search: the call (no call_id) or its `web_search_end`, keyed by query. */
export interface WebPending {
  side: 'call' | 'end';
  id: string;
  fp: string;
}

export interface CodexState {
  v: 1;
  /** Session the file's lines belong to. */
  sid: string;
  /** The file's own session_meta has been seen (later ones are copied parent headers). */
  own: boolean;
  /** A SessionPatch for `sid` has been emitted. */
  announced: boolean;
  /** Session cwd already reported (header or first turn_context). */
  hasCwd: boolean;
  /** Own header's start (epoch ms): lines stamped earlier are history replayed from a parent. */
  startMs?: number;
  model?: string;
  cwd?: string;
  /** Previous non-null total_token_usage of this file: [input, cached, output, reasoning, total]. */
  prevTotal?: number[];
  /** Unmatched display/protocol copies, by `<class><side>` (see dedupe.ts): candidate fingerprints. */
  pend: Record<string, string[][]>;
  /** Call ids that already have a tool_call / a tool_result emitted (most recent last). */
  calls: string[];
  results: string[];
  web: WebPending[];
  /** Web searches seen so far, by a hash of their payload: how many times each. */
  searches: Record<string, number>;
  /** Unified exec processes still running (`s:<session id>`) and the `write_stdin` calls that
   * poll them (`w:<call id>`), each → the call that started the process (most recent last). */
  running?: [string, string][];
}

export const initialState = (sid: string): CodexState => ({
  v: 1,
  sid,
  own: false,
  announced: false,
  hasCwd: false,
  pend: {},
  calls: [],
  results: [],
  web: [],
  searches: {},
});

const strings = (v: unknown): string[] => (arr(v) ?? []).filter((x): x is string => typeof x === 'string');

/** Rebuild state from a checkpoint, tolerating anything malformed (falls back to a fresh state). */
export function restoreState(saved: ParserState | undefined, sid: string): CodexState {
  const s = initialState(sid);
  if (saved?.v !== 1) return s;
  s.sid = str(saved.sid) ?? sid;
  s.own = bool(saved.own) ?? false;
  s.announced = bool(saved.announced) ?? false;
  s.hasCwd = bool(saved.hasCwd) ?? false;
  s.startMs = num(saved.startMs);
  s.model = str(saved.model);
  s.cwd = str(saved.cwd);
  const prev = arr(saved.prevTotal);
  // Five fields before cache writes were kept (2026-11-26), six since.
  if ((prev?.length === 5 || prev?.length === 6) && prev.every((n) => num(n) !== undefined)) s.prevTotal = prev as number[];
  for (const [k, entries] of Object.entries(obj(saved.pend) ?? {})) {
    s.pend[k] = (arr(entries) ?? []).map(strings);
  }
  s.calls = strings(saved.calls);
  s.results = strings(saved.results);
  for (const w of arr(saved.web) ?? []) {
    if (!isObj(w)) continue;
    const id = str(w.id);
    const side = w.side === 'end' ? 'end' : 'call';
    if (id !== undefined) s.web.push({ side, id, fp: str(w.fp) ?? '' });
  }
  for (const [k, n] of Object.entries(obj(saved.searches) ?? {})) {
    const count = num(n);
    if (count !== undefined) s.searches[k] = count;
  }
  const running: [string, string][] = [];
  for (const pair of arr(saved.running) ?? []) {
    const [k, v] = arr(pair) ?? [];
    if (typeof k === 'string' && typeof v === 'string') running.push([k, v]);
  }
  if (running.length > 0) s.running = running;
  return s;
}

/** The call that started the process `key` names (see CodexState.running). */
export const runningCall = (s: CodexState, key: string): string | undefined => s.running?.find(([k]) => k === key)?.[1];

/** Forget `key` (a poll read, a process ended). */
export function forgetRunning(s: CodexState, key: string): void {
  const list = (s.running ?? []).filter(([k]) => k !== key);
  if (list.length > 0) s.running = list;
  else delete s.running;
}

/** Remember `key` → `call`, forgetting the oldest past MAX_RECENT_IDS. */
export function rememberRunning(s: CodexState, key: string, call: string): void {
  const list = (s.running ?? []).filter(([k]) => k !== key);
  list.push([key, call]);
  if (list.length > MAX_RECENT_IDS) list.shift();
  s.running = list;
}

/** A deep copy, so later parsing never mutates a snapshot already handed out. */
export const snapshotState = (s: CodexState): ParserState => JSON.parse(JSON.stringify(s)) as ParserState;

/** Remember `id` in a bounded recency list; true when it was already there. */
export function seenBefore(list: string[], id: string): boolean {
  if (list.includes(id)) return true;
  list.push(id);
  if (list.length > MAX_RECENT_IDS) list.shift();
  return false;
}
