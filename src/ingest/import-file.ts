// Imports one transcript file: stream its new lines, parse, redact, then in one write
// transaction per batch store the sealed raw lines, the index rows and the checkpoint.
// A batch is all-or-nothing, so a killed import resumes exactly where it stopped.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { TracebaseError } from '../core/errors.ts';
import type { Provider } from '../core/types.ts';
import { adapterFor } from '../sources/index.ts';
import type { SourceAdapter } from '../sources/types.ts';
import { parseObject, withoutBom } from '../sources/json.ts';
import { anyPurgedSession, isPurged, rememberPurgedStream, takeBackPurged, takeBackSessions } from '../store/purged.ts';
import { lineHash, oversizedPlaceholder, type SealedSegment, upsertStream, writeBigPart } from '../store/raw.ts';
import type { Store } from '../store/store.ts';
import { beginWrite, commitWrite, eachTx, scrubIndex, type TxRunner } from '../store/store.ts';
import { type Checkpoint, fingerprints, readCheckpoint, sameCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { chunkSizeFor, denseLine, isBlank, LineReader, READ_NO_WAIT } from './lines.ts';
import { parseStoredLine, type PreparedLine, writePreparedLines } from './lines-to-index.ts';
import { knownSince, storeMemory } from '../store/known-secrets.ts';
import { redactLaterKnown } from './late-secrets.ts';
import { freshWithMemory, memoryOf, openStreamParser, storedReading } from './stream-parser.ts';
import { storedPath } from './safe-names.ts';
import { SkeletonBuilder } from './skeleton.ts';

export interface FileReport {
  path: string;
  provider: string;
  status: 'imported' | 'unchanged' | 'error';
  /** The file was shrunk or replaced since the last import and was re-read from the start. */
  reset: boolean;
  bytesRead: number;
  lines: number;
  newLines: number;
  events: number;
  malformed: number;
  unknown: number;
  oversized: number;
  /** A document caught in the middle of a save: nothing of it is read yet (see documentItems). */
  unfinished?: true;
  /** The file ends in a line still being written (no newline, not whole JSON): it waits. */
  waiting?: true;
  /** Another import was reading the file at the same time: this one left the file to it. */
  yielded?: true;
  /** Its session was purged (`tracebase purge`) while this import read it: nothing of it stored. */
  purgedMeanwhile?: true;
  error?: { code: string; message: string };
}

export interface ImportFileOptions {
  batchBytes?: number;
  maxLine?: number;
  /** Lines from this length on are looked at for density (see lines.ts; Infinity: never, as before 2026-11-27). */
  denseFrom?: number;
  onBytes?: (n: number) => void;
  /** How batches are committed (default: one transaction each). */
  tx?: TxRunner;
  /** Read on from the checkpoint even when size and mtime say nothing changed (the parallel
   * import hands over a file it stopped in the middle of). */
  force?: boolean;
  /** See `FoundFile.takeBack`. */
  takeBack?: boolean;
}

const BATCH_BYTES = 4 << 20;
const BATCH_LINES = 8192;
const DOCUMENT_MAX = 64 << 20;
const MAX_CONFLICT_RETRIES = 8;

/** The file's checkpoint is not where this import left it. */
export class Conflict extends Error {
  /** Another import advanced the file past this one (it is reading the file and will finish it),
   * as opposed to this import's own writes having been undone. */
  readonly foreign: boolean;
  /** Its session was purged while this import read it (nothing of it is stored). */
  readonly purged: boolean;
  constructor(foreign: boolean, purged = false) {
    super(purged ? 'its session was purged meanwhile' : foreign ? 'another import advanced this file' : 'the checkpoint moved back');
    this.foreign = foreign;
    this.purged = purged;
  }
}

/** Checked under the write lock, before any write, so a conflict undoes nothing else. */
function conflictWith(current: Checkpoint | undefined, expected: Checkpoint | undefined): Conflict | undefined {
  if (sameCheckpoint(current, expected)) return undefined;
  const ahead = current !== undefined && (expected === undefined || current.lines > expected.lines || current.offset > expected.offset);
  return new Conflict(ahead);
}

/**
 * Its session was purged (while this import read it, or before, where the file name does not
 * tell the session: the lines do): leave it, as to another importer, and remember the file so
 * the next import skips it without reading. Checked under the write lock.
 */
function purgedMeanwhile(ctx: FileCtx, lines: readonly PreparedLine[] = []): Conflict | undefined {
  const { store, adapter, streamKey } = ctx;
  // Named on purpose: its records go in the same transaction as its lines (nothing stored, still out).
  if (ctx.opts.takeBack) {
    takeBackPurged(store, adapter.provider, streamKey);
    // And the sessions its lines hold (a legacy agent file's key does not name its session).
    takeBackSessions(store, adapter.provider, new Set(lines.flatMap((l) => l.events.map((e) => e.sessionId))));
    return undefined;
  }
  if (isPurged(store, adapter.provider, streamKey)) return new Conflict(true, true);
  // The sessions whose events these lines hold, and their parents (a session the lines only
  // mention, as a parent's line names the subagent it spawned, does not count).
  const ids = new Set<string>();
  for (const l of lines) for (const e of l.events) ids.add(e.sessionId);
  for (const l of lines) for (const s of l.sessions) if (s.parentId && ids.has(s.id)) ids.add(s.parentId);
  if (!anyPurgedSession(store, adapter.provider, ids)) return undefined;
  rememberPurgedStream(store, adapter.provider, streamKey);
  return new Conflict(true, true);
}

/** Imports one transcript; `source` is its provider's name or adapter (`'claude'`, `claudeAdapter`). */
export function importFile(store: Store, source: Provider | SourceAdapter, path: string, opts: ImportFileOptions = {}): FileReport {
  const adapter = typeof source === 'string' ? adapterFor(source) : source;
  if (typeof path !== 'string') throw new TracebaseError('USAGE', `The path must be a string (got ${typeof path}).`, 'Pass the path of a transcript file.');
  const report: FileReport = {
    path, provider: adapter.provider, status: 'unchanged', reset: false,
    bytesRead: 0, lines: 0, newLines: 0, events: 0, malformed: 0, unknown: 0, oversized: 0,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      importOnce(store, adapter, path, opts, report);
      // (On its own, not in an import's group: its own end, so the index keeps no words of a secret learned late.)
      if (!opts.tx) scrubIndex(store);
      return report;
    } catch (e) {
      if (e instanceof Conflict && e.purged) {
        report.purgedMeanwhile = true;
        return report;
      }
      // Another import is reading this file right now: leave it the file rather than race it.
      if (e instanceof Conflict && e.foreign) {
        report.yielded = true;
        return report;
      }
      if (e instanceof Conflict && attempt < MAX_CONFLICT_RETRIES) continue;
      if (e instanceof Conflict) throw new TracebaseError('STORE_LOCKED', `Another import kept advancing ${path}.`, 'Run the import again.');
      throw e;
    }
  }
}

