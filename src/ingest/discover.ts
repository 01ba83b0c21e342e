// Finding transcript files under the providers' roots.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceAdapter } from '../sources/types.ts';

export interface FoundFile {
  adapter: SourceAdapter;
  path: string;
  size: number;
  mtimeMs: number;
}

const MAX_DEPTH = 12;

/** Every transcript under `root` (recursively; symlinked directories are not followed). */
export function discover(adapter: SourceAdapter, root: string): FoundFile[] {
  const out: FoundFile[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH) walk(p, depth + 1);
      } else if (e.isFile() && adapter.isTranscript(p)) {
        try {
          const st = statSync(p);
          out.push({ adapter, path: p, size: st.size, mtimeMs: st.mtimeMs });
        } catch {
          // vanished between listing and stat
        }
      }
    }
  };
  walk(root, 0);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
