// Whether a transcript holds lines an import has not stored yet: bytes after its checkpoint with a
// line end among them (a last line still being written is not one yet).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { READ_NO_WAIT } from './lines.ts';

const CHUNK = 1 << 20;
/** How far a search for a line end goes: a longer unfinished line counts as one. */
const SEARCH_MAX = 64 * CHUNK;

/** Whether `path` has a whole line (not blank) after byte `offset`, or is shorter than it (replaced or cut:
 * the next import reads it again). False when it cannot be read (coverage reports that itself). */
export function hasUnreadLines(path: string, offset: number): boolean {
  let fd: number;
  try {
    fd = openSync(path, READ_NO_WAIT);
  } catch {
    return false;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return false;
    if (st.size < offset) return true;
    const buf = Buffer.allocUnsafe(CHUNK);
    // A line end after something not blank (a newline alone, after a last line stored without
    // one, is no line).
    let text = false;
    for (let at = offset; at < st.size && at - offset < SEARCH_MAX; ) {
      const n = readSync(fd, buf, 0, CHUNK, at);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const c = buf[i]!;
        if (c === 0x0a) {
          if (text) return true;
        } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) text = true;
      }
      at += n;
    }
    return st.size - offset > SEARCH_MAX;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