function importOnce(store: Store, adapter: SourceAdapter, path: string, opts: ImportFileOptions, report: FileReport): void {
  const file = openFile(store, adapter, path, opts, report);
  if (!file) return;
  try {
    const items = documentItems(file.ctx);
    if (items === 'unfinished') {
      report.unfinished = true;
      return;
    }
    if (items) importDocument(file.ctx, file.cp, items);
    else importLines(file.ctx, file.cp);
  } finally {
    closeSync(file.ctx.fd);
  }
}

export interface OpenedFile {
  ctx: FileCtx;
  cp: Checkpoint | undefined;
}

/** A file already imported as the other provider: say how to redo it (in the message: per-file
 * errors of a directory import show only that). */
export function wrongProvider(was: string, now: string): TracebaseError {
  return new TracebaseError(
    'USAGE',
    `imported before as a ${was} transcript, so not read as ${now}. To redo it, purge the session it made (\`tracebase sessions\` lists it; \`tracebase purge --session-id <id>\`), then \`tracebase import-file ${now} <file>\`.`,
  );
}

/** Open a transcript for import; undefined when its checkpoint says nothing changed (the caller closes `ctx.fd`). */
export function openFile(store: Store, adapter: SourceAdapter, path: string, opts: ImportFileOptions, report: FileReport): OpenedFile | undefined {
  let fd: number;
  try {
    fd = openSync(path, READ_NO_WAIT);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new TracebaseError('SOURCE_UNREADABLE', 'the file is gone (moved or deleted since it was listed): run the import again to read it where it is now (Codex moves old transcripts to archived_sessions).');
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new TracebaseError('SOURCE_UNREADABLE', 'permission denied: make the file readable by this user (`chmod u+r`), then run the import again.');
    }
    // (Named as the store names it: a secret in a folder or file name stays redacted; a leak hunt.)
    const why = code === 'ELOOP' ? 'its symbolic links loop' : code === 'ENAMETOOLONG' ? 'its path is too long' : code === 'ENOTDIR' ? 'a part of its path is a file, not a folder' : (code ?? 'error');
    throw new TracebaseError('SOURCE_UNREADABLE', `Cannot read ${storedPath(path, store.idKey)}: ${why}.`, 'Check that the file exists and is readable.');
  }
  // From here on the file is read through `fd`; the store and the parser know it by this name.
  path = storedPath(path, store.idKey);
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new TracebaseError('SOURCE_UNREADABLE', `not a regular file any more (${st.isFIFO() ? 'a named pipe' : st.isDirectory() ? 'a folder' : 'a device or socket'} stands where it was listed): skipped. Put the transcript back as a file and run the import again.`);
  }
  // Unchanged files are the common case: decided before the (sealed) parser state is opened.
  const seen = store.statement('SELECT provider, size, mtime_ms, ino FROM sources WHERE path = ?').get(path) as
    | Pick<Checkpoint, 'provider' | 'size' | 'mtime_ms' | 'ino'>
    | undefined;
  if (seen && seen.provider !== adapter.provider) {
    closeSync(fd);
    throw wrongProvider(seen.provider, adapter.provider);
  }
  if (!opts.force && seen && seen.size === st.size && seen.mtime_ms === Math.trunc(st.mtimeMs) && seen.ino === st.ino) {
    closeSync(fd);
    return undefined;
  }
  const refused = refusal(fd, st.size);
  if (refused) {
    closeSync(fd);
    throw new TracebaseError('SOURCE_UNREADABLE', REFUSED[refused]);
  }
  const cp = readCheckpoint(store, path);
  const streamKey = adapter.streamKey(path);
  let streamId: number | undefined;
  const stream = () => {
    streamId ??= upsertStream(store, adapter.provider, streamKey, path);
    return streamId;
  };
  const tx = opts.tx ?? eachTx(store);
  return { ctx: { store, adapter, path, fd, size: st.size, mtime: Math.trunc(st.mtimeMs), ino: st.ino, streamKey, stream, tx, report, opts }, cp };
}

