// One Claude Code JSONL line → normalized events + session facts.
// Content blocks become one event each; usage rides on the first event of its line.
import type { EventKind, NormalizedEvent, ParsedLine, SessionPatch, ToolInfo } from '../../core/types.ts';
import { arr, asText, num, type Obj, obj, parseObject, str, trailingObject } from '../json.ts';
import type { ParserState, SourceParser } from '../types.ts';
import { describeFile, readAgentMeta } from './paths.ts';
import { agentSessionId, type FileCtx, mainId, namedByFile, route, touch } from './sessions.ts';
import { CAPS, loadState, type PendingCall, remember, saveState } from './state.ts';
import { blockText, classifyUserText, contentText, documentPlaceholder, imagePlaceholder } from './text.ts';
import { callInfo, isSpawnTool, resultInfo } from './tools.ts';
import { isSynthetic, usageOf } from './usage.ts';

/** Small session-state lines and the field holding their value. */
const STATE_LINES = new Map<string, string | undefined>([
  ['permission-mode', 'permissionMode'],
  ['last-prompt', 'lastPrompt'],
  ['custom-title', 'customTitle'],
  ['ai-title', 'aiTitle'],
  ['agent-name', 'agentName'],
  ['mode', 'mode'],
  ['pr-link', 'prUrl'],
  ['frame-link', 'frameUrl'],
  ['bridge-session', undefined],
  ['worktree-state', undefined],
  ['relocated', 'relocatedCwd'],
]);

interface Line {
  ctx: FileCtx;
  o: Obj;
  sid: string;
  main: string;
  ts?: string;
  events: NormalizedEvent[];
  spawned: SessionPatch[];
}

function push(l: Line, kind: EventKind, subtype: string, text?: string): NormalizedEvent {
  const e: NormalizedEvent = { kind, subtype, sessionId: l.sid };
  if (l.ts) e.timestamp = l.ts;
  // A main file's line naming another session: copied from the session this one resumed.
  if (l.sid === l.main && typeof l.o.sessionId === 'string' && l.o.sessionId !== l.sid && namedByFile(l.ctx)) e.copied = true;
  if (text !== undefined) e.text = text;
  l.events.push(e);
  return e;
}

const isResultBlock = (t: string): boolean => t === 'tool_result' || t.endsWith('_tool_result');

function validTs(v: unknown): string | undefined {
  const ts = str(v);
  return ts && !Number.isNaN(Date.parse(ts)) ? ts : undefined;
}

/** A line uuid that can name a call: trimmed fixtures write placeholders such as "[trimmed for fixture]". */
const LINE_UUID = /^[\w-]+$/;

/** A tool_use without an id (trimmed and hand-made transcripts) is named after its line, so a
 * result that names that line (`sourceToolAssistantUUID`, else its `parentUuid`) pairs with it.
 * The name starts with the session the line says it belongs to: unrelated transcripts reusing a
 * line uuid (`a1`) keep their calls apart, while a resumed session's copy of the line names the
 * same call as the original. */
function nameAnonymousCall(l: Line, tool: ToolInfo): void {
  const uuid = str(l.o.uuid);
  if (!uuid || !LINE_UUID.test(uuid)) return;
  const { anon } = l.ctx.st;
  const base = `${str(l.o.sessionId) || l.sid}/${uuid}#`;
  const n = l.events.filter((e) => e.kind === 'tool_call' && e.tool?.callId?.startsWith(base)).length;
  tool.callId = `${base}${n}`;
  // Several on one line: a result naming the line cannot tell which it answers.
  remember(anon, uuid, n === 0 ? tool.callId : '', CAPS.anon);
}

function anonymousCallOf(l: Line): string | undefined {
  const { anon } = l.ctx.st;
  let line = str(l.o.sourceToolAssistantUUID) ?? str(l.o.parentUuid);
  // A line that names no line at all (a top-level tool_result) answers the newest such call.
  if (line === undefined && !('parentUuid' in l.o)) line = [...anon.keys()].at(-1);
  return (line && anon.get(line)) || undefined;
}

function toolCall(l: Line, b: Obj, subtype: string): NormalizedEvent {
  const tool = callInfo(b, str(l.o.cwd));
  if (!tool.callId) nameAnonymousCall(l, tool);
  const e = push(l, 'tool_call', subtype);
  e.tool = tool;
  if (!tool.callId) return e;
  const { st, file } = l.ctx;
  const call: PendingCall = { name: tool.name ?? '', ts: l.ts ?? '' };
  const spawn = isSpawnTool(tool.name);
  const agentType = spawn ? str(obj(b.input)?.subagent_type) : undefined;
  if (agentType) call.agentType = agentType;
  remember(st.calls, tool.callId, call, CAPS.calls);
  if (spawn && file.layout === 'main' && l.sid === l.main) {
    const prompt = str(obj(b.input)?.prompt) ?? '';
    remember(st.tasks, tool.callId, prompt.trim().slice(0, 64), CAPS.tasks);
    st.lastTask = tool.callId;
  }
  return e;
}

