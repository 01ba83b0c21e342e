// Which session a line belongs to, and the SessionPatch facts it reveals.
//   main file            → the file's UUID name (else the first line's sessionId)
//   agent-<id>.jsonl     → `${parent}.agent-<id>` (parent: subagents/ folder, or the lines' sessionId)
//   inline sidechain     → `${main}.side-<root uuid>`, or `${main}.agent-<agentId>` when lines carry one
import type { SessionPatch } from '../../core/types.ts';
import { arr, type Obj, obj, str } from '../json.ts';
import type { AgentMeta, ClaudeFile } from './paths.ts';
import { CAPS, type ClaudeState, remember, type SessionMemo } from './state.ts';

export interface FileCtx {
  file: ClaudeFile;
  meta?: AgentMeta;
  st: ClaudeState;
}

/** The main session of a main file, or the parent session of an agent file. */
export function mainId(ctx: FileCtx, line: Obj): string {
  if (ctx.st.main === undefined) {
    const { file } = ctx;
    ctx.st.main =
      file.parentFromPath ??
      (file.layout === 'main' && file.uuidStem
        ? file.stem
        : // A copy renamed around its uuid (backup-<uuid>) is that session, even when it opens
          // with lines a resume copied from an earlier one; it shares the original's stream.
          (file.layout === 'main' ? file.stemUuid : undefined) || str(line.sessionId) || str(line.session_id) || file.stem);
  }
  return ctx.st.main;
}

/** Whether a main file's name gives its session id (a uuid in it). Only then can a line naming
 * another session be told apart as copied by a resume: in a file named otherwise (an export,
 * a copy renamed by hand) the id is a guess from the lines, and every line counts as its own. */
export const namedByFile = (ctx: FileCtx): boolean => ctx.file.layout === 'main' && (ctx.file.uuidStem || ctx.file.stemUuid !== undefined);

export const agentSessionId = (main: string, agentId: string): string => `${main}.agent-${agentId}`;

export interface Route {
  sid: string;
  /** Identity facts sent with the session's first patch. */
  identity?: Partial<SessionPatch>;
}

const head = (s: string | undefined): string => (s ?? '').trim().slice(0, 64);

function firstText(line: Obj): string {
  const content = obj(line.message)?.content;
  if (typeof content === 'string') return head(content);
  for (const b of arr(content) ?? []) {
    const t = str(obj(b)?.text);
    if (t !== undefined) return head(t);
  }
  return '';
}

/** The Task/Agent call that started an inline sidechain: the pending call whose prompt matches,
 * else the oldest pending one, else the most recent Task call. */
function claimTask(st: ClaudeState, rootText: string): string | undefined {
  let pick: string | undefined;
  for (const [id, prompt] of st.tasks) {
    if (prompt !== '' && rootText !== '' && (rootText.startsWith(prompt) || prompt.startsWith(rootText))) {
      pick = id;
      break;
    }
  }
  pick ??= st.tasks.keys().next().value ?? st.lastTask;
  if (pick !== undefined) st.tasks.delete(pick);
  return pick;
}

export function route(ctx: FileCtx, line: Obj, offset: number): Route {
  const { file, st } = ctx;
  const main = mainId(ctx, line);
  if (file.agentId !== undefined) {
    return {
      sid: agentSessionId(main, file.agentId),
      identity: { isSubagent: true, parentId: main, agentId: file.agentId },
    };
  }
  if (line.isSidechain !== true) return { sid: main };
  const uuid = str(line.uuid);
  const parent = str(line.parentUuid);
  const agentId = str(line.agentId);
  const known = parent ? st.side.get(parent) : undefined;
  let sid: string;
  let started = false;
  if (agentId) {
    sid = agentSessionId(main, agentId);
    started = !parent;
  } else if (known) sid = known;
  else if (parent && st.lastSide) sid = st.lastSide;
  else {
    sid = `${main}.side-${uuid || String(offset)}`;
    started = true;
  }
  if (uuid) remember(st.side, uuid, sid, CAPS.side);
  st.lastSide = sid;
  const identity: Partial<SessionPatch> = { isSubagent: true, parentId: main };
  if (agentId) identity.agentId = agentId;
  if (started) {
    const callId = claimTask(st, firstText(line));
    if (callId) {
      identity.parentCallId = callId;
      const agentType = st.calls.get(callId)?.agentType;
      if (agentType) identity.agentType = agentType;
      remember(st.claimed, callId, sid, CAPS.claimed);
    }
  }
  return { sid, identity };
}

const newMemo = (): SessionMemo => ({
  cwd: '',
  gitBranch: '',
  cliVersion: '',
  originator: '',
  started: false,
  agentType: '',
});

/** Patch for `sid` with whatever this line says that was not reported yet; undefined when nothing changed. */
export function touch(ctx: FileCtx, r: Route, line: Obj, ts: string | undefined): SessionPatch | undefined {
  const { st } = ctx;
  let memo = st.sessions.get(r.sid);
  const patch: SessionPatch = { id: r.sid, provider: 'claude' };
  let changed = false;
  if (!memo) {
    memo = newMemo();
    Object.assign(patch, r.identity);
    changed = true;
  }
  const m = memo;
  const set = (k: 'cwd' | 'gitBranch' | 'cliVersion' | 'originator', v: string | undefined): void => {
    if (!v || v === m[k]) return;
    m[k] = v;
    patch[k] = v;
    changed = true;
  };
  // Where the session started (its project), as Codex's header says: a later `cd` moves the
  // lines' cwd, not the session's.
  if (!m.cwd) set('cwd', str(line.cwd));
  set('gitBranch', str(line.gitBranch));
  set('cliVersion', str(line.version));
  set('originator', str(line.entrypoint));
  // A resumed session's file opens with copies of the earlier session's lines (their sessionId
  // and timestamps kept): it starts at its own first line, so the earlier session keeps
  // ownership of the calls and tokens both files hold.
  const copied = r.identity === undefined && typeof line.sessionId === 'string' && line.sessionId !== r.sid;
  if (ts && !memo.started && !copied) {
    patch.startedAt = ts;
    memo.started = true;
    changed = true;
  }
  const agentType = ctx.file.agentId !== undefined ? ctx.meta?.agentType : undefined;
  if (agentType && agentType !== memo.agentType) {
    patch.agentType = memo.agentType = agentType;
    changed = true;
  }
  remember(st.sessions, r.sid, memo, CAPS.sessions);
  return changed ? patch : undefined;
}
