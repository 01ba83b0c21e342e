// event_msg payloads (the display log, FORMATS a.6) → events.
import type { ToolInfo } from '../../core/types.ts';
import { type Obj, arr, asText, bool, num, obj, str } from '../json.ts';
import { fingerprint, isRepeat, pairWebSearch } from './dedupe.ts';
import { isScaffoldText, toolCall, toolResult, webQuery } from './items.ts';
import { type LineCtx, emit, modelOf, unknown } from './line.ts';
import { tokenCountUsage } from './tokens.ts';
import { applyExitCode, argvOf, contentText, durationMs, shellJoin } from './tools.ts';

const SYSTEM_EVENTS = new Set([
  'task_started',
  'turn_started',
  'task_complete',
  'turn_complete',
  'context_compacted',
  'error',
  'stream_error',
  'warning',
  'entered_review_mode',
  'exited_review_mode',
  'undo_completed',
  'thread_rolled_back',
  'thread_name_updated',
  'thread_goal_updated',
  'sub_agent_activity',
  'guardian_assessment',
  'plan_update',
]);

const META_EVENTS = new Set(['agent_reasoning_section_break', 'item_completed', 'thread_settings_applied']);

const errorText = (e: unknown): string | undefined => str(e) ?? str(obj(e)?.message) ?? asText(e);

/** The human-meaningful text of a lifecycle event, when it has one. */
function systemText(type: string, p: Obj): string | undefined {
  switch (type) {
    case 'task_complete':
    case 'turn_complete':
      return p.error == null ? undefined : errorText(p.error);
    case 'error':
    case 'stream_error':
    case 'warning':
      return str(p.message) ?? errorText(p.error);
    case 'entered_review_mode':
      return str(p.user_facing_hint);
    case 'exited_review_mode':
      return str(obj(p.review_output)?.overall_explanation);
    case 'undo_completed':
      return str(p.message);
    case 'thread_name_updated':
      return str(p.thread_name);
    case 'thread_goal_updated':
      return str(obj(p.goal)?.objective);
    case 'guardian_assessment':
      return str(p.rationale);
    default:
      return undefined;
  }
}

function displayText(ctx: LineCtx, p: Obj, subtype: string, type: string): void {
  const text = str(type === 'agent_reasoning' ? p.text : p.message) ?? '';
  const cls = type === 'user_message' ? 'u' : type === 'agent_message' ? 'a' : 'r';
  if (cls === 'u' && isScaffoldText(text)) {
    emit(ctx, 'meta', subtype, { role: 'user', text, scaffold: true });
    return;
  }
  const duplicate = text !== '' && isRepeat(ctx.state, cls, 'D', [[fingerprint(text)]]);
  const hasImages = (arr(p.images)?.length ?? 0) + (arr(p.local_images)?.length ?? 0) > 0;
  const shown = text !== '' ? text : hasImages ? '[image]' : undefined;
  if (cls === 'u') emit(ctx, 'user_prompt', subtype, { role: 'user', text: shown, duplicate });
  else if (cls === 'a') emit(ctx, 'assistant_text', subtype, { role: 'assistant', text: shown, model: modelOf(ctx), duplicate });
  else emit(ctx, 'reasoning', subtype, { role: 'assistant', text: shown, model: modelOf(ctx), duplicate });
}

const callIdOf = (p: Obj): string | undefined => str(p.call_id) || str(p.callId) || undefined;

function withCallId(p: Obj, tool: ToolInfo = {}): ToolInfo {
  const id = callIdOf(p);
  if (id) tool.callId = id;
  return tool;
}

function execEnd(ctx: LineCtx, p: Obj, subtype: string): void {
  const tool = withCallId(p);
  const argv = arr(p.command);
  if (argv && argv.length > 0) {
    tool.command = shellJoin(argv);
    tool.argv = argvOf(argv);
  }
  const cwd = str(p.cwd);
  if (cwd) tool.cwd = cwd;
  const ms = durationMs(p.duration);
  if (ms !== undefined) tool.durationMs = ms;
  if (p.status === 'declined') {
    tool.isError = true;
    tool.errorKind = 'rejected';
  }
  // The end of a `write_stdin` interaction (`source: unified_exec_interaction`) is a poll's, not
  // a command's: its exit code is 0 while the command still runs, and the command's own end
  // event (or the poll's output, see followProcess) gives the real one.
  if (p.source !== 'unified_exec_interaction') applyExitCode(tool, num(p.exit_code));
  // Extended persistence empties stdout/stderr and keeps a capped aggregated_output.
  const text = str(p.aggregated_output) || [str(p.stdout), str(p.stderr)].filter(Boolean).join('\n') || undefined;
  toolResult(ctx, subtype, tool, text);
}

function mcpEnd(ctx: LineCtx, p: Obj, subtype: string): void {
  const tool = withCallId(p);
  const inv = obj(p.invocation);
  const server = str(inv?.server);
  const name = str(inv?.tool);
  if (server && name) tool.name = `mcp__${server}__${name}`;
  // The arguments are not shown, but a secret among them is looked for in the result too.
  const args = inv?.arguments === undefined ? undefined : asText(inv.arguments);
  if (args) tool.input = args;
  const ms = durationMs(p.duration);
  if (ms !== undefined) tool.durationMs = ms;
  const result = obj(p.result);
  let text: string | undefined;
  if (result && 'Err' in result) {
    tool.isError = true;
    tool.errorKind = 'mcp_error';
    text = errorText(result.Err);
  } else {
    const ok = obj(result?.Ok);
    const content = arr(ok?.content);
    text = content ? contentText(content).text || undefined : undefined;
    if (ok?.isError === true || ok?.is_error === true) {
      tool.isError = true;
      tool.errorKind = 'mcp_error';
    }
  }
  toolResult(ctx, subtype, tool, text);
}

