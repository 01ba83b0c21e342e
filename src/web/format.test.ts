import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayEnd, dayStart } from './format.ts';

test('a date filter takes days of the calendar only (a dashboard review: 2026-13-45 filtered as a day of 2027)', () => {
  assert.equal(dayStart('2026-03-01'), new Date(2026, 2, 1).toISOString());
  assert.equal(dayEnd('2026-02-28'), new Date(new Date(2026, 2, 1).getTime() - 1).toISOString());
  for (const bad of ['2026-13-45', '2026-02-30', '2026-00-10', 'yesterday', '']) {
    assert.equal(dayStart(bad), undefined, bad);
    assert.equal(dayEnd(bad), undefined, bad);
  }
});
