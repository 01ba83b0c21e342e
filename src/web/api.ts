// The dashboard's only door to the server: typed wrappers over the JSON API (same origin).
// Every other module imports from here, never calls fetch itself.

import type { EventOut, FileUse, SessionMatch, SessionSort, SessionSortKey, SessionSummary as StoreSessionSummary, ToolUse, UsageDay, UsagePoint } from '../core/views.ts';

export type { EventOut, FileUse, SessionSort, SessionSortKey, ToolUse, UsageDay, UsagePoint };
/** A session as lists show it (the session list adds its duration). */
export type SessionSummary = StoreSessionSummary & { durationMs?: number | null; match?: SessionMatch | null };

export interface Health {
  ok: boolean;
  version: string;
  sessions: number;
  events: number;
  lastImportAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SessionDetail {
  session: SessionSummary;
  children: SessionSummary[];
  parent?: SessionSummary | null;
  forkedFrom?: SessionSummary | null;
  forks?: SessionSummary[];
}

export interface SessionQuery {
  q?: string;
  provider?: string;
  project?: string;
  model?: string;
  since?: string;
  until?: string;
  hasFailures?: boolean;
  includeSubagents?: boolean;
  sort?: SessionSort;
  cursor?: string;
  limit?: number;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export const isAbort = (e: unknown): boolean => (e as Error | null)?.name === 'AbortError';

type Params = Record<string, string | number | boolean | undefined | null>;

// A server on the network (`serve --allow-remote`) prints a link ending in `?token=…`: the token
// is kept for this address (scheme, host and port: no other server sees it, as a cookie's host
// would let it) and taken out of the address bar and history; every API request sends it.
const TOKEN_KEY = 'tracebase.token';
function accessToken(): string | null {
  try {
    const url = new URL(location.href);
    const given = url.searchParams.get('token');
    if (given) {
      localStorage.setItem(TOKEN_KEY, given);
      url.searchParams.delete('token');
      history.replaceState(history.state, '', url.href);
    }
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage off: a loopback server needs no token
  }
}
const token = accessToken();

async function get<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const url = qs.size ? `${path}?${qs}` : path;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('NETWORK', 'The Tracebase server is not reachable. Is `tracebase serve` still running?', 0);
  }
  let body: { error?: { code?: string; message?: string } } | null = null;
  try {
    body = await res.json();
  } catch (e) {
    // Leaving a view aborts its requests, possibly while the body is still arriving.
    if (isAbort(e) || signal?.aborted) throw e;
  }
  if (res.status === 401) {
    throw new ApiError('UNAUTHORIZED', 'This server needs its access token: open the dashboard link `tracebase serve` printed (it ends in ?token=…).', 401);
  }
  if (!res.ok) {
    throw new ApiError(body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? `The server answered ${res.status}.`, res.status);
  }
  if (body === null) throw new ApiError('BAD_RESPONSE', 'The server sent an answer that is not JSON.', res.status);
  return body as T;
}

/** Search text with characters the full-text syntax does not take outside quotes (`.`, `-`, `/`,
 * `'`, `:`…): meant as the words typed, so asked as such (no failed request first). */
const asTyped = (q: string): boolean => /[^\p{L}\p{N}_\s*()^+]/u.test(q.replace(/"[^"]*"/g, ' '));

export const api = {
  health: (signal?: AbortSignal) => get<Health>('/api/health', {}, signal),

  /** A search the full-text syntax cannot take (`package.json`, `don't`, `path/to/x`) is asked
   * again as the words typed (literal), as a user of a search box means it. */
  sessions: (q: SessionQuery, signal?: AbortSignal) => {
    // (The server asks again as typed, in the same request: no failed request in the console first.)
    const literal = (q.q && asTyped(q.q)) || undefined;
    const params = { ...q, hasFailures: q.hasFailures, includeSubagents: q.includeSubagents || undefined, literal, orLiteral: (q.q && !literal) || undefined };
    return get<Page<SessionSummary>>('/api/sessions', params, signal);
  },

  session: (id: string, signal?: AbortSignal) => get<SessionDetail>(`/api/sessions/${encodeURIComponent(id)}`, {}, signal),

  /** One page of a session's timeline, in seq order. */
  events: (sessionId: string, cursor: string | null, limit = 500, signal?: AbortSignal) =>
    get<Page<EventOut>>('/api/events', { sessionId, cursor, limit }, signal),

  /** One event with its whole redacted text (timeline pages carry a preview when `truncated`). */
  event: (id: string, signal?: AbortSignal) => get<EventOut>(`/api/events/${encodeURIComponent(id)}`, {}, signal),

  sessionMetrics: (sessionId: string, signal?: AbortSignal) =>
    get<{ series: UsagePoint[]; tools: ToolUse[]; files: FileUse[]; filesTotal: number }>('/api/session-metrics', { sessionId }, signal),

  usageByDay: (q: { since?: string; until?: string; provider?: string }, signal?: AbortSignal) =>
    get<{ byDay: UsageDay[] }>('/api/session-metrics', q, signal),
};
