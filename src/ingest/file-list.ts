// The transcripts an import found, kept compact: a `FoundFile` object per file cost ~200 B of
// heap (its path string, a boxed mtime), 40 MB for 200,000 small sessions, held for the whole
// import. Here a file is its folder (shared by the files in it), its name as UTF-8 bytes in one
// buffer, a UUID in it (Claude's session files, Codex rollouts) as its 16 bytes, and size and
// mtime in typed arrays: ~45 B for `<uuid>.jsonl`, outside the heap.
import type { SourceAdapter } from '../sources/types.ts';
import type { FoundFile } from './discover.ts';

/** What the imports read of the files they are given: a `FoundFile[]` or a `FileList`. */
export interface Files {
  readonly length: number;
  /** File `i` (a new object each time: not kept by the list). */
  at(i: number): FoundFile;
  size(i: number): number;
}

/** The files of an array (a library caller's `FoundFile[]`) as `Files`. */
export function filesOf(files: readonly FoundFile[] | Files): Files {
  if (!Array.isArray(files)) return files as Files;
  const list = files as readonly FoundFile[];
  return { length: list.length, at: (i) => list[i]!, size: (i) => list[i]!.size };
}

export class FileList implements Files {
  /** The adapters files were found by, each with the number of the root (a file holds its index). */
  private readonly origins: { adapter: SourceAdapter; root: number }[];
  /** The folders files were found in, each with its trailing separator. */
  private readonly folders: string[];
  private readonly folderIndex: Map<string, number>;
  private names: Buffer;
  private namesUsed = 0;
  private originOf: Uint16Array;
  private folderOf: Uint32Array;
  /** Where each name starts in `names` (it ends where the next one starts: added in order). */
  private nameAt: Uint32Array;
  private sizes: Float64Array;
  private mtimes: Float64Array;
  /** Files named by the user (`FoundFile.takeBack`): one at most in practice. */
  private readonly takeBack = new Set<number>();
  length = 0;

  constructor(from?: FileList) {
    this.origins = from?.origins ?? [];
    this.folders = from?.folders ?? [];
    this.folderIndex = from?.folderIndex ?? new Map();
    this.names = Buffer.allocUnsafeSlow(1 << 12);
    this.originOf = new Uint16Array(16);
    this.folderOf = new Uint32Array(16);
    this.nameAt = new Uint32Array(16);
    this.sizes = new Float64Array(16);
    this.mtimes = new Float64Array(16);
  }

  static of(files: readonly FoundFile[]): FileList {
    const list = new FileList();
    for (const f of files) list.push(f);
    return list;
  }

  /** Adds a file, found under root number `root` (the order of the roots searched). */
  push(f: FoundFile, root = 0): void {
    let a = this.origins.findIndex((o) => o.adapter === f.adapter && o.root === root);
    if (a < 0) a = this.origins.push({ adapter: f.adapter, root }) - 1;
    // The folder as written (with its separator): path = folder + name, exactly as given.
    const cut = Math.max(f.path.lastIndexOf('/'), f.path.lastIndexOf('\\')) + 1;
    const folder = f.path.slice(0, cut);
    let d = this.folderIndex.get(folder);
    if (d === undefined) {
      d = this.folders.push(folder) - 1;
      this.folderIndex.set(folder, d);
    }
    let name = f.path.slice(cut);
    // (A name that is no well-formed UTF-16 would not survive UTF-8, one with a NUL not the packing:
    // kept whole as a folder of its own. Names listed by the file system are neither.)
    if (!name.isWellFormed() || name.includes('\0')) {
      d = this.folders.push(f.path) - 1;
      name = '';
    }
    const n = this.length;
    if (n === this.sizes.length) this.grow(Math.max(16, n * 2));
    const bytes = Buffer.byteLength(name);
    if (this.namesUsed + bytes > this.names.length) this.names = Buffer.from(moved(this.names.buffer, Math.max(this.names.length * 2, this.namesUsed + bytes)));
    this.names.write(name, this.namesUsed);
    this.originOf[n] = a;
    this.folderOf[n] = d;
    this.nameAt[n] = this.namesUsed;
    this.sizes[n] = f.size;
    this.mtimes[n] = f.mtimeMs;
    if (f.takeBack) this.takeBack.add(n);
    this.namesUsed = packUuids(this.names, this.namesUsed, this.namesUsed + bytes);
    this.length = n + 1;
  }