/** Files an import refuses whole, nothing of them stored: what they are, and what to do. */
export type Refusal = 'utf16' | 'binary' | 'cr';
const REFUSED: Record<Refusal, string> = {
  utf16:
    'this file is UTF-16 text (as Windows PowerShell\'s `>` and `Out-File` write it), not the UTF-8 JSON lines transcripts are: nothing of it was stored. Convert it (`iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8 && mv FILE.utf8 FILE`; in PowerShell `Get-Content FILE | Set-Content -Encoding utf8 NEW`), then run the import again.',
  binary: 'this file holds binary data (control bytes no JSON line has) and no line of its start is a JSON object, as a transcript\'s are: nothing of it was stored. Check the path; a transcript is a `.jsonl` file of JSON lines.',
  cr: "this file ends its lines with a carriage return alone (classic Mac OS line ends, or an editor's conversion), not the newline JSON lines transcripts use: nothing of it was stored. Convert it (`tr '\\r' '\\n' < FILE > FILE.new && mv FILE.new FILE`), then run the import again.",
};

function refusal(fd: number, size: number): Refusal | undefined {
  return utf16(fd, size) ? 'utf16' : binaryHead(fd, size) ? 'binary' : crOnly(fd, size) ? 'cr' : undefined;
}

/** Why an import refuses the file at `path` whole, if it does (doctor names such files). */
export function refusedFile(path: string): Refusal | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    return refusal(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/** Whether the file opens as UTF-16 does: its byte-order mark, or `{` with a zero byte beside it. */
function utf16(fd: number, size: number): boolean {
  if (size < 2) return false;
  const b = Buffer.alloc(2);
  readSync(fd, b, 0, 2, 0);
  return (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff) || (b[0] === 0x7b && b[1] === 0) || (b[0] === 0 && b[1] === 0x7b);
}

/**
 * Whether the file is no text at all (an executable, an image, an archive): its first 4 KB hold
 * control bytes no JSON line has (zero bytes aside: a power loss leaves runs of them in a
 * transcript), and no line there opens with `{` or `[`. A transcript cut at its start, text in
 * another encoding, or a file a power loss zeroed is read as before (lines kept, counted).
 */
function binaryHead(fd: number, size: number): boolean {
  if (size === 0) return false;
  const b = Buffer.alloc(Math.min(size, 4096));
  const head = b.subarray(0, readSync(fd, b, 0, b.length, 0));
  if (!head.some((c) => (c >= 0x01 && c <= 0x08) || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f))) return false;
  let lineStart = true;
  for (const c of head) {
    if (c === 0x0a) lineStart = true;
    else if (lineStart && (c === 0x7b || c === 0x5b)) return false;
    // (Blanks, zero bytes and a byte order mark may come before a line's first character.)
    else if (lineStart && c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0 && c !== 0xef && c !== 0xbb && c !== 0xbf) lineStart = false;
  }
  return true;
}

