// The whole redacted text of one event, derived on demand from its sealed raw line (the index
// keeps only a preview): decrypt, re-parse the line, redact it as the import did. That includes
// the secrets the import had found earlier in the transcript (SecretMemory): when the transcript
// has any, its lines before the event are read again to rebuild that memory, from the nearest
// segment whose starting state this store handle has already seen.
import { isTracebaseError, TracebaseError } from '../core/errors.ts';
import type { Provider } from '../core/types.ts';
import { adapterFor } from '../sources/index.ts';
import { type EventOut, findEvent, parseEventId } from '../store/queries.ts';
import { findLine, openSegment, type SegmentRow } from '../store/raw.ts';
import type { Store } from '../store/store.ts';
import { readCheckpoint } from './checkpoint.ts';
import { lineText, parseStoredLine } from './lines-to-index.ts';
import { prepareEvent, wholeText } from './prepare.ts';
import { storeMemory } from '../store/known-secrets.ts';
import { openStreamParser, remembersNothing, type StreamParser, storedMemory } from './stream-parser.ts';

/** `truncated`: the text is still not whole (a line over 32 MB is read from its skeleton, whose
 * long strings are cut; `show` prints the line itself). */
export function eventFullText(store: Store, eventId: string): { event: EventOut; text: string | null; truncated: boolean } {
  const { h, n } = parseEventId(eventId);
  const event = findEvent(store, h, n);
  const loc = event && findLine(store, h);
  if (!event || !loc) throw new TracebaseError('RECORD_NOT_FOUND', `No event ${eventId} in this store.`, 'Find ids with `tracebase search`.');
  if (!event.truncated) return { event, text: event.text, truncated: false };
  const path = (store.db.prepare('SELECT path FROM streams WHERE id = ?').get(loc.seg.stream_id) as { path: string }).path;
  const replay = !forgetful(store, loc.seg.stream_id);
  const parser = replay ? parserAt(store, loc.seg, loc.provider, loc.streamKey, path) : openStreamParser(adapterFor(loc.provider), path);
  const lines = openSegment(store, loc.seg, loc.streamKey);
  if (replay) for (const l of lines.slice(0, loc.n)) parseStoredLine(parser, loc.provider, loc.streamKey, l.bytes, l.offset, store.idKey);
  const line = lines[loc.n];
  const read = line ? lineText(line.bytes) : undefined;
  const parsed = line && read ? parser.parseLine(read.text, line.offset, read.size) : undefined;
  const ev = parsed?.events[n];
  if (!ev || ev.kind !== event.kind) return { event, text: event.text, truncated: true };
  // The events before it on its line were redacted first, and taught the memory what they held.
  if (replay) {
    for (const before of parsed.events.slice(0, n)) {
      parser.learn(before);
      prepareEvent(before, {}, parser.memory);
    }
    parser.learn(ev);
  }
  // With what the transcript taught the memory later too, as the index redacts an event once a
  // later line shows a secret it holds (late-secrets.ts).
  // And what every transcript taught the store (store/known-secrets.ts).
  const memory = (replay ? parser.memory.clone() : parser.memory).shareWith(storeMemory(store, true));
  if (replay) memory.merge(storedMemory(store, loc.seg.stream_id));
  return { event, text: wholeText(ev, memory), truncated: read?.oversized === true };
}

/** Whether every checkpoint of the stream shows an empty memory: then no line of it needs one. */
function forgetful(store: Store, streamId: number): boolean {
  const paths = store.db.prepare('SELECT path FROM sources WHERE stream_id = ?').all(streamId) as { path: string }[];
  return paths.length > 0 && paths.every(({ path }) => {
    const cp = readCheckpoint(store, path);
    return cp !== undefined && remembersNothing(cp.state);
  });
}

interface Version {
  n: number;
  last: number | null;
  uid: string | null;
}

/** Saved reading states at segment starts, by stream then segment, per open store (a few streams). */
const starts = new WeakMap<Store, Map<number, { version: Version; saved: Map<number, string> }>>();
const STREAMS_KEPT = 8;

