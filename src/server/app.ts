// The server factory: createServer({store, config, options}) → listen() / close() / url.
// Every request passes the guard first, then the route table, then the static dashboard;
// every error passes the one onError.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Config } from '../core/config.ts';
import { ensureListIndexes } from '../store/session-list.ts';
import type { Store } from '../store/store.ts';
import { readJsonBody } from './body.ts';
import { onError, ServerError } from './errors.ts';
import { CSP, createGuard, type Guard, resolveSecurity, type SecurityInput, type SecurityOptions } from './guard.ts';
import { DEFAULT_PORT } from './defaults.ts';
import { createMemo } from './memo.ts';
import { createRouter } from './router.ts';
import { ROUTES } from './routes/index.ts';
import { createStatic, defaultWebRoot } from './static.ts';

export { DEFAULT_PORT };

export interface ServerOptions extends SecurityInput {
  /** Default 18427; 0 picks a free port. */
  port?: number;
  /** Directory of the built dashboard (default: dist/web of this package). */
  webRoot?: string;
  /** Where one-line diagnostics go (default: stderr). Never receives transcript content. */
  log?: (line: string) => void;
  /** How long close() waits for in-flight requests before cutting connections (ms). */
  drainTimeoutMs?: number;
}

export interface ServerContext {
  store: Store;
  config: Config;
  options?: ServerOptions;
}

export interface TracebaseServer {
  /** Binds and resolves with the base URL (e.g. http://127.0.0.1:18427/). */
  listen(): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, then closes every connection. The store stays open (it is the caller's). */
  close(): Promise<void>;
  /** Base URL once listening. */
  readonly url: string;
  readonly port: number;
  /** The access token when bound to a non-loopback address, else null. */
  readonly token: string | null;
  readonly security: SecurityOptions;
}

const WILDCARD = new Set(['0.0.0.0', '::', '[::]']);

function urlHost(host: string): string {
  if (WILDCARD.has(host)) {
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    return external?.address ?? '127.0.0.1';
  }
  const h = host.replace(/^\[(.*)\]$/, '$1');
  return h.includes(':') ? `[${h}]` : h;
}

export function createServer(ctx: ServerContext): TracebaseServer {
  const o = ctx.options ?? {};
  const security = resolveSecurity(ctx.config.env, o);
  const log = o.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const route = createRouter(ROUTES);
  const serveStatic = createStatic(o.webRoot ?? defaultWebRoot());
  const memo = createMemo(ctx.store);
  // (A request with no Host gets the guard's answer, with its headers, rather than Node's bare 400.)
  const http = createHttpServer({ requestTimeout: 60_000, headersTimeout: 20_000, requireHostHeader: false });
  let guard: Guard | undefined;
  let url = '';
  let port = 0;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    inFlight++;
    res.once('close', () => {
      if (--inFlight === 0) drained?.();
    });
    try {
      const admitted = guard!.check(req, res);
      const m = route(req.method ?? 'GET', admitted.path);
      if (m.kind === 'route') {
        const out = await m.route.handler({
          store: ctx.store,
          config: ctx.config,
          security,
          req,
          res,
          params: m.params,
          query: admitted.query,
          body: () => readJsonBody(req, security.maxBodyBytes),
          memo,
        });
        if (out !== undefined && !res.writableEnded) sendJson(res, out);
      } else if (m.kind === 'method') {
        throw new ServerError('METHOD_NOT_ALLOWED', `${req.method} is not allowed here.`, { headers: { Allow: m.allow.join(', ') } });
      } else if (admitted.api) {
        throw new ServerError('NOT_FOUND', 'No such API route.', { hint: 'See "Dashboard and HTTP API" in the README for the routes.' });
      } else {
        serveStatic(req, res, admitted.path);
      }
    } catch (e) {
      // A refused request's body is not read: the connection closes after the answer, instead
      // of taking in whatever the sender streams.
      if (hasBody(req) && !req.readableEnded) res.setHeader('Connection', 'close');
      onError(e, res, log);
    }
  }

  http.on('request', (req, res) => void handle(req, res));
  // Requests Node's parser refuses (raw non-ASCII in the URL, malformed headers) get the same JSON 400.
  const unparseable = JSON.stringify({ error: { code: 'INVALID_REQUEST', message: 'The request could not be parsed as HTTP (is the URL percent-encoded?).' } });
  http.on('clientError', (_err, socket) => {
    if (!socket.writable) return void socket.destroy();
    socket.end(
      [
        'HTTP/1.1 400 Bad Request',
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(unparseable)}`,
        `Content-Security-Policy: ${CSP}`,
        'X-Content-Type-Options: nosniff',
        'Referrer-Policy: no-referrer',
        'X-Frame-Options: DENY',
        'Cache-Control: no-store',
        'Connection: close',
        '',
        unparseable,
      ].join('\r\n'),
    );
  });

  return {
    security,
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    get token() {
      return security.token;
    },
    listen() {
      ensureListIndexes(ctx.store);
      const wanted = o.port ?? DEFAULT_PORT;
      return new Promise<string>((resolve, reject) => {
        const onError = (e: NodeJS.ErrnoException) => {
          http.off('listening', onListening);
          if (e.code === 'EADDRINUSE') {
            reject(new ServerError('PORT_IN_USE', `Port ${wanted} is in use; pass --port N or stop the other server.`));
          } else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
            reject(new ServerError('INVALID_OPTION', `Cannot bind ${security.host}: it is not an address of this machine.`));
          } else if (e.code === 'EACCES') {
            reject(new ServerError('INVALID_OPTION', `Not allowed to bind port ${wanted}; pick a port above 1023.`));
          } else reject(e);
        };
        const onListening = () => {
          http.off('error', onError);
          port = (http.address() as AddressInfo).port;
          guard = createGuard(security, port);
          url = `http://${urlHost(security.host)}:${port}/`;
          resolve(url);
        };
        http.once('error', onError);
        http.once('listening', onListening);
        http.listen(wanted, security.host.replace(/^\[(.*)\]$/, '$1'));
      });
    },
    close() {
      if (!http.listening) return Promise.resolve();
      return new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeIdleConnections();
        const cut = () => http.closeAllConnections();
        if (inFlight === 0) cut();
        else {
          const timer = setTimeout(cut, o.drainTimeoutMs ?? 10_000);
          drained = () => {
            clearTimeout(timer);
            // Let the last response's bytes leave before the sockets go.
            setImmediate(cut);
          };
        }
      });
    },
  };
}

const hasBody = (req: IncomingMessage): boolean => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

export function sendJson(res: ServerResponse, value: unknown, status = 200): void {
  const text = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
