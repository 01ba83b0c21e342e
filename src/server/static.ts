// The built dashboard (dist/web, Vite's output) as static files: content types, other paths sent
// to the hash routes, long caching for content-hashed assets, nothing outside the root.
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactText } from '../redact/redact.ts';
import { ServerError } from './errors.ts';
import { decodeComponent } from './query.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Vite names built assets `name-<hash>.ext`: their content never changes under that name. */
const HASHED = /[-.][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tracebase</title></head>
<body><h1>Dashboard not built</h1><p>Dashboard not built: run <code>npm run build</code>, then reload. The HTTP API under <code>/api/</code> works without it.</p></body></html>
`;

/** dist/web next to the running code: ../web from dist/server, ../../dist/web from src/server. */
export function defaultWebRoot(): string {
  const built = fileURLToPath(new URL('../web/', import.meta.url));
  const fromSrc = fileURLToPath(new URL('../../dist/web/', import.meta.url));
  // Running the sources, ../web is src/web (the dashboard's sources, whose index.html is not a build).
  if (import.meta.url.endsWith('.ts')) return fromSrc;
  return existsSync(join(built, 'index.html')) ? built : fromSrc;
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse, rawPath: string) => void;

export function createStatic(rootDir: string): StaticHandler {
  const root = normalize(rootDir.endsWith(sep) ? rootDir : rootDir + sep);

  function send(req: IncomingMessage, res: ServerResponse, file: string, size: number, cache: string): void {
    res.statusCode = 200;
    res.setHeader('Content-Type', TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Content-Length', size);
    res.setHeader('Cache-Control', cache);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  /** A regular file under the root (symlinks resolved and checked again), or undefined. */
  function fileUnderRoot(rel: string): { path: string; size: number } | undefined {
    const candidate = normalize(join(root, rel));
    if (!candidate.startsWith(root)) return undefined;
    try {
      const real = realpathSync(candidate);
      const realRoot = realpathSync(root);
      if (!real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return undefined;
      const st = statSync(real);
      return st.isFile() ? { path: real, size: st.size } : undefined;
    } catch {
      return undefined;
    }
  }

  return (req, res, rawPath) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      throw new ServerError('METHOD_NOT_ALLOWED', 'The dashboard only answers GET.', { headers: { Allow: 'GET, HEAD' } });
    }
    const path = decodeComponent(rawPath, 'The path');
    if (path.includes('\\')) throw new ServerError('NOT_FOUND', 'No such file.');
    const rel = path === '/' ? 'index.html' : path.replace(/^\/+/, '');
    const file = fileUnderRoot(rel);
    if (file) {
      const base = file.path.slice(file.path.lastIndexOf(sep) + 1);
      send(req, res, file.path, file.size, base !== 'index.html' && HASHED.test(base) ? 'public, max-age=31536000, immutable' : 'no-cache');
      return;
    }
    // A path with a file extension names a file that is not there. The dashboard's views are hash
    // routes (`/#/session/…`): another path (typed, or a hash route missing its `#`) is sent
    // there, where the page's relative asset links resolve.
    if (extname(rel) && rel !== 'index.html') throw new ServerError('NOT_FOUND', 'No such file in the dashboard build.');
    if (path !== '/' && path !== '/index.html') {
      res.statusCode = 302;
      // (Redacted as every other answer is: the path is the user's, but a token pasted into it is no less one.)
      res.setHeader('Location', `/#${redactText(req.url ?? '/')}`);
      res.setHeader('Cache-Control', 'no-store');
      res.end();
      return;
    }
    const index = fileUnderRoot('index.html');
    if (index) {
      send(req, res, index.path, index.size, 'no-cache');
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
  };
}
