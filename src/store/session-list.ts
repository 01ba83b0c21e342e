// The session list behind the dashboard and GET /api/sessions: filters, full-text "sessions
// that mention X", sort orders and keyset paging, all in SQL so a page costs the same at 10k
// sessions as at 10.
import type { SQLInputValue } from 'node:sqlite';
import { TracebaseError } from '../core/errors.ts';
import { quoteRedacted } from '../redact/clip.ts';
import { SESSION_SORT_KEYS, type SessionMatch, type SessionSort, type SessionSortKey } from '../core/views.ts';
import { type EventDbRow, eventId, LISTED, matchExpression, QUERY_SYNTAX_HINT, SESSION_COLUMNS, type SessionDbRow, type SessionSummary, toSummary } from './queries.ts';
import { kindName } from './schema.ts';
import { FURTHER, makeSnippet, queryTerms } from './text.ts';
import type { Store } from './store.ts';

export const SESSION_SORTS = SESSION_SORT_KEYS.flatMap((k) => [k, `-${k}`] as const);
export type { SessionSort, SessionSortKey };

const DURATION_SQL = `coalesce(CAST(round((julianday(s.ended_at) - julianday(s.started_at)) * 86400000.0) AS INTEGER), -1)`;

/** Sort expressions; none is NULL, so keyset comparisons need no NULL cases. A session with no start
 * or duration comes last either way (`asc`: the expression for ascending; a dashboard audit found
 * them first on "shortest first"). */
const SORT_SQL = {
  started: { expr: `coalesce(s.started_at, '')`, asc: `coalesce(s.started_at, '~')`, type: 'string' },
  duration: { expr: DURATION_SQL, asc: DURATION_SQL.replace(/, -1\)$/, `, ${Number.MAX_SAFE_INTEGER})`), type: 'number' },
  // A session known only by its subagents shows (and sorts by) theirs.
  tokens: { expr: 'CASE WHEN s.events = 0 THEN s.s_in + s.s_out ELSE s.t_in + s.t_out END', type: 'number' },
  errors: { expr: 's.tool_errors', type: 'number' },
  toolCalls: { expr: 's.tool_calls', type: 'number' },
} as const satisfies Record<SessionSortKey, { expr: string; asc?: string; type: 'string' | 'number' }>;

export const sortKeyType = (sort: SessionSort): 'string' | 'number' => SORT_SQL[sort.replace(/^-/, '') as SessionSortKey].type;

export type SessionListItem = SessionSummary & {
  durationMs: number | null;
  /** With a full-text query: the session's first matching event and a snippet around the match
   * (terms marked « »); null when only its subagents match. */
  match?: SessionMatch | null;
};

/** Where the previous page ended: its last row's sort key and id. */
export interface SessionKey {
  k: string | number;
  id: string;
}

export interface SessionListQuery {
  provider?: string;
  /** Substring of the working directory (an exact path matches too). */
  project?: string;
  /** Sessions active at or after (ISO). */
  since?: string;
  /** Sessions started before (ISO, exclusive). */
  until?: string;
  model?: string;
  hasFailures?: boolean;
  /** Full-text query: sessions with at least one matching event (a subagent's match lists its parent too). */
  q?: string;
  literal?: boolean;
  sort?: SessionSort;
  after?: SessionKey;
  limit: number;
  includeSubagents?: boolean;
}

export interface SessionPage {
  items: SessionListItem[];
  /** Set when more rows follow. */
  next: SessionKey | null;
}

type ListRow = SessionDbRow & { sort_key: string | number; duration_ms: number; hit?: number | null };

const toItem = (r: ListRow): SessionListItem => ({ ...toSummary(r), durationMs: r.duration_ms >= 0 ? r.duration_ms : null });

/**
 * Indexes the list needs beyond the store schema. `events (rowid, sid)` lets "sessions that
 * mention X" map FTS hits to sessions without reading the wide event rows (3× faster at 1M events).
 */
export function ensureListIndexes(store: Store): void {
  store.db.exec('CREATE INDEX IF NOT EXISTS events_rowid_sid ON events (rowid, sid)');
}

