// Token usage of one assistant line. Claude Code repeats a message's usage on every
// content-block line; the key lets the store keep one (the largest) per API call.
import type { TokenCounts, UsageInfo } from '../../core/types.ts';
import { arr, countsValid, type Obj, num, obj, str } from '../json.ts';

/** Synthetic assistant lines (API error notices, "<synthetic>" model) are not API calls. */
export const isSynthetic = (line: Obj, message: Obj): boolean =>
  line.isApiErrorMessage === true || message.model === '<synthetic>';

const COUNT_FIELDS = ['input_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'output_tokens'] as const;

/** Whether an Anthropic usage object holds counts only (no `1e308`, `-1000`, `0.25`). */
export const usageCountsValid = (u: Obj): boolean => countsValid(u, COUNT_FIELDS) && countsValid(obj(u.output_tokens_details) ?? {}, ['thinking_tokens']);

/** An Anthropic usage object in our terms. */
export function tokensOf(u: Obj): TokenCounts {
  const cacheRead = num(u.cache_read_input_tokens) ?? 0;
  const cacheWrite = num(u.cache_creation_input_tokens) ?? 0;
  const output = num(u.output_tokens) ?? 0;
  // Thinking is billed as output; builds of 2026 say how much of it was thinking.
  const thinking = num(obj(u.output_tokens_details)?.thinking_tokens) ?? 0;
  return {
    // Anthropic's input_tokens excludes cache reads and writes; ours includes them.
    input: (num(u.input_tokens) ?? 0) + cacheRead + cacheWrite,
    cacheRead,
    cacheWrite,
    output,
    reasoning: Math.min(thinking, output),
  };
}

export function usageOf(line: Obj, message: Obj): UsageInfo | undefined {
  const u = obj(message.usage);
  // (Impossible counts are no usage: the line's other content is still read.)
  if (!u || isSynthetic(line, message) || !usageCountsValid(u)) return undefined;
  const id = str(message.id);
  const requestId = str(line.requestId);
  const key = id ? (requestId ? `${id}:${requestId}` : id) : undefined;
  if (!key) return undefined;
  const usage: UsageInfo = { key, message: id, tokens: tokensOf(u) };
  const model = str(message.model);
  if (model) usage.model = model;
  const also = furtherCalls(u, key, id!);
  if (also.length) usage.also = also;
  return usage;
}

/** Sub-inferences the API ran within the call and left out of its top-level counts. */
const FURTHER = new Set(['advisor_message', 'compaction']);

/**
 * The sub-inferences a call's `usage.iterations` lists besides its own (`message`) ones: an advisor
 * tool's consultation (`advisor_message`, on the advisor's model) and a server-side compaction
 * (`compaction`). The top-level counts are the executor's alone; each of these is a model call of
 * its own, keyed by its place in the list (every line of a split message repeats the list).
 */
function furtherCalls(u: Obj, key: string, id: string): UsageInfo[] {
  const out: UsageInfo[] = [];
  const its = arr(u.iterations) ?? [];
  for (let i = 0; i < its.length; i++) {
    const it = obj(its[i]);
    const type = it && str(it.type);
    if (!it || !type || !FURTHER.has(type) || !usageCountsValid(it)) continue;
    const call: UsageInfo = { key: `${key}#${i}`, message: `${id}#${i}`, tokens: tokensOf(it) };
    const model = str(it.model);
    if (model) call.model = model;
    out.push(call);
  }
  return out;
}
