// One line's way from bytes to rows, shared by import and by `tracebase index` (rebuild):
// parse + redact outside the write lock, then store sealed raw + index rows inside it.
import type { KeyObject } from 'node:crypto';
import type { Provider } from '../core/types.ts';
import { IndexWriter } from '../store/indexer.ts';
import { insertSegment, lineHash, OVERSIZED_PREFIX, type SealedSegment, storedLineIdentity, writeSegment } from '../store/raw.ts';
import { FLAG } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { type Counts, type EventRow, prepareEvent, prepareSession, type SessionRow } from './prepare.ts';
import { SecretMemory } from '../redact/memory.ts';
import { redactEarlierCopies } from './late-secrets.ts';
import { safeCallId, safeKey, safeSessionId } from './safe-names.ts';
import { othersKept } from '../store/known-secrets.ts';
import type { StreamParser } from './stream-parser.ts';

export interface PreparedLine {
  bytes: Buffer;
  offset: number;
  h: Buffer;
  events: EventRow[];
  sessions: SessionRow[];
  /** Redaction counts per session id. */
  redactions: Map<string, Counts>;
  malformed: boolean;
  unknown: boolean;
  oversized: boolean;
  /** Secrets the transcript's memory first learned at this line (`[value, kind]`): their copies in
   * its earlier events are redacted once the line is written (see late-secrets.ts). Never stored. */
  learned?: [string, string][];
  /** An oversized line read whole (a dense one): its identity as the plain line a store written before 2026-11-27 holds
   * it as, so reading it again does not store it twice. Never stored. */
  plainH?: Buffer;
}

/**
 * The text a stored line is parsed from: the line itself, or for an oversized line (stored as a
 * placeholder) its skeleton when it has one. Import, rebuild and whole texts read it alike.
 * A line's identity leaves out a carriage return before its newline: a transcript converted to
 * CRLF line ends (a copy through Windows, `git` with `autocrlf`) is re-read without duplicates.
 * (Stores written before 2026-11-26 named such a line with its carriage return: an import also
 * looks that name up, and `tracebase index` adds the new one.)
 */
export function lineText(bytes: Buffer): { text: string; oversized: boolean; skeleton: boolean; identity: Buffer; size: number } {
  const text = bytes.toString('utf8');
  if (!text.startsWith(OVERSIZED_PREFIX)) return { text, oversized: false, skeleton: false, identity: bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes, size: bytes.length };
  // Identified by its size, hash and offset alone, as before skeletons: a store that holds the
  // line from then does not take it again.
  const { identity, skeleton, placeholder } = storedLineIdentity(bytes);
  // (Its length in the file, which the placeholder says.)
  const size = Number(placeholder?.['bytes']);
  const inFile = Number.isSafeInteger(size) && size >= 0 ? size : bytes.length;
  return skeleton ? { text: JSON.stringify(skeleton), oversized: true, skeleton: true, identity, size: inFile } : { text, oversized: true, skeleton: false, identity, size: inFile };
}

export function parseStoredLine(parser: StreamParser, provider: Provider, streamKey: string, bytes: Buffer, offset: number, idKey: KeyObject | undefined): PreparedLine {
  const { text, oversized, skeleton, identity, size } = lineText(bytes);
  // An oversized line that is no JSON: malformed, as a short one is (kept sealed, no event).
  if (oversized && !skeleton && text.endsWith(',"json":false}}')) {
    return { bytes, offset, h: lineHash(provider, streamKey, identity, idKey), events: [], sessions: [], redactions: new Map(), malformed: true, unknown: false, oversized };
  }
  try {
    return prepareLine(parser, provider, streamKey, bytes, offset, idKey, text, oversized, skeleton, identity, size);
  } catch (e) {
    if (!(e instanceof Error) || (e as NodeJS.ErrnoException).code !== undefined) throw e;
    // A line no reading of ours can take (a shape that breaks a parser or the redactor) is kept,
    // sealed, and counted as malformed, like a line that is not JSON: the rest of the file
    // still imports, and nothing of it reaches the index.
    const h = lineHash(provider, streamKey, identity, idKey);
    return { bytes, offset, h, events: [], sessions: [], redactions: new Map(), malformed: true, unknown: false, oversized };
  }
}

