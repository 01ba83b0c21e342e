import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DAYS, MAX_WEEKS, timeBuckets } from './buckets.ts';

test('a chart over time has a bar for every day between the first and the last, quiet days too', () => {
  const b = timeBuckets(['2026-03-05', '2026-03-02', '2026-03-05']);
  assert.equal(b.unit, 'day');
  assert.deepEqual(b.starts, ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
  assert.equal(b.of('2026-03-04'), '2026-03-04');
  // Across a month and a year end.
  assert.deepEqual(timeBuckets(['2025-12-30', '2026-01-02']).starts, ['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
  assert.deepEqual(timeBuckets([]).starts, []);
  assert.deepEqual(timeBuckets(['not a day', '2026-03-02']).starts, ['2026-03-02']);
});

test(`past ${MAX_DAYS} days, a bar per week, from Monday`, () => {
  const b = timeBuckets(['2026-01-01', '2026-06-30']);
  assert.equal(b.unit, 'week');
  // 2026-01-01 is a Thursday: its week starts on Monday 2025-12-29.
  assert.equal(b.starts[0], '2025-12-29');
  assert.equal(b.starts.at(-1), '2026-06-29');
  assert.equal(b.starts.length, 27);
  assert.equal(b.of('2026-01-04'), '2025-12-29', 'a Sunday is in the week before it');
  assert.equal(b.of('2026-01-05'), '2026-01-05');
});

test(`past ${MAX_WEEKS} weeks, a bar per month; days before 2000 or after 2099 get none (reviews: a stray day in 1970 made thousands of bars, Go's zero time 0001-01-01 was drawn in 1901)`, () => {
  const b = timeBuckets(['2001-01-01', '2026-03-05', '2026-03-20']);
  assert.equal(b.unit, 'month');
  assert.equal(b.starts[0], '2001-01-01');
  assert.equal(b.starts.at(-1), '2026-03-01');
  assert.equal(b.starts.length, 25 * 12 + 3);
  assert.equal(b.of('2026-03-20'), '2026-03-01');
  assert.deepEqual(timeBuckets(['0001-01-01', '1970-01-01', '9999-12-31', '2026-03-05']).starts, ['2026-03-05']);
  assert.deepEqual(timeBuckets(['2024-01-31', '2026-02-01']).starts.slice(0, 3), ['2024-01-01', '2024-02-01', '2024-03-01']);
});