function toolResult(l: Line, b: Obj, subtype: string, tur: unknown): NormalizedEvent {
  const { st } = l.ctx;
  const callId = str(b.tool_use_id) ?? anonymousCallOf(l);
  const call = callId ? st.calls.get(callId) : undefined;
  const res = resultInfo(b, tur, callId, call, l.ts);
  const e = push(l, 'tool_result', subtype, res.text);
  e.tool = res.tool;
  if (res.aborted) e.aborted = true;
  if (callId) {
    st.calls.delete(callId);
    st.tasks.delete(callId);
  }
  const spawned = res.agentId ? agentSessionId(l.main, res.agentId) : callId ? st.claimed.get(callId) : undefined;
  if (!spawned) return e;
  e.spawnedSessionId = spawned;
  if (!res.agentId) return e;
  if (res.agentUsage) e.spawnedUsage = res.agentUsage;
  // The parent's result is the only place that names the call an agent file answers.
  const patch: SessionPatch = { id: spawned, provider: 'claude', isSubagent: true, agentId: res.agentId };
  if (callId) patch.parentCallId = callId;
  if (res.agentType) patch.agentType = res.agentType;
  l.spawned.push(patch);
  return e;
}

function userText(l: Line, text: string): void {
  const c = classifyUserText(text, l.o);
  const e = push(l, c.kind, c.subtype, text);
  if (c.scaffold) e.scaffold = true;
  if (c.aborted) e.aborted = true;
}

function userLine(l: Line, msg: Obj): void {
  const content = msg.content;
  if (typeof content === 'string') userText(l, content);
  for (const b of arr(content) ?? []) {
    if (typeof b === 'string') {
      userText(l, b);
      continue;
    }
    const blk = obj(b);
    if (!blk) continue;
    const t = str(blk.type) ?? '';
    if (t === 'text') userText(l, str(blk.text) ?? '');
    else if (isResultBlock(t)) toolResult(l, blk, `user/${t}`, l.o.toolUseResult);
    else if (t === 'image') push(l, 'meta', 'user/image', imagePlaceholder(blk));
    else if (t === 'document') push(l, 'meta', 'user/document', documentPlaceholder(blk));
    else push(l, 'meta', `user/${t || 'unknown'}`, blockText(blk) || undefined);
  }
  for (const e of l.events) e.role = 'user';
}

function assistantText(l: Line, text: string, synthetic: boolean): void {
  if (!synthetic) push(l, 'assistant_text', 'assistant/text', text);
  else push(l, 'system', l.o.isApiErrorMessage === true ? 'assistant/api_error' : 'assistant/synthetic', text);
}

function assistantLine(l: Line, msg: Obj): void {
  const synthetic = isSynthetic(l.o, msg);
  const content = msg.content;
  if (typeof content === 'string') assistantText(l, content, synthetic);
  for (const b of arr(content) ?? []) {
    if (typeof b === 'string') {
      assistantText(l, b, synthetic);
      continue;
    }
    const blk = obj(b);
    if (!blk) continue;
    const t = str(blk.type) ?? '';
    if (t === 'text') assistantText(l, str(blk.text) ?? '', synthetic);
    else if (t === 'thinking') push(l, 'reasoning', 'assistant/thinking', str(blk.thinking) ?? '');
    else if (t === 'redacted_thinking') push(l, 'reasoning', 'assistant/redacted_thinking');
    else if (t === 'tool_use' || t === 'server_tool_use' || t === 'mcp_tool_use') toolCall(l, blk, `assistant/${t}`);
    else if (isResultBlock(t)) toolResult(l, blk, `assistant/${t}`, undefined);
    else if (t === 'image') push(l, 'meta', 'assistant/image', imagePlaceholder(blk));
    else push(l, 'meta', `assistant/${t || 'unknown'}`, blockText(blk) || undefined);
  }
  const usage = usageOf(l.o, msg);
  if (usage) (l.events[0] ?? push(l, 'usage', 'assistant/usage')).usage = usage;
  const model = synthetic ? undefined : str(msg.model);
  for (const e of l.events) {
    e.role = 'assistant';
    if (model) e.model = model;
  }
}

/** Top-level `tool_use` / `tool_result` lines (an older or hand-written shape: the block's fields
 * on the line itself, a result's text in `output` or `content`). */
function toolLine(l: Line, type: 'tool_use' | 'tool_result'): void {
  const o = l.o;
  if (type === 'tool_use') {
    toolCall(l, o, type).role = 'assistant';
    return;
  }
  const block: Obj = { content: o.content ?? o.output, is_error: o.is_error };
  const id = str(o.tool_use_id);
  if (id) block.tool_use_id = id;
  const e = toolResult(l, block, type, o.toolUseResult);
  e.role = 'user';
  const name = str(o.name);
  if (e.tool && !e.tool.name && name) e.tool.name = name;
}

