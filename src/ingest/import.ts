// `tracebase import`: discover transcripts under the providers' roots and import each file.
import { isDiskFull, isTracebaseError, TracebaseError, translateFsError } from '../core/errors.ts';
import type { Config } from '../core/config.ts';
import type { Provider } from '../core/types.ts';
import { redactText } from '../redact/redact.ts';
import { adapterFor, SOURCES } from '../sources/index.ts';
import { countArg, isoTimeArg } from '../store/args.ts';
import { isPurged } from '../store/purged.ts';
import { checkpoint, groupTx, scrubIndex, type Store, writingTo } from '../store/store.ts';
import { OpenGroup } from './open-group.ts';
import { discoverEach, type FoundFile, type UnreadableDir } from './discover.ts';
import { FileList, type Files, filesOf } from './file-list.ts';
import { type FileReport, importFile } from './import-file.ts';
import { addReport, emptyTotals, ReportTable } from './report-table.ts';
import { storedPath } from './safe-names.ts';
import { takeSidecarFacts } from './sidecars.ts';

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

/** An import's result as the CLI reads it: each file's report kept compactly (report-table.ts),
 * not as an array of them. */
export type ImportResult = Omit<ImportReport, 'roots' | 'files'> & { reports: ReportTable };

/** The library's report: every file's report in an array. */
export function withReports<T extends ImportResult>({ reports, totals, durationMs, ...rest }: T): Omit<ImportReport, 'roots'> {
  return { files: reports.toArray(), totals, durationMs, ...rest };
}

export function findFiles(
  store: Store,
  opts: ImportOptions = {},
): { files: FoundFile[]; roots: { provider: Provider; root: string }[]; unreadable: UnreadableDir[]; purged: number } {
  const { files, ...rest } = findFileList(store, opts);
  return { files: files.toArray(), ...rest };
}

/** As `findFiles`, the files kept compactly (file-list.ts). */
export function findFileList(
  store: Store,
  opts: ImportOptions = {},
): { files: FileList; roots: { provider: Provider; root: string }[]; unreadable: UnreadableDir[]; purged: number } {
  const roots: { provider: Provider; root: string }[] = [];
  const unreadable: UnreadableDir[] = [];
  const said = new Set<string>();
  const found = new FileList();
  for (const p of opts.providers ?? []) adapterFor(p); // (an unknown name is said, not read as none)
  for (const adapter of SOURCES) {
    if (opts.providers && !opts.providers.includes(adapter.provider)) continue;
    const list = opts.roots?.[adapter.provider] ?? adapter.defaultRoots({ home: store.config.userHome, env: store.config.env });
    for (const root of list) {
      roots.push({ provider: adapter.provider, root });
      // (A file where CODEX_HOME should be stops both of its roots: named once.)
      const onUnreadable = (d: UnreadableDir) => {
        if (!said.has(d.path)) unreadable.push(d);
        said.add(d.path);
      };
      const n = roots.length - 1;
      const from = unreadable.length;
      discoverEach(adapter, root, (f) => found.push(f, n), onUnreadable);
      // (Folders are read in the file system's order: what could not be read is said in path order.)
      const part = unreadable.splice(from).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const d of part) unreadable.push(d);
    }
  }
  // Transcripts whose sessions were purged stay out (`import-file` takes one back).
  let keep = found.where((i) => !isPurged(store, found.adapter(i).provider, found.adapter(i).streamKey(storedPath(found.path(i), store.idKey))));
  const purged = found.length - keep.length;
  const since = isoTimeArg(opts.since, 'since');
  if (since) {
    const t = Date.parse(since);
    keep = keep.filter((i) => found.mtimeMs(i) >= t);
  }
  const maxFiles = countArg(opts.maxFiles, 'maxFiles', undefined);
  if (maxFiles !== undefined && keep.length > maxFiles) {
    // The most recent; of files written at the same time, those of the first root, by path.
    keep = found.byTime(keep, true).subarray(0, maxFiles);
  }
  // Least recently written first, so that events are stored (and numbered) in about the order
  // they happened: search lists newest first by that number, which it can walk backwards and
  // stop early (sorting every match by time costs 100+ ms at 1M events). Path order would put
  // a Claude project's sessions in the random order of their uuids.
  keep = found.byTime(keep);
  const files = found.select(keep);
  found.release();
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
  return withReports(importFileList(store, filesOf(files), opts));
}

/** As `importFiles`, the reports kept compactly (the CLI's import). */
export function importFileList(store: Store, files: Files, opts: ImportOptions = {}): ImportResult {
  const t0 = performance.now();
  let totalBytes = 0;
  for (let i = 0; i < files.length; i++) totalBytes += files.size(i);
  let bytes = 0;
  const reports = new ReportTable(files);
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
  for (let i = 0; i < files.length; i++) {
    reports.set(i, importOne(files.at(i), i));
    group.settle((j) => {
      reports.set(j, importOne(files.at(j), j));
    });
    group.add(i);
    opts.onProgress?.({ files: i + 1, totalFiles: files.length, bytes, totalBytes });
  }
  tx.flush();
  takeSidecarFacts(store, files);
  const totals = reports.totals();
  scrubIndex(store);
  if (totals.newLines > 0) checkpoint(store);
  return { reports, totals, durationMs: performance.now() - t0 };
}

export function importAll(store: Store, opts: ImportOptions = {}): ImportReport {
  const { files, roots, unreadable, purged } = findFileList(store, opts);
  return { roots, ...withReports(importFileList(store, files, opts)), ...(unreadable.length ? { unreadable } : {}), ...(purged ? { purged } : {}) };
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
  const t = emptyTotals(reports.length);
  for (const r of reports) addReport(t, r);
  return t;
}
