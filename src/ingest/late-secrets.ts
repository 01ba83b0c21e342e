// Secrets learned late. The redactor's memory (SecretMemory) learns a secret where its context
// shows it (`echo 'DEPLOY_TOKEN=…' >> .env`) and redacts its bare copies from then on; a copy in
// an earlier event (the token pasted bare into the prompt first) was indexed before the memory
// knew it. Once the line that taught it is written, the earlier events of the same transcript
// whose indexed text holds a copy are derived again from their sealed lines, redacted with the
// memory as it is now, and their index rows replaced: text, full-text entry, command, files,
// working directory; and their sessions' titles, working directories and git details. An import
// in pieces and `tracebase index` end alike: each event is redacted with everything its transcript
// had taught the memory by the last time one of its copies was found (the redaction counts stay
// those of its first reading). Each such value is also kept store-wide (store/known-secrets.ts), and the
// events of other transcripts holding a copy are redacted the same way.
import { isTracebaseError } from '../core/errors.ts';
import { withoutPictographs } from '../core/words.ts';
import type { Provider } from '../core/types.ts';
import { clip } from '../redact/clip.ts';
import { encodedForms, SecretMemory, STORE_MEMORY_MAX } from '../redact/memory.ts';
import { redactionMarker, redactTextCounted } from '../redact/redact.ts';
import { openSegment, type RawLine, type SegmentRow } from '../store/raw.ts';
import { FLAG } from '../store/schema.ts';
import { owesScrub, type Store } from '../store/store.ts';
import { parserAt } from './event-text.ts';
import { lineText, parseStoredLine } from './lines-to-index.ts';
import { type EventRow, prepareEvent, prepareSession } from './prepare.ts';
import { searchableText } from './search-text.ts';
import { keepStoreWide, storeMemory } from '../store/known-secrets.ts';
import type { StreamParser } from './stream-parser.ts';

interface Found {
  rowid: number;
  sid: number;
  text: string | null;
  command: string | null;
  files: string | null;
  cwd: string | null;
  flags: number;
  /** The event's place: its segment, its line in it, its number on the line. */
  seg: number;
  line: number;
  n: number;
}

/** An event as `Found` describes it, with its line's place (by its line hash), for a WHERE on `e`, `l` and `s`. */
const FOUND = `SELECT e.rowid AS rowid, e.sid AS sid, e.text AS text, e.command AS command, e.files AS files, e.cwd AS cwd,
    e.flags AS flags, e.n AS n, l.seg AS seg, l.n AS line
  FROM events e JOIN line_ids l ON l.h = e.h JOIN segments s ON s.id = l.seg`;

/** The words FTS5 splits a value's form into, as one phrase (`"ab12 cd34"`), or undefined when it has none. */
function phrase(form: string): string | undefined {
  const words = form.match(/[\p{L}\p{N}]+/gu);
  return words ? `"${words.join(' ')}"` : undefined;
}

/**
 * Inside the write transaction that stored lines teaching `learned` (`[value, kind]`): redacts
 * those values in the stream's earlier events, keeps them store-wide, and redacts the values new to
 * the store (and those another importer kept meanwhile) in other transcripts' events.
 * `memoryNow`: the stream's memory after the lines.
 */