/** Whether the file's first line ends in a carriage return alone right after a JSON object
 * (`}\r{`): a raw CR is no character JSON allows inside a string, so there it ends a line. */
function crOnly(fd: number, size: number): boolean {
  const b = Buffer.alloc(Math.min(size, CR_LOOK));
  const n = readSync(fd, b, 0, b.length, 0);
  const nl = b.subarray(0, n).indexOf(0x0a);
  const cr = b.subarray(0, nl < 0 ? n : nl).indexOf(0x0d);
  if (cr < 1 || cr + 1 >= n || b[cr + 1] === 0x0a) return false;
  let i = cr - 1;
  while (i > 0 && (b[i] === 0x20 || b[i] === 0x09)) i--;
  return b[i] === 0x7d;
}
const CR_LOOK = 64 << 10;

/**
 * The items of a whole-document transcript (TS-era Codex JSON) as lines; undefined for a file
 * read as lines. 'unfinished' for a document caught in the middle of a save (it opens with a `{`
 * line that is no whole JSON value, does not parse, and changed in the last ten minutes): it
 * waits, as a half-written last line does. One that stays broken is read as lines (kept sealed,
 * counted malformed).
 */
export function documentItems(ctx: FileCtx): string[] | 'unfinished' | undefined {
  if (!ctx.adapter.splitDocument || !isDocumentCandidate(ctx.path) || ctx.size > DOCUMENT_MAX) return undefined;
  const text = readFileSync(ctx.fd, 'utf8');
  const items = ctx.adapter.splitDocument(ctx.path, text);
  if (items || Date.now() - ctx.mtime > DOCUMENT_SETTLE_MS) return items;
  const first = withoutBom(text).split('\n', 1)[0]!.trim();
  return first.startsWith('{') && parseObject(first) === undefined ? 'unfinished' : undefined;
}

