// `tracebase import`: discover transcripts under the providers' roots and import each file.
import { isDiskFull, isTracebaseError, TracebaseError, translateFsError } from '../core/errors.ts';
import type { Config } from '../core/config.ts';
import type { Provider } from '../core/types.ts';
import { redactText } from '../redact/redact.ts';
import { adapterFor, SOURCES } from '../sources/index.ts';
import { countArg, isoTimeArg } from '../store/args.ts';
import { isPurged } from '../store/purged.ts';
import { checkpoint, groupTx, type Store, writingTo } from '../store/store.ts';
import { OpenGroup } from './open-group.ts';
import { discover, type FoundFile, type UnreadableDir } from './discover.ts';
import { type FileReport, importFile } from './import-file.ts';
import { storedPath } from './safe-names.ts';

export interface ImportOptions {
  providers?: readonly Provider[];
  /** Only files modified at or after this time (a Date, or an ISO date or time). */
  since?: Date | string;
  /** At most this many files (the most recently modified). */
  maxFiles?: number;
  /** Override the default roots (tests, bench). */
  roots?: Partial<Record<Provider, string[]>>;
  onProgress?: (p: { files: number; totalFiles: number; bytes: number; totalBytes: number }) => void;
  batchBytes?: number;
  maxLine?: number;
  /** Input bytes committed together (default 16 MB; TRACEBASE_COMMIT_BYTES in the CLI). */
  commitBytes?: number;
  /** Parallel import: heap cap of the worker thread in MB (default 48; tests lower it). */
  workerHeapMb?: number;
}

export interface ImportTotals {
  files: number;
  imported: number;
  unchanged: number;
  errors: number;
  reset: number;
  bytesRead: number;
  lines: number;
  newLines: number;
  events: number;
  malformed: number;
  unknown: number;
  oversized: number;
  /** Files caught in the middle of a save, left for a later import (only when there are some). */
  unfinished?: number;
  /** Files that end in a line still being written (FileReport.waiting). */
  waiting?: number;
  /** Files left to another import reading them at the same time (FileReport.yielded). */
  yielded?: number;
  /** Files whose session was purged while the import read them (FileReport.purgedMeanwhile). */
  purgedMeanwhile?: number;
}

export interface ImportReport {
  roots: { provider: Provider; root: string }[];
  files: FileReport[];
  totals: ImportTotals;
  durationMs: number;
  /** Something the user should know that did not stop the import (e.g. the worker thread died). */
  notice?: string;
  /** Folders under the roots that could not be listed: their transcripts were not imported. */
  unreadable?: UnreadableDir[];
  /** Transcripts skipped because their sessions were purged. */
  purged?: number;
}

export function findFiles(
  store: Store,
  opts: ImportOptions = {},
): { files: FoundFile[]; roots: { provider: Provider; root: string }[]; unreadable: UnreadableDir[]; purged: number } {
  const roots: { provider: Provider; root: string }[] = [];
  const unreadable: UnreadableDir[] = [];
  const said = new Set<string>();
  let files: FoundFile[] = [];
  for (const p of opts.providers ?? []) adapterFor(p); // (an unknown name is said, not read as none)
  for (const adapter of SOURCES) {
    if (opts.providers && !opts.providers.includes(adapter.provider)) continue;
    const list = opts.roots?.[adapter.provider] ?? adapter.defaultRoots({ home: store.config.userHome, env: store.config.env });
    for (const root of list) {
      roots.push({ provider: adapter.provider, root });
      // (A file where CODEX_HOME should be stops both of its roots: named once. One by one: spread
      // into push, 150k+ transcripts under one root overflowed the stack.)
      const onUnreadable = (d: UnreadableDir) => {
        if (!said.has(d.path)) unreadable.push(d);
        said.add(d.path);
      };
      for (const f of discover(adapter, root, onUnreadable)) files.push(f);
    }
  }
  // Transcripts whose sessions were purged stay out (`import-file` takes one back).
  const before = files.length;
  files = files.filter((f) => !isPurged(store, f.adapter.provider, f.adapter.streamKey(storedPath(f.path, store.idKey))));
  const purged = before - files.length;
  const since = isoTimeArg(opts.since, 'since');
  if (since) {
    const t = Date.parse(since);
    files = files.filter((f) => f.mtimeMs >= t);
  }
  const maxFiles = countArg(opts.maxFiles, 'maxFiles', undefined);
  if (maxFiles !== undefined && files.length > maxFiles) {
    const keep = new Set([...files].sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, maxFiles));
    files = files.filter((f) => keep.has(f));
  }
  // Least recently written first, so that events are stored (and numbered) in about the order
  // they happened: search lists newest first by that number, which it can walk backwards and
  // stop early (sorting every match by time costs 100+ ms at 1M events). Path order would put
  // a Claude project's sessions in the random order of their uuids.
  files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, roots, unreadable, purged };
}

