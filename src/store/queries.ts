// Read-side queries over the index. Every string returned here was redacted at import.
import type { SQLInputValue } from 'node:sqlite';
import { TracebaseError } from '../core/errors.ts';
import { withoutPictographs } from '../core/words.ts';
import { clip, quoteRedacted } from '../redact/clip.ts';
import type { EventKind } from '../core/types.ts';
import type { EventOut, SessionSummary } from '../core/views.ts';
import { FLAG, KIND_CODE, kindName } from './schema.ts';
import { countArg, isoTimeArg, textArg } from './args.ts';
import { makeSnippet, queryTerms } from './text.ts';
import type { Store } from './store.ts';

export type { EventOut, SessionSummary };

export interface SessionDbRow {
  sid: number;
  id: string;
  provider: string;
  parent_id: string | null;
  parent_call_id: string | null;
  forked_from_id: string | null;
  is_subagent: number;
  agent_type: string | null;
  title: string | null;
  cwd: string | null;
  git_branch: string | null;
  cli_version: string | null;
  models: string;
  started_at: string | null;
  ended_at: string | null;
  events: number;
  prompts: number;
  tool_calls: number;
  tool_errors: number;
  t_in: number; t_cr: number; t_cw: number; t_out: number; t_rs: number;
  s_in: number; s_cr: number; s_cw: number; s_out: number; s_rs: number;
  redactions: string | null;
}

export const SESSION_COLUMNS = `s.*, (SELECT json_group_object(kind, count) FROM redactions r WHERE r.sid = s.sid) AS redactions`;

export function toSummary(r: SessionDbRow): SessionSummary {
  return {
    id: r.id,
    provider: r.provider,
    parentId: r.parent_id,
    parentCallId: r.parent_call_id,
    forkedFromId: r.forked_from_id,
    isSubagent: r.is_subagent === 1,
    agentType: r.agent_type,
    title: r.title,
    cwd: r.cwd,
    gitBranch: r.git_branch,
    cliVersion: r.cli_version,
    models: JSON.parse(r.models) as string[],
    startedAt: r.started_at,
    endedAt: r.ended_at,
    events: r.events,
    prompts: r.prompts,
    toolCalls: r.tool_calls,
    toolErrors: r.tool_errors,
    tokens: { input: r.t_in, cacheRead: r.t_cr, cacheWrite: r.t_cw, output: r.t_out, reasoning: r.t_rs },
    subagentTokens: { input: r.s_in, cacheRead: r.s_cr, cacheWrite: r.s_cw, output: r.s_out, reasoning: r.s_rs },
    redactions: r.redactions ? (JSON.parse(r.redactions) as Record<string, number>) : {},
  };
}

/** Sessions lists show: those with events, and parents known only from their subagents (the main
 * file is empty, or gone) so the subagents keep hanging under a listed session. */
export const LISTED = '(s.events > 0 OR EXISTS (SELECT 1 FROM sessions c WHERE c.parent_id = s.id AND c.events > 0))';

/** Whether any event is a call to (or result of) a tool of this name, in any case; if not, the
 * names events have, most used first (at most `max`). */
export function toolNamed(store: Store, name: string, max = 12): { found: boolean; names: string[]; more: number } {
  if (store.db.prepare('SELECT 1 FROM events WHERE tool_name = ? COLLATE NOCASE LIMIT 1').get(name)) return { found: true, names: [], more: 0 };
  const rows = store.db.prepare('SELECT tool_name AS n, count(*) OVER () AS total FROM events WHERE tool_name IS NOT NULL GROUP BY tool_name ORDER BY count(*) DESC LIMIT ?').all(max) as { n: string; total: number }[];
  return { found: false, names: rows.map((r) => r.n), more: Math.max(0, (rows[0]?.total ?? 0) - rows.length) };
}

/** Sessions in the store: those `listSessions` shows by default, and all of them. */
export function sessionCounts(store: Store): { listed: number; all: number } {
  return store.db.prepare(`SELECT count(*) FILTER (WHERE ${LISTED}) AS listed, count(*) AS "all" FROM sessions s`).get() as { listed: number; all: number };
}