  /** File `i`'s packed name. */
  private name(i: number): Buffer {
    return this.names.subarray(this.nameAt[i]!, i + 1 < this.length ? this.nameAt[i + 1]! : this.namesUsed);
  }

  private grow(to: number): void {
    const grown = <T extends Uint16Array | Uint32Array | Float64Array>(a: T): T =>
      new (a.constructor as new (b: ArrayBuffer) => T)(moved(a.buffer as ArrayBuffer, to * a.BYTES_PER_ELEMENT));
    this.originOf = grown(this.originOf);
    this.folderOf = grown(this.folderOf);
    this.nameAt = grown(this.nameAt);
    this.sizes = grown(this.sizes);
    this.mtimes = grown(this.mtimes);
  }

  adapter(i: number): SourceAdapter {
    return this.origins[this.originOf[i]!]!.adapter;
  }

  /** The number of the root file `i` was found under. */
  root(i: number): number {
    return this.origins[this.originOf[i]!]!.root;
  }

  /** Files `i` and `j` by path, as `<` orders the path strings (without making them when they
   * share a folder and their names differ where both hold UTF-8 below U+E000 or a packed UUID). */
  comparePaths(i: number, j: number): number {
    const fi = this.folderOf[i]!;
    const fj = this.folderOf[j]!;
    if (fi === fj) {
      const byBytes = comparePacked(this.name(i), this.name(j));
      if (byBytes !== undefined) return byBytes;
    } else {
      // Folders of which neither begins the other order their files.
      const a = this.folders[fi]!;
      const b = this.folders[fj]!;
      if (!a.startsWith(b) && !b.startsWith(a)) return a < b ? -1 : 1;
    }
    const p = this.path(i);
    const q = this.path(j);
    return p < q ? -1 : p > q ? 1 : 0;
  }

  path(i: number): string {
    return this.folders[this.folderOf[i]!]! + unpack(this.name(i));
  }

  size(i: number): number {
    return this.sizes[i]!;
  }

  mtimeMs(i: number): number {
    return this.mtimes[i]!;
  }

  at(i: number): FoundFile {
    const f: FoundFile = { adapter: this.adapter(i), path: this.path(i), size: this.sizes[i]!, mtimeMs: this.mtimes[i]! };
    if (this.takeBack.has(i)) f.takeBack = true;
    return f;
  }

  /** These files, in this order, in arrays of their size (the folders are shared with this list). */
  select(order: ArrayLike<number>): FileList {
    const out = new FileList(this);
    out.grow(Math.max(16, order.length));
    let bytes = 0;
    for (let k = 0; k < order.length; k++) bytes += this.name(order[k]!).length;
    out.names = Buffer.allocUnsafeSlow(Math.max(16, bytes));
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      out.nameAt[k] = out.namesUsed;
      out.namesUsed += this.name(i).copy(out.names, out.namesUsed);
      out.originOf[k] = this.originOf[i]!;
      out.folderOf[k] = this.folderOf[i]!;
      out.sizes[k] = this.sizes[i]!;
      out.mtimes[k] = this.mtimes[i]!;
      if (this.takeBack.has(i)) out.takeBack.add(k);
    }
    out.length = order.length;
    return out;
  }

  /** Frees this list's memory now (a list `select` copied what it needs of): it is empty after. */
  release(): void {
    for (const a of [this.originOf, this.folderOf, this.nameAt, this.sizes, this.mtimes]) moved(a.buffer as ArrayBuffer, 0);
    moved(this.names.buffer, 0);
    this.length = 0;
    this.namesUsed = 0;
    this.originOf = new Uint16Array(0);
    this.folderOf = new Uint32Array(0);
    this.nameAt = new Uint32Array(0);
    this.sizes = new Float64Array(0);
    this.mtimes = new Float64Array(0);
    this.names = Buffer.alloc(0);
  }

  /**
   * `indices` by the time their files were written (`newestFirst`: the most recent first, and of
   * those written at the same time the first root's), then by path. Sorted by time first, then
   * each run of equal times by path: one comparison of paths per pair in the same millisecond.
   */
  byTime(indices: Uint32Array, newestFirst = false): Uint32Array {
    const m = this.mtimes;
    const out = indices.slice().sort(newestFirst ? (a, b) => m[b]! - m[a]! : (a, b) => m[a]! - m[b]!);
    for (let from = 0; from < out.length; ) {
      let to = from + 1;
      while (to < out.length && m[out[to]!] === m[out[from]!]) to++;
      if (to - from > 1) out.subarray(from, to).sort((a, b) => (newestFirst ? this.root(a) - this.root(b) : 0) || this.comparePaths(a, b));
      from = to;
    }
    return out;
  }

  /** Indices of the files `keep` is true of, in order. */
  where(keep: (i: number) => boolean): Uint32Array {
    const out = new Uint32Array(this.length);
    let n = 0;
    for (let i = 0; i < this.length; i++) if (keep(i)) out[n++] = i;
    return out.subarray(0, n);
  }

  toArray(): FoundFile[] {
    const out: FoundFile[] = [];
    for (let i = 0; i < this.length; i++) out.push(this.at(i));
    return out;
  }
}

