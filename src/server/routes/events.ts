// GET /api/events: a session's timeline (sessionId, no q: ascending seq), full-text search (q:
// newest first, or best first with rank=true), or the newest events (neither). GET /api/events/:id: one event with its whole redacted text.
// GET /api/events/:id/raw: the decrypted original line, only when the guard allows raw blobs.
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

const Cursor = z.discriminatedUnion('m', [
  z.strictObject({ m: z.literal('t'), a: z.number().int().min(0) }),
  z.strictObject({ m: z.literal('r'), b: z.number().int().min(0) }),
  z.strictObject({ m: z.literal('q'), o: z.number().int().min(1).max(MAX_SEARCH_OFFSET) }),
]);

function list(c: Parameters<Route['handler']>[0]) {
  const { sessionId, q, literal, rank, cursor, limit = 100, ...filters } = validate(EventListQuery, c.query);
  const mode = q ? 'q' : sessionId ? 't' : 'r';
  const cur = cursor === undefined ? undefined : decodeCursor(Cursor.refine((v) => v.m === mode), cursor);
  if (sessionId) sessionSid(c.store, sessionId); // unknown session → 404, not an empty list
  if (mode === 'q') {
    const offset = cur?.m === 'q' ? cur.o : 0;
    const rows = searchEvents(c.store, { ...filters, query: q, literal, rank, sessionId, offset, limit: limit + 1, textMax: LIST_TEXT_MAX });
    const more = rows.length > limit && offset + limit <= MAX_SEARCH_OFFSET;
    return { items: rows.slice(0, limit), nextCursor: more ? encodeCursor({ m: 'q', o: offset + limit }) : null };
  }
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
      const { event, text } = eventFullText(c.store, c.params['id']!);
      return { ...event, text, truncated: false };
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
