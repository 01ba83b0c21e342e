// Telling SQLite's "the file is damaged" apart from other errors.

/** SQLITE_CORRUPT */
const CORRUPT = 11;

/** Whether `e` (or what it wraps) is SQLite saying the database file is damaged. */
export function isDamaged(e: unknown): boolean {
  for (let x = e as { errcode?: number; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    if (x.errcode === CORRUPT) return true;
  }
  return false;
}

/** The error for damage found by a check rather than by a failing statement. */
export const damaged = (what: string): Error => Object.assign(new Error(what), { errcode: CORRUPT });
