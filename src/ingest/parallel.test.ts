import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { listSessions, searchEvents } from '../store/queries.ts';
import type { Store } from '../store/store.ts';
import { writeCorpus } from '../../test/helpers/corpus.ts';
import { OWN_FIXTURES, tempEnv } from '../../test/helpers/env.ts';
import { withTempStoreAsync } from '../../test/helpers/store.ts';
import { checkIntegrity } from '../store/stats.ts';
import { findFiles, importFiles } from './import.ts';
import { rebuildIndex } from './rebuild.ts';
import { importFilesParallel } from './parallel.ts';
import type { PrepareJob, PrepareMessage } from './prepare-worker.ts';

/** One key for every store here: event ids are keyed by it, and stores are compared by id. */
const KEY = Buffer.alloc(32, 7).toString('base64');

/** A fresh store with that key. */
const withStore = <T>(fn: (store: Store) => T | Promise<T>): Promise<T> => withTempStoreAsync(async (store) => fn(store), { TRACE_KEY: KEY });

test('the parallel import stores exactly what the synchronous one does, oversized lines and documents included', async () => {
  const t = tempEnv();
  try {
    writeCorpus(t.dir, 6, 250);
    // An oversized line (over the 1 MB limit used here) in the middle of a Claude session.
    const dir = join(t.dir, 'claude', 'projects', '-home-dev-big');
    mkdirSync(dir, { recursive: true });
    const id = 'b1900000-1111-4222-8333-444444444444';
    const line = (uuid: string, content: string) => JSON.stringify({ type: 'user', uuid, sessionId: id, timestamp: '2026-03-01T10:00:00.000Z', message: { role: 'user', content } });
    writeFileSync(join(dir, `${id}.jsonl`), `${line('u1', 'before the blob')}\n${line('u2', 'x'.repeat(3 << 20))}\n${line('u3', 'after the blob')}\n`);
    // Whole-document (TS-era Codex) transcripts go through the synchronous path.
    const docs = join(t.dir, 'codex', 'sessions');
    const tsEra = readdirSync(join(OWN_FIXTURES, 'codex', 'sessions')).filter((n) => n.endsWith('.json'));
    assert.ok(tsEra.length > 0);
    for (const f of tsEra) copyFileSync(join(OWN_FIXTURES, 'codex', 'sessions', f), join(docs, f));
    // A transcript whose last line is still being written: it waits, and both paths say so.
    const growing = 'b1900000-1111-4222-8333-666666666666';
    writeFileSync(join(dir, `${growing}.jsonl`), `${line('g1', 'whole line')}\n{"type":"user","uuid":"g2","message":{"content":"half`);
    // One longer than the worker reads (it hands the file back to this thread, which says so too).
    writeFileSync(join(dir, 'b1900000-1111-4222-8333-777777777777.jsonl'), `${line('h1', 'whole line')}\n{"type":"user","uuid":"h2","message":{"content":"${'y'.repeat(1_500_000)}`);
    const roots = { codex: [join(t.dir, 'codex', 'sessions')], claude: [join(t.dir, 'claude', 'projects')] };
    const opts = { maxLine: 1 << 20 };
    const snapshot = (store: Store) => ({
      sessions: listSessions(store, { includeEmpty: true }).map((s) => JSON.stringify(s)).sort(),
      search: searchEvents(store, { query: 'module3 OR blob', limit: 500 }).map((e) => e.id).sort(),
    });
    const sequential = await withStore((store) => {
      const r = importFiles(store, findFiles(store, { roots }).files, opts);
      assert.equal(r.totals.errors, 0);
      return { totals: r.totals, ...snapshot(store) };
    });
    const parallel = await withStore(async (store) => {
      const { files } = findFiles(store, { roots });
      const r = await importFilesParallel(store, files, opts);
      const again = await importFilesParallel(store, files, opts);
      assert.equal(again.totals.newLines, 0, 'a second run is a no-op');
      // Segments the worker sealed open with the store's key and rebuild to the same index.
      assert.deepEqual(checkIntegrity(store).damagedSegments, []);
      const before = snapshot(store);
      assert.equal(rebuildIndex(store).damaged, 0);
      assert.deepEqual(snapshot(store), before);
      return { totals: r.totals, ...snapshot(store) };
    });
    assert.ok(sequential.totals.bytesRead > 4 << 20, 'large enough to take the parallel path');
    assert.equal(parallel.totals.oversized, 1);
    assert.equal(parallel.totals.waiting, 2, 'the half-written lines wait');
    assert.ok(parallel.sessions.some((s) => s.includes('0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e')), 'the document transcript is in');
    assert.deepEqual(parallel, sequential);
  } finally {
    t.cleanup();
  }
});