function patchEnd(ctx: LineCtx, p: Obj, subtype: string): void {
  const tool = withCallId(p, { name: 'apply_patch' });
  const changes = obj(p.changes);
  if (changes && Object.keys(changes).length > 0) tool.files = Object.keys(changes);
  if (bool(p.success) === false) {
    tool.isError = true;
    tool.errorKind = 'tool_error';
  }
  toolResult(ctx, subtype, tool, str(p.stdout) || str(p.stderr) || undefined);
}

function webSearchEnd(ctx: LineCtx, p: Obj, subtype: string): void {
  const own = callIdOf(p) ?? `wse@${ctx.offset}`;
  const callId = pairWebSearch(ctx.state, 'end', own, webQuery(obj(p.action), p.query)) ?? own;
  toolResult(ctx, subtype, { name: 'web_search', callId }, str(p.query));
}

function toolEvent(ctx: LineCtx, p: Obj, subtype: string, type: string): boolean {
  switch (type) {
    case 'exec_command_end':
      execEnd(ctx, p, subtype);
      return true;
    case 'patch_apply_end':
      patchEnd(ctx, p, subtype);
      return true;
    case 'mcp_tool_call_end':
      mcpEnd(ctx, p, subtype);
      return true;
    case 'web_search_end':
      webSearchEnd(ctx, p, subtype);
      return true;
    case 'view_image_tool_call': {
      const path = str(p.path);
      toolCall(ctx, subtype, withCallId(p, path ? { name: 'view_image', files: [path] } : { name: 'view_image' }));
      return true;
    }
    case 'dynamic_tool_call_request': {
      const tool = withCallId(p);
      const name = str(p.tool);
      if (name) tool.name = name;
      const input = asText(p.arguments);
      if (input !== undefined) tool.input = input;
      toolCall(ctx, subtype, tool);
      return true;
    }
    case 'dynamic_tool_call_response': {
      const tool = withCallId(p);
      const ms = durationMs(p.duration);
      if (ms !== undefined) tool.durationMs = ms;
      if (p.success === false || (p.error !== undefined && p.error !== null)) {
        tool.isError = true;
        tool.errorKind = 'tool_error';
      }
      const items = arr(p.content_items);
      toolResult(ctx, subtype, tool, items ? contentText(items).text || undefined : undefined);
      return true;
    }
    case 'image_generation_end':
      toolResult(ctx, subtype, withCallId(p, { name: 'image_generation' }));
      return true;
  }
  if (type === 'collab_tool_call' || (type.startsWith('collab_') && type.endsWith('_end'))) {
    // Structured results of spawn_agent / wait / close / send_input calls.
    const spawned = str(p.new_thread_id);
    toolResult(ctx, subtype, withCallId(p), undefined, spawned);
    return true;
  }
  return false;
}

export function eventMsg(ctx: LineCtx, p: Obj): void {
  const type = str(p.type);
  if (type === undefined) {
    unknown(ctx, 'event_msg');
    return;
  }
  const subtype = `event_msg/${type}`;
  const { state } = ctx;
  if (type === 'user_message' || type === 'agent_message' || type === 'agent_reasoning') {
    displayText(ctx, p, subtype, type);
    return;
  }
  if (type === 'agent_reasoning_raw_content') {
    emit(ctx, 'reasoning', subtype, { role: 'assistant', text: str(p.text) || undefined, model: modelOf(ctx) });
    return;
  }
  if (type === 'token_count') {
    const usage = tokenCountUsage(p, state, `codex-event:${ctx.file}@${ctx.offset}`);
    emit(ctx, 'usage', subtype, { usage, model: usage?.model ?? modelOf(ctx) });
    return;
  }
  if (type === 'turn_aborted') {
    emit(ctx, 'system', subtype, { text: str(p.reason), aborted: true });
    return;
  }
  if (toolEvent(ctx, p, subtype, type)) return;
  if (SYSTEM_EVENTS.has(type)) {
    emit(ctx, 'system', subtype, { text: systemText(type, p) });
    if (type === 'thread_name_updated' && str(p.thread_name)) {
      ctx.out.sessions.push({ id: state.sid, provider: 'codex', title: str(p.thread_name) });
    }
    return;
  }
  if (type === 'injected_message') {
    // A message the runtime put into the turn (`source: "steer"`: what the user typed while the agent worked), shown as
    // the transcript's display text of it; the model's input holds it too, so it is no prompt of its own here.
    // (Its content a string; a list of `input_text` items read too, should a build write one.)
    const content = str(p.content) ?? arr(p.content)?.map((c) => str(obj(c)?.text) ?? '').filter((x) => x).join('\n');
    emit(ctx, 'meta', subtype, { role: 'user', text: content || undefined });
    return;
  }
  if (META_EVENTS.has(type)) {
    const settingsModel = str(obj(p.thread_settings)?.model);
    if (settingsModel) state.model = settingsModel;
    const item = obj(p.item);
    const plan = item?.type === 'Plan' ? str(item.text) : undefined;
    emit(ctx, 'meta', subtype, { text: plan });
    return;
  }
  unknown(ctx, subtype);
}

