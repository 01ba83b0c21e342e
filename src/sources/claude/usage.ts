// Token usage of one assistant line. Claude Code repeats a message's usage on every
// content-block line; the key lets the store keep one (the largest) per API call.
import type { TokenCounts, UsageInfo } from '../../core/types.ts';
import { countsValid, type Obj, num, obj, str } from '../json.ts';

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
  const usage: UsageInfo = { key, tokens: tokensOf(u) };
  const model = str(message.model);
  if (model) usage.model = model;
  return usage;
}
