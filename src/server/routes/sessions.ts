// GET /api/sessions (filters, sort, keyset paging) and GET /api/sessions/:id (with subagents and parent).
import { z } from 'zod';
import { isTracebaseError } from '../../core/errors.ts';
import { PROVIDERS } from '../../core/types.ts';
import { listSessionPage, SESSION_SORTS, type SessionSort, sessionFamily, sortKeyType } from '../../store/session-list.ts';
import type { Route } from '../context.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { bool, sinceDate, text, untilDate, validate, wholeNumber } from '../query.ts';

export const SessionListQuery = z.strictObject({
  provider: z.enum(PROVIDERS).optional(),
  project: text().optional(),
  since: sinceDate().optional(),
  until: untilDate().optional(),
  model: text(200).optional(),
  hasFailures: bool().optional(),
  q: text(1000).optional(),
  literal: bool().optional(),
  /** A search text the full-text syntax cannot take is searched as the words typed (the response says `literal: true`). */
  orLiteral: bool().optional(),
  sort: z.enum(SESSION_SORTS).optional(),
  cursor: z.string().optional(),
  limit: wholeNumber(1, 500).optional(),
  includeSubagents: bool().optional(),
});
export type SessionListQuery = z.infer<typeof SessionListQuery>;

const SessionCursor = z.strictObject({ s: z.enum(SESSION_SORTS), k: z.union([z.string().max(200), z.number()]), id: z.string().min(1).max(400) });

function after(cursor: string | undefined, sort: SessionSort) {
  if (cursor === undefined) return undefined;
  const c = decodeCursor(
    SessionCursor.refine((v) => v.s === sort && typeof v.k === sortKeyType(sort)),
    cursor,
  );
  return { k: c.k, id: c.id };
}

export const sessionRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/sessions',
    handler: (c) => {
      const { cursor, limit, sort = '-started', orLiteral, ...filters } = validate(SessionListQuery, c.query);
      // A range that ends before it starts holds no time: no session is in it (one spanning both ends was listed).
      if (filters.since && filters.until && filters.since >= filters.until) return { items: [], nextCursor: null };
      const list = (literal: boolean | undefined) => listSessionPage(c.store, { ...filters, literal, sort, limit: limit ?? 50, after: after(cursor, sort) });
      let page: ReturnType<typeof list>;
      let asTyped = false;
      try {
        page = list(filters.literal);
      } catch (e) {
        // (One request, not a failed one and another: a search box's user means the words.)
        if (!(orLiteral && !filters.literal && filters.q && isTracebaseError(e) && e.code === 'QUERY_INVALID')) throw e;
        page = list(true);
        asTyped = true;
      }
      return { items: page.items, nextCursor: page.next ? encodeCursor({ s: sort, ...page.next }) : null, ...(asTyped ? { literal: true } : {}) };
    },
  },
  {
    method: 'GET',
    path: '/api/sessions/:id',
    handler: (c) => {
      validate(z.strictObject({}), c.query);
      return sessionFamily(c.store, c.params['id']!);
    },
  },
];
