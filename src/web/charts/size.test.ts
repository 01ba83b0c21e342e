import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ticks } from './size.ts';

test('axis ticks are whole numbers from 0 past the maximum, 3 to 5 of them', () => {
  assert.deepEqual(ticks(1), [0, 1]);
  assert.deepEqual(ticks(3), [0, 1, 2, 3]);
  assert.deepEqual(ticks(10), [0, 5, 10]);
  assert.deepEqual(ticks(100), [0, 25, 50, 75, 100]);
  for (const max of [1, 2, 7, 13, 99, 12_345, 8_765_432]) {
    const t = ticks(max);
    assert.ok(t.every(Number.isInteger) && t[0] === 0 && t.at(-1)! >= max && t.length >= 2 && t.length <= 6, `${max}: ${t}`);
  }
});
