// The normalized vocabulary every stage shares. Sources produce these; ingest,
// store and views consume them. Nothing here imports other project modules.

export const PROVIDERS = ['codex', 'claude'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const EVENT_KINDS = [
  'user_prompt', // text a human typed
  'assistant_text', // model-visible assistant output
  'reasoning', // reasoning *summary* or transcript-visible thinking text (never encrypted blobs)
  'tool_call', // one tool invocation by the model
  'tool_result', // the output of a tool invocation (paired by callId)
  'system', // system / lifecycle lines (compaction, turn boundaries, errors, api errors)
  'meta', // injected context, scaffolding, settings snapshots, snapshots, summaries of branches
  'usage', // token accounting line with no other content
  'hook', // live hook payload
  'wrapper', // tcodex / tclaude invocation metadata
  'custom', // intake
  'unknown', // line type the parser does not know; raw kept, counted
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** OpenTelemetry meaning: input ⊇ cacheRead, cacheWrite; output ⊇ reasoning. */
export interface TokenCounts {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
}

export const zeroTokens = (): TokenCounts => ({ input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 });

export interface ToolInfo {
  name?: string;
  /** Pairs a call with its result(s): Codex call_id, Claude tool_use id. */
  callId?: string;
  /** Raw arguments / input as text (JSON-encoded when structured). Unredacted. */
  input?: string;
  /** Shell command when the tool runs one (joined argv or the command string). Unredacted. */
  command?: string;
  /** The argv `command` was joined from, when the call gave an array (Codex shell, local_shell,
   * exec_command_end). Ingest redacts it in this form, then joins it for the command column:
   * shell quoting (`'-pXXX'`, `'\''`) would hide the context the secret rules need. Unredacted. */
  argv?: string[];
  cwd?: string;
  files?: string[];
  exitCode?: number;
  durationMs?: number;
  isError?: boolean;
  /** e.g. 'exit_code', 'tool_error', 'rejected', 'interrupted', 'mcp_error', 'sandbox'. */
  errorKind?: string;
  /** On a result: the call whose process it reports the end of (a Codex `write_stdin` that polled
   * a command still running when its `exec_command` returned). Its exit code is that call's. */
  completes?: string;
}

export interface UsageInfo {
  /**
   * De-duplication key for this LLM call. Claude: `${message.id}:${requestId}`;
   * Codex: the cumulative total tuple. Equal keys in one session keep the largest
   * count; equal keys across sessions are counted once, for the owning session.
   */
  key: string;
  /** Claude: the API message id the key is made of. A sidechain's replay of its parent's message
   * (`/btw`, a compaction agent) may carry another request id: the same message is the same call. */
  message?: string;
  tokens: TokenCounts;
  model?: string;
  /** Further model calls made within this one and counted apart from it (Claude: an advisor's
   * consultation, a server-side compaction), each with its own key and model. */
  also?: UsageInfo[];
}

export interface NormalizedEvent {
  kind: EventKind;
  /** Source discriminator, e.g. 'response_item/function_call', 'assistant/tool_use'. */
  subtype: string;
  /** Session this event belongs to (a file may hold subagent sidechains). */
  sessionId: string;
  timestamp?: string;
  role?: string;
  model?: string;
  /** Display / search text, unredacted. Ingest redacts before anything leaves the store. */
  text?: string;
  /** Secrets the reading found in this event's text by what the call ran rather than by a rule
   * (what `printenv DB_PASSWORD` printed, an answer typed at a password prompt): set by ingest
   * (StreamParser.learn), redacted with the rest. */
  printed?: string[];
  /** A command run outside the model's tool calls and what it printed (a Claude hook's `command` and `stdout`): read as a
   * call's output is, for the secrets it prints. Unredacted. */
  shell?: { command: string; output: string };
  tool?: ToolInfo;
  usage?: UsageInfo;
  /**
   * Content repeated from another stream (Codex display log vs protocol log): kept for
   * the timeline, but not counted as a prompt/tool call and not full-text indexed.
   */
  duplicate?: boolean;
  /** Scaffolding injected into the conversation (environment context, AGENTS.md...). */
  scaffold?: boolean;
  /**
   * A line of another session carried in this session's file (a resumed Claude session opens
   * with the earlier one's lines): on its timeline and searchable, but its prompts and times
   * are the earlier session's.
   */
  copied?: boolean;
  /** Tool call ended by the user / aborted turn / interrupted. */
  aborted?: boolean;
  /** Set on a Task/Agent tool result that names the subagent it spawned. */
  spawnedSessionId?: string;
  /**
   * What the spawning call's result reports as the usage of the subagent's last model call
   * (Claude's Task/Agent `toolUseResult.usage`). The subagent's own transcript may hold only a
   * streaming early count of that call's output; the store corrects it from this.
   */
  spawnedUsage?: TokenCounts;
}

/** Facts about a session, merged field by field as lines reveal them (later non-empty wins unless noted). */
export interface SessionPatch {
  id: string;
  provider: Provider;
  /** Subagent parent session id. */
  parentId?: string;
  /** Parent's tool call (Task / spawn_agent) that started this subagent. */
  parentCallId?: string;
  forkedFromId?: string;
  cwd?: string;
  gitBranch?: string;
  gitCommit?: string;
  gitRepo?: string;
  cliVersion?: string;
  originator?: string;
  /** Session start as written by the header; without one the store uses the earliest event timestamp. */
  startedAt?: string;
  title?: string;
  isSubagent?: boolean;
  agentId?: string;
  agentType?: string;
}

/** What a parser returns for one physical line. */
export interface ParsedLine {
  events: NormalizedEvent[];
  sessions: SessionPatch[];
  /** The line was not JSON / not an object. */
  malformed?: boolean;
  /** A JSON line whose type the parser does not know (still stored raw, counted). */
  unknownType?: string;
}
