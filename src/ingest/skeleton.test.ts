import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withTempStore } from '../../test/helpers/store.ts';
import { claudeAdapter } from '../sources/claude/index.ts';
import { readRawEvent } from '../store/raw-event.ts';
import { listSessions, recentEvents } from '../store/queries.ts';
import { checkIntegrity } from '../store/stats.ts';
import { findFiles, importFiles } from './import.ts';
import { importFile } from './import-file.ts';
import { rebuildIndex } from './rebuild.ts';
import { DENSE_MAX } from './lines.ts';
import { SKELETON_MAX, SKELETON_MEMBERS_MAX, SKELETON_STRING_MAX, SkeletonBuilder } from './skeleton.ts';

const skeletonOf = (line: string, step: number): Record<string, unknown> | undefined => {
  const b = new SkeletonBuilder();
  const bytes = Buffer.from(line);
  for (let i = 0; i < bytes.length; i += step) b.add(bytes.subarray(i, i + step));
  return b.finish();
};

test('a skeleton keeps the structure and short values, and cuts long strings whole characters and escapes at a time, however the line is split', () => {
  const long = `${'é€"\\\u0001x'.repeat(SKELETON_STRING_MAX)}tail`;
  const line = JSON.stringify({ type: 'assistant', n: 12.5, ok: true, nothing: null, list: [1, 'two', { three: long }], text: long, after: 'kept' });
  for (const step of [1, 2, 3, 7, 1000, 1 << 20]) {
    const sk = skeletonOf(line, step) as { type: string; n: number; ok: boolean; nothing: null; list: [number, string, { three: string }]; text: string; after: string };
    assert.ok(sk, `step ${step}`);
    assert.deepEqual([sk.type, sk.n, sk.ok, sk.nothing, sk.list[0], sk.list[1], sk.after], ['assistant', 12.5, true, null, 1, 'two', 'kept']);
    for (const cut of [sk.text, sk.list[2].three]) {
      assert.ok(cut.endsWith(' […cut: oversized line…]'));
      const kept = cut.slice(0, -' […cut: oversized line…]'.length);
      assert.ok(long.startsWith(kept) && kept.length > SKELETON_STRING_MAX / 4, `step ${step}: a prefix of the original (${kept.length})`);
    }
  }
  assert.equal(skeletonOf('[1,2]', 1), undefined, 'not an object');
  // A string of escapes only is cut too; a byte order mark before the line is no part of it.
  const escapes = skeletonOf(`\uFEFF${JSON.stringify({ s: '\u0001'.repeat(SKELETON_MAX) })}`, 4096) as { s: string };
  assert.ok(escapes.s.endsWith(' […cut: oversized line…]') && escapes.s.length < SKELETON_STRING_MAX);
});

test('a cut never splits a word: a secret straddling it is dropped whole, not left as a prefix the redactor cannot tell', () => {
  const token = 'ghp_Q7wErTy9UiOp3AsDfGh5JkLzXcVbNm1Qa2Ws';
  for (const before of [1, 5, 29, 33, 39]) {
    const text = `${'log line ok\n'.repeat(Math.ceil(SKELETON_STRING_MAX / 12))}`.slice(0, SKELETON_STRING_MAX - before - 1);
    const line = JSON.stringify({ type: 'user', content: `${text} ${token} and more text after it ${'z'.repeat(SKELETON_STRING_MAX)}` });
    for (const step of [1, 7, 4096, 1 << 20]) {
      const kept = (skeletonOf(line, step) as { content: string }).content;
      assert.ok(!kept.includes(token.slice(0, 8)), `${before} before the cut, step ${step}: ${kept.slice(-60)}`);
      assert.ok(kept.endsWith(' […cut: oversized line…]') && kept.length > SKELETON_STRING_MAX / 2);
    }
  }
  // A word longer than what is kept (a base64 blob): the string keeps nothing of it.
  const blob = JSON.stringify({ data: 'QUJD'.repeat(SKELETON_STRING_MAX) });
  assert.equal((skeletonOf(blob, 1000) as { data: string }).data, ' […cut: oversized line…]');
  assert.equal(skeletonOf('{"a": "unterminated', 4), undefined);
});

