// Codex rollout line → normalized events. Handles every generation by key, never by position:
// TS-era items (via splitDocument), 2025 bare lines (header, items, `record_type` markers),
// and the `{timestamp,type,payload}` envelope with its 2026 additions.
import type { ParsedLine } from '../../core/types.ts';
import type { ParserState, SourceParser } from '../types.ts';
import { type Obj, obj, parseObject, str, trailingObject } from '../json.ts';
import { eventMsg } from './events.ts';
import { responseItem } from './items.ts';
import { type LineCtx, emit, unknown } from './line.ts';
import { fallbackSessionId, streamKey, uuidFromPath } from './paths.ts';
import { headerId, headerPatch, timeMs } from './session.ts';
import { type CodexState, restoreState, snapshotState } from './state.ts';
import { usageRecord } from './tokens.ts';

/** 2026 top-level records that carry no conversation of their own. */
const META_RECORDS = new Set([
  'world_state',
  'inter_agent_communication',
  'inter_agent_communication_metadata',
  'retained_context',
  'security_risk_score',
  'realtime_item',
]);

/**
 * A session header. The file's own is the one whose id is the uuid in the file name, else the
 * first one; later headers are parents' copied into a fork or spawn and never switch sessions.
 */
function header(ctx: LineCtx, p: Obj, fileUuid: string | undefined): void {
  const { state } = ctx;
  const id = headerId(p);
  const isOwn = id !== undefined && ((fileUuid !== undefined && id.toLowerCase() === fileUuid) || !state.own);
  if (!id || !isOwn) {
    emit(ctx, 'meta', 'session_meta', { duplicate: id !== undefined });
    return;
  }
  state.sid = id;
  state.own = true;
  state.announced = true;
  const patch = headerPatch(id, p, ctx.ts);
  const start = timeMs(patch.startedAt);
  if (start !== undefined) state.startMs = start;
  if (patch.cwd) {
    state.cwd = patch.cwd;
    state.hasCwd = true;
  }
  ctx.out.sessions.push(patch);
  emit(ctx, 'meta', 'session_meta');
}

function turnContext(ctx: LineCtx, p: Obj): void {
  const { state } = ctx;
  const model = str(p.model);
  if (model) state.model = model;
  const cwd = str(p.cwd);
  if (cwd && validCwd(cwd)) {
    state.cwd = cwd;
    if (!state.hasCwd) {
      state.hasCwd = true;
      ctx.out.sessions.push({ id: state.sid, provider: 'codex', cwd });
    }
  }
  emit(ctx, 'meta', 'turn_context', { model: state.model });
}

/** Publishers' placeholders ("[trimmed for fixture]") are not directories. */
const validCwd = (cwd: string): boolean => !cwd.startsWith('[');

function envelope(ctx: LineCtx, type: string, payload: unknown, fileUuid: string | undefined): void {
  const p = obj(payload);
  if (!p) {
    unknown(ctx, type);
    return;
  }
  switch (type) {
    case 'session_meta':
      header(ctx, p, fileUuid);
      return;
    case 'response_item':
      responseItem(ctx, p);
      return;
    case 'event_msg':
      eventMsg(ctx, p);
      return;
    case 'turn_context':
      turnContext(ctx, p);
      return;
    case 'compacted':
      emit(ctx, 'system', 'compacted', { text: str(p.message) || undefined });
      return;
    case 'token_usage_record': {
      const usage = usageRecord(p, ctx.state, `codex-event:${ctx.file}@${ctx.offset}`);
      emit(ctx, 'usage', type, { usage, model: usage?.model });
      return;
    }
  }
  if (!META_RECORDS.has(type)) {
    unknown(ctx, type);
    return;
  }
  const stateModel = str(obj(p.state)?.model);
  if (type === 'world_state' && stateModel) ctx.state.model = stateModel;
  emit(ctx, 'meta', type, { text: type === 'inter_agent_communication' ? agentMessage(p) : undefined });
}

/** A message between agents (multi-agent v2: a sub-agent's task, its report back), kept
 * searchable with who sent it. Not a prompt: no one typed it. */
function agentMessage(p: Obj): string | undefined {
  const content = str(p.content);
  if (!content) return undefined;
  const author = str(p.author);
  return author ? `from ${author}: ${content}` : content;
}

const ENVELOPE_TYPES = new Set(['session_meta', 'response_item', 'event_msg', 'turn_context', 'compacted']);

function dispatch(ctx: LineCtx, o: Obj, fileUuid: string | undefined): void {
  const type = str(o.type);
  if (type !== undefined && ('payload' in o || ENVELOPE_TYPES.has(type))) {
    const ms = timeMs(o.timestamp);
    if (ms !== undefined) ctx.ts = o.timestamp as string;
    envelope(ctx, type, o.payload, fileUuid);
    // A spawned child replays parent lines stamped before its own start: not this session's doing,
    // nor its tokens (the parent's own copy counts them; imported alone, the child would own them).
    const start = ctx.state.startMs;
    if (ms !== undefined && start !== undefined && ms < start) {
      for (const ev of ctx.out.events) {
        ev.duplicate = true;
        delete ev.usage;
      }
    }
    return;
  }
  if (type !== undefined) {
    responseItem(ctx, o); // 2025 bare item / TS-era item
    return;
  }
  if (typeof o.record_type === 'string') {
    emit(ctx, 'meta', `record_type/${o.record_type}`);
    return;
  }
  // Bare session header: {id, timestamp, instructions, git} (2025) or the TS-era `session`.
  if (headerId(o) !== undefined && ('timestamp' in o || 'instructions' in o || 'git' in o)) {
    header(ctx, o, fileUuid);
    return;
  }
  unknown(ctx, 'untyped');
}

export function createParser(path: string, saved?: ParserState): SourceParser {
  const file = streamKey(path);
  const fileUuid = uuidFromPath(path);
  const state: CodexState = restoreState(saved, fallbackSessionId(path));
  return {
    parseLine(line: string, offset: number): ParsedLine {
      const out: ParsedLine = { events: [], sessions: [] };
      let o = parseObject(line);
      if (!o) {
        if (line.trim() !== '') out.malformed = true;
        // A whole line written after a cut-off one, with no newline between: read, and the line still counted malformed.
        o = out.malformed ? trailingObject(line) : undefined;
        if (!o) return out;
      }
      dispatch({ state, file, offset, ts: undefined, out }, o, fileUuid);
      if (!state.announced) {
        // A header-less file still becomes a session, named after the file.
        state.announced = true;
        out.sessions.unshift({ id: state.sid, provider: 'codex' });
      }
      return out;
    },
    snapshot: () => snapshotState(state),
  };
}
