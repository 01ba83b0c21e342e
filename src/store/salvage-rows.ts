// Reading what can be read of a damaged store.db, for the salvage (salvage.ts): tables read
// around their damaged pages, the records left out and the transcripts to read again, and the
// store's own record made again.
import type { DatabaseSync } from 'node:sqlite';
import { type Config, traceKey } from '../core/config.ts';
import { TracebaseError } from '../core/errors.ts';
import { createSealer, keyCheck, keyFingerprint } from './crypto.ts';
import { isDamaged } from './damage.ts';
import { type SegmentRow, segmentOpens } from './raw.ts';
import { lossyStreams, rereadOrKeep, transcriptOnDisk } from './reread.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { configuredKey } from './store.ts';

/** What was read of a damaged table: the rows, the rowids whose lookup failed on damage, and
 * whether a scan stopped at a damaged page. */
export interface RowsRead {
  rows: Record<string, unknown>[];
  failed: number[];
  incomplete: boolean;
  /** The rightmost page is damaged: rows past the largest rowid known may be lost, how many is not known. */
  tailLost: boolean;
}

/** Reads `sql` as far as it goes: the rows before the first damaged page, and whether it got there. */
function readUpTo<T>(db: DatabaseSync, sql: string, each: (r: T) => void): boolean {
  try {
    for (const r of db.prepare(sql).iterate() as Iterable<T>) each(r);
    return true;
  } catch (e) {
    if (!isDamaged(e)) throw e;
    return false;
  }
}

/**
 * The rows of `old.<table>` that can be read when some of its pages cannot: a scan from each
 * end (each stops at the first damaged page), and for rowid tables every rowid up to the
 * largest known, looked up one by one (a lookup fails only when its own path is damaged).
 */
export function readableRows(db: DatabaseSync, table: string, key: string[], rowid: boolean): RowsRead {
  const rows = new Map<string, Record<string, unknown>>();
  const keyOf = (r: Record<string, unknown>) => JSON.stringify(key.map((c) => r[c]));
  const cols = rowid ? 'rowid AS rowid_, *' : '*';
  let incomplete = false;
  for (const dir of ['ASC', 'DESC']) {
    const sql = `SELECT ${cols} FROM old.${table} ORDER BY ${key.map((c) => `${c} ${dir}`).join(', ')}`;
    if (!readUpTo<Record<string, unknown>>(db, sql, (r) => rows.set(keyOf(r), r))) incomplete = true;
  }
  const failed: number[] = [];
  let tailLost = false;
  if (rowid && incomplete) {
    let max = 0;
    for (const r of rows.values()) max = Math.max(max, Number(r['rowid_']));
    // The table's last rows are past any bound the others give when its rightmost page is lost:
    // how many is not known then.
    tailLost = !readUpTo<{ m: number | null }>(db, `SELECT max(rowid) AS m FROM old.${table}`, (r) => (max = Math.max(max, Number(r.m ?? 0))));
    // Other places name rowids too (read as far as they can be, from both ends): the segments'
    // stream index, the line identities, the checkpoints.
    const known =
      table === 'segments'
        ? [['id', 'segments INDEXED BY segments_stream', 'stream_id, id'], ['seg', 'line_ids', 'h']]
        : [['stream_id', 'segments INDEXED BY segments_stream', 'stream_id, id'], ['stream_id', 'sources', 'path']];
    for (const [col, from, order] of known) {
      for (const dir of ['ASC', 'DESC']) {
        const by = order!.split(', ').map((c) => `${c} ${dir}`).join(', ');
        readUpTo<{ m: number | null }>(db, `SELECT ${col} AS m FROM old.${from} ORDER BY ${by}`, (r) => (max = Math.max(max, Number(r.m ?? 0))));
      }
    }
    const one = db.prepare(`SELECT ${cols} FROM old.${table} WHERE rowid = ?`);
    for (let id = 1; id <= max; id++) {
      if (rows.has(JSON.stringify([id]))) continue;
      try {
        const r = one.get(id) as Record<string, unknown> | undefined;
        if (r) rows.set(keyOf(r), r);
      } catch (e) {
        if (!isDamaged(e)) throw e;
        failed.push(id);
      }
    }
  }
  for (const r of rows.values()) delete r['rowid_'];
  return { rows: [...rows.values()], failed, incomplete, tailLost };
}

