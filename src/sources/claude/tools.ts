// tool_use → ToolInfo of a call; tool_result (+ the line's toolUseResult) → ToolInfo of a result.
import type { TokenCounts, ToolInfo } from '../../core/types.ts';
import { asText, type Obj, num, obj, str } from '../json.ts';
import type { PendingCall } from './state.ts';
import { contentText } from './text.ts';
import { tokensOf, usageCountsValid } from './usage.ts';

const FILE_KEYS = ['file_path', 'path', 'notebook_path'] as const;

/** Tools whose result names a sub-agent (Task before 2.1.x, Agent after). */
export const isSpawnTool = (name: string | undefined): boolean => name === 'Task' || name === 'Agent';

export function callInfo(b: Obj, cwd: string | undefined): ToolInfo {
  const tool: ToolInfo = {};
  const name = str(b.name);
  const id = str(b.id);
  const input = asText(b.input);
  if (name) tool.name = name;
  if (id) tool.callId = id;
  if (input !== undefined) tool.input = input;
  const inp = obj(b.input);
  if (!inp) return tool;
  const command = str(inp.command);
  if (command) {
    tool.command = command;
    if (cwd) tool.cwd = cwd;
  }
  const files: string[] = [];
  for (const k of FILE_KEYS) {
    const f = str(inp[k]);
    if (f) files.push(f);
  }
  if (files.length > 0) tool.files = files;
  return tool;
}

export interface ErrorClass {
  kind: string;
  exitCode?: number;
  aborted: boolean;
}

const EXIT_CODE = /^Exit code (-?\d+)/;
const PERMISSION = [
  'Claude requested permissions to',
  // (`This command requires approval`, and `This Bash command contains multiple operations. The
  // following part requires approval: …`.)
  'requires approval',
  'was blocked. For security',
];
/** Refusals Claude Code writes as the whole result (don't-ask mode, a denied rule). */
const PERMISSION_DENIED = ['Permission to use ', 'Permission for this tool use was denied'];
/** A PreToolUse hook that blocked the call (exit code 2): `PreToolUse:Bash hook error: …`. */
const HOOK_BLOCKED = /^PreToolUse:\S{1,100} hook error/;

/** Why a tool_result with is_error failed, from the start of its text. A shell error without a
 * recognised prefix is its command's output (1.0.x did not print "Exit code N"): a non-zero exit. */
export function classifyError(text: string, shell: boolean): ErrorClass {
  const head = (text.length > 300 ? text.slice(0, 300) : text).trimStart();
  const m = EXIT_CODE.exec(head);
  if (m) return { kind: 'exit_code', exitCode: Number(m[1]), aborted: false };
  if (head.startsWith('<tool_use_error>')) return { kind: 'tool_error', aborted: false };
  if (head.startsWith("The user doesn't want to")) return { kind: 'rejected', aborted: true };
  if (head.startsWith('[Request interrupted by user')) return { kind: 'interrupted', aborted: true };
  if (PERMISSION.some((p) => head.includes(p)) || PERMISSION_DENIED.some((p) => head.startsWith(p))) return { kind: 'permission', aborted: false };
  if (HOOK_BLOCKED.test(head)) return { kind: 'hook_blocked', aborted: false };
  return { kind: shell ? 'exit_code' : 'tool_error', aborted: false };
}

const AGENT_ID = /agentId: ([\w-]+)/;

/** Task/Agent results without toolUseResult still say "agentId: <id>" near the start or the end. */
function sniffAgentId(text: string): string | undefined {
  const m = AGENT_ID.exec(text.length > 4096 ? `${text.slice(0, 2048)}\n${text.slice(-2048)}` : text);
  return m?.[1];
}

function gapMs(from: string | undefined, to: string | undefined): number | undefined {
  if (!from || !to) return undefined;
  const d = Date.parse(to) - Date.parse(from);
  return Number.isFinite(d) && d >= 0 ? d : undefined;
}

export interface ResultInfo {
  tool: ToolInfo;
  text: string;
  aborted: boolean;
  /** Sub-agent a Task/Agent result names. */
  agentId?: string;
  agentType?: string;
  /** The usage of the sub-agent's last model call, as the result reports it when it ended. */
  agentUsage?: TokenCounts;
}