function attachmentLine(l: Line): void {
  const a = obj(l.o.attachment);
  const type = str(a?.type) || 'unknown';
  const origin = obj(a?.origin);
  // A prompt typed while the agent was busy, delivered with the next request.
  if (type === 'queued_command' && a?.isMeta !== true && (a?.commandMode ?? 'prompt') === 'prompt' && !origin?.from) {
    push(l, 'user_prompt', 'attachment/queued_command', contentText(a?.prompt)).role = 'user';
    return;
  }
  const text = str(a?.content) || str(a?.stdout) || str(a?.text) || str(a?.prompt) || undefined;
  const e = push(l, type.includes('error') ? 'system' : 'meta', `attachment/${type}`, text);
  // (A hook's command says what its output is: `op read op://…` prints a secret bare.)
  const command = str(a?.command);
  const stdout = str(a?.stdout);
  if (command && stdout) e.shell = { command, output: stdout };
}

/**
 * What an `api_error` line says of its error: a text, or the SDK's error object, whose answer from
 * the API nests `{error: {type: 'error', error: {type, message}}}` (the innermost the most exact):
 * `401 authentication_error: invalid x-api-key`.
 */
function apiErrorText(e: unknown): string | undefined {
  if (typeof e === 'string') return e || undefined;
  let type: string | undefined;
  let message: string | undefined;
  const status = num(obj(e)?.status);
  for (let o = obj(e), depth = 0; o && depth < 4; o = obj(o.error), depth++) {
    const t = str(o.type);
    if (t && t !== 'error') type = t;
    message = str(o.message) || message;
  }
  const text = [status ? String(status) : '', type && message ? `${type}:` : (type ?? ''), message ?? ''].filter(Boolean).join(' ');
  return text || undefined;
}

function otherLine(l: Line, type: string | undefined): string | undefined {
  const o = l.o;
  if (type === 'system') {
    const text = str(o.content) ?? apiErrorText(o.error);
    push(l, 'system', `system/${str(o.subtype) || 'informational'}`, text);
  } else if (type === 'summary') push(l, 'meta', 'summary', str(o.summary));
  else if (type === 'file-history-snapshot') push(l, 'meta', 'file-history-snapshot');
  else if (type === 'queue-operation') {
    const text = contentText(o.content) || undefined;
    const e = push(l, 'meta', `queue-operation/${str(o.operation) || 'unknown'}`, text);
    // The queued text reappears as the user line that delivers it.
    if (text !== undefined && o.operation === 'enqueue') e.duplicate = true;
  } else if (type === 'progress') {
    const data = obj(o.data);
    push(l, 'meta', `progress/${str(data?.type) || 'unknown'}`, str(data?.hookName));
  } else if (type === 'attachment') attachmentLine(l);
  else if (type === 'tool_use' || type === 'tool_result') toolLine(l, type);
  else if (type !== undefined && STATE_LINES.has(type)) {
    const field = STATE_LINES.get(type);
    const text = field ? asText(o[field]) : type === 'worktree-state' ? str(obj(o.worktreeSession)?.worktreePath) : undefined;
    push(l, 'meta', type, text);
  } else {
    push(l, 'unknown', type ?? '(none)');
    return type ?? '(none)';
  }
  return undefined;
}

function parseLine(ctx: FileCtx, raw: string, offset: number): ParsedLine {
  const whole = parseObject(raw);
  // A whole line written after a cut-off one, with no newline between: read, and the line still counted malformed.
  const o = whole ?? (raw.trim() === '' ? undefined : trailingObject(raw));
  if (!o) return raw.trim() === '' ? { events: [], sessions: [] } : { events: [], sessions: [], malformed: true };
  const msg = obj(o.message);
  let type = str(o.type);
  // ccusage-style usage lines carry no type, only message.role.
  if (type === undefined && (msg?.role === 'assistant' || msg?.role === 'user')) type = msg.role;
  const r = route(ctx, o, offset);
  const l: Line = { ctx, o, sid: r.sid, main: mainId(ctx, o), events: [], spawned: [] };
  const ts = validTs(o.timestamp);
  if (ts) l.ts = ts;
  let unknownType: string | undefined;
  if (type === 'user' || type === 'assistant') {
    if (msg) (type === 'user' ? userLine : assistantLine)(l, msg);
    // No message, or content of no shape this reads (a number, an object): kept and counted as not
    // understood, as Codex counts an item without its payload (an audit: such lines went unreported).
    if (l.events.length === 0 && !(typeof msg?.content === 'string' || Array.isArray(msg?.content))) {
      push(l, 'unknown', type);
      unknownType = type;
    }
  } else unknownType = otherLine(l, type);
  const sessions: SessionPatch[] = [];
  const patch = touch(ctx, r, o, ts);
  if (patch) sessions.push(patch);
  sessions.push(...l.spawned);
  const out: ParsedLine = { events: l.events, sessions };
  if (unknownType !== undefined) out.unknownType = unknownType;
  if (!whole) out.malformed = true;
  return out;
}

export function createParser(path: string, saved?: ParserState): SourceParser {
  const file = describeFile(path);
  const ctx: FileCtx = { file, st: loadState(saved) };
  if (file.agentId !== undefined) {
    const meta = readAgentMeta(path);
    if (meta) ctx.meta = meta;
  }
  return {
    parseLine: (line, offset) => parseLine(ctx, line, offset),
    snapshot: () => saveState(ctx.st),
  };
}
