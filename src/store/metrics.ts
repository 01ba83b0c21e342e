// Token usage over time: one session's LLM calls, and per day × model × provider across the
// store. A usage key shared by several sessions (a fork or a replayed transcript) counts once,
// for its owner — the same rule as the session roll-ups in indexer.ts: main sessions before
// subagents, then the earlier start, then the smaller id.
import type { SQLInputValue } from 'node:sqlite';
import type { FileUse, ToolUse, UsageDay, UsagePoint } from '../core/views.ts';
import { CONTENT_USAGE_KEY, FLAG, KIND_CODE, MAY_COPY, OWNED_CALL, REPORTED_USAGE_KEY } from './schema.ts';
import { epochMsOf } from './queries.ts';
import { sessionSid } from './session-list.ts';
import type { Store } from './store.ts';

export type { FileUse, ToolUse, UsageDay, UsagePoint };

/** The tool calls a session counts as its own (`toolCalls`): not repeats, not copies another session owns. */
const OWN_CALLS = `SELECT e.* FROM events e JOIN sessions s ON s.sid = e.sid
  WHERE e.sid = ? AND e.kind = ${KIND_CODE.tool_call} AND e.flags & ${FLAG.duplicate} = 0 AND ${OWNED_CALL('e', 's')}`;
/** One invocation, however many rows hold it (a call id seen twice in one session is one). */
const CALL = `coalesce(c.call_id, 'row:' || c.rowid)`;

/** Which tools a session called: calls and failed calls per tool (they add up to its `toolCalls`
 * and `toolErrors`), most called first. */
export function sessionTools(store: Store, sessionId: string): ToolUse[] {
  const rows = store.db
    .prepare(`SELECT coalesce(c.tool_name, '(unnamed)') AS name, count(DISTINCT ${CALL}) AS calls,
        count(DISTINCT CASE WHEN c.is_error THEN ${CALL} END) AS errors, coalesce(sum(c.duration_ms), 0) AS durationMs
      FROM (${OWN_CALLS}) c GROUP BY 1 ORDER BY calls DESC, name`)
    .all(sessionSid(store, sessionId)) as unknown as ToolUse[];
  return rows.map((r) => ({ name: r.name, calls: r.calls, errors: r.errors, durationMs: r.durationMs }));
}

/** Which files a session's calls named, most named first (at most `limit`), and how many in all. */
export function sessionFiles(store: Store, sessionId: string, limit = 100): { files: FileUse[]; total: number } {
  const sql = `WITH f(path, call, tool) AS (SELECT j.value, ${CALL}, c.tool_name FROM (${OWN_CALLS} AND e.files IS NOT NULL) c, json_each(c.files) j
      WHERE json_valid(c.files) AND j.type = 'text')`;
  const sid = sessionSid(store, sessionId);
  const rows = store.db
    .prepare(`${sql} SELECT path, count(DISTINCT call) AS calls, json_group_array(DISTINCT tool) AS tools FROM f GROUP BY path ORDER BY calls DESC, path LIMIT ?`)
    .all(sid, limit) as { path: string; calls: number; tools: string | null }[];
  const total = (store.db.prepare(`${sql} SELECT count(DISTINCT path) AS n FROM f`).get(sid) as { n: number }).n;
  return { files: rows.map((r) => ({ path: r.path, calls: r.calls, tools: (JSON.parse(r.tools ?? '[]') as (string | null)[]).filter((t): t is string => t !== null).sort() })), total };
}

const RANK = (t: string) => `(${t}.is_subagent, coalesce(${t}.header_start, ${t}.first_ts, '9999'), ${t}.id)`;
/** True when the session `s` owns usage row `u` (no better-ranked session has the same key). */
const OWNS = `NOT EXISTS (SELECT 1 FROM usage v JOIN sessions o ON o.sid = v.sid
  WHERE v.key = u.key AND v.sid <> u.sid AND o.provider = s.provider AND (NOT ${CONTENT_USAGE_KEY('u.key')} OR ${MAY_COPY('o', 's')}) AND ${RANK('o')} < ${RANK('s')})`;

interface PointRow {
  ts: number | null;
  model: string | null;
  i: number; cr: number; cw: number; o: number; rs: number;
  counted: number;
}

