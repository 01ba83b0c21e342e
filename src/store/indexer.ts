// Writes redacted rows into the index half and keeps per-session roll-ups true.
// Callers run it inside a write transaction. Events are buffered so a result that arrives in
// the same batch as its call is merged in memory; `finish()` writes them and the roll-ups.
import type { StatementSync } from 'node:sqlite';
import type { EventRow, SessionRow } from '../ingest/prepare.ts';
import { withoutPictographs } from '../core/words.ts';
import { clip } from '../redact/clip.ts';
import { CONTENT_KEY, CONTENT_USAGE_KEY, FLAG, KIND_CODE, kindCode, MAY_COPY, OWNED_CALL, REPORTED_USAGE_KEY, REPORTED_USAGE_RANGE, messageKeyDigest, messageKeyRange, reportedUsageKeyDigest, usageKeyDigest } from './schema.ts';
import { anyPurgedSession } from './purged.ts';
import type { Store } from './store.ts';

export class IndexWriter {
  private readonly store: Store;
  private readonly sids = new Map<string, number>();
  private readonly purgedIds = new Map<string, boolean>();
  private readonly touched = new Set<number>();
  private readonly redactions = new Map<number, Map<string, number>>();
  private readonly st: Record<string, StatementSync>;
  private pending: Pending[] = [];
  private unpaired: Pending[] = [];
  /** The same by session and call id, for a call after them (takeEarlyResults). */
  private readonly waiting = new Map<string, Pending[]>();
  /** Results that report the end of a call written by an earlier batch (EventRow.completes). */
  private completing: Pending[] = [];
  private readonly calls = new Map<string, Pending>();
  /** Whether `early_results` holds anything (looked up once per batch, at its first call). */
  private early: boolean | undefined;
  /** Ids of line types and model names (`names`) read or added in the open transaction. */
  private readonly names: Map<string, number>;