function prepareLine(
  parser: StreamParser,
  provider: Provider,
  streamKey: string,
  bytes: Buffer,
  offset: number,
  idKey: KeyObject | undefined,
  text: string,
  oversized: boolean,
  skeleton: boolean,
  identity: Buffer,
  size: number,
): PreparedLine {
  const parsed = parser.parseLine(text, offset, size);
  const redactions = new Map<string, Counts>();
  const ids = (id: string): string => safeSessionId(id, idKey);
  const countsFor = (sessionId: string): Counts => {
    let c = redactions.get(sessionId);
    if (!c) {
      c = {};
      redactions.set(sessionId, c);
    }
    return c;
  };
  const events = parsed.events.map((ev) => {
    parser.learn(ev);
    const row = prepareEvent(ev, countsFor(ids(ev.sessionId)), parser.memory);
    row.sessionId = ids(row.sessionId);
    if (row.callId !== null) row.callId = safeCallId(row.callId, idKey);
    if (row.completes !== undefined) row.completes = safeCallId(row.completes, idKey);
    if (row.usage) {
      for (const u of [row.usage, ...(row.usage.also ?? [])]) {
        u.key = safeKey(u.key, idKey);
        if (u.message !== undefined) u.message = safeKey(u.message, idKey);
      }
    }
    if (row.spawnedSessionId !== undefined) row.spawnedSessionId = ids(row.spawnedSessionId);
    if (skeleton) {
      // Read from its skeleton: its long strings are cut (the whole line is kept sealed).
      row.flags |= FLAG.oversized | (row.text !== null ? FLAG.truncated : 0);
    } else if (oversized) {
      const bytesOf = /"bytes":(\d+)/.exec(text)?.[1] ?? '?';
      row.kind = 'unknown';
      row.subtype = 'oversized_line';
      row.text = `[oversized line of ${bytesOf} bytes: kept encrypted, not indexed; see it with tracebase show]`;
      row.searchText = row.text;
      row.flags |= FLAG.oversized;
    }
    return row;
  });
  const sessions = parsed.sessions.map((s) => {
    const row = prepareSession(s, countsFor(ids(s.id)), parser.memory);
    row.id = ids(row.id);
    if (row.parentId !== null) row.parentId = ids(row.parentId);
    if (row.forkedFromId !== null) row.forkedFromId = ids(row.forkedFromId);
    if (row.parentCallId !== null) row.parentCallId = safeCallId(row.parentCallId, idKey);
    return row;
  });
  const learned = parser.memory.takeLearned();
  // (Known store-wide from here on, for this and every other transcript read next: see store/known-secrets.ts.)
  const shared = parser.memory.store;
  if (shared) {
    for (const [v, kind] of learned) shared.add(v, kind);
    shared.takeLearned();
  }
  return {
    bytes,
    offset,
    h: lineHash(provider, streamKey, identity, idKey),
    events,
    sessions,
    redactions,
    malformed: parsed.malformed === true,
    unknown: parsed.unknownType !== undefined || (oversized && !skeleton),
    oversized,
    ...(learned.length ? { learned } : {}),
  };
}

/**
 * Inside a write transaction: skip lines already stored (same identity), seal the rest as
 * one segment and write their index rows. Returns how many lines and events were new.
 */
export function writePreparedLines(
  store: Store,
  provider: Provider,
  streamId: number,
  streamKey: string,
  lines: PreparedLine[],
  /** The same lines already sealed (by the import worker); used when none of them is a duplicate. */
  presealed?: SealedSegment,
  /** What the transcript's memory holds after these lines (see redactEarlierCopies; read only when they taught it something). */
  memoryAfter?: () => SecretMemory,
): { lines: number; events: number } {
  if (lines.length === 0) return { lines: 0, events: 0 };
  const seen = store.statement('SELECT 1 FROM line_ids WHERE h = ?');
  const fresh: PreparedLine[] = [];
  const inBatch = new Set<string>();
  for (const l of lines) {
    const key = l.h.toString('base64');
    if (inBatch.has(key) || seen.get(l.h) || (l.bytes.at(-1) === 0x0d && seen.get(lineHash(provider, streamKey, l.bytes, store.idKey))) || (l.plainH && seen.get(l.plainH))) continue;
    inBatch.add(key);
    fresh.push(l);
  }
  if (fresh.length === 0) return { lines: 0, events: 0 };
  const seg = presealed && fresh.length === lines.length ? insertSegment(store, streamId, presealed) : writeSegment(store, streamId, streamKey, fresh);
  const addId = store.statement('INSERT INTO line_ids (h, seg, n) VALUES (?, ?, ?)');
  const writer = new IndexWriter(store);
  let events = 0;
  fresh.forEach((l, n) => {
    addId.run(l.h, seg, n);
    indexLine(writer, provider, l);
    events += countedEvents(l);
  });
  writer.finish();
  const learned = fresh.flatMap((l) => l.learned ?? []);
  if (learned.length && memoryAfter) redactEarlierCopies(store, streamId, learned, memoryAfter(), sessionsOf(fresh));
  // (Values another importer kept since this one last looked: its copies in what this one wrote are redacted too.)
  else if (othersKept(store)) redactEarlierCopies(store, streamId, [], new SecretMemory());
  return { lines: fresh.length, events };
}

/** Events of a line as sessions count them: a Codex repeat of the other stream (`duplicate`) is not one. */
export const countedEvents = (l: PreparedLine): number => l.events.reduce((n, e) => n + (e.flags & FLAG.duplicate ? 0 : 1), 0);

export function indexLine(writer: IndexWriter, provider: Provider, l: PreparedLine): void {
  for (const s of l.sessions) writer.session(s);
  l.events.forEach((e, n) => {
    writer.event(provider, l.h, n, e);
  });
  for (const [sessionId, counts] of l.redactions) writer.countRedactions(sessionId, provider, counts);
}

/** The sessions `lines` hold events or records of. */
export function sessionsOf(lines: readonly PreparedLine[]): Set<string> {
  const ids = new Set<string>();
  for (const l of lines) {
    for (const e of l.events) ids.add(e.sessionId);
    for (const s of l.sessions) ids.add(s.id);
  }
  return ids;
}
