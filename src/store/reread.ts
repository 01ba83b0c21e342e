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
