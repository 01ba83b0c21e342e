// Each file's `FileReport` for the length of an import, kept compactly: an object per file cost
// ~115 B of heap (23 MB for 200,000 small sessions), held until the summary. A plain report (no
// error, no note, no line malformed, unknown or oversized: most of them) is its status and
// figures in typed arrays (17 B, outside the heap), rebuilt the same when asked for; any other is
// kept as it is.
import type { FileReport } from './import-file.ts';
import type { Files } from './file-list.ts';
import type { ImportTotals } from './import.ts';

/** The figures a plain report keeps (its others are 0). */
const FIGURES = ['bytesRead', 'lines', 'newLines', 'events'] as const;
const ALL_FIGURES = [...FIGURES, 'malformed', 'unknown', 'oversized'] as const;
/** A plain report's keys, in the order every report is made with them (import-file.ts). */
const PLAIN_KEYS = ['path', 'provider', 'status', 'reset', ...ALL_FIGURES].join();
const IMPORTED = 1;
const RESET = 2;

export class ReportTable {
  private readonly files: Files;
  /** IMPORTED | RESET (0: unchanged, or kept whole). */
  private readonly flags: Uint8Array;
  private readonly figures: Uint32Array;
  /** Reports that are not plain (an error, a note, a figure past 32 bits), by file. */
  private readonly whole = new Map<number, FileReport>();

  /** Every file starts unchanged, with nothing read (what an import that does not open it says). */
  constructor(files: Files) {
    this.files = files;
    this.flags = new Uint8Array(files.length);
    this.figures = new Uint32Array(files.length * FIGURES.length);
  }

  get length(): number {
    return this.files.length;
  }

  /** File `i`'s report (again, when a failed group made it be imported again). */
  set(i: number, r: FileReport): void {
    this.whole.delete(i);
    const at = i * FIGURES.length;
    const plain = r.status !== 'error' && r.malformed === 0 && r.unknown === 0 && r.oversized === 0 &&
      FIGURES.every((k) => Number.isInteger(r[k]) && r[k] >= 0 && r[k] <= 0xffffffff) && Object.keys(r).join() === PLAIN_KEYS;
    if (plain) {
      this.flags[i] = (r.status === 'imported' ? IMPORTED : 0) | (r.reset ? RESET : 0);
      for (let k = 0; k < FIGURES.length; k++) this.figures[at + k] = r[FIGURES[k]!];
      return;
    }
    this.whole.set(i, r);
    this.flags[i] = 0;
    this.figures.fill(0, at, at + FIGURES.length);
  }

  get(i: number): FileReport {
    const kept = this.whole.get(i);
    if (kept) return kept;
    const f = this.files.at(i);
    const at = i * FIGURES.length;
    const r: FileReport = {
      path: f.path, provider: f.adapter.provider, status: this.flags[i]! & IMPORTED ? 'imported' : 'unchanged', reset: (this.flags[i]! & RESET) !== 0,
      bytesRead: 0, lines: 0, newLines: 0, events: 0, malformed: 0, unknown: 0, oversized: 0,
    };
    for (let k = 0; k < FIGURES.length; k++) r[FIGURES[k]!] = this.figures[at + k]!;
    return r;
  }

  /** Every report, in the files' order, made one at a time. */
  *[Symbol.iterator](): Generator<FileReport> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  /** The files read whole from their start this time (not appended to, not replaced) whose every line was malformed (no
   * JSON object: is it a transcript?), in the files' order. */
  allMalformed(): FileReport[] {
    return [...this.whole.entries()].sort((a, b) => a[0] - b[0]).filter(([i, r]) => noJsonLine(r, this.files.size(i))).map(([, r]) => r);
  }

  /** The reports that failed, in the files' order. */
  errors(): FileReport[] {
    return [...this.whole.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r).filter((r) => r.status === 'error');
  }

  toArray(): FileReport[] {
    return [...this];
  }

  /** What `sumReports` says of every report, without making them. */
  totals(): ImportTotals {
    const t = emptyTotals(this.length);
    for (let i = 0; i < this.length; i++) {
      const kept = this.whole.get(i);
      if (kept) {
        addReport(t, kept);
        continue;
      }
      const flags = this.flags[i]!;
      if (flags & IMPORTED) t.imported++;
      else t.unchanged++;
      if (flags & RESET) t.reset++;
      const at = i * FIGURES.length;
      for (let k = 0; k < FIGURES.length; k++) t[FIGURES[k]!] += this.figures[at + k]!;
    }
    return t;
  }
}

export const emptyTotals = (files: number): ImportTotals => ({
  files, imported: 0, unchanged: 0, errors: 0, reset: 0, bytesRead: 0, lines: 0, newLines: 0, events: 0, malformed: 0, unknown: 0, oversized: 0,
});

/** One report into the totals. */
export function addReport(t: ImportTotals, r: FileReport): void {
  if (r.status === 'imported') t.imported++;
  // (A file left to another import, or found purged meanwhile, is counted as that, not as unchanged: the counts add up.)
  else if (r.status === 'unchanged') {
    if (!r.yielded && !r.purgedMeanwhile) t.unchanged++;
  } else t.errors++;
  if (r.reset) t.reset++;
  for (const k of ALL_FIGURES) t[k] += r[k];
  if (r.unfinished) t.unfinished = (t.unfinished ?? 0) + 1;
  if (r.waiting) t.waiting = (t.waiting ?? 0) + 1;
  if (r.yielded) t.yielded = (t.yielded ?? 0) + 1;
  if (r.purgedMeanwhile) t.purgedMeanwhile = (t.purgedMeanwhile ?? 0) + 1;
}

/** A file read whole from its start (not appended to, not replaced: no session of it was stored before) without one JSON line. */
export const noJsonLine = (r: FileReport, size: number): boolean =>
  r.status !== 'error' && !r.reset && r.lines > 0 && r.malformed === r.lines && r.bytesRead >= size;
