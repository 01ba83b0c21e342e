// response_item payloads (and the bare items of 2025 / TS-era files) → events (FORMATS a.4).
import { createHash } from 'node:crypto';
import type { ToolInfo } from '../../core/types.ts';
import { redactText } from '../../redact/redact.ts';
import { type Obj, arr, asText, isObj, obj, parseObject, str } from '../json.ts';
import { fingerprint, isPlaceholder, isRepeat, pairWebSearch } from './dedupe.ts';
import { type LineCtx, emit, modelOf, unknown } from './line.ts';
import { type CodexState, forgetRunning, rememberRunning, runningCall, seenBefore } from './state.ts';
import { callInfo, contentText, localShellInfo, outputInfo } from './tools.ts';

/** Context Codex injects as user messages (codex-rs contextual user fragments). */
const SCAFFOLD_OPENERS = [
  '<environment_context',
  '<user_instructions',
  '# agents.md instructions',
  '<instructions>',
  '<permissions instructions',
  '<apps_instructions',
  '<collaboration_mode',
  '<skill>',
  '<turn_aborted>',
  '<subagent_notification>',
  '<codex_internal_context',
  '<goal_context>',
  '<recommended_plugins>',
  '<hook_prompt ',
  '<user_action>',
  '<agent_message_board_notification>',
  // (contextual_user_message.rs: a `!` shell command the user ran in the TUI, editor context,
  // plugin and sub-agent lists.)
  '<user_shell_command>',
  '<additional_context>',
  '<plugins>',
  '<subagents>',
];
const SCAFFOLD_WARNINGS = [
  'Warning: The maximum number of unified exec processes',
  'Warning: apply_patch was requested via ',
  'Warning: Your account was flagged',
];

export function isScaffoldText(text: string): boolean {
  const head = text.trimStart().slice(0, 64);
  const lower = head.toLowerCase();
  return SCAFFOLD_OPENERS.some((p) => lower.startsWith(p)) || SCAFFOLD_WARNINGS.some((p) => head.startsWith(p));
}

const candidates = (text: string, first: string | undefined): string[] => {
  const a = fingerprint(text);
  const b = first === undefined || first === text ? a : fingerprint(first);
  return a === b ? [a] : [a, b];
};

function message(ctx: LineCtx, p: Obj, subtype: string): void {
  const role = str(p.role);
  const content = arr(p.content);
  const { text, first } = content ? contentText(content) : { text: str(p.content) ?? '', first: undefined };
  const shown = text === '' ? undefined : text;
  if (role === 'assistant') {
    const duplicate = text !== '' && isRepeat(ctx.state, 'a', 'P', [candidates(text, first)]);
    emit(ctx, 'assistant_text', subtype, { role, text: shown, model: modelOf(ctx), duplicate });
    return;
  }
  const texts = content?.filter(isObj).map((c) => str(c.text)) ?? [shown];
  // A sanitised export replaces every text by a placeholder, injected context (AGENTS.md, the
  // environment) included, so only the display stream tells a prompt: its \`user_message\`, which
  // then stands alone. Placeholders here are taken for scaffolding.
  const hidden = text !== '' && texts.every((t) => t === undefined || t === '' || isPlaceholder(t));
  if (role === 'user' && !hidden && !texts.some((t) => t !== undefined && isScaffoldText(t))) {
    const duplicate = text !== '' && isRepeat(ctx.state, 'u', 'P', [candidates(text, first)]);
    emit(ctx, 'user_prompt', subtype, { role, text: shown, duplicate });
    return;
  }
  // developer/system messages and injected user context are scaffolding.
  if (shown && !ctx.state.hasCwd) cwdFromEnvironment(ctx, shown);
  emit(ctx, 'meta', subtype, { role, text: shown, scaffold: true });
}

const ENV_CWD = /<environment_context>[\s\S]*?<cwd>([^<\n]+)<\/cwd>/;

/** Headers before late 2025 carry no cwd; the injected `<environment_context>` names it. */
function cwdFromEnvironment(ctx: LineCtx, text: string): void {
  const cwd = ENV_CWD.exec(text.slice(0, 4096))?.[1]?.trim();
  if (!cwd) return;
  ctx.state.cwd = cwd;
  ctx.state.hasCwd = true;
  ctx.out.sessions.push({ id: ctx.state.sid, provider: 'codex', cwd });
}

