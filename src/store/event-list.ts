// Paged event reads for the HTTP API: one session's timeline in index order (what the
// dashboard pages through, 20k-event sessions included) and the newest events store-wide.
// Both page by event seq (rowid), so a page is an index range scan whatever the offset.
import type { SQLInputValue } from 'node:sqlite';
import { EVENT_COLUMNS, type EventDbRow, type EventOut, eventFilters, toEvent } from './queries.ts';
import { FLAG } from './schema.ts';
import { sessionSid } from './session-list.ts';
import type { Store } from './store.ts';

export interface EventFilter {
  kind?: string;
  tool?: string;
  provider?: string;
  /** ISO; events at or after. */
  since?: string;
  textMax?: number;
}

function filters(f: EventFilter, where: string[], params: SQLInputValue[]): void {
  if (f.provider) { where.push('s.provider = ?'); params.push(f.provider); }
  eventFilters(f, where, params);
}

export interface EventPage {
  items: EventOut[];
  /** seq of the last item when more follow, else null. */
  next: number | null;
}

function page(store: Store, sql: string, params: SQLInputValue[], limit: number, textMax?: number): EventPage {
  const rows = store.db.prepare(sql).all(...params, limit + 1) as unknown as EventDbRow[];
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map((r) => toEvent(r, textMax));
  return { items, next: more ? items[items.length - 1]!.seq : null };
}

/** Every event of a session (duplicates included, flagged), ascending seq, after `afterSeq`. */
export function sessionTimeline(store: Store, sessionId: string, f: EventFilter & { afterSeq?: number; limit: number }): EventPage {
  const sid = sessionSid(store, sessionId);
  const where = ['e.sid = ?', 'e.rowid > ?'];
  const params: SQLInputValue[] = [sid, f.afterSeq ?? 0];
  filters(f, where, params);
  const sql = `SELECT ${EVENT_COLUMNS} FROM events e JOIN sessions s ON s.sid = e.sid WHERE ${where.join(' AND ')} ORDER BY e.rowid LIMIT ?`;
  return page(store, sql, params, f.limit, f.textMax);
}

/** Newest events first (index order), duplicates of another stream left out. */
export function latestEvents(store: Store, f: EventFilter & { beforeSeq?: number; limit: number }): EventPage {
  const where = [`e.flags & ${FLAG.duplicate} = 0`];
  const params: SQLInputValue[] = [];
  if (f.beforeSeq !== undefined) { where.push('e.rowid < ?'); params.push(f.beforeSeq); }
  filters(f, where, params);
  const sql = `SELECT ${EVENT_COLUMNS} FROM events e JOIN sessions s ON s.sid = e.sid WHERE ${where.join(' AND ')} ORDER BY e.rowid DESC LIMIT ?`;
  return page(store, sql, params, f.limit, f.textMax);
}
