// One SQLite file (WAL). Two halves:
//  - raw (the truth): streams, sealed segments of original lines, line ids, per-file checkpoints;
//  - index (derived, redacted only): sessions, events, FTS, usage, redaction counts.
// `tracebase index` drops the index half and rebuilds it from the raw half.

import { createHash } from 'node:crypto';
import { EVENT_KINDS, type EventKind } from '../core/types.ts';

export const SCHEMA_VERSION = 1;
/** Layout of the index half (meta `index_version`). A store whose index is older is rebuilt by
 * `tracebase index` (the raw half is unchanged); until then it is refused with that advice.
 * 2 (2026-11-26): event kinds, line types and model names as numbers, event and usage times as
 * epoch milliseconds, usage keys as 12-byte digests: the bench store 7.5 % smaller.
 * 3 (2026-11-27): a Claude call's usage key names its message in its first bytes (`messageKeyDigest`). */
export const INDEX_VERSION = 3;

/** Identity of every stored line → where it is sealed (rebuilt from the segments by `tracebase index`). */
export const LINE_IDS_DDL = 'CREATE TABLE IF NOT EXISTS line_ids (h BLOB PRIMARY KEY, seg INTEGER NOT NULL, n INTEGER NOT NULL) WITHOUT ROWID;';

export const RAW_DDL = `
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS streams (
  id INTEGER PRIMARY KEY,
  provider TEXT NOT NULL,
  key TEXT NOT NULL,
  path TEXT NOT NULL,
  UNIQUE (provider, key)
);
-- A segment is a run of consecutive original lines of one stream, zstd-compressed and
-- sealed with AES-256-GCM; uid + stream + first offset are its associated data.
CREATE TABLE IF NOT EXISTS segments (
  id INTEGER PRIMARY KEY,
  stream_id INTEGER NOT NULL,
  uid BLOB NOT NULL,
  first_offset INTEGER NOT NULL,
  lines INTEGER NOT NULL,
  -- offsets of lines that do not follow the previous one directly (JSON {index: offset}), else NULL
  jumps TEXT,
  sealed BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS segments_stream ON segments (stream_id);
-- Identity of every stored line (hash of provider, stream and content): re-reads never duplicate.
${LINE_IDS_DDL}
CREATE TABLE IF NOT EXISTS big_parts (
  stream_id INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  part INTEGER NOT NULL,
  uid BLOB NOT NULL,
  sealed BLOB NOT NULL,
  PRIMARY KEY (stream_id, offset, part)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sources (
  path TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  stream_id INTEGER NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  ino INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  tail_hash TEXT NOT NULL,
  glued_tail INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  lines INTEGER NOT NULL DEFAULT 0,
  malformed INTEGER NOT NULL DEFAULT 0,
  unknown INTEGER NOT NULL DEFAULT 0,
  oversized INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL
) WITHOUT ROWID;
-- The checkpoints of one transcript (a file read again, a whole text derived on request).
CREATE INDEX IF NOT EXISTS sources_stream ON sources (stream_id);
-- Transcripts whose sessions were purged, by stream key or session id (purged.ts): \`import\`
-- skips them, \`import-file\` takes one back.
CREATE TABLE IF NOT EXISTS purged (provider TEXT NOT NULL, key TEXT NOT NULL, purged_at TEXT NOT NULL, PRIMARY KEY (provider, key)) WITHOUT ROWID;
`;

/** Event kinds as stored: their place in EVENT_KINDS, from 1 (so kinds are only ever added at the end). */
export const KIND_CODE = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, i + 1])) as Record<EventKind, number>;
export const kindCode = (kind: string): number => KIND_CODE[kind as EventKind] ?? KIND_CODE.unknown;
export const kindName = (code: number): EventKind => EVENT_KINDS[code - 1] ?? 'unknown';

/** The raw half: what `tracebase index` rebuilds the index from. */
export const RAW_TABLES = ['meta', 'streams', 'segments', 'line_ids', 'big_parts', 'sources', 'purged'] as const;

export const INDEX_TABLES = ['events_fts', 'events', 'usage', 'redactions', 'sessions', 'names', 'early_results'] as const;