/** The stream of each segment as the segments' stream index knows it, and whether it was read whole. */
function segmentStreams(db: DatabaseSync): { streamOf: Map<number, number>; whole: boolean } {
  const streamOf = new Map<number, number>();
  let whole = true;
  for (const dir of ['ASC', 'DESC']) {
    const sql = `SELECT id, stream_id FROM old.segments INDEXED BY segments_stream ORDER BY stream_id ${dir}, id ${dir}`;
    if (!readUpTo<{ id: number; stream_id: number }>(db, sql, (r) => streamOf.set(r.id, r.stream_id))) whole = false;
  }
  return { streamOf, whole };
}

/**
 * Writes the readable rows of the damaged record tables into the new file. Records that could
 * not be read are counted; the transcripts whose lines left with them lose their checkpoints
 * (the next import reads them again, skipping the lines still stored; every checkpoint when
 * which is not known), and every line identity is derived again from the segments kept, so
 * none names a line that is gone.
 */
export function copyReadable(db: DatabaseSync, partial: Map<string, RowsRead>, lost: readonly string[], config: Config, force: boolean): { unreadable: number; reread: string[] | 'all' } {
  const streams = partial.get('streams');
  const segments = partial.get('segments');
  const parts = partial.get('big_parts');
  const rowsOf = (sql: string) => db.prepare(sql).all() as { id: number; stream_id: number }[];
  const streamIds = new Set<number>(streams ? streams.rows.map((r) => Number(r['id'])) : rowsOf('SELECT id, 0 AS stream_id FROM main.streams').map((r) => r.id));
  // A segment whose stream record is gone cannot be opened (its stream key seals it): left out.
  const segs = segments ? segments.rows.map((r) => ({ id: Number(r['id']), stream_id: Number(r['stream_id']) })) : rowsOf('SELECT id, stream_id FROM main.segments');
  const orphans = segs.filter((r) => !streamIds.has(r.stream_id));
  const { streamOf, whole } = segmentStreams(db);
  const lostStreams = new Set<number>([...(streams?.failed ?? []), ...orphans.map((r) => r.stream_id)]);
  // Parts of long lines that could not be read: which transcripts is not known. Nor is it when
  // the checkpoints were lost (every transcript is read again then anyway).
  // Nor when the last page of the segments or streams is lost (rows past the largest id known).
  const tails = (segments?.tailLost ? 1 : 0) + (streams?.tailLost ? 1 : 0);
  let unknown = parts?.incomplete === true || lost.includes('sources') || tails > 0;
  let lostSegs = 0;
  for (const id of segments?.failed ?? []) {
    const sid = streamOf.get(id);
    if (sid !== undefined) {
      lostStreams.add(sid);
      lostSegs++;
    } else if (!whole) {
      unknown = true;
      lostSegs++;
    } // else no such segment (a whole stream index lists every one): a rowid never used, or purged
  }
  const paths: string[] = [];
  const pathsOf = db.prepare('SELECT path FROM main.sources WHERE stream_id = ?');
  for (const sid of lostStreams) for (const r of pathsOf.all(sid) as { path: string }[]) paths.push(r.path);
  // A stream record counts when something names it: its segments (counted as they are left out)
  // or a checkpoint; a rowid in a damaged page may be one never used, or purged.
  const namedStreams = (streams?.failed ?? []).filter((id) => !orphans.some((o) => o.stream_id === id) && (pathsOf.all(id) as unknown[]).length > 0);
  const unreadable = lostSegs + orphans.length + namedStreams.length + (parts?.incomplete ? 1 : 0) + tails;
  if (unreadable > 0 && !force) {
    const which = paths.length && !unknown ? ` They hold lines of ${paths.length === 1 ? 'the transcript' : `${paths.length} transcripts:`} ${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ' and more' : ''}.` : '';
    throw new TracebaseError(
      'STORE_UNREADABLE',
      `${tails ? 'At least ' : ''}${unreadable} of the encrypted records in ${config.dbFile} cannot be read (damaged pages): repairing the store leaves their lines out.${which} Nothing was changed.`,
      'Run `tracebase index --force` to copy out everything else (the damaged file is kept beside the new one, and the next `tracebase import` reads those transcripts again where they are still on disk), or restore store.db from a backup.',
    );
  }
  db.exec('BEGIN');
  try {
    writeReadable(db, partial, streamIds, orphans, firstLostOf(segments, streamOf), unreadable > 0, unknown, lostStreams, !segments);
    db.exec('COMMIT');
  } catch (e) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw e;
  }
  return { unreadable, reread: unknown ? 'all' : paths };
}

