// Prepared lines across a worker boundary. The worker joins each batch's lines with '\n' into one
// buffer as it reads them; that buffer is both the batch's segment plaintext (sealed in place)
// and what travels to the writer, transferred rather than copied, with the 12-byte identities
// in a second small buffer. Nothing else is allocated per line.
import type { PreparedLine } from './lines-to-index.ts';

export interface WireBatch {
  /** The lines joined by '\n' (possibly followed by unused capacity). */
  blob: ArrayBuffer;
  /** Per line, its 12-byte identity. */
  ids: ArrayBuffer;
  /** Per line, its byte length in `blob`. */
  lens: number[];
  meta: Omit<PreparedLine, 'bytes' | 'h'>[];
}

const H = 12;

/** A batch's lines joined by '\n' in one growable buffer of its own (never pooled, so transferable). */
export class JoinedLines {
  private readonly capacity: number;
  /** Allocated on the first line, so an empty batch (the end of a file) allocates nothing. */
  private buf: Buffer | undefined;
  private used = 0;
  private lines = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Copies `bytes` in; returns the copy, which stays valid after the batch is taken. */
  add(bytes: Buffer): Buffer {
    const at = this.lines === 0 ? 0 : this.used + 1;
    const need = at + bytes.length;
    if (!this.buf || need > this.buf.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(need, this.capacity, (this.buf?.length ?? 0) * 2));
      this.buf?.copy(grown, 0, 0, this.used);
      this.buf = grown;
    }
    if (at > 0) this.buf[this.used] = 0x0a;
    bytes.copy(this.buf, at);
    this.used = need;
    this.lines++;
    return this.buf.subarray(at, need);
  }

  /** The joined bytes so far. */
  joined(): Buffer {
    return this.buf ? this.buf.subarray(0, this.used) : Buffer.alloc(0);
  }

  /** Hands the buffer over (to be transferred); the next line starts a new one. */
  take(): ArrayBuffer {
    const taken = this.buf ? (this.buf.buffer as ArrayBuffer) : new ArrayBuffer(0);
    this.buf = undefined;
    this.used = 0;
    this.lines = 0;
    return taken;
  }
}

/** `lines` must be the lines added to `joined`, in order. */
export function toWire(lines: PreparedLine[], joined: JoinedLines): { batch: WireBatch; transfer: ArrayBuffer[] } {
  const ids = new Uint8Array(lines.length * H);
  const lens: number[] = [];
  const meta: WireBatch['meta'] = [];
  lines.forEach(({ bytes, h, ...rest }, i) => {
    ids.set(h.subarray(0, H), i * H);
    lens.push(bytes.length);
    meta.push(rest);
  });
  const blob = joined.take();
  return { batch: { blob, ids: ids.buffer, lens, meta }, transfer: [blob, ids.buffer] };
}

export function fromWire(w: WireBatch): PreparedLine[] {
  let at = 0;
  return w.meta.map((m, i) => {
    const len = w.lens[i]!;
    const bytes = Buffer.from(w.blob, at, len);
    const h = Buffer.from(w.ids, i * H, H);
    at += len + 1;
    return { ...m, bytes, h };
  });
}

/**
 * Frees a committed batch's buffers now rather than at some later garbage collection: they were
 * allocated by the worker's thread, and left to the collector they pile up there (measured:
 * tens of MB of peak memory). Nothing may use the batch's lines afterwards.
 */
export function releaseWire(w: WireBatch, sealed: Uint8Array | undefined): void {
  w.blob.transfer(0);
  w.ids.transfer(0);
  if (sealed && sealed.byteOffset === 0 && sealed.byteLength === sealed.buffer.byteLength) (sealed.buffer as ArrayBuffer).transfer(0);
}
