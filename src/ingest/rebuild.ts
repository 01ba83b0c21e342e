// `tracebase index`: drop the derived index and rebuild it from the sealed raw segments,
// replaying each stream's lines through its source parser in the order they were stored.
import type { DatabaseSync } from 'node:sqlite';
import { isTracebaseError, TracebaseError } from '../core/errors.ts';
import { PROVIDERS, type Provider } from '../core/types.ts';
import { adapterFor } from '../sources/index.ts';
import { IndexWriter } from '../store/indexer.ts';
import { bigLineIntact, openSegment, type RawLine, type SegmentRow } from '../store/raw.ts';
import { lossyStreams, rereadOrKeep, saveLossyStreams, transcriptMaybeOnDisk, transcriptOnDisk } from '../store/reread.ts';
import { INDEX_TABLES, LINE_IDS_DDL } from '../store/schema.ts';
import { ensureListIndexes } from '../store/session-list.ts';
import { createIndexTables, indexLayoutIsCurrent, REPAIR_PENDING, scrubIndex, type Store, writeTx } from '../store/store.ts';
import { forgetLoaded, relearnStoreWide, storeMemory } from '../store/known-secrets.ts';
import { redactEarlierCopies } from './late-secrets.ts';
import { countedEvents, indexLine, parseStoredLine, sessionsOf } from './lines-to-index.ts';
import { openStreamParser, recallStored, type StreamParser } from './stream-parser.ts';

interface StreamInfo {
  key: string;
  provider: Provider;
  path: string;
}

export interface RebuildReport {
  segments: number;
  lines: number;
  events: number;
  sessions: number;
  damaged: number;
  /** Intact segments dropped after a damaged one of their stream, for the next import to store again in order. */
  reread: number;
  /** Stored lines whose sealed segment is gone (deleted from store.db): forgotten, and every
   * transcript's checkpoint dropped, so the next import stores them again from disk. */
  missing: number;
}

export interface RebuildOptions {
  /**
   * What a segment that fails its integrity check does: `skip` leaves its lines out of the new
   * index and the segment in the store (the default); `stop` rolls the whole rebuild back, so the
   * index as it was (which may still hold those events, redacted) is kept, and throws
   * RECORD_TAMPERED; `drop` (`index --force`) removes the segment and its transcript's
   * checkpoint, so the next import reads the transcript again. When the transcript is still on
   * disk, the stream's later segments go too: the import stores the lines again in their order
   * (a stream's lines are replayed in the order their segments were stored).
   */
  onDamaged?: 'skip' | 'stop' | 'drop';
  /** Bytes of stored lines read before their events are written (default 4 MB; tests lower it). */
  flushBytes?: number;
}

/** Bytes of stored lines a rebuild reads before it writes their events (see `pending`). */
const REBUILD_FLUSH_BYTES = 4 << 20;

