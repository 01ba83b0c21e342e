// Prepared lines across a worker boundary: the bytes of a whole batch travel as one transferred
// ArrayBuffer (a structured clone of per-line views would copy each view's whole backing buffer).
import type { PreparedLine } from './lines-to-index.ts';

export interface WireBatch {
  blob: ArrayBuffer;
  /** Per line: byte length in `blob`, then its 12-byte identity follows the line bytes. */
  lens: number[];
  meta: Omit<PreparedLine, 'bytes' | 'h'>[];
}

const H = 12;

export function toWire(lines: PreparedLine[]): { batch: WireBatch; transfer: ArrayBuffer[] } {
  const total = lines.reduce((a, l) => a + l.bytes.length + H, 0);
  const blob = new ArrayBuffer(total);
  const view = new Uint8Array(blob);
  let at = 0;
  const lens: number[] = [];
  const meta: WireBatch['meta'] = [];
  for (const { bytes, h, ...rest } of lines) {
    view.set(bytes, at);
    view.set(h.subarray(0, H), at + bytes.length);
    at += bytes.length + H;
    lens.push(bytes.length);
    meta.push(rest);
  }
  return { batch: { blob, lens, meta }, transfer: [blob] };
}

export function fromWire(w: WireBatch): PreparedLine[] {
  let at = 0;
  return w.meta.map((m, i) => {
    const len = w.lens[i]!;
    const bytes = Buffer.from(w.blob, at, len);
    const h = Buffer.from(w.blob, at + len, H);
    at += len + H;
    return { ...m, bytes, h };
  });
}
