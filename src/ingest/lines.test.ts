import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DENSE_MAX, type LineChunk, LineReader, tooDense } from './lines.ts';

function read(content: string | Buffer, start = 0, opts = {}): { chunks: LineChunk[]; tail: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lines-'));
  const p = join(dir, 'f.jsonl');
  writeFileSync(p, content);
  const fd = openSync(p, 'r');
  try {
    const r = new LineReader(fd, start, opts);
    // Copied as they come: with `reuseChunk` a line's bytes are only valid until the next one.
    const chunks: LineChunk[] = [];
    for (const c of r.lines()) chunks.push({ ...c, bytes: Buffer.from(c.bytes) });
    return { chunks, tail: r.tail().bytes.toString() };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true });
  }
}

test('complete lines with byte offsets; the unterminated tail is held back', () => {
  const { chunks, tail } = read('{"a":1}\n{"é":2}\n{"par');
  assert.deepEqual(chunks.map((c) => [c.kind, c.bytes.toString(), c.offset, c.end]), [
    ['line', '{"a":1}', 0, 8],
    ['line', '{"é":2}', 8, 17],
  ]);
  assert.equal(tail, '{"par');
});

test('starts mid-file at a checkpoint and crosses chunk boundaries', () => {
  const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i * 7) }));
  const text = `${lines.join('\n')}\n`;
  const start = Buffer.byteLength(`${lines.slice(0, 10).join('\n')}\n`);
  const { chunks } = read(text, start, { chunkSize: 64 });
  assert.equal(chunks.length, 40);
  assert.equal(chunks[0]!.bytes.toString(), lines[10]);
  assert.equal(chunks[0]!.offset, start);
});

test('reusing one read buffer yields the same lines, offsets and tail', () => {
  const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({ i, pad: 'é'.repeat(i * 5) }));
  const text = `${lines.join('\n')}\n{"tail":`;
  for (const chunkSize of [16, 64, 1000]) {
    const fresh = read(text, 0, { chunkSize });
    const reused = read(text, 0, { chunkSize, reuseChunk: true });
    assert.deepEqual(reused, fresh);
    assert.deepEqual(reused.chunks.map((c) => c.bytes.toString()), lines);
    assert.equal(reused.tail, '{"tail":');
  }
});

test('a line over the limit is streamed in parts, never materialized whole', () => {
  const big = `{"big":"${'y'.repeat(5000)}"}`;
  const { chunks } = read(`{"a":1}\n${big}\n{"b":2}\n`, 0, { chunkSize: 256, maxLine: 1024 });
  const kinds = chunks.map((c) => c.kind);
  assert.equal(kinds[0], 'line');
  assert.equal(kinds[1], 'big-start');
  assert.ok(kinds.includes('big-part'));
  assert.equal(kinds.at(-2), 'big-end');
  assert.deepEqual([kinds.at(-1), chunks.at(-1)!.bytes.toString()], ['line', '{"b":2}']);
  const whole = Buffer.concat(chunks.filter((c) => c.kind.startsWith('big')).map((c) => c.bytes)).toString();
  assert.equal(whole, big);
  assert.ok(Math.max(...chunks.map((c) => c.bytes.length)) <= 256, 'never more than one read chunk at a time');
});

test('a line from 1 MB on with more objects and arrays than the heap should hold is handed out as oversized (a robustness hunt: 10 million `{}` took 2 GB)', () => {
  const dense = `{"x":[${'{},'.repeat(DENSE_MAX + 100_000)}{}]}`;
  // Braces inside strings are text, not objects: as long, not dense; nor a line under 1 MB.
  const text = `{"x":"${'{['.repeat(DENSE_MAX * 2)}"}`;
  const short = `[${'[],'.repeat(DENSE_MAX + 1000)}[]]`;
  const { chunks } = read(`{"a":1}\n${dense}\n${text}\n${short}\n{"b":2}\n`);
  assert.deepEqual(chunks.map((c) => [c.kind, c.bytes.length]), [['line', 7], ['big-start', dense.length], ['big-end', 0], ['line', text.length], ['line', short.length], ['line', 7]]);
  assert.equal(chunks[2]!.end, 8 + dense.length + 1, 'past its newline');
  assert.equal(tooDense(Buffer.from(`["\\"${'{'.repeat(10)}"]`), 5), false, 'an escaped quote ends no string');
  assert.equal(tooDense(Buffer.from(`["\\\\"]${'{'.repeat(10)}`), 5), true, 'an escaped backslash does not hide the closing quote');
});
