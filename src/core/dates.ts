// Dates users type: in CLI options and API query parameters alike.

/**
 * ISO date or date-time (2026-01-31, 2026-01-31T12:00:00Z; UTC unless it names a zone) or an age
 * (7d, 12h, 30m) → ISO string.
 * An age counts back from the start of the current minute: the same age asked twice within a
 * minute is the same instant, so answers remembered until the next import (by-day usage) are reused.
 */
export function parseDate(v: string, now = Date.now()): Date | undefined {
  const rel = /^(\d{1,6})([dhm])$/.exec(v);
  if (rel) {
    const minute = now - (now % 60_000);
    return new Date(minute - Number(rel[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[rel[2] as 'd' | 'h' | 'm']);
  }
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return undefined;
  // Date.parse rolls 2026-02-31 over into March; a day that does not exist is an error.
  const ymd = v.slice(0, 10);
  const day = new Date(`${ymd}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== ymd) return undefined;
  // A time without a zone is UTC, as a bare date is and as every time shown is (Date.parse would
  // take the machine's zone, so `2026-04-19 10:04` copied from `sessions` would move by its offset).
  const zoned = v.length > 10 && !/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  const t = Date.parse(zoned);
  return Number.isNaN(t) ? undefined : new Date(t);
}
