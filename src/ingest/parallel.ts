// The parallel import: a worker thread reads, parses, redacts and hashes transcripts while this
// thread only writes (SQLite is the bottleneck). Same commit path, checkpoints and group
// transactions as the synchronous import; anything unusual (an oversized line, a document
// file, another importer advancing the same file) is finished by the synchronous path.
import { closeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { checkpoint, groupTx, importCache, scrubIndex, type Store } from '../store/store.ts';
import type { FoundFile } from './discover.ts';
import { type Files, filesOf } from './file-list.ts';
import { Conflict, FileCommitter, type FileCtx, type FileReport, importFile, linePlan, openFile } from './import-file.ts';
import { OpenGroup } from './open-group.ts';
import { errorReport, type ImportOptions, type ImportReport, type ImportResult, importFileList, stopsImport, withReports } from './import.ts';
import { ReportTable } from './report-table.ts';
import type { PrepareJob, PrepareMessage } from './prepare-worker.ts';
import { knownSince } from '../store/known-secrets.ts';
import { DEFAULT_MAX_LINE } from './lines.ts';
import { storedPath } from './safe-names.ts';
import { fromWire, releaseWire } from './wire.ts';
import { takeSidecarFacts } from './sidecars.ts';

/** Below this much input the worker's start-up costs more than it saves. */
const PARALLEL_MIN_BYTES = 4 << 20;
/** Files handed to the worker ahead of the writer (each holds an open descriptor here). */
const WINDOW = 4;
/** Batches the worker may have prepared and not yet seen committed. */
const MAX_IN_FLIGHT = 2;
/** Batch size: small batches keep both threads' peak memory down at no measurable cost. */
const BATCH_BYTES = 512 << 10;
/** The worker's heap is capped (a lower cap makes V8 collect sooner: measured ~20 MB less peak
 * memory than uncapped; 48 against 64 MB: bench peak 144–147 MB against 146–149 MB, same speed,
 * and 7.9 MB lines still parse in it); lines longer than this, which could exceed it once parsed,
 * are left to this thread. */
const WORKER_HEAP_MB = 48;
const WORKER_MAX_LINE = 8 << 20;

const workerUrl = (): URL => new URL(`./prepare-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

interface Active {
  ctx: FileCtx;
  committer: FileCommitter;
  /** A failed batch undid ours: finish it synchronously. */
  redo: boolean;
  /** Another import is reading this file (it advanced the checkpoint past us): left to it. */
  yielded?: boolean;
  failure?: unknown;
}

const blankReport = (f: FoundFile): FileReport => ({
  path: f.path, provider: f.adapter.provider, status: 'unchanged', reset: false, bytesRead: 0, lines: 0, newLines: 0,
  events: 0, malformed: 0, unknown: 0, oversized: 0,
});

function addInto(into: FileReport, more: FileReport): FileReport {
  if (more.status === 'error') return more;
  for (const k of ['bytesRead', 'lines', 'newLines', 'events', 'malformed', 'unknown', 'oversized'] as const) into[k] += more[k];
  if (more.status === 'imported') into.status = 'imported';
  into.reset ||= more.reset;
  if (more.waiting) into.waiting = true;
  if (more.yielded) into.yielded = true;
  if (more.purgedMeanwhile) into.purgedMeanwhile = true;
  return into;
}

/** Bytes the import would read, judged from the checkpoints (a no-op re-import starts no worker). */
function pendingBytes(store: Store, files: Files): number {
  const cp = store.db.prepare('SELECT size, mtime_ms, offset FROM sources WHERE path = ?');
  let n = 0;
  for (let i = 0; i < files.length; i++) {
    const f = files.at(i);
    const c = cp.get(storedPath(f.path, store.idKey)) as { size: number; mtime_ms: number; offset: number } | undefined;
    if (!c) n += f.size;
    else if (c.size !== f.size || c.mtime_ms !== Math.trunc(f.mtimeMs)) n += Math.max(0, f.size - c.offset);
  }
  return n;
}

/** Why the worker died, in words safe to print (no paths or data). */
function workerReason(e: Error | undefined): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out of memory' : code ? code : 'it exited';
}

export async function importFilesParallel(store: Store, files: FoundFile[], opts: ImportOptions = {}): Promise<Omit<ImportReport, 'roots'>> {
  return withReports(await importListParallel(store, filesOf(files), opts));
}

/** As `importFilesParallel`, the reports kept compactly (the CLI's import). */
export async function importListParallel(store: Store, files: Files, opts: ImportOptions = {}): Promise<ImportResult> {
  let totalBytes = 0;
  for (let i = 0; i < files.length; i++) totalBytes += files.size(i);
  if (pendingBytes(store, files) < PARALLEL_MIN_BYTES) return importFileList(store, files, opts);
  const t0 = performance.now();
  const tx = groupTx(store, opts.commitBytes);
  const restoreCache = importCache(store);
  // Files not opened (unchanged) keep the table's blank report; an open one's is in `active`.
  const reports = new ReportTable(files);
  let bytes = 0;
  let done = 0;
  const progress = () => opts.onProgress?.({ files: done, totalFiles: files.length, bytes, totalBytes });
  const sync = (i: number, force = false): FileReport => {
    const f = files.at(i);
    try {
      return importFile(store, f.adapter, f.path, { tx, maxLine: opts.maxLine, batchBytes: opts.batchBytes, force, takeBack: f.takeBack });
    } catch (e) {
      const stop = stopsImport(e, store.config);
      if (stop) throw stop;
      return errorReport(f, e);
    }
  };

  // A small young generation, as the CLI sets for the main thread, keeps the second heap small.
  const worker = new Worker(workerUrl(), {
    resourceLimits: { maxYoungGenerationSizeMb: 3, maxOldGenerationSizeMb: opts.workerHeapMb ?? WORKER_HEAP_MB },
    workerData: { key: store.sealingKey, idKey: store.idKey?.export() },
  });
  const credits = new SharedArrayBuffer(4);
  const creditView = new Int32Array(credits);
  const queue: PrepareMessage[] = [];
  let wake: (() => void) | undefined;
  let workerError: Error | undefined;
  worker.on('message', (m: PrepareMessage) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    workerError = e;
    wake?.();
  });
  worker.on('exit', (code) => {
    workerError ??= new Error(`import worker exited (code ${code})`);
    wake?.();
  });
  /** The worker's next message; undefined once it has died (out of memory, say) and sent everything. */
  const next = async (): Promise<PrepareMessage | undefined> => {
    while (queue.length === 0) {
      if (workerError) return undefined;
      await new Promise<void>((r) => {
        wake = r;
      });
      wake = undefined;
    }
    return queue.shift()!;
  };

  const active = new Map<number, Active>();
  let dispatched = 0;
  /** How many of the values the store knows the worker was sent. */
  let sentKnown = 0;
  let notice: string | undefined;
  // Finished files whose writes are still in the open group transaction. When a failed batch
  // undoes it, they are redone; active files notice through their checkpoint and are redone
  // when they end.
  const group = new OpenGroup(tx);
  const afterWrite = () =>
    group.settle(
      (j) => {
        reports.set(j, sync(j));
      },
      () => {
        for (const a of active.values()) a.redo = true;
      },
    );
  const dispatch = () => {
    while (active.size < WINDOW && dispatched < files.length) {
      const i = dispatched++;
      const f = files.at(i);
      if (f.adapter.splitDocument && f.path.endsWith('.json')) {
        reports.set(i, sync(i));
        afterWrite();
        group.add(i);
        done++;
        continue;
      }
      let opened: ReturnType<typeof openFile>;
      try {
        opened = openFile(store, f.adapter, f.path, { tx, maxLine: opts.maxLine, takeBack: f.takeBack }, blankReport(f));
      } catch (e) {
        reports.set(i, errorReport(f, e));
        done++;
        continue;
      }
      if (!opened) {
        done++;
        continue;
      }
      const plan = linePlan(opened.ctx, opened.cp);
      const known = knownSince(store, sentKnown);
      sentKnown = known.end;
      const committer = new FileCommitter(opened.ctx, plan.base, opened.cp);
      // (What the store learns after this, the worker reads the file without: its copies are redacted as each batch is written.)
      committer.knownAt = known.end;
      active.set(i, { ctx: opened.ctx, committer, redo: false });
      worker.postMessage({
        file: i, provider: f.adapter.provider, path: f.path, name: opened.ctx.path, ino: opened.ctx.ino, streamKey: opened.ctx.streamKey, start: plan.start, state: plan.state, known: known.values,
        // A longer line ends the worker's part ('fallback'); this thread finishes the file.
        maxLine: Math.min(opts.maxLine ?? DEFAULT_MAX_LINE, WORKER_MAX_LINE),
        batchBytes: opts.batchBytes ?? BATCH_BYTES, batchLines: 4096, credits, maxInFlight: MAX_IN_FLIGHT,
      } satisfies PrepareJob);
    }
  };

  // Without the worker (it died): every file it had is finished from its last checkpoint, and the
  // rest are imported, by this thread. Same commit path, so nothing is lost or stored twice.
  const finishHere = () => {
    for (const [i, a] of [...active]) {
      active.delete(i);
      closeSync(a.ctx.fd);
      if (a.failure !== undefined) reports.set(i, errorReport(files.at(i), a.failure));
      else if (!a.yielded) reports.set(i, addInto(a.ctx.report, sync(i, true)));
      else reports.set(i, a.ctx.report);
      afterWrite();
      group.add(i);
      done++;
      progress();
    }
    while (dispatched < files.length) {
      const i = dispatched++;
      reports.set(i, sync(i));
      afterWrite();
      group.add(i);
      done++;
      progress();
    }
  };

  try {
    dispatch();
    while (active.size > 0) {
      const m = await next();
      if (!m) {
        notice = `The import worker stopped (${workerReason(workerError)}); the rest was imported on the main thread, more slowly.`;
        finishHere();
        break;
      }
      const a = active.get(m.file)!;
      if (m.kind !== 'error') {
        Atomics.sub(creditView, 0, 1);
        Atomics.notify(creditView, 0);
        // A file handed back unread (its path names another file now, or none) moves nothing.
        const unread = m.kind === 'fallback' && m.batch.meta.length === 0 && m.bytesRead === 0;
        if (!a.redo && !a.yielded && a.failure === undefined && !unread) {
          try {
            a.committer.commit(fromWire(m.batch), m.end, m.glued, m.state, m.segment, m.kind === 'end');
            a.ctx.report.bytesRead += m.bytesRead;
            if (m.waiting) a.ctx.report.waiting = true;
            bytes += m.bytesRead;
          } catch (e) {
            const stop = stopsImport(e, store.config);
            if (stop) throw stop;
            if (e instanceof Conflict && e.purged) a.yielded = a.ctx.report.purgedMeanwhile = true;
            else if (e instanceof Conflict && e.foreign) a.yielded = a.ctx.report.yielded = true;
            else if (e instanceof Conflict) a.redo = true;
            else a.failure = e;
          }
          afterWrite();
        }
        releaseWire(m.batch, m.segment?.sealed);
        if (m.kind === 'batch') {
          progress();
          continue;
        }
      }
      closeSync(a.ctx.fd);
      active.delete(m.file);
      const f = files.at(m.file);
      if (m.kind === 'error') reports.set(m.file, errorReport(f, new Error(m.message)));
      else if (a.failure !== undefined) reports.set(m.file, errorReport(f, a.failure));
      else if (!a.yielded && (a.redo || m.kind === 'fallback')) {
        // From its last committed checkpoint: the rest of the file (past an oversized line), or all of it again.
        reports.set(m.file, addInto(a.ctx.report, sync(m.file, true)));
        afterWrite();
      } else reports.set(m.file, a.ctx.report);
      group.add(m.file);
      done++;
      progress();
      dispatch();
    }
    tx.flush();
  } catch (e) {
    tx.abort();
    throw e;
  } finally {
    for (const a of active.values()) closeSync(a.ctx.fd);
    await worker.terminate();
    restoreCache();
  }
  takeSidecarFacts(store, files);
  const totals = reports.totals();
  scrubIndex(store);
  if (totals.newLines > 0) checkpoint(store);
  return { reports, totals, durationMs: performance.now() - t0, ...(notice ? { notice } : {}) };
}
