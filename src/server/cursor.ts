// Opaque paging cursors: base64url JSON, validated by a schema on the way back in, so a
// cursor from another query or a hand-edited one is a 400, never a wrong page.
import type { z } from 'zod';
import { ServerError } from './errors.ts';

export const encodeCursor = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.output<S> {
  const bad = () =>
    new ServerError('INVALID_REQUEST', 'The cursor is not valid for this query.', {
      hint: 'Pass back the nextCursor of the previous page unchanged, with the same filters and sort; omit it for the first page.',
    });
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const r = schema.safeParse(parsed);
  if (!r.success) throw bad();
  return r.data;
}
