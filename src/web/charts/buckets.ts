// The bars of a chart over time: every day from the first to the last with data, so a quiet
// day shows as a gap; past MAX_DAYS, weeks (Monday to Sunday, UTC); past MAX_WEEKS, months.
// Days before 2000 or after 2099 (a zero time, `0001-01-01`, a clock gone wrong) get no bar: they
// would stretch the chart over centuries (their use still counts in the totals).

export const MAX_DAYS = 120;
export const MAX_WEEKS = 104;
const DAY = 86_400_000;

export type BucketUnit = 'day' | 'week' | 'month';

export interface Buckets {
  unit: BucketUnit;
  /** Every bucket from the first to the last, as the UTC date it starts on (YYYY-MM-DD). */
  starts: string[];
  /** The bucket a day (YYYY-MM-DD) falls in. */
  of: (day: string) => string;
}

const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
const parse = (day: string): number => Date.parse(`${day}T00:00:00Z`);
/** The Monday of a day's week. */
const monday = (t: number): number => t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;
/** The first of a day's month. */
const firstOfMonth = (t: number): number => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonth = (t: number): number => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};
const CHARTED = [Date.UTC(2000, 0, 1), Date.UTC(2100, 0, 1)] as const;
/** Whether a day (YYYY-MM-DD) gets a bar. */
export const charted = (day: string): boolean => {
  const t = parse(day);
  return t >= CHARTED[0] && t < CHARTED[1];
};

/** Buckets covering `days` (UTC dates; any that are not dates are left out). */
export function timeBuckets(days: Iterable<string>): Buckets {
  const times = [...days].filter(charted).map(parse);
  if (times.length === 0) return { unit: 'day', starts: [], of: (d) => d };
  const first = Math.min(...times);
  const last = Math.max(...times);
  const span = (last - first) / DAY + 1;
  const unit: BucketUnit = span <= MAX_DAYS ? 'day' : span <= MAX_WEEKS * 7 ? 'week' : 'month';
  const starts: string[] = [];
  if (unit === 'month') {
    for (let t = firstOfMonth(first); t <= last; t = nextMonth(t)) starts.push(iso(t));
    return { unit, starts, of: (d) => iso(firstOfMonth(parse(d))) };
  }
  const step = unit === 'week' ? 7 * DAY : DAY;
  for (let t = unit === 'week' ? monday(first) : first; t <= last; t += step) starts.push(iso(t));
  return { unit, starts, of: unit === 'week' ? (d) => iso(monday(parse(d))) : (d) => d };
}
