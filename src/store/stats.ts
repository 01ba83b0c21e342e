// Store-wide figures for `stats`, `health` and `doctor`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenCounts } from '../core/types.ts';
import { bigLineIntact, lineHash, openSegment, type SegmentRow, storedLineIdentity } from './raw.ts';
import { LISTED } from './queries.ts';
import { FLAG } from './schema.ts';
import type { Store } from './store.ts';

export interface ProviderStats {
  provider: string;
  /** Main sessions as lists show them (subagents apart, as in `health`). */
  sessions: number;
  subagents: number;
  events: number;
  prompts: number;
  toolCalls: number;
  toolErrors: number;
  tokens: TokenCounts;
}

export interface StoreStats {
  home: string;
  storeBytes: number;
  /** Damaged copies of store.db a repair kept aside (their names), not counted in storeBytes. */
  keptDamaged: string[];
  files: number;
  rawLines: number;
  segments: number;
  providers: ProviderStats[];
  redactions: Record<string, number>;
  lastImportAt: string | null;
}

/** A damaged store.db kept aside by a repair (`store.db.damaged-<time>`): not part of the store. */
export const isKeptDamagedCopy = (name: string): boolean => name.includes('.damaged-');

/** Bytes of the store's files (the database, its WAL and shared memory, the key), without kept damaged copies. */
export function storeBytes(home: string): number {
  let total = 0;
  for (const name of readdirSync(home)) {
    if (isKeptDamagedCopy(name)) continue;
    try {
      total += statSync(join(home, name)).size;
    } catch {
      // removed meanwhile
    }
  }
  return total;
}

export function storeStats(store: Store): StoreStats {
  const db = store.db;
  const providers = db
    .prepare(`SELECT provider, sum(is_subagent = 0) AS sessions, sum(is_subagent) AS subagents, sum(events) AS events, sum(prompts) AS prompts,
      sum(tool_calls) AS toolCalls, sum(tool_errors) AS toolErrors, sum(t_in) AS i, sum(t_cr) AS cr, sum(t_cw) AS cw, sum(t_out) AS o, sum(t_rs) AS rs
      FROM sessions s WHERE ${LISTED} GROUP BY provider ORDER BY provider`)
    .all() as unknown as (Omit<ProviderStats, 'tokens'> & { i: number; cr: number; cw: number; o: number; rs: number })[];
  const red = db.prepare('SELECT kind, sum(count) AS n FROM redactions GROUP BY kind ORDER BY kind').all() as { kind: string; n: number }[];
  const one = (sql: string) => (db.prepare(sql).get() as { n: number | string | null }).n;
  return {
    home: store.config.home,
    storeBytes: storeBytes(store.config.home),
    keptDamaged: readdirSync(store.config.home).filter(isKeptDamagedCopy).sort(),
    files: Number(one('SELECT count(*) AS n FROM sources')),
    rawLines: Number(one('SELECT count(*) AS n FROM line_ids')),
    segments: Number(one('SELECT count(*) AS n FROM segments')),
    providers: providers.map(({ i, cr, cw, o, rs, ...p }) => ({ ...p, tokens: { input: i, cacheRead: cr, cacheWrite: cw, output: o, reasoning: rs } })),
    redactions: Object.fromEntries(red.map((r) => [r.kind, r.n])),
    lastImportAt: one('SELECT max(imported_at) AS n FROM sources') as string | null,
  };
}

export interface FileHealth {
  path: string;
  provider: string;
  lines: number;
  malformed: number;
  unknown: number;
  oversized: number;
  importedAt: string;
}

export function fileHealth(store: Store, onlyProblems = false): FileHealth[] {
  return store.db
    .prepare(`SELECT path, provider, lines, malformed, unknown, oversized, imported_at AS importedAt FROM sources
      ${onlyProblems ? 'WHERE malformed > 0 OR unknown > 0 OR oversized > 0' : ''} ORDER BY path`)
    .all() as unknown as FileHealth[];
}

export interface IntegrityReport {
  sqlite: string;
  segments: number;
  damagedSegments: number[];
  /** Stored lines the map of line identities names with no sealed segment (deleted from store.db). */
  linesWithoutRecord: number;
  /** Sealed lines the map does not point at where they are (rows moved or removed in store.db). */
  linesMisplaced: number;
  indexedEventsWithoutSession: number;
  unknownEvents: number;
}