export function redactEarlierCopies(
  store: Store,
  streamId: number,
  learned: readonly [string, string][],
  memoryNow: SecretMemory,
  /** The sessions the teaching lines belong to: their working directory or git details may hold a value no event
   * repeats (a Codex `session_meta`). */
  sessionIds: Iterable<string> = [],
): void {
  const storeWide = keepStoreWide(store, streamId, learned);
  if (learned.length) {
    const sidOf = store.statement('SELECT sid FROM sessions WHERE id = ?');
    const own = [...new Set(sessionIds)].flatMap((id) => (sidOf.get(id) as { sid: number } | undefined)?.sid ?? []);
    const now = memoryNow.chased();
    for (const [v, kind] of learned) now.add(v, kind);
    redactInStream(store, streamId, new Map(learned), now, own);
  }
  if (storeWide.length === 0) return;
  // Other transcripts holding a copy (this one too for a value another importer kept), each redacted with what
  // it taught the memory and what the store knows now.
  const mine = new Set(learned.map(([v]) => v));
  const values = new Map(storeWide);
  const holding = store.statement(`SELECT DISTINCT s.stream_id AS id FROM events e JOIN line_ids l ON l.h = e.h JOIN segments s ON s.id = l.seg
    WHERE e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)`);
  const streams = new Map<number, number[]>();
  const holds = (id: number, v: string): boolean => id !== streamId || !mine.has(v);
  for (const [v] of values) {
    for (const p of encodedForms(v).map(phrase)) {
      if (p === undefined) continue;
      for (const { id } of holding.all(p) as { id: number }[]) if (holds(id, v) && !streams.has(id)) streams.set(id, []);
    }
  }
  // And sessions whose working directory, git details or title hold one (no full-text entry has them): their
  // columns, and their events' commands, files and working directories.
  // (One pass over the sessions for all the values, each session's columns looked through as a memory of them finds copies.)
  const look = new SecretMemory(STORE_MEMORY_MAX);
  for (const [v, kind] of values) look.add(v, kind);
  const columns = store.db.prepare("SELECT sid, coalesce(cwd, '') || ' ' || coalesce(git_branch, '') || ' ' || coalesce(git_repo, '') || ' ' || coalesce(title, '') AS t FROM sessions");
  const streamsOf = store.statement('SELECT DISTINCT s.stream_id AS id FROM events e JOIN line_ids l ON l.h = e.h JOIN segments s ON s.id = l.seg WHERE e.sid = ?');
  const inColumns: { sid: number; values: string[] }[] = [];
  for (const r of columns.iterate() as Iterable<{ sid: number; t: string }>) {
    const copies = look.find(r.t);
    if (copies.length) inColumns.push({ sid: r.sid, values: copies.map((c) => r.t.slice(c.start, c.end)) });
  }
  for (const { sid, values: vs } of inColumns) {
    for (const { id } of streamsOf.all(sid) as { id: number }[]) {
      if (!vs.some((v) => holds(id, v))) continue;
      const own = streams.get(id) ?? [];
      own.push(sid);
      streams.set(id, own);
    }
  }
  for (const [id, own] of streams) {
    const now = new SecretMemory();
    for (const [v, kind] of values) now.add(v, kind);
    redactInStream(store, id, id === streamId ? new Map([...values].filter(([v]) => !mine.has(v))) : values, now, own);
  }
}

/** Inside the write transaction that stored lines of stream `streamId` prepared without `values` (the store learned
 * them meanwhile; but for those in `taught`, which the stream's own lines taught and chased): redacts them in the
 * stream's events. */
export function redactLaterKnown(store: Store, streamId: number, values: readonly [string, string][], taught: ReadonlySet<string>): void {
  const later = new Map(values.filter(([v]) => !taught.has(v)));
  if (later.size === 0) return;
  const now = new SecretMemory();
  for (const [v, kind] of later) now.add(v, kind);
  redactInStream(store, streamId, later, now, []);
}

/** Redacts `values` in the events of stream `streamId` that hold a copy, each derived again with the memory it had then and
 * `now`, and in the session columns of those events' sessions and of `own`. */
