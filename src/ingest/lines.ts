// Streaming line reader over a file descriptor: bounded memory whatever the file or line size.
// Lines longer than `maxLine` are not materialized; their bytes are handed out in chunks.
import { readSync } from 'node:fs';

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
}

const NL = 0x0a;

/**
 * Reads complete lines from `start` to EOF. A trailing line without '\n' is returned by
 * `tail()` after iteration (the caller decides whether it is complete).
 */
export class LineReader {
  private readonly fd: number;
  private readonly chunkSize: number;
  private readonly maxLine: number;
  private pos: number;
  private buf: Buffer = Buffer.alloc(0);
  private bufStart: number;
  private eof = false;
  private bigRemaining = false;
  private bigOffset = 0;

  constructor(fd: number, start: number, opts: LineReaderOptions = {}) {
    this.fd = fd;
    this.pos = start;
    this.bufStart = start;
    this.chunkSize = opts.chunkSize ?? 1 << 20;
    this.maxLine = opts.maxLine ?? 32 << 20;
  }

  /** Bytes left over at EOF without a newline (a line still being written, or a last line with none). */
  tail(): { bytes: Buffer; offset: number } {
    return { bytes: this.buf, offset: this.bufStart };
  }

  private fill(): boolean {
    if (this.eof) return false;
    const chunk = Buffer.allocUnsafe(this.chunkSize);
    const n = readSync(this.fd, chunk, 0, this.chunkSize, this.pos);
    if (n === 0) {
      this.eof = true;
      return false;
    }
    this.pos += n;
    this.buf = this.buf.length === 0 ? chunk.subarray(0, n) : Buffer.concat([this.buf, chunk.subarray(0, n)]);
    return true;
  }

  *lines(): Generator<LineChunk> {
    let scanFrom = 0;
    for (;;) {
      if (this.bigRemaining) {
        // Streaming the rest of an oversized line until its newline.
        const nl = this.buf.indexOf(NL);
        if (nl >= 0) {
          const part = this.buf.subarray(0, nl);
          const end = this.bufStart + nl + 1;
          this.buf = this.buf.subarray(nl + 1);
          this.bufStart = end;
          this.bigRemaining = false;
          scanFrom = 0;
          yield { kind: 'big-end', bytes: part, offset: this.bigOffset, end };
          continue;
        }
        if (this.buf.length > 0) {
          const part = this.buf;
          this.bufStart += part.length;
          this.buf = Buffer.alloc(0);
          yield { kind: 'big-part', bytes: part, offset: this.bigOffset, end: this.bufStart };
        }
        if (!this.fill()) return; // oversized line still being written: caller sees an incomplete big line
        continue;
      }
      const nl = this.buf.indexOf(NL, scanFrom);
      if (nl >= 0) {
        const line = this.buf.subarray(0, nl);
        const offset = this.bufStart;
        const end = offset + nl + 1;
        this.buf = this.buf.subarray(nl + 1);
        this.bufStart = end;
        scanFrom = 0;
        yield { kind: 'line', bytes: line, offset, end };
        continue;
      }
      if (this.buf.length >= this.maxLine) {
        this.bigRemaining = true;
        this.bigOffset = this.bufStart;
        const part = this.buf;
        this.bufStart += part.length;
        this.buf = Buffer.alloc(0);
        scanFrom = 0;
        yield { kind: 'big-start', bytes: part, offset: this.bigOffset, end: this.bufStart };
        continue;
      }
      scanFrom = this.buf.length;
      if (!this.fill()) return;
    }
  }
}
