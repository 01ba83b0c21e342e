// Turns parser output into index rows: every string that will leave the encrypted store
// passes through the redactor here, once. Pure; shared by import and rebuild.
import { shellJoin } from '../core/shell.ts';
import type { NormalizedEvent, SessionPatch, TokenCounts, ToolInfo } from '../core/types.ts';
import { clip } from '../redact/clip.ts';
import { encodedNameSecrets } from '../redact/encoded-names.ts';
import type { SecretMemory } from '../redact/memory.ts';
import { findSecrets, type KnownSecret, redactJsonValue, redactSlice, redactTextCounted, redactValues, secretValues } from '../redact/redact.ts';
import { tableHitsFrom } from '../redact/tables.ts';
import { FLAG } from '../store/schema.ts';
import { searchableText } from './search-text.ts';

/** Full-text search covers each event's text up to this size; longer text is indexed by its
 * head and its tail (where errors and test summaries usually are). */
export const INDEX_TEXT_MAX = 32 * 1024;
const INDEX_TAIL = Math.floor(INDEX_TEXT_MAX / 4);
/** The index keeps a preview for lists and timelines; the whole (redacted) text is derived
 * from the sealed raw line on demand (`eventFullText`). */
export const PREVIEW_MAX = 300;
/** Commands are kept for listing; the full invocation is in the call's text. */
const COMMAND_MAX = 2000;
/** Context either side of a cut, so a secret straddling it is still recognized whole. */
const REDACT_MARGIN = 16 * 1024;

export interface EventRow {
  sessionId: string;
  kind: string;
  subtype: string;
  ts: string | null;
  model: string | null;
  /** Preview shown in lists and timelines (≤ PREVIEW_MAX). */
  text: string | null;
  /** Redacted text for the full-text index (≤ INDEX_TEXT_MAX); not stored. */
  searchText: string | null;
  /** The same as UTF-8, instead of `searchText`, in batches that crossed from the import worker. */
  searchBytes?: Uint8Array;
  toolName: string | null;
  callId: string | null;
  /** A result's: the call whose process it reports the end of (ToolInfo.completes). */
  completes?: string;
  command: string | null;
  cwd: string | null;
  files: string | null;
  exitCode: number | null;
  durationMs: number | null;
  isError: number;
  errorKind: string | null;
  flags: number;
  usage: (PreparedUsage & { also?: PreparedUsage[] }) | undefined;
  spawnedSessionId: string | undefined;
  spawnedUsage?: TokenCounts;
}

/** One model call's counts, as the index keeps them. */
export interface PreparedUsage {
  key: string;
  /** Claude: the API message id the key is made of (see UsageInfo.message). */
  message?: string;
  tokens: TokenCounts;
  model: string | null;
}

export type Counts = Record<string, number>;

/** Head and tail of a long text, each cut at the same place in the original text whatever
 * redaction does to its length; a secret straddling a cut becomes a whole marker. */
function headAndTail(value: string, counts: Counts, known?: readonly KnownSecret[], memory?: SecretMemory): string {
  // The middle is not indexed, but a secret its context shows there is followed like any other,
  // in the head and tail too (a token printed bare at the top of an output and as `TOKEN=…` in
  // its middle) and in later lines, as the whole text derived on request finds it.
  if (memory) findSecrets(value.slice(INDEX_TEXT_MAX - INDEX_TAIL, value.length - INDEX_TAIL), undefined, memory);
  const head = redactSlice(value, 0, INDEX_TEXT_MAX - INDEX_TAIL, counts, REDACT_MARGIN, known, memory);
  // The rows of a table whose header is further back than the margin reaches are values only under it.
  const tailFrom = value.length - INDEX_TAIL;
  const tail = redactSlice(value, tailFrom, value.length, counts, REDACT_MARGIN, known, memory, tableHitsFrom(value, tailFrom - REDACT_MARGIN));
  return `${head}\n…\n${tail}`;
}

/** `known`: secret values found in another field of the event, to be redacted here too;
 * `memory`: the secrets found earlier in the transcript, to be redacted here too (it learns the
 * ones found here). */
