// End-to-end import behaviour through the real CLI: incremental reads, replaced and moved
// files, kill -9 at random points, and two importers at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { claudeLines, codexLines, writeCorpus } from './helpers/corpus.ts';
import { BIN, cli, cliAsync, jsonl, OWN_FIXTURES, type TempEnv, tempEnv } from './helpers/env.ts';
import { damageFirstSegment } from './helpers/store.ts';

type Session = { id: string; title?: string | null; events: number; toolCalls: number; toolErrors: number; tokens: Record<string, number> };

function snapshot(env: Record<string, string>): { sessions: Session[]; stats: unknown } {
  const s = cli(env, ['sessions', '--json', '--all']);
  assert.equal(s.code, 0, s.stderr);
  const sessions = jsonl<Session>(s.stdout)
    .map(({ id, events, toolCalls, toolErrors, tokens }) => ({ id, events, toolCalls, toolErrors, tokens }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const st = JSON.parse(cli(env, ['stats', '--json']).stdout) as { providers: unknown; rawLines: number; files: number };
  return { sessions, stats: { providers: st.providers, rawLines: st.rawLines, files: st.files } };
}

function setup(t: TempEnv, corpusRoot: string): void {
  t.env['CODEX_HOME'] = join(corpusRoot, 'codex');
  t.env['CLAUDE_CONFIG_DIR'] = join(corpusRoot, 'claude');
  assert.equal(cli(t.env, ['init']).code, 0);
}

describe('import of a generated corpus', () => {
  const corpus = tempEnv();
  let reference: ReturnType<typeof snapshot>;
  before(() => {
    writeCorpus(corpus.dir, 12, 300);
    setup(corpus, corpus.dir);
    const r = cli(corpus.env, ['import', '--json']);
    assert.equal(r.code, 0, r.stderr);
    reference = snapshot(corpus.env);
  });
  after(() => corpus.cleanup());

  test('the reference import finds every session, tool call and error', () => {
    assert.equal(reference.sessions.length, 24);
    assert.ok(reference.sessions.every((s) => s.toolCalls === 300), 'one tool call per turn, counted once');
    const errors = reference.sessions.map((s) => s.toolErrors).sort();
    assert.ok(errors.every((e) => e === 75 || e === 100), `failing calls counted from exit codes: ${errors}`);
  });

  test('a second import is a no-op', () => {
    const r = cli(corpus.env, ['import', '--json']);
    const rep = JSON.parse(r.stdout) as { totals: { unchanged: number; newLines: number; files: number } };
    assert.equal(rep.totals.unchanged, rep.totals.files);
    assert.equal(rep.totals.newLines, 0);
    assert.deepEqual(snapshot(corpus.env), reference);
  });

  test('kill -9 at random points, then rerun: same counts, no duplicates', async () => {
    const t = tempEnv();
    try {
      setup(t, corpus.dir);
      t.env['TRACEBASE_COMMIT_BYTES'] = String(256 << 10); // many commit points to land between
      const files = reference.sessions.length;
      const db = new DatabaseSync(join(t.home, 'store.db'), { readOnly: true });
      const committedFiles = () => (db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n;
      let interrupted = 0;
      try {
        for (let i = 0; i < 6; i++) {
          // Kill once a random number of files is committed, mid-batch of the next one.
          const target = committedFiles() + 1 + Math.floor(Math.random() * 3);
          const run = cliAsync(t.env, ['import']);
          let exited = false;
          run.done.then(() => {
            exited = true;
          });
          while (!exited && committedFiles() < target) await new Promise((r) => setTimeout(r, 5));
          await new Promise((r) => setTimeout(r, Math.random() * 30));
          run.child.kill('SIGKILL');
          const r = await run.done;
          if (r.code !== 0 && committedFiles() < files) interrupted++;
        }
      } finally {
        db.close();
      }
      assert.ok(interrupted > 0, 'at least one import was killed before it finished');
      const r = cli(t.env, ['import']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(snapshot(t.env), reference);
    } finally {
      t.cleanup();
    }
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) test(`${signal === 'SIGINT' ? 'Ctrl-C' : 'a plain kill'} says what was kept; a rerun finishes the job`, async () => {
    const t = tempEnv();
    try {
      setup(t, corpus.dir);
      t.env['TRACEBASE_COMMIT_BYTES'] = String(256 << 10);
      const db = new DatabaseSync(join(t.home, 'store.db'), { readOnly: true });
      const run = cliAsync(t.env, ['import']);
      let exited = false;
      run.done.then(() => {
        exited = true;
      });
      try {
        while (!exited && (db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n < 1) await new Promise((r) => setTimeout(r, 5));
      } finally {
        db.close();
      }
      run.child.kill(signal);
      const r = await run.done;
      if (r.code !== 0) {
        assert.equal(r.code, code);
        assert.match(r.stderr, /Interrupted\. Everything committed so far is kept; run `tracebase import` again/);
      }
      assert.equal(cli(t.env, ['import']).code, 0);
      assert.deepEqual(snapshot(t.env), reference);
    } finally {
      t.cleanup();
    }
  });

  test('Ctrl-C during import-file says what was kept and how to go on', async () => {
    const t = tempEnv();
    try {
      assert.equal(cli(t.env, ['init']).code, 0);
      const file = join(t.dir, '0b0b0b0b-1111-4222-8333-444455556666.jsonl');
      writeFileSync(file, `${claudeLines('0b0b0b0b-1111-4222-8333-444455556666', 6000).join('\n')}\n`);
      t.env['TRACEBASE_COMMIT_BYTES'] = String(64 << 10);
      const db = new DatabaseSync(join(t.home, 'store.db'), { readOnly: true });
      const run = cliAsync(t.env, ['import-file', 'claude', file]);
      let exited = false;
      run.done.then(() => {
        exited = true;
      });
      try {
        while (!exited && (db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n < 1) await new Promise((r) => setTimeout(r, 5));
      } finally {
        db.close();
      }
      run.child.kill('SIGINT');
      const r = await run.done;
      if (r.code !== 0) {
        assert.equal(r.code, 130);
        assert.match(r.stderr, /Interrupted\. Everything committed so far is kept; run `tracebase import-file claude …` again/);
      }
      const again = cli(t.env, ['import-file', 'claude', file]);
      assert.equal(again.code, 0, again.stderr);
    } finally {
      t.cleanup();
    }
  });

  test('two importers at once: no loss, no duplicates, no "database is locked"', async () => {
    const t = tempEnv();
    try {
      setup(t, corpus.dir);
      const a = cliAsync(t.env, ['import']);
      const b = cliAsync(t.env, ['import']);
      const [ra, rb] = await Promise.all([a.done, b.done]);
      assert.equal(ra.code, 0, ra.stderr);
      assert.equal(rb.code, 0, rb.stderr);
      assert.doesNotMatch(ra.stderr + rb.stderr, /locked|busy/i);
      assert.deepEqual(snapshot(t.env), reference);
    } finally {
      t.cleanup();
    }
  });

  test('the index rebuilt from the raw store gives identical results', () => {
    const searchBefore = cli(corpus.env, ['search', 'module7', '--limit', '20']).stdout;
    const r = cli(corpus.env, ['index']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(snapshot(corpus.env), reference);
    assert.equal(cli(corpus.env, ['search', 'module7', '--limit', '20']).stdout, searchBefore);
  });
});

describe('incremental reads', () => {
  test('a half-written last line waits; appended lines are read once', () => {
    const t = tempEnv();
    try {
      const dir = join(t.dir, 'claude', 'projects', '-home-dev-x');
      mkdirSync(dir, { recursive: true });
      const id = '11111111-2222-4333-8444-555555555555';
      const lines = claudeLines(id, 6);
      const file = join(dir, `${id}.jsonl`);
      const half = lines[8]!.slice(0, 40);
      writeFileSync(file, `${lines.slice(0, 8).join('\n')}\n${half}`);
      setup(t, t.dir);
      assert.equal(cli(t.env, ['import']).code, 0);
      const first = jsonl<Session>(cli(t.env, ['sessions', '--json']).stdout)[0]!;
      appendFileSync(file, `${lines[8]!.slice(40)}\n${lines.slice(9).join('\n')}\n`);
      assert.equal(cli(t.env, ['import']).code, 0);
      const second = jsonl<Session>(cli(t.env, ['sessions', '--json']).stdout)[0]!;

      const fresh = tempEnv();
      try {
        setup(fresh, t.dir);
        cli(fresh.env, ['import']);
        const whole = jsonl<Session>(cli(fresh.env, ['sessions', '--json']).stdout)[0]!;
        assert.ok(first.events < second.events);
        assert.deepEqual(second, whole);
      } finally {
        fresh.cleanup();
      }
    } finally {
      t.cleanup();
    }
  });

  test('a moved file is recognized; a replaced file is re-read without duplicates', () => {
    const t = tempEnv();
    try {
      const root = join(t.dir, 'codex');
      const a = join(root, 'sessions', '2026', '03', '02');
      mkdirSync(a, { recursive: true });
      const id = '019c0000-aaaa-7bbb-8ccc-000000000001';
      const name = `rollout-2026-03-02T09-00-00-${id}.jsonl`;
      writeFileSync(join(a, name), `${codexLines(id, 5).join('\n')}\n`);
      setup(t, t.dir);
      cli(t.env, ['import']);
      const before = snapshot(t.env);
      const archived = join(root, 'archived_sessions');
      mkdirSync(archived, { recursive: true });
      renameSync(join(a, name), join(archived, name));
      const moved = JSON.parse(cli(t.env, ['import', '--json']).stdout) as { totals: { newLines: number } };
      assert.equal(moved.totals.newLines, 0);
      assert.deepEqual(snapshot(t.env).sessions, before.sessions);
      // Renamed around its rollout name (a new-user pass: every line was imported again).
      renameSync(join(archived, name), join(archived, `kept__${name}`));
      const renamed = JSON.parse(cli(t.env, ['import', '--json']).stdout) as { totals: { newLines: number } };
      assert.equal(renamed.totals.newLines, 0);
      assert.deepEqual(snapshot(t.env).sessions, before.sessions);
      renameSync(join(archived, `kept__${name}`), join(archived, name));
      // Replace the file with a longer rewrite of the same session (as an editor or sync tool would).
      const rewritten = codexLines(id, 8);
      rewritten[0] = rewritten[0]!.replace('"cwd":"/home/dev/svc"', '"cwd":"/home/dev/svc-renamed"');
      writeFileSync(join(archived, name), `${rewritten.join('\n')}\n`);
      const re = JSON.parse(cli(t.env, ['import', '--json']).stdout) as { totals: { reset: number; newLines: number } };
      assert.equal(re.totals.reset, 1);
      const s = jsonl<Session>(cli(t.env, ['sessions', '--json']).stdout);
      assert.equal(s.length, 1);
      assert.equal(s[0]!.toolCalls, 8);
    } finally {
      t.cleanup();
    }
  });

  test('a TS-era rollout document caught in the middle of a save waits for the rest; one broken for long is kept as lines', () => {
    const t = tempEnv();
    try {
      const dir = join(t.dir, 'codex', 'sessions');
      mkdirSync(dir, { recursive: true });
      const name = 'rollout-2025-04-22-0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e.json';
      const whole = readFileSync(join(OWN_FIXTURES, 'codex', 'sessions', name), 'utf8');
      const file = join(dir, name);
      writeFileSync(file, whole.slice(0, Math.floor(whole.length / 2)));
      setup(t, t.dir);
      t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'no-claude');
      const rawLines = () => (JSON.parse(cli(t.env, ['stats', '--json']).stdout) as { rawLines: number }).rawLines;
      const waiting = cli(t.env, ['import']);
      assert.equal(waiting.code, 0);
      assert.match(waiting.stdout, /1 Codex rollout document\(s\) were being saved \(no whole JSON yet\) and were left for the next import/);
      assert.equal((JSON.parse(cli(t.env, ['import', '--json']).stdout) as { totals: { unfinished?: number } }).totals.unfinished, 1);
      assert.equal(rawLines(), 0, 'nothing of the half-saved document is stored');
      writeFileSync(file, whole);
      assert.equal(cli(t.env, ['import']).code, 0);
      const got = snapshot(t.env);
      // The same as the whole document imported in one go.
      const u = tempEnv();
      try {
        const d = join(u.dir, 'codex', 'sessions');
        mkdirSync(d, { recursive: true });
        writeFileSync(join(d, name), whole);
        setup(u, u.dir);
        u.env['CLAUDE_CONFIG_DIR'] = join(u.dir, 'no-claude');
        assert.equal(cli(u.env, ['import']).code, 0);
        assert.deepEqual(got, snapshot(u.env));
        assert.ok(got.sessions[0]!.toolCalls > 0);
        // A document left broken (not changed for an hour) is kept: its lines sealed, counted malformed.
        writeFileSync(join(d, 'rollout-2025-04-23-0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0f.json'), whole.slice(0, 200));
        const old = new Date(Date.now() - 3600_000);
        utimesSync(join(d, 'rollout-2025-04-23-0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0f.json'), old, old);
        const r = JSON.parse(cli(u.env, ['import', '--json']).stdout) as { totals: { malformed: number } };
        assert.ok(r.totals.malformed > 0);
      } finally {
        u.cleanup();
      }
    } finally {
      t.cleanup();
    }
  });

  test('a transcript converted to CRLF line ends and back is re-read without duplicates', () => {
    const t = tempEnv();
    try {
      const dir = claudeProject(t);
      const file = join(dir, '5ec2e700-aaaa-4bbb-8ccc-000000000002.jsonl');
      writeFileSync(file, `${claudeLines('5ec2e700-aaaa-4bbb-8ccc-000000000002', 6).join('\n')}\n`);
      assert.equal(cli(t.env, ['init']).code, 0);
      assert.equal(cli(t.env, ['import']).code, 0);
      const before = snapshot(t.env);
      for (const ends of ['\r\n', '\n']) {
        writeFileSync(file, readFileSync(file, 'utf8').replace(/\r?\n/g, ends));
        const re = JSON.parse(cli(t.env, ['import', '--json']).stdout) as { totals: { reset: number; newLines: number } };
        assert.equal(re.totals.reset, 1, ends);
        assert.equal(re.totals.newLines, 0, ends);
        assert.deepEqual(snapshot(t.env), before, ends);
      }
    } finally {
      t.cleanup();
    }
  });
});

/** A Claude projects folder under the temp dir, the only source of `t`'s imports. */
function claudeProject(t: TempEnv): string {
  const dir = join(t.dir, 'claude', 'projects', '-home-dev-app');
  mkdirSync(dir, { recursive: true });
  t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'claude');
  t.env['CODEX_HOME'] = join(t.dir, 'no-codex');
  return dir;
}

test('a resumed Claude session (its file opens with copies of the earlier one) owns only its own calls and tokens', () => {
  const t = tempEnv();
  try {
    const dir = claudeProject(t);
    const ORIG = 'ffffffff-1111-4222-8333-444444444444'; // sorts after the resumed id: the tie-break by id would pick the wrong one
    const RESUMED = '00000000-5555-4666-8777-888888888888';
    const orig = claudeLines(ORIG, 3);
    const own = claudeLines(RESUMED, 1).map((l) => l.replaceAll('2026-03-01T', '2026-03-02T').replace('tests for module 0', 'tests for module 7'));
    writeFileSync(join(dir, `${ORIG}.jsonl`), `${orig.join('\n')}\n`);
    writeFileSync(join(dir, `${RESUMED}.jsonl`), `${[...orig, ...own].join('\n')}\n`);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const s = Object.fromEntries(jsonl<Session & { startedAt: string }>(cli(t.env, ['sessions', '--json']).stdout).map((x) => [x.id, x]));
    assert.equal(s[ORIG]!.toolCalls, 3);
    assert.equal(s[ORIG]!.tokens.output, 40 + 41 + 42);
    assert.equal(s[RESUMED]!.toolCalls, 1);
    assert.equal(s[RESUMED]!.tokens.output, 40);
    assert.match(s[RESUMED]!.startedAt, /^2026-03-02T/, 'it started when it was resumed');
    assert.equal((s[RESUMED] as unknown as { prompts: number }).prompts, 1, 'the copied prompts are the earlier session\'s');
    assert.deepEqual([s[ORIG]!.title, s[RESUMED]!.title], ['Please run the tests for module 0 and fix failures', 'Please run the tests for module 7 and fix failures'], 'so is their title');

    // Right after the resume, before its first own line: the file holds only copies.
    writeFileSync(join(dir, `${RESUMED}.jsonl`), `${orig.join('\n')}\n`);
    rmSync(t.home, { recursive: true, force: true });
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const early = Object.fromEntries(jsonl<Session>(cli(t.env, ['sessions', '--json', '--all']).stdout).map((x) => [x.id, x]));
    assert.equal(early[ORIG]!.toolCalls, 3);
    assert.equal(early[ORIG]!.tokens.output, 40 + 41 + 42);
  } finally {
    t.cleanup();
  }
});

test('a Claude session starts at its earliest own line, also when a later line is stamped earlier (a local command\'s caveat)', () => {
  const t = tempEnv();
  try {
    const dir = claudeProject(t);
    const ID = '3333aaaa-1111-4222-8333-444444444444';
    const lines = claudeLines(ID, 2);
    // Written after the first turn, stamped three minutes before the first line.
    const caveat = { ...JSON.parse(lines[3]!), uuid: 'c0ffee00-0000-4000-8000-000000000000', timestamp: '2026-03-01T09:57:00.000Z', message: { role: 'user', content: 'Caveat: The messages below were generated by the user while running local commands.' } };
    lines.splice(4, 0, JSON.stringify(caveat));
    writeFileSync(join(dir, `${ID}.jsonl`), `${lines.join('\n')}\n`);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const [s] = jsonl<Session & { startedAt: string; endedAt: string }>(cli(t.env, ['sessions', '--json']).stdout);
    assert.equal(s!.startedAt, '2026-03-01T09:57:00.000Z');
    assert.equal(s!.endedAt, '2026-03-01T10:00:12.000Z');
    assert.equal(cli(t.env, ['index']).code, 0);
    assert.equal(jsonl<{ startedAt: string }>(cli(t.env, ['sessions', '--json']).stdout)[0]!.startedAt, '2026-03-01T09:57:00.000Z', 'the same after a rebuild');
  } finally {
    t.cleanup();
  }
});

test("a spawned Codex agent starts at its header, not at its replay of the parent's lines stamped before it (and ends no earlier)", () => {
  const t = tempEnv();
  try {
    const dir = join(t.dir, 'codex', 'sessions', '2026', '01', '03');
    mkdirSync(dir, { recursive: true });
    t.env['CODEX_HOME'] = join(t.dir, 'codex');
    t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'no-claude');
    const child = (id: string, stamped: boolean) => [
      { ...(stamped ? { timestamp: '2026-01-03T04:05:10.000Z' } : {}), type: 'session_meta', payload: { id, timestamp: '2026-01-03T04:05:10.000Z', cwd: '/w', originator: 'codex_cli_rs', cli_version: '0.128.0', source: { subagent: { thread_spawn: { parent_thread_id: '22222222-2222-4222-8222-222222222222', spawn_call_id: 'call-spawn-1' } } } } },
      { timestamp: '2026-01-03T04:05:07.000Z', type: 'event_msg', payload: { type: 'user_message', message: 'Spawn a researcher.' } },
      { timestamp: '2026-01-03T04:05:08.000Z', type: 'response_item', payload: { type: 'function_call', name: 'spawn_agent', arguments: '{"message":"Inspect the fixtures."}', call_id: 'call-spawn-1' } },
      ...(stamped ? [{ timestamp: '2026-01-03T04:05:12.000Z', type: 'event_msg', payload: { type: 'agent_message', message: 'Inspecting.' } }] : []),
    ].map((l) => JSON.stringify(l)).join('\n');
    const A = 'aaaaaaaa-3333-4333-8333-333333333333';
    const B = 'bbbbbbbb-3333-4333-8333-333333333333';
    writeFileSync(join(dir, `rollout-2026-01-03T04-05-10-${A}.jsonl`), `${child(A, true)}\n`);
    // Only the replay, under a header line without its own time.
    writeFileSync(join(dir, `rollout-2026-01-03T04-05-10-${B}.jsonl`), `${child(B, false)}\n`);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const s = Object.fromEntries(jsonl<Session & { startedAt: string; endedAt: string }>(cli(t.env, ['sessions', '--json', '--all']).stdout).map((x) => [x.id, x]));
    assert.deepEqual([s[A]!.startedAt, s[A]!.endedAt], ['2026-01-03T04:05:10.000Z', '2026-01-03T04:05:12.000Z']);
    assert.deepEqual([s[B]!.startedAt, s[B]!.endedAt], ['2026-01-03T04:05:10.000Z', '2026-01-03T04:05:10.000Z']);
  } finally {
    t.cleanup();
  }
});

test('id-less tool_use blocks: unrelated sessions reusing a line uuid keep their own calls; a resumed copy counts once', () => {
  const t = tempEnv();
  try {
    const dir = claudeProject(t);
    const [A, B, R] = ['aaaaaaaa-1111-4222-8333-444444444444', 'bbbbbbbb-1111-4222-8333-444444444444', 'cccccccc-1111-4222-8333-444444444444'];
    // As the trimmed samples write them: line uuids `u1` / `a1` / `u2`, a tool_use without an id.
    const lines = (sid: string, day: string, failed: boolean) => [
      { type: 'user', sessionId: sid, uuid: 'u1', parentUuid: null, timestamp: `${day}T10:00:00.000Z`, message: { role: 'user', content: 'Run it' } },
      { type: 'assistant', sessionId: sid, uuid: 'a1', parentUuid: 'u1', timestamp: `${day}T10:00:01.000Z`, message: { role: 'assistant', content: [{ type: 'tool_use', name: 'Bash', input: { command: 'npm test' } }] } },
      { type: 'user', sessionId: sid, uuid: 'u2', parentUuid: 'a1', sourceToolAssistantUUID: 'a1', timestamp: `${day}T10:00:02.000Z`,
        message: { role: 'user', content: [{ type: 'tool_result', content: failed ? 'Exit code 1' : 'ok', is_error: failed }] } },
    ].map((o) => JSON.stringify(o));
    writeFileSync(join(dir, `${A}.jsonl`), `${lines(A, '2026-03-01', true).join('\n')}\n`);
    const other = join(t.dir, 'claude', 'projects', '-home-dev-other');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, `${B}.jsonl`), `${lines(B, '2026-03-02', false).join('\n')}\n`);
    // Resumed from A: its file opens with A's lines (naming A), then one call of its own.
    writeFileSync(join(dir, `${R}.jsonl`), `${[...lines(A, '2026-03-01', true), ...lines(R, '2026-03-03', false).map((l) => l.replaceAll('"u1"', '"u9"').replaceAll('"a1"', '"a9"').replaceAll('"u2"', '"u8"'))].join('\n')}\n`);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const s = Object.fromEntries(jsonl<Session>(cli(t.env, ['sessions', '--json']).stdout).map((x) => [x.id, x]));
    assert.deepEqual([A, B, R].map((id) => [s[id]!.toolCalls, s[id]!.toolErrors]), [[1, 1], [1, 0], [1, 0]]);
    assert.equal(cli(t.env, ['index']).code, 0);
    const again = Object.fromEntries(jsonl<Session>(cli(t.env, ['sessions', '--json']).stdout).map((x) => [x.id, x]));
    assert.deepEqual([A, B, R].map((id) => [again[id]!.toolCalls, again[id]!.toolErrors]), [[1, 1], [1, 0], [1, 0]]);
  } finally {
    t.cleanup();
  }
});

test('event ids are keyed by the store key (a guess of redacted text cannot be confirmed); a store made before keeps its plain ids', () => {
  const t = tempEnv();
  try {
    const id = '66666666-aaaa-4bbb-8ccc-222222222222';
    const dir = claudeProject(t);
    const lines = claudeLines(id, 2);
    writeFileSync(join(dir, `${id}.jsonl`), `${lines.join('\n')}\n`);
    const plain = (line: string) => createHash('sha256').update('claude').update('\0').update(id).update('\0').update(line).digest().subarray(0, 12).toString('hex');
    const ids = () => new Set(jsonl<{ id: string }>(cli(t.env, ['recent', '--limit', '100']).stdout).map((e) => e.id.split('.')[0]!));

    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const keyed = ids();
    assert.ok(keyed.size > 0);
    for (const l of lines) assert.ok(!keyed.has(plain(l)), 'not the plain hash of the line');
    assert.equal(cli(t.env, ['index']).code, 0);
    assert.deepEqual(ids(), keyed, 'the rebuild derives the same ids');

    // A store from before keyed ids (no marker in meta): plain ids, and re-imports do not duplicate.
    rmSync(t.home, { recursive: true, force: true });
    assert.equal(cli(t.env, ['init']).code, 0);
    const db = new DatabaseSync(join(t.home, 'store.db'));
    db.exec("DELETE FROM meta WHERE k = 'identities'");
    db.close();
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.ok(lines.some((l) => ids().has(plain(l))));
    appendFileSync(join(dir, `${id}.jsonl`), `${claudeLines(id, 3).slice(8).join('\n')}\n`);
    assert.equal(cli(t.env, ['import']).code, 0);
    const stats = JSON.parse(cli(t.env, ['stats', '--json']).stdout) as { rawLines: number };
    assert.equal(stats.rawLines, 12);
  } finally {
    t.cleanup();
  }
});

test('a checkpoint whose sealed state was modified on disk is no checkpoint: the file is read again, nothing twice', () => {
  const t = tempEnv();
  try {
    const dir = claudeProject(t);
    const A = '99999999-aaaa-4bbb-8ccc-111111111111';
    const B = '99999999-aaaa-4bbb-8ccc-222222222222';
    writeFileSync(join(dir, `${A}.jsonl`), `${claudeLines(A, 2).join('\n')}\n`);
    writeFileSync(join(dir, `${B}.jsonl`), `${claudeLines(B, 2).join('\n')}\n`);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    // B's sealed state put on A's row (bound to another path: fails authentication).
    const db = new DatabaseSync(join(t.home, 'store.db'));
    db.exec(`UPDATE sources SET state = (SELECT state FROM sources WHERE path LIKE '%${B}.jsonl') WHERE path LIKE '%${A}.jsonl'`);
    db.close();
    appendFileSync(join(dir, `${A}.jsonl`), `${claudeLines(A, 3).slice(8).join('\n')}\n`);
    const r = cli(t.env, ['import']);
    assert.equal(r.code, 0, r.stderr);
    const stats = JSON.parse(cli(t.env, ['stats', '--json']).stdout) as { rawLines: number };
    assert.equal(stats.rawLines, 8 + 4 + 8, 'the appended lines once, nothing twice');
    assert.equal(cli(t.env, ['import']).stdout.includes('0 new lines'), true);
  } finally {
    t.cleanup();
  }
});

test('subagents whose main file is empty or missing still hang under their parent session (listed, with subagentTokens)', () => {
  const t = tempEnv();
  try {
    const dir = claudeProject(t);
    const MAIN = '0b7e6f1a-2c3d-4e5f-8a9b-c0d1e2f3a4b5';
    const src = join(OWN_FIXTURES, 'claude', 'projects', '-home-dev-app', MAIN, 'subagents');
    cpSync(src, join(dir, MAIN, 'subagents'), { recursive: true });
    writeFileSync(join(dir, `${MAIN}.jsonl`), ''); // Claude created the main file and wrote nothing yet
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const listed = jsonl<Session & { parentId: string | null; isSubagent: boolean; subagentTokens: Session['tokens'] }>(cli(t.env, ['sessions', '--json']).stdout);
    const parent = listed.find((s) => s.id === MAIN);
    const agents = listed.filter((s) => s.parentId === MAIN);
    assert.ok(agents.length >= 1, 'the subagent is listed');
    assert.ok(parent, 'its parent is listed although it has no events of its own');
    assert.equal(parent.events, 0);
    const times = agents as unknown as { startedAt: string; endedAt: string }[];
    assert.equal((parent as unknown as { startedAt: string }).startedAt, times.map((a) => a.startedAt).sort()[0], 'it started with its first subagent');
    assert.equal((parent as unknown as { endedAt: string }).endedAt, times.map((a) => a.endedAt).sort().at(-1), 'and ended with its last');
    assert.equal(parent.subagentTokens.output, agents.reduce((n, a) => n + (a.tokens.output ?? 0), 0));
    assert.ok(parent.subagentTokens.output > 0);

    // The same once the main file is gone altogether, and after a rebuild of the index.
    rmSync(join(dir, `${MAIN}.jsonl`));
    rmSync(t.home, { recursive: true, force: true });
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.equal(cli(t.env, ['index']).code, 0);
    const again = jsonl<Session>(cli(t.env, ['sessions', '--json']).stdout);
    assert.ok(again.some((s) => s.id === MAIN));
    // Its row says why it has no title (a dashboard review: a blank "(untitled)" row).
    const row = cli(t.env, ['sessions']).stdout.split('\n').find((l) => l.includes(MAIN) && !l.includes('.agent'));
    assert.match(row ?? '', /\(only its subagents have events\)$/);
    // health and stats count what the list shows: the parent is one.
    const health = JSON.parse(cli(t.env, ['health', '--json']).stdout) as { sessions: number; subagents: number };
    assert.deepEqual(health, { ...health, sessions: 1, subagents: agents.length });
    const stats = JSON.parse(cli(t.env, ['stats', '--json']).stdout) as { providers: { sessions: number }[] };
    assert.equal(stats.providers[0]!.sessions, 1);

    // Purging its subagents takes the parent with them (as a rebuild would have it).
    for (const a of agents) assert.equal(cli(t.env, ['purge', '--session-id', a.id]).code, 0);
    const left = jsonl<Session>(cli(t.env, ['sessions', '--json', '--all']).stdout);
    assert.deepEqual(left, []);
    assert.equal(cli(t.env, ['index']).code, 0);
    assert.deepEqual(jsonl<Session>(cli(t.env, ['sessions', '--json', '--all']).stdout), left);

    // Purging the parent itself, while its main file is still empty: the file stays purged once
    // written, and so do subagents that come later.
    rmSync(t.home, { recursive: true, force: true });
    writeFileSync(join(dir, `${MAIN}.jsonl`), '');
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const purged = cli(t.env, ['purge', '--session-id', MAIN]);
    assert.equal(purged.code, 0);
    // The empty main file is named with the files to delete, and its checkpoint goes: the store
    // counts no file that import then skips (a new-user pass: health 109 files, doctor 108 + 2 purged).
    assert.ok(purged.stdout.includes(`  ${join(dir, `${MAIN}.jsonl`)}\n`), purged.stdout);
    assert.equal((JSON.parse(cli(t.env, ['health', '--json']).stdout) as { files: number }).files, 0);
    cpSync(join(OWN_FIXTURES, 'claude', 'projects', '-home-dev-app', `${MAIN}.jsonl`), join(dir, `${MAIN}.jsonl`));
    const later = readFileSync(join(src, readdirSync(src).find((f) => f.endsWith('.jsonl'))!), 'utf8');
    writeFileSync(join(dir, MAIN, 'subagents', 'agent-later.jsonl'), later);
    const after = cli(t.env, ['import']);
    assert.match(after.stdout, /transcript\(s\) whose sessions were purged were skipped/);
    assert.deepEqual(jsonl<Session>(cli(t.env, ['sessions', '--json', '--all']).stdout), []);
  } finally {
    t.cleanup();
  }
});

test('stats and health count sessions the same way: main sessions, subagents apart', () => {
  const t = tempEnv();
  try {
    const dir = claudeProject(t);
    const MAIN = '0b7e6f1a-2c3d-4e5f-8a9b-c0d1e2f3a4b5';
    const src = join(OWN_FIXTURES, 'claude', 'projects', '-home-dev-app');
    cpSync(join(src, MAIN), join(dir, MAIN), { recursive: true });
    cpSync(join(src, `${MAIN}.jsonl`), join(dir, `${MAIN}.jsonl`));
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const stats = JSON.parse(cli(t.env, ['stats', '--json']).stdout) as { providers: { sessions: number; subagents: number }[] };
    const health = JSON.parse(cli(t.env, ['health', '--json']).stdout) as { sessions: number; subagents: number };
    const sum = (k: 'sessions' | 'subagents') => stats.providers.reduce((n, p) => n + p[k], 0);
    assert.ok(health.subagents >= 1);
    assert.deepEqual({ sessions: sum('sessions'), subagents: sum('subagents') }, { sessions: health.sessions, subagents: health.subagents });
  } finally {
    t.cleanup();
  }
});

test('a hand-renamed copy that names the original session joins it: its calls and tokens count once', () => {
  const t = tempEnv();
  try {
    const dir = claudeProject(t);
    const ID = '13131313-5555-4666-8777-242424242424';
    const lines = claudeLines(ID, 3);
    writeFileSync(join(dir, `${ID}.jsonl`), `${lines.join('\n')}\n`);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const alone = jsonl<Session>(cli(t.env, ['sessions', '--json']).stdout);
    writeFileSync(join(dir, 'my-export.jsonl'), `${lines.join('\n')}\n`);
    assert.equal(cli(t.env, ['import']).code, 0);
    const both = jsonl<Session>(cli(t.env, ['sessions', '--json']).stdout);
    assert.deepEqual(both.map((s) => s.id), [ID]);
    assert.equal(both[0]!.toolCalls, alone[0]!.toolCalls);
    assert.equal(both[0]!.toolErrors, alone[0]!.toolErrors);
    assert.deepEqual(both[0]!.tokens, alone[0]!.tokens);
  } finally {
    t.cleanup();
  }
});

test('a purged Codex session stays purged when Codex archives its rollout (moved to archived_sessions)', () => {
  const t = tempEnv();
  try {
    const id = '019c8a4c-1111-7222-8333-444455556666';
    const day = join(t.dir, 'codex', 'sessions', '2026', '03', '02');
    mkdirSync(day, { recursive: true });
    const name = `rollout-2026-03-02T09-00-00-${id}.jsonl`;
    writeFileSync(join(day, name), `${codexLines(id, 2).join('\n')}\n`);
    t.env['CODEX_HOME'] = join(t.dir, 'codex');
    t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'no-claude');
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.equal(jsonl<Session>(cli(t.env, ['sessions', '--json']).stdout).length, 1);
    assert.equal(cli(t.env, ['purge', '--session-id', id]).code, 0);
    mkdirSync(join(t.dir, 'codex', 'archived_sessions'), { recursive: true });
    renameSync(join(day, name), join(t.dir, 'codex', 'archived_sessions', name));
    const r = cli(t.env, ['import', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { purged: number }).purged, 1);
    assert.deepEqual(jsonl<Session>(cli(t.env, ['sessions', '--json', '--all']).stdout), []);
  } finally {
    t.cleanup();
  }
});

test('files that name their session only inside (a legacy Claude agent file, a Codex child rollout) stay out once their session is purged', () => {
  const t = tempEnv();
  try {
    // Claude 2.0.x: agent-<id>.jsonl beside the main file, its session known from its lines.
    const dir = claudeProject(t);
    const fx = join(OWN_FIXTURES, 'claude', 'projects', '-home-dev-app');
    const MAIN = '5f1c2d3e-4a5b-4c6d-8e7f-901234567890';
    cpSync(join(fx, `${MAIN}.jsonl`), join(dir, `${MAIN}.jsonl`));
    // Codex: a spawned child's rollout names its parent in session_meta.
    const day = join(t.dir, 'codex', 'sessions', '2026', '03', '03');
    const cfx = join(OWN_FIXTURES, 'codex', 'sessions', '2026', '03', '03');
    const PARENT = 'rollout-2026-03-03T14-00-00-0195f8c0-2b3d-7e4f-8a10-6c7d8e9f0a1b.jsonl';
    const CHILD = 'rollout-2026-03-03T14-00-47-0196a0a0-3333-7eee-8fff-000000000003.jsonl';
    mkdirSync(day, { recursive: true });
    cpSync(join(cfx, PARENT), join(day, PARENT));
    t.env['CODEX_HOME'] = join(t.dir, 'codex');
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.equal(cli(t.env, ['purge', '--session-id', MAIN]).code, 0);
    assert.equal(cli(t.env, ['purge', '--session-id', '0195f8c0-2b3d-7e4f-8a10-6c7d8e9f0a1b']).code, 0);
    // Their other files arrive after the purge.
    cpSync(join(fx, 'agent-3f2a9c1b.jsonl'), join(dir, 'agent-3f2a9c1b.jsonl'));
    cpSync(join(cfx, CHILD), join(day, CHILD));
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.deepEqual(jsonl<Session>(cli(t.env, ['sessions', '--json', '--all']).stdout), []);
    assert.equal(JSON.parse(cli(t.env, ['stats', '--json']).stdout).rawLines, 0, 'nothing of theirs is stored');
    // Read once to find out; from then on skipped without reading.
    assert.equal((JSON.parse(cli(t.env, ['import', '--json']).stdout) as { purged: number }).purged, 4);
    // Named with import-file, one comes back (its lines named a purged session: it was left before).
    const back = cli(t.env, ['import-file', 'claude', join(dir, 'agent-3f2a9c1b.jsonl')]);
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stderr, /purged before; imported again as asked/);
    assert.ok(JSON.parse(cli(t.env, ['stats', '--json']).stdout).rawLines > 0);
    assert.ok(jsonl<Session>(cli(t.env, ['sessions', '--json', '--all']).stdout).length > 0);
  } finally {
    t.cleanup();
  }
});

test('purge of an id no session has deletes nothing, also when it names a project folder that legacy agent files are keyed under', () => {
  const t = tempEnv();
  try {
    const dir = claudeProject(t);
    const fx = join(OWN_FIXTURES, 'claude', 'projects', '-home-dev-app');
    cpSync(join(fx, '5f1c2d3e-4a5b-4c6d-8e7f-901234567890.jsonl'), join(dir, '5f1c2d3e-4a5b-4c6d-8e7f-901234567890.jsonl'));
    cpSync(join(fx, 'agent-3f2a9c1b.jsonl'), join(dir, 'agent-3f2a9c1b.jsonl'));
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = cli(t.env, ['stats', '--json']).stdout;
    for (const id of ['-home-dev-app', '-home-dev-app/agent-3f2a9c1b', '00000000-0000-4000-8000-000000000000', '%', '/']) {
      const r = cli(t.env, ['purge', `--session-id=${id}`]);
      assert.equal(r.code, 1, id);
      assert.match(r.stderr, /No session with id/, id);
    }
    assert.equal(cli(t.env, ['stats', '--json']).stdout, before);
  } finally {
    t.cleanup();
  }
});

test('after `index --force` drops a damaged Codex rollout, purge finds it by its session id and import-file reads it again', () => {
  const t = tempEnv();
  try {
    const id = '019c8a4c-7777-7222-8333-444455556666';
    const day = join(t.dir, 'codex', 'sessions', '2026', '03', '02');
    mkdirSync(day, { recursive: true });
    const file = join(day, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
    writeFileSync(file, `${codexLines(id, 3).join('\n')}\n`);
    t.env['CODEX_HOME'] = join(t.dir, 'codex');
    t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'no-claude');
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = cli(t.env, ['sessions', '--json', '--all']).stdout;
    damageFirstSegment(join(t.home, 'store.db'));
    assert.equal(cli(t.env, ['index', '--force']).code, 1);
    assert.equal(jsonl<Session>(cli(t.env, ['sessions', '--json', '--all']).stdout).length, 0, 'its events left the index');
    const purged = cli(t.env, ['purge', '--session-id', id]);
    assert.equal(purged.code, 0, purged.stderr);
    assert.equal(cli(t.env, ['doctor']).code, 0);
    const back = cli(t.env, ['import-file', 'codex', file]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(cli(t.env, ['sessions', '--json', '--all']).stdout, before);
  } finally {
    t.cleanup();
  }
});

test('import-file through a symlink reads the transcript it links to: nothing twice', () => {
  const t = tempEnv();
  try {
    const id = '5a5a5a5a-1111-4222-8333-444444444444';
    const dir = join(t.dir, 'claude', 'projects', '-home-dev-app');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${id}.jsonl`);
    writeFileSync(file, `${claudeLines(id, 4).join('\n')}\n`);
    t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'claude');
    t.env['CODEX_HOME'] = join(t.dir, 'no-codex');
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = snapshot(t.env);
    mkdirSync(join(t.dir, 'elsewhere'));
    symlinkSync(file, join(t.dir, 'elsewhere', 'link.jsonl'));
    symlinkSync(join(t.dir, 'elsewhere', 'link.jsonl'), join(t.dir, 'elsewhere', 'link-of-link.jsonl'));
    for (const name of ['link.jsonl', 'link-of-link.jsonl']) {
      const r = cli(t.env, ['import-file', 'claude', join(t.dir, 'elsewhere', name)]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(snapshot(t.env), before, name);
    }
    // A link inside a transcript folder is imported by its own path: import-file of it adds nothing either.
    const agent = join(t.dir, 'elsewhere', 'agent-3f2a9c1b.jsonl');
    writeFileSync(agent, `${claudeLines(id, 2).map((l) => l.replace('"isSidechain":false', '"isSidechain":true')).join('\n')}\n`);
    symlinkSync(agent, join(dir, 'agent-3f2a9c1b.jsonl'));
    assert.equal(cli(t.env, ['import']).code, 0);
    const withAgent = snapshot(t.env);
    assert.notDeepEqual(withAgent, before, 'the linked agent file was read');
    const r = cli(t.env, ['import-file', 'claude', join(dir, 'agent-3f2a9c1b.jsonl')]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(snapshot(t.env), withAgent);
  } finally {
    t.cleanup();
  }
});

test('recent lists events whose transcript gives them no time, after the timed ones', () => {
  const t = tempEnv();
  try {
    const id = '6b6b6b6b-1111-4222-8333-444444444444';
    const dir = join(t.dir, 'claude', 'projects', '-home-dev-app');
    mkdirSync(dir, { recursive: true });
    const timeless = (uuid: string, content: string) => JSON.stringify({ type: 'user', sessionId: id, uuid, message: { role: 'user', content } });
    writeFileSync(join(dir, `${id}.jsonl`), `${timeless('t1', 'no time one')}\n${timeless('t2', 'no time two')}\n`);
    const other = '6b6b6b6b-2222-4222-8333-444444444444';
    writeFileSync(join(dir, `${other}.jsonl`), `${claudeLines(other, 1).join('\n')}\n`);
    t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'claude');
    t.env['CODEX_HOME'] = join(t.dir, 'no-codex');
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const events = jsonl<{ text: string; ts: string | null }>(cli(t.env, ['recent', '--limit', '100']).stdout);
    const at = events.findIndex((e) => e.ts === null);
    assert.ok(at > 0, 'timed events first');
    assert.ok(events.slice(at).every((e) => e.ts === null));
    assert.deepEqual(events.slice(at).map((e) => e.text), ['no time two', 'no time one']);
  } finally {
    t.cleanup();
  }
});

test('after index --force drops a damaged segment, import stores the lost lines again in their order: tokens, titles and search order as before', () => {
  const t = tempEnv();
  try {
    const id = '019c8a4c-8888-7222-8333-444455556666';
    const day = join(t.dir, 'codex', 'sessions', '2026', '03', '02');
    mkdirSync(day, { recursive: true });
    const file = join(day, `rollout-2026-03-02T09-00-00-${id}.jsonl`);
    // Running totals only: each call is the difference from the one before, so order matters.
    const lines = codexLines(id, 4).map((l) => l.replace(/,"last_token_usage":\{[^}]*\}/, ''));
    const half = lines.findIndex((l) => l.includes('build step 2'));
    t.env['CODEX_HOME'] = join(t.dir, 'codex');
    t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'no-claude');
    assert.equal(cli(t.env, ['init']).code, 0);
    writeFileSync(file, `${lines.slice(0, half).join('\n')}\n`);
    assert.equal(cli(t.env, ['import']).code, 0);
    appendFileSync(file, `${lines.slice(half).join('\n')}\n`);
    assert.equal(cli(t.env, ['import']).code, 0);
    const state = () => ({ sessions: cli(t.env, ['sessions', '--json', '--all']).stdout, hits: cli(t.env, ['search', 'step', '--limit', '100']).stdout.replace(/"seq":\d+,/g, '') });
    const before = state();
    damageFirstSegment(join(t.home, 'store.db'));
    const forced = cli(t.env, ['index', '--force']);
    assert.equal(forced.code, 1);
    assert.match(forced.stderr, /1 segment\(s\) failed their integrity check and were left out, with their lines \(and 1 later one\(s\) of the same transcripts/);
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.deepEqual(state(), before, 'after the import');
    assert.equal(cli(t.env, ['index']).code, 0);
    assert.deepEqual(state(), before, 'after another rebuild');
    assert.equal(cli(t.env, ['doctor']).code, 0);
  } finally {
    t.cleanup();
  }
});

test('a line that breaks a reading step (an argv with an unclosed quote after a keyword, input nested 8,000 deep) costs only itself', () => {
  const t = tempEnv();
  try {
    const dir = claudeProject(t);
    const id = '0f000000-0000-4000-8000-0000000000a1';
    const nested = `${'{"a":'.repeat(8000)}1${'}'.repeat(8000)}`;
    const deep = `{"type":"assistant","sessionId":"${id}","uuid":"a9","timestamp":"2026-03-01T10:00:09.000Z","requestId":"r9","message":{"id":"m9","role":"assistant","model":"claude-x","content":[{"type":"tool_use","id":"toolu_9","name":"Bash","input":${nested}}]}}`;
    writeFileSync(join(dir, `${id}.jsonl`), `${[...claudeLines(id, 1), deep, ...claudeLines(id, 2).slice(-3)].join('\n')}\n`);
    const cdir = join(t.dir, 'codex', 'sessions', '2026', '01', '01');
    mkdirSync(cdir, { recursive: true });
    t.env['CODEX_HOME'] = join(t.dir, 'codex');
    const cid = '019b0000-0000-7000-8000-0000000000f1';
    const env = (ts: string, type: string, payload: unknown) => JSON.stringify({ timestamp: ts, type, payload });
    writeFileSync(join(cdir, `rollout-2026-01-01T00-00-00-${cid}.jsonl`), `${[
      env('2026-01-01T00:00:00.000Z', 'session_meta', { id: cid, timestamp: '2026-01-01T00:00:00.000Z', cwd: '/w' }),
      env('2026-01-01T00:00:01.000Z', 'event_msg', { type: 'user_message', message: 'find hard-coded passwords' }),
      env('2026-01-01T00:00:02.000Z', 'response_item', { type: 'local_shell_call', call_id: 'call_1', status: 'completed', action: { type: 'exec', command: ['rg', '-n', "password='", 'src'] } }),
      env('2026-01-01T00:00:03.000Z', 'response_item', { type: 'function_call', name: 'shell', call_id: 'call_2', arguments: JSON.stringify({ command: ['bash', '-lc', `grep -rn "password='" src/`] }) }),
      env('2026-01-01T00:00:04.000Z', 'event_msg', { type: 'agent_message', message: 'none found after the odd lines' }),
    ].join('\n')}\n`);
    assert.equal(cli(t.env, ['init']).code, 0);
    const r = cli(t.env, ['import']);
    assert.equal(r.code, 0, r.stderr);
    const s = Object.fromEntries(jsonl<Session>(cli(t.env, ['sessions', '--json', '--all']).stdout).map((x) => [x.id, x]));
    assert.equal(s[cid]!.toolCalls, 2, 'the argv lines are read');
    assert.ok(s[id]!.toolCalls >= 2, 'the lines after the deep one are read');
    assert.equal(jsonl(cli(t.env, ['search', 'odd', 'lines']).stdout).length, 1);
    // The deep input is a note, the same in the import worker and on the main thread (index).
    const deepHits = () => jsonl<{ id: string }>(cli(t.env, ['search', 'nested too deeply']).stdout).map((e) => e.id);
    const before = { store: snapshot(t.env), deep: deepHits() };
    assert.equal(before.deep.length, 1);
    assert.equal(cli(t.env, ['index']).code, 0);
    assert.deepEqual({ store: snapshot(t.env), deep: deepHits() }, before);
  } finally {
    t.cleanup();
  }
});

test('a file-size limit (ulimit -f) stops the import with what to do, not "a bug"; a rerun without it converges', () => {
  const t = tempEnv();
  try {
    writeCorpus(t.dir, 4, 300);
    t.env['CODEX_HOME'] = join(t.dir, 'codex');
    t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'claude');
    assert.equal(cli(t.env, ['init']).code, 0);
    // 512-byte blocks: store.db may grow to 256 KB, well short of the corpus.
    const limited = spawnSync('bash', ['-c', `ulimit -f 512; exec "${process.execPath}" "${BIN}" import`], { env: t.env, encoding: 'utf8' });
    assert.equal(limited.status, 1, limited.stderr);
    assert.match(limited.stderr, /The disk refused a write while .*ulimit -f/);
    assert.match(limited.stderr, /run the same command again/);
    assert.doesNotMatch(limited.stderr, /This is a bug/);
    const rerun = cli(t.env, ['import']);
    assert.equal(rerun.code, 0, rerun.stderr);
    const after = snapshot(t.env);
    rmSync(t.home, { recursive: true, force: true });
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.deepEqual(after, snapshot(t.env));
  } finally {
    t.cleanup();
  }
});

test('a whole line written after a cut-off one (a crash, then more writes, no newline between; or NUL bytes a power loss left) is read; the line still counts as malformed', () => {
  const t = tempEnv();
  try {
    const dir = claudeProject(t);
    const id = '9a9a9a9a-1111-4222-8333-444455556666';
    const lines = claudeLines(id, 3);
    const file = join(dir, `${id}.jsonl`);
    const cut = lines[4]!.slice(0, 60);
    const bravo = JSON.parse(lines[5]!);
    bravo.message.content = [{ type: 'text', text: 'bravo wrote this after the crash' }];
    const charlie = JSON.parse(lines[6]!);
    charlie.message.content = [{ type: 'text', text: 'charlie came after a power loss' }];
    writeFileSync(file, `${lines.slice(0, 4).join('\n')}\n${cut}`);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    appendFileSync(file, `${JSON.stringify(bravo)}\n${'\0'.repeat(300)}${JSON.stringify(charlie)}\n`);
    const imp = cli(t.env, ['import']);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, /2 malformed line\(s\)/);
    for (const word of ['bravo', 'charlie']) assert.equal(jsonl(cli(t.env, ['search', word]).stdout).length, 1, word);
    const before = cli(t.env, ['sessions', '--json']).stdout;
    assert.equal(cli(t.env, ['index']).code, 0);
    assert.equal(cli(t.env, ['sessions', '--json']).stdout, before, 'a rebuild reads them alike');
    assert.equal(jsonl(cli(t.env, ['search', 'bravo']).stdout).length, 1);
  } finally {
    t.cleanup();
  }
});