/** A server tool's result object as text: its text (an advisor's advice), its error code, a code run's output, or its type
 * alone (an `advisor_redacted_result` is encrypted: nothing of it is shown). */
function serverResultText(o: Obj, type: string, error: boolean): string {
  if (error) return `${type}: ${str(o.error_code) ?? 'error'}`;
  const out = [str(o.stdout), str(o.stderr)].filter((x) => x).join('\n');
  return str(o.text) ?? (out || `[${type}]`);
}

/** `tur` is the line's toolUseResult (lines carry exactly one tool_result); `callId` the call it answers. */
export function resultInfo(
  b: Obj,
  tur: unknown,
  callId: string | undefined,
  call: PendingCall | undefined,
  ts: string | undefined,
): ResultInfo {
  const t = obj(tur);
  // A server tool's result holds one object (`{type:'advisor_result', text}`, `{type:'web_search_tool_result_error',
  // error_code}`), not a list of blocks.
  const single = Array.isArray(b.content) ? undefined : obj(b.content);
  const singleType = single ? str(single.type) : undefined;
  // (A code run's result, `{type:'bash_code_execution_result', stdout, stderr, return_code}`, fails by its code.)
  const code = single ? num(single.return_code) : undefined;
  const failed = b.is_error !== false && singleType !== undefined && (singleType.endsWith('_error') || (code !== undefined && code !== 0));
  let text = single && singleType ? serverResultText(single, singleType, singleType.endsWith('_error')) : contentText(b.content);
  if (text.trim() === '') {
    // An empty block: the structured copy may still hold the output (Bash) or the error (a string).
    const out = t ? [str(t.stdout), str(t.stderr)].filter((x) => x).join('\n') : (str(tur) ?? '');
    if (out) text = out;
  }
  const name = call?.name || undefined;
  const tool: ToolInfo = {};
  if (name) tool.name = name;
  if (callId) tool.callId = callId;
  const isError = b.is_error === true || (b.is_error === undefined && t?.is_error === true) || failed;
  tool.isError = isError;
  const shell = name?.toLowerCase() === 'bash' || (t !== undefined && 'stdout' in t && 'interrupted' in t);
  let aborted = false;
  if (isError) {
    const e = classifyError(text, shell);
    tool.errorKind = e.kind;
    if (e.exitCode !== undefined) tool.exitCode = e.exitCode;
    aborted = e.aborted;
  }
  if (t?.interrupted === true) {
    tool.errorKind = 'interrupted';
    aborted = true;
  }
  const exit = num(t?.exitCode) ?? code;
  if (exit !== undefined) tool.exitCode = exit;
  // A shell result that does not fail exited 0, unless the transcript says otherwise: a command
  // still running in the background (its exit comes later, in a notification), one stopped, or
  // a non-zero exit Claude Code read as no failure (grep's "No matches found").
  else if (tool.exitCode === undefined && !isError && shell && !t?.backgroundTaskId && !t?.returnCodeInterpretation && t?.interrupted !== true) {
    tool.exitCode = 0;
  }
  const secs = num(t?.durationSeconds);
  const duration =
    num(t?.durationMs) ?? num(t?.totalDurationMs) ?? (secs !== undefined ? secs * 1000 : gapMs(call?.ts, ts));
  if (duration !== undefined) tool.durationMs = duration;
  const file = str(t?.filePath) || str(obj(t?.file)?.filePath);
  if (file) tool.files = [file];
  const res: ResultInfo = { tool, text, aborted };
  // toolUseResult.agentId is trusted from Task/Agent, or from an unknown call with the Task shape (a prompt).
  const spawn = isSpawnTool(name);
  let agentId = spawn || (name === undefined && str(t?.prompt) !== undefined) ? str(t?.agentId) : undefined;
  if (!agentId && spawn) agentId = sniffAgentId(text);
  if (agentId) {
    res.agentId = agentId;
    // (The result names the type from 2.1 on; before, only the call's input did.)
    const agentType = str(t?.agentType) || call?.agentType;
    if (agentType) res.agentType = agentType;
    const usage = obj(t?.usage);
    if (usage && usageCountsValid(usage)) res.agentUsage = tokensOf(usage);
  }
  return res;
}
