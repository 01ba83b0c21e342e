import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { codexLines } from '../../test/helpers/corpus.ts';
import { tempEnv } from '../../test/helpers/env.ts';
import { withTempStore } from '../../test/helpers/store.ts';
import { resolveConfig } from '../core/config.ts';
import { claudeAdapter } from '../sources/claude/index.ts';
import { codexAdapter } from '../sources/codex/index.ts';
import { purgeSession } from '../store/purge.ts';
import { isPurged } from '../store/purged.ts';
import { listSessions } from '../store/queries.ts';
import { initStore, openStore, type Store } from '../store/store.ts';
import { readCheckpoint } from './checkpoint.ts';
import { stopsImport } from './import.ts';
import { importFile } from './import-file.ts';
import { rebuildIndex } from './rebuild.ts';

/** A 120-turn Codex rollout in a fresh temp dir, and an initialized store config beside it. */
function setup(t: ReturnType<typeof tempEnv>, id: string) {
  const lines = codexLines(id, 120);
  const path = join(t.dir, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const config = resolveConfig(t.env);
  initStore(config);
  return { lines, path, config };
}

const storedLines = (store: Store): number => Number((store.db.prepare('SELECT count(*) AS n FROM line_ids').get() as { n: number }).n);

test('an import stopped after some batches of a file resumes there on the next run, even though the file did not change', () => {
  const t = tempEnv();
  try {
    const { lines, path, config } = setup(t, '7e57a11e-1111-4222-8333-444444444444');
    const store = openStore(config);
    try {
      const count = () => storedLines(store);
      let read = 0;
      const stop = new Error('stopped');
      // Small batches, each committed on its own; the import dies (like a kill) a third of the way in.
      assert.throws(() => importFile(store, codexAdapter, path, {
        batchBytes: 8 << 10,
        onBytes: (n) => {
          read += n;
          if (read > 60_000) throw stop;
        },
      }), stop);
      const partial = count();
      assert.ok(partial > 0 && partial < lines.length, `some batches committed before the stop (${partial} of ${lines.length})`);
      assert.ok(readCheckpoint(store, path)!.offset > 0);

      const r = importFile(store, codexAdapter, path, { batchBytes: 8 << 10 });
      assert.equal(r.status, 'imported', 'the unchanged file is not mistaken for a finished one');
      assert.equal(r.newLines, lines.length - partial);
      assert.equal(count(), lines.length);
      assert.equal(readCheckpoint(store, path)!.lines, lines.length);
      assert.equal(importFile(store, codexAdapter, path).status, 'unchanged', 'now it is finished');
      // The same as a clean import in one go.
      const u = tempEnv();
      const freshConfig = resolveConfig(u.env);
      initStore(freshConfig);
      const fresh = openStore(freshConfig);
      try {
        importFile(fresh, codexAdapter, path);
        assert.deepEqual(listSessions(store, {}), listSessions(fresh, {}));
      } finally {
        fresh.close();
        u.cleanup();
      }
    } finally {
      store.close();
    }
  } finally {
    t.cleanup();
  }
});

test('an import that finds another import ahead of it in the same file leaves the file to it: every line once, no error', () => {
  const t = tempEnv();
  try {
    const { lines, path, config } = setup(t, '7e57a11e-1111-4222-8333-555555555555');
    const a = openStore(config);
    const b = openStore(config);
    try {
      let read = 0;
      let bRan = false;
      // A reads in small batches; a third of the way in, B (another connection, as another
      // process would be) imports the whole file. A's next batch then finds B ahead of it.
      const ra = importFile(a, codexAdapter, path, {
        batchBytes: 8 << 10,
        onBytes: (n) => {
          read += n;
          if (read > 60_000 && !bRan) {
            bRan = true;
            const rb = importFile(b, codexAdapter, path, { batchBytes: 8 << 10 });
            assert.equal(rb.status, 'imported');
          }
        },
      });
      assert.ok(bRan);
      assert.notEqual(ra.status, 'error');
      assert.equal(ra.yielded, true, 'A says it left the file to another import');
      assert.equal(storedLines(a), lines.length, 'every line stored once');
      assert.equal(readCheckpoint(a, path)!.lines, lines.length);
      assert.equal(importFile(a, codexAdapter, path).status, 'unchanged');
    } finally {
      a.close();
      b.close();
    }
  } finally {
    t.cleanup();
  }
});

test('a byte order mark before the first line does not make it malformed: a fork child keeps its id and its parent', () => {
  withTempStore((store, dir) => {
    const meta = (payload: Record<string, unknown>) => JSON.stringify({ timestamp: '2026-03-02T09:00:00.000Z', type: 'session_meta', payload: { timestamp: '2026-03-02T09:00:00.000Z', cwd: '/w', ...payload } });
    const prompt = JSON.stringify({ timestamp: '2026-03-02T09:00:01.000Z', type: 'event_msg', payload: { type: 'user_message', message: 'go on' } });
    const id = '0b0b0b0b-1111-7222-8333-444444444444';
    const path = join(dir, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
    writeFileSync(path, `\uFEFF${meta({ id, forked_from_id: 'fa0fa0fa-1111-7222-8333-444444444444' })}\n${prompt}\n`);
    const r = importFile(store, codexAdapter, path);
    assert.equal(r.malformed, 0);
    assert.equal(r.events, 2);
    const [s] = listSessions(store, { limit: 5 });
    assert.equal(s?.id, id);
    assert.equal(s?.forkedFromId, 'fa0fa0fa-1111-7222-8333-444444444444');
  });
});

test('a Claude transcript copied beside itself under a name around its uuid (backup-<uuid>.jsonl) adds nothing', () => {
  withTempStore((store, dir) => {
    const id = '6c6c6c6c-1111-4222-8333-444444444444';
    const base = { sessionId: id, cwd: '/w', version: '2.1.20', isSidechain: false, userType: 'external', parentUuid: null };
    const lines = [
      { ...base, type: 'user', uuid: 'u1', timestamp: '2026-03-02T09:00:00.000Z', message: { role: 'user', content: 'run the tests' } },
      { ...base, type: 'assistant', uuid: 'a1', timestamp: '2026-03-02T09:00:01.000Z', requestId: 'req_1', message: { id: 'msg_1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'npm test' } }], usage: { input_tokens: 5, output_tokens: 7 } } },
    ].map((l) => JSON.stringify(l));
    const original = join(dir, `${id}.jsonl`);
    const copy = join(dir, `backup-${id}.jsonl`);
    writeFileSync(original, `${lines.join('\n')}\n`);
    writeFileSync(copy, `${lines.join('\n')}\n`);
    importFile(store, claudeAdapter, original);
    const once = listSessions(store, { limit: 5 });
    assert.equal(importFile(store, claudeAdapter, copy).newLines, 0);
    assert.deepEqual(listSessions(store, { limit: 5 }), once);
    assert.equal(once[0]?.events, 2);
    assert.equal(once[0]?.toolCalls, 1);
  });
});

test('a purged session\'s agent file that opens with an oversized line leaves no sealed part behind', () => {
  withTempStore((store, dir) => {
    const fx = join(import.meta.dirname, '../../test/fixtures/claude/projects/-home-dev-app');
    const main = join(dir, '5f1c2d3e-4a5b-4c6d-8e7f-901234567890.jsonl');
    writeFileSync(main, readFileSync(join(fx, '5f1c2d3e-4a5b-4c6d-8e7f-901234567890.jsonl')));
    importFile(store, claudeAdapter, main);
    purgeSession(store, '5f1c2d3e-4a5b-4c6d-8e7f-901234567890');
    // Its legacy agent file names the session only in its lines; its first line (3 MB, over a
    // 1 MB line limit) takes the oversized path: parts sealed in a transaction of their own.
    const agent = join(dir, 'agent-3f2a9c1b.jsonl');
    const first = { parentUuid: null, isSidechain: true, userType: 'external', cwd: '/home/dev/app', sessionId: '5f1c2d3e-4a5b-4c6d-8e7f-901234567890', agentId: '3f2a9c1b', type: 'user', uuid: 'u1', timestamp: '2025-11-20T09:01:05.000Z', message: { role: 'user', content: 'x'.repeat(3 << 20) } };
    writeFileSync(agent, `${JSON.stringify(first)}\n${readFileSync(join(fx, 'agent-3f2a9c1b.jsonl'), 'utf8')}`);
    const r = importFile(store, claudeAdapter, agent, { maxLine: 1 << 20 });
    assert.equal(r.newLines, 0);
    const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    assert.deepEqual({ big_parts: count('big_parts'), segments: count('segments'), streams: count('streams'), sessions: count('sessions') }, { big_parts: 0, segments: 0, streams: 0, sessions: 0 });
    assert.ok(isPurged(store, 'claude', claudeAdapter.streamKey(agent)), 'remembered: the next import skips it unread');
  });
});

test('a transcript named on purpose (`takeBack`) comes back after a purge, and stays out if the import stores nothing', () => {
  withTempStore((store, dir) => {
    const ID = '5f1c2d3e-4a5b-4c6d-8e7f-901234567890';
    const fx = join(import.meta.dirname, '../../test/fixtures/claude/projects/-home-dev-app');
    const main = join(dir, `${ID}.jsonl`);
    writeFileSync(main, readFileSync(join(fx, `${ID}.jsonl`)));
    importFile(store, claudeAdapter, main);
    purgeSession(store, ID);
    // A legacy agent file names its (purged) session only in its lines.
    const agent = join(dir, 'agent-3f2a9c1b.jsonl');
    writeFileSync(agent, readFileSync(join(fx, 'agent-3f2a9c1b.jsonl')));
    const left = importFile(store, claudeAdapter, agent);
    assert.equal(left.newLines, 0, 'an ordinary import leaves it out');
    // Said as what it is, not as a file another import reads (a crash audit).
    assert.equal(left.purgedMeanwhile, true);
    assert.equal(left.yielded, undefined);
    assert.ok(isPurged(store, 'claude', claudeAdapter.streamKey(agent)));
    // Stopped before its first commit: nothing stored, and the records that keep it out stay.
    const stop = new Error('stopped');
    assert.throws(() => importFile(store, claudeAdapter, agent, { takeBack: true, onBytes: () => { throw stop; } }), stop);
    assert.ok(isPurged(store, 'claude', claudeAdapter.streamKey(agent)));
    assert.ok(isPurged(store, 'claude', claudeAdapter.streamKey(main)));
    // Named and imported: its lines are stored and the records go with them.
    const r = importFile(store, claudeAdapter, agent, { takeBack: true });
    assert.ok(r.newLines > 0);
    assert.ok(!isPurged(store, 'claude', claudeAdapter.streamKey(agent)));
    assert.ok(listSessions(store, { limit: 5 }).length > 0);
  });
});

test('purge leaves no line type or model name that only the purged session used', () => {
  withTempStore((store, dir) => {
    const fx = join(import.meta.dirname, '../../test/fixtures/claude/projects/-home-dev-app');
    const claude = join(dir, '5f1c2d3e-4a5b-4c6d-8e7f-901234567890.jsonl');
    writeFileSync(claude, readFileSync(join(fx, '5f1c2d3e-4a5b-4c6d-8e7f-901234567890.jsonl')));
    const id = '7e57a11e-9999-4222-8333-444444444444';
    const codex = join(dir, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
    writeFileSync(codex, `${codexLines(id, 3).join('\n')}\n`);
    importFile(store, claudeAdapter, claude);
    importFile(store, codexAdapter, codex);
    const names = () => (store.db.prepare('SELECT name FROM names ORDER BY name').all() as { name: string }[]).map((r) => r.name);
    assert.ok(names().some((n) => n.startsWith('response_item/')));
    purgeSession(store, id);
    const left = names();
    assert.ok(left.length > 0 && left.some((n) => n.startsWith('assistant/')), 'the Claude session keeps its names');
    assert.ok(!left.some((n) => n.startsWith('response_item/') || n.startsWith('event_msg/') || n.startsWith('gpt-')), left.join(', '));
    purgeSession(store, '5f1c2d3e-4a5b-4c6d-8e7f-901234567890');
    assert.deepEqual(names(), []);
  });
});

test('a transcript gone between listing and reading is said so, with what to do', () => {
  withTempStore((store, dir) => {
    assert.throws(() => importFile(store, codexAdapter, join(dir, 'rollout-2026-03-02T09-00-00-gone.jsonl')), (e: { code?: string; message?: string }) => {
      assert.equal(e.code, 'SOURCE_UNREADABLE');
      assert.match(e.message ?? '', /the file is gone \(moved or deleted since it was listed\): run the import again/);
      return true;
    });
  });
});

test('a named pipe put where a transcript was listed is skipped with a message, not waited on (open would block, deaf to Ctrl-C)', () => {
  // In a child process: were the open to block, it would block this one for good.
  const here = import.meta.dirname;
  const script = `
    import { execFileSync } from 'node:child_process';
    import { join } from 'node:path';
    import { withTempStore } from ${JSON.stringify(join(here, '../../test/helpers/store.ts'))};
    import { codexAdapter } from ${JSON.stringify(join(here, '../sources/codex/index.ts'))};
    import { importFile } from ${JSON.stringify(join(here, 'import-file.ts'))};
    withTempStore((store, dir) => {
      const fifo = join(dir, 'rollout-2026-03-02T09-00-00-fifo.jsonl');
      execFileSync('mkfifo', [fifo]);
      try {
        importFile(store, codexAdapter, fifo);
        console.log('imported');
      } catch (e) {
        console.log(e.code + ': ' + e.message);
      }
    });`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.signal, null, 'it did not have to be killed');
  assert.match(r.stdout, /SOURCE_UNREADABLE: not a regular file any more \(a named pipe stands where it was listed\): skipped/, r.stderr);
});

test('a last line with no newline, taken whole, counts in the bytes read (as the import worker counts it)', () => {
  withTempStore((store, dir) => {
    const id = '0195f3a2-7c41-7d20-9e11-000000000abc';
    const path = join(dir, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
    const text = codexLines(id, 2).join('\n');
    writeFileSync(path, text);
    const r = importFile(store, codexAdapter, path);
    assert.equal(r.newLines, text.split('\n').length);
    assert.equal(r.bytesRead, Buffer.byteLength(text));
  });
});

test('a transcript that cannot be read (EIO, EACCES) is its own error; only the store\'s errors stop the import (a diff review)', () => {
  for (const code of ['EIO', 'EACCES', 'EISDIR', 'ENOTDIR']) assert.equal(stopsImport(Object.assign(new Error(`${code}: read`), { code })), undefined, code);
  const sqliteIo = Object.assign(new Error('disk I/O error'), { code: 'ERR_SQLITE_ERROR', errcode: 10 });
  assert.equal(stopsImport(sqliteIo)?.code, 'DISK_FULL');
  assert.equal(stopsImport(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }))?.code, 'DISK_FULL');
});

test('a purged subagent stays purged after `tracebase index`: the line of its parent that started it does not bring its row back (a differential fuzz)', () => {
  withTempStore((store, dir) => {
    const ID = '5f1c2d3e-4a5b-4c6d-8e7f-901234567890';
    const SUB = `${ID}.agent-3f2a9c1b`;
    const fx = join(import.meta.dirname, '../../test/fixtures/claude/projects/-home-dev-app');
    for (const f of [`${ID}.jsonl`, 'agent-3f2a9c1b.jsonl']) {
      writeFileSync(join(dir, f), readFileSync(join(fx, f)));
      importFile(store, claudeAdapter, join(dir, f));
    }
    const sub = () => store.db.prepare('SELECT id FROM sessions WHERE id = ?').get(SUB);
    const usage = () => (store.db.prepare('SELECT count(*) AS n FROM usage u JOIN sessions s USING (sid) WHERE s.id = ?').get(SUB) as { n: number }).n;
    assert.ok(sub() !== undefined && usage() > 0);
    purgeSession(store, SUB);
    assert.equal(sub(), undefined);
    rebuildIndex(store);
    assert.equal(sub(), undefined, 'not back after the rebuild');
    assert.equal(usage(), 0);
    assert.equal(listSessions(store, { includeEmpty: true }).length, 1);
    // The parent's transcript read again from its start (a replaced file): still out.
    writeFileSync(join(dir, `${ID}.jsonl`), `${readFileSync(join(fx, `${ID}.jsonl`), 'utf8')}\n`);
    importFile(store, claudeAdapter, join(dir, `${ID}.jsonl`));
    assert.equal(sub(), undefined);
    // Taken back by name: its own lines say again whose subagent it is.
    importFile(store, claudeAdapter, join(dir, 'agent-3f2a9c1b.jsonl'), { takeBack: true });
    const row = () => store.db.prepare('SELECT parent_id, is_subagent, agent_id, events FROM sessions WHERE id = ?').get(SUB) as Record<string, unknown>;
    assert.deepEqual({ ...row() }, { parent_id: ID, is_subagent: 1, agent_id: '3f2a9c1b', events: 4 });
    rebuildIndex(store);
    assert.deepEqual({ ...row() }, { parent_id: ID, is_subagent: 1, agent_id: '3f2a9c1b', events: 4 });
  });
});

test('a transcript saved as UTF-16 (PowerShell `>`) is refused with how to convert it, nothing stored; converted, it imports', () => {
  withTempStore((store, dir) => {
    const id = '019fd004-aaaa-7222-8333-444444444444';
    const utf8 = `${codexLines(id, 3).join('\n')}\n`;
    const path = join(dir, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8, 'utf16le')]), Buffer.from(utf8, 'utf16le')]) {
      writeFileSync(path, bytes);
      assert.throws(() => importFile(store, codexAdapter, path), (e: Error & { code?: string }) => e.code === 'SOURCE_UNREADABLE' && /UTF-16/.test(e.message) && /iconv -f UTF-16 -t UTF-8/.test(e.message));
      assert.equal((store.db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n, 0);
      assert.equal((store.db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n, 0);
    }
    writeFileSync(path, utf8);
    const r = importFile(store, codexAdapter, path);
    assert.equal(r.malformed, 0);
    assert.ok(r.events > 0);
  });
});

test('a binary file (an executable, an archive, an image) is refused, nothing stored; text that is no transcript, or one a power loss or a cut damaged, is read as before (a new-user pass, then a review)', () => {
  withTempStore((store, dir) => {
    const path = join(dir, 'not-a-transcript.jsonl');
    for (const bytes of [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), Buffer.from('PK\x03\x04\x14\x00\x00', 'latin1'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])]) {
      writeFileSync(path, bytes);
      assert.throws(() => importFile(store, claudeAdapter, path), (e: Error & { code?: string }) => e.code === 'SOURCE_UNREADABLE' && /binary data/.test(e.message) && /nothing of it was stored/.test(e.message));
      assert.equal((store.db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n, 0);
    }
    const id = '019fd004-aaaa-7222-8333-666666666666';
    const lines = `${codexLines(id, 2).join('\n')}\n`;
    const read = (name: string, bytes: Buffer) => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return importFile(store, codexAdapter, p);
    };
    // Zero bytes after the lines, before them (a new file a power loss zeroed, then written to), or alone.
    assert.ok(read(`rollout-2026-03-02T09-00-00-${id}.jsonl`, Buffer.concat([Buffer.from(lines), Buffer.alloc(64)])).events > 0);
    assert.ok(read('zeroed-then-written.jsonl', Buffer.concat([Buffer.alloc(32), Buffer.from(lines.replaceAll(id, '019fd004-aaaa-7222-8333-777777777777'))])).events > 0);
    assert.doesNotThrow(() => read('zeroed.jsonl', Buffer.alloc(128)));
    // Text in another encoding, a start cut mid-character (`tail -c`), a control byte inside a transcript's line.
    assert.equal(read('latin1.jsonl', Buffer.from('caf\xe9 cr\xe8me\n', 'latin1')).malformed, 1);
    assert.equal(read('cut.jsonl', Buffer.concat([Buffer.from([0xa9]), Buffer.from('","x":1}\n{"type":"user"}\n')])).malformed, 1);
    assert.ok(read('ctrl.jsonl', Buffer.from(`{"type":"user","x":"\x01"}\n${lines.replaceAll(id, '019fd004-aaaa-7222-8333-888888888888')}`)).malformed >= 1);
  });
});