export interface SessionFilter {
  provider?: string;
  since?: string;
  limit?: number;
  /** Sessions with no events (an agent spawned that never wrote a line) are hidden unless asked for. */
  includeEmpty?: boolean;
}

export function listSessions(store: Store, f: SessionFilter = {}): SessionSummary[] {
  return [...iterateSessions(store, f)];
}

/** As `listSessions`, one session at a time (a list of 100,000 held whole took ~400 MB). The
 * arguments are checked at the call, not at the first step. */
export function iterateSessions(store: Store, f: SessionFilter = {}): IterableIterator<SessionSummary> {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  const provider = textArg(f.provider, 'provider');
  if (provider) {
    where.push('s.provider = ?');
    params.push(provider);
  }
  // (Stored times are ISO strings in UTC: a bound in another form is said in that one first.)
  const since = isoTimeArg(f.since, 'since');
  if (since) {
    where.push('coalesce(s.ended_at, s.started_at) >= ?');
    params.push(since);
  }
  if (!f.includeEmpty) where.push(LISTED);
  // Newest first by the session that ran it: each subagent right after its parent (a limit never
  // lists subagents without the session they belong to). UNION, not UNION ALL: a cycle of parents
  // (no transcript should make one) ends.
  const sql = `WITH RECURSIVE fam(sid, root) AS (
      SELECT sid, sid FROM sessions WHERE is_subagent = 0 OR parent_id IS NULL
      UNION SELECT c.sid, fam.root FROM sessions c JOIN sessions p ON p.id = c.parent_id JOIN fam ON fam.sid = p.sid WHERE c.is_subagent = 1)
    SELECT ${SESSION_COLUMNS} FROM sessions s
      LEFT JOIN (SELECT sid, min(root) AS root FROM fam GROUP BY sid) f ON f.sid = s.sid
      LEFT JOIN sessions top ON top.sid = coalesce(f.root, s.sid)
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY coalesce(top.started_at, '') DESC, top.id, s.sid <> top.sid, coalesce(s.started_at, ''), s.id LIMIT ?`;
  params.push(countArg(f.limit, 'limit', -1));
  const rows = store.db.prepare(sql).iterate(...params) as unknown as Iterable<SessionDbRow>;
  return (function* () {
    for (const r of rows) yield toSummary(r);
  })();
}

/** Session ids starting with `prefix` (a short id as `demo` and tables show it, `…` and all), at most `max`. */
export function sessionsStartingWith(store: Store, prefix: string, max = 6): string[] {
  const p = prefix.replace(/…$/, '');
  if (p.length < 6) return [];
  return (store.db.prepare(`SELECT id FROM sessions WHERE ${STARTS('?1')} ORDER BY id LIMIT ?2`).all(p, max) as { id: string }[]).map((r) => r.id);
}

/** SQL: `id` starts with the text `x` (a range of the id index, not a scan: ids compare as bytes). */
const STARTS = (x: string, col = 'id'): string => `${col} >= ${x} AND ${col} < ${x} || char(1114111)`;

/**
 * The session `given` names: its whole id, or the start of one (6 characters or more) that no
 * other session's id starts with, its subagents' aside. Several: a usage error listing them;
 * none: SESSION_NOT_FOUND.
 */
export function resolveSessionId(store: Store, given: string): string {
  if (store.db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(given)) return given;
  const ids = sessionsStartingWith(store, given);
  if (ids.length === 1) return ids[0]!;
  // A session's subagents are named after it (`<id>.agent-…`): the start of its id names it.
  const p = given.replace(/…$/, '');
  const shortest = ids.length > 1 ? (store.db.prepare(`SELECT id FROM sessions WHERE ${STARTS('?1')} ORDER BY length(id), id LIMIT 1`).get(p) as { id: string }) : undefined;
  const others = shortest && store.db
    .prepare(`SELECT 1 FROM sessions WHERE ${STARTS('?1')} AND id <> ?2 AND NOT (${STARTS("?2 || '.'")}) LIMIT 1`)
    .get(p, shortest.id);
  if (shortest && !others) return shortest.id;
  if (ids.length > 1) {
    throw new TracebaseError('USAGE', `${quoteRedacted(given, 100)} starts ${ids.length > 5 ? 'more than 5' : ids.length} session ids: ${ids.slice(0, 5).join(', ')}.`, 'Give more of the id (`tracebase sessions` lists them whole).');
  }
  // Too short to be taken for the start of an id, but it is one: say how much is needed.
  if (p.length > 0 && p.length < 6 && store.db.prepare('SELECT 1 FROM sessions WHERE substr(id, 1, ?) = ? LIMIT 1').get(p.length, p)) {
    throw new TracebaseError('USAGE', `${quoteRedacted(given, 100)} is the start of a session id, but too short to name one.`, 'Give 6 characters or more of the id, or the whole id (`tracebase sessions` lists them).');
  }
  return getSession(store, given).id;
}