const DOCUMENT_SETTLE_MS = 10 * 60_000;

/** Where a line file's import starts: the checkpoint when the file still matches it, else byte 0
 * (with the secrets the transcript's stored lines taught the redactor). */
export function linePlan(ctx: FileCtx, cp: Checkpoint | undefined): { start: number; state: string | undefined; base: Checkpoint } {
  const resume = cp !== undefined && resumable(ctx, cp);
  if (cp && !resume) ctx.report.reset = true;
  if (resume) return { start: cp.offset, state: cp.state, base: cp };
  const base: Checkpoint = {
    path: ctx.path, provider: ctx.adapter.provider, stream_id: 0, size: 0, mtime_ms: 0, ino: ctx.ino, offset: 0, head_hash: '',
    tail_hash: '', glued_tail: 0, state: '{}', lines: 0, malformed: 0, unknown: 0, oversized: 0,
  };
  return { start: 0, state: readingBefore(ctx), base };
}

/** The saved state a read from the start begins with: what the transcript's stored lines taught
 * the redactor, if it was seen before. */
function readingBefore(ctx: FileCtx): string | undefined {
  // A transcript seen for the first time (the common case) has no stream yet.
  const stream = ctx.store.statement('SELECT id FROM streams WHERE provider = ? AND key = ?').get(ctx.adapter.provider, ctx.streamKey) as { id: number } | undefined;
  if (!stream) return undefined;
  const { memory, printedEver } = storedReading(ctx.store, stream.id);
  return freshWithMemory(memory, printedEver);
}

const isDocumentCandidate = (path: string): boolean => path.endsWith('.json');

export interface FileCtx {
  store: Store;
  adapter: SourceAdapter;
  path: string;
  fd: number;
  size: number;
  mtime: number;
  ino: number;
  streamKey: string;
  /** The stream's id, created on first use (inside a write transaction). */
  stream: () => number;
  tx: TxRunner;
  report: FileReport;
  opts: ImportFileOptions;
}

/** Whether the checkpoint still describes the bytes on disk (else the file was shrunk or replaced,
 * or rewritten in place: modified since, without a byte more, as an edit that keeps its size is,
 * which the fingerprints of its start and end cannot tell when it falls in between). */
function resumable(ctx: FileCtx, cp: Checkpoint): boolean {
  if (cp.ino !== ctx.ino || ctx.size < cp.offset) return false;
  if (ctx.size === cp.size && ctx.mtime !== cp.mtime_ms) return false;
  const fp = fingerprints(ctx.fd, cp.offset, ctx.store.idKey);
  return fp.head === cp.head_hash && fp.tail === cp.tail_hash;
}

/**
 * Whether the line starting at `offset` runs to the end of the file without a newline and is no
 * whole JSON value yet: a line still being written. Read without writing anything.
 */
function unfinishedTail(fd: number, offset: number, size: number): boolean {
  const buf = Buffer.allocUnsafe(1 << 20);
  // Most files end in a newline: one byte tells.
  if (size === 0 || (readSync(fd, buf, 0, 1, size - 1) === 1 && buf[0] === 0x0a)) return false;
  const skeleton = new SkeletonBuilder();
  for (let at = offset; at < size; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, size - at), at);
    if (n <= 0) break;
    const chunk = buf.subarray(0, n);
    if (chunk.includes(0x0a)) return false;
    skeleton.add(chunk);
    at += n;
  }
  return !skeleton.complete;
}

