// Secrets learned late. The redactor's memory (SecretMemory) learns a secret where its context
// shows it (`echo 'DEPLOY_TOKEN=…' >> .env`) and redacts its bare copies from then on; a copy in
// an earlier event (the token pasted bare into the prompt first) was indexed before the memory
// knew it. Once the line that taught it is written, the earlier events of the same transcript
// whose indexed text holds a copy are derived again from their sealed lines, redacted with the
// memory as it is now, and their index rows replaced: text, full-text entry, command, files,
// working directory, the session title taken from a prompt, and the redaction counts. An import
// in pieces and `tracebase index` end alike: each event is redacted with everything its
// transcript had taught the memory by the last time one of its copies was found.
import { isTracebaseError } from '../core/errors.ts';
import type { Provider } from '../core/types.ts';
import { clip } from '../redact/clip.ts';
import type { SecretMemory } from '../redact/memory.ts';
import { openSegment, type RawLine, type SegmentRow } from '../store/raw.ts';
import { FLAG } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { parserAt } from './event-text.ts';
import { lineText, parseStoredLine } from './lines-to-index.ts';
import { type Counts, type EventRow, prepareEvent, prepareSession } from './prepare.ts';
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

/** The words FTS5 splits a value into, as one phrase (`"ab12 cd34"`), or undefined when it has none. */
function phrase(value: string): string | undefined {
  const words = value.match(/[\p{L}\p{N}]+/gu);
  return words ? `"${words.join(' ')}"` : undefined;
}

/**
 * Inside the write transaction that stored lines teaching `learned` (`[value, kind]`): redacts
 * those values in the stream's earlier events. `memoryNow`: the stream's memory after the lines.
 */
export function redactEarlierCopies(store: Store, streamId: number, learned: readonly [string, string][], memoryNow: SecretMemory): void {
  const stream = store.statement('SELECT provider, key, path FROM streams WHERE id = ?').get(streamId) as { provider: Provider; key: string; path: string } | undefined;
  if (!stream) return;
  // (Found by the full-text index: the events whose indexed words hold the value's words in a row.)
  const find = store.statement(`SELECT e.rowid AS rowid, e.sid AS sid, e.text AS text, e.command AS command, e.files AS files, e.cwd AS cwd,
      e.flags AS flags, e.n AS n, l.seg AS seg, l.n AS line
    FROM events e JOIN line_ids l ON l.h = e.h JOIN segments s ON s.id = l.seg
    WHERE e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?) AND s.stream_id = ?`);
  const found = new Map<number, Found>();
  for (const value of new Set(learned.map(([v]) => v))) {
    const p = phrase(value);
    if (p) for (const r of find.all(p, streamId) as unknown as Found[]) found.set(r.rowid, r);
  }
  if (found.size === 0) return;
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
      const parsed = parser.parseLine(read.text, raw.offset);
      parsed.events.forEach((ev, n) => {
        parser.learn(ev);
        const f = here.get(n);
        if (f) {
          const before: Counts = {};
          const old = prepareEvent(ev, before, parser.memory.clone());
          const fix = parser.memory.clone();
          fix.merge(memoryNow);
          const after: Counts = {};
          replaceRow(store, f, old, prepareEvent(ev, after, fix), before, after);
        }
        prepareEvent(ev, {}, parser.memory);
      });
      for (const sp of parsed.sessions) prepareSession(sp, {}, parser.memory);
      parser.memory.takeLearned();
    }
  }
}

function replaceRow(store: Store, f: Found, old: EventRow, now: EventRow, before: Counts, after: Counts): void {
  if (now.searchText === old.searchText && now.text === f.text && now.command === f.command && now.files === f.files && now.cwd === f.cwd) return;
  // (A line read from its skeleton keeps its mark of a cut text whatever its length now.)
  const truncated = f.flags & FLAG.oversized ? f.flags & FLAG.truncated : now.flags & FLAG.truncated;
  store
    .statement('UPDATE events SET text = ?, command = ?, files = ?, cwd = ?, flags = (flags & ~?) | ? WHERE rowid = ?')
    .run(now.text, now.command, now.files, now.cwd, FLAG.truncated, truncated, f.rowid);
  store.statement('DELETE FROM events_fts WHERE rowid = ?').run(f.rowid);
  if (now.searchText) store.statement('INSERT INTO events_fts (rowid, text) VALUES (?, ?)').run(f.rowid, now.searchText);
  // The session's title, when this prompt gave it.
  if (old.searchText && now.searchText && old.kind === 'user_prompt') {
    store.statement('UPDATE sessions SET title = ? WHERE sid = ? AND title = ?').run(clip(now.searchText, 200), f.sid, clip(old.searchText, 200));
  }
  const count = store.statement(`INSERT INTO redactions (sid, kind, count) VALUES (?, ?, ?)
    ON CONFLICT (sid, kind) DO UPDATE SET count = count + excluded.count`);
  for (const [kind, n] of Object.entries(after)) {
    const more = n - (before[kind] ?? 0);
    if (more > 0) count.run(f.sid, kind, more);
  }
}