/** Changes whenever the stream's segments do (an import appends, a purge deletes): saved starts
 * are kept only for the segments they were read from. */
function streamVersion(store: Store, streamId: number): Version {
  return store.db
    .prepare('SELECT n, last, (SELECT hex(uid) FROM segments WHERE id = last) AS uid FROM (SELECT count(*) AS n, max(id) AS last FROM segments WHERE stream_id = ?)')
    .get(streamId) as unknown as Version;
}

/** Whether the stream's segments are those of `was` with more appended after them (an import's
 * next batch): the states saved at their starts still hold. */
function onlyAppended(store: Store, streamId: number, was: Version, now: Version): boolean {
  if (was.n === now.n && was.last === now.last && was.uid === now.uid) return true;
  if (was.last === null || now.n <= was.n) return false;
  const r = store.db
    .prepare('SELECT (SELECT hex(uid) FROM segments WHERE id = ?1) AS uid, (SELECT count(*) FROM segments WHERE stream_id = ?2 AND id <= ?1) AS n')
    .get(was.last, streamId) as { uid: string | null; n: number };
  return r.uid === was.uid && r.n === was.n;
}

/** The stream's parser and memory as they were at the start of `seg`, by reading its earlier segments again. */
export function parserAt(store: Store, seg: SegmentRow, provider: Provider, streamKey: string, path: string): StreamParser {
  const byStream = starts.get(store) ?? new Map<number, { version: Version; saved: Map<number, string> }>();
  starts.set(store, byStream);
  const version = streamVersion(store, seg.stream_id);
  let entry = byStream.get(seg.stream_id);
  if (!entry || !onlyAppended(store, seg.stream_id, entry.version, version)) entry = { version, saved: new Map() };
  entry.version = version;
  // Most recently used last; the least recently used stream is dropped past the limit.
  byStream.delete(seg.stream_id);
  byStream.set(seg.stream_id, entry);
  if (byStream.size > STREAMS_KEPT) byStream.delete(byStream.keys().next().value!);
  const saved = entry.saved;
  const hit = saved.get(seg.id);
  const adapter = adapterFor(provider);
  if (hit !== undefined) return openStreamParser(adapter, path, hit);
  // Resume from the latest saved start before this segment, or from the stream's beginning.
  let from = -1;
  for (const id of saved.keys()) if (id < seg.id && id > from) from = id;
  const parser = openStreamParser(adapter, path, from < 0 ? undefined : saved.get(from));
  const earlier = store.db
    .prepare('SELECT * FROM segments WHERE stream_id = ? AND id >= ? AND id < ? ORDER BY id')
    .iterate(seg.stream_id, Math.max(from, 0), seg.id) as Iterable<SegmentRow>;
  for (const s of earlier) {
    saved.set(s.id, JSON.stringify(parser.snapshot()));
    let lines: ReturnType<typeof openSegment>;
    try {
      lines = openSegment(store, s, streamKey);
    } catch (e) {
      // Without it, a secret it taught the import could show: no whole text rather than an unsafe one.
      if (isTracebaseError(e) && e.code === 'RECORD_TAMPERED') {
        throw new TracebaseError(
          'RECORD_TAMPERED',
          'An earlier record of this transcript fails authentication, so the whole text of this event cannot be derived safely.',
          'Run `tracebase doctor` to see what is damaged. The preview in lists and search is unaffected.',
        );
      }
      throw e;
    }
    for (const l of lines) parseStoredLine(parser, provider, streamKey, l.bytes, l.offset, store.idKey);
  }
  saved.set(seg.id, JSON.stringify(parser.snapshot()));
  if (saved.size > STARTS_KEPT) thin(saved);
  return parser;
}

/** Saved starts kept per stream: past it every other one goes (the latest stays), so a long
 * stream's reading states cost bounded memory (a long-running `serve`, an import finding late
 * secrets in a transcript of thousands of segments), and a read again is at most twice as long. */
const STARTS_KEPT = 64;

function thin(saved: Map<number, string>): void {
  const ids = [...saved.keys()].sort((a, b) => a - b);
  for (let i = ids.length - 2; i >= 0; i -= 2) saved.delete(ids[i]!);
}