function importLines(ctx: FileCtx, cp: Checkpoint | undefined): void {
  const { adapter, path } = ctx;
  const { start, state, base } = linePlan(ctx, cp);
  const parser = openStreamParser(adapter, path, state);
  parser.memory.shareWith(storeMemory(ctx.store));
  const reader = new LineReader(ctx.fd, start, { maxLine: ctx.opts.maxLine, denseFrom: ctx.opts.denseFrom, chunkSize: chunkSizeFor(ctx.size - start) });
  let batch: PreparedLine[] = [];
  let batchBytes = 0;
  let big: { offset: number; part: number; hash: ReturnType<typeof createHash>; bytes: number; skeleton: SkeletonBuilder; json: boolean; first?: Buffer } | undefined;

  const committer = new FileCommitter(ctx, base, cp);
  const flush = (end: number, glued: number, final = false) => {
    committer.commit(batch, end, glued, JSON.stringify(parser.snapshot()), undefined, final);
    batch = [];
    batchBytes = 0;
  };

  for (const chunk of reader.lines()) {
    const read = chunk.bytes.length + (chunk.kind === 'line' || chunk.kind === 'big-end' ? 1 : 0);
    ctx.report.bytesRead += read;
    ctx.opts.onBytes?.(read);
    if (chunk.kind !== 'line') {
      // Oversized line: kept whole in sealed parts inside one transaction, indexed by its
      // skeleton (long strings cut; see skeleton.ts), or as a stub when it has none.
      if (chunk.kind === 'big-start') {
        if (batch.length) flush(chunk.offset, 0);
        // A last line still being written (no newline, no whole JSON yet) waits without its parts
        // being written and dropped on every import: it may be hundreds of MB (or no transcript).
        if (unfinishedTail(ctx.fd, chunk.offset, ctx.size)) {
          // (Read to the end of the file to tell.)
          const rest = ctx.size - chunk.offset - chunk.bytes.length;
          ctx.report.bytesRead += rest;
          ctx.opts.onBytes?.(rest);
          ctx.report.waiting = true;
          flush(chunk.offset, 0, true);
          return;
        }
        ctx.tx.flush();
        beginWrite(ctx.store);
        // Its session purged meanwhile: no part of it is written.
        const purged = purgedMeanwhile(ctx);
        if (purged) {
          ctx.store.db.exec('ROLLBACK');
          throw purged;
        }
        // (A line that does not open as a JSON object is no JSON line, however long: malformed, as a short one is.)
        const opens = chunk.bytes.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf);
        big = { offset: chunk.offset, part: 0, hash: createHash('sha256'), bytes: 0, skeleton: new SkeletonBuilder(), json: opens === undefined || opens === 0x7b, first: chunk.bytes };
      }
      if (!big) continue;
      big.hash.update(chunk.bytes);
      big.skeleton.add(chunk.bytes);
      big.bytes += chunk.bytes.length;
      writeBigPart(ctx.store, ctx.stream(), ctx.streamKey, big.offset, big.part++, chunk.bytes);
      if (chunk.kind === 'big-end') {
        const sha = big.hash.digest('hex');
        const placeholder = oversizedPlaceholder(big.bytes, sha, big.offset, big.skeleton.finish(), big.json);
        const line = parseStoredLine(parser, adapter.provider, ctx.streamKey, placeholder, big.offset, ctx.store.idKey);
        // (Read whole, a dense line: a store written before held it as a plain line.)
        if (big.part === 2 && big.first && big.first.length === big.bytes) {
          const plain = big.first.at(-1) === 0x0d ? big.first.subarray(0, -1) : big.first;
          line.plainH = lineHash(adapter.provider, ctx.streamKey, plain, ctx.store.idKey);
        }
        // (Held so, its parts are not kept: the batch passes over the line as stored.)
        if (line.plainH && ctx.store.statement('SELECT 1 FROM line_ids WHERE h = ?').get(line.plainH)) ctx.store.db.exec('ROLLBACK');
        else commitBigLine(ctx, line);
        batch.push(line);
        big = undefined;
        flush(chunk.end, 0);
      }
      continue;
    }
    if (isBlank(chunk.bytes)) continue;
    batch.push(parseStoredLine(parser, adapter.provider, ctx.streamKey, chunk.bytes, chunk.offset, ctx.store.idKey));
    batchBytes += chunk.bytes.length;
    if (batchBytes >= (ctx.opts.batchBytes ?? BATCH_BYTES) || batch.length >= BATCH_LINES) flush(chunk.end, 0);
  }
  if (big) {
    if (big.skeleton.complete) {
      // A whole JSON line with no newline yet: taken, as a short one is (see the tail below).
      const placeholder = oversizedPlaceholder(big.bytes, big.hash.digest('hex'), big.offset, big.skeleton.finish(), big.json);
      const line = parseStoredLine(parser, adapter.provider, ctx.streamKey, placeholder, big.offset, ctx.store.idKey);
      commitBigLine(ctx, line);
      batch.push(line);
      flush(big.offset + big.bytes, 1, true);
      return;
    }
    // The oversized line is still being written: drop its parts, it is read again next time.
    ctx.report.waiting = true;
    ctx.store.db.exec('ROLLBACK');
    flush(big.offset, 0, true);
    return;
  }
  const tail = reader.tail();
  let end = tail.offset;
  let glued = 0;
  // (A last line too dense to parse whole waits for its newline, and is then read as an oversized one.)
  if (tail.bytes.length > 0 && !isBlank(tail.bytes) && !denseLine(tail.bytes) && parseObject(tail.bytes.toString('utf8'))) {
    // A complete JSON object with no newline yet: take it. If the writer later adds the
    // '\n', the resumed read sees a blank line there and skips it.
    batch.push(parseStoredLine(parser, adapter.provider, ctx.streamKey, tail.bytes, tail.offset, ctx.store.idKey));
    end = tail.offset + tail.bytes.length;
    glued = 1;
    ctx.report.bytesRead += tail.bytes.length;
    ctx.opts.onBytes?.(tail.bytes.length);
  } else if (tail.bytes.length > 0 && !isBlank(tail.bytes)) ctx.report.waiting = true;
  flush(end, glued, true);
}

