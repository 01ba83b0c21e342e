// Arguments of the library's query functions, checked where JavaScript callers (no types) or
// computed values (NaN, a negative count) would otherwise meet SQLite's own errors or wrong answers.
import { TracebaseError } from '../core/errors.ts';
import { quoteRedacted } from '../redact/clip.ts';

/** A whole number from `min` to `max`, or the default when not given. */
export function countArg<T extends number | undefined>(v: unknown, name: string, fallback: T, min = 1, max = Number.MAX_SAFE_INTEGER): number | T {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new TracebaseError('USAGE', `${name} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`} (got ${quoteRedacted(String(v), 40)}).`, `Pass ${name} as a number such as ${Math.max(min, 1) === 1 ? 50 : min}, or leave it out.`);
  }
  return v;
}

/** Text an argument must be (a session id, a provider), or undefined when not given. */
export function textArg(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new TracebaseError('USAGE', `${name} must be a string (got ${typeof v}).`, `Pass ${name} as text.`);
  return v;
}

/** A time bound as an ISO string in UTC (what the index stores), from a date string or a Date. */
export function isoTimeArg(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new TracebaseError('USAGE', `${name} ${quoteRedacted(String(v), 40)} is not a date.`, 'Give an ISO date or time, such as 2026-03-01 or 2026-03-01T09:00:00Z, or a Date.');
  }
  return new Date(ms).toISOString();
}
