// Transcripts whose sessions were purged. The transcript stays on disk, so imports must know to
// leave it: it is remembered by its stream key (which survives a move, as into Codex's
// archived_sessions, or a renamed backup copy) and by the purged sessions' ids (the stream key of
// a main file named by its session, also when that file was still empty at the purge).
import type { Store } from './store.ts';

/** Remember `key` (a stream key or a session id) of `provider` as purged. */
export function rememberPurged(store: Store, provider: string, key: string): void {
  store.statement('INSERT OR REPLACE INTO purged (provider, key, purged_at) VALUES (?, ?, ?)').run(provider, key, new Date().toISOString());
}

/**
 * Whether a transcript with this stream key belongs to a purged session: its own key, or, for a
 * Claude subagent file in `<session>/subagents/` (key `<session>/agent-…`), its session's.
 */
export function isPurged(store: Store, provider: string, streamKey: string): boolean {
  const q = store.statement('SELECT 1 FROM purged WHERE provider = ? AND key = ?');
  if (q.get(provider, streamKey) !== undefined) return true;
  const slash = streamKey.indexOf('/');
  return slash > 0 && q.get(provider, streamKey.slice(0, slash)) !== undefined;
}

/** Take a transcript back (`import-file` names it): forget its key and its session's. */
export function forgetPurged(store: Store, provider: string, streamKey: string): boolean {
  const del = store.statement('DELETE FROM purged WHERE provider = ? AND key = ?');
  let n = Number(del.run(provider, streamKey).changes);
  const slash = streamKey.indexOf('/');
  if (slash > 0) n += Number(del.run(provider, streamKey.slice(0, slash)).changes);
  return n > 0;
}
