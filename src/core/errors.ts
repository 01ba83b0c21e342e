// Typed errors with a stable code and a message that says what to do.
// Only the edges translate them (CLI → exit code, HTTP → status, MCP → isError).
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';

export const ERROR_CODES = [
  'USAGE',
  'STORE_NOT_INITIALIZED',
  'STORE_EXISTS',
  'STORE_DIR_NOT_EMPTY',
  'STORE_UNREADABLE',
  'STORE_LOCKED',
  'STORE_CLOSED',
  'INDEX_OUTDATED',
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

/** The first folder above `path` this user may not enter (search), if any: the one that hides the rest. (Not the
 * store's own folder: private to its owner, it is another user's store.) */
function closedFolder(path: string): string | undefined {
  const folders: string[] = [];
  const from = /^(?:store\.db(?:-wal|-shm)?|key|tracebase\.log)$/.test(basename(path)) ? dirname(dirname(path)) : dirname(path);
  for (let d = from; d !== dirname(d); d = dirname(d)) folders.unshift(d);
  for (const d of folders) {
    try {
      accessSync(d, constants.X_OK);
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EACCES' ? d : undefined;
    }
  }
  return undefined;
}

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

/** Node fs and SQLite errors a user can act on (disk full, permissions, a file in the way, a damaged
 * database), translated once into messages that say what to do; anything else is returned as is. */
/**
 * A full disk, as the file system or SQLite reports it: SQLITE_FULL (13, its transaction was
 * rolled back), or SQLITE_IOERR_SHMSIZE (4874: the WAL index beside store.db cannot grow, which
 * on a full disk is what any command that opens the store meets first).
 */
export function isDiskFull(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const errcode = (e as { errcode?: number } | undefined)?.errcode;
  return code === 'ENOSPC' || code === 'EDQUOT' || (code === 'ERR_SQLITE_ERROR' && (errcode === 13 || errcode === 4874));
}

/** Whether `path` is surely not there (not merely out of sight: a folder that may not be entered hides it). */
function absent(path: string): boolean {
  try {
    statSync(path);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

export function translateFsError(e: unknown, what: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  // (`init` has committed nothing yet: run again, it uses the key file it wrote.)
  const again = what.startsWith('creating the store')
    ? 'run `tracebase init` again (it uses the key file it already wrote)'
    : 'run the same command again; what was committed before is kept (an import continues where it stopped; an index rebuild starts over)';
  const errcode = (e as { errcode?: number } | undefined)?.errcode;
  if (isDiskFull(e)) {
    return new TracebaseError(
      'DISK_FULL',
      `The disk is full while ${what}${code === 'ERR_SQLITE_ERROR' ? ` (the store's disk, or the temporary folder SQLite sorts in: ${process.env['SQLITE_TMPDIR'] || process.env['TMPDIR'] || '/var/tmp or /tmp'})` : ''}.`,
      `Free some space and ${again}.`,
      { cause: e },
    );
  }
  // A write the file system refused (SQLITE_IOERR and its extended codes, EFBIG, EIO): a file-size
  // limit (`ulimit -f`), a quota or a failing disk. Stopped like a full disk: every later write
  // would meet it too.
  if (code === 'EFBIG' || code === 'EIO' || (code === 'ERR_SQLITE_ERROR' && ((errcode ?? 0) & 0xff) === 10)) {
    return new TracebaseError(
      'DISK_FULL',
      `The disk refused a write while ${what} (${code === 'ERR_SQLITE_ERROR' ? 'disk I/O error' : code}): a file-size limit (\`ulimit -f\`), a quota, a full or failing disk.`,
      `Raise the limit or free some space (check the disk if neither applies), then ${again}.`,
      { cause: e },
    );
  }
  // SQLITE_BUSY / SQLITE_LOCKED (and their extended codes): another process held the write lock
  // past the busy timeout, as a `tracebase index` of a large store does for minutes.
  if (code === 'ERR_SQLITE_ERROR' && ((errcode ?? 0) & 0xff) >= 5 && ((errcode ?? 0) & 0xff) <= 6) {
    return new TracebaseError(
      'STORE_LOCKED',
      `Another Tracebase process kept the store busy for over a minute while ${what} (an index rebuild or a large import).`,
      'Wait for it to finish (or stop it), then run the same command again: what was committed before is kept (an import continues where it stopped; an index rebuild starts over).',
      { cause: e },
    );
  }
  if (code === 'EROFS') {
    return new TracebaseError(
      'STORE_UNREADABLE',
      `The store is on a read-only file system (found while ${what}).`,
      'SQLite needs to write beside store.db even to read it. Remount the disk read-write, or copy the whole store directory (key included) somewhere writable and point TRACE_HOME at the copy.',
      { cause: e },
    );
  }
  // SQLITE_READONLY (8): the database or its directory may not be written by this user.
  // (And its extended codes: SQLITE_READONLY_DIRECTORY, 1544, a folder that may not be written.)
  if (code === 'EACCES' || code === 'EPERM' || (code === 'ERR_SQLITE_ERROR' && ((errcode ?? 0) & 0xff) === 8)) {
    const path = (e as NodeJS.ErrnoException).path;
    // Not there yet: its folder is what may not be written (init under another user's folder).
    if (path && (code === 'EACCES' || code === 'EPERM') && absent(path) && existsSync(dirname(path))) {
      return new TracebaseError(
        'STORE_UNREADABLE',
        `Permission denied while ${what}: ${path} cannot be made, its folder ${dirname(path)} may not be written by this user.`,
        'Point TRACE_HOME at a folder of yours (the default is ~/.traces), or have its owner create it for you.',
        { cause: e },
      );
    }
    // A folder on the way that may not be entered (TRACE_HOME under another user's home): the store may not even exist.
    const shut = path && (code === 'EACCES' || code === 'EPERM') ? closedFolder(path) : undefined;
    if (shut) {
      return new TracebaseError(
        'STORE_UNREADABLE',
        `Permission denied while ${what}: the folder ${shut} on the way to ${path} may not be entered by this user.`,
        'Point TRACE_HOME at a folder of yours (the default is ~/.traces), or have the folder\'s owner let you in.',
        { cause: e },
      );
    }
    return new TracebaseError(
      'STORE_UNREADABLE',
      `Permission denied while ${what}${path && !what.endsWith(path) ? ` (${path})` : ''}.`,
      'The store is private to the user who owns it: run as that user, with its directory at mode 0700 and all its files at 0600 (store.db, and store.db-wal and store.db-shm beside it, which SQLite makes with store.db\'s mode: `chmod 700` the directory and `chmod 600` each if you changed them), or point TRACE_HOME elsewhere.',
      { cause: e },
    );
  }
  if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
    const path = (e as NodeJS.ErrnoException).path;
    return new TracebaseError(
      'STORE_UNREADABLE',
      `A path of the store is not what it should be while ${what}${path ? `: ${path}` : ''} (a file where a directory belongs, or the reverse).`,
      'Set TRACE_HOME to a directory (or to a path that does not exist yet), or move the file out of the way.',
      { cause: e },
    );
  }
  // The working directory was deleted under the command: a relative path (TRACE_HOME, CODEX_HOME) names nothing.
  if (code === 'ENOENT' && (e as NodeJS.ErrnoException).syscall === 'uv_cwd') {
    return new TracebaseError(
      'USAGE',
      `The folder this command was started in no longer exists (found while ${what}), so a relative path in TRACE_HOME, CODEX_HOME or CLAUDE_CONFIG_DIR names nothing.`,
      'Run it from an existing folder, or give those settings absolute paths.',
      { cause: e },
    );
  }
  if (code === 'ENAMETOOLONG') {
    const path = (e as NodeJS.ErrnoException).path;
    return new TracebaseError(
      'USAGE',
      `A path is longer than the file system allows while ${what}${path ? ` (${path.length} characters)` : ''}.`,
      'Check TRACE_HOME, CODEX_HOME and CLAUDE_CONFIG_DIR: each part of a path may be at most 255 bytes long.',
      { cause: e },
    );
  }
  // SQLite: the file is not a database, or its pages are damaged (SQLITE_CORRUPT and its extended codes: the full-text
  // index's `fts5: corruption found reading blob …` is SQLITE_CORRUPT_VTAB, 267).
  if (code === 'ERR_SQLITE_ERROR' && (((errcode ?? 0) & 0xff) === 11 || errcode === 26)) {
    return new TracebaseError(
      'STORE_UNREADABLE',
      `The store database is damaged (${String((e as Error).message).split('\n')[0]}) while ${what}.`,
      'Run `tracebase index`: it rebuilds the search index from the encrypted raw records, and if the file itself is damaged, copies those records into a new store.db (the damaged file is kept). `tracebase doctor` shows what is affected; a backup of store.db is the other way back.',
      { cause: e },
    );
  }
  return e;
}
