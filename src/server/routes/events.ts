// GET /api/events: a session's timeline (sessionId, no q: ascending seq), full-text search (q:
// newest first, or best first with rank=true), or the newest events (neither). GET /api/events/:id: one event with its whole redacted text.
// GET /api/events/:id/raw: the decrypted original line, only when the guard allows raw blobs.
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { TracebaseError } from '../../core/errors.ts';
import { EVENT_KINDS, PROVIDERS } from '../../core/types.ts';
import { latestEvents, sessionTimeline } from '../../store/event-list.ts';
import { eventFullText } from '../../ingest/event-text.ts';
import { findEvent, parseEventId, searchEvents } from '../../store/queries.ts';
import { readRawEvent } from '../../store/raw-event.ts';
import { sessionSid } from '../../store/session-list.ts';
import type { Route } from '../context.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { ServerError } from '../errors.ts';
import { bool, sinceDate, text, validate, wholeNumber } from '../query.ts';

export const EventListQuery = z.strictObject({
  sessionId: text(400).optional(),
  q: text(1000).optional(),
  literal: bool().optional(),
  /** With q: best match first (BM25) instead of newest first. */
  rank: bool().optional(),
  kind: z.enum(EVENT_KINDS).optional(),
  tool: text(200).optional(),
  provider: z.enum(PROVIDERS).optional(),
  since: sinceDate().optional(),
  cursor: z.string().optional(),
  limit: wholeNumber(1, 500).optional(),
});
export type EventListQuery = z.infer<typeof EventListQuery>;

/** Longest text per event in a timeline page / in search and recent lists (GET /api/events/:id has it all). */
const TIMELINE_TEXT_MAX = 20_000;
const LIST_TEXT_MAX = 2_000;
/** Search pages by offset; deeper than this, narrow the query instead. */
const MAX_SEARCH_OFFSET = 10_000;

const Seq = z.number().int().min(0);
const Cursor = z.discriminatedUnion('m', [
  z.strictObject({ m: z.literal('t'), a: Seq }),
  z.strictObject({ m: z.literal('r'), b: Seq }),
  // Search, newest first: before this event. Ranked: from this offset among events up to `u`.
  // `k` ties the cursor to its query and filters.
  z.strictObject({ m: z.literal('q'), b: Seq, k: z.string() }),
  z.strictObject({ m: z.literal('s'), o: z.number().int().min(1).max(MAX_SEARCH_OFFSET), u: Seq, k: z.string() }),
]);

/** Names a search and its filters without revealing them (the query may hold a secret). */
function searchKey(c: Parameters<Route['handler']>[0], parts: unknown[]): string {
  return createHmac('sha256', c.store.sealingKey).update('search cursor\0').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

function search(c: Parameters<Route['handler']>[0], query: EventListQuery) {
  const { sessionId, q, literal, rank, cursor, limit = 100, ...filters } = query;
  // `since` as given: an age (7d) resolves to a later instant each minute, and must not void the cursor.
  const k = searchKey(c, [q, literal, rank, sessionId, filters.kind, filters.tool, filters.provider, c.query['since'] ?? '']);
  const mode = rank ? 's' : 'q';
  const cur = cursor === undefined ? undefined : decodeCursor(Cursor.refine((v) => v.m === mode && v.k === k), cursor);
  const base = { ...filters, query: q, literal, rank, sessionId, limit: limit + 1, textMax: LIST_TEXT_MAX };
  if (!rank) {
    const rows = searchEvents(c.store, { ...base, beforeSeq: cur?.m === 'q' ? cur.b : undefined });
    const last = rows[limit - 1];
    return { items: rows.slice(0, limit), nextCursor: rows.length > limit && last ? encodeCursor({ m: 'q', b: last.seq, k }) : null };
  }
  // Ranked pages go by offset: events stored after the first page are left out, so none moves.
  const offset = cur?.m === 's' ? cur.o : 0;
  const u = cur?.m === 's' ? cur.u : ((c.store.db.prepare('SELECT max(rowid) AS u FROM events').get() as { u: number | null }).u ?? 0);
  const rows = searchEvents(c.store, { ...base, offset, maxSeq: u });
  const more = rows.length > limit && offset + limit <= MAX_SEARCH_OFFSET;
  return { items: rows.slice(0, limit), nextCursor: more ? encodeCursor({ m: 's', o: offset + limit, u, k }) : null };
}

function list(c: Parameters<Route['handler']>[0]) {
  const query = validate(EventListQuery, c.query);
  const { sessionId, q, literal: _l, rank: _r, cursor, limit = 100, ...filters } = query;
  if (sessionId) sessionSid(c.store, sessionId); // unknown session → 404, not an empty list
  if (q) return search(c, query);
  const mode = sessionId ? 't' : 'r';
  const cur = cursor === undefined ? undefined : decodeCursor(Cursor.refine((v) => v.m === mode), cursor);
  if (mode === 't') {
    const page = sessionTimeline(c.store, sessionId!, { ...filters, afterSeq: cur?.m === 't' ? cur.a : undefined, limit, textMax: TIMELINE_TEXT_MAX });
    return { items: page.items, nextCursor: page.next === null ? null : encodeCursor({ m: 't', a: page.next }) };
  }
  const page = latestEvents(c.store, { ...filters, beforeSeq: cur?.m === 'r' ? cur.b : undefined, limit, textMax: LIST_TEXT_MAX });
  return { items: page.items, nextCursor: page.next === null ? null : encodeCursor({ m: 'r', b: page.next }) };
}

/** Checked here so a malformed id is never echoed back (it could be a pasted secret). */
function eventKey(id: string) {
  if (!/^[0-9a-f]{24}(\.\d{1,4})?$/i.test(id)) {
    throw new ServerError('INVALID_REQUEST', 'That is not an event id.', { hint: 'Event ids are 24 hex characters, optionally followed by .N.' });
  }
  return parseEventId(id);
}

export const eventRoutes: Route[] = [
  { method: 'GET', path: '/api/events', handler: list },
  {
    method: 'GET',
    path: '/api/events/:id',
    handler: (c) => {
      validate(z.strictObject({}), c.query);
      const { h, n } = eventKey(c.params['id']!);
      if (!findEvent(c.store, h, n)) throw new TracebaseError('RECORD_NOT_FOUND', `No event ${c.params['id']} in this store.`);
      // The index holds a preview; the whole redacted text is derived from the sealed line.
      const { event, text, truncated } = eventFullText(c.store, c.params['id']!);
      return { ...event, text, truncated };
    },
  },
  {
    method: 'GET',
    path: '/api/events/:id/raw',
    handler: (c) => {
      validate(z.strictObject({}), c.query);
      eventKey(c.params['id']!);
      return { id: c.params['id'], raw: readRawEvent(c.store, c.params['id']!).toString('utf8') };
    },
  },
];
