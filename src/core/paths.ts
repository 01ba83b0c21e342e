// Where a path goes wrong.
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';

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

/** `~` or `~/…` at the start of a path set in the environment, as a shell would have expanded it had
 * it not been quoted (`TRACE_HOME='~/tb'`): the home folder, not a folder named `~`. */
export const expandHome = (path: string, home: string): string => (path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path);
