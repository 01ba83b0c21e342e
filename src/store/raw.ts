// The raw half of the store: streams, sealed segments of original lines, line identities.
import { createHash, createHmac, randomBytes, type KeyObject } from 'node:crypto';
import type { Provider } from '../core/types.ts';
import { TracebaseError } from '../core/errors.ts';
import type { Sealer } from './crypto.ts';
import type { Store } from './store.ts';

/** Identity of a line: provider, stream and exact bytes. 96 bits. */
export function lineHash(provider: string, streamKey: string, line: Buffer, idKey: KeyObject | undefined): Buffer {
  const h = idKey ? createHmac('sha256', idKey) : createHash('sha256');
  return h.update(provider).update('\0').update(streamKey).update('\0').update(line).digest().subarray(0, 12);
}

export function upsertStream(store: Store, provider: Provider, key: string, path: string): number {
  const db = store.db;
  const row = db.prepare('SELECT id FROM streams WHERE provider = ? AND key = ?').get(provider, key) as { id: number } | undefined;
  if (row) {
    db.prepare('UPDATE streams SET path = ? WHERE id = ? AND path <> ?').run(path, row.id, path);
    return row.id;
  }
  return Number(db.prepare('INSERT INTO streams (provider, key, path) VALUES (?, ?, ?)').run(provider, key, path).lastInsertRowid);
}

function segmentAad(uid: Uint8Array, streamKey: string, firstOffset: number, jumps: string | null = null): Buffer {
  const off = Buffer.alloc(8);
  off.writeBigUInt64BE(BigInt(firstOffset));
  return Buffer.concat([Buffer.from('seg\0'), uid, off, Buffer.from(streamKey), Buffer.from(`\0${jumps ?? ''}`)]);
}

/** Whether `sealer` opens a segment (its key is the one it was sealed with, and it is intact). */
export function segmentOpens(sealer: Sealer, seg: SegmentRow, streamKey: string): boolean {
  try {
    sealer.open(segmentAad(seg.uid, streamKey, seg.first_offset, seg.jumps), Buffer.from(seg.sealed));
    return true;
  } catch {
    return false;
  }
}

export interface RawLine {
  bytes: Buffer;
  offset: number;
}

export interface SealedSegment {
  uid: Uint8Array;
  firstOffset: number;
  lines: number;
  jumps: string | null;
  sealed: Uint8Array;
}

/** Seal and store lines of one stream; returns the segment id. Lines must not contain '\n'. */
export function writeSegment(store: Store, streamId: number, streamKey: string, lines: RawLine[]): number {
  return insertSegment(store, streamId, sealSegment(store.sealer, streamKey, lines));
}

export function insertSegment(store: Store, streamId: number, s: SealedSegment): number {
  const r = store
    .statement('INSERT INTO segments (stream_id, uid, first_offset, lines, jumps, sealed) VALUES (?, ?, ?, ?, ?, ?)')
    .run(streamId, s.uid, s.firstOffset, s.lines, s.jumps, s.sealed);
  return Number(r.lastInsertRowid);
}

/** Compress and encrypt lines into a segment (pure: the import worker seals ahead of the writer). */
export function sealSegment(sealer: Sealer, streamKey: string, lines: RawLine[]): SealedSegment {
  const plain = Buffer.concat(lines.flatMap((l, i) => (i === 0 ? [l.bytes] : [NL_BUF, l.bytes])));
  return sealJoined(sealer, streamKey, lines, plain);
}

/** The same, for lines already joined by '\n' into `plain` (in order, without a final '\n'). */
export function sealJoined(sealer: Sealer, streamKey: string, lines: readonly { offset: number; bytes: { length: number } }[], plain: Buffer): SealedSegment {
  const uid = randomBytes(16);
  const firstOffset = lines[0]?.offset ?? 0;
  const jumps: Record<number, number> = {};
  let expect = firstOffset;
  let any = false;
  lines.forEach((l, i) => {
    if (l.offset !== expect) {
      jumps[i] = l.offset;
      any = true;
    }
    expect = l.offset + l.bytes.length + 1;
  });
  const jumpText = any ? JSON.stringify(jumps) : null;
  const sealed = sealer.seal(segmentAad(uid, streamKey, firstOffset, jumpText), plain);
  return { uid, firstOffset, lines: lines.length, jumps: jumpText, sealed };
}

const NL_BUF = Buffer.from('\n');

export interface SegmentRow {
  id: number;
  stream_id: number;
  uid: Uint8Array;
  first_offset: number;
  lines: number;
  jumps: string | null;
  sealed: Uint8Array;
}

/** Decrypt a segment into its lines. Throws RECORD_TAMPERED when it fails authentication. */
export function openSegment(store: Store, seg: SegmentRow, streamKey: string): RawLine[] {
  const plain = store.sealer.open(segmentAad(seg.uid, streamKey, seg.first_offset, seg.jumps), Buffer.from(seg.sealed));
  const jumps = seg.jumps ? (JSON.parse(seg.jumps) as Record<string, number>) : {};
  const out: RawLine[] = [];
  let start = 0;
  let offset = seg.first_offset;
  for (;;) {
    const nl = plain.indexOf(0x0a, start);
    const bytes = nl < 0 ? plain.subarray(start) : plain.subarray(start, nl);
    offset = jumps[out.length] ?? offset;
    out.push({ bytes, offset });
    offset += bytes.length + 1;
    if (nl < 0) break;
    start = nl + 1;
  }
  if (out.length !== seg.lines) {
    throw new TracebaseError('RECORD_TAMPERED', `Segment ${seg.id} holds ${out.length} lines where ${seg.lines} were written.`, 'Run `tracebase doctor`.');
  }
  return out;
}

