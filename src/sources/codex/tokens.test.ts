import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sumUsage } from '../../core/tokens.ts';
import type { UsageInfo } from '../../core/types.ts';
import { codexAdapter } from './index.ts';

const u = (input: number, cached: number, output: number, reasoning: number, extra: object = {}) => ({
  input_tokens: input,
  cached_input_tokens: cached,
  output_tokens: output,
  reasoning_output_tokens: reasoning,
  total_tokens: input + output,
  ...extra,
});
const tokenCount = (info: unknown, ts = '2026-03-01T10:00:00.000Z') =>
  JSON.stringify({ timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info, rate_limits: null } });
const turnContext = (model: string) => JSON.stringify({ timestamp: '2026-03-01T10:00:00.000Z', type: 'turn_context', payload: { model } });

function usages(path: string, lines: string[]): (UsageInfo | undefined)[] {
  const parser = codexAdapter.createParser(path);
  return lines.flatMap((l, i) => parser.parseLine(l, i * 1000).events.filter((e) => e.kind === 'usage').map((e) => e.usage));
}

describe('codex token_count → usage', () => {
  it('impossible counts (1e308, negative, fractional) are no usage: they would spoil every total (a bad-input review)', () => {
    const got = usages('/s/bad.jsonl', [
      tokenCount({ total_token_usage: u(1e308, 0, 1e308, 0), last_token_usage: u(1e308, 0, 1e308, 0) }),
      tokenCount({ total_token_usage: u(-1000, 0, 5, 0), last_token_usage: u(-1000, 0, 5, 0) }),
      tokenCount({ total_token_usage: u(100, 0.25, 10, 0) }),
      tokenCount({ total_token_usage: u(100, 40, 10, 4), last_token_usage: u(100, 40, 10, 4) }),
    ]);
    assert.deepEqual(got, [undefined, undefined, undefined, { key: 'codex-total:100,40,10,4,110', tokens: { input: 100, cacheRead: 40, cacheWrite: 0, output: 10, reasoning: 4 } }]);
  });
  it('counts last_token_usage keyed by the running total, skipping re-emitted totals', () => {
    const got = usages('/s/a.jsonl', [
      turnContext('gpt-5.2-codex'),
      tokenCount({ total_token_usage: u(100, 40, 10, 4), last_token_usage: u(100, 40, 10, 4) }),
      tokenCount({ total_token_usage: u(100, 40, 10, 4), last_token_usage: u(100, 40, 10, 4) }),
      tokenCount(null),
      tokenCount({ total_token_usage: u(250, 140, 30, 9), last_token_usage: u(150, 100, 20, 5, { cache_write_input_tokens: 30 }) }),
    ]);
    assert.deepEqual(got, [
      { key: 'codex-total:100,40,10,4,110', tokens: { input: 100, cacheRead: 40, cacheWrite: 0, output: 10, reasoning: 4 }, model: 'gpt-5.2-codex' },
      undefined,
      undefined,
      { key: 'codex-total:250,140,30,9,280', tokens: { input: 150, cacheRead: 100, cacheWrite: 30, output: 20, reasoning: 5 }, model: 'gpt-5.2-codex' },
    ]);
  });

  it('falls back to the delta of totals when last is missing', () => {
    const got = usages('/s/b.jsonl', [
      tokenCount({ total_token_usage: u(100, 40, 10, 4) }),
      tokenCount({ total_token_usage: u(180, 90, 15, 4) }),
    ]);
    assert.deepEqual(
      got.map((x) => x?.tokens),
      [
        { input: 100, cacheRead: 40, cacheWrite: 0, output: 10, reasoning: 4 },
        { input: 80, cacheRead: 50, cacheWrite: 0, output: 5, reasoning: 0 },
      ],
    );
  });

  it('takes cache writes from the delta of totals too, without changing the key', () => {
    const got = usages('/s/c.jsonl', [
      tokenCount({ total_token_usage: u(100, 40, 10, 4, { cache_write_input_tokens: 25 }) }),
      tokenCount({ total_token_usage: u(180, 90, 15, 4, { cache_write_input_tokens: 60 }) }),
    ]);
    assert.deepEqual(
      got.map((x) => x && [x.key, x.tokens.cacheWrite]),
      [
        ['codex-total:100,40,10,4,110', 25],
        ['codex-total:180,90,15,4,195', 35],
      ],
    );
  });

  it('a running total saved before cache writes were kept counts none in its first delta', () => {
    const parser = codexAdapter.createParser('/s/d.jsonl', { v: 1, sid: 'd', prevTotal: [100, 40, 10, 4, 110] });
    const got = parser.parseLine(tokenCount({ total_token_usage: u(180, 90, 15, 4, { cache_write_input_tokens: 900 }) }), 0).events.find((e) => e.kind === 'usage')?.usage?.tokens;
    assert.deepEqual(got, { input: 80, cacheRead: 50, cacheWrite: 0, output: 5, reasoning: 0 });
  });

  it('keys a last-only event by the event itself, and prefers the model the event names', () => {
    const got = usages('/s/rollout-x.jsonl', [turnContext('gpt-5.1'), tokenCount({ model: 'gpt-5.3-codex', last_token_usage: u(10, 0, 1, 0) })]);
    assert.deepEqual(got, [{ key: 'codex-event:rollout-x@1000', tokens: { input: 10, cacheRead: 0, cacheWrite: 0, output: 1, reasoning: 0 }, model: 'gpt-5.3-codex' }]);
  });

  it('counts history a fork child copied from its parent once across both files', () => {
    const parent = [
      tokenCount({ total_token_usage: u(100, 0, 10, 0), last_token_usage: u(100, 0, 10, 0) }),
      tokenCount({ total_token_usage: u(300, 100, 30, 0), last_token_usage: u(200, 100, 20, 0) }),
    ];
    const child = [...parent.map((l) => l.replace('2026-03-01T10', '2026-03-01T11')), tokenCount({ total_token_usage: u(700, 350, 45, 0), last_token_usage: u(400, 250, 15, 0) })];
    const all = [...usages('/s/parent.jsonl', parent), ...usages('/s/child.jsonl', child)].filter((x): x is UsageInfo => x !== undefined);
    assert.deepEqual(sumUsage(all), { input: 700, cacheRead: 350, cacheWrite: 0, output: 45, reasoning: 0 });
  });

  it('keys a 2026 token_usage_record by the thread total, so it and its token_count count once', () => {
    const record = JSON.stringify({
      timestamp: '2026-08-10T07:00:00.000Z',
      type: 'token_usage_record',
      payload: { response_id: 'resp_1', usage: u(50, 10, 5, 1), thread_token_usage: u(50, 10, 5, 1) },
    });
    const got = usages('/s/c.jsonl', [tokenCount({ total_token_usage: u(50, 10, 5, 1), last_token_usage: u(50, 10, 5, 1) }), record]);
    assert.equal(got[0]?.key, got[1]?.key);
    assert.deepEqual(sumUsage(got.filter((x): x is UsageInfo => x !== undefined)), { input: 50, cacheRead: 10, cacheWrite: 0, output: 5, reasoning: 1 });
  });
});
