// HTTP-side errors and the one onError that turns any thrown value into a status and a JSON body.
// Store errors (TracebaseError) keep their stable code; the HTTP-only refusals below add theirs.
import type { ServerResponse } from 'node:http';
import { type ErrorCode, isTracebaseError, translateFsError } from '../core/errors.ts';
import { clip } from '../redact/clip.ts';
import { redactText } from '../redact/redact.ts';

export const SERVER_ERROR_CODES = [
  'INVALID_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN_HOST',
  'FORBIDDEN_ORIGIN',
  'INTAKE_DISABLED',
  'RAW_BLOB_DISABLED',
  'RAW_EXPORT_HEADER_REQUIRED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_IMPLEMENTED',
  'REMOTE_NOT_ALLOWED',
  'PORT_IN_USE',
  'INVALID_OPTION',
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

const SERVER_STATUS = {
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN_HOST: 403,
  FORBIDDEN_ORIGIN: 403,
  INTAKE_DISABLED: 403,
  RAW_BLOB_DISABLED: 403,
  RAW_EXPORT_HEADER_REQUIRED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_IMPLEMENTED: 501,
  REMOTE_NOT_ALLOWED: 500,
  PORT_IN_USE: 500,
  INVALID_OPTION: 500,
} as const satisfies Record<ServerErrorCode, number>;

/** Store and core codes as HTTP statuses; anything unlisted is a 500. */
const CORE_STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 400,
  QUERY_INVALID: 400,
  SESSION_NOT_FOUND: 404,
  RECORD_NOT_FOUND: 404,
  STORE_LOCKED: 503,
  STORE_NOT_INITIALIZED: 503,
  INDEX_OUTDATED: 503,
  RECORD_TAMPERED: 500,
};

export class ServerError extends Error {
  readonly code: ServerErrorCode;
  readonly status: number;
  readonly hint: string | undefined;
  /** Extra response headers (Allow, WWW-Authenticate). */
  readonly headers: Record<string, string>;
  constructor(code: ServerErrorCode, message: string, opts: { hint?: string; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'ServerError';
    this.code = code;
    this.status = SERVER_STATUS[code];
    this.hint = opts.hint;
    this.headers = opts.headers ?? {};
  }
}

export const isServerError = (e: unknown): e is ServerError => e instanceof ServerError;

export interface ErrorBody {
  error: { code: string; message: string };
}

/** Status and body for any thrown value. Messages pass the redactor; stacks never leave. */
export function errorResponse(raw: unknown, log: (line: string) => void): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const clean = (s: string) => clip(redactText(s), 1000);
  // (A damaged store, a full disk, a busy store: named with what to do, as the CLI names them.)
  const e = isServerError(raw) ? raw : translateFsError(raw, 'answering this request');
  if (isServerError(e)) {
    const message = e.hint ? `${e.message} ${e.hint}` : e.message;
    return { status: e.status, body: { error: { code: e.code, message: clean(message) } }, headers: e.headers };
  }
  if (isTracebaseError(e)) {
    const status = CORE_STATUS[e.code] ?? 500;
    if (status >= 500) log(`tracebase serve: ${e.code}: ${clean(e.message)}`);
    const message = e.hint ? `${e.message} ${e.hint}` : e.message;
    return { status, body: { error: { code: e.code, message: clean(message) } }, headers: {} };
  }
  const first = String((e as Error | undefined)?.message ?? e).split('\n')[0] ?? 'unknown error';
  log(`tracebase serve: unexpected error: ${clean(first)}`);
  return {
    status: 500,
    body: { error: { code: 'INTERNAL', message: 'Unexpected server error; the server log has a one-line reason. The server keeps serving.' } },
    headers: {},
  };
}

/** The one place that writes an error: after headers were sent, the connection is cut instead. */
export function onError(e: unknown, res: ServerResponse, log: (line: string) => void): void {
  const { status, body, headers } = errorResponse(e, log);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
