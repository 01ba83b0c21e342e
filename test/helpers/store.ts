// A fresh store in a temp directory for one test, removed afterwards.
import { readFileSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { resolveConfig } from '../../src/core/config.ts';
import { initStore, openStore, type Store } from '../../src/store/store.ts';
import { tempEnv } from './env.ts';

/** Runs `fn` on a fresh store (`extra`: more environment, e.g. a fixed TRACE_KEY so event ids
 * compare across stores); `dir` is the test's temp directory, for transcripts; `env` runs the
 * CLI on the same store. */
export function withTempStore<T>(fn: (store: Store, dir: string, env: Record<string, string>) => T, extra: Record<string, string> = {}): T {
  const t = tempEnv(extra);
  try {
    const store = openFresh(t.env);
    try {
      return fn(store, t.dir, t.env);
    } finally {
      store.close();
    }
  } finally {
    t.cleanup();
  }
}

/** `withTempStore` for an async `fn`. */
export async function withTempStoreAsync<T>(fn: (store: Store, dir: string, env: Record<string, string>) => Promise<T>, extra: Record<string, string> = {}): Promise<T> {
  const t = tempEnv(extra);
  try {
    const store = openFresh(t.env);
    try {
      return await fn(store, t.dir, t.env);
    } finally {
      store.close();
    }
  } finally {
    t.cleanup();
  }
}

function openFresh(env: Record<string, string>): Store {
  const config = resolveConfig(env);
  initStore(config);
  return openStore(config);
}

/** Cut the last page off a store.db (its WAL checkpointed first), as a copy cut short would. */
export function cutLastPage(dbFile: string): void {
  const db = new DatabaseSync(dbFile);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const size = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
  db.close();
  const bytes = readFileSync(dbFile);
  writeFileSync(dbFile, bytes.subarray(0, bytes.length - size));
}

/** Flip one bit of the first sealed segment's ciphertext, as damage on disk would. */
export function damageFirstSegment(dbFile: string): void {
  const db = new DatabaseSync(dbFile);
  try {
    const seg = db.prepare('SELECT id, sealed FROM segments LIMIT 1').get() as { id: number; sealed: Uint8Array };
    const bytes = Buffer.from(seg.sealed);
    bytes[20]! ^= 0x40;
    db.prepare('UPDATE segments SET sealed = ? WHERE id = ?').run(bytes, seg.id);
  } finally {
    db.close();
  }
}

/**
 * Overwrite pages of store.db (its WAL checkpointed first), as damage on disk would: the pages
 * `dbstat` lists where `where` holds (`name IN ('events')`), or the first `only` of them.
 * `scribble` fills them with 0x5a but their first and last 8 bytes; otherwise they are zeroed.
 * Returns how many pages were overwritten.
 */
export function damagePages(dbFile: string, where: string, opts: { only?: number; scribble?: boolean } = {}): number {
  const db = new DatabaseSync(dbFile);
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  const pages = (db.prepare(`SELECT pageno FROM dbstat WHERE ${where} ORDER BY pageno`).all() as { pageno: number }[]).map((r) => r.pageno).slice(0, opts.only);
  const size = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
  db.close();
  const bytes = readFileSync(dbFile);
  for (const p of pages) {
    if (opts.scribble) bytes.fill(0x5a, (p - 1) * size + 8, p * size - 8);
    else bytes.fill(0, (p - 1) * size, p * size);
  }
  writeFileSync(dbFile, bytes);
  return pages.length;
}
