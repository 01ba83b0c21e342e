// Display formatting shared by the views. Dates are shown in the viewer's locale and zone.

const nf = new Intl.NumberFormat(undefined);

/** The title of a session listed only for the subagents it ran (its own transcript is missing). */
export const SUBAGENTS_ONLY = '(only its subagents have events)';
/** A failure's chip: its kind in words; a non-zero exit whose code the transcript did not record
 * (Claude Code 1.0.x printed none) says so, not a bare "exit code" (a dashboard audit). */
export const errorLabel = (e: { errorKind: string | null; exitCode: number | null }): string =>
  e.errorKind === 'exit_code' && e.exitCode === null ? 'failed (non-zero exit)' : (e.errorKind?.replace(/_/g, ' ') ?? 'error');

/** A session with no events and no subagents: an agent spawned that never wrote a line. */
export const NO_EVENTS = '(no events: started, wrote nothing)';

/** What a session of no events is titled: by its subagents' work, or as one that wrote nothing (a
 * dashboard audit: an empty subagent said its subagents had events). */
export const emptyTitle = (s: { subagentTokens: { input: number; output: number } }): string =>
  s.subagentTokens.input + s.subagentTokens.output > 0 ? SUBAGENTS_ONLY : NO_EVENTS;

export function compact(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a < 1000) return String(Math.round(n));
  if (a < 1e6) return `${trim(n / 1e3)}k`;
  if (a < 1e9) return `${trim(n / 1e6)}M`;
  return `${trim(n / 1e9)}B`;
}
const trim = (x: number): string => {
  const s = Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
};

export const full = (n: number): string => nf.format(n);

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function sessionDuration(s: { durationMs?: number | null; startedAt: string | null; endedAt: string | null }): number | null {
  if (typeof s.durationMs === 'number') return s.durationMs;
  if (!s.startedAt || !s.endedAt) return null;
  return Math.max(0, Date.parse(s.endedAt) - Date.parse(s.startedAt));
}

const dayFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const yearFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const secFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function when(iso: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameYear = d.getFullYear() === new Date().getFullYear();
  return `${(sameYear ? dayFmt : yearFmt).format(d)}, ${timeFmt.format(d)}`;
}

/** The viewer's calendar day of an instant, as a short date (`Mar 14`; with the year when not this one). */
export function day(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return (d.getFullYear() === new Date().getFullYear() ? dayFmt : yearFmt).format(d);
}

export function clock(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : secFmt.format(d);
}

export const basename = (p: string | null): string => (p ? p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || p : '');

/** A local calendar day (YYYY-MM-DD from a date input) as the UTC instant it starts at. */
export function dayStart(day: string): string | undefined {
  const d = calendarDay(day);
  return d ? new Date(d[0], d[1], d[2]).toISOString() : undefined;
}

/** The last millisecond of a local calendar day, so a date range includes its end day. */
export function dayEnd(day: string): string | undefined {
  const d = calendarDay(day);
  return d ? new Date(new Date(d[0], d[1], d[2] + 1).getTime() - 1).toISOString() : undefined;
}

/** Year, month (0-based) and day of `YYYY-MM-DD`, when that day is on the calendar (not `2026-13-45`,
 * which Date would roll over into another month: the filter would apply while its box showed nothing). */
function calendarDay(day: string): [number, number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const t = new Date(y, mo, d);
  return t.getFullYear() === y && t.getMonth() === mo && t.getDate() === d ? [y, mo, d] : undefined;
}
