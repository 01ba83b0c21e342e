// A raw HTTP client for server tests: full control over Host, Origin and the request target
// (fetch normalizes paths and refuses some headers).
import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: <T = Record<string, unknown>>() => T;
}

export interface HttpInit {
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** Defaults to 127.0.0.1:<port>. Pass null to send none. */
  host?: string | null;
  /** Connect here (default 127.0.0.1). */
  address?: string;
  /** Called when the response's head arrives (before its body is read). */
  onResponse?: () => void;
}

export function http(port: number, target: string, init: HttpInit = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { ...init.headers };
    if (init.host !== null) headers['host'] = init.host ?? `127.0.0.1:${port}`;
    if (init.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const req = httpRequest({ host: init.address ?? '127.0.0.1', port, method: init.method ?? 'GET', path: target, headers, setHost: false, agent: false }, (res) => {
      init.onResponse?.();
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (init.body !== undefined) req.end(init.body);
    else req.end();
  });
}

/** Every string inside a JSON value, joined: catches secrets the JSON encoding escaped. */
export function jsonStrings(text: string): string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return '';
  }
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) { out.push(k); walk(y); }
  };
  walk(v);
  return out.join('\n');
}
