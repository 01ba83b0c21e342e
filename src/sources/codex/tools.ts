// Tool calls and their outputs: command, cwd and touched files of a call; text, exit code,
// duration and error flag of an output, from every writer generation (FORMATS a.7).
import { shellJoin } from '../../core/shell.ts';
import type { ToolInfo } from '../../core/types.ts';
import { type Obj, arr, asText, isObj, num, obj, str } from '../json.ts';

/** Exit-code sniffing reads only the head of an output: the unified-exec header sits there. */
const SNIFF_BYTES = 4096;
/** Larger argument strings are kept as input but not parsed for command/files. */
const MAX_ARGS_PARSE = 2_000_000;

export { shellJoin };

/** The string arguments of an argv array (what `shellJoin` joins). */
export const argvOf = (argv: unknown[]): string[] => argv.filter((a): a is string => typeof a === 'string');

const PATCH_FILE = /^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/gm;

/** Paths named by an apply_patch envelope (`*** Add/Update/Delete File: p`, `*** Move to: p`). */
export function patchFiles(text: string, into: Set<string> = new Set()): Set<string> {
  if (!text.includes('*** Begin Patch')) return into;
  for (const m of text.matchAll(PATCH_FILE)) {
    const p = m[1]?.trim();
    if (p) into.add(p);
  }
  return into;
}