test('a line too long for the worker (but not oversized) is finished by the writer, in order, once', async () => {
  const t = tempEnv();
  try {
    writeCorpus(t.dir, 2, 400);
    const dir = join(t.dir, 'claude', 'projects', '-home-dev-long');
    mkdirSync(dir, { recursive: true });
    const id = 'b1900000-1111-4222-8333-555555555555';
    const line = (uuid: string, content: string) => JSON.stringify({ type: 'user', uuid, sessionId: id, timestamp: '2026-03-01T10:00:00.000Z', message: { role: 'user', content } });
    // 9 MB: over the worker's 8 MB line limit, under the 32 MB oversized limit.
    writeFileSync(join(dir, `${id}.jsonl`), `${line('u1', 'zebrafirst')}\n${line('u2', `zebralong ${'y '.repeat(9 << 19)}`)}\n${line('u3', 'zebralast')}\n`);
    const roots = { codex: [join(t.dir, 'codex', 'sessions')], claude: [join(t.dir, 'claude', 'projects')] };
    await withStore(async (store) => {
      const { files } = findFiles(store, { roots });
      const r = await importFilesParallel(store, files);
      assert.equal(r.totals.errors, 0);
      assert.equal(r.totals.oversized, 0);
      const hits = searchEvents(store, { query: 'zebrafirst OR zebralong OR zebralast', limit: 10 });
      assert.deepEqual(hits.map((e) => e.text?.split(' ')[0]).sort(), ['zebrafirst', 'zebralast', 'zebralong']);
      const again = await importFilesParallel(store, files);
      assert.equal(again.totals.newLines, 0);
      assert.equal(searchEvents(store, { query: 'zebralong', limit: 10 }).length, 1);
    });
  } finally {
    t.cleanup();
  }
});

test('when the worker dies (out of memory), this thread finishes every file: same result, nothing twice', async () => {
  const t = tempEnv();
  try {
    writeCorpus(t.dir, 6, 250);
    const roots = { codex: [join(t.dir, 'codex', 'sessions')], claude: [join(t.dir, 'claude', 'projects')] };
    const snapshot = (store: Store) => ({
      sessions: listSessions(store, { includeEmpty: true }).map((s) => JSON.stringify(s)).sort(),
      lines: Number((store.db.prepare('SELECT count(*) AS n FROM line_ids').get() as { n: number }).n),
    });
    let expected: ReturnType<typeof snapshot> | undefined;
    await withStore(async (store) => {
      const r = importFiles(store, findFiles(store, { roots }).files);
      assert.equal(r.totals.errors, 0);
      expected = snapshot(store);
    });
    // 8 MB is too little for the worker's batches (measured); 48 MB, the default, is plenty.
    for (const workerHeapMb of [8, 48]) {
      await withStore(async (store) => {
        const { files } = findFiles(store, { roots });
        const r = await importFilesParallel(store, files, { workerHeapMb });
        assert.equal(r.totals.errors, 0, `heap ${workerHeapMb} MB`);
        if (workerHeapMb === 8) assert.match(r.notice ?? '', /import worker stopped \(out of memory\)/);
        else assert.equal(r.notice, undefined);
        assert.deepEqual(snapshot(store), expected, `heap ${workerHeapMb} MB`);
        assert.equal((await importFilesParallel(store, files, { workerHeapMb })).totals.newLines, 0);
      });
    }
  } finally {
    t.cleanup();
  }
});

