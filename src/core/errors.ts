// Typed errors with a stable code and a message that says what to do.
// Only the edges translate them (CLI → exit code, HTTP → status, MCP → isError).

export const ERROR_CODES = [
  'USAGE',
  'STORE_NOT_INITIALIZED',
  'STORE_EXISTS',
  'STORE_UNREADABLE',
  'STORE_LOCKED',
  'KEY_MISSING',
  'KEY_INVALID',
  'KEY_MISMATCH',
  'RECORD_TAMPERED',
  'RECORD_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'SOURCE_UNREADABLE',
  'QUERY_INVALID',
  'DISK_FULL',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class TracebaseError extends Error {
  readonly code: ErrorCode;
  /** What the user can do about it. */
  readonly hint: string | undefined;
  constructor(code: ErrorCode, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TracebaseError';
    this.code = code;
    this.hint = hint;
  }
}

export class UsageError extends TracebaseError {
  constructor(message: string, hint?: string) {
    super('USAGE', message, hint);
    this.name = 'UsageError';
  }
}

export const isTracebaseError = (e: unknown): e is TracebaseError => e instanceof TracebaseError;

/** Node fs errors that mean the disk is full, translated once. */
export function translateFsError(e: unknown, what: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new TracebaseError(
      'DISK_FULL',
      `The disk is full while ${what}.`,
      'Free some space and run the same command again; finished work is kept and the rerun continues where it stopped.',
      { cause: e },
    );
  }
  return e;
}