function reasoning(ctx: LineCtx, p: Obj, subtype: string): void {
  // Only the summary: `content` may hold raw reasoning and `encrypted_content` is opaque.
  const parts: string[] = [];
  for (const s of arr(p.summary) ?? []) {
    const t = isObj(s) ? str(s.text) : str(s);
    if (t) parts.push(t);
  }
  const duplicate = isRepeat(
    ctx.state,
    'r',
    'P',
    parts.map((t) => [fingerprint(t)]),
  );
  const text = parts.length > 0 ? parts.join('\n\n') : undefined;
  emit(ctx, 'reasoning', subtype, { role: 'assistant', text, model: modelOf(ctx), duplicate });
}

/** Emit a tool_call; a call id already called (an event copy came first) is a repeat. */
export function toolCall(ctx: LineCtx, subtype: string, tool: ToolInfo): void {
  const duplicate = tool.callId !== undefined && seenBefore(ctx.state.calls, tool.callId);
  emit(ctx, 'tool_call', subtype, { role: 'assistant', model: modelOf(ctx), tool, duplicate });
}

/** Emit a tool_result; the second result of one call id (output item vs `*_end` event) is a repeat. */
export function toolResult(ctx: LineCtx, subtype: string, tool: ToolInfo, text?: string, spawned?: string): void {
  const duplicate = tool.callId !== undefined && seenBefore(ctx.state.results, tool.callId);
  emit(ctx, 'tool_result', subtype, { role: 'tool', text, tool, duplicate, spawnedSessionId: spawned });
}

/** The query a web search names, for pairing a call with its `web_search_end`. */
export function webQuery(action: Obj | undefined, query?: unknown): string {
  const q = str(query) ?? str(action?.query) ?? str(action?.url) ?? str(arr(action?.queries)?.[0]);
  return q ? fingerprint(q) : '';
}

/** A call's tool name. Newer builds write an MCP tool as `{namespace: "mcp__server", name: "tool"}`;
 * it is named `mcp__server__tool`, as its `mcp_tool_call_end` and older builds name it. */
function namespaced(p: Obj): string | undefined {
  const name = str(p.name);
  const ns = str(p.namespace);
  if (!name || !ns?.startsWith('mcp__') || name.startsWith('mcp__')) return name;
  return ns.endsWith('__') ? `${ns}${name}` : `${ns}__${name}`;
}

const idOf = (p: Obj, prefix: string, offset: number): string =>
  str(p.call_id) || str(p.id) || `${prefix}@${offset}`;

/** Distinct searches remembered per file for their ids (oldest forgotten first). */
const MAX_SEARCHES = 2000;

/**
 * A search without an id is named by its content and how many identical ones came before it in
 * this file: the copy of a parent's history in a fork child gets the same names, so it is counted
 * once, while the same query asked twice stays two searches. The name is a hash of the redacted
 * content; the index keeps it keyed (`keyedContentId`), so it confirms no guess of a secret the
 * rules missed either.
 */
function searchId(state: CodexState, p: Obj): string {
  const fp = createHash('sha256').update(redactText(asText(p) ?? '')).digest('base64url').slice(0, 16);
  const n = state.searches[fp] ?? 0;
  delete state.searches[fp];
  state.searches[fp] = n + 1;
  const keys = Object.keys(state.searches);
  if (keys.length > MAX_SEARCHES) delete state.searches[keys[0]!];
  return `ws@${fp}#${n}`;
}

function webSearch(ctx: LineCtx, p: Obj, subtype: string): void {
  const action = obj(p.action);
  const own = str(p.call_id) || str(p.id) || searchId(ctx.state, p);
  const callId = pairWebSearch(ctx.state, 'call', own, webQuery(action)) ?? own;
  const tool: ToolInfo = { name: 'web_search', callId };
  if (action) tool.input = asText(action);
  toolCall(ctx, subtype, tool);
}

const RUNNING = /(?:^|\n)Process running with session ID (\d+)/;

function output(ctx: LineCtx, p: Obj, subtype: string): void {
  const info = outputInfo(p.output);
  const tool: ToolInfo = { ...info.tool };
  const callId = str(p.call_id);
  if (callId) {
    tool.callId = callId;
    followProcess(ctx.state, callId, info.text, tool);
  }
  toolResult(ctx, subtype, tool, info.text, info.spawned);
}

