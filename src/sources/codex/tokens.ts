// token_count → per-call usage (FORMATS a.8). Count `last_token_usage` (or the delta of the
// running totals when `last` is absent), skip a snapshot whose total did not move, and key each
// call by the cumulative total, which a fork child copies verbatim from its parent: equal keys
// across files are one LLM call, counted once.
import type { TokenCounts, UsageInfo } from '../../core/types.ts';
import { countsValid, type Obj, num, obj, str } from '../json.ts';
import type { CodexState } from './state.ts';

const TOTAL_FIELDS = ['input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_output_tokens', 'total_tokens'] as const;
/** The key names a call by the five fields every build writes; newer builds add cache writes, kept after them. */
const KEY_FIELDS = TOTAL_FIELDS.length;
/** Every count field a usage object may hold. */
const COUNT_FIELDS = [...TOTAL_FIELDS, 'cache_write_input_tokens'];

const tuple = (u: Obj): number[] => [...TOTAL_FIELDS.map((f) => num(u[f]) ?? 0), num(u.cache_write_input_tokens) ?? 0];

export const totalKey = (t: number[]): string => `codex-total:${t.slice(0, KEY_FIELDS).join(',')}`;

function countsOf(u: Obj): TokenCounts {
  return {
    input: num(u.input_tokens) ?? 0,
    cacheRead: num(u.cached_input_tokens) ?? 0,
    cacheWrite: num(u.cache_write_input_tokens) ?? 0,
    output: num(u.output_tokens) ?? 0,
    reasoning: num(u.reasoning_output_tokens) ?? 0,
  };
}

/** Difference of two running totals, clamped at 0 (a total can be rewritten downwards). */
function delta(cur: number[], prev: number[] | undefined): TokenCounts {
  const d = (i: number): number => Math.max(0, (cur[i] ?? 0) - (prev?.[i] ?? 0));
  // A total saved before cache writes were kept (five fields) has none to subtract: none counted.
  return { input: d(0), cacheRead: d(1), cacheWrite: prev && prev.length <= KEY_FIELDS ? 0 : d(5), output: d(2), reasoning: d(3) };
}

const sameTuple = (a: number[], b: number[] | undefined): boolean => !!b && a.every((v, i) => i >= KEY_FIELDS || v === b[i]);

/**
 * Usage of one `token_count` payload, or undefined when it carries none (info null, or a
 * re-emitted snapshot whose total equals the previous one in this file). `eventKey` identifies
 * the event itself, for the rare writer that gives `last` without a total.
 */
export function tokenCountUsage(payload: Obj, state: CodexState, eventKey: string): UsageInfo | undefined {
  const info = obj(payload.info);
  if (!info) return undefined;
  // (Impossible counts are no usage: `1e308`, `-1000`, `0.25`.)
  const valid = (o: Obj | undefined): Obj | undefined => (o && countsValid(o, COUNT_FIELDS) ? o : undefined);
  const total = valid(obj(info.total_token_usage));
  const last = valid(obj(info.last_token_usage));
  const model = str(info.model) ?? str(info.model_name) ?? state.model;
  let usage: UsageInfo | undefined;
  if (total) {
    const t = tuple(total);
    if (sameTuple(t, state.prevTotal)) return undefined;
    usage = { key: totalKey(t), tokens: last ? countsOf(last) : delta(t, state.prevTotal) };
    state.prevTotal = t;
  } else if (last) {
    usage = { key: eventKey, tokens: countsOf(last) };
  }
  if (usage && model) usage.model = model;
  return usage;
}

/**
 * 2026 `token_usage_record` (one per model response). Keyed like token_count on the thread's
 * running total, so a rollout holding both forms still counts each call once.
 */
export function usageRecord(payload: Obj, state: CodexState, eventKey: string): UsageInfo | undefined {
  const u = obj(payload.usage);
  if (!u || !countsValid(u, COUNT_FIELDS)) return undefined;
  const t = obj(payload.thread_token_usage);
  const thread = t && countsValid(t, COUNT_FIELDS) ? t : undefined;
  const response = str(payload.response_id);
  const key = thread ? totalKey(tuple(thread)) : response ? `codex-response:${response}` : eventKey;
  const usage: UsageInfo = { key, tokens: countsOf(u) };
  const model = str(payload.model) ?? state.model;
  if (model) usage.model = model;
  return usage;
}
