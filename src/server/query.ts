// Request input at the trust boundary: the query string and path segments decoded strictly
// (bad percent-encoding, invalid UTF-8, NUL and duplicate parameters are refused), then
// validated by zod schemas whose inferred types the routes use.
import { z } from 'zod';
import { parseDate } from '../core/dates.ts';
import { quoteRedacted } from '../redact/clip.ts';
import { ServerError } from './errors.ts';

const shown = (s: string) => quoteRedacted(s, 40);

/** One component of a URL, percent-decoded; refuses what cannot be decoded or holds NUL. */
export function decodeComponent(raw: string, what: string): string {
  let s: string;
  try {
    s = decodeURIComponent(raw);
  } catch {
    throw new ServerError('INVALID_REQUEST', `${what} has bad percent-encoding or is not valid UTF-8.`, {
      hint: 'Percent-encode the value as UTF-8 (encodeURIComponent).',
    });
  }
  if (s.includes('\0')) throw new ServerError('INVALID_REQUEST', `${what} contains a NUL byte.`, { hint: 'Remove control characters.' });
  return s;
}

/** `a=1&b=2` → {a: '1', b: '2'}. A parameter given twice is refused rather than guessed at. */
export function parseQuery(search: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  const body = search.startsWith('?') ? search.slice(1) : search;
  if (!body) return out;
  for (const part of body.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = (eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' ');
    const rawVal = (eq < 0 ? '' : part.slice(eq + 1)).replace(/\+/g, ' ');
    const key = decodeComponent(rawKey, 'A query parameter name');
    const value = decodeComponent(rawVal, `Query parameter ${shown(key)}`);
    if (Object.hasOwn(out, key)) throw new ServerError('INVALID_REQUEST', `Query parameter ${shown(key)} is given more than once.`);
    out[key] = value;
  }
  return out;
}

/** `?provider=` (an empty form field) means "no filter"; the key is kept so unknown names still fail. */
const withoutEmpty = (q: Record<string, string>): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v === '' ? undefined : v]));

/** Parse with a schema; the first problem becomes a 400 that names the parameter and the rule. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, where = 'query parameter'): z.output<S> {
  const r = schema.safeParse(where === 'query parameter' ? withoutEmpty(input as Record<string, string>) : input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map(shown).join(', ');
    const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape).join(', ') : '';
    throw new ServerError('INVALID_REQUEST', `Unknown ${where}${issue.keys.length > 1 ? 's' : ''} ${keys}.`, {
      hint: allowed ? `Allowed: ${allowed}.` : undefined,
    });
  }
  const name = issue.path.length ? issue.path.map(String).join('.') : undefined;
  throw new ServerError('INVALID_REQUEST', `${name ? `Invalid ${where} ${shown(name)}: ` : 'Invalid request: '}${issue.message}.`);
}

// ---- parameter building blocks (query values are strings) ---------------------------------

const MAX_TEXT = 500;

export const text = (max = MAX_TEXT) => z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const bool = () =>
  z.enum(['true', 'false', '1', '0'], 'must be true or false').transform((v) => v === 'true' || v === '1');

const DATE_RULE = 'must be a date like 2026-01-31 or 2026-01-31T12:00:00Z, or an age like 7d, 12h or 30m';

/** Lower bound: the instant itself. */
export const sinceDate = () =>
  z.string().transform((v, ctx) => {
    const d = parseDate(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: DATE_RULE });
      return z.NEVER;
    }
    return d.toISOString();
  });

/** Upper bound, exclusive: a bare date means the whole of that (UTC) day. */
export const untilDate = () =>
  z.string().transform((v, ctx) => {
    const d = parseDate(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: DATE_RULE });
      return z.NEVER;
    }
    return new Date(d.getTime() + (/^\d{4}-\d{2}-\d{2}$/.test(v) ? 86_400_000 : 0)).toISOString();
  });