test('an oversized line counts: its tool call, usage and error are read from its skeleton, alike after a rebuild; show prints it whole', () => {
  withTempStore((store, dir) => {
    const id = '0a0a0a0a-1111-4222-8333-444444444444';
    const base = { sessionId: id, cwd: '/w', version: '2.1.20', isSidechain: false, userType: 'external', parentUuid: null };
    // Longer than the reader's 1 MB chunk, so the line is handed out in parts past maxLine.
    const huge = 'x'.repeat(2_500_000);
    const lines = [
      { ...base, type: 'user', uuid: 'u1', timestamp: '2026-03-02T09:00:00.000Z', message: { role: 'user', content: 'write the fixture' } },
      { ...base, type: 'assistant', uuid: 'a1', timestamp: '2026-03-02T09:00:01.000Z', requestId: 'req_1', message: { id: 'msg_1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 'toolu_w', name: 'Write', input: { file_path: '/w/big.txt', content: huge } }], usage: { input_tokens: 10, cache_read_input_tokens: 100, output_tokens: 7000 } } },
      { ...base, type: 'user', uuid: 'u2', timestamp: '2026-03-02T09:00:02.000Z', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_w', is_error: true, content: `disk full ${huge}` }] } },
    ].map((l) => JSON.stringify(l));
    const path = join(dir, `${id}.jsonl`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const r = importFile(store, claudeAdapter, path, { maxLine: 64 << 10 });
    assert.equal(r.oversized, 2);
    assert.equal(r.unknown, 0);
    const [s] = listSessions(store, { limit: 5 });
    assert.equal(s?.toolCalls, 1);
    assert.equal(s?.toolErrors, 1);
    assert.deepEqual(s?.tokens, { input: 110, cacheRead: 100, cacheWrite: 0, output: 7000, reasoning: 0 });
    const call = recentEvents(store, 10).find((e) => e.kind === 'tool_call')!;
    assert.equal(call.tool, 'Write');
    assert.ok(call.truncated);
    assert.equal(readRawEvent(store, call.id).toString('utf8'), lines[1], 'the line itself is kept whole');
    const before = JSON.stringify(listSessions(store, { limit: 5 }));
    rebuildIndex(store);
    assert.equal(JSON.stringify(listSessions(store, { limit: 5 })), before);
  });
});

test('a tampered part of an oversized line is found by the integrity check and by a rebuild; --force drops its segment and a re-import brings it back', () => {
  withTempStore((store, dir) => {
    const id = '0b0b0b0b-1111-4222-8333-444444444444';
    const base = { sessionId: id, cwd: '/w', version: '2.1.20', isSidechain: false, userType: 'external', parentUuid: null };
    const lines = [
      { ...base, type: 'user', uuid: 'u1', timestamp: '2026-03-02T09:00:00.000Z', message: { role: 'user', content: 'x'.repeat(2_500_000) } },
      { ...base, type: 'user', uuid: 'u2', timestamp: '2026-03-02T09:00:01.000Z', message: { role: 'user', content: 'after it' } },
    ].map((l) => JSON.stringify(l));
    const path = join(dir, `${id}.jsonl`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    assert.equal(importFile(store, claudeAdapter, path, { maxLine: 64 << 10 }).oversized, 1);
    const before = JSON.stringify(listSessions(store, { limit: 5 }));
    assert.deepEqual(checkIntegrity(store).damagedSegments, []);
    const part = store.db.prepare('SELECT stream_id, offset, part, sealed FROM big_parts ORDER BY part DESC LIMIT 1').get() as { stream_id: number; offset: number; part: number; sealed: Uint8Array };
    const bytes = Buffer.from(part.sealed);
    bytes[40]! ^= 1;
    store.db.prepare('UPDATE big_parts SET sealed = ? WHERE stream_id = ? AND offset = ? AND part = ?').run(bytes, part.stream_id, part.offset, part.part);
    assert.equal(checkIntegrity(store).damagedSegments.length, 1, 'doctor sees it');
    assert.throws(() => rebuildIndex(store, undefined, { onDamaged: 'stop' }), { code: 'RECORD_TAMPERED' });
    assert.equal(rebuildIndex(store, undefined, { onDamaged: 'drop' }).damaged, 1);
    assert.deepEqual(checkIntegrity(store).damagedSegments, []);
    assert.equal(importFile(store, claudeAdapter, path, { maxLine: 64 << 10 }).oversized, 1, 'read again');
    assert.equal(JSON.stringify(listSessions(store, { limit: 5 })), before);
    assert.deepEqual(checkIntegrity(store).damagedSegments, []);
  });
});

test('an oversized last line with no newline yet is taken when it is whole JSON (as a short one is), and not twice when the newline comes', () => {
  withTempStore((store, dir) => {
    const id = '0c0c0c0c-1111-4222-8333-444444444444';
    const base = { sessionId: id, cwd: '/w', version: '2.1.20', isSidechain: false, userType: 'external', parentUuid: null };
    const first = JSON.stringify({ ...base, type: 'user', uuid: 'u1', timestamp: '2026-03-02T09:00:00.000Z', message: { role: 'user', content: 'go' } });
    const big = JSON.stringify({ ...base, type: 'assistant', uuid: 'a1', timestamp: '2026-03-02T09:00:01.000Z', requestId: 'req_1', message: { id: 'msg_1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'y'.repeat(2_500_000) }], usage: { input_tokens: 3, output_tokens: 4 } } });
    const path = join(dir, `${id}.jsonl`);
    // Still being written: a cut line is left for next time.
    writeFileSync(path, `${first}\n${big.slice(0, 1_500_000)}`);
    assert.equal(importFile(store, claudeAdapter, path, { maxLine: 64 << 10 }).events, 1);
    writeFileSync(path, `${first}\n${big}`);
    const r = importFile(store, claudeAdapter, path, { maxLine: 64 << 10 });
    assert.equal(r.events, 1, 'the whole last line, no newline yet');
    assert.deepEqual(listSessions(store, { limit: 5 })[0]?.tokens.output, 4);
    assert.equal(importFile(store, claudeAdapter, path, { maxLine: 64 << 10 }).status, 'unchanged');
    writeFileSync(path, `${first}\n${big}\n${JSON.stringify({ ...base, type: 'user', uuid: 'u2', timestamp: '2026-03-02T09:00:02.000Z', message: { role: 'user', content: 'thanks' } })}\n`);
    assert.equal(importFile(store, claudeAdapter, path, { maxLine: 64 << 10 }).events, 1, 'its newline adds nothing, the next line is new');
    assert.equal(listSessions(store, { limit: 5 })[0]?.events, 3);
  });
});

test('an oversized last line still being written (or random bytes with no newline) writes nothing and waits, import after import', () => {
  withTempStore((store, dir, env) => {
    const id = '0d0d0d0d-1111-4222-8333-444444444444';
    const base = { sessionId: id, cwd: '/w', version: '2.1.20', isSidechain: false, userType: 'external', parentUuid: null };
    const first = JSON.stringify({ ...base, type: 'user', uuid: 'u1', timestamp: '2026-03-02T09:00:00.000Z', message: { role: 'user', content: 'go' } });
    const path = join(dir, `${id}.jsonl`);
    // What the imports wrote: the write-ahead log, emptied before each round.
    const wal = () => statSync(join(env['TRACE_HOME']!, 'store.db-wal')).size;
    // Past the store's page cache once sealed (random: zstd cannot shrink it), so writing its parts would reach the log.
    for (const tail of [`{"type":"assistant","x":"${randomBytes(30_000_000).toString('base64')}`, randomBytes(3_000_000).toString('latin1').replaceAll('\n', ' ')]) {
      writeFileSync(path, `${first}\n${tail}`);
      importFile(store, claudeAdapter, path, { maxLine: 64 << 10 });
      store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      for (let i = 0; i < 2; i++) {
        const r = importFile(store, claudeAdapter, path, { maxLine: 64 << 10, force: true });
        assert.equal(r.waiting, true, 'it says the line waits');
        assert.equal(r.oversized, 0);
      }
      assert.equal(Number((store.db.prepare('SELECT count(*) AS n FROM big_parts').get() as { n: number }).n), 0, 'no part written');
      assert.ok(wal() < 1_000_000, `nothing of the line was written (${wal()} bytes of log)`);
    }
  });
});

test('a line too big for a skeleton is still followed to its end: whole or cut', () => {
  const line = JSON.stringify({ values: Array.from({ length: 999 }, (_, i) => `${i} ${'word '.repeat(2000)}`) });
  assert.ok(line.length > SKELETON_MAX);
  for (const [text, whole] of [[line, true], [line.slice(0, -1), false], [`${line}  `, true], [`${line} x`, false]] as const) {
    const b = new SkeletonBuilder();
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 1 << 20) b.add(bytes.subarray(i, i + (1 << 20)));
    assert.equal(b.finish(), undefined, 'too big to keep');
    assert.equal(b.complete, whole);
  }
});

test('a skeleton keeps the first 1,000 members of an object or array (a dense line keeps its structure: its tool call, usage), and is a stub past DENSE_MAX objects and arrays kept', () => {
  const b = new SkeletonBuilder();
  // (In pieces that end inside a left-out member's string, escapes and brackets in it.)
  const dense = Buffer.from(`{"type":"user","x":[${'{"a":"]\\"},"},'.repeat(300_000)}{}],"usage":{"n":1},"o":{${Array.from({ length: 1500 }, (_, i) => `"k${i}":[${i}]`).join(',')}}}`);
  for (let i = 0; i < dense.length; i += 4099) b.add(dense.subarray(i, i + 4099));
  const sk = b.finish()!;
  assert.equal(b.complete, true);
  assert.equal((sk['x'] as unknown[]).length, SKELETON_MEMBERS_MAX);
  assert.deepEqual((sk['x'] as unknown[])[0], { a: ']"},' });
  assert.deepEqual([sk['usage'], Object.keys(sk['o'] as object).length, (sk['o'] as Record<string, unknown>)['k999']], [{ n: 1 }, SKELETON_MEMBERS_MAX, [999]]);
  // 600 arrays of 600: each within the members kept, 360,000 in all.
  const nested = new SkeletonBuilder();
  nested.add(Buffer.from(`{"type":"user","x":[${Array.from({ length: 600 }, () => `[${'[],'.repeat(599)}[]]`).join(',')}]}`));
  assert.deepEqual([nested.finish(), nested.complete], [undefined, true]);
  const ok = new SkeletonBuilder();
  ok.add(Buffer.from(`{"type":"user","x":[${Array.from({ length: 200 }, () => `[${'[],'.repeat(599)}[]]`).join(',')}]}`));
  assert.equal((ok.finish()!['x'] as unknown[]).length, 200);
  assert.ok(DENSE_MAX < 600 * 601);
});

test('a skeleton equals the parsed line with each object and array cut to its first 1,000 members, however the line is split (random JSON)', () => {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const str = () => ['', 'a,b', '"]}', '\\', '[{', 'é€😀', 'x'.repeat(rnd(40))][rnd(7)]!;
  const value = (depth: number): unknown => {
    const k = depth > 3 ? rnd(3) : rnd(6);
    if (k === 0) return rnd(1000) - 500;
    if (k === 1) return str();
    if (k === 2) return [true, false, null][rnd(3)];
    // (A long one holds scalars: small enough to generate.)
    const n = rnd(10) === 0 ? 900 + rnd(300) : rnd(5);
    const member = () => (n > 5 ? value(99) : value(depth + 1));
    if (k === 3 || k === 4) return Array.from({ length: n }, member);
    return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${str()}${i}`, member()]));
  };
  const cut = (v: unknown): unknown =>
    Array.isArray(v) ? v.slice(0, SKELETON_MEMBERS_MAX).map(cut) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).slice(0, SKELETON_MEMBERS_MAX).map(([k, x]) => [k, cut(x)])) : v;
  let cutRounds = 0;
  for (let round = 0; round < 60; round++) {
    const v = { type: 'user', x: value(0), y: value(0) };
    const bytes = Buffer.from(JSON.stringify(v));
    const b = new SkeletonBuilder();
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + rnd(round % 2 ? 7 : 5000);
      b.add(bytes.subarray(i, i + n));
      i += n;
    }
    assert.deepEqual(b.finish(), cut(v), `round ${round}`);
    assert.equal(b.complete, true);
    if (JSON.stringify(cut(v)) !== JSON.stringify(v)) cutRounds++;
  }
  assert.ok(cutRounds >= 5, `${cutRounds} rounds cut something`);
});

test('a skeleton nested deeper than 256 is a stub: writing it out would overflow the stack (every import of the file failed)', () => {
  const deep = (n: number) => `{"type":"user","x":${'{"a":'.repeat(n)}"${'y'.repeat(40_000)}"${'}'.repeat(n)}}`;
  assert.equal(skeletonOf(deep(8000), 65536), undefined);
  assert.notEqual(skeletonOf(deep(200), 65536), undefined);
});

test('a full disk met while writing an oversized line stops the import with what to do, not as one file\'s error (a bad-input review)', () => {
  withTempStore((store, dir) => {
    const id = '0e0e0e0e-1111-4222-8333-444444444444';
    const folder = join(dir, 'projects', '-w');
    mkdirSync(folder, { recursive: true });
    const line = JSON.stringify({ sessionId: id, cwd: '/w', version: '2.1.20', type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-03-02T09:00:00.000Z', message: { role: 'user', content: randomBytes(3_000_000).toString('base64') } });
    writeFileSync(join(folder, `${id}.jsonl`), `${line}\n`);
    // SQLite fails a write past its page limit exactly as on a full disk (SQLITE_FULL).
    const pages = Number((store.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
    store.db.exec(`PRAGMA max_page_count = ${pages + 50}`);
    const files = findFiles(store, { roots: { claude: [join(dir, 'projects')], codex: [] } }).files;
    assert.throws(() => importFiles(store, files, { maxLine: 64 << 10 }), (e: { code?: string; message?: string }) => e.code === 'DISK_FULL' && /The disk is full/.test(e.message ?? ''));
  });
});