function matchedSessionsSql(store: Store): string {
  // `tracebase index` drops and recreates the events table; without the index the plain join is used.
  const has = store.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'events_rowid_sid'").get();
  const e = has ? 'events e INDEXED BY events_rowid_sid' : 'events e';
  return `SELECT e.sid, min(e.rowid) AS hit FROM events_fts JOIN ${e} ON e.rowid = events_fts.rowid WHERE events_fts MATCH ? GROUP BY e.sid`;
}

export function listSessionPage(store: Store, f: SessionListQuery): SessionPage {
  const sort = f.sort ?? '-started';
  const desc = sort.startsWith('-');
  const by: { expr: string; asc?: string } = SORT_SQL[sort.replace(/^-/, '') as SessionSortKey];
  const key = desc ? by.expr : (by.asc ?? by.expr);
  const where: string[] = [LISTED];
  const params: SQLInputValue[] = [];
  let cte = '';
  const q = f.q?.trim();
  if (q) {
    const match = matchExpression(q, f.literal);
    // A session matches, or one of its subagents does, at any depth (listed with subagents or
    // not, so that showing subagents only ever adds to the list).
    cte = `WITH RECURSIVE m(sid, hit) AS MATERIALIZED (${matchedSessionsSql(store)}),
      up(id) AS (SELECT c.parent_id FROM sessions c WHERE c.sid IN (SELECT sid FROM m) AND c.parent_id IS NOT NULL
        UNION SELECT p.parent_id FROM sessions p JOIN up ON p.id = up.id WHERE p.parent_id IS NOT NULL)`;
    params.push(match);
    where.push('(s.sid IN (SELECT sid FROM m) OR s.id IN up)');
  }
  if (!f.includeSubagents) where.push('s.is_subagent = 0');
  if (f.provider) { where.push('s.provider = ?'); params.push(f.provider); }
  if (f.project) { where.push('instr(s.cwd, ?) > 0'); params.push(f.project); }
  if (f.since) { where.push('coalesce(s.ended_at, s.started_at) >= ?'); params.push(f.since); }
  if (f.until) { where.push('s.started_at < ?'); params.push(f.until); }
  // Part of a model's name, in any case (`haiku`, `gpt-5`), as project matches part of a path.
  if (f.model) { where.push('EXISTS (SELECT 1 FROM json_each(s.models) m WHERE instr(lower(m.value), lower(?)) > 0)'); params.push(f.model); }
  if (f.hasFailures !== undefined) where.push(f.hasFailures ? 's.tool_errors > 0' : 's.tool_errors = 0');
  if (f.after) {
    where.push(`(${key} ${desc ? '<' : '>'} ? OR (${key} = ? AND s.id > ?))`);
    params.push(f.after.k, f.after.k, f.after.id);
  }
  const dir = desc ? 'DESC' : 'ASC';
  const sql = `${cte}
    SELECT ${SESSION_COLUMNS}, p.k AS sort_key, ${DURATION_SQL} AS duration_ms${q ? ', (SELECT hit FROM m WHERE m.sid = s.sid) AS hit' : ''}
    FROM (SELECT s.sid, ${key} AS k, s.id FROM sessions s WHERE ${where.join(' AND ')} ORDER BY k ${dir}, s.id LIMIT ?) p
    JOIN sessions s ON s.sid = p.sid
    ORDER BY p.k ${dir}, p.id`;
  params.push(f.limit + 1);
  let rows: ListRow[];
  try {
    rows = store.db.prepare(sql).all(...params) as unknown as ListRow[];
  } catch (e) {
    if (q && (e as { errcode?: number }).errcode === 1) {
      throw new TracebaseError(
        'QUERY_INVALID',
        'The search text is not valid full-text query syntax.',
        QUERY_SYNTAX_HINT,
      );
    }
    throw e;
  }
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  const last = page[page.length - 1];
  const items = page.map(toItem);
  if (q) addMatches(store, items, page, q, f.literal === true);
  return { items, next: more && last ? { k: last.sort_key, id: last.id } : null };
}

type HitRow = Pick<EventDbRow, 'seq' | 'h' | 'n' | 'kind' | 'text'>;

