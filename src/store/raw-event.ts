// The original line behind one event, decrypted: the explicit raw view (CLI `show`, and the
// HTTP raw-blob read when TRACEBASE_ALLOW_RAW_BLOB_API=1). Not redacted, by design.
import { TracebaseError } from '../core/errors.ts';
import { quoteRedacted } from '../redact/clip.ts';
import { findEvent, parseEventId } from './queries.ts';
import { findLine, OVERSIZED_PREFIX, openSegment, readBigParts } from './raw.ts';
import type { Store } from './store.ts';

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
  if (!line) throw new TracebaseError('RECORD_TAMPERED', 'The sealed segment does not hold the expected line.', 'Run `tracebase doctor`.');
  const text = line.bytes.toString('utf8');
  if (!text.startsWith(OVERSIZED_PREFIX)) {
    yield line.bytes;
    return;
  }
  const offset = Number(/"offset":(\d+)/.exec(text)?.[1] ?? -1);
  yield* readBigParts(store, loc.seg.stream_id, loc.streamKey, offset);
}