export function getSession(store: Store, id: string): SessionSummary {
  if (typeof id !== 'string') throw new TracebaseError('USAGE', `The session id must be a string (got ${id === null ? 'null' : typeof id}).`, 'Pass a session id as `listSessions` gives it.');
  const row = store.db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = ?`).get(id) as SessionDbRow | undefined;
  if (!row) throw new TracebaseError('SESSION_NOT_FOUND', `No session with id ${quoteRedacted(id, 100)}.`, 'List sessions with `tracebase sessions`.');
  return toSummary(row);
}

export interface EventDbRow {
  seq: number;
  h: Uint8Array;
  n: number;
  session_id: string;
  provider: string;
  kind: number;
  subtype: string;
  ts: number | null;
  model: string | null;
  tool_name: string | null;
  call_id: string | null;
  command: string | null;
  exit_code: number | null;
  duration_ms: number | null;
  is_error: number;
  error_kind: string | null;
  flags: number;
  text: string | null;
}

export const eventId = (h: Uint8Array, n: number): string => Buffer.from(h).toString('hex') + (n > 0 ? `.${n}` : '');

export function parseEventId(id: string): { h: Buffer; n: number } {
  const m = /^([0-9a-f]{24})(?:\.(\d{1,4}))?$/i.exec(id.trim());
  if (!m) throw new TracebaseError('USAGE', `${quoteRedacted(id, 80)} is not an event id.`, 'Event ids are 24 hex characters, optionally followed by .N (see `tracebase search` or `recent`).');
  return { h: Buffer.from(m[1]!, 'hex'), n: m[2] ? Number(m[2]) : 0 };
}

export const EVENT_COLUMNS = `e.rowid AS seq, e.h, e.n, s.id AS session_id, s.provider, e.kind,
  (SELECT name FROM names WHERE id = e.subtype) AS subtype, e.ts, (SELECT name FROM names WHERE id = e.model) AS model, e.tool_name, e.call_id, e.command,
  e.exit_code, e.duration_ms, e.is_error, e.error_kind, e.flags, e.text`;

export function toEvent(r: EventDbRow, textMax?: number, terms?: string[]): EventOut {
  const text = r.text;
  const out: EventOut = {
    id: eventId(r.h, r.n),
    seq: r.seq,
    sessionId: r.session_id,
    provider: r.provider,
    kind: kindName(r.kind),
    subtype: r.subtype,
    ts: r.ts === null ? null : new Date(r.ts).toISOString(),
    model: r.model,
    tool: r.tool_name,
    callId: r.call_id,
    command: r.command,
    exitCode: r.exit_code,
    durationMs: r.duration_ms,
    isError: r.is_error === 1,
    errorKind: r.error_kind,
    duplicate: (r.flags & FLAG.duplicate) !== 0,
    truncated: (r.flags & FLAG.truncated) !== 0,
    text: text !== null && textMax !== undefined && text.length > textMax ? `${clip(text, textMax)}…` : text,
  };
  if (terms && text !== null) out.snippet = makeSnippet(text, terms);
  return out;
}

export interface SearchFilter {
  query?: string;
  provider?: string;
  sessionId?: string;
  kind?: string;
  tool?: string;
  since?: string;
  limit?: number;
  /** Treat the query as plain words, not FTS5 syntax. */
  literal?: boolean;
  /** Order by relevance (BM25) instead of newest first. Slower on very common words. */
  rank?: boolean;
  offset?: number;
  /** Only events stored before this one (seq), for paging newest first without an offset. */
  beforeSeq?: number;
  /** Only events up to this one (seq): later pages of a ranked search leave out what was stored since. */
  maxSeq?: number;
  textMax?: number;
}

/** Quote every word so FTS5 operators and punctuation in user text are searched literally. */
export function literalQuery(q: string): string {
  const words = q.replace(/\0/g, ' ').split(/\s+/).filter(Boolean);
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ');
}

// What FTS5 reads as a word of a query (a bareword): ASCII letters, digits and `_`, and every
// character beyond ASCII.
const BAREWORD = /^[A-Za-z0-9_\x1a\u0080-\u{10FFFF}]+$/u;

/**
 * A query with each word that holds punctuation (`package.json`, `src/app.ts`, `don't`,
 * `user@example.com`, `error:`) quoted as the phrase it is indexed as ("package json"), which
 * FTS5 would otherwise refuse as syntax. What FTS5 reads as syntax stays: quoted phrases,
 * parentheses, AND/OR/NOT/NEAR, `prefix*`, `^first`, `a + b`, and the column filter (`text:`,
 * `{text}:`, ` : `). A word or phrase after `-` is left to be refused: FTS5 has no `-word`
 * exclusion, and searching the word instead would answer the opposite (`--` alone is no word).
 */