export const INDEX_DDL = `
CREATE TABLE IF NOT EXISTS sessions (
  sid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  provider TEXT NOT NULL,
  parent_id TEXT,
  parent_call_id TEXT,
  forked_from_id TEXT,
  cwd TEXT,
  git_branch TEXT,
  git_commit TEXT,
  git_repo TEXT,
  cli_version TEXT,
  originator TEXT,
  title TEXT,
  is_subagent INTEGER NOT NULL DEFAULT 0,
  agent_id TEXT,
  agent_type TEXT,
  header_start TEXT,
  first_ts TEXT,
  started_at TEXT,
  ended_at TEXT,
  models TEXT NOT NULL DEFAULT '[]',
  events INTEGER NOT NULL DEFAULT 0,
  prompts INTEGER NOT NULL DEFAULT 0,
  tool_calls INTEGER NOT NULL DEFAULT 0,
  tool_errors INTEGER NOT NULL DEFAULT 0,
  t_in INTEGER NOT NULL DEFAULT 0, t_cr INTEGER NOT NULL DEFAULT 0, t_cw INTEGER NOT NULL DEFAULT 0,
  t_out INTEGER NOT NULL DEFAULT 0, t_rs INTEGER NOT NULL DEFAULT 0,
  s_in INTEGER NOT NULL DEFAULT 0, s_cr INTEGER NOT NULL DEFAULT 0, s_cw INTEGER NOT NULL DEFAULT 0,
  s_out INTEGER NOT NULL DEFAULT 0, s_rs INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sessions_parent ON sessions (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS sessions_forked ON sessions (forked_from_id) WHERE forked_from_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS sessions_started ON sessions (started_at);
CREATE TABLE IF NOT EXISTS events (
  rowid INTEGER PRIMARY KEY,
  sid INTEGER NOT NULL,
  h BLOB NOT NULL,
  n INTEGER NOT NULL,
  kind INTEGER NOT NULL, -- KIND_CODE
  subtype INTEGER NOT NULL, -- names.id of the line type
  ts INTEGER, -- epoch milliseconds
  model INTEGER, -- names.id
  text TEXT, -- redacted preview; the whole text is derived from the sealed raw line
  tool_name TEXT,
  call_id TEXT,
  command TEXT,
  cwd TEXT,
  files TEXT,
  exit_code INTEGER,
  duration_ms INTEGER,
  is_error INTEGER NOT NULL DEFAULT 0,
  error_kind TEXT,
  flags INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS events_sid ON events (sid);
CREATE INDEX IF NOT EXISTS events_h ON events (h);
-- Calls by id (results find their call; copies are found across sessions).
CREATE INDEX IF NOT EXISTS events_callid ON events (call_id) WHERE kind = ${KIND_CODE.tool_call};
-- Contentless: the FTS keeps only its index of each event's redacted text.
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5 (
  text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
-- Line types and model names, numbered as they are first seen (events refer to them by number).
CREATE TABLE IF NOT EXISTS names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
-- key: usageKeyDigest (a tag byte, then 11 bytes of SHA-256 of the provider's or derived key).
CREATE TABLE IF NOT EXISTS usage (
  sid INTEGER NOT NULL,
  key BLOB NOT NULL,
  t_in INTEGER NOT NULL, t_cr INTEGER NOT NULL, t_cw INTEGER NOT NULL, t_out INTEGER NOT NULL, t_rs INTEGER NOT NULL,
  model INTEGER, -- names.id
  ts INTEGER, -- epoch milliseconds
  PRIMARY KEY (sid, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS usage_key ON usage (key);
-- Results written before any call with their id (rare: a Codex web_search_end precedes its
-- call; trimmed transcripts reuse ids). The first call with that id written later takes them,
-- whichever batch it comes in, so pairing does not depend on where batches were cut.
CREATE TABLE IF NOT EXISTS early_results (
  sid INTEGER NOT NULL,
  call_id TEXT NOT NULL,
  row INTEGER NOT NULL, -- the result's events.rowid
  exit_code INTEGER,
  duration_ms INTEGER,
  is_error INTEGER NOT NULL,
  error_kind TEXT,
  ts INTEGER, -- epoch milliseconds
  poll INTEGER NOT NULL, -- it reports another call's end (EventRow.completes): only its duration counts
  PRIMARY KEY (sid, call_id, row)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS redactions (
  sid INTEGER NOT NULL,
  kind TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (sid, kind)
) WITHOUT ROWID;
`;

/**
 * Full-text index settings, applied when the index is created (they persist in the FTS table).
 * FTS5 merges index segments once AUTOMERGE of one size have piled up (default 4). Merging less
 * often: bench import 5.2 → 4.7 s, index +1.5 % bytes, search p95 at 1M events unchanged (22 ms).
 */
export const FTS_AUTOMERGE = 16;
export const FTS_SETTINGS = `INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', ${FTS_AUTOMERGE});`;

/** Event flag bits. */
export const FLAG = {
  duplicate: 1,
  scaffold: 2,
  aborted: 4,
  truncated: 8,
  oversized: 16,
  malformed: 32,
  unknown: 64,
  copied: 128,
} as const;

/** A fork or spawned child whose parent is not in the store: its lineage above is unknown. */
const ORPHAN = (s: string): string =>
  `((${s}.forked_from_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sessions x WHERE x.id = ${s}.forked_from_id))
    OR (${s}.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sessions x WHERE x.id = ${s}.parent_id)))`;

