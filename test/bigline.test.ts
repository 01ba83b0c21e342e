// A 200 MB single line (a giant tool output or pasted blob) must neither crash the importer nor
// balloon its memory: it is kept whole, encrypted in parts, and indexed by its skeleton (its
// long strings cut).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, jsonl, REPO, tempEnv } from './helpers/env.ts';

test('a 200 MB line is stored whole, indexed by its skeleton, with bounded memory; the rest of the file imports', () => {
  const t = tempEnv();
  try {
    const id = '0b160000-1111-4222-8333-444444444444';
    const dir = join(t.dir, 'projects', '-home-dev-big');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${id}.jsonl`);
    const base = { sessionId: id, cwd: '/home/dev/big', version: '2.1.20', isSidechain: false, userType: 'external' };
    const fd = openSync(file, 'w');
    writeSync(fd, `${JSON.stringify({ ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-03-01T10:00:00.000Z', message: { role: 'user', content: 'dump the database' } })}\n`);
    const head = `{"type":"user","uuid":"u2","sessionId":"${id}","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_big","content":"`;
    writeSync(fd, head);
    // Three-byte characters straddle the parts the line is stored in (and the 1 MB blocks cut one).
    const block = Buffer.alloc(1 << 20, '€');
    for (let i = 0; i < 200; i++) writeSync(fd, block);
    writeSync(fd, '"}]}}\n');
    writeSync(fd, `${JSON.stringify({ ...base, type: 'user', uuid: 'u3', parentUuid: 'u2', timestamp: '2026-03-01T10:05:00.000Z', message: { role: 'user', content: 'thanks, now summarize it' } })}\n`);
    closeSync(fd);

    assert.equal(cli(t.env, ['init']).code, 0);
    const script = `
      const { resolveConfig, openStore, importFiles, adapterFor } = await import(${JSON.stringify(join(REPO, 'src/index.ts'))});
      const store = openStore(resolveConfig(process.env));
      const r = importFiles(store, [{ adapter: adapterFor('claude'), path: ${JSON.stringify(file)}, size: 0, mtimeMs: 0 }]);
      store.close();
      console.log(JSON.stringify({ totals: r.totals, maxRssMB: process.resourceUsage().maxRSS / 1024 }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: t.env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { totals: { oversized: number; lines: number; errors: number }; maxRssMB: number };
    assert.equal(out.totals.errors, 0);
    assert.equal(out.totals.oversized, 1);
    assert.equal(out.totals.lines, 3);
    process.stderr.write(`200 MB line: import peak RSS ${out.maxRssMB.toFixed(0)} MB\n`);
    assert.ok(out.maxRssMB < 300, `peak RSS ${out.maxRssMB} MB for a 200 MB line`);

    const s = jsonl<{ prompts: number; events: number }>(cli(t.env, ['sessions', '--json']).stdout)[0]!;
    assert.equal(s.prompts, 2, 'the lines after the giant one are imported too');
    // Indexed as the tool result it is, its output cut short; searchable by it.
    const result = jsonl<{ id: string; kind: string; callId: string; truncated: boolean }>(cli(t.env, ['search', 'oversized', '--literal']).stdout)[0]!;
    assert.deepEqual([result.kind, result.callId, result.truncated], ['tool_result', 'toolu_big', true]);
    // --full derives the text from the line's skeleton, whose strings are cut: still not whole, and says so.
    const full = jsonl<{ id: string; truncated: boolean; text: string }>(cli(t.env, ['search', 'oversized', '--literal', '--full']).stdout)[0]!;
    assert.equal(full.truncated, true);
    assert.ok(full.text.length < 1 << 20, 'not the 200 MB');
    const shown = spawnSync(process.execPath, [join(REPO, 'bin/tracebase.js'), 'show', result.id], { env: t.env, maxBuffer: 300 << 20 });
    assert.equal(shown.status, 0);
    assert.equal(shown.stdout.length, head.length + 200 * (1 << 20) + '"}]}}\n'.length, 'the whole line');
    const expected = createHash('sha256').update(head);
    for (let i = 0; i < 200; i++) expected.update(block);
    assert.equal(createHash('sha256').update(shown.stdout).digest('hex'), expected.update('"}]}}\n').digest('hex'), 'byte for byte');
    assert.ok(shown.stdout.subarray(0, 30).toString().startsWith('{"type":"user","uuid":"u2"'));
    assert.ok(shown.stdout.subarray(-8).toString().endsWith('"}]}}\n'));
    // --json writes the line as a JSON string part by part (whole, a line over 512 MB is longer than a string may be).
    const asJson = spawnSync(process.execPath, [join(REPO, 'bin/tracebase.js'), 'show', result.id, '--json'], { env: t.env, maxBuffer: 300 << 20 });
    assert.equal(asJson.status, 0, String(asJson.stderr));
    // (Each 1 MB block ends in the first byte of a '€' the next does not finish: U+FFFD in the JSON string.)
    const utf8 = new TextDecoder();
    const want = createHash('sha256').update(`{\n  "id": "${result.id}",\n  "line": ${JSON.stringify(utf8.decode(Buffer.from(head), { stream: true })).slice(0, -1)}`);
    for (let i = 0; i < 200; i++) want.update(utf8.decode(block, { stream: true }));
    want.update(`${JSON.stringify(utf8.decode(Buffer.from('"}]}}'))).slice(1)}\n}\n`);
    assert.equal(createHash('sha256').update(asJson.stdout).digest('hex'), want.digest('hex'), 'the JSON printJson would write, byte for byte');
  } finally {
    t.cleanup();
  }
});