/** `buffer`'s bytes in one of `bytes`, the old one freed at once rather than at a later collection
 * (growing by copies left ~40 MB of garbage at 200,000 files). */
function moved(buffer: ArrayBufferLike, bytes: number): ArrayBuffer {
  return (buffer as ArrayBuffer).transfer(bytes);
}

// A UUID as written in file names (lowercase, 36 characters) is packed as a NUL (no file name
// holds one) and its 16 bytes.
const UUID_CHARS = 36;
const DASHES = new Set([8, 13, 18, 23]);
const UUID_BYTES = new Uint8Array(16);
const hexValue = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

function uuidAt(b: Buffer, at: number, end: number): boolean {
  if (end - at < UUID_CHARS) return false;
  for (let k = 0; k < UUID_CHARS; k++) {
    if (DASHES.has(k) ? b[at + k] !== 0x2d : hexValue(b[at + k]!) < 0) return false;
  }
  return true;
}

/** Packs the UUIDs in `b[from, to)` in place; returns where the packed bytes end. */
function packUuids(b: Buffer, from: number, to: number): number {
  let w = from;
  for (let r = from; r < to; ) {
    if (!uuidAt(b, r, to)) {
      b[w++] = b[r++]!;
      continue;
    }
    // (Read whole before it is written over: the packed bytes start where the UUID does.)
    let n = 0;
    for (let k = 0; k < UUID_CHARS; k += 2) {
      if (DASHES.has(k)) k++;
      UUID_BYTES[n++] = (hexValue(b[r + k]!) << 4) | hexValue(b[r + k + 1]!);
    }
    b[w++] = 0;
    b.set(UUID_BYTES, w);
    w += 16;
    r += UUID_CHARS;
  }
  return w;
}

function unpack(b: Buffer): string {
  let out = '';
  let at = 0;
  for (let nul = b.indexOf(0); nul >= 0; nul = b.indexOf(0, at)) {
    const hex = b.toString('hex', nul + 1, nul + 17);
    out += `${b.toString('utf8', at, nul)}${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    at = nul + 17;
  }
  return out + b.toString('utf8', at);
}

/**
 * Two packed names in the order of their strings, or undefined where the bytes cannot tell: a
 * UUID against other text, or characters from U+E000 up (UTF-8 orders those after the ones
 * outside the BMP, UTF-16 before).
 */
function comparePacked(a: Buffer, b: Buffer): number | undefined {
  let i = 0;
  for (; i < a.length && i < b.length; i++) {
    if (a[i] === 0 && b[i] === 0) {
      // Two UUIDs: hex digits order as their bytes do.
      const c = Buffer.compare(a.subarray(i + 1, i + 17), b.subarray(i + 1, i + 17));
      if (c !== 0) return c;
      i += 16;
      continue;
    }
    if (a[i] === b[i]) continue;
    if (a[i] === 0 || b[i] === 0 || a[i]! >= 0xee || b[i]! >= 0xee) return undefined;
    return a[i]! - b[i]!;
  }
  return a.length - i - (b.length - i);
}