/**
 * Whether sessions `a` and `b` (SQL aliases of `sessions`) may hold copies of one another's
 * history: one forked from or was spawned by the other, or both forked from the same session, or
 * one is a fork or spawned child whose parent is missing (it may descend from anyone: a fork of a
 * fork whose middle file is gone). Keys derived from content (a Codex running total, a web search
 * without an id) only mark a copy between such sessions; two unrelated sessions that happen to
 * produce the same totals or search for the same thing are two sets of calls. Sub-agents spawned
 * by one session are not copies of each other: what they replay is their parent's, which the
 * parent holds and owns (a sibling whose first totals equalled another's lost its tokens). A
 * spawned child may replay its parent's lines stamped after its own start (Codex stamps a line
 * as it writes it), so parent and child stay related. (A fork of a fork is blocked by its direct
 * parent, which holds the same key.)
 */
export const MAY_COPY = (a: string, b: string): string =>
  `(${a}.id IN (${b}.forked_from_id, ${b}.parent_id) OR ${b}.id IN (${a}.forked_from_id, ${a}.parent_id)
    OR ${a}.forked_from_id = ${b}.forked_from_id OR ${ORPHAN(a)} OR ${ORPHAN(b)})`;
/** Session `s` owns its tool call `e`: no better-ranked session (main before subagent, earlier
 * start, smaller id) of the same provider that may hold a copy of its history has the same call id
 * (a call id seen twice in one session is one invocation: count distinct ids). */
export const OWNED_CALL = (e: string, s: string): string =>
  `(${e}.call_id IS NULL OR NOT EXISTS (
    SELECT 1 FROM events o JOIN sessions so ON so.sid = o.sid
    WHERE o.call_id = ${e}.call_id AND o.kind = ${KIND_CODE.tool_call} AND o.sid <> ${e}.sid AND o.flags & ${FLAG.duplicate} = 0
      AND so.provider = ${s}.provider
      AND (NOT ${CONTENT_KEY(`${e}.call_id`)} OR ${MAY_COPY('so', s)})
      AND (so.is_subagent, coalesce(so.header_start, so.first_ts, '9999'), so.id)
        < (${s}.is_subagent, coalesce(${s}.header_start, ${s}.first_ts, '9999'), ${s}.id)))`;
/** Call ids derived from content rather than issued by the provider. */
export const CONTENT_KEY = (col: string): string => `(${col} LIKE 'codex-total:%' OR ${col} LIKE 'ws@%')`;
const isContentKey = (key: string): boolean => key.startsWith('codex-total:') || key.startsWith('ws@');
/** Usage keys derived from content (their digest's tag byte is 1). */
export const CONTENT_USAGE_KEY = (col: string): string => `(substr(${col}, 1, 1) = x'01')`;
/** Not a model call but what a subagent's spawning call reports of its last one (tag byte 2,
 * `reportedUsageKeyDigest`): counted nowhere, it only corrects that call's row (`rollup`). */
export const REPORTED_USAGE_KEY = (col: string): string => `(substr(${col}, 1, 1) = x'02')`;
/** The same keys as a range, which the (sid, key) primary key can seek. */
export const REPORTED_USAGE_RANGE = (col: string): string => `(${col} >= x'02' AND ${col} < x'03')`;
/** A usage key as stored: 1 byte that says whether it is derived from content, 11 of its SHA-256
 * (a collision among a store's keys is about as likely as 2^-88 per pair). */
export function usageKeyDigest(key: string): Buffer {
  const d = createHash('sha256').update(key).digest().subarray(0, 12);
  d[0] = isContentKey(key) ? 1 : 0;
  return d;
}
/**
 * A Claude call's key as stored: tag byte 3, then 7 bytes of SHA-256 of its API message id and 4
 * of its whole key (message and request id). The first 8 bytes name the message: a sidechain's
 * replay of its parent's message under another request id is found by them (`IndexWriter`).
 */
export function messageKeyDigest(message: string, key: string): Buffer {
  const d = Buffer.alloc(12);
  d[0] = 3;
  createHash('sha256').update(message).digest().copy(d, 1, 0, 7);
  createHash('sha256').update(key).digest().copy(d, 8, 0, 4);
  return d;
}
/** The range of stored keys of one Claude message (`messageKeyDigest`'s first 8 bytes). */
export function messageKeyRange(key: Uint8Array): [Buffer, Buffer] {
  const lo = Buffer.alloc(12);
  lo.set(key.subarray(0, 8));
  const hi = Buffer.from(lo);
  hi.fill(0xff, 8);
  return [lo, hi];
}
/** The key of the usage a subagent's spawning call reports (see REPORTED_USAGE_KEY): one per
 * call, as a resumed subagent (Task `resume`) answers several, each reporting its own run's last call. */
export function reportedUsageKeyDigest(sessionId: string, callId: string | null): Buffer {
  const d = createHash('sha256').update(`reported\0${sessionId}\0${callId ?? ''}`).digest().subarray(0, 12);
  d[0] = 2;
  return d;
}