function redactInStream(store: Store, streamId: number, values: ReadonlyMap<string, string>, now: SecretMemory, own: number[]): void {
  const stream = store.statement('SELECT provider, key, path FROM streams WHERE id = ?').get(streamId) as { provider: Provider; key: string; path: string } | undefined;
  if (!stream) return;
  const shared = storeMemory(store);
  now.shareWith(shared);
  // (Found by the full-text index: the events whose indexed words hold the words of the value, or
  // of a form of it that URL-encoding, JSON or HTML writes, in a row.)
  const find = store.statement(`${FOUND}
    WHERE e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?) AND s.stream_id = ?`);
  const found = new Map<number, Found>();
  const phrases = new Set([...values.keys()].flatMap((v) => encodedForms(v).map(phrase)).filter((p) => p !== undefined));
  for (const p of phrases) for (const r of find.all(p, streamId) as unknown as Found[]) found.set(r.rowid, r);
  // A repeat of another stream's event (Codex's display stream) is not in the full-text index but
  // keeps its command, files and working directory, and an event's working directory is not in it
  // either: the events of the same sessions holding a value there.
  const sids = [...new Set([...found.values()].map((f) => f.sid).concat(own))];
  const repeats = store.statement(`${FOUND}
    WHERE e.sid = ? AND s.stream_id = ? AND instr(coalesce(e.command, '') || coalesce(e.files, '') || coalesce(e.cwd, ''), ?) > 0`);
  for (const sid of sids) for (const v of values.keys()) for (const r of repeats.all(sid, streamId, v) as unknown as Found[]) found.set(r.rowid, r);
  if (found.size === 0) {
    if (own.length) redactSessionColumns(store, own, now, [], values.keys());
    return;
  }
  // Each event redacted with what the transcript's memory held when it was read, the values it
  // learned since that are chased (not those a log taught in bulk: which of them a round finds
  // would depend on where batches were cut), the values just learned (one pushed out of the
  // memory since is still one of them) and what the store knows.
  const bySegment = new Map<number, Map<number, Map<number, Found>>>();
  for (const f of found.values()) {
    const lines = bySegment.get(f.seg) ?? new Map<number, Map<number, Found>>();
    bySegment.set(f.seg, lines);
    const events = lines.get(f.line) ?? new Map<number, Found>();
    lines.set(f.line, events);
    events.set(f.n, f);
  }
  const segment = store.statement('SELECT * FROM segments WHERE id = ?');
  for (const segId of [...bySegment.keys()].sort((a, b) => a - b)) {
    const seg = segment.get(segId) as SegmentRow | undefined;
    if (!seg) continue;
    const wanted = bySegment.get(segId)!;
    let parser: StreamParser;
    let lines: RawLine[];
    try {
      parser = parserAt(store, seg, stream.provider, stream.key, stream.path);
      lines = openSegment(store, seg, stream.key);
    } catch (e) {
      // A damaged record of the transcript (`tracebase doctor` names it): its events cannot be
      // derived again safely, and stay as they are.
      if (isTracebaseError(e) && e.code === 'RECORD_TAMPERED') continue;
      throw e;
    }
    const last = Math.max(...wanted.keys());
    for (let i = 0; i <= last && i < lines.length; i++) {
      const raw = lines[i]!;
      const here = wanted.get(i);
      if (!here) {
        parseStoredLine(parser, stream.provider, stream.key, raw.bytes, raw.offset, store.idKey);
        continue;
      }
      const read = lineText(raw.bytes);
      // (An oversized line without a skeleton is indexed as a placeholder: nothing of it to redact.)
      if (read.oversized && !read.skeleton) {
        parseStoredLine(parser, stream.provider, stream.key, raw.bytes, raw.offset, store.idKey);
        continue;
      }
      // The line read as prepareLine reads it, each event redacted with the memory it had then.
      const parsed = parser.parseLine(read.text, raw.offset, read.size);
      parsed.events.forEach((ev, n) => {
        parser.learn(ev);
        const f = here.get(n);
        if (f) {
          const fix = parser.memory.clone().shareWith(shared);
          fix.merge(now);
          replaceRow(store, f, prepareEvent(ev, {}, fix));
        }
        prepareEvent(ev, {}, parser.memory);
      });
      for (const sp of parsed.sessions) prepareSession(sp, {}, parser.memory);
      parser.memory.takeLearned();
    }
  }
  redactSessionColumns(store, sids, now, [], values.keys());
}