export function redactField(
  value: string | undefined,
  counts: Counts,
  cap = Number.POSITIVE_INFINITY,
  known?: readonly KnownSecret[],
  memory?: SecretMemory,
): { text: string | null; truncated: boolean } {
  if (value === undefined || value === '') return { text: null, truncated: false };
  if (value.length <= cap) return { text: redactTextCounted(value, counts, known, memory), truncated: false };
  if (cap === INDEX_TEXT_MAX) return { text: headAndTail(value, counts, known, memory), truncated: true };
  return { text: redactSlice(value, 0, cap, counts, REDACT_MARGIN, known, memory), truncated: true };
}

/** A short field (a model, a tool name, a branch): redacted like the text, with the transcript's memory. */
const short = (v: string | undefined, counts: Counts, memory: SecretMemory | undefined): string | null =>
  redactField(v, counts, 4096, undefined, memory).text;

/** A path or a branch (a working directory, `hotfix/…`): redacted like a short field, and a folder or branch name that
 * reads as generated (`/home/dev/wt-<random>`) as the stored path of its project folder is (encoded-names.ts): the
 * session list shows it. */
function pathField(v: string | undefined, counts: Counts, memory: SecretMemory | undefined): string | null {
  const text = short(v, counts, memory);
  if (!text) return text;
  // (Every character but letters and digits as '-', one for one: the spans found there are the text's.)
  // (To the end of its folder or branch name, not the path's: `…/worktrees/<random>/src/app` keeps `src/app`. Not Claude
  // Code's own session ids in its branch names, `claude/fix-login-011CUAbc…`.)
  const spans = encodedNameSecrets(text.replace(/[^A-Za-z0-9]/g, '-'), /[A-Za-z0-9-]+/g)
    .map((h) => ({ ...h, end: text.indexOf('/', h.start) < 0 ? h.end : Math.min(h.end, text.indexOf('/', h.start)) }))
    .filter((h) => h.end > h.start && !text.slice(h.start, h.end).includes('[REDACTED:') && !/^011C[A-Za-z0-9]{18,30}$/.test(text.slice(h.start, h.end)));
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const h of spans.sort((a, b) => a.start - b.start)) {
    if (h.start < at) continue;
    const value = text.slice(h.start, h.end);
    out += `${text.slice(at, h.start)}[REDACTED:${h.kind}]`;
    counts[h.kind] = (counts[h.kind] ?? 0) + 1;
    // (Remembered with the transcript's other secrets: the same name in its events' paths and texts goes too.)
    memory?.add(value, h.kind);
    at = h.end;
  }
  return out + text.slice(at);
}

/** The first `max` characters of an argv (the arguments past them dropped, the last one cut). */
function argvHead(argv: string[], max: number): string[] {
  const out: string[] = [];
  let left = max;
  for (const a of argv) {
    if (left <= 0) break;
    out.push(a.length > left ? a.slice(0, left) : a);
    left -= a.length + 1;
  }
  return out;
}

/**
 * The command column. An argv is redacted as a JSON array first, where `"-p…"`, `"--password",
 * "…"` and quoted values keep the context the rules need, and shell-quoted after: quoting first
 * (`'-p…'`, `'\''`) would hide it. The joined line passes the redactor as well.
 */
function commandField(tool: ToolInfo, counts: Counts, memory: SecretMemory | undefined): string | null {
  if (!tool.command) return null;
  const line = tool.argv?.length ? shellJoin(redactJsonValue(argvHead(tool.argv, COMMAND_MAX + REDACT_MARGIN), counts)) : tool.command;
  const known = argvSecrets(tool);
  return redactField(line, counts, COMMAND_MAX, known.length > 0 ? known : undefined, memory).text;
}

