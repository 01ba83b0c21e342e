// Prepared lines across a worker boundary. The worker joins each batch's lines with '\n' into one
// buffer as it reads them; that buffer is both the batch's segment plaintext (sealed in place)
// and what travels to the writer, transferred rather than copied, with the 12-byte identities
// in a second small buffer. Nothing else is allocated per line.
import { withoutPictographs } from '../core/words.ts';
import type { PreparedLine } from './lines-to-index.ts';

export interface WireBatch {
  /** The lines joined by '\n' (possibly followed by unused capacity). */
  blob: ArrayBuffer;
  /** Per line, its 12-byte identity. */
  ids: ArrayBuffer;
  /** Per line, its byte length in `blob`. */
  lens: number[];
  /** The events' searchable texts, UTF-8, one after another: the writer hands them to the
   * full-text index as they are (as strings they would be copied by postMessage, then
   * converted to UTF-8 again by SQLite, on the thread that is the import's bottleneck). */
  texts: ArrayBuffer;
  /** Per event with a searchable text (in line, then event order), its byte length in `texts`. */
  textLens: number[];
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
  // (The words the index takes: emoji are blanks to it, as IndexWriter makes them of a string.)
  const words: string[] = [];
  let textBytes = 0;
  for (const l of lines) {
    for (const e of l.events) {
      if (!asBytes(e)) continue;
      const w = withoutPictographs(e.searchText!);
      words.push(w);
      textBytes += Buffer.byteLength(w);
    }
  }
  const texts = Buffer.allocUnsafeSlow(textBytes);
  let next = 0;
  const textLens: number[] = [];
  let at = 0;
  lines.forEach(({ bytes, h, ...rest }, i) => {
    ids.set(h.subarray(0, H), i * H);
    lens.push(bytes.length);
    const events = rest.events.map((e) => {
      if (!asBytes(e)) return e;
      const n = texts.write(words[next++]!, at);
      at += n;
      textLens.push(n);
      return { ...e, searchText: null, searchBytes: EMPTY };
    });
    meta.push({ ...rest, events });
  });
  const blob = joined.take();
  const textBuf = texts.buffer as ArrayBuffer;
  return { batch: { blob, ids: ids.buffer, lens, texts: textBuf, textLens, meta }, transfer: [blob, ids.buffer, textBuf] };
}

/** Prompts keep their text as a string: the session title is cut from it exactly as in the
 * synchronous path (a lone surrogate at the cut is dropped there, U+FFFD once encoded). */
const asBytes = (e: PreparedLine['events'][number]): boolean => !!e.searchText && e.kind !== 'user_prompt';

/** Marks an event whose searchable text travels in `texts` (structured clone keeps it a Uint8Array). */
const EMPTY = new Uint8Array(0);

export function fromWire(w: WireBatch): PreparedLine[] {
  let at = 0;
  let t = 0;
  let ti = 0;
  return w.meta.map((m, i) => {
    const len = w.lens[i]!;
    const bytes = Buffer.from(w.blob, at, len);
    const h = Buffer.from(w.ids, i * H, H);
    at += len + 1;
    for (const e of m.events) {
      if (!e.searchBytes) continue;
      const n = w.textLens[ti++]!;
      e.searchBytes = new Uint8Array(w.texts, t, n);
      t += n;
    }
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
  w.texts.transfer(0);
  if (sealed && sealed.byteOffset === 0 && sealed.byteLength === sealed.buffer.byteLength) (sealed.buffer as ArrayBuffer).transfer(0);
}
