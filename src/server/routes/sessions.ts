// GET /api/sessions (filters, sort, keyset paging) and GET /api/sessions/:id (with subagents and parent).
import { z } from 'zod';
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
      const { cursor, limit, sort = '-started', ...filters } = validate(SessionListQuery, c.query);
      const page = listSessionPage(c.store, { ...filters, sort, limit: limit ?? 50, after: after(cursor, sort) });
      return { items: page.items, nextCursor: page.next ? encodeCursor({ s: sort, ...page.next }) : null };
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
