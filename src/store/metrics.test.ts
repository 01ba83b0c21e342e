import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { UsagePoint } from '../core/views.ts';
import { mergedSeries } from './metrics.ts';

const point = (i: number, o: Partial<UsagePoint> = {}): UsagePoint => ({
  ts: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), model: 'gpt-5', input: 100 + i, cacheRead: i, cacheWrite: 1, output: 10, reasoning: i % 3, counted: true, ...o,
});

test('a long series is merged into at most about 2,000 points: the same calls, the same sums, in order', () => {
  const series = Array.from({ length: 9_001 }, (_, i) => point(i, i % 1000 === 7 ? { counted: false } : i >= 6000 ? { model: 'gpt-5-mini' } : {}));
  const merged = mergedSeries(series);
  assert.ok(merged.length <= 2 * 2_000, String(merged.length));
  assert.equal(merged.reduce((a, p) => a + (p.calls ?? 1), 0), series.length);
  for (const counted of [true, false]) {
    for (const k of ['input', 'cacheRead', 'cacheWrite', 'output', 'reasoning'] as const) {
      const sum = (xs: UsagePoint[]) => xs.filter((p) => p.counted === counted).reduce((a, p) => a + p[k], 0);
      assert.equal(sum(merged), sum(series), `${k}, counted ${counted}`);
    }
  }
  // A point never mixes models or counted and other calls; its time is its last call's.
  assert.equal(merged.filter((p) => p.model === 'gpt-5-mini').reduce((a, p) => a + (p.calls ?? 1), 0), series.filter((p) => p.model === 'gpt-5-mini').length);
  assert.equal(merged.at(-1)!.ts, series.at(-1)!.ts);
  for (let i = 1; i < merged.length; i++) assert.ok(merged[i]!.ts! > merged[i - 1]!.ts!);
  // However often the model changes, the points stay about as few (a review: alternating models
  // were not merged at all).
  const alternating = Array.from({ length: 90_909 }, (_, i) => point(i, { model: i % 2 ? 'a' : 'b' }));
  const few = mergedSeries(alternating);
  assert.ok(few.length <= 2 * 2_000 + 2, String(few.length));
  assert.equal(few.reduce((a, p) => a + (p.calls ?? 1), 0), alternating.length);
  assert.equal(few.reduce((a, p) => a + p.input, 0), alternating.reduce((a, p) => a + p.input, 0));
  // A short one is left as it is.
  const short = series.slice(0, 2_000);
  assert.equal(mergedSeries(short), short);
});