/** Each listed session's first matching event, with a snippet from its stored preview. */
function addMatches(store: Store, items: SessionListItem[], rows: ListRow[], q: string, literal: boolean): void {
  const hits = rows.map((r) => r.hit).filter((h): h is number => typeof h === 'number');
  const events = new Map<number, HitRow>();
  if (hits.length) {
    const sql = 'SELECT e.rowid AS seq, e.h, e.n, e.kind, e.text FROM events e WHERE e.rowid IN (SELECT value FROM json_each(?))';
    for (const r of store.db.prepare(sql).all(JSON.stringify(hits)) as unknown as HitRow[]) events.set(r.seq, r);
  }
  const terms = queryTerms(q, literal);
  items.forEach((item, i) => {
    const hit = rows[i]!.hit;
    const r = typeof hit === 'number' ? events.get(hit) : undefined;
    if (!r) {
      item.match = null;
      return;
    }
    // Little before the match: the list has one line for it.
    const snippet = makeSnippet(r.text ?? '', terms, { width: 140, lead: 24 });
    const further = snippet.endsWith(FURTHER);
    item.match = { eventId: eventId(r.h, r.n), kind: kindName(r.kind), snippet: further ? snippet.slice(0, -FURTHER.length) : snippet, further };
  });
}

function summaries(store: Store, where: string, ...params: SQLInputValue[]): SessionListItem[] {
  const sql = `SELECT ${SESSION_COLUMNS}, ${DURATION_SQL} AS duration_ms FROM sessions s WHERE ${where}`;
  return (store.db.prepare(sql).all(...params) as unknown as ListRow[]).map(toItem);
}

// An over-long id is not echoed: cut short, a secret pasted as an id could escape the redactor.
const notFound = (id: string) =>
  new TracebaseError('SESSION_NOT_FOUND', `No session with id ${id.length <= 100 ? quoteRedacted(id, 100) : 'like that (over 100 characters)'}.`, 'List sessions with GET /api/sessions.');

export interface SessionFamily {
  session: SessionListItem;
  /** Subagent sessions started by this one, in start order. */
  children: SessionListItem[];
  parent: SessionListItem | null;
  /** The session this one was forked from, when the store holds it (a fork's parent may not be imported). */
  forkedFrom: SessionListItem | null;
  /** Sessions forked from this one, in start order. */
  forks: SessionListItem[];
}

export function sessionFamily(store: Store, id: string): SessionFamily {
  const session = summaries(store, 's.id = ?', id)[0];
  if (!session) throw notFound(id);
  const children = summaries(store, "s.parent_id = ? ORDER BY coalesce(s.started_at, ''), s.id", id);
  const parent = session.parentId ? (summaries(store, 's.id = ?', session.parentId)[0] ?? null) : null;
  const forkedFrom = session.forkedFromId ? (summaries(store, 's.id = ?', session.forkedFromId)[0] ?? null) : null;
  const forks = summaries(store, "s.forked_from_id = ? ORDER BY coalesce(s.started_at, ''), s.id", id);
  return { session, children, parent, forkedFrom, forks };
}

/** Internal row id of a session (for queries keyed by it), or SESSION_NOT_FOUND. */
export function sessionSid(store: Store, id: string): number {
  const row = store.db.prepare('SELECT sid FROM sessions WHERE id = ?').get(id) as { sid: number } | undefined;
  if (!row) throw notFound(id);
  return row.sid;
}

export interface StoreCounts {
  /** Main sessions with at least one event (what the list shows by default). */
  sessions: number;
  /** Subagent sessions with at least one event. */
  subagents: number;
  events: number;
  lastImportAt: string | null;
}

/** Cheap figures for a health ping (no file-system walk, no integrity scan). */
export function storeCounts(store: Store): StoreCounts {
  const s = store.db
    .prepare(`SELECT sum(s.is_subagent = 0 AND ${LISTED}) AS sessions, sum(s.is_subagent = 1 AND ${LISTED}) AS subagents, coalesce(sum(s.events), 0) AS events FROM sessions s`)
    .get() as { sessions: number | null; subagents: number | null; events: number };
  const last = store.db.prepare('SELECT max(imported_at) AS at FROM sources').get() as { at: string | null };
  return { sessions: s.sessions ?? 0, subagents: s.subagents ?? 0, events: s.events, lastImportAt: last.at };
}