test('the worker reads a file only while its path still names the file the writer opened; otherwise it hands it back', async () => {
  const t = tempEnv();
  try {
    const path = join(t.dir, 'rollout-2026-03-02T09-00-00-0b0b0b0b-1111-7222-8333-444444444444.jsonl');
    writeFileSync(path, `${JSON.stringify({ timestamp: '2026-03-02T09:00:00.000Z', type: 'session_meta', payload: { id: '0b0b0b0b-1111-7222-8333-444444444444', cwd: '/w' } })}\n`);
    const worker = new Worker(new URL('./prepare-worker.ts', import.meta.url), { workerData: { key: Buffer.alloc(32, 7) } });
    try {
      const ask = (job: Partial<PrepareJob>) =>
        new Promise<PrepareMessage>((resolve) => {
          worker.once('message', resolve);
          worker.postMessage({
            file: 0, provider: 'codex', path, name: path, ino: statSync(path).ino, streamKey: 'k', start: 0, state: undefined, maxLine: undefined,
            batchBytes: 1 << 20, batchLines: 100, credits: new SharedArrayBuffer(4), maxInFlight: 2, ...job,
          } satisfies PrepareJob);
        });
      const read = await ask({});
      assert.equal(read.kind, 'end');
      // Replaced since the writer opened it (another inode), or gone: nothing read, handed back.
      for (const job of [{ ino: statSync(path).ino + 1 }, { path: join(t.dir, 'gone.jsonl') }, { start: 7, ino: -1 }]) {
        const m = await ask(job);
        if (m.kind !== 'fallback') assert.fail(`${JSON.stringify(job)}: ${m.kind}`);
        assert.ok(m.batch.meta.length === 0 && m.bytesRead === 0 && m.end === (job.start ?? 0));
      }
    } finally {
      await worker.terminate();
    }
  } finally {
    t.cleanup();
  }
});

test('a transcript replaced or deleted after the writer opened it and before the worker reads it: read again, or reported; nothing half-read is stored', async () => {
  const t = tempEnv();
  try {
    const dir = join(t.dir, 'claude', 'projects', '-p');
    mkdirSync(dir, { recursive: true });
    const line = (sid: string, uuid: string, content: string) => JSON.stringify({ type: 'user', uuid, sessionId: sid, timestamp: '2026-03-01T10:00:00.000Z', message: { role: 'user', content } });
    const ids = ['a0000000-1111-4222-8333-444444444444', 'b0000000-1111-4222-8333-444444444444', 'c0000000-1111-4222-8333-444444444444', 'd0000000-1111-4222-8333-444444444444'];
    // A big file first (the oldest), so the worker is busy with it while the others wait, opened.
    writeFileSync(join(dir, `${ids[0]}.jsonl`), `${Array.from({ length: 3000 }, (_, i) => line(ids[0]!, `u${i}`, `big ${i} ${'q'.repeat(3000)}`)).join('\n')}\n`);
    for (const id of ids.slice(1)) writeFileSync(join(dir, `${id}.jsonl`), `${[line(id, 'x1', 'old one'), line(id, 'x2', 'old two')].join('\n')}\n`);
    for (const [i, id] of ids.entries()) utimesSync(join(dir, `${id}.jsonl`), 1_700_000_000 + i, 1_700_000_000 + i);
    await withStore(async (store) => {
      const { files } = findFiles(store, { roots: { claude: [join(t.dir, 'claude', 'projects')], codex: [] } });
      let once = false;
      const r = await importFilesParallel(store, files, {
        onProgress: () => {
          if (once) return;
          once = true;
          rmSync(join(dir, `${ids[2]}.jsonl`));
          const tmp = join(t.dir, 'tmp.jsonl');
          writeFileSync(tmp, `${[line(ids[3]!, 'y1', 'new one'), line(ids[3]!, 'y2', 'new two'), line(ids[3]!, 'y3', 'new three')].join('\n')}\n`);
          renameSync(tmp, join(dir, `${ids[3]}.jsonl`));
        },
      });
      const byId = Object.fromEntries(r.files.map((f) => [f.path.split('/').pop()!.slice(0, 2), f]));
      assert.equal(byId['c0']?.status, 'error');
      assert.equal(byId['c0']?.error?.code, 'SOURCE_UNREADABLE');
      assert.equal(byId['d0']?.events, 3, 'the file now at that path, read whole');
      const rows = store.db.prepare('SELECT path, offset, lines, malformed FROM sources ORDER BY path').all() as { path: string; malformed: number }[];
      assert.deepEqual(rows.map((x) => x.path.split('/').pop()!.slice(0, 2)), ['a0', 'b0', 'd0'], 'no checkpoint for the file that is gone');
      assert.ok(rows.every((x) => x.malformed === 0), 'no fragment read from the middle of another file');
    });
  } finally {
    t.cleanup();
  }
});