/**
 * The event's row as `now` derives it. Its redaction counts are left as the event's first reading
 * made them: a late find is not counted (the counts of an import in pieces and of a rebuild agree).
 */
function replaceRow(store: Store, f: Found, now: EventRow): void {
  // (A line read from its skeleton keeps its mark of a cut text whatever its length now.)
  const truncated = f.flags & FLAG.oversized ? f.flags & FLAG.truncated : now.flags & FLAG.truncated;
  store
    .statement('UPDATE events SET text = ?, command = ?, files = ?, cwd = ?, flags = (flags & ~?) | ? WHERE rowid = ?')
    .run(now.text, now.command, now.files, now.cwd, FLAG.truncated, truncated, f.rowid);
  if (f.flags & FLAG.duplicate) return;
  store.statement('DELETE FROM events_fts WHERE rowid = ?').run(f.rowid);
  owesScrub(store);
  if (now.searchText) store.statement('INSERT INTO events_fts (rowid, text) VALUES (?, ?)').run(f.rowid, withoutPictographs(now.searchText));
  // The title this prompt gave its session (cut from its text before the value was known: a cut
  // may have left part of it), taken again from the text as it is now.
  if (now.kind === 'user_prompt' && now.searchText && f.text !== null) {
    store.statement('UPDATE sessions SET title = ? WHERE sid = ? AND title = ?').run(clip(now.searchText, 200), f.sid, clip(searchableText(f.text), 200));
  }
}

/** Session columns read from a transcript's lines (a title from a prompt or a thread name, the working directory
 * and git details of a Codex `session_meta`, the CLI that wrote it): redacted with `memory` in the sessions whose
 * events held a value. (Ids are left as the rules made them: they link sessions to each other.) */
const SESSION_TEXT = ['title', 'cwd', 'git_branch', 'git_commit', 'git_repo', 'cli_version', 'originator', 'agent_type', 'models'] as const;

/** A session's title is cut to this many characters (a Codex thread name, a prompt). */
const TITLE_MAX = 200;

/** `title` without the first part of one of `values` that its cut at TITLE_MAX left at its end: a title of that length
 * (one less where the cut left out half a surrogate pair) ending in 6 or more of a value's first characters that hold a
 * digit or mixed case (not a word: `… Password` stays when `Password123!` is a value). */
export function withoutCutCopy(title: string, values: readonly string[]): string {
  if (title.length < TITLE_MAX - 1) return title;
  for (const v of values) {
    for (let n = Math.min(v.length - 1, title.length); n >= 6; n--) {
      const at = title.length - n;
      const part = v.slice(0, n);
      if (!/\d/.test(part) && !(/[a-z]/.test(part) && /[A-Z]/.test(part.slice(1)))) continue;
      if (title.endsWith(part) && !/[A-Za-z0-9_]/.test(title[at - 1] ?? '')) return `${title.slice(0, at)}${redactionMarker('secret_assignment')}`;
    }
  }
  return title;
}

function redactSessionColumns(store: Store, sids: number[], memory: SecretMemory, learned: readonly [string, string][], cut: Iterable<string> = []): void {
  for (const [v, kind] of learned) memory.add(v, kind);
  const partial = [...cut, ...learned.map(([v]) => v)];
  const get = store.statement(`SELECT ${SESSION_TEXT.join(', ')} FROM sessions WHERE sid = ?`);
  const sets = new Map(SESSION_TEXT.map((c) => [c, store.statement(`UPDATE sessions SET ${c} = ? WHERE sid = ?`)]));
  for (const sid of sids) {
    const row = get.get(sid) as Record<(typeof SESSION_TEXT)[number], string | null> | undefined;
    if (!row) continue;
    for (const c of SESSION_TEXT) {
      const value = row[c];
      if (!value) continue;
      let redacted = redactTextCounted(value, {}, undefined, memory.clone());
      if (c === 'title') redacted = withoutCutCopy(redacted, partial);
      if (redacted !== value) sets.get(c)!.run(redacted, sid);
    }
  }
}
