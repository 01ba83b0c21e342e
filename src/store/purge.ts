// `tracebase purge --session-id ID`: remove a session, its subagents and the raw streams
// they came from, from both halves of the store, overwriting the freed pages.
import { TracebaseError } from '../core/errors.ts';
import { quoteRedacted } from '../redact/clip.ts';
import { rollup } from './indexer.ts';
import { keepAfterPurge } from './known-secrets.ts';
import { rememberPurgedSession, rememberPurgedStream } from './purged.ts';
import { lossyStreams, saveLossyStreams } from './reread.ts';
import { type Store, writeTx } from './store.ts';

export interface PurgeReport {
  sessions: string[];
  streams: number;
  segments: number;
  events: number;
  files: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown to undo a dry run's deletions, carrying what they would have been. */
class DryRun {
  readonly report: PurgeReport;
  constructor(report: PurgeReport) {
    this.report = report;
  }
}

/** `dryRun`: everything is done and then undone (the same transaction, rolled back), so the
 * report is exactly what a purge would remove. */
export function purgeSession(store: Store, sessionId: string, opts: { dryRun?: boolean } = {}): PurgeReport {
  const db = store.db;
  if (opts.dryRun) {
    try {
      run(store, sessionId, true);
    } catch (e) {
      if (e instanceof DryRun) return e.report;
      throw e;
    }
  }
  db.exec('PRAGMA secure_delete = ON');
  const report = run(store, sessionId, false);
  db.exec("INSERT INTO events_fts (events_fts) VALUES ('optimize')");
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return report;
}

function run(store: Store, sessionId: string, dryRun: boolean): PurgeReport {
  const db = store.db;
  return writeTx(store, () => {
    const root = db.prepare('SELECT sid, id FROM sessions WHERE id = ?').get(sessionId) as { sid: number; id: string } | undefined;
    // The session, its subagents, and every session that came out of the same raw streams.
    const sids = new Set<number>(
      root
        ? (db.prepare(`WITH RECURSIVE d(id) AS (SELECT ? UNION SELECT s.id FROM sessions s JOIN d ON s.parent_id = d.id)
            SELECT sid FROM sessions WHERE id IN (SELECT id FROM d)`).all(root.id) as { sid: number }[]).map((r) => r.sid)
        : [],
    );
    const streamsOf = db.prepare(`SELECT DISTINCT g.stream_id AS id FROM events e JOIN line_ids l ON l.h = e.h JOIN segments g ON g.id = l.seg WHERE e.sid = ?`);
    const sessionsOf = db.prepare(`SELECT DISTINCT e.sid AS sid FROM segments g JOIN line_ids l ON l.seg = g.id JOIN events e ON e.h = l.h WHERE g.stream_id = ?`);
    const streams = new Set<number>();
    let frontier = [...sids];
    // No row in the index (its events left it with a damaged segment, `index --force`): the
    // transcripts named by its id are what remains of it: a Claude main file (key: the uuid) and
    // its subagent files (`<uuid>/agent-…`), a Codex rollout (`rollout-<time>-<uuid>`). Only for a
    // session uuid: other stream keys are paths, or a project folder before `/` (legacy agents).
    const keyed = root || !UUID.test(sessionId)
      ? []
      : (db.prepare(`SELECT id, provider FROM streams WHERE lower(key) = lower(?1) OR lower(substr(key, 1, 37)) = lower(?1) || '/'
          OR (provider = 'codex' AND lower(substr(key, -37)) = '-' || lower(?1))`).all(sessionId) as { id: number; provider: string }[]);
    if (!root && !keyed.length) throw new TracebaseError('SESSION_NOT_FOUND', `No session with id ${quoteRedacted(sessionId, 100)}.`, 'List sessions with `tracebase sessions`.');
    for (const st of keyed) {
      streams.add(st.id);
      rememberPurgedSession(store, st.provider, sessionId);
      for (const r of sessionsOf.all(st.id) as { sid: number }[]) if (!sids.has(r.sid)) { sids.add(r.sid); frontier.push(r.sid); }
    }
    while (frontier.length) {
      const next: number[] = [];
      for (const sid of frontier) {
        for (const { id } of streamsOf.all(sid) as { id: number }[]) {
          if (streams.has(id)) continue;
          streams.add(id);
          for (const r of sessionsOf.all(id) as { sid: number }[]) if (!sids.has(r.sid)) { sids.add(r.sid); next.push(r.sid); }
        }
      }
      frontier = next;
    }
    // A main file that holds nothing yet (empty at its import) is named by its session too: its
    // checkpoint goes, and it is listed with the files to delete.
    const emptyFile = db.prepare(`SELECT st.id FROM sessions s JOIN streams st ON st.provider = s.provider AND st.key = s.id
      WHERE s.sid = ? AND NOT EXISTS (SELECT 1 FROM segments g WHERE g.stream_id = st.id)`);
    for (const sid of sids) for (const { id } of emptyFile.all(sid) as { id: number }[]) streams.add(id);
    const ids = [...sids];
    const sharers = new Set<number>();
    const shareQ = db.prepare('SELECT DISTINCT v.sid AS sid FROM usage u JOIN usage v ON v.key = u.key WHERE u.sid = ?');
    const parentQ = db.prepare('SELECT p.sid FROM sessions s JOIN sessions p ON p.id = s.parent_id WHERE s.sid = ?');
    for (const sid of ids) {
      for (const r of shareQ.all(sid) as { sid: number }[]) sharers.add(r.sid);
      const p = parentQ.get(sid) as { sid: number } | undefined;
      if (p) sharers.add(p.sid);
    }
    const rows = ids.map((sid) => db.prepare('SELECT id, provider FROM sessions WHERE sid = ?').get(sid) as { id: string; provider: string });
    const names = root ? rows.map((r) => r.id) : [sessionId, ...rows.map((r) => r.id).filter((id) => id !== sessionId)];
    // A main file named by its session has the session id as stream key: also one not read yet
    // (empty at the purge), and the subagent files in its folder (purged.ts).
    for (const r of rows) rememberPurgedSession(store, r.provider, r.id);
    let events = 0;
    for (const sid of ids) {
      db.prepare('DELETE FROM events_fts WHERE rowid IN (SELECT rowid FROM events WHERE sid = ?)').run(sid);
      events += Number(db.prepare('DELETE FROM events WHERE sid = ?').run(sid).changes);
      db.prepare('DELETE FROM usage WHERE sid = ?').run(sid);
      db.prepare('DELETE FROM redactions WHERE sid = ?').run(sid);
      db.prepare('DELETE FROM early_results WHERE sid = ?').run(sid);
      db.prepare('DELETE FROM sessions WHERE sid = ?').run(sid);
    }
    // Line types and model names that nothing left uses go with them.
    db.prepare(`DELETE FROM names WHERE id NOT IN (SELECT subtype FROM events
      UNION SELECT model FROM events WHERE model IS NOT NULL UNION SELECT model FROM usage WHERE model IS NOT NULL)`).run();
    let segments = 0;
    const files: string[] = [];
    for (const st of streams) {
      db.prepare('DELETE FROM line_ids WHERE seg IN (SELECT id FROM segments WHERE stream_id = ?)').run(st);
      segments += Number(db.prepare('DELETE FROM segments WHERE stream_id = ?').run(st).changes);
      db.prepare('DELETE FROM big_parts WHERE stream_id = ?').run(st);
      keepAfterPurge(store, st);
      for (const r of db.prepare('SELECT path FROM sources WHERE stream_id = ?').all(st) as { path: string }[]) files.push(r.path);
      // The transcript stays on disk: remember it, so that imports leave it.
      const stream = db.prepare('SELECT provider, key FROM streams WHERE id = ?').get(st) as { provider: string; key: string } | undefined;
      if (stream) rememberPurgedStream(store, stream.provider, stream.key);
      db.prepare('DELETE FROM sources WHERE stream_id = ?').run(st);
      db.prepare('DELETE FROM streams WHERE id = ?').run(st);
    }
    // A purged stream leaves the lossy ones (its id may be another transcript's next).
    saveLossyStreams(db, lossyStreams(db));
    for (const sid of ids) sharers.delete(sid);
    // A parent known only from the subagents just purged goes with them (a rebuild would not make it).
    for (const sid of [...sharers]) {
      const orphan = db
        .prepare(`DELETE FROM sessions WHERE sid = ? AND is_subagent = 0 AND NOT EXISTS (SELECT 1 FROM events WHERE events.sid = sessions.sid)
          AND NOT EXISTS (SELECT 1 FROM sessions c WHERE c.parent_id = sessions.id)`)
        .run(sid);
      if (orphan.changes > 0) sharers.delete(sid);
    }
    const remaining = [...sharers].filter((sid) => db.prepare('SELECT 1 FROM sessions WHERE sid = ?').get(sid));
    if (remaining.length) rollup(store, remaining);
    const report = { sessions: names, streams: streams.size, segments, events, files };
    if (dryRun) throw new DryRun(report);
    return report;
  });
}
