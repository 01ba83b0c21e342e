// Finding transcript files under the providers' roots.
import { type Dir, opendirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileOnPath } from '../core/paths.ts';
import type { SourceAdapter } from '../sources/types.ts';

export interface FoundFile {
  adapter: SourceAdapter;
  path: string;
  size: number;
  mtimeMs: number;
  /** Named by the user (`import-file`): read even if its session was purged, and the purge
   * records that kept it out go with its first commit. */
  takeBack?: boolean;
}

const MAX_DEPTH = 12;

/** A folder under a root that could not be listed (its transcripts were not found), a transcript
 * or folder whose name is not UTF-8 (`EILSEQ`: Node cannot open it by the name it lists), or a
 * transcript's name on what is no regular file (`ENOTREG`: a named pipe, a device). */
export interface UnreadableDir {
  path: string;
  /** The file system's error code (EACCES, EIO, ELOOP, …), EILSEQ, ENOTREG, or ETOODEEP (a folder
   * deeper under its root than transcripts are looked for). */
  code: string;
  /** A transcript that could not be opened (its folder lists it but may not be entered, a link
   * loop), not a folder. */
  file?: boolean;
  /** A folder whose listing failed midway: the transcripts listed before the failure were read. */
  partly?: boolean;
}

/**
 * Every transcript under `root`, recursively. A symlink to a transcript file is taken (under its
 * link's path); a symlinked folder is followed (a project folder kept elsewhere: its files under the
 * link's path) unless it leads into the root or into a folder already followed (a loop, a second
 * way to the same files). Folders that cannot be listed
 * are reported to `onUnreadable`, and so is a root that is a file (a missing one is not: a root not
 * there is a provider not installed).
 */
export function discover(adapter: SourceAdapter, root: string, onUnreadable?: (d: UnreadableDir) => void): FoundFile[] {
  const out: FoundFile[] = [];
  discoverEach(adapter, root, (f) => out.push(f), onUnreadable);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** As `discover`, each file handed to `found` as it is found (in no order): the import keeps them
 * compactly (file-list.ts) rather than as an array of objects. */
export function discoverEach(adapter: SourceAdapter, root: string, found: (f: FoundFile) => void, onUnreadable?: (d: UnreadableDir) => void): void {
  const add = (p: string) => {
    try {
      const st = statSync(p);
      if (st.isFile()) found({ adapter, path: p, size: st.size, mtimeMs: st.mtimeMs });
      // A named pipe, device or socket under a transcript's name (or a link to one): never opened
      // (a pipe would wait for a writer), and said.
      else if (!st.isDirectory()) onUnreadable?.({ path: p, code: 'ENOTREG' });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      // Vanished between listing and stat, or a dangling link: nothing to read. Listed by a name
      // that is not UTF-8 (its bytes shown as U+FFFD, so no such path), or in a folder that lists
      // its files but may not be entered (EACCES), a link loop, a read error: said, not passed
      // over in silence.
      if (p.includes('\uFFFD') && adapter.isTranscript(p)) onUnreadable?.({ path: p, code: 'EILSEQ' });
      else if (code !== 'ENOENT' && code !== 'ENOTDIR') onUnreadable?.({ path: p, code, file: true });
    }
  };
  // The real paths of the root and of the linked folders followed: a link into one of them (or above one) is not followed.
  // Links are followed after the walk, in the order of their paths: of two links to one folder, the same one is taken on
  // every import (its files are known by their paths).
  let followed: string[] | undefined;
  let links: [string, number][] = [];
  const follow = (link: string, depth: number) => {
    let target: string;
    try {
      if (!statSync(link).isDirectory()) return;
      target = realpathSync(link);
      followed ??= [realpathSync(root)];
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      // A dangling link is nothing to read; a loop or an unreadable target is said.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') onUnreadable?.({ path: link, code });
      return;
    }
    const within = (a: string, b: string) => a === b || a.startsWith(b.endsWith('/') ? b : `${b}/`);
    if (followed.some((f) => within(target, f) || within(f, target))) return;
    if (depth > MAX_DEPTH) {
      onUnreadable?.({ path: link, code: 'ETOODEEP' });
      return;
    }
    followed.push(target);
    walk(link, depth);
  };
  const walk = (dir: string, depth: number) => {
    // Read entry by entry, not as one array: a folder of 100,000 sessions listed at once left tens
    // of MB of heap behind it.
    let listing: Dir;
    try {
      listing = opendirSync(dir, { bufferSize: 128 });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      // Gone (deleted since it was listed, or a root not there): nothing to read, nothing missed.
      // A root that is a file (or lies under one) is a setting gone wrong, not a provider not
      // installed: the file is named.
      if (code === 'ENOTDIR' && depth === 0) onUnreadable?.({ path: fileOnPath(dir) ?? dir, code });
      // A folder listed by a name that is not UTF-8 (its bytes shown as U+FFFD): no such path.
      else if (code === 'ENOENT' && depth > 0 && dir.includes('\uFFFD')) onUnreadable?.({ path: dir, code: 'EILSEQ' });
      else if (code !== 'ENOENT' && code !== 'ENOTDIR') onUnreadable?.({ path: dir, code });
      return;
    }
    try {
      for (let e = listing.readSync(); e; e = listing.readSync()) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (depth < MAX_DEPTH) walk(p, depth + 1);
          else onUnreadable?.({ path: p, code: 'ETOODEEP' });
        } else if ((e.isFile() || e.isSymbolicLink()) && adapter.isTranscript(p)) add(p);
        else if (e.isSymbolicLink()) links.push([p, depth + 1]);
        else if ((e.isFIFO() || e.isCharacterDevice() || e.isBlockDevice() || e.isSocket()) && adapter.isTranscript(p)) onUnreadable?.({ path: p, code: 'ENOTREG' });
      }
    } catch (e) {
      // A listing that fails midway (EIO): its folder is said; the transcripts listed before it are read.
      onUnreadable?.({ path: dir, code: (e as NodeJS.ErrnoException).code ?? 'error', partly: true });
    } finally {
      listing.closeSync();
    }
  };
  walk(root, 0);
  while (links.length > 0) {
    const round = links.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    links = [];
    for (const [link, depth] of round) follow(link, depth);
  }
}