const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}T/;
/** One form for every stored time (UTC, milliseconds: `2026-03-01T10:00:00.000Z`), so times
 * compare and sort as text: transcripts also write microseconds, no fraction, or an offset. */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** A time without a zone is UTC (Date.parse would read it in this machine's zone). */
const NO_ZONE = /T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
export function cleanTimestamp(ts: string | undefined): string | null {
  if (!ts || !ISO_PREFIX.test(ts)) return null;
  // A day that does not exist (2026-02-30) is no time at all, whatever the form.
  const ymd = ts.slice(0, 10);
  const day = Date.parse(`${ymd}T00:00:00Z`);
  if (Number.isNaN(day) || new Date(day).getUTCDate() !== Number(ts.slice(8, 10))) return null;
  // Most transcripts already write this form: checked, not rewritten.
  if (CANONICAL.test(ts)) return Number.isNaN(Date.parse(ts)) ? null : ts;
  const t = Date.parse(NO_ZONE.test(ts) ? `${ts}Z` : ts);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Subtypes come from the data (unknown line types): redacted like any text, then kept to a
 * safe, short vocabulary. */
const safeSubtype = (s: string, counts: Counts, memory: SecretMemory | undefined): string =>
  (redactField(s, counts, 80, undefined, memory).text ?? '').replace(/[^A-Za-z0-9_./:-]/g, '_');

/** The text an event is shown and searched by, before redaction: a tool call's is its full
 * input (which contains the command). */
export const sourceText = (ev: NormalizedEvent): string | undefined =>
  ev.text ?? (ev.kind === 'tool_call' ? (ev.tool?.input ?? ev.tool?.command) : undefined);

/** The text with the secrets its call was read to print (StreamParser.learn) already redacted. */
const withoutPrinted = (ev: NormalizedEvent, text: string | undefined, counts: Counts): string | undefined =>
  text === undefined || !ev.printed ? text : redactValues(text, ev.printed, 'secret_assignment', counts);

/** A secret in a call's arguments that its output prints back (`ok Xk9…`): the redactor is told
 * to look for it in `text` too. */
export function knownSecrets(ev: NormalizedEvent, text: string | undefined): KnownSecret[] | undefined {
  if (text === undefined) return undefined;
  const input = ev.tool?.input;
  const fromInput = input && text !== input ? secretValues(input.slice(0, INDEX_TEXT_MAX)) : [];
  const all = [...fromInput, ...argvSecrets(ev.tool)];
  return all.length > 0 ? all : undefined;
}

/** The secrets of a command's argv read as the command line it is (`net use … /user:x V`): its
 * text holds the argv as JSON array elements, and its command column shell-quotes them, where
 * rules written for command lines may not see them. */
function argvSecrets(tool: ToolInfo | undefined): KnownSecret[] {
  const argv = tool?.argv;
  return argv?.length ? secretValues(argvHead(argv, INDEX_TEXT_MAX).join(' ')) : [];
}

/** An event's whole redacted text, as the index redacts it (the index keeps a preview of it);
 * `memory` as it was when the import reached the event. */
export function wholeText(ev: NormalizedEvent, memory?: SecretMemory): string | null {
  const raw = withoutPrinted(ev, sourceText(ev), {});
  return raw === undefined || raw === '' ? null : redactTextCounted(raw, {}, knownSecrets(ev, raw), memory);
}

/** One event's index row. `memory`: the transcript's secrets so far (see SecretMemory). */
export function prepareEvent(ev: NormalizedEvent, sessionCounts: Counts, memory?: SecretMemory): EventRow {
  // A repeat of another stream's content is redacted like everything else but not counted twice.
  const counts = ev.duplicate ? {} : sessionCounts;
  const tool = ev.tool;
  let flags = 0;
  if (ev.duplicate) flags |= FLAG.duplicate;
  if (ev.copied) flags |= FLAG.copied;
  if (ev.scaffold) flags |= FLAG.scaffold;
  if (ev.aborted) flags |= FLAG.aborted;
  if (ev.kind === 'unknown') flags |= FLAG.unknown;
  // A repeat keeps no text in the index: its original holds the same preview and is the one
  // searched; its whole text is still derived from its sealed line on request.
  const fullText = withoutPrinted(ev, sourceText(ev), counts);
  const rawText = ev.duplicate ? undefined : fullText;
  const text = redactField(rawText, counts, INDEX_TEXT_MAX, knownSecrets(ev, rawText), memory);
  // A call's command is read from its input, whose secrets the text just counted: redacted the
  // same, but not counted again.
  const commandCounts = rawText !== undefined && (rawText === tool?.input || rawText === tool?.command) ? {} : counts;
  if (text.truncated || (text.text !== null && text.text.length > PREVIEW_MAX) || (ev.duplicate && fullText)) flags |= FLAG.truncated;
  return {
    sessionId: ev.sessionId,
    kind: ev.kind,
    subtype: safeSubtype(ev.subtype, counts, memory),
    ts: cleanTimestamp(ev.timestamp),
    model: short(ev.model, counts, memory),
    text: text.text === null ? null : clip(text.text, PREVIEW_MAX),
    searchText: text.text === null ? null : searchableText(text.text),
    toolName: short(tool?.name, counts, memory),
    // Keys (call ids, usage keys) are made safe (and call ids cut) where they are matched, in parseStoredLine.
    callId: tool?.callId || null,
    ...(tool?.completes ? { completes: tool.completes } : {}),
    command: tool ? commandField(tool, commandCounts, memory) : null,
    cwd: short(tool?.cwd, counts, memory),
    files: tool?.files?.length ? JSON.stringify(tool.files.slice(0, 200).map((f) => redactField(f, counts, 1024, undefined, memory).text)) : null,
    exitCode: typeof tool?.exitCode === 'number' ? Math.trunc(tool.exitCode) : null,
    durationMs: typeof tool?.durationMs === 'number' ? Math.round(tool.durationMs) : null,
    isError: tool?.isError ? 1 : 0,
    errorKind: tool?.errorKind ? safeSubtype(tool.errorKind, counts, memory) : null,
    flags,
    usage: ev.usage
      ? {
          key: ev.usage.key,
          ...(ev.usage.message !== undefined ? { message: ev.usage.message } : {}),
          tokens: ev.usage.tokens,
          model: short(ev.usage.model ?? ev.model, counts, memory),
          ...(ev.usage.also?.length
            ? {
                also: ev.usage.also.map((a) => ({
                  key: a.key,
                  ...(a.message !== undefined ? { message: a.message } : {}),
                  tokens: a.tokens,
                  model: short(a.model ?? ev.model, counts, memory),
                })),
              }
            : {}),
        }
      : undefined,
    spawnedSessionId: ev.spawnedSessionId,
    ...(ev.spawnedUsage ? { spawnedUsage: ev.spawnedUsage } : {}),
  };
}

export interface SessionRow {
  id: string;
  provider: string;
  parentId: string | null;
  parentCallId: string | null;
  forkedFromId: string | null;
  cwd: string | null;
  gitBranch: string | null;
  gitCommit: string | null;
  gitRepo: string | null;
  cliVersion: string | null;
  originator: string | null;
  isSubagent: number | null;
  agentId: string | null;
  agentType: string | null;
  headerStart: string | null;
  title: string | null;
}

export function prepareSession(p: SessionPatch, counts: Counts, memory?: SecretMemory): SessionRow {
  return {
    id: p.id,
    provider: p.provider,
    parentId: p.parentId ?? null,
    // The call's own id (call_id), which it links to: made safe the same way, in parseStoredLine.
    parentCallId: p.parentCallId || null,
    forkedFromId: p.forkedFromId ?? null,
    cwd: pathField(p.cwd, counts, memory),
    gitBranch: pathField(p.gitBranch, counts, memory),
    gitCommit: short(p.gitCommit, counts, memory),
    gitRepo: short(p.gitRepo, counts, memory),
    cliVersion: short(p.cliVersion, counts, memory),
    originator: short(p.originator, counts, memory),
    isSubagent: p.isSubagent === undefined ? null : p.isSubagent ? 1 : 0,
    agentId: short(p.agentId, counts, memory),
    agentType: short(p.agentType, counts, memory),
    headerStart: cleanTimestamp(p.startedAt),
    title: p.title ? redactField(p.title, counts, 200, undefined, memory).text : null,
  };
}