/** Authenticates every sealed segment and runs SQLite's own check (indexes included). */
export function checkIntegrity(store: Store, maxDamaged = 20): IntegrityReport {
  const db = store.db;
  const sqlite = (db.prepare('PRAGMA integrity_check(1)').get() as { integrity_check: string }).integrity_check;
  // (Each stream read as its segments come: a map of all of them held 100,000 rows.)
  const streamRow = db.prepare('SELECT key, provider FROM streams WHERE id = ?');
  let last: { id: number; row: { key: string; provider: string } | undefined } | undefined;
  const streams = {
    get(id: number): { key: string; provider: string } | undefined {
      if (last?.id !== id) last = { id, row: streamRow.get(id) as { key: string; provider: string } | undefined };
      return last.row;
    },
  };
  const located = db.prepare('SELECT seg, n FROM line_ids WHERE h = ?');
  const damaged: number[] = [];
  let segments = 0;
  let misplaced = 0;
  /** Whether the line `at` names is a copy named `h` (its segment read once, on demand). */
  const opened = new Map<number, { lines: Buffer[]; provider: string; key: string } | null>();
  const copyAt = (at: { seg: number; n: number }, h: Buffer): boolean => {
    if (!opened.has(at.seg)) {
      const row = db.prepare('SELECT * FROM segments WHERE id = ?').get(at.seg) as SegmentRow | undefined;
      const st = row && streams.get(row.stream_id);
      try {
        opened.set(at.seg, row && st ? { lines: openSegment(store, row, st.key).map((x) => x.bytes), provider: st.provider, key: st.key } : null);
      } catch {
        opened.set(at.seg, null);
      }
      if (opened.size > 64) opened.delete(opened.keys().next().value!);
    }
    const seg = opened.get(at.seg);
    const other = seg?.lines[at.n];
    return !!seg && other !== undefined && lineHash(seg.provider, seg.key, storedLineIdentity(other).identity, store.idKey).equals(h);
  };
  for (const seg of db.prepare('SELECT * FROM segments').iterate() as Iterable<SegmentRow>) {
    segments++;
    let lines: ReturnType<typeof openSegment>;
    const stream = streams.get(seg.stream_id);
    const key = stream?.key ?? '';
    try {
      lines = openSegment(store, seg, key);
      // (An oversized line's sealed parts count with the segment holding its place.)
      if (!lines.every((l) => bigLineIntact(store, seg.stream_id, key, l.bytes))) throw new Error('parts');
    } catch {
      if (damaged.length < maxDamaged) damaged.push(seg.id);
      continue;
    }
    // Each line is found by its identity where it is (by its name from before 2026-11-26 too, for a
    // line ending in a carriage return in a store not rebuilt since), or where a copy of it is (a
    // transcript stored before with its CRLF and then LF line ends holds each line twice).
    const name = (b: Buffer) => lineHash(stream?.provider ?? '', key, b, store.idKey);
    for (const [n, l] of lines.entries()) {
      const h = name(storedLineIdentity(l.bytes).identity);
      const at = located.get(h) as { seg: number; n: number } | undefined;
      const here = (x: { seg: number; n: number } | undefined) => x !== undefined && x.seg === seg.id && x.n === n;
      if (here(at) || (l.bytes.at(-1) === 0x0d && here(located.get(name(l.bytes)) as { seg: number; n: number } | undefined))) continue;
      if (at && copyAt(at, h)) continue;
      misplaced++;
    }
  }
  const without = db.prepare('SELECT count(*) AS n FROM line_ids l WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.id = l.seg)').get() as { n: number };
  const orphan = db.prepare('SELECT count(*) AS n FROM events e LEFT JOIN sessions s ON s.sid = e.sid WHERE s.sid IS NULL').get() as { n: number };
  const unknown = db.prepare(`SELECT count(*) AS n FROM events WHERE flags & ${FLAG.unknown} <> 0`).get() as { n: number };
  return { sqlite, segments, damagedSegments: damaged, linesWithoutRecord: without.n, linesMisplaced: misplaced, indexedEventsWithoutSession: orphan.n, unknownEvents: unknown.n };
}
