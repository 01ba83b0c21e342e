// Security in one place, applied before every route and every static file: loopback bind
// unless remote is allowed (and then an access token), Host and Origin checks, the opt-in
// gates (intake, raw blobs, raw export), body size, and the security headers.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { quoteRedacted } from '../redact/clip.ts';
import { ServerError } from './errors.ts';
import { parseQuery } from './query.ts';
import { routePath } from './router.ts';

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const RAW_EXPORT_HEADER = 'x-tracebase-raw-export';
const INTAKE_PATHS = new Set(['/api/events', '/api/spans', '/api/intake']);
const RAW_BLOB_PATH = /^\/api\/events\/[^/]+\/raw$/;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const DEFAULT_MAX_BODY_BYTES = 1 << 20;

export interface SecurityOptions {
  host: string;
  /** Bound to a non-loopback address (only with allowRemote); every request then needs `token`. */
  remote: boolean;
  token: string | null;
  allowIntake: boolean;
  allowRawBlob: boolean;
  maxBodyBytes: number;
  /** Extra Host names to accept (a DNS name for a remote bind). */
  allowedHosts: string[];
}

export interface SecurityInput {
  host?: string;
  allowRemote?: boolean;
  allowIntake?: boolean;
  allowRawBlob?: boolean;
  token?: string;
  maxBodyBytes?: number;
  allowedHosts?: string[];
}

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);
const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

export function isLoopbackHost(host: string): boolean {
  const h = bare(host);
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Options and environment (TRACEBASE_ALLOW_REMOTE / _INTAKE / _RAW_BLOB_API = 1) → policy; refuses a remote bind without consent. */
export function resolveSecurity(env: Record<string, string | undefined>, o: SecurityInput): SecurityOptions {
  const host = o.host ?? '127.0.0.1';
  if (!/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]+|[A-Za-z0-9.-]{1,253})$/.test(host)) {
    throw new ServerError('INVALID_OPTION', `${quoteRedacted(host, 80)} is not a host name or IP address.`, {
      hint: 'Pass --host 127.0.0.1 (the default), or an address of this machine.',
    });
  }
  const remote = !isLoopbackHost(host);
  const allowRemote = o.allowRemote ?? env['TRACEBASE_ALLOW_REMOTE'] === '1';
  if (remote && !allowRemote) {
    throw new ServerError('REMOTE_NOT_ALLOWED', `Refusing to serve on ${host}: it is not a loopback address, so other machines could reach your traces.`, {
      hint: 'Pass --allow-remote (or set TRACEBASE_ALLOW_REMOTE=1) to serve on the network; every API request then needs the access token printed at start.',
    });
  }
  const token = remote ? (o.token ?? randomBytes(32).toString('base64url')) : null;
  return {
    host,
    remote,
    token,
    allowIntake: o.allowIntake ?? env['TRACEBASE_ALLOW_INTAKE'] === '1',
    allowRawBlob: o.allowRawBlob ?? env['TRACEBASE_ALLOW_RAW_BLOB_API'] === '1',
    maxBodyBytes: o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    allowedHosts: o.allowedHosts ?? (env['TRACEBASE_ALLOWED_HOSTS'] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}

/** Host header values this server answers to, for the port it is bound to. */
export function allowedHostHeaders(sec: SecurityOptions, port: number): Set<string> {
  const out = new Set<string>();
  const add = (h: string) => {
    const b = bare(h);
    const name = b.includes(':') ? `[${b}]` : b;
    out.add(`${name}:${port}`);
    if (port === 80) out.add(name);
  };
  if (!WILDCARD.has(sec.host)) add(sec.host);
  if (isLoopbackHost(sec.host) || WILDCARD.has(sec.host)) for (const h of ['127.0.0.1', 'localhost', '::1']) add(h);
  if (WILDCARD.has(sec.host)) {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address.replace(/%.*$/, ''));
    add(hostname());
  }
  for (const h of sec.allowedHosts) add(h);
  return out;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time: both sides hashed to equal-length digests first. */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

/** Any `raw` value but an explicit no counts as asking for raw events (`raw=TRUE`, `raw=yes`). */
export const asksRaw = (v: unknown): boolean => v !== undefined && v !== null && v !== false && !/^(?:0|false|no|off|)$/i.test(String(v));

export const rawExportHeaderRequired = (): ServerError =>
  new ServerError('RAW_EXPORT_HEADER_REQUIRED', `A raw (unredacted) export needs the header \`${RAW_EXPORT_HEADER}: 1\`.`, {
    hint: 'Send the header to confirm you mean to export decrypted raw events.',
  });

/** How many Host headers the request has. */
const hostHeaders = (req: IncomingMessage): number => {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') n++;
  return n;
};

export function setSecurityHeaders(res: ServerResponse, api: boolean): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (api) res.setHeader('Cache-Control', 'no-store');
}

