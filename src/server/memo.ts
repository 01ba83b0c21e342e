// Results of expensive read-only queries, kept until the store's data changes. The version is
// SQLite's data_version (changes when another connection commits: an import) plus this
// connection's own change count (live intake writes through the server's connection).
import type { Store } from '../store/store.ts';

/** Distinct queries remembered at once (filters vary little: the dashboard asks a few). */
const MAX_ENTRIES = 32;

export type Memo = <T>(key: string, compute: () => T) => T;

export function createMemo(store: Store): Memo {
  const entries = new Map<string, { version: string; value: unknown }>();
  const version = (): string => {
    const dv = store.statement('PRAGMA data_version').get() as { data_version: number };
    const own = store.statement('SELECT total_changes() AS n').get() as { n: number };
    return `${dv.data_version}:${own.n}`;
  };
  return <T>(key: string, compute: () => T): T => {
    const v = version();
    const hit = entries.get(key);
    if (hit && hit.version === v) return hit.value as T;
    const value = compute();
    if (!hit && entries.size >= MAX_ENTRIES) entries.clear();
    entries.set(key, { version: v, value });
    return value;
  };
}
