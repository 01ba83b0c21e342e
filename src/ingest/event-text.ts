// The whole redacted text of one event, derived on demand from its sealed raw line (the index
// keeps only a preview): decrypt, re-parse the line, redact it as the import did.
import { TracebaseError } from '../core/errors.ts';
import { adapterFor } from '../sources/index.ts';
import { type EventOut, findEvent, parseEventId } from '../store/queries.ts';
import { findLine, openSegment } from '../store/raw.ts';
import type { Store } from '../store/store.ts';
import { wholeText } from './prepare.ts';

export function eventFullText(store: Store, eventId: string): { event: EventOut; text: string | null } {
  const { h, n } = parseEventId(eventId);
  const event = findEvent(store, h, n);
  const loc = event && findLine(store, h);
  if (!event || !loc) throw new TracebaseError('RECORD_NOT_FOUND', `No event ${eventId} in this store.`, 'Find ids with `tracebase search`.');
  if (!event.truncated) return { event, text: event.text };
  const line = openSegment(store, loc.seg, loc.streamKey)[loc.n];
  const path = (store.db.prepare('SELECT path FROM streams WHERE id = ?').get(loc.seg.stream_id) as { path: string }).path;
  const parsed = line ? adapterFor(loc.provider).createParser(path).parseLine(line.bytes.toString('utf8'), line.offset) : undefined;
  const ev = parsed?.events[n];
  if (!ev || ev.kind !== event.kind) return { event, text: event.text };
  return { event, text: wholeText(ev) };
}
