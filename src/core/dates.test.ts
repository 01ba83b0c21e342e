import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { parseDate } from './dates.ts';

test('a date-time without a zone is UTC, whatever the machine zone; a named zone is kept', () => {
  const zone = process.env.TZ;
  process.env.TZ = 'America/New_York'; // Node applies a changed TZ at once
  after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  const iso = (v: string) => parseDate(v)?.toISOString();
  assert.equal(iso('2026-04-19'), '2026-04-19T00:00:00.000Z');
  assert.equal(iso('2026-04-19T10:04'), '2026-04-19T10:04:00.000Z');
  assert.equal(iso('2026-04-19 10:04'), '2026-04-19T10:04:00.000Z', 'as `sessions` shows times');
  assert.equal(iso('2026-04-19T10:04:05.5'), '2026-04-19T10:04:05.500Z');
  assert.equal(iso('2026-04-19T10:04:00+02:00'), '2026-04-19T08:04:00.000Z');
  assert.equal(iso('2026-04-19T10:04:00-0500'), '2026-04-19T15:04:00.000Z');
  assert.equal(iso('2026-02-31'), undefined);
  assert.equal(iso('2026-04-19T25:00'), undefined);
});