function parseArgs(raw: unknown): Obj | undefined {
  if (isObj(raw)) return raw;
  if (typeof raw !== 'string' || raw.length > MAX_ARGS_PARSE || !raw.startsWith('{')) return undefined;
  try {
    return obj(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/** Command text of a shell-like call: argv arrays (`shell`, local_shell), `command` strings, `cmd`.
 * An argv is kept too: ingest redacts it as an array and joins the result (`ToolInfo.argv`). */
function commandOf(args: Obj): Pick<ToolInfo, 'command' | 'argv'> | undefined {
  const c = args.command;
  if (Array.isArray(c)) return c.length > 0 ? { command: shellJoin(c), argv: argvOf(c) } : undefined;
  const s = str(c) ?? str(args.cmd);
  return s === undefined ? undefined : { command: s };
}

/**
 * ToolInfo of a call. `raw` is the `arguments` string/object or the custom tool `input`;
 * `cwd` is the turn's cwd, used when a command names no working directory.
 */
export function callInfo(name: string | undefined, callId: string, raw: unknown, cwd: string | undefined): ToolInfo {
  const tool: ToolInfo = { callId };
  if (name) tool.name = name;
  const input = asText(raw);
  if (input !== undefined) tool.input = input;
  const args = parseArgs(raw);
  const files = new Set<string>();
  if (typeof raw === 'string' && name === 'apply_patch') patchFiles(raw, files);
  if (args) {
    const shell = commandOf(args);
    const command = shell?.command;
    if (command !== undefined) tool.command = command;
    if (shell?.argv) tool.argv = shell.argv;
    const dir = str(args.workdir) ?? str(args.working_directory) ?? str(args.cwd);
    if (dir) tool.cwd = dir;
    for (const k of ['input', 'patch'] as const) {
      const v = str(args[k]);
      if (v) patchFiles(v, files);
    }
    if (command) patchFiles(command, files);
  }
  if (tool.command !== undefined && tool.cwd === undefined && cwd) tool.cwd = cwd;
  if (files.size > 0) tool.files = [...files];
  return tool;
}

/** `local_shell_call.action` → ToolInfo. */
export function localShellInfo(callId: string, action: Obj | undefined, cwd: string | undefined): ToolInfo {
  const tool: ToolInfo = { name: 'local_shell', callId };
  if (!action) return tool;
  tool.input = asText(action);
  const argv = arr(action.command);
  if (argv && argv.length > 0) {
    tool.command = shellJoin(argv);
    tool.argv = argvOf(argv);
    const files = patchFiles(tool.command);
    if (files.size > 0) tool.files = [...files];
  }
  const dir = str(action.working_directory) ?? cwd;
  if (dir) tool.cwd = dir;
  return tool;
}

/** Text of Responses-API content items; images become a placeholder, ciphertext is dropped. */
export function contentText(items: unknown[]): { text: string; first?: string } {
  const parts: string[] = [];
  let first: string | undefined;
  for (const it of items) {
    if (typeof it === 'string') {
      parts.push(it);
      continue;
    }
    if (!isObj(it)) continue;
    const t = str(it.text) ?? str(it.refusal);
    if (t !== undefined) {
      parts.push(t);
      first ??= t;
    } else if (it.type === 'input_image' || it.type === 'image' || it.type === 'output_image') {
      parts.push('[image]');
    }
  }
  return first === undefined ? { text: parts.join('\n') } : { text: parts.join('\n'), first };
}

/** What an output says about its call, beyond the callId. */
export interface OutputInfo {
  text?: string;
  tool: Omit<ToolInfo, 'callId'>;
  /** Thread id named by a spawn_agent output (`{"agent_id": …}`). */
  spawned?: string;
}

/** Unified exec (`Process exited with code N`) and the freeform shell format (`Exit code: N`). */
const EXITED = /(?:^|\n)(?:Process exited with code |Exit code: )(-?\d+)/;
const WALL = /Wall time: ([0-9]+(?:\.[0-9]+)?) seconds/;
const EXIT_CODE_ANY = /exit[ _]code:? (-?\d+)/;

/** Milliseconds from seconds, rounded to whole ms. */
export const secondsToMs = (s: number): number => Math.round(s * 1000);

/** `{secs, nanos}` (serde Duration) → ms. */
export function durationMs(v: unknown): number | undefined {
  const d = obj(v);
  const secs = num(d?.secs);
  if (secs === undefined) return undefined;
  return Math.round(secs * 1000 + (num(d?.nanos) ?? 0) / 1e6);
}

/** Mark a non-zero exit code as an error unless a more specific kind is already set. */
export function applyExitCode(tool: Omit<ToolInfo, 'callId'>, code: number | undefined): void {
  if (code === undefined) return;
  tool.exitCode = code;
  if (code !== 0) {
    tool.isError = true;
    tool.errorKind ??= 'exit_code';
  }
}

/** What codex-rs answers the model when it could not run a call (`FunctionCallError::RespondToModel`). */
const TOOL_REFUSALS = [
  'apply_patch verification failed',
  'failed to parse function arguments',
  'unsupported call: ',
  'unsupported custom tool call',
  // tools/events.rs (`ToolError::Codex`) and the unified-exec handler.
  'execution error: ',
  'write_stdin failed: ',
];

/** Sniff the plain-text forms: exec headers, sandbox failures, `err:`/`error:` prefixes. */
function sniffText(s: string, tool: Omit<ToolInfo, 'callId'>): void {
  let head = s.length > SNIFF_BYTES ? s.slice(0, SNIFF_BYTES) : s;
  const body = head.indexOf('\nOutput:\n');
  if (body >= 0) head = head.slice(0, body);
  const exited = EXITED.exec(head);
  if (exited) applyExitCode(tool, Number(exited[1]));
  const wall = WALL.exec(head);
  if (wall) tool.durationMs = secondsToMs(Number(wall[1]));
  if (exited) return;
  if (head.startsWith('failed in sandbox') || head.includes('Sandbox(Denied') || head.startsWith('exec_command failed')) {
    tool.isError = true;
    tool.errorKind = head.includes('andbox') ? 'sandbox' : 'tool_error';
    const code = EXIT_CODE_ANY.exec(head);
    if (code) tool.exitCode = Number(code[1]);
  } else if (head.startsWith('err: ')) {
    tool.isError = true;
    tool.errorKind = 'mcp_error';
  } else if (head.startsWith('error: ') || TOOL_REFUSALS.some((r) => head.startsWith(r))) {
    tool.isError = true;
    tool.errorKind = 'tool_error';
  } else if (head === 'aborted' || head.startsWith('aborted by user')) {
    tool.isError = true;
    tool.errorKind = 'interrupted';
  } else if (head.slice(0, 200).includes('rejected by user')) {
    tool.isError = true;
    tool.errorKind = 'rejected';
  }
}

/** `{"output": …, "metadata": {"exit_code", "duration_seconds"}}` written as a JSON string. */
function metadataForm(s: string): Obj | undefined {
  if (!s.startsWith('{"output"') && !s.startsWith('{"metadata"')) return undefined;
  try {
    const o = obj(JSON.parse(s));
    return o && (o.output !== undefined || isObj(o.metadata)) ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Parse a function_call_output / custom_tool_call_output `output` of any shape. */
export function outputInfo(output: unknown): OutputInfo {
  const info: OutputInfo = { tool: {} };
  if (typeof output === 'string') {
    const meta = metadataForm(output);
    if (meta) {
      const inner = meta.output;
      info.text = typeof inner === 'string' ? inner : Array.isArray(inner) ? contentText(inner).text : asText(inner);
      const md = obj(meta.metadata);
      const secs = num(md?.duration_seconds);
      if (secs !== undefined) info.tool.durationMs = secondsToMs(secs);
      applyExitCode(info.tool, num(md?.exit_code));
      return info;
    }
    info.text = output;
    if (output.startsWith('{"agent_id"')) {
      const id = str(parseArgs(output)?.agent_id);
      if (id) info.spawned = id;
    }
    sniffText(output, info.tool);
    return info;
  }
  const items = Array.isArray(output) ? output : isObj(output) && typeof output.type === 'string' ? [output] : undefined;
  if (items) {
    info.text = contentText(items).text;
    const firstText = info.text;
    if (firstText) sniffText(firstText, info.tool);
  } else {
    const t = asText(output);
    if (t !== undefined) info.text = t;
  }
  return info;
}