test('a transcript whose lines end in a carriage return alone is refused with how to convert it, nothing stored; converted, it imports', () => {
  withTempStore((store, dir) => {
    const id = '019fd004-aaaa-7222-8333-555555555555';
    const lines = codexLines(id, 3);
    const path = join(dir, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
    for (const text of [`${lines.join('\r')}\r`, `${lines.join(' \r')}`]) {
      writeFileSync(path, text);
      assert.throws(() => importFile(store, codexAdapter, path), (e: Error & { code?: string }) => e.code === 'SOURCE_UNREADABLE' && /carriage return alone/.test(e.message) && e.message.includes("tr '\\r' '\\n'"));
      assert.equal((store.db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n, 0);
      assert.equal((store.db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n, 0);
    }
    // CRLF line ends, and a raw CR between a line's tokens, are read as ever.
    writeFileSync(path, `${lines[0]!.replace(',', ',\r')}\r\n${lines.slice(1).join('\r\n')}\r\n`);
    const r = importFile(store, codexAdapter, path);
    assert.equal(r.malformed, 0);
    assert.equal(r.lines, lines.length);
  });
});

test('purging a session\'s only subagent zeroes the parent\'s subagent tokens; its own tokens and calls stay', () => {
  withTempStore((store, dir) => {
    const ID = '0b7e6f1a-2c3d-4e5f-8a9b-c0d1e2f3a4b5';
    const fx = join(import.meta.dirname, '../../test/fixtures/claude/projects/-home-dev-app');
    const main = join(dir, `${ID}.jsonl`);
    writeFileSync(main, readFileSync(join(fx, `${ID}.jsonl`)));
    const agentDir = join(dir, ID, 'subagents');
    mkdirSync(agentDir, { recursive: true });
    const agent = join(agentDir, 'agent-a1b2c3d4e5f6a7b8c.jsonl');
    writeFileSync(agent, readFileSync(join(fx, ID, 'subagents', 'agent-a1b2c3d4e5f6a7b8c.jsonl')));
    importFile(store, claudeAdapter, main);
    importFile(store, claudeAdapter, agent);
    const all = listSessions(store, { limit: 10 });
    const parent = all.find((s) => s.id === ID);
    const child = all.find((s) => s.parentId === ID);
    assert.ok(parent && child, 'a parent and its subagent');
    assert.ok(child.tokens.input > 0);
    assert.deepEqual(parent.subagentTokens, child.tokens);
    purgeSession(store, child.id);
    const after = listSessions(store, { limit: 10 }).find((s) => s.id === ID);
    assert.deepEqual(after?.subagentTokens, { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 });
    assert.deepEqual({ tokens: after?.tokens, toolCalls: after?.toolCalls, startedAt: after?.startedAt, endedAt: after?.endedAt }, { tokens: parent.tokens, toolCalls: parent.toolCalls, startedAt: parent.startedAt, endedAt: parent.endedAt });
  });
});

test('a line of very many small objects is kept whole as oversized and the rest of the file imports (a robustness hunt: the import ran out of memory on it)', () => {
  withTempStore((store, dir) => {
    const id = '019c0000-aaaa-7bbb-8ccc-0000000000b2';
    const path = join(dir, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
    const lines = codexLines(id, 3);
    const dense = `{"timestamp":"2026-03-02T09:00:01.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[${'{},'.repeat(400_000)}{}]}}`;
    writeFileSync(path, `${lines[0]}\n${dense}\n${lines.slice(1).join('\n')}\n`);
    const r = importFile(store, codexAdapter, path);
    assert.deepEqual({ errors: r.status, oversized: r.oversized, lines: r.newLines }, { errors: 'imported', oversized: 1, lines: lines.length + 1 });
    const before = JSON.stringify(listSessions(store, { limit: 10 }));
    rebuildIndex(store);
    assert.equal(JSON.stringify(listSessions(store, { limit: 10 })), before);
    // As a last line with no newline yet, it waits (never parsed whole), and is read when the newline comes.
    appendFileSync(path, dense);
    assert.deepEqual([importFile(store, codexAdapter, path).waiting, importFile(store, codexAdapter, path).newLines], [true, 0]);
    appendFileSync(path, '\n');
    const after = importFile(store, codexAdapter, path);
    assert.deepEqual([after.newLines, after.oversized, after.waiting], [1, 1, undefined]);
  });
  // Held as a plain line by a store written before (a review): read again from its start, it is not stored twice.
  withTempStore((store, dir) => {
    const id = '019c0000-aaaa-7bbb-8ccc-0000000000b3';
    const path = join(dir, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
    const lines = codexLines(id, 3);
    const dense = `{"timestamp":"2026-03-02T09:00:01.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[${'{},'.repeat(400_000)}{}]}}`;
    writeFileSync(path, `${lines[0]}\n${dense}\n${lines[1]}\n`);
    assert.equal(importFile(store, codexAdapter, path, { denseFrom: Number.POSITIVE_INFINITY }).oversized, 0);
    writeFileSync(path, `${lines[0]}\n${dense}\n${lines.slice(1).join('\n')}\n`.replace(lines[0]!, `${lines[0]!.slice(0, -1)} }`));
    const again = importFile(store, codexAdapter, path);
    assert.deepEqual([again.reset, again.newLines], [true, lines.length - 2 + 1]);
    assert.equal((store.db.prepare('SELECT count(*) AS n FROM big_parts').get() as { n: number }).n, 0, 'no parts of it kept');
  });
});

test("a dense line's tool call, model and usage still count: its skeleton keeps the first members of each array (a 31 MB line of {} counted none)", () => {
  withTempStore((store, dir) => {
    const id = '0b160000-1111-4222-8333-555555555555';
    const path = join(dir, `${id}.jsonl`);
    const base = { sessionId: id, cwd: '/p', version: '2.1.20', isSidechain: false, userType: 'external' };
    const first = JSON.stringify({ ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-03-01T10:00:00.000Z', message: { role: 'user', content: 'hi' } });
    const dense = `{"type":"assistant","uuid":"a1","parentUuid":"u1","sessionId":"${id}","timestamp":"2026-03-01T10:00:01.000Z","message":{"id":"msg_1","role":"assistant","model":"claude-x","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{"x":[${'{},'.repeat(400_000)}{}]}}],"usage":{"input_tokens":5,"output_tokens":7}},"requestId":"req_1"}`;
    writeFileSync(path, `${first}\n${dense}\n`);
    assert.equal(importFile(store, claudeAdapter, path).oversized, 1);
    const s = listSessions(store, { limit: 1 })[0]!;
    assert.deepEqual([s.toolCalls, s.models, s.tokens.input, s.tokens.output], [1, ['claude-x'], 5, 7]);
  });
});

test('an oversized line that is no JSON counts as malformed, as a short one does; one that is JSON as unknown or read by its skeleton (a new-user pass)', () => {
  withTempStore((store, dir) => {
    const id = '019c0000-aaaa-7bbb-8ccc-0000000000b1';
    const path = join(dir, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
    const lines = codexLines(id, 2);
    writeFileSync(path, `${lines[0]}\n${'x'.repeat(3 << 20)}\nnot json either\n${lines.slice(1).join('\n')}\n`);
    const r = importFile(store, codexAdapter, path, { maxLine: 1 << 20 });
    assert.deepEqual({ malformed: r.malformed, unknown: r.unknown, oversized: r.oversized }, { malformed: 2, unknown: 0, oversized: 1 });
    const before = JSON.stringify(listSessions(store, { limit: 10 }));
    assert.doesNotMatch(before, /oversized line/);
    rebuildIndex(store);
    assert.equal(JSON.stringify(listSessions(store, { limit: 10 })), before);
    // Read again from the start (a reset): the line is the same line, not stored twice.
    writeFileSync(path, `${lines[0]}\n${'x'.repeat(3 << 20)}\nnot json either\n${lines.slice(1, 2).join('\n')}\n`);
    assert.equal(importFile(store, codexAdapter, path, { maxLine: 1 << 20 }).newLines, 0);
  });
});
