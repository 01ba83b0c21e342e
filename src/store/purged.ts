// Transcripts whose sessions were purged. The transcript stays on disk, so imports must know to
// leave it. Two kinds of record: a purged stream's key (which survives a move, as into Codex's
// archived_sessions, or a renamed backup copy), and `session:<id>` for each purged session (the
// stream key of a main file named by its session, also one still empty at the purge, and the
// folder of its Claude subagent files).
import type { Store } from './store.ts';

const SESSION = 'session:';

export function rememberPurgedStream(store: Store, provider: string, streamKey: string): void {
  remember(store, provider, streamKey);
}

export function rememberPurgedSession(store: Store, provider: string, sessionId: string): void {
  remember(store, provider, SESSION + sessionId);
}

function remember(store: Store, provider: string, key: string): void {
  store.statement('INSERT OR REPLACE INTO purged (provider, key, purged_at) VALUES (?, ?, ?)').run(provider, key, new Date().toISOString());
}

/** The records that keep a transcript with this stream key out: its own, its session's, and for a
 * Claude subagent file in `<session>/subagents/` (key `<session>/agent-…`) its parent session's. */
function keysOf(streamKey: string): string[] {
  const keys = [streamKey, SESSION + streamKey];
  const slash = streamKey.indexOf('/');
  if (slash > 0) keys.push(SESSION + streamKey.slice(0, slash));
  return keys;
}

export function isPurged(store: Store, provider: string, streamKey: string): boolean {
  const q = store.statement('SELECT 1 FROM purged WHERE provider = ? AND key = ?');
  return keysOf(streamKey).some((k) => q.get(provider, k) !== undefined);
}

/** Take a transcript back (`import-file` names it; called in the transaction of its first
 * commit, so an import that stores nothing leaves it out). Other files of its session stay purged
 * unless nothing but the session's record kept them out (a main file still empty at the purge). */
export function takeBackPurged(store: Store, provider: string, streamKey: string): boolean {
  const del = store.statement('DELETE FROM purged WHERE provider = ? AND key = ?');
  let n = 0;
  for (const k of keysOf(streamKey)) n += Number(del.run(provider, k).changes);
  return n > 0;
}

/** Take these sessions back (their lines are being stored again, by `takeBackPurged`'s import). */
export function takeBackSessions(store: Store, provider: string, sessionIds: Iterable<string>): void {
  const del = store.statement('DELETE FROM purged WHERE provider = ? AND key = ?');
  for (const id of sessionIds) del.run(provider, SESSION + id);
}

/** When this session was purged (undefined: it was not, or was taken back since). */
export function purgedAt(store: Store, sessionId: string): string | undefined {
  return (store.statement('SELECT max(purged_at) AS at FROM purged WHERE key = ?').get(SESSION + sessionId) as { at: string | null }).at ?? undefined;
}

/** Whether one of these sessions was purged (a transcript whose file name does not say which
 * session it belongs to: a legacy Claude agent file, a Codex child rollout). */
export function anyPurgedSession(store: Store, provider: string, sessionIds: Iterable<string>): boolean {
  const q = store.statement('SELECT 1 FROM purged WHERE provider = ? AND key = ?');
  for (const id of sessionIds) if (q.get(provider, SESSION + id) !== undefined) return true;
  return false;
}
