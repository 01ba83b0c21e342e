// Whether a transcript the store lost lines of can give them back: the next import reads it
// again from its start when it is still on disk, at least as long as what was read of it.
import { statSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';

/** A transcript of `streamId` is on disk, whole up to its checkpoint (`schema`: `main` or an attached copy). */
export function transcriptOnDisk(db: DatabaseSync, streamId: number, schema = 'main'): boolean {
  const rows = db.prepare(`SELECT path, offset FROM ${schema}.sources WHERE stream_id = ?`).all(streamId) as { path: string; offset: number }[];
  return rows.some((r) => {
    try {
      return statSync(r.path).size >= r.offset;
    } catch {
      return false; // gone, unreadable, or stored under a redacted name
    }
  });
}

/**
 * Whether a transcript of `streamId` may be on disk: it is (transcriptOnDisk), or its path was
 * stored under a redacted name (a folder or file name holding a secret), which cannot be looked
 * up, though an import finds the file under its root.
 */
export function transcriptMaybeOnDisk(db: DatabaseSync, streamId: number, schema = 'main'): boolean {
  if (transcriptOnDisk(db, streamId, schema)) return true;
  const rows = db.prepare(`SELECT path FROM ${schema}.sources WHERE stream_id = ?`).all(streamId) as { path: string }[];
  return rows.some((r) => r.path.includes('[REDACTED:'));
}

/**
 * Streams whose lines were lost for good (their transcript gone from disk when a record of them
 * was lost): every rebuild reads their remaining lines with what their checkpoints remember of
 * secrets, which the lost lines taught too. Meta `lossy_streams`, a JSON list of stream ids.
 */
export function lossyStreams(db: DatabaseSync, schema = 'main'): number[] {
  const row = db.prepare(`SELECT v FROM ${schema}.meta WHERE k = 'lossy_streams'`).get() as { v: string } | undefined;
  try {
    const ids: unknown = row ? JSON.parse(row.v) : [];
    return Array.isArray(ids) ? ids.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}

/** Sets the lossy streams to `ids`, those the store still has. */
export function saveLossyStreams(db: DatabaseSync, ids: Iterable<number>, schema = 'main'): void {
  // (Each looked up: reading every stream's id, 100,000 rows at once, was a rebuild's peak.)
  const known = db.prepare(`SELECT 1 FROM ${schema}.streams WHERE id = ?`);
  const kept = [...new Set(ids)].filter((id) => known.get(id) !== undefined).sort((a, b) => a - b);
  if (kept.length) db.prepare(`INSERT OR REPLACE INTO ${schema}.meta (k, v) VALUES ('lossy_streams', ?)`).run(JSON.stringify(kept));
  else db.prepare(`DELETE FROM ${schema}.meta WHERE k = 'lossy_streams'`).run();
}

/**
 * After lines of `streams` were lost: the checkpoint of each one whose transcript is on disk goes
 * (the next import reads it again from its start); one whose transcript is gone, or that lost
 * lines for good before, keeps its checkpoint (its memory of secrets) and is marked lossy.
 */
export function rereadOrKeep(db: DatabaseSync, streams: Iterable<number>, schema = 'main'): void {
  const lossy = new Set(lossyStreams(db, schema));
  const drop = db.prepare(`DELETE FROM ${schema}.sources WHERE stream_id = ?`);
  for (const id of new Set(streams)) {
    if (!lossy.has(id) && transcriptMaybeOnDisk(db, id, schema)) drop.run(id);
    else lossy.add(id);
  }
  saveLossyStreams(db, lossy, schema);
}