test('write failures that undo the open group (parallel and one-thread import): every file reported imported is in the store, and a rerun completes the rest', async () => {
  const t = tempEnv();
  try {
    writeCorpus(t.dir, 8, 250);
    const roots = { codex: [join(t.dir, 'codex', 'sessions')], claude: [join(t.dir, 'claude', 'projects')] };
    const snapshot = (store: Store) => ({
      sessions: listSessions(store, { includeEmpty: true }).map((s) => JSON.stringify(s)).sort(),
      lines: Number((store.db.prepare('SELECT count(*) AS n FROM line_ids').get() as { n: number }).n),
    });
    let expected: ReturnType<typeof snapshot> | undefined;
    await withStore((store) => {
      assert.equal(importFiles(store, findFiles(store, { roots }).files).totals.errors, 0);
      expected = snapshot(store);
    });
    for (const [failAt, parallel] of [[[2, 3], true], [[3, 5, 6], true], [[4, 9], true], [[2, 3], false], [[3, 5], false], [[4, 6], false], [[5, 7], false]] as const) {
      await withStore(async (store) => {
        // Segment writes number failAt fail, as a disk I/O error would (a JS counter: not rolled back).
        let n = 0;
        store.db.function('tb_fail_now', () => ((failAt as readonly number[]).includes(++n) ? 1 : 0));
        store.db.exec(`CREATE TEMP TRIGGER tb_fail BEFORE INSERT ON main.segments WHEN tb_fail_now() BEGIN SELECT RAISE(ABORT, 'injected write failure'); END`);
        const { files } = findFiles(store, { roots });
        const r = parallel ? await importFilesParallel(store, files, { commitBytes: 1 << 20 }) : importFiles(store, files, { commitBytes: 1 << 20 });
        assert.ok(r.totals.errors > 0, `failures at ${failAt} were reported`);
        // Stored to its end: every byte of a file reported imported is behind its checkpoint.
        const done = new Set(
          (store.db.prepare('SELECT path FROM sources WHERE offset = size').all() as { path: string }[]).map((s) => s.path),
        );
        const claimed = r.files.filter((f) => f.status === 'imported' && !f.error).map((f) => f.path);
        assert.ok(claimed.length > 0);
        assert.deepEqual(claimed.filter((p) => !done.has(p)), [], `failures at ${failAt}: reported imported but not stored to its end`);
        store.db.exec('DROP TRIGGER tb_fail');
        const again = await importFilesParallel(store, findFiles(store, { roots }).files);
        assert.equal(again.totals.errors, 0);
        assert.deepEqual(snapshot(store), expected, `failures at ${failAt}: the rerun converges`);
      });
    }
  } finally {
    t.cleanup();
  }
});

test('a store that refuses writes (read-only) stops the import once, with what to do, not once per file', async () => {
  const t = tempEnv();
  try {
    writeCorpus(t.dir, 8, 250);
    const roots = { codex: [join(t.dir, 'codex', 'sessions')], claude: [join(t.dir, 'claude', 'projects')] };
    for (const parallel of [true, false]) {
      await withStore(async (store) => {
        store.db.exec('PRAGMA query_only = 1'); // writes fail with SQLITE_READONLY, as on a 0444 store.db
        const { files } = findFiles(store, { roots });
        const run = async () => (parallel ? importFilesParallel(store, files) : importFiles(store, files));
        await assert.rejects(run, (e: { code?: string; message?: string; hint?: string }) => {
          assert.equal(e.code, 'STORE_UNREADABLE');
          assert.match(e.message ?? '', /Permission denied while writing to the store/);
          assert.match(e.hint ?? '', /store\.db-wal and store\.db-shm/);
          return true;
        });
      });
    }
  } finally {
    t.cleanup();
  }
});
