// Where a path goes wrong.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The first of `path` and the folders above it that is a file, if one is (why a folder there
 * cannot be made or listed: ENOTDIR). */
export function fileOnPath(path: string): string | undefined {
  for (let p = path; ; p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      // not there (or under the file): look further up
    }
    if (dirname(p) === p) return undefined;
  }
}