export interface Admitted {
  /** Raw (still percent-encoded) path. */
  path: string;
  query: Record<string, string>;
  api: boolean;
}

export interface Guard {
  /** Admits the request (returns where it goes) or throws a ServerError. */
  check(req: IncomingMessage, res: ServerResponse): Admitted;
}

export function createGuard(sec: SecurityOptions, port: number): Guard {
  const hosts = allowedHostHeaders(sec, port);
  const origins = new Set([...hosts].map((h) => `http://${h}`));

  /** Remote mode: an API request carries the token as `Authorization: Bearer`. (No cookie: a
   * browser sends a host's cookies to every port of it, so another web server on this host
   * would receive it.) */
  function authenticate(req: IncomingMessage): void {
    const bearer = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (tokenMatches(sec.token!, bearer)) return;
    throw new ServerError('UNAUTHORIZED', 'This server needs its access token.', {
      hint: 'Send `Authorization: Bearer <token>`, or open the dashboard link printed at start (it ends in ?token=…; the dashboard keeps the token for this address).',
      headers: { 'WWW-Authenticate': 'Bearer realm="tracebase"' },
    });
  }

  return {
    check(req, res) {
      const target = req.url ?? '';
      const qi = target.indexOf('?');
      const path = qi < 0 ? target : target.slice(0, qi);
      const search = qi < 0 ? '' : target.slice(qi + 1);
      const api = path === '/api' || path.startsWith('/api/');
      setSecurityHeaders(res, api);
      if (!path.startsWith('/')) throw new ServerError('INVALID_REQUEST', 'The request target must be a path.');
      if (/[^\x21-\x7e]/.test(target)) {
        throw new ServerError('INVALID_REQUEST', 'The request URL holds characters that are not percent-encoded.', { hint: 'Percent-encode the URL as UTF-8.' });
      }

      // DNS rebinding: a page on another name that resolves here must not be answered.
      const host = (req.headers.host ?? '').toLowerCase();
      // (Node keeps the first of two Host headers: a request naming two hosts is refused.)
      if (!hosts.has(host) || hostHeaders(req) > 1) {
        throw new ServerError('FORBIDDEN_HOST', 'The Host header does not name this server.', {
          hint: `Open the dashboard at the address printed at start. For another DNS name, set TRACEBASE_ALLOWED_HOSTS.`,
        });
      }
      // Data is only under /api (routes match literal segments: `/%61pi/…` is no route). The
      // dashboard's own files hold none, so they load without the token, which it then sends.
      if (sec.remote && api) authenticate(req);

      const method = req.method ?? 'GET';
      // A page of another site (another port of localhost included) can send GETs here without
      // reading the answers; they would still make this server search. Browsers say where a
      // request comes from: only the dashboard itself and typed addresses are answered.
      const site = req.headers['sec-fetch-site'];
      if (api && site !== undefined && site !== 'same-origin' && site !== 'none') {
        throw new ServerError('FORBIDDEN_ORIGIN', 'Requests from other sites are refused.', {
          hint: 'Use the dashboard itself, or send the request without a browser (curl, scripts).',
        });
      }
      const origin = req.headers.origin;
      if (STATE_CHANGING.has(method) && origin !== undefined && !origins.has(origin.toLowerCase())) {
        throw new ServerError('FORBIDDEN_ORIGIN', 'Cross-origin state-changing requests are refused.', {
          hint: 'Send the request from the dashboard itself, or without an Origin header (curl, scripts).',
        });
      }
      const routed = routePath(path);
      if (method === 'POST' && INTAKE_PATHS.has(routed) && !sec.allowIntake) {
        throw new ServerError('INTAKE_DISABLED', 'Live intake is off: this server is read-only.', {
          hint: 'This version has no live intake yet: `tracebase agent` and `serve --allow-intake` (TRACEBASE_ALLOW_INTAKE=1) open these routes, which then answer 501. Capture transcripts with `tracebase import`.',
        });
      }
      if (RAW_BLOB_PATH.test(routed) && !sec.allowRawBlob) {
        throw new ServerError('RAW_BLOB_DISABLED', 'Raw (unredacted) event reads over HTTP are off.', {
          hint: 'Set TRACEBASE_ALLOW_RAW_BLOB_API=1 when starting the server to allow them, or use `tracebase show <eventId>` locally.',
        });
      }
      const query = parseQuery(search);
      if (routed === '/api/export' && asksRaw(query['raw']) && req.headers[RAW_EXPORT_HEADER] !== '1') {
        throw rawExportHeaderRequired();
      }
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > sec.maxBodyBytes) {
        throw new ServerError('PAYLOAD_TOO_LARGE', `The request body is larger than ${sec.maxBodyBytes} bytes.`, { headers: { Connection: 'close' } });
      }
      return { path, query, api };
    },
  };
}