  constructor(store: Store) {
    this.store = store;
    this.names = transactionNames(store);
    this.st = {
      sidOf: store.statement('SELECT sid FROM sessions WHERE id = ?'),
      newSession: store.statement('INSERT INTO sessions (id, provider) VALUES (?, ?)'),
      // An explicit title (a thread name, renamed or not) replaces one taken from the first prompt,
      // which only fills an empty title: the result does not depend on where batches were cut.
      patch: store.statement(`UPDATE sessions SET
        parent_id = coalesce(?, parent_id), parent_call_id = coalesce(?, parent_call_id),
        forked_from_id = coalesce(?, forked_from_id), cwd = coalesce(cwd, ?),
        git_branch = coalesce(?, git_branch), git_commit = coalesce(?, git_commit), git_repo = coalesce(?, git_repo),
        cli_version = coalesce(?, cli_version), originator = coalesce(?, originator),
        is_subagent = coalesce(?, is_subagent), agent_id = coalesce(?, agent_id), agent_type = coalesce(?, agent_type),
        header_start = coalesce(min(header_start, ?), header_start, ?), title = coalesce(?, title)
        WHERE sid = ?`),
      event: store.statement(`INSERT INTO events (sid, h, n, kind, subtype, ts, model, text, tool_name, call_id, command, cwd,
        files, exit_code, duration_ms, is_error, error_kind, flags) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      fts: store.statement('INSERT INTO events_fts (rowid, text) VALUES (?, ?)'),
      // One row at a time, by rowid: an UPDATE that may touch several rows opens a statement
      // savepoint, and at every savepoint FTS5 flushes its pending index (~5 ms each).
      // By call id (SQLite would otherwise pick the session's index and scan the whole session).
      // A result's call: the last one with its id written before it (ids are reused: copied or
      // trimmed history).
      pairTarget: store.statement(`SELECT rowid AS id, tool_name FROM events INDEXED BY events_callid
        WHERE sid = ? AND call_id = ? AND kind = ${KIND_CODE.tool_call} AND flags & ${FLAG.duplicate} = 0 AND rowid < ?
        ORDER BY rowid DESC LIMIT 1`),
      anyEarlyResults: store.statement('SELECT 1 FROM early_results LIMIT 1'),
      earlyResults: store.statement('SELECT row, exit_code, duration_ms, is_error, error_kind, ts, poll FROM early_results WHERE sid = ? AND call_id = ? ORDER BY row'),
      keepEarly: store.statement('INSERT OR IGNORE INTO early_results (sid, call_id, row, exit_code, duration_ms, is_error, error_kind, ts, poll) VALUES (?,?,?,?,?,?,?,?,?)'),
      dropEarly: store.statement('DELETE FROM early_results WHERE sid = ? AND call_id = ?'),
      nameEarly: store.statement('UPDATE events SET tool_name = coalesce(tool_name, ?) WHERE rowid = ?'),
      pair: store.statement(`UPDATE events SET
        exit_code = coalesce(exit_code, ?1),
        duration_ms = coalesce(duration_ms, ?2,
          CASE WHEN ?4 IS NOT NULL AND ts IS NOT NULL THEN max(0, ?4 - ts) END),
        is_error = max(is_error, ?3, CASE WHEN ?1 IS NOT NULL AND ?1 <> 0 THEN 1 ELSE 0 END),
        error_kind = coalesce(error_kind, ?5, CASE WHEN ?1 IS NOT NULL AND ?1 <> 0 THEN 'exit_code' END)
        WHERE rowid = ?6`),
      nameResult: store.statement('UPDATE events SET tool_name = ? WHERE rowid = ?'),
      modelsOf: store.statement('SELECT models FROM sessions WHERE sid = ?'),
      counters: store.statement(`UPDATE sessions SET events = events + ?, prompts = prompts + ?,
        first_ts = CASE WHEN first_ts IS NULL OR ?3 < first_ts THEN ?3 ELSE first_ts END,
        -- (no time of its own yet: an end taken from its subagents, see rollup, gives way)
        ended_at = CASE WHEN first_ts IS NULL THEN coalesce(?4, ended_at) WHEN ended_at IS NULL OR ?4 > ended_at THEN ?4 ELSE ended_at END,
        models = ? WHERE sid = ?`),
      usage: store.statement(`INSERT INTO usage (sid, key, t_in, t_cr, t_cw, t_out, t_rs, model, ts) VALUES (?,?,?,?,?,?,?,?,?)
        ON CONFLICT (sid, key) DO UPDATE SET t_in = excluded.t_in, t_cr = excluded.t_cr, t_cw = excluded.t_cw,
        t_out = excluded.t_out, t_rs = excluded.t_rs, model = coalesce(excluded.model, model)
        WHERE excluded.t_in + excluded.t_out > usage.t_in + usage.t_out`),
      title: store.statement('UPDATE sessions SET title = ? WHERE sid = ? AND title IS NULL'),
      parentOf: store.statement('SELECT p.sid FROM sessions s JOIN sessions p ON p.id = s.parent_id WHERE s.sid = ?'),
      hasChild: store.statement('SELECT 1 FROM sessions c JOIN sessions s ON c.parent_id = s.id WHERE s.sid = ? LIMIT 1'),
      parentCall: store.statement('SELECT key FROM usage WHERE sid = ? AND key BETWEEN ? AND ? LIMIT 1'),
      childCalls: store.statement(`SELECT u.sid, u.key FROM usage u INDEXED BY usage_key JOIN sessions c ON c.sid = u.sid JOIN sessions p ON p.id = c.parent_id
        WHERE u.key BETWEEN ?1 AND ?2 AND u.key <> ?3 AND p.sid = ?4`),
      moveUsage: store.statement(`INSERT INTO usage (sid, key, t_in, t_cr, t_cw, t_out, t_rs, model, ts)
        SELECT sid, ?1, t_in, t_cr, t_cw, t_out, t_rs, model, ts FROM usage WHERE sid = ?2 AND key = ?3
        ON CONFLICT (sid, key) DO UPDATE SET t_in = excluded.t_in, t_cr = excluded.t_cr, t_cw = excluded.t_cw,
        t_out = excluded.t_out, t_rs = excluded.t_rs, model = coalesce(excluded.model, model)
        WHERE excluded.t_in + excluded.t_out > usage.t_in + usage.t_out`),
      dropUsage: store.statement('DELETE FROM usage WHERE sid = ? AND key = ?'),
      nameOf: store.statement('SELECT id FROM names WHERE name = ?'),
      addName: store.statement('INSERT INTO names (name) VALUES (?) RETURNING id'),
      redaction: store.statement(`INSERT INTO redactions (sid, kind, count) VALUES (?, ?, ?)
        ON CONFLICT (sid, kind) DO UPDATE SET count = count + excluded.count`),
    };
  }

  /** The number a line type or model name is stored as. */
  private nameId(name: string): number;
  private nameId(name: string | null): number | null;
  private nameId(name: string | null): number | null {
    if (name === null) return null;
    let id = this.names.get(name);
    if (id === undefined) {
      id = ((this.st.nameOf!.get(name) ?? this.st.addName!.get(name)) as { id: number }).id;
      this.names.set(name, id);
    }
    return id;
  }

  sid(id: string, provider: string): number {
    let sid = this.sids.get(id);
    if (sid !== undefined) return sid;
    const row = this.st.sidOf!.get(id) as { sid: number } | undefined;
    sid = row ? row.sid : Number(this.st.newSession!.run(id, provider).lastInsertRowid);
    this.sids.set(id, sid);
    this.touched.add(sid);
    return sid;
  }

  /** Whether a session was purged (its facts, as a parent's line names the subagent it started, stay out). */
  private purged(id: string, provider: string): boolean {
    let p = this.purgedIds.get(id);
    if (p === undefined) {
      p = anyPurgedSession(this.store, provider, [id]);
      this.purgedIds.set(id, p);
    }
    return p;
  }

  session(s: SessionRow): void {
    if (this.purged(s.id, s.provider)) return;
    const sid = this.sid(s.id, s.provider);
    // A parent known only from its subagents (its main file empty or gone) still gets its row,
    // so they hang under it and it reports their tokens.
    if (s.parentId) this.sid(s.parentId, s.provider);
    this.touched.add(sid);
    this.st.patch!.run(
      s.parentId, s.parentCallId, s.forkedFromId, s.cwd, s.gitBranch, s.gitCommit, s.gitRepo, s.cliVersion,
      // The earliest start any of its files gives, whichever file is read first.
      s.originator, s.isSubagent, s.agentId, s.agentType, s.headerStart, s.headerStart, s.title, sid,
    );
  }

  countRedactions(sessionId: string, provider: string, counts: Record<string, number>): void {
    if (!Object.values(counts).some((v) => v > 0)) return;
    const sid = this.sid(sessionId, provider);
    let m = this.redactions.get(sid);
    for (const [k, v] of Object.entries(counts)) {
      if (!v) continue;
      if (!m) {
        m = new Map();
        this.redactions.set(sid, m);
      }
      m.set(k, (m.get(k) ?? 0) + v);
    }
  }

  event(provider: string, h: Buffer, n: number, e: EventRow): void {
    const sid = this.sid(e.sessionId, provider);
    const p: Pending = { sid, h, n, e };
    this.pending.push(p);
    if (e.kind === 'tool_call' && e.callId && !(e.flags & FLAG.duplicate)) {
      const key = `${sid}\0${e.callId}`;
      if (!this.calls.has(key)) this.takeEarlyResults(p, e.callId, key);
      this.calls.set(key, p);
    }
    if (e.kind === 'tool_result' && e.callId) {
      const call = this.calls.get(`${sid}\0${e.callId}`);
      if (call) {
        // A poll that reports another call's end carries that call's outcome, not its own.
        if (e.completes === undefined) mergeResult(call.e, e);
        else call.e.durationMs = call.e.durationMs ?? e.durationMs ?? gapMs(call.e.ts, e.ts);
        // A result names its call's tool (Codex outputs carry only the call id).
        e.toolName ??= call.e.toolName;
      } else {
        this.unpaired.push(p);
        const key = `${sid}\0${e.callId}`;
        const w = this.waiting.get(key);
        if (w) w.push(p);
        else this.waiting.set(key, [p]);
      }
    }
    if (e.kind === 'tool_result' && e.completes !== undefined) {
      const started = this.calls.get(`${sid}\0${e.completes}`);
      if (started) mergeOutcome(started.e, e);
      else this.completing.push(p);
    }
    // (A purged subagent stays out: the parent's line that started it does not bring its row back.)
    if (e.spawnedSessionId && !this.purged(e.spawnedSessionId, provider)) {
      const child = this.sid(e.spawnedSessionId, provider);
      this.store.db
        .prepare('UPDATE sessions SET parent_call_id = coalesce(parent_call_id, ?), parent_id = coalesce(parent_id, ?), is_subagent = 1 WHERE sid = ?')
        .run(e.callId, e.sessionId, child);
      // Kept with the subagent (whichever of its transcript and this result is read first) to
      // correct its last call's output, which its own transcript may hold only an early count of.
      if (e.spawnedUsage && !(e.flags & FLAG.copied)) {
        const t = e.spawnedUsage;
        this.st.usage!.run(child, reportedUsageKeyDigest(e.spawnedSessionId, e.callId), t.input, t.cacheRead, t.cacheWrite, t.output, t.reasoning, null, epochMs(e.ts));
        this.touched.add(child);
      }
    }
  }

  /**
   * A Claude sidechain (a subagent's transcript, `/btw`'s aside, a compaction agent) may replay its
   * parent's messages with their usage under new request ids: the same message is the same call,
   * the parent's. The key a row of the parent gives the message is taken; rows of this session's
   * subagents written before under another key of the message move to this one. Either import
   * order (and a rebuild) ends with the replay under its parent's key, which ownership gives to
   * the parent (a main session ranks before its subagents).
   */
  private sameMessage(sid: number, key: Buffer, kin: Map<number, Kin>): Buffer {
    // (Who the session's parent is and whether it has subagents, once a batch: every session of the batch is made before
    // it is written, and a subagent a later batch makes finds this one's rows as its parent's.)
    let k = kin.get(sid);
    if (k === undefined) {
      k = { parent: (this.st.parentOf!.get(sid) as { sid: number } | undefined)?.sid ?? null, children: this.st.hasChild!.get(sid) !== undefined };
      kin.set(sid, k);
    }
    if (k.parent === null && !k.children) return key;
    const [lo, hi] = messageKeyRange(key);
    if (k.parent !== null) {
      const r = this.st.parentCall!.get(k.parent, lo, hi) as { key: Uint8Array } | undefined;
      if (r) return Buffer.from(r.key);
    }
    if (!k.children) return key;
    for (const r of this.st.childCalls!.all(lo, hi, key, sid) as { sid: number; key: Uint8Array }[]) {
      this.st.moveUsage!.run(key, r.sid, r.key);
      this.st.dropUsage!.run(r.sid, r.key);
      this.touched.add(r.sid);
    }
    return key;
  }

  /**
   * A call that is the first with its id takes the results written before it (they had no call
   * to pair with), in line order and before any result after it: from earlier batches, kept in
   * `early_results`, then from this batch. Wherever batches are cut, a call gets the same figures.
   */
  private takeEarlyResults(call: Pending, callId: string, key: string): void {
    const { sid } = call;
    this.early ??= this.st.anyEarlyResults!.get() !== undefined;
    const kept = this.early ? (this.st.earlyResults!.all(sid, callId) as unknown as EarlyResult[]) : [];
    for (const r of kept) {
      const ts = r.ts === null ? null : new Date(r.ts).toISOString();
      if (r.poll) call.e.durationMs = call.e.durationMs ?? r.duration_ms ?? gapMs(call.e.ts, ts);
      else mergeResult(call.e, { exitCode: r.exit_code, durationMs: r.duration_ms, isError: r.is_error, errorKind: r.error_kind, ts });
      if (call.e.toolName !== null) this.st.nameEarly!.run(call.e.toolName, r.row);
    }
    if (kept.length > 0) this.st.dropEarly!.run(sid, callId);
    const waiting = this.waiting.get(key);
    if (!waiting) return;
    // Results of this batch that came before it belong to an earlier batch's call if there is
    // one (kept early results show there is none: that call would have taken them).
    if (kept.length === 0 && this.st.pairTarget!.get(sid, callId, Number.MAX_SAFE_INTEGER) !== undefined) return;
    for (const r of waiting) {
      if (r.e.completes === undefined) mergeResult(call.e, r.e);
      else call.e.durationMs = call.e.durationMs ?? r.e.durationMs ?? gapMs(call.e.ts, r.e.ts);
      r.e.toolName ??= call.e.toolName;
      r.taken = true;
    }
    this.waiting.delete(key);
  }

  /** Write the buffered events, pair what is left, then bring every touched session's roll-ups up to date. */
  finish(): void {
    const counters = new Map<number, Counter>();
    const kin = new Map<number, Kin>();
    for (const p of this.pending) {
      const { sid, h, n, e } = p;
      const r = this.st.event!.run(
        sid, h, n, kindCode(e.kind), this.nameId(e.subtype), epochMs(e.ts), this.nameId(e.model), e.text, e.toolName, e.callId, e.command, e.cwd,
        e.files, e.exitCode, e.durationMs, e.isError, e.errorKind, e.flags,
      );
      p.row = Number(r.lastInsertRowid);
      const dup = (e.flags & FLAG.duplicate) !== 0;
      // UTF-8 bytes are indexed as text (FTS5 reads a BLOB's bytes as UTF-8).
      const search = e.searchText || (e.searchBytes?.length ? e.searchBytes : null);
      if (search && !dup) {
        // (Emoji are blanks to the index: a string has them taken out here, bytes in the import worker.)
        this.st.fts!.run(p.row, typeof search === 'string' ? withoutPictographs(search) : search);
        // A copied prompt (a resumed Claude session's opening copies) is the earlier session's.
        if (e.kind === 'user_prompt' && !(e.flags & (FLAG.scaffold | FLAG.copied))) {
          this.st.title!.run(clip(typeof search === 'string' ? search : Buffer.from(search.buffer, search.byteOffset, search.byteLength).toString('utf8'), 200), sid);
        }
      }
      if (e.usage) {
        for (const u of e.usage.also ? [e.usage, ...e.usage.also] : [e.usage]) {
          const t = u.tokens;
          const key = u.message === undefined ? usageKeyDigest(u.key) : this.sameMessage(sid, messageKeyDigest(u.message, u.key), kin);
          this.st.usage!.run(sid, key, t.input, t.cacheRead, t.cacheWrite, t.output, t.reasoning, this.nameId(u.model), epochMs(e.ts));
        }
      }
      let c = counters.get(sid);
      if (!c) {
        c = newCounter();
        counters.set(sid, c);
      }
      const copied = (e.flags & FLAG.copied) !== 0;
      if (e.ts && !copied) {
        // (A repeat may be stamped before the session began: a spawned Codex agent's replay of its parent's lines.)
        if (!dup && (c.first === null || e.ts < c.first)) c.first = e.ts;
        if (c.last === null || e.ts > c.last) c.last = e.ts;
      }
      // (A copy names the model its original session used: a resumed Claude session's opening copies.)
      const model = e.model ?? e.usage?.model;
      if (model && !copied) c.models.add(model);
      // (An advisor consulted within the call: its model is one the session used.)
      if (!copied) for (const a of e.usage?.also ?? []) if (a.model) c.models.add(a.model);
      if (dup) continue;
      c.events++;
      if (e.kind === 'user_prompt' && !(e.flags & FLAG.scaffold) && !copied) c.prompts++;
    }
    // Results whose call was written by an earlier batch (or import) are paired in place, in line
    // order: a poll reporting a command's end after that command's own result does not go first.
    const rest = [...this.completing.map((p) => ({ p, poll: true })), ...this.unpaired.map((p) => ({ p, poll: false }))].sort((a, b) => a.p.row! - b.p.row!);
    for (const { p, poll } of rest) {
      const { sid, e, row } = p;
      if (poll) {
        const call = this.st.pairTarget!.get(sid, e.completes ?? null, row!) as { id: number } | undefined;
        if (call) this.st.pair!.run(e.exitCode, null, e.isError, null, e.errorKind, call.id);
        continue;
      }
      if (p.taken) continue;
      const ts = epochMs(e.ts);
      const reports = e.completes !== undefined;
      const call = this.st.pairTarget!.get(sid, e.callId, row!) as { id: number; tool_name: string | null } | undefined;
      if (call) {
        if (!reports) this.st.pair!.run(e.exitCode, e.durationMs, e.isError, ts, e.errorKind, call.id);
        else this.st.pair!.run(null, e.durationMs, 0, ts, null, call.id);
        if (e.toolName === null && call.tool_name !== null) {
          this.st.nameResult!.run(call.tool_name, row!);
          e.toolName = call.tool_name;
        }
      } else this.st.keepEarly!.run(sid, e.callId, row!, e.exitCode, e.durationMs, e.isError, e.errorKind, ts, reports ? 1 : 0);
      if (!counters.has(sid)) counters.set(sid, newCounter());
    }
    this.pending = [];
    this.unpaired = [];
    this.completing = [];
    this.calls.clear();
    this.waiting.clear();
    this.early = undefined;
    for (const [sid, m] of this.redactions) for (const [k, v] of m) this.st.redaction!.run(sid, k, v);
    this.redactions.clear();
    for (const [sid, c] of counters) {
      const cur = this.st.modelsOf!.get(sid) as { models: string };
      const models = [...new Set([...(JSON.parse(cur.models) as string[]), ...c.models])].sort();
      this.st.counters!.run(c.events, c.prompts, c.first, c.last, JSON.stringify(models), sid);
      this.touched.add(sid);
    }
    if (this.touched.size > 0) deferRollup(this.store, this.touched);
    this.touched.clear();
    // (Looked up again by the next batch: one writer rebuilds a whole store, 100,000 sessions.)
    this.sids.clear();
    this.purgedIds.clear();
  }
}

/** A session's parent (its sid) and whether it has subagents (IndexWriter.sameMessage). */
interface Kin {
  parent: number | null;
  children: boolean;
}

interface Pending {
  sid: number;
  h: Buffer;
  n: number;
  e: EventRow;
  /** Its rowid, once written. */
  row?: number;
  /** A result taken by a call after it in the same batch (IndexWriter.takeEarlyResults). */
  taken?: boolean;
}

/** A row of `early_results`. */
interface EarlyResult {
  row: number;
  exit_code: number | null;
  duration_ms: number | null;
  is_error: number;
  error_kind: string | null;
  ts: number | null;
  poll: number;
}

interface Counter {
  events: number;
  prompts: number;
  first: string | null;
  last: string | null;
  models: Set<string>;
}

const newCounter = (): Counter => ({ events: 0, prompts: 0, first: null, last: null, models: new Set() });

/** An event time as stored: epoch milliseconds (null when absent or not a time). */
export function epochMs(ts: string | null): number | null {
  if (!ts) return null;
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? ms : null;
}

const gapMs = (from: string | null, to: string | null): number | null => {
  if (!from || !to) return null;
  const d = Date.parse(to) - Date.parse(from);
  return Number.isFinite(d) ? Math.max(0, d) : null;
};

/** A result's exit code, duration and error onto its call (same rules as the `pair` statement). */
/** The outcome of a command a later poll reports the end of: its exit code and failure, not the
 * poll's duration. */
function mergeOutcome(call: EventRow, r: EventRow): void {
  const failed = r.exitCode !== null && r.exitCode !== 0;
  call.exitCode = call.exitCode ?? r.exitCode;
  call.isError = Math.max(call.isError, r.isError, failed ? 1 : 0);
  call.errorKind = call.errorKind ?? r.errorKind ?? (failed ? 'exit_code' : null);
}

/** A call takes its result's outcome; the first result's figures stand (Codex repeats a result:
 * the `*_end` event, with the structured exit code and duration, then the output item). */
function mergeResult(call: EventRow, r: Pick<EventRow, 'exitCode' | 'durationMs' | 'isError' | 'errorKind' | 'ts'>): void {
  const failed = r.exitCode !== null && r.exitCode !== 0;
  call.exitCode = call.exitCode ?? r.exitCode;
  call.durationMs = call.durationMs ?? r.durationMs ?? gapMs(call.ts, r.ts);
  call.isError = Math.max(call.isError, r.isError, failed ? 1 : 0);
  call.errorKind = call.errorKind ?? r.errorKind ?? (failed ? 'exit_code' : null);
}

/** What a copied event repeats of its original: kind, line type, redacted preview and call id. */
const COMPARED = `kind IN (${(['user_prompt', 'assistant_text', 'reasoning', 'tool_call', 'tool_result'] as const).map((k) => KIND_CODE[k]).join(', ')}) AND flags & ${FLAG.duplicate} = 0`;
type Compared = { rowid: number; kind: number; subtype: number; text: string | null; call_id: string | null };
const same = (a: Compared, b: Compared): boolean =>
  a.kind === b.kind && a.subtype === b.subtype && a.call_id === b.call_id && (a.text === b.text || sameRedactedApart(a.text, b.text));

const MARKER = /\[REDACTED:[a-z0-9_]+\]/g;
const escapeRegex = (t: string): string => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Whether two previews are one text redacted apart: each transcript redacts a secret once its own
 * lines show it (late-secrets.ts), so a fork's copy and its original may differ where one has a
 * marker and the other still the value. Word by word (a secret holds no blank): equal, or the
 * marked word is the other with each marker standing for a secret-looking run (6+ characters with
 * a digit, a capital or a symbol, or 12+ characters). Previews are cut at 300 characters: when one
 * was, their last words may be cut at different places, and one may hold more words.
 */
export function sameRedactedApart(a: string | null, b: string | null): boolean {
  if (a === null || b === null || a === b) return a === b && a !== null;
  const [marked, plain] = a.includes('[REDACTED:') ? [a, b] : [b, a];
  // (A marker the cut would have split is left out of a preview: the one then ends where the other's value starts.)
  if (!marked.includes('[REDACTED:')) return Math.min(a.length, b.length) >= 250 && (a.startsWith(b.trimEnd()) || b.startsWith(a.trimEnd()));
  const mw = marked.split(/\s+/);
  const pw = plain.split(/\s+/);
  const n = Math.min(mw.length, pw.length);
  // (Cut: the preview of one or both ends at the length previews are cut to, or near it.)
  const cut = Math.max(marked.length, plain.length) >= 250;
  if (mw.length !== pw.length && !cut) return false;
  for (let k = 0; k < n; k++) {
    const [m, p] = [mw[k]!, pw[k]!];
    if (m === p) continue;
    const last = k === n - 1 && cut;
    if (last && (m.startsWith(p) || p.startsWith(m))) continue;
    if (!m.includes('[REDACTED:')) return false;
    const re = new RegExp(`^${m.split(MARKER).map(escapeRegex).join('(\\S{6,}?)')}${last ? '' : '$'}`);
    // (A secret's look: 12+ characters, or a digit, a capital or a symbol; not a word such as `coverage`.)
    if (!re.exec(p)?.slice(1).every((v) => v.length >= 12 || /[\dA-Z]|[^A-Za-z0-9]/.test(v))) return false;
  }
  return true;
}

/**
 * A Codex fork starts with a copy of its parent's history, with new timestamps and nothing that
 * marks it. The longest run of its first events that repeats the parent's, in order, is flagged
 * copied, and the fork's prompts are counted without it. Parent missing: nothing is a copy.
 */
function markForkCopies(store: Store, sid: number): void {
  const fork = store
    .statement(`SELECT p.sid AS parent FROM sessions s LEFT JOIN sessions p ON p.id = s.forked_from_id
      WHERE s.sid = ? AND s.provider = 'codex' AND s.forked_from_id IS NOT NULL`)
    .get(sid) as { parent: number | null } | undefined;
  if (!fork) return;
  const seq = store.statement(`SELECT rowid, kind, subtype, text, call_id FROM events WHERE sid = ? AND ${COMPARED} ORDER BY rowid`);
  const own = seq.all(sid) as Compared[];
  const parent = fork.parent === null ? [] : (seq.all(fork.parent) as Compared[]);
  let n = 0;
  while (n < own.length && n < parent.length && same(own[n]!, parent[n]!)) n++;
  store.statement(`UPDATE events SET flags = flags & ~${FLAG.copied} WHERE sid = ? AND flags & ${FLAG.copied} <> 0`).run(sid);
  if (n > 0) {
    store.statement(`UPDATE events SET flags = flags | ${FLAG.copied} WHERE sid = ? AND rowid <= ? AND ${COMPARED}`).run(sid, own[n - 1]!.rowid);
  }
  store
    .statement(`UPDATE sessions SET prompts = (SELECT count(*) FROM events WHERE sid = ?1 AND kind = ${KIND_CODE.user_prompt}
      AND flags & ${FLAG.duplicate | FLAG.scaffold | FLAG.copied} = 0) WHERE sid = ?1`)
    .run(sid);
}

/**
 * A Codex fork's copied history and a spawned agent's replay of its parent's lines (stamped before
 * its own header) name the models its parent used: such a session's models are those of the lines
 * after its copy, counted again once its copy is known.
 */
function ownModels(store: Store, sid: number): void {
  const s = store
    .statement(`SELECT header_start AS start FROM sessions WHERE sid = ? AND provider = 'codex' AND (forked_from_id IS NOT NULL OR parent_id IS NOT NULL)`)
    .get(sid) as { start: string | null } | undefined;
  if (!s) return;
  const from = s.start === null ? null : epochMs(s.start);
  // (A fork's copy is marked by what it said; the rest of its last copied turn (the answer's twin, the token count) is a
  // copy too: the fork's own lines start at the next turn context or prompt.)
  const rows = store
    .statement(`WITH cut(c) AS (SELECT coalesce(max(rowid), 0) FROM events WHERE sid = ?1 AND flags & ${FLAG.copied} <> 0),
      own(o) AS (SELECT CASE WHEN cut.c = 0 THEN 0 ELSE coalesce((SELECT min(x.rowid) FROM events x WHERE x.sid = ?1 AND x.rowid > cut.c
        AND (x.kind = ${KIND_CODE.user_prompt} OR x.subtype = (SELECT id FROM names WHERE name = 'turn_context'))), 9e18) END FROM cut)
      SELECT DISTINCT n.name AS name FROM events e JOIN names n ON n.id = e.model, own
      WHERE e.sid = ?1 AND e.rowid >= own.o AND (?2 IS NULL OR e.ts IS NULL OR e.ts >= ?2) ORDER BY n.name`)
    .all(sid, from) as { name: string }[];
  store.statement('UPDATE sessions SET models = ? WHERE sid = ?').run(JSON.stringify(rows.map((r) => r.name)), sid);
}

/** Name ids known in the open write transaction, shared by its writers (one per batch). Kept
 * in `Store.deferred`, which the transaction's end (commit or rollback) clears: an id added by
 * a transaction that is rolled back is never used after it. */
class TransactionNames {
  readonly ids = new Map<string, number>();
  run(): void {}
}

function transactionNames(store: Store): Map<string, number> {
  if (!store.db.isTransaction) return new Map();
  let t = store.deferred.get('names') as TransactionNames | undefined;
  if (!t) {
    t = new TransactionNames();
    store.deferred.set('names', t);
  }
  return t.ids;
}

/** Sessions whose roll-ups wait for the end of the open write transaction. */
class RollupQueue {
  readonly sids = new Set<number>();
  private readonly store: Store;
  constructor(store: Store) {
    this.store = store;
  }
  run(): void {
    rollup(this.store, [...this.sids]);
  }
}

/**
 * Roll-ups are recomputed from the whole session, so once per transaction is enough: per batch
 * they cost a scan of each touched session for every 512 KB read (quadratic in a long session).
 * Outside a transaction they run at once.
 */
function deferRollup(store: Store, sids: Iterable<number>): void {
  if (!store.db.isTransaction) {
    rollup(store, [...sids]);
    return;
  }
  const q = (store.deferred.get('rollup') as RollupQueue | undefined) ?? new RollupQueue(store);
  for (const sid of sids) q.sids.add(sid);
  store.deferred.set('rollup', q);
}

/**
 * Derived roll-ups for the given sessions: start time, tool errors, tokens (with ownership of
 * keys shared with other sessions: the first by main-before-subagent, start, id owns a key, so
 * totals do not depend on import order) and their ancestors' subagent totals.
 */
/** SQL: usage row `u` counts for its session (`sessions`): not a report, and no better-ranked session (main before
 * subagent, earlier start, smaller id) of the provider that may hold a copy of it has its key. */
const OWNED_USAGE = `NOT ${REPORTED_USAGE_KEY('u.key')} AND NOT EXISTS (
        SELECT 1 FROM usage v JOIN sessions o ON o.sid = v.sid
        WHERE v.key = u.key AND v.sid <> u.sid AND o.provider = sessions.provider
          AND (NOT ${CONTENT_USAGE_KEY('u.key')} OR ${MAY_COPY('o', 'sessions')})
          AND (o.is_subagent, coalesce(o.header_start, o.first_ts, '9999'), o.id)
            < (sessions.is_subagent, coalesce(sessions.header_start, sessions.first_ts, '9999'), sessions.id))`;

/** SQL: a session's start, the earlier of its header's and its first own event's (SQLite's min(a, b) is NULL when either is). */
const EARLIEST_START = 'min(coalesce(header_start, first_ts), coalesce(first_ts, header_start))';

export function rollup(store: Store, sids: number[]): void {
  // The earlier of the header's start and the first own event (not a copy, not a repeat): a Claude
  // file may write a line stamped before its first one (a local command's caveat). A session holding
  // only repeats stamped before its header ends when it starts, not before.
  const start = store.statement(`UPDATE sessions SET started_at = ${EARLIEST_START},
    ended_at = CASE WHEN ended_at < ${EARLIEST_START} THEN ${EARLIEST_START} ELSE ended_at END WHERE sid = ?`);
  for (const sid of sids) start.run(sid);

  // Sessions sharing a usage key or a tool call id (a fork or a spawned agent replaying history)
  // with a touched session may gain or lose ownership of it.
  const affected = new Set(sids);
  // A key derived from content (a Codex running total) is shared only between sessions that may
  // copy one another (MAY_COPY): others that happen to hold it never change owner by it, and
  // leaving them out keeps this linear when many unrelated sessions reach the same totals.
  const sharers = store.statement(`SELECT v.sid AS sid FROM usage u JOIN usage v ON v.key = u.key AND v.sid <> u.sid
      JOIN sessions us ON us.sid = u.sid JOIN sessions vs ON vs.sid = v.sid
    WHERE u.sid = ?1 AND (NOT ${CONTENT_USAGE_KEY('u.key')} OR ${MAY_COPY('us', 'vs')})
    UNION SELECT o.sid FROM events e JOIN events o ON o.call_id = e.call_id AND o.kind = ${KIND_CODE.tool_call} AND o.sid <> e.sid
      JOIN sessions es ON es.sid = e.sid JOIN sessions os ON os.sid = o.sid
    WHERE e.sid = ?1 AND e.kind = ${KIND_CODE.tool_call} AND (NOT ${CONTENT_KEY('e.call_id')} OR ${MAY_COPY('es', 'os')})
    UNION SELECT f.sid FROM sessions f JOIN sessions p ON f.forked_from_id = p.id WHERE p.sid = ?1`);
  for (const sid of sids) for (const r of sharers.all(sid) as { sid: number }[]) affected.add(r.sid);
  // Which of a fork's events copy its parent's depends on the two alone: marked again for the
  // touched sessions and the forks of them, not for every session sharing a key (the siblings of a
  // fork family: each import re-read every sibling and its parent, a perf audit found).
  const forksOf = store.statement('SELECT f.sid AS sid FROM sessions f JOIN sessions p ON f.forked_from_id = p.id WHERE p.sid = ?');
  const copies = new Set(sids);
  for (const sid of sids) for (const r of forksOf.all(sid) as { sid: number }[]) copies.add(r.sid);
  for (const sid of copies) markForkCopies(store, sid);
  for (const sid of copies) ownModels(store, sid);

  // A copied call (same call id in an earlier-ranked session of the same provider) is that
  // session's invocation, not this one's; a call id seen twice in one session (a renamed copy of
  // its transcript joined it) is one invocation.
  const calls = store.statement(`UPDATE sessions SET (tool_calls, tool_errors) = (
      SELECT count(DISTINCT coalesce(e.call_id, 'row:' || e.rowid)), count(DISTINCT CASE WHEN e.is_error THEN coalesce(e.call_id, 'row:' || e.rowid) END) FROM events e
      WHERE e.sid = sessions.sid AND e.kind = ${KIND_CODE.tool_call} AND e.flags & ${FLAG.duplicate} = 0 AND ${OWNED_CALL('e', 'sessions')})
    WHERE sid = ?1 AND (tool_calls <> 0 OR tool_errors <> 0 OR EXISTS (SELECT 1 FROM events WHERE sid = ?1 AND kind = ${KIND_CODE.tool_call}))`);
  for (const sid of affected) calls.run(sid);

  // Claude Code may write a subagent's last model call with the output count of its first
  // streamed chunk (`output_tokens: 1`, no stop reason); the spawning Task's result reports the
  // call's final usage. That report corrects the call it describes: the latest of the session's
  // calls with the same input counts.
  const reported = store.statement(`UPDATE usage AS m SET t_out = f.t_out, t_rs = max(m.t_rs, f.t_rs)
      FROM usage AS f
      WHERE f.sid = ?1 AND ${REPORTED_USAGE_KEY('f.key')} AND m.sid = ?1 AND f.t_out > m.t_out
        AND m.key = (SELECT k.key FROM usage k WHERE k.sid = ?1 AND NOT ${REPORTED_USAGE_KEY('k.key')}
          AND k.t_in = f.t_in AND k.t_cr = f.t_cr AND k.t_cw = f.t_cw ORDER BY coalesce(k.ts, -1) DESC, k.key DESC LIMIT 1)`);
  // (Asked first: the UPDATE … FROM opens two temporary tables, each a fresh 87 KB page cache, even
  // when nothing matches; most sessions have no such report.)
  const hasReport = store.statement(`SELECT 1 FROM usage WHERE sid = ? AND ${REPORTED_USAGE_RANGE('key')} LIMIT 1`);
  for (const sid of affected) if (hasReport.get(sid)) reported.run(sid);

  const tokens = store.statement(`UPDATE sessions SET (t_in, t_cr, t_cw, t_out, t_rs) = (
      SELECT coalesce(sum(u.t_in), 0), coalesce(sum(u.t_cr), 0), coalesce(sum(u.t_cw), 0), coalesce(sum(u.t_out), 0), coalesce(sum(u.t_rs), 0)
      FROM usage u
      WHERE u.sid = sessions.sid AND ${OWNED_USAGE})
    WHERE sid = ?`);
  for (const sid of affected) tokens.run(sid);

  // The models of a fork, a spawned agent or a subagent are those of the calls it owns: its copy or replay of its
  // parent's calls (a Codex fork's copied turns, a /btw aside's replayed messages) names the models the parent used.
  // (Without usage, the models of its own lines stand: see ownModels.)
  const models = store.statement(`UPDATE sessions SET models = (SELECT json_group_array(name) FROM (
      SELECT DISTINCT n.name AS name FROM usage u JOIN names n ON n.id = u.model WHERE u.sid = sessions.sid AND ${OWNED_USAGE} ORDER BY n.name))
    WHERE sid = ?1 AND (parent_id IS NOT NULL OR forked_from_id IS NOT NULL)
      AND EXISTS (SELECT 1 FROM usage WHERE sid = ?1 AND NOT ${REPORTED_USAGE_RANGE('key')})`);
  for (const sid of affected) models.run(sid);

  // Parents report their subagents' (and nested subagents') tokens separately.
  const parents = new Set<string>();
  const parentOf = store.statement('SELECT parent_id FROM sessions WHERE sid = ?');
  const ancestors = store.statement('SELECT parent_id FROM sessions WHERE id = ?');
  const idOf = store.statement('SELECT id FROM sessions WHERE sid = ?');
  for (const sid of affected) {
    const self = (idOf.get(sid) as { id: string } | undefined)?.id;
    if (self) parents.add(self);
    let p = (parentOf.get(sid) as { parent_id: string | null } | undefined)?.parent_id ?? null;
    for (let depth = 0; p && depth < 32 && !parents.has(p); depth++) {
      parents.add(p);
      p = (ancestors.get(p) as { parent_id: string | null } | undefined)?.parent_id ?? null;
    }
  }
  const sub = store.statement(`WITH RECURSIVE d(id) AS (
      SELECT id FROM sessions WHERE parent_id = ?1
      UNION SELECT s.id FROM sessions s JOIN d ON s.parent_id = d.id)
    UPDATE sessions SET (s_in, s_cr, s_cw, s_out, s_rs) = (
      SELECT coalesce(sum(t_in), 0), coalesce(sum(t_cr), 0), coalesce(sum(t_cw), 0), coalesce(sum(t_out), 0), coalesce(sum(t_rs), 0)
      FROM sessions WHERE id IN (SELECT id FROM d)),
      -- A parent known only from its subagents (no start of its own) spans theirs.
      started_at = coalesce(${EARLIEST_START}, (SELECT min(started_at) FROM sessions WHERE parent_id = ?1)),
      ended_at = CASE WHEN header_start IS NULL AND first_ts IS NULL THEN (SELECT max(ended_at) FROM sessions WHERE parent_id = ?1) ELSE ended_at END
    WHERE id = ?1`);
  // A session without subagents has no recursion to walk (four temporary tables for nothing).
  const childless = store.statement(`UPDATE sessions SET s_in = 0, s_cr = 0, s_cw = 0, s_out = 0, s_rs = 0,
      started_at = ${EARLIEST_START}, ended_at = CASE WHEN header_start IS NULL AND first_ts IS NULL THEN NULL ELSE ended_at END
    WHERE id = ?1`);
  const hasChild = store.statement('SELECT 1 FROM sessions WHERE parent_id = ? LIMIT 1');
  for (const p of parents) (hasChild.get(p) ? sub : childless).run(p);
}