/** The first lost segment of each stream known to have lost one. */
function firstLostOf(segments: RowsRead | undefined, streamOf: Map<number, number>): Map<number, number> {
  const firstLost = new Map<number, number>();
  for (const id of segments?.failed ?? []) {
    const sid = streamOf.get(id);
    if (sid !== undefined && id < (firstLost.get(sid) ?? Number.POSITIVE_INFINITY)) firstLost.set(sid, id);
  }
  return firstLost;
}

function writeReadable(
  db: DatabaseSync,
  partial: Map<string, RowsRead>,
  streamIds: Set<number>,
  orphans: { id: number }[],
  firstLost: Map<number, number>,
  lostAny: boolean,
  unknown: boolean,
  lostStreams: Set<number>,
  segmentsWhole: boolean,
): void {
  for (const [t, read] of partial) {
    const first = read.rows[0];
    if (!first) continue;
    const cols = Object.keys(first);
    const insert = db.prepare(`INSERT INTO main.${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    for (const r of read.rows) {
      if (t === 'segments' && !streamIds.has(Number(r['stream_id']))) continue;
      insert.run(...(cols.map((c) => r[c]) as never[]));
    }
  }
  const dropSegment = db.prepare('DELETE FROM main.segments WHERE id = ?');
  if (segmentsWhole) for (const r of orphans) dropSegment.run(r.id);
  // A stream's lines are replayed in the order their segments were stored: when its transcript
  // can give the lost lines back, its later segments go too, and the import stores all of them
  // again in their order.
  // (Not a stream that lost lines for good before: it is not read again, see rereadOrKeep.)
  const dropLater = db.prepare('DELETE FROM main.segments WHERE stream_id = ? AND id > ?');
  const lossy = new Set(lossyStreams(db));
  for (const [sid, id] of firstLost) if (!lossy.has(sid) && transcriptOnDisk(db, sid)) dropLater.run(sid, id);
  if (lostAny) {
    // Line identities naming lost lines would make the next import skip them: derived again
    // (the rebuild refills an empty table from the segments). Checkpoints go where the transcript
    // can give the lines back; the others keep their memory of secrets, for every rebuild.
    db.exec('DELETE FROM main.line_ids');
    rereadOrKeep(db, unknown ? (db.prepare('SELECT DISTINCT stream_id AS id FROM main.sources').all() as { id: number }[]).map((r) => r.id) : lostStreams);
  }
}

/**
 * The store's own record (its key check, how line identities are keyed) when its page is
 * damaged: what can be read is kept; a lost key check is made again from the configured key
 * once that key opens the records (nothing to check against in a store with none); lost
 * settings of the identities make every line identity and checkpoint be derived again.
 */
export function restoreMeta(db: DatabaseSync, read: RowsRead, config: Config, lost: string[]): void {
  const put = db.prepare('INSERT OR REPLACE INTO main.meta (k, v) VALUES (?, ?)');
  for (const r of read.rows) put.run(String(r['k']), String(r['v']));
  const has = (k: string) => db.prepare('SELECT 1 FROM main.meta WHERE k = ?').get(k) !== undefined;
  if (!has('key_check')) {
    const key = configuredKey(config);
    const sealer = createSealer(key);
    const sample = db.prepare('SELECT g.*, t.key AS stream_key FROM main.segments g JOIN main.streams t ON t.id = g.stream_id LIMIT 50').all() as unknown as (SegmentRow & { stream_key: string })[];
    if (sample.length > 0 && !sample.some((g) => segmentOpens(sealer, g, g.stream_key))) {
      throw new TracebaseError(
        'KEY_MISMATCH',
        `The key check of the store at ${config.home} is damaged, and the key from ${traceKey(config) ? 'TRACE_KEY' : config.keyFile} does not open its records: it is not this store's key (or every record is damaged).`,
        'Set TRACE_KEY to (or restore the key file with) the key this store was created with, and run `tracebase index` again. Nothing was changed.',
      );
    }
    put.run('key_check', keyCheck(key));
    put.run('key_fingerprint', keyFingerprint(key));
  }
  if (!has('schema_version')) put.run('schema_version', String(SCHEMA_VERSION));
  if (!has('created_at')) put.run('created_at', new Date().toISOString());
  if (!has('identities')) {
    // Keyed as a new store's: the identities and checkpoints made the other way are derived again.
    put.run('identities', 'hmac-sha256');
    db.exec('DELETE FROM main.line_ids');
    db.exec('DELETE FROM main.sources');
    for (const t of ['line_ids', 'sources']) if (!lost.includes(t)) lost.push(t);
  }
  if (!lost.includes('meta')) lost.push('meta');
}