/**
 * A unified exec command that outlives its wait returns "Process running with session ID N";
 * `write_stdin` calls poll session N, and the one whose output has the exit code reports the
 * command's end: that result completes the call that started it.
 */
function followProcess(state: CodexState, callId: string, text: string | undefined, tool: ToolInfo): void {
  const polled = runningCall(state, `w:${callId}`);
  if (polled !== undefined) forgetRunning(state, `w:${callId}`);
  const started = polled ?? callId;
  // In a unified exec header only (before its `Output:`): the output itself may quote such a
  // line (a `cat` of a rollout), and other outputs have no header.
  const head = text === undefined ? '' : text.slice(0, 1000);
  const body = head.indexOf('\nOutput:\n');
  const running = body >= 0 ? RUNNING.exec(head.slice(0, body)) : null;
  if (running) rememberRunning(state, `s:${running[1]}`, started);
  else if (polled !== undefined && tool.exitCode !== undefined) {
    tool.completes = polled;
    const session = state.running?.find(([k, v]) => k.startsWith('s:') && v === polled)?.[0];
    if (session) forgetRunning(state, session);
  }
}

/** A `write_stdin` call: which running command it polls. */
function pollsProcess(state: CodexState, tool: ToolInfo, raw: unknown): void {
  if (tool.name !== 'write_stdin' || !tool.callId) return;
  const args = typeof raw === 'string' ? parseObject(raw) : isObj(raw) ? raw : undefined;
  const id = args?.session_id;
  const started = typeof id === 'number' || typeof id === 'string' ? runningCall(state, `s:${id}`) : undefined;
  if (started) rememberRunning(state, `w:${tool.callId}`, started);
}

const OPAQUE_ITEMS = new Set([
  'ghost_snapshot',
  'compaction',
  'compaction_summary',
  'context_compaction',
  'compaction_trigger',
  'configuration_update',
  'additional_tools',
  'other',
]);

/** One response item: an envelope payload, or a bare 2025 / TS-era item. */
export function responseItem(ctx: LineCtx, p: Obj): void {
  const type = str(p.type);
  if (type === undefined) {
    unknown(ctx, 'response_item');
    return;
  }
  const subtype = `response_item/${type}`;
  const { state, offset } = ctx;
  switch (type) {
    case 'message':
      message(ctx, p, subtype);
      return;
    case 'reasoning':
      reasoning(ctx, p, subtype);
      return;
    case 'function_call': {
      const tool = callInfo(namespaced(p), idOf(p, 'fc', offset), p.arguments, state.cwd);
      pollsProcess(state, tool, p.arguments);
      toolCall(ctx, subtype, tool);
      return;
    }
    case 'custom_tool_call':
      toolCall(ctx, subtype, callInfo(str(p.name), idOf(p, 'ctc', offset), p.input, state.cwd));
      return;
    case 'local_shell_call':
      toolCall(ctx, subtype, localShellInfo(idOf(p, 'ls', offset), obj(p.action), state.cwd));
      return;
    case 'web_search_call':
      webSearch(ctx, p, subtype);
      return;
    case 'tool_search_call':
      toolCall(ctx, subtype, { name: 'tool_search', callId: idOf(p, 'tsc', offset), input: asText(p.arguments) });
      return;
    case 'image_generation_call': {
      // `result` is the generated image (base64): never text.
      const tool: ToolInfo = { name: 'image_generation', callId: idOf(p, 'ig', offset) };
      const prompt = str(p.revised_prompt);
      if (prompt) tool.input = prompt;
      toolCall(ctx, subtype, tool);
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output':
      output(ctx, p, subtype);
      return;
    case 'tool_search_output': {
      const names = (arr(p.tools) ?? []).map((t) => (isObj(t) ? str(t.name) : undefined)).filter(Boolean);
      const tool: ToolInfo = {};
      const callId = str(p.call_id);
      if (callId) tool.callId = callId;
      toolResult(ctx, subtype, tool, names.length > 0 ? names.join(', ') : undefined);
      return;
    }
    case 'agent_message': {
      // A message between agents (2026): delivered by the harness, not typed by a user.
      const content = arr(p.content);
      const text = content ? contentText(content).text : undefined;
      emit(ctx, 'meta', subtype, { role: str(p.author), text: text || undefined });
      return;
    }
    default:
      if (OPAQUE_ITEMS.has(type)) {
        emit(ctx, 'meta', subtype);
        return;
      }
      unknown(ctx, subtype);
      return;
  }
}
