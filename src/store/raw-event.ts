// The original line behind one event, decrypted: the explicit raw view (CLI `show`, and the
// HTTP raw-blob read when TRACEBASE_ALLOW_RAW_BLOB_API=1). Not redacted, by design.
import { TracebaseError } from '../core/errors.ts';
import { quoteRedacted } from '../redact/clip.ts';
import { findEvent, parseEventId } from './queries.ts';
import { findLine, lineHash, OVERSIZED_PREFIX, openSegment, readBigParts, storedLineIdentity } from './raw.ts';
import type { Store } from './store.ts';

/** Whether `bytes` is the line `h` names (also by the name a line ending in a carriage return had before 2026-11-26). */
function namedBy(store: Store, loc: { provider: string; streamKey: string }, bytes: Buffer, h: Buffer): boolean {
  const name = (b: Buffer) => lineHash(loc.provider, loc.streamKey, b, store.idKey);
  return name(storedLineIdentity(bytes).identity).equals(h) || (bytes.at(-1) === 0x0d && name(bytes).equals(h));
}

export function readRawEvent(store: Store, eventId: string): Buffer {
  return Buffer.concat([...rawEventChunks(store, eventId)]);
}

/** The original line in pieces (an oversized line comes back part by part, never whole in memory). */
export function* rawEventChunks(store: Store, eventId: string): Generator<Buffer> {
  const { h, n } = parseEventId(eventId);
  const loc = findLine(store, h);
  if (!loc || !findEvent(store, h, n)) {
    throw new TracebaseError('RECORD_NOT_FOUND', `No event ${quoteRedacted(eventId, 40)} in this store.`, 'Find ids with `tracebase search` or `tracebase recent` (or in the dashboard\'s session timeline).');
  }
  const line = openSegment(store, loc.seg, loc.streamKey)[loc.n];
  // The map from ids to sealed lines is no sealed record: a line there must be the one named.
  if (!line || !namedBy(store, loc, line.bytes, h)) {
    throw new TracebaseError(
      'RECORD_TAMPERED',
      `The store's map from event ids to sealed lines points ${quoteRedacted(eventId, 40)} at ${line ? 'another line' : 'no line'}: store.db was modified or damaged.`,
      'Run `tracebase index`, which builds that map again from the sealed records (`tracebase doctor` shows what else is affected).',
    );
  }
  const text = line.bytes.toString('utf8');
  if (!text.startsWith(OVERSIZED_PREFIX)) {
    yield line.bytes;
    return;
  }
  const offset = Number(/"offset":(\d+)/.exec(text)?.[1] ?? -1);
  yield* readBigParts(store, loc.seg.stream_id, loc.streamKey, offset);
}