/** Errors about the store itself (full, refusing writes, locked, another key, unwritable or
 * damaged), which every later file would meet too: the import stops at the first, once. */
/**
 * The error that stops the whole import, not only its file (every later write would meet it):
 * a full or refusing disk, however it surfaced (SQLite's own `database or disk is full` too), a
 * wrong key, a store locked or unreadable. Undefined for an error of one file.
 */
export function stopsImport(e: unknown, config?: Config): TracebaseError | undefined {
  // Only SQLite's errors and a full disk are the store's: a transcript that cannot be read (EIO,
  // EACCES on a flaky mount) is that file's error, and the import goes on.
  const storeError = (e as { code?: string } | undefined)?.code === 'ERR_SQLITE_ERROR' || isDiskFull(e);
  const t = isTracebaseError(e) ? e : storeError ? translateFsError(e, config ? writingTo(config, e) : 'writing to the store') : undefined;
  return isTracebaseError(t) && (t.code === 'DISK_FULL' || t.code === 'KEY_MISMATCH' || t.code === 'STORE_LOCKED' || t.code === 'STORE_UNREADABLE' || t.code === 'STORE_CLOSED') ? t : undefined;
}

export function importFiles(store: Store, files: FoundFile[], opts: ImportOptions = {}): Omit<ImportReport, 'roots'> {
  const t0 = performance.now();
  const totalBytes = files.reduce((a, f) => a + f.size, 0);
  let bytes = 0;
  const reports: FileReport[] = [];
  const tx = groupTx(store, opts.commitBytes);
  const importOne = (f: FoundFile, i: number): FileReport => {
    try {
      return importFile(store, f.adapter, f.path, {
        takeBack: f.takeBack,
        batchBytes: opts.batchBytes,
        maxLine: opts.maxLine,
        tx,
        onBytes: (n) => {
          bytes += n;
          opts.onProgress?.({ files: i, totalFiles: files.length, bytes, totalBytes });
        },
      });
    } catch (e) {
      const stop = stopsImport(e, store.config);
      if (stop) {
        tx.abort();
        throw stop;
      }
      return errorReport(f, e);
    }
  };
  const group = new OpenGroup(tx);
  files.forEach((f, i) => {
    reports[i] = importOne(f, i);
    group.settle((j) => {
      reports[j] = importOne(files[j]!, j);
    });
    group.add(i);
    opts.onProgress?.({ files: i + 1, totalFiles: files.length, bytes, totalBytes });
  });
  tx.flush();
  const totals = sumReports(reports);
  if (totals.newLines > 0) checkpoint(store);
  return { files: reports, totals, durationMs: performance.now() - t0 };
}

export function importAll(store: Store, opts: ImportOptions = {}): ImportReport {
  const { files, roots, unreadable, purged } = findFiles(store, opts);
  return { roots, ...importFiles(store, files, opts), ...(unreadable.length ? { unreadable } : {}), ...(purged ? { purged } : {}) };
}

export function errorReport(f: FoundFile, e: unknown): FileReport {
  const err = e instanceof TracebaseError ? e : undefined;
  return {
    path: f.path, provider: f.adapter.provider, status: 'error', reset: false, bytesRead: 0, lines: 0, newLines: 0,
    events: 0, malformed: 0, unknown: 0, oversized: 0,
    error: { code: err?.code ?? 'INTERNAL', message: redactText(String((e as Error)?.message ?? e).split('\n')[0] ?? '') },
  };
}

export function sumReports(reports: FileReport[]): ImportTotals {
  const t: ImportTotals = { files: reports.length, imported: 0, unchanged: 0, errors: 0, reset: 0, bytesRead: 0, lines: 0, newLines: 0, events: 0, malformed: 0, unknown: 0, oversized: 0 };
  for (const r of reports) {
    if (r.status === 'imported') t.imported++;
    else if (r.status === 'unchanged') t.unchanged++;
    else t.errors++;
    if (r.reset) t.reset++;
    t.bytesRead += r.bytesRead;
    t.lines += r.lines;
    t.newLines += r.newLines;
    t.events += r.events;
    t.malformed += r.malformed;
    t.unknown += r.unknown;
    t.oversized += r.oversized;
    if (r.unfinished) t.unfinished = (t.unfinished ?? 0) + 1;
    if (r.waiting) t.waiting = (t.waiting ?? 0) + 1;
    if (r.yielded) t.yielded = (t.yielded ?? 0) + 1;
    if (r.purgedMeanwhile) t.purgedMeanwhile = (t.purgedMeanwhile ?? 0) + 1;
  }
  return t;
}