/**
 * Commits one file's batches in order: each batch's sealed lines, index rows and the new
 * checkpoint in one write, after checking nobody else advanced the file meanwhile.
 */
/** Checkpoint size while a file's read is not finished (no real file has it). */
const IN_PROGRESS = -1;

export class FileCommitter {
  private readonly ctx: FileCtx;
  private committed: Checkpoint;
  /** What the checkpoint row must still be when we commit. */
  private expected: Checkpoint | undefined;
  /** (Lines prepared by the import worker) how many of the values the store knows the worker had: those the store
   * learned after (from another file this thread read, or another importer) are redacted in each batch as it is written. */
  knownAt: number | undefined;
  /** The values this file's lines taught (chased when they were written; the worker knew them from then on). */
  private readonly taught = new Set<string>();

  constructor(ctx: FileCtx, base: Checkpoint, expected: Checkpoint | undefined) {
    this.ctx = ctx;
    this.committed = base;
    this.expected = expected;
  }

  /**
   * `final`: the read reached the end of the file. Only then does the checkpoint take the file's
   * size, which is what tells a later import that the file is done (else it resumes at `end`).
   */
  commit(lines: PreparedLine[], end: number, glued: number, state: string, presealed?: SealedSegment, final = false): void {
    const { ctx, committed } = this;
    const next: Checkpoint = {
      ...committed,
      stream_id: 0, size: final ? ctx.size : IN_PROGRESS, mtime_ms: ctx.mtime, ino: ctx.ino, offset: end, glued_tail: glued, state,
      lines: committed.lines + lines.length,
      malformed: committed.malformed + lines.filter((l) => l.malformed).length,
      unknown: committed.unknown + lines.filter((l) => l.unknown).length,
      oversized: committed.oversized + lines.filter((l) => l.oversized).length,
      ...hashes(ctx, end),
    };
    const bytes = lines.reduce((a, l) => a + l.bytes.length, 0);
    let conflict: Conflict | undefined;
    ctx.tx.run(bytes, () => {
      conflict = purgedMeanwhile(ctx, lines) ?? conflictWith(readCheckpoint(ctx.store, ctx.path), this.expected);
      if (conflict) return;
      next.stream_id = ctx.stream();
      const stored = writePreparedLines(ctx.store, ctx.adapter.provider, next.stream_id, ctx.streamKey, lines, presealed, () => memoryOf(state));
      if (this.knownAt !== undefined) {
        for (const l of lines) for (const [v] of l.learned ?? []) this.taught.add(v);
        redactLaterKnown(ctx.store, next.stream_id, knownSince(ctx.store, this.knownAt).values, this.taught);
      }
      writeCheckpoint(ctx.store, next);
      ctx.report.newLines += stored.lines;
      ctx.report.events += stored.events;
    });
    if (conflict) throw conflict;
    ctx.report.status = 'imported';
    ctx.report.lines += lines.length;
    ctx.report.malformed += next.malformed - committed.malformed;
    ctx.report.unknown += next.unknown - committed.unknown;
    ctx.report.oversized += next.oversized - committed.oversized;
    this.committed = next;
    this.expected = next;
  }
}

