// Streaming line reader over a file descriptor: bounded memory whatever the file or line size.
// Lines longer than `maxLine` are not materialized; their bytes are handed out in chunks.
import { constants, readSync } from 'node:fs';

/**
 * How a transcript is opened: never waiting. A named pipe put where a transcript was listed
 * (`mkfifo`) would block the open until a writer came, deaf to Ctrl-C; the caller then finds it
 * is no regular file. Reads of a regular file are the same either way.
 */
export const READ_NO_WAIT = constants.O_RDONLY | constants.O_NONBLOCK;

export interface LineChunk {
  /** A complete line (without '\n'), or one piece of an oversized line. */
  kind: 'line' | 'big-start' | 'big-part' | 'big-end';
  bytes: Buffer;
  /** Byte offset of the line start in the file. */
  offset: number;
  /** Byte offset just past the line's '\n' (or past the bytes consumed). */
  end: number;
}

export interface LineReaderOptions {
  chunkSize?: number;
  maxLine?: number;
  /** Lines from this length on are looked at for density (default 1 MB). */
  denseFrom?: number;
  /** Read every chunk into one buffer: yielded bytes are then valid only until the next step
   * (the caller copies what it keeps), and the reader allocates nothing per chunk. */
  reuseChunk?: boolean;
}

const NL = 0x0a;
/** Read size for a file with `remaining` bytes to read: its whole rest up to 1 MB, at least 4 KB. A
 * 1 MB buffer for every small transcript (and a batch buffer as big in the worker) left that
 * much garbage per file: with 100,000 small sessions the collector let it pile up (tens of MB)
 * and freed memory was not given back whole. (A file that grows meanwhile is read on, in more reads.) */
export const chunkSizeFor = (remaining: number): number => Math.min(1 << 20, Math.max(1 << 12, remaining + 1));
/** Lines longer than this are oversized: kept whole in sealed parts, indexed as a stub. */
export const DEFAULT_MAX_LINE = 32 << 20;
/** A line from 1 MB on holding more objects and arrays than this is oversized too, whatever its length: parsed whole,
 * each empty object costs ~110 bytes of heap (a 31 MB line of 10 million `{}` took 1.1 GB; a robustness hunt saw the
 * import die out of memory under a smaller heap). 250,000 are ~30 MB. */
const DENSE_FROM = 1 << 20;
export const DENSE_MAX = 250_000;

/** A line too dense to parse whole (see DENSE_MAX). */
export const denseLine = (b: Uint8Array): boolean => b.length >= DENSE_FROM && tooDense(b);

/** Whether `b` opens more than `max` objects and arrays (outside strings). */
export function tooDense(b: Uint8Array, max = DENSE_MAX): boolean {
  let n = 0;
  let inString = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if ((c === 0x7b || c === 0x5b) && ++n > max) return true;
  }
  return false;
}

/**
 * Reads complete lines from `start` to EOF. A trailing line without '\n' is returned by
 * `tail()` after iteration (the caller decides whether it is complete).
 */
export class LineReader {
  private readonly fd: number;
  private readonly chunkSize: number;
  private readonly maxLine: number;
  private readonly denseFrom: number;
  private pos: number;
  /** Pieces of the line being assembled (kept apart so a long line is copied once, not per chunk). */
  private parts: Buffer[] = [];
  private partsLen = 0;
  private lineStart: number;
  private readonly shared: Buffer | undefined;

  constructor(fd: number, start: number, opts: LineReaderOptions = {}) {
    this.fd = fd;
    this.pos = start;
    this.lineStart = start;
    this.chunkSize = opts.chunkSize ?? 1 << 20;
    this.maxLine = opts.maxLine ?? DEFAULT_MAX_LINE;
    this.denseFrom = opts.denseFrom ?? DENSE_FROM;
    this.shared = opts.reuseChunk ? Buffer.allocUnsafe(this.chunkSize) : undefined;
  }

  /** Bytes left over at EOF without a newline (a line still being written, or a last line with none). */
  tail(): { bytes: Buffer; offset: number } {
    return { bytes: Buffer.concat(this.parts), offset: this.lineStart };
  }

  private read(): Buffer | undefined {
    const chunk = this.shared ?? Buffer.allocUnsafe(this.chunkSize);
    const n = readSync(this.fd, chunk, 0, this.chunkSize, this.pos);
    if (n === 0) return undefined;
    this.pos += n;
    return chunk.subarray(0, n);
  }

  *lines(): Generator<LineChunk> {
    let big = false;
    for (let chunk = this.read(); chunk; chunk = this.read()) {
      let at = 0;
      for (;;) {
        const nl = chunk.indexOf(NL, at);
        if (nl < 0) break;
        const piece = chunk.subarray(at, nl);
        const end = this.lineStart + this.partsLen + piece.length + 1;
        if (big) {
          yield { kind: 'big-end', bytes: piece, offset: this.lineStart, end };
          big = false;
        } else {
          const bytes = this.partsLen === 0 ? piece : Buffer.concat([...this.parts, piece]);
          if (bytes.length >= this.denseFrom && tooDense(bytes)) {
            yield { kind: 'big-start', bytes, offset: this.lineStart, end: end - 1 };
            yield { kind: 'big-end', bytes: bytes.subarray(bytes.length), offset: this.lineStart, end };
          } else yield { kind: 'line', bytes, offset: this.lineStart, end };
        }
        this.parts = [];
        this.partsLen = 0;
        this.lineStart = end;
        at = nl + 1;
      }
      const rest = chunk.subarray(at);
      if (rest.length === 0) continue;
      if (big) {
        // Streaming the middle of an oversized line: hand it out, keep nothing.
        this.partsLen += rest.length;
        yield { kind: 'big-part', bytes: rest, offset: this.lineStart, end: this.lineStart + this.partsLen };
        continue;
      }
      // A shared chunk is overwritten by the next read: keep a copy of the line's start.
      this.parts.push(this.shared ? Buffer.from(rest) : rest);
      this.partsLen += rest.length;
      if (this.partsLen >= this.maxLine) {
        // Handed out as the pieces already read (never joined: that would double the peak).
        big = true;
        const pieces = this.parts;
        this.parts = [];
        let at = this.lineStart;
        for (const [i, piece] of pieces.entries()) {
          at += piece.length;
          yield { kind: i === 0 ? 'big-start' : 'big-part', bytes: piece, offset: this.lineStart, end: at };
        }
      }
    }
  }
}

/** Whitespace only: skipped, never stored. */
export function isBlank(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}
