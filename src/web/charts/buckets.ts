// The bars of a chart over time: every day from the first to the last with data, so a quiet
// day shows as a gap; past MAX_DAYS, weeks (Monday to Sunday, UTC) instead.

export const MAX_DAYS = 120;
const DAY = 86_400_000;

export interface Buckets {
  unit: 'day' | 'week';
  /** Every bucket from the first to the last, as the UTC date it starts on (YYYY-MM-DD). */
  starts: string[];
  /** The bucket a day (YYYY-MM-DD) falls in. */
  of: (day: string) => string;
}

const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
const parse = (day: string): number => Date.parse(`${day}T00:00:00Z`);
/** The Monday of a day's week. */
const monday = (t: number): number => t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;

/** Buckets covering `days` (UTC dates; any that are not dates are left out). */
export function timeBuckets(days: Iterable<string>): Buckets {
  const times = [...days].map(parse).filter(Number.isFinite);
  if (times.length === 0) return { unit: 'day', starts: [], of: (d) => d };
  const first = Math.min(...times);
  const last = Math.max(...times);
  const weekly = (last - first) / DAY + 1 > MAX_DAYS;
  const start = weekly ? monday(first) : first;
  const step = weekly ? 7 * DAY : DAY;
  const starts: string[] = [];
  for (let t = start; t <= last; t += step) starts.push(iso(t));
  return { unit: weekly ? 'week' : 'day', starts, of: weekly ? (d) => iso(monday(parse(d))) : (d) => d };
}