export function rebuildIndex(store: Store, onProgress?: (done: number, total: number) => void, opts: RebuildOptions = {}): RebuildReport {
  const db = store.db;
  const report: RebuildReport = { segments: 0, lines: 0, events: 0, sessions: 0, damaged: 0, reread: 0, missing: 0 };
  // The dashboard's extra list index (created by `serve`) goes with the events table: put it back.
  const listIndex = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'events_rowid_sid'").get() !== undefined;
  const addId = db.prepare('INSERT OR IGNORE INTO line_ids (h, seg, n) VALUES (?, ?, ?)');
  try {
    rebuildInTx();
  } catch (e) {
    // (What the store knows of secrets is read again from its rows as they are after the rollback.)
    forgetLoaded(store);
    // Rolled back by now: the sessions the segment's events belong to can be named.
    if (e instanceof StopAt) throw damagedSegment(store, e.seg);
    if (e instanceof MissingAt) throw missingSegments(e.lines);
    throw e;
  }
  report.sessions = (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  // (Merged into one segment, the pages freed zeroed: entries a late secret replaced leave no words behind.)
  scrubIndex(store, true);
  if (listIndex) ensureListIndexes(store);
  return report;

  function rebuildInTx(): void {
  writeTx(store, () => {
    // Read under the write lock: an import that committed a new transcript while this waited
    // for the lock has its stream here too, not only its segments.
    // (Each looked up as its first segment comes, and kept while its parser is: not a map of every
    // transcript's path.)
    const streamRow = db.prepare('SELECT key, provider, path FROM streams WHERE id = ?');
    const streamOf = (id: number): StreamInfo | undefined => {
      const s = streamRow.get(id) as StreamInfo | undefined;
      // A record garbled on disk (its provider no longer one): its segments count as damaged.
      return s && (PROVIDERS as readonly string[]).includes(s.provider) ? s : undefined;
    };
    const total = (db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n;
    // The map from line identities to sealed lines is derived again from the segments (it is no
    // sealed record: rows moved in store.db would point `show` at another line). Lines whose
    // segment is gone (deleted) are named first; a damaged segment left in place keeps its rows.
    const missing = (db.prepare('SELECT count(*) AS n FROM line_ids l WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.id = l.seg)').get() as { n: number }).n;
    if (missing > 0 && opts.onDamaged === 'stop') throw new MissingAt(missing);
    report.missing = missing;
    // Where lines went missing: the streams that hold other lines of their sessions (found in the
    // index as it was), from the first lost segment on. Those still on disk lose their later
    // segments too, so the next import stores the lines again in their order; the others are read
    // with what their checkpoints remember of secrets (the lost lines' part included).
    const lost = missing > 0 ? lostStreams(db) : { streams: new Set<number>(), from: 0 };
    // (A stream that lost lines for good before is never read again: its checkpoint holds what
    // those lines taught the redactor.)
    const lossyBefore = new Set(lossyStreams(db));
    const canReread = (id: number): boolean => !lossyBefore.has(id) && transcriptOnDisk(db, id);
    const lostCut = new Set([...lost.streams].filter(canReread));
    // Streams that lost lines for good (their transcript gone from disk), by this rebuild or an
    // earlier one: read with what their checkpoints remember of secrets, the lost lines' part
    // included, at every rebuild from now on.
    const lossy = new Set([...lossyBefore, ...[...lost.streams].filter((id) => !lostCut.has(id) && !transcriptMaybeOnDisk(db, id))]);
    // The values each transcript taught the store are learned again in the order of their lines; those of
    // transcripts read only in part (or purged) stay known from the start.
    relearnStoreWide(store, new Set([...lost.streams, ...lossy]));
    db.exec('DROP TABLE IF EXISTS line_ids_before');
    db.exec('ALTER TABLE line_ids RENAME TO line_ids_before');
    db.exec(LINE_IDS_DDL);
    const keepIds = db.prepare('INSERT OR IGNORE INTO line_ids (h, seg, n) SELECT h, seg, n FROM line_ids_before WHERE seg = ?');
    for (const t of INDEX_TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
    createIndexTables(db);
    const parsers = new Map<number, { stream: StreamInfo; parser: StreamParser }>();
    const writer = new IndexWriter(store);
    // Segments dropped (`drop`): removed with their line identities, and their transcripts'
    // checkpoints dropped, so the next import reads those transcripts again (skipping the lines
    // still stored). `cut`: streams whose later segments go too, to be stored again in order.
    const dropped: SegmentRow[] = [];
    const cut = new Set<number>();
    const damagedAt = (seg: SegmentRow): void => {
      if (opts.onDamaged === 'stop') throw new StopAt(seg.id);
      report.damaged++;
      if (opts.onDamaged !== 'drop') {
        keepIds.run(seg.id);
        return;
      }
      dropped.push(seg);
      if (canReread(seg.stream_id)) cut.add(seg.stream_id);
    };
    // Events wait in the writer until `finish()`: written every 256 segments or 4 MB of lines read,
    // whichever comes first (segments of small lines hold thousands of events each: a perf audit
    // saw 534 MB with 256 of them waiting).
    let pending = 0;
    let pendingBytes = 0;
    // What the lines written since the last write taught each stream's memory: its earlier copies
    // are redacted once they are written, as the import does after each batch.
    const learned = new Map<number, [string, string][]>();
    const taughtIn = new Map<number, Set<string>>();
    // A stream's parser goes once its last segment is read and written (a parser each for 100,000
    // one-segment transcripts held 400 MB until the end).
    const laterSegment = db.prepare('SELECT 1 FROM segments WHERE stream_id = ? AND id > ? LIMIT 1');
    const finished: number[] = [];
    const write = (): void => {
      writer.finish();
      for (const [id, values] of learned) redactEarlierCopies(store, id, values, parsers.get(id)!.parser.memory, taughtIn.get(id));
      learned.clear();
      taughtIn.clear();
      for (const id of finished) parsers.delete(id);
      finished.length = 0;
    };
    for (const seg of db.prepare('SELECT * FROM segments ORDER BY id').iterate() as Iterable<SegmentRow>) {
      if (!laterSegment.get(seg.stream_id, seg.id)) finished.push(seg.stream_id);
      if (cut.has(seg.stream_id) || (lostCut.has(seg.stream_id) && seg.id > lost.from)) {
        dropped.push(seg);
        report.reread++;
        continue;
      }
      let open = parsers.get(seg.stream_id);
      if (!open) {
        const stream = streamOf(seg.stream_id);
        if (!stream) {
          damagedAt(seg);
          continue;
        }
        open = { stream, parser: openStreamParser(adapterFor(stream.provider), stream.path) };
        open.parser.memory.shareWith(storeMemory(store));
        if (lost.streams.has(seg.stream_id) || lossy.has(seg.stream_id)) recallStored(open.parser, store, seg.stream_id);
        parsers.set(seg.stream_id, open);
      }
      const { stream, parser } = open;
      let lines: RawLine[];
      try {
        lines = openSegment(store, seg, stream.key);
      } catch (e) {
        if (!isTracebaseError(e) || e.code !== 'RECORD_TAMPERED') throw e;
        damagedAt(seg);
        // What its lines taught the redactor is lost with them: the checkpoints remember what
        // the whole transcript taught it, so a later bare copy of a secret stays redacted.
        recallStored(parser, store, seg.stream_id);
        continue;
      }
      // An oversized line's sealed parts (read by `show`) count with the segment that holds its place.
      if (lines.some((raw) => !bigLineIntact(store, seg.stream_id, stream.key, raw.bytes))) {
        damagedAt(seg);
        recallStored(parser, store, seg.stream_id);
        continue;
      }
      const segSessions = new Set<string>();
      for (const [n, raw] of lines.entries()) {
        const l = parseStoredLine(parser, stream.provider, stream.key, raw.bytes, raw.offset, store.idKey);
        for (const id of sessionsOf([l])) segSessions.add(id);
        // (A line ending in a carriage return was named with it before 2026-11-26: its events are
        // named by the identity without it now, which `show` and `purge` look up.)
        addId.run(l.h, seg.id, n);
        indexLine(writer, stream.provider, l);
        if (l.learned) {
          const list = learned.get(seg.stream_id) ?? [];
          for (const x of l.learned) list.push(x);
          learned.set(seg.stream_id, list);
        }
        report.events += countedEvents(l);
        report.lines++;
        pendingBytes += raw.bytes.length;
      }
      // (The sessions of the segment that taught its stream: as the import's batch that stored it names them.)
      if (learned.has(seg.stream_id)) taughtIn.set(seg.stream_id, new Set([...(taughtIn.get(seg.stream_id) ?? []), ...segSessions]));
      report.segments++;
      onProgress?.(report.segments, total);
      // (At a segment's end, as the import that stored it wrote its batches.)
      if (++pending >= 256 || pendingBytes >= (opts.flushBytes ?? REBUILD_FLUSH_BYTES)) {
        write();
        pending = 0;
        pendingBytes = 0;
      }
    }
    write();
    const dropSegment = db.prepare('DELETE FROM segments WHERE id = ?');
    const dropIds = db.prepare('DELETE FROM line_ids WHERE seg = ?');
    for (const seg of dropped) {
      dropSegment.run(seg.id);
      dropIds.run(seg.id);
    }
    db.exec('DROP TABLE line_ids_before');
    // A checkpoint goes only where the transcript is on disk to be read again; one whose transcript
    // is gone keeps what it remembers of secrets, which every later rebuild reads its lines with.
    // (Which transcripts held lines of a deleted segment is not known for sure: every one.)
    saveLossyStreams(db, lossy);
    const readAgain = new Set(dropped.map((seg) => seg.stream_id));
    if (missing > 0) for (const { id } of db.prepare('SELECT DISTINCT stream_id AS id FROM sources').all() as { id: number }[]) readAgain.add(id);
    rereadOrKeep(db, readAgain);
    // A repair's copy is a store again once its index is built.
    db.prepare('DELETE FROM meta WHERE k = ?').run(REPAIR_PENDING);
  });
  }
}

/**
 * The streams that lost lines with a deleted segment, as far as the index before the rebuild
 * tells (streams holding other lines of the sessions those lines belong to), and the first lost
 * segment's id. An index it cannot read (another layout) names every stream.
 */
function lostStreams(db: DatabaseSync): { streams: Set<number>; from: number } {
  const from = (db.prepare('SELECT min(seg) AS s FROM line_ids l WHERE NOT EXISTS (SELECT 1 FROM segments g WHERE g.id = l.seg)').get() as { s: number }).s;
  try {
    const rows = db
      .prepare(`SELECT DISTINCT g.stream_id AS id FROM line_ids m JOIN events e ON e.h = m.h JOIN events o ON o.sid = e.sid
          JOIN line_ids l ON l.h = o.h JOIN segments g ON g.id = l.seg
        WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.id = m.seg)`)
      .all() as { id: number }[];
    return { streams: new Set(rows.map((r) => r.id)), from };
  } catch {
    return { streams: new Set((db.prepare('SELECT id FROM streams').all() as { id: number }[]).map((r) => r.id)), from };
  }
}

/** Stored lines whose sealed segment is gone stop a rebuild that may not drop anything. */
class MissingAt extends Error {
  readonly lines: number;
  constructor(lines: number) {
    super(`${lines} lines without a segment`);
    this.lines = lines;
  }
}

function missingSegments(lines: number): TracebaseError {
  return new TracebaseError(
    'RECORD_TAMPERED',
    `${lines} stored line(s) have no sealed record: records were deleted from store.db (modified or damaged). Nothing was changed.`,
    'Run `tracebase index --force`: it forgets them and drops the checkpoints of the transcripts still on disk, so `tracebase import` then reads them again and stores those lines anew (skipping the ones still stored; a transcript deleted since is lost). Or restore store.db from a backup.',
  );
}

class StopAt extends Error {
  readonly seg: number;
  constructor(seg: number) {
    super(`damaged segment ${seg}`);
    this.seg = seg;
  }
}

/** Why a rebuild stopped at a damaged segment, naming the sessions whose events it holds. */
function damagedSegment(store: Store, seg: number): TracebaseError {
  const ids = (
    store.db
      .prepare('SELECT DISTINCT s.id FROM line_ids l JOIN events e ON e.h = l.h JOIN sessions s ON s.sid = e.sid WHERE l.seg = ? LIMIT 4')
      .all(seg) as { id: string }[]
  ).map((r) => r.id);
  const which = ids.length ? ` It holds events of session ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ' and more' : ''}.` : '';
  if (!indexLayoutIsCurrent(store.db)) {
    // The old index still holds them, but this version cannot read it: nothing else works until the rebuild.
    return new TracebaseError(
      'RECORD_TAMPERED',
      `A sealed segment failed its integrity check (modified, swapped or corrupted on disk): rebuilding would drop its events from the index. Nothing was changed.${which}`,
      'Restore store.db from a backup, or run `tracebase index --force` (its events leave the index) and then `tracebase import`, which reads the transcript again if it is still on disk.',
    );
  }
  return new TracebaseError(
    'RECORD_TAMPERED',
    `A sealed segment failed its integrity check (modified, swapped or corrupted on disk): rebuilding would drop its events from the index, which still holds them. Nothing was changed.${which}`,
    'Run `tracebase doctor` to list damaged records. If the transcript is still on disk: `tracebase index --force` rebuilds without the damaged segments, then `tracebase import` reads that transcript again (or `tracebase purge --session-id <id>`, then `tracebase import-file <provider> <file>`); or restore store.db from a backup.',
  );
}