/** Commit an oversized line's parts, unless its lines show a purged session (then none is kept). */
function commitBigLine(ctx: FileCtx, line: PreparedLine): void {
  const purged = purgedMeanwhile(ctx, [line]);
  if (purged) {
    ctx.store.db.exec('ROLLBACK');
    // Remembered outside the rolled-back parts, so the next import skips the file unread.
    rememberPurgedStream(ctx.store, ctx.adapter.provider, ctx.streamKey);
    throw purged;
  }
  commitWrite(ctx.store);
}

function importDocument(ctx: FileCtx, cp: Checkpoint | undefined, items: string[]): void {
  const parser = openStreamParser(ctx.adapter, ctx.path, readingBefore(ctx));
  parser.memory.shareWith(storeMemory(ctx.store));
  const batch = items.map((item, i) => parseStoredLine(parser, ctx.adapter.provider, ctx.streamKey, Buffer.from(item), i, ctx.store.idKey));
  const next: Checkpoint = {
    path: ctx.path, provider: ctx.adapter.provider, stream_id: 0, size: ctx.size, mtime_ms: ctx.mtime, ino: ctx.ino,
    offset: ctx.size, glued_tail: 0, state: '{}', lines: batch.length,
    malformed: batch.filter((l) => l.malformed).length, unknown: batch.filter((l) => l.unknown).length, oversized: 0,
    ...hashes(ctx, ctx.size),
  };
  ctx.report.bytesRead += ctx.size;
  ctx.opts.onBytes?.(ctx.size);
  let conflict: Conflict | undefined;
  ctx.tx.run(ctx.size, () => {
    conflict = purgedMeanwhile(ctx, batch) ?? conflictWith(readCheckpoint(ctx.store, ctx.path), cp);
    if (conflict) return;
    next.stream_id = ctx.stream();
    const stored = writePreparedLines(ctx.store, ctx.adapter.provider, next.stream_id, ctx.streamKey, batch, undefined, () => parser.memory);
    writeCheckpoint(ctx.store, next);
    ctx.report.newLines += stored.lines;
    ctx.report.events += stored.events;
  });
  if (conflict) throw conflict;
  if (cp) ctx.report.reset = true;
  Object.assign(ctx.report, { status: 'imported', lines: batch.length, malformed: next.malformed, unknown: next.unknown });
}

function hashes(ctx: FileCtx, offset: number): { head_hash: string; tail_hash: string } {
  const fp = fingerprints(ctx.fd, offset, ctx.store.idKey);
  return { head_hash: fp.head, tail_hash: fp.tail };
}