export function quotePunctuatedWords(q: string): string {
  return q.replace(/"(?:[^"]|"")*"?|[^\s"(),]+/g, (run: string, at: number) => {
    if (run.startsWith('"') || (run.startsWith('-') && !/^-{2,}$/.test(run)) || /^[:+^*]+$/.test(run)) return run;
    const column = /^(?:text|\{[^}]*\}):/i.exec(run)?.[0];
    if (column) return run.length === column.length ? run : `${column}${quotePunctuatedWords(run.slice(column.length))}`;
    const lead = /^[+^]*/.exec(run)![0];
    const star = run.length > lead.length + 1 && run.endsWith('*') ? '*' : '';
    const body = run.slice(lead.length, run.length - star.length);
    if (BAREWORD.test(body)) return run;
    // Kept apart from a phrase it touches: `"a.b""c d"` would read as one phrase with a quote in it.
    return `${q[at - 1] === '"' ? ' ' : ''}${lead}"${body}"${star}${q[at + run.length] === '"' ? ' ' : ''}`;
  });
}

// What the unicode61 tokenizer indexes: letters, digits, marks and private-use characters.
// Everything else (emoji, symbols, punctuation) separates words and is never found.
const WORD_CHAR = /[\p{L}\p{N}\p{M}\p{Co}]/u;

/** What to do about a query FTS5 refuses (search and the session list's search). */
export const QUERY_SYNTAX_HINT =
  'Close every double quote and parenthesis, put AND/OR/NOT between words (`a NOT b`: there is no `-word`), or search the words exactly as typed (--literal on the CLI, literal=true in the API).';

/** Words a query may hold: each is a lookup in the full-text index (20,000 prefix words took 33 s and 941 MB). */
export const QUERY_WORDS_MAX = 512;
/** Prefix words (`te*`) a query may hold: one of a letter or two stands for most of the index's
 * words (`a*` took 0.2 s at 1M events, 1.1 s ranked; a security review sent 198 of them). */
export const QUERY_PREFIXES_MAX = 16;

/** Parentheses a query may nest (the full-text parser's stack runs out between 80 and 99 levels). */
export const QUERY_NESTING_MAX = 64;

/** How deep `q`'s parentheses nest, outside phrases. */
function nesting(q: string): number {
  let depth = 0;
  let max = 0;
  for (const t of q.match(/"(?:[^"]|"")*"?|[()]/g) ?? []) {
    if (t === '(') max = Math.max(max, ++depth);
    else if (t === ')') depth = Math.max(0, depth - 1);
  }
  return max;
}