/** Locate the raw line behind an event id prefix (hex of the line hash). */
export function findLine(store: Store, h: Buffer): { seg: SegmentRow; n: number; streamKey: string; provider: Provider } | undefined {
  const loc = store.db.prepare('SELECT seg, n FROM line_ids WHERE h = ?').get(h) as { seg: number; n: number } | undefined;
  if (!loc) return undefined;
  const seg = store.db.prepare('SELECT * FROM segments WHERE id = ?').get(loc.seg) as SegmentRow | undefined;
  if (!seg) return undefined;
  const stream = store.db.prepare('SELECT key, provider FROM streams WHERE id = ?').get(seg.stream_id) as { key: string; provider: Provider };
  return { seg, n: loc.n, streamKey: stream.key, provider: stream.provider };
}

// Oversized lines (over the reader's line limit) are kept whole but in sealed parts.
export const OVERSIZED_PREFIX = '{"tracebase_oversized_line":';

/**
 * The bytes a stored line is named by (its identity, hashed by lineHash): the line without a
 * carriage return before its newline; an oversized line's placeholder without its skeleton (as
 * before skeletons). `skeleton` is the parsed skeleton, when the line is a placeholder with one.
 */
export function storedLineIdentity(bytes: Buffer): { identity: Buffer; placeholder?: Record<string, unknown>; skeleton?: object } {
  if (!bytes.toString('latin1', 0, Math.min(bytes.length, OVERSIZED_PREFIX.length)).startsWith(OVERSIZED_PREFIX)) {
    return { identity: bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes };
  }
  let o: Record<string, unknown> | undefined;
  try {
    const v = JSON.parse(bytes.toString('utf8')) as Record<string, unknown> | null;
    o = v && typeof v === 'object' ? (v['tracebase_oversized_line'] as Record<string, unknown> | undefined) : undefined;
  } catch {
    o = undefined;
  }
  const sk = o?.['skeleton'];
  if (!o) return { identity: bytes };
  // (Named by its size, hash and offset alone: what else the placeholder says is no part of its identity.)
  if (!sk || typeof sk !== 'object') return { identity: oversizedPlaceholder(Number(o['bytes']), String(o['sha256']), Number(o['offset'])), placeholder: o };
  return { identity: oversizedPlaceholder(Number(o['bytes']), String(o['sha256']), Number(o['offset'])), placeholder: o, skeleton: sk };
}

/** What is stored in a segment for an oversized line (kept whole in `big_parts`): its size,
 * hash and offset, and its skeleton (the line with long strings cut) when it has one, or that it is no JSON. */
export function oversizedPlaceholder(bytes: number, sha256: string, offset: number, skeleton?: Record<string, unknown>, json = true): Buffer {
  const sk = skeleton ? `,"skeleton":${JSON.stringify(skeleton)}` : json ? '' : ',"json":false';
  return Buffer.from(`${OVERSIZED_PREFIX}{"bytes":${bytes},"sha256":"${sha256}","offset":${offset}${sk}}}`);
}

export function writeBigPart(store: Store, streamId: number, streamKey: string, offset: number, part: number, bytes: Buffer): void {
  const uid = randomBytes(16);
  const aad = Buffer.concat([Buffer.from(`big\0${part}\0`), segmentAad(uid, streamKey, offset)]);
  store.db
    .prepare('INSERT OR REPLACE INTO big_parts (stream_id, offset, part, uid, sealed) VALUES (?, ?, ?, ?, ?)')
    .run(streamId, offset, part, uid, store.sealer.seal(aad, bytes));
}

export function readBigParts(store: Store, streamId: number, streamKey: string, offset: number): Generator<Buffer> {
  const rows = store.db
    .prepare('SELECT part, uid, sealed FROM big_parts WHERE stream_id = ? AND offset = ? ORDER BY part')
    .iterate(streamId, offset) as Iterable<{ part: number; uid: Uint8Array; sealed: Uint8Array }>;
  return (function* () {
    for (const r of rows) {
      const aad = Buffer.concat([Buffer.from(`big\0${r.part}\0`), segmentAad(r.uid, streamKey, offset)]);
      yield store.sealer.open(aad, Buffer.from(r.sealed));
    }
  })();
}

const OVERSIZED = Buffer.from(OVERSIZED_PREFIX);
const PLACEHOLDER_HEAD = /^\{"tracebase_oversized_line":\{"bytes":(\d+),"sha256":"([0-9a-f]{64})","offset":(\d+)/;

/**
 * Whether the sealed parts of the oversized line a placeholder stands for are all there and
 * intact: each authenticates, and together they are the line it names (size and SHA-256).
 * True for a line that is not a placeholder.
 */
export function bigLineIntact(store: Store, streamId: number, streamKey: string, line: Uint8Array): boolean {
  if (line.byteLength < OVERSIZED.length || !OVERSIZED.equals(line.subarray(0, OVERSIZED.length))) return true;
  const head = Buffer.from(line.buffer, line.byteOffset, Math.min(line.byteLength, 200)).toString('latin1');
  const m = PLACEHOLDER_HEAD.exec(head);
  if (!m) return false;
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for (const part of readBigParts(store, streamId, streamKey, Number(m[3]))) {
      hash.update(part);
      bytes += part.length;
    }
  } catch {
    return false;
  }
  return bytes === Number(m[1]) && hash.digest('hex') === m[2];
}
