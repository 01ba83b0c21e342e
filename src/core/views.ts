// The shapes the read side hands out: CLI --json, the HTTP API, the library API and the
// dashboard (which imports these types too). Types only; nothing here imports Node modules.
import type { TokenCounts } from './types.ts';

export interface SessionSummary {
  id: string;
  provider: string;
  parentId: string | null;
  parentCallId: string | null;
  forkedFromId: string | null;
  isSubagent: boolean;
  agentType: string | null;
  title: string | null;
  cwd: string | null;
  gitBranch: string | null;
  cliVersion: string | null;
  models: string[];
  startedAt: string | null;
  endedAt: string | null;
  events: number;
  prompts: number;
  toolCalls: number;
  toolErrors: number;
  tokens: TokenCounts;
  subagentTokens: TokenCounts;
  redactions: Record<string, number>;
}

/** A session list's answer to a full-text query: the session's first matching event. */
export interface SessionMatch {
  eventId: string;
  kind: string;
  /** Around the match, terms marked « » (from the event's stored preview). */
  snippet: string;
  /** The match is past the preview: the snippet is the event's start. */
  further: boolean;
}

export interface EventOut {
  id: string;
  /** Position in the index (timeline order within a session; use as a paging cursor). */
  seq: number;
  sessionId: string;
  provider: string;
  kind: string;
  subtype: string;
  ts: string | null;
  model: string | null;
  tool: string | null;
  callId: string | null;
  command: string | null;
  exitCode: number | null;
  durationMs: number | null;
  isError: boolean;
  errorKind: string | null;
  duplicate: boolean;
  truncated: boolean;
  text: string | null;
  snippet?: string;
}

/** A session's calls of one tool (its own calls: not copies another session owns). */
export interface ToolUse {
  name: string;
  calls: number;
  errors: number;
  /** Time its calls took, where the transcript gives it. */
  durationMs: number;
}

/** A file a session's tool calls named (read, edited, written, patched), redacted like every path. */
export interface FileUse {
  path: string;
  calls: number;
  /** The tools that named it. */
  tools: string[];
}

export interface UsagePoint {
  ts: string | null;
  model: string | null;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  /** False when another session owns this call's usage key (it is in that session's totals). */
  counted: boolean;
  /** Calls merged into this point (a long session's series is merged into 2,000 runs of calls):
   * their token sums, the time of the last. Absent for a single call. */
  calls?: number;
}

export interface UsageDay {
  /** UTC day of the call (the session start when the call has no timestamp). */
  day: string | null;
  model: string | null;
  provider: string;
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
  /** Sessions with calls that day for that model. */
  sessions: number;
}

export const SESSION_SORT_KEYS = ['started', 'duration', 'tokens', 'errors', 'toolCalls'] as const;
export type SessionSortKey = (typeof SESSION_SORT_KEYS)[number];
/** A sort key, `-` first for descending. */
export type SessionSort = SessionSortKey | `-${SessionSortKey}`;