/** `q` without the AND / OR / NOT that have no word, phrase or group on one side, and without empty groups. */
function withoutLoneOperators(q: string): string {
  const isOp = (t: string | undefined): boolean => t === 'AND' || t === 'OR' || t === 'NOT';
  const out: string[] = [];
  for (const t of q.match(/"(?:[^"]|"")*"?|[()]|[^\s"()]+/g) ?? []) {
    if (t === ')' && out.at(-1) === '(') {
      out.pop();
      continue;
    }
    if (isOp(t) && (out.length === 0 || isOp(out.at(-1)) || out.at(-1) === '(')) continue;
    if (t === ')') while (isOp(out.at(-1))) out.pop();
    out.push(t);
  }
  while (isOp(out.at(-1))) out.pop();
  return out.join(' ');
}

/** The FTS5 MATCH expression for a user's search text (trimmed, not blank), or a clear refusal. */
export function matchExpression(query: string, literal?: boolean): string {
  if (query.includes('\0')) throw new TracebaseError('QUERY_INVALID', 'The search text contains a NUL byte.', 'Remove control characters from the query.');
  // (Emoji separate words in the index, whichever Unicode version they come from: a query's are
  // taken out, and an operator they leave with nothing on one side goes too: `foo AND 🧪` is `foo`.)
  const bare = withoutPictographs(query);
  const q = bare === query ? query : withoutLoneOperators(bare);
  const words = q.match(/[\p{L}\p{N}_]+/gu)?.filter((w) => !/^(?:AND|OR|NOT|NEAR)$/.test(w)).length ?? 0;
  if (words > QUERY_WORDS_MAX) {
    throw new TracebaseError('QUERY_INVALID', `The search text has ${words} words; at most ${QUERY_WORDS_MAX} are looked up.`, 'Search for the few words that matter most.');
  }
  const prefixes = literal ? 0 : (q.replace(/"[^"]*"/g, ' ').match(/[\p{L}\p{N}_]\*/gu)?.length ?? 0);
  if (prefixes > QUERY_PREFIXES_MAX) {
    throw new TracebaseError('QUERY_INVALID', `The search text has ${prefixes} prefix words (word*); at most ${QUERY_PREFIXES_MAX} are looked up.`, 'Search for the few words that matter most, with longer beginnings.');
  }
  const depth = literal ? 0 : nesting(q);
  if (depth > QUERY_NESTING_MAX) {
    throw new TracebaseError('QUERY_INVALID', `The search text nests parentheses ${depth} deep; at most ${QUERY_NESTING_MAX} levels are read.`, 'Take out the parentheses that group a single word or group, or search the words exactly as typed (--literal on the CLI, literal=true in the API).');
  }
  if (!WORD_CHAR.test(q)) {
    throw new TracebaseError(
      'QUERY_INVALID',
      'The search text has no letters or digits: emoji, symbols and punctuation are not indexed, so it could never match.',
      'Search for words near them instead.',
    );
  }
  const match = literal ? literalQuery(q) : quotePunctuatedWords(q);
  if (!match) throw new TracebaseError('QUERY_INVALID', 'The search text has no words to look for.', 'Give at least one word.');
  return match;
}

/** An ISO time bound as stored times are (epoch ms); the CLI and API check dates before this. */
export function epochMsOf(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new TracebaseError('USAGE', `${quoteRedacted(iso, 40)} is not a date.`, 'Give an ISO date or time, such as 2026-03-01 or 2026-03-01T09:00:00Z.');
  return ms;
}

/** Kind, tool and time filters on events `e` (search, timelines, latest events). */
export function eventFilters(f: { kind?: string; tool?: string; since?: string }, where: string[], params: SQLInputValue[]): void {
  if (f.kind) { where.push('e.kind = ?'); params.push(Object.hasOwn(KIND_CODE, f.kind) ? KIND_CODE[f.kind as EventKind] : -1); }
  // (Any case: `bash` finds Bash.)
  if (f.tool) { where.push('e.tool_name = ? COLLATE NOCASE'); params.push(f.tool); }
  if (f.since) { where.push('e.ts >= ?'); params.push(epochMsOf(f.since)); }
}

export function searchEvents(store: Store, f: SearchFilter = {}): EventOut[] {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  let from = 'events e JOIN sessions s ON s.sid = e.sid';
  let order = 'e.rowid DESC';
  const q = textArg(f.query, 'query')?.trim();
  if (q) {
    const match = matchExpression(q, f.literal);
    from = `events_fts JOIN events e ON e.rowid = events_fts.rowid JOIN sessions s ON s.sid = e.sid`;
    where.push('events_fts MATCH ?');
    params.push(match);
    // Newest first lets FTS5 walk its doclists backwards and stop at the limit; ranking has
    // to score every match first.
    order = f.rank ? 'events_fts.rank, events_fts.rowid DESC' : 'events_fts.rowid DESC';
  } else {
    where.push(`e.flags & ${FLAG.duplicate} = 0`);
  }
  if (textArg(f.provider, 'provider')) { where.push('s.provider = ?'); params.push(f.provider!); }
  if (textArg(f.sessionId, 'sessionId')) { where.push('s.id = ?'); params.push(f.sessionId!); }
  const seq = q ? 'events_fts.rowid' : 'e.rowid';
  if (f.beforeSeq !== undefined) { where.push(`${seq} < ?`); params.push(countArg(f.beforeSeq, 'beforeSeq', 0, 0)); }
  if (f.maxSeq !== undefined) { where.push(`${seq} <= ?`); params.push(countArg(f.maxSeq, 'maxSeq', 0, 0)); }
  eventFilters(f, where, params);
  params.push(countArg(f.limit, 'limit', 50), countArg(f.offset, 'offset', 0, 0));
  const sql = `SELECT ${EVENT_COLUMNS} FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ? OFFSET ?`;
  try {
    const terms = q ? queryTerms(q, f.literal) : undefined;
    return (store.db.prepare(sql).all(...params) as unknown as EventDbRow[]).map((r) => toEvent(r, f.textMax, terms));
  } catch (e) {
    // Any SQL error with a user query in play is the query's fault (FTS5 reports syntax errors,
    // unknown column filters and special queries as plain SQLITE_ERROR).
    if (q && (e as { errcode?: number }).errcode === 1) {
      throw new TracebaseError(
        'QUERY_INVALID',
        'The search text is not valid full-text query syntax.',
        QUERY_SYNTAX_HINT,
      );
    }
    throw e;
  }
}

export function sessionEvents(store: Store, sessionId: string, opts: { limit?: number; afterRowid?: number; textMax?: number } = {}): EventOut[] {
  const s = getSession(store, sessionId);
  const rows = store.db
    .prepare(`SELECT ${EVENT_COLUMNS} FROM events e JOIN sessions s ON s.sid = e.sid WHERE s.id = ? AND e.rowid > ? ORDER BY e.rowid LIMIT ?`)
    .all(s.id, countArg(opts.afterRowid, 'afterRowid', 0, 0), countArg(opts.limit, 'limit', -1)) as unknown as EventDbRow[];
  return rows.map((r) => toEvent(r, countArg(opts.textMax, 'textMax', undefined, 0)));
}

export function recentEvents(store: Store, limit = 20, textMax?: number): EventOut[] {
  const rows = store.db
    // Events their transcript gives no time (summary lines, timeless exports) come after the rest (NULL sorts last descending).
    .prepare(`SELECT ${EVENT_COLUMNS} FROM events e JOIN sessions s ON s.sid = e.sid WHERE e.flags & ${FLAG.duplicate} = 0
      ORDER BY e.ts DESC, e.rowid DESC LIMIT ?`)
    .all(countArg(limit, 'limit', 20)) as unknown as EventDbRow[];
  return rows.map((r) => toEvent(r, countArg(textMax, 'textMax', undefined, 0)));
}

/** One event by its id (as `EventOut.id` gives it), or by the parts of one; undefined when the store has none. */
export function findEvent(store: Store, id: string): EventOut | undefined;
export function findEvent(store: Store, h: Buffer, n: number): EventOut | undefined;
export function findEvent(store: Store, idOrH: string | Buffer, n = 0): EventOut | undefined {
  const { h, n: at } = typeof idOrH === 'string' ? parseEventId(idOrH) : { h: idOrH, n };
  const row = store.db
    .prepare(`SELECT ${EVENT_COLUMNS} FROM events e JOIN sessions s ON s.sid = e.sid WHERE e.h = ? AND e.n = ?`)
    .get(h, at) as EventDbRow | undefined;
  return row ? toEvent(row) : undefined;
}
