// Facts a file beside a transcript gives its session (Claude Code 2.1's `agent-<id>.meta.json`: a subagent's type). The
// parser reads the sidecar as it opens the transcript, so a sidecar written after the transcript's last line was imported
// (Claude Code may write it late) would be read only by a rebuild: each import looks at the sidecars of sessions that
// still lack those facts, whether their transcripts changed or not, and the store ends as a rebuild would make it.
import type { Store } from '../store/store.ts';
import type { Files } from './file-list.ts';
import { prepareSession } from './prepare.ts';
import { safeSessionId } from './safe-names.ts';
import { writeTx } from '../store/store.ts';

export function takeSidecarFacts(store: Store, files: Files): number {
  const lacking = store.statement('SELECT 1 FROM sessions WHERE id = ? AND agent_type IS NULL');
  const found: [string, string][] = [];
  for (let i = 0; i < files.length; i++) {
    const { adapter, path } = files.at(i);
    const id = adapter.sidecarSession?.(path);
    if (id === undefined) continue;
    const sid = safeSessionId(id, store.idKey);
    if (lacking.get(sid) === undefined) continue;
    const agentType = adapter.sidecarFacts?.(path)?.agentType;
    // (Redacted as every session field is.)
    const row = agentType ? prepareSession({ id, provider: adapter.provider, agentType }, {}) : undefined;
    if (row?.agentType) found.push([sid, row.agentType]);
  }
  if (found.length === 0) return 0;
  return writeTx(store, () => {
    const set = store.statement('UPDATE sessions SET agent_type = ? WHERE id = ? AND agent_type IS NULL');
    let n = 0;
    for (const [sid, type] of found) n += Number(set.run(type, sid).changes);
    return n;
  });
}
