// Pure token arithmetic shared by the store's rollups and the tests that check them.
import { type TokenCounts, type UsageInfo, zeroTokens } from './types.ts';

export const tokenTotal = (t: TokenCounts): number => t.input + t.output;

export function addTokens(into: TokenCounts, t: TokenCounts): TokenCounts {
  into.input += t.input;
  into.cacheRead += t.cacheRead;
  into.cacheWrite += t.cacheWrite;
  into.output += t.output;
  into.reasoning += t.reasoning;
  return into;
}

/**
 * Reference roll-up of one session's usage: one count per key, keeping the largest
 * (Claude repeats a message's usage on every content-block line; early chunks are partial).
 */
export function sumUsage(usages: Iterable<UsageInfo>): TokenCounts {
  const best = new Map<string, TokenCounts>();
  for (const u of usages) {
    const prev = best.get(u.key);
    if (!prev || tokenTotal(u.tokens) > tokenTotal(prev)) best.set(u.key, u.tokens);
  }
  const total = zeroTokens();
  for (const t of best.values()) addTokens(total, t);
  return total;
}