/** One session's LLM calls in time order. */
export function sessionUsage(store: Store, sessionId: string): UsagePoint[] {
  const sid = sessionSid(store, sessionId);
  const rows = store.db
    .prepare(`SELECT u.ts, (SELECT name FROM names WHERE id = u.model) AS model, u.t_in AS i, u.t_cr AS cr, u.t_cw AS cw, u.t_out AS o, u.t_rs AS rs, ${OWNS} AS counted
      FROM usage u JOIN sessions s ON s.sid = u.sid WHERE u.sid = ? AND NOT ${REPORTED_USAGE_KEY('u.key')} ORDER BY coalesce(u.ts, -1), u.key`)
    .all(sid) as unknown as PointRow[];
  return rows.map((r) => ({
    ts: r.ts === null ? null : new Date(r.ts).toISOString(), model: r.model, input: r.i, cacheRead: r.cr, cacheWrite: r.cw, output: r.o, reasoning: r.rs, counted: r.counted === 1,
  }));
}

/** Runs of calls a session's series is merged into (a point per LLM call below that many calls):
 * a chart has no use for more, and a 90,909-call session's series was 14.7 MB (a perf audit). */
export const SERIES_POINTS_MAX = 2000;

/**
 * `series` in about `max` points: cut into runs of ceil(n / max) consecutive calls, and each run
 * into one point per kind of call in it (model, counted or not, with a time or not), so sums and
 * running totals stay exact; a run's points come in the order of their last calls.
 */
export function mergedSeries(series: UsagePoint[], max = SERIES_POINTS_MAX): UsagePoint[] {
  if (series.length <= max) return series;
  const per = Math.ceil(series.length / max);
  const out: UsagePoint[] = [];
  for (let start = 0; start < series.length; start += per) {
    const run = new Map<string, { point: UsagePoint; last: number }>();
    for (let i = start; i < Math.min(start + per, series.length); i++) {
      const p = series[i]!;
      const kind = `${p.model ?? '\0'}\u0001${p.counted}\u0001${p.ts === null}`;
      const had = run.get(kind);
      if (!had) {
        run.set(kind, { point: { ...p, calls: 1 }, last: i });
        continue;
      }
      const m = had.point;
      m.ts = p.ts;
      m.input += p.input;
      m.cacheRead += p.cacheRead;
      m.cacheWrite += p.cacheWrite;
      m.output += p.output;
      m.reasoning += p.reasoning;
      m.calls = (m.calls ?? 1) + 1;
      had.last = i;
    }
    for (const { point } of [...run.values()].sort((x, y) => x.last - y.last)) {
      if (point.calls === 1) delete point.calls;
      out.push(point);
    }
  }
  return out;
}

export interface UsageFilter {
  /** ISO lower bound on the call time, inclusive. */
  since?: string;
  /** ISO upper bound, exclusive. */
  until?: string;
  provider?: string;
}

export function usageByDay(store: Store, f: UsageFilter = {}): UsageDay[] {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  // The call's time (epoch ms), else its session's start (ISO text).
  const at = `coalesce(u.ts, CAST(round((julianday(s.started_at) - 2440587.5) * 86400000) AS INTEGER))`;
  if (f.since) { where.push(`${at} >= ?`); params.push(epochMsOf(f.since)); }
  if (f.until) { where.push(`${at} < ?`); params.push(epochMsOf(f.until)); }
  if (f.provider) { where.push('s.provider = ?'); params.push(f.provider); }
  // Only keys held by more than one session need the ownership test; the rest are owned outright.
  where.push(`(u.key NOT IN shared OR ${OWNS})`, `NOT ${REPORTED_USAGE_KEY('u.key')}`);
  const sql = `WITH shared(key) AS MATERIALIZED (SELECT key FROM usage GROUP BY key HAVING count(*) > 1)
    SELECT day, model, provider, sum(i) AS input, sum(cr) AS cacheRead, sum(cw) AS cacheWrite, sum(o) AS output, sum(rs) AS reasoning,
      count(*) AS sessions
    FROM (SELECT u.sid, date(${at} / 1000, 'unixepoch') AS day, (SELECT name FROM names WHERE id = u.model) AS model, s.provider,
            sum(u.t_in) AS i, sum(u.t_cr) AS cr, sum(u.t_cw) AS cw, sum(u.t_out) AS o, sum(u.t_rs) AS rs
          FROM usage u JOIN sessions s ON s.sid = u.sid
          WHERE ${where.join(' AND ')}
          GROUP BY u.sid, day, u.model, s.provider)
    GROUP BY day, model, provider
    ORDER BY day, provider, model`;
  return store.db.prepare(sql).all(...params) as unknown as UsageDay[];
}
