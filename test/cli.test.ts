// The CLI as a user runs it: help, usage errors, key and store errors, bad input, tampering, purge.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, test } from 'node:test';
import { COMMANDS } from '../src/cli/commands/index.ts';
import { main } from '../src/cli/main.ts';
import { resolveConfig } from '../src/core/config.ts';
import { REDACTION_RULES } from '../src/redact/patterns.ts';
import { READING_RULES } from '../src/sources/reading.ts';
import { searchEvents } from '../src/store/queries.ts';
import { purgeSession } from '../src/store/purge.ts';
import { salvageRaw } from '../src/store/salvage.ts';
import { openStore } from '../src/store/store.ts';
import { claudeLines } from './helpers/corpus.ts';
import { BIN, cli, cliAsync, jsonl, OWN_FIXTURES, type TempEnv, tempEnv } from './helpers/env.ts';
import { cutLastPage, damageFirstSegment, damagePages } from './helpers/store.ts';

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

function withSession(t: TempEnv, id = '11111111-aaaa-4bbb-8ccc-222222222222', turns = 4, project = '-home-dev-app'): string {
  const dir = join(t.dir, 'claude', 'projects', project);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${id}.jsonl`);
  writeFileSync(file, `${claudeLines(id, turns).join('\n')}\n`);
  t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'claude');
  t.env['CODEX_HOME'] = join(t.dir, 'no-codex');
  return file;
}

describe('help and usage errors', () => {
  const t = tempEnv();
  after(() => t.cleanup());
  test('no arguments and --help print the command list (no arguments: on stderr, exit 2)', () => {
    for (const args of [[], ['--help'], ['help']]) {
      const r = cli(t.env, args);
      assert.equal(r.code, args.length === 0 ? 2 : 0);
      for (const c of COMMANDS) assert.match(args.length === 0 ? r.stderr : r.stdout, new RegExp(`\\b${c.name}\\b`));
    }
  });
  test('every command has --help', () => {
    for (const c of COMMANDS) {
      const r = cli(t.env, [c.name, '--help']);
      assert.equal(r.code, 0, c.name);
      assert.match(r.stdout, new RegExp(`tracebase ${c.name}`));
    }
    assert.match(cli(t.env, ['import', '--help']).stdout, /\$CODEX_HOME\/archived_sessions[\s\S]*\$CLAUDE_CONFIG_DIR\/projects/);
  });
  test('typos get the nearest name, an option without its value says so, a file given to import points at import-file (a new-user pass)', () => {
    const cases: [string[], RegExp][] = [
      [['serch', 'x'], /unknown command "serch"\. Did you mean `tracebase search`\?/],
      [['sessions', '--limt', '3'], /Unknown option "--limt"\. Did you mean --limit\?/],
      [['sessions', '--provider'], /--provider needs a value\./],
      [['import', 'x.jsonl'], /Unexpected argument "x\.jsonl"\.\n.*To import one file: `tracebase import-file <codex\|claude> <file>`/],
    ];
    for (const [args, message] of cases) {
      const r = cli(t.env, args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
    assert.doesNotMatch(cli(t.env, ['xyzzy']).stderr, /Did you mean/);
  });
  test('usage errors exit 2 with a message on stderr', () => {
    // (No command at all is one too: the list of commands goes to stderr; a new-user pass found exit 0.)
    for (const args of [[], ['frobnicate'], ['import', '--bogus'], ['import', '--provider', 'gemini'], ['import', '--max-files', 'ten'], ['import', '--since', 'yesterday'], ['search'], ['search', 'x', '--kind', 'nope'], ['show'], ['show', 'not-an-id'], ['purge'], ['import-file', 'claude']]) {
      const r = cli(t.env, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(r.stderr.length > 0 && r.stdout === '', args.join(' '));
    }
    const unknown = cli(t.env, ['search', '--bogus', 'x']);
    assert.match(unknown.stderr, /Unknown option "--bogus"\.\n.*Run `tracebase search --help`\. A value that starts with '-' goes after '--'/);
    // A word Node reads as short options (`-test` = `-t -e -s -t`) is named whole; the example
    // given for search is one that works (full-text syntax has no `-word`).
    const word = cli(t.env, ['search', '-test']);
    assert.match(word.stderr, /Unknown option "-test"\.\n.*\(`tracebase search --literal -- -foo`\)/);
    assert.match(cli(t.env, ['show', '-x1']).stderr, /Unknown option "-x1"\.\n.*\(`tracebase show -- -foo`\)/);
  });
  test('a command on a missing store says to run init', () => {
    const r = cli(t.env, ['sessions']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No Tracebase store.*\n.*tracebase init/);
  });
  test('on Linux, the commands that import or serve start once more with MALLOC_ARENA_MAX=4 and MALLOC_MMAP_THRESHOLD_=524288 (same process), each unless it is set, not with a module preloaded', { skip: process.platform !== 'linux' }, async () => {
    const u = tempEnv();
    try {
      assert.equal(cli(u.env, ['init']).code, 0);
      const environOf = async (env: Record<string, string>, flags: string[] = []) => {
        const child = spawn(process.execPath, [...flags, BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        await new Promise<void>((res, rej) => {
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('Tracebase dashboard:')) res();
          });
          child.on('exit', (c) => rej(new Error(`serve exited ${c}`)));
        });
        // The pid spawned is the process serving: replaced, not forked.
        const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
        const exited = new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
        child.kill('SIGTERM');
        assert.equal(await exited, 0);
        return environ.filter((v) => v.startsWith('MALLOC_')).sort();
      };
      assert.deepEqual(await environOf(u.env), ['MALLOC_ARENA_MAX=4', 'MALLOC_MMAP_THRESHOLD_=524288']);
      assert.deepEqual(await environOf({ ...u.env, MALLOC_ARENA_MAX: '1' }), ['MALLOC_ARENA_MAX=1', 'MALLOC_MMAP_THRESHOLD_=524288']);
      assert.deepEqual(await environOf({ ...u.env, MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' }), ['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=131072']);
      // A preloaded module (or a debugger) would start twice: then it is not restarted.
      const log = join(u.dir, 'preloaded.log');
      const preload = join(u.dir, 'preload.mjs');
      writeFileSync(preload, `import { appendFileSync } from 'node:fs'; appendFileSync(${JSON.stringify(log)}, 'x');\n`);
      assert.deepEqual(await environOf(u.env, ['--import', preload]), []);
      assert.equal(readFileSync(log, 'utf8'), 'x');
    } finally {
      u.cleanup();
    }
  });
});

test('under npx, a kill that reaches only the shell npm runs it in still stops the command (serve drains and exits)', { skip: process.platform === 'win32' }, async () => {
  const u = tempEnv();
  let child: ReturnType<typeof spawn> | undefined;
  try {
    assert.equal(cli(u.env, ['init']).code, 0);
    // As npm exec runs a bin: `sh -c <bin> <args>`, the shell forking it (npm_command=exec).
    child = spawn('sh', ['-c', '"$@"; exit $?', 'sh', process.execPath, BIN, 'serve', '--port', '0'], {
      env: { ...u.env, npm_command: 'exec', npm_lifecycle_script: "'tracebase'" },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const sh = child;
    sh.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    await new Promise<void>((res, rej) => {
      sh.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Tracebase dashboard:')) res();
      });
      sh.on('exit', () => rej(new Error(`exited early: ${err}`)));
    });
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)![0];
    assert.equal((await fetch(`${url}api/health`)).status, 200);
    // The shell goes; tracebase, left without its parent, takes it as the kill it did not get.
    const closed = new Promise<void>((res) => sh.on('close', () => res()));
    sh.kill('SIGTERM');
    const timeout = new Promise<never>((_, rej) => setTimeout(() => rej(new Error('still serving 10 s after npx was killed')), 10_000).unref());
    await Promise.race([closed, timeout]);
    assert.match(err, /SIGTERM: finishing in-flight requests, then closing the store/);
    await assert.rejects(fetch(`${url}api/health`));
  } finally {
    // (On failure the orphan holds these open: let go of them so the test run can end.)
    child?.stdout?.destroy();
    child?.stderr?.destroy();
    u.cleanup();
  }
});

test('below an npx of something else (an agent run with npx), a server started with & outlives its shell', { skip: process.platform === 'win32' }, async () => {
  const u = tempEnv();
  let pid = 0;
  try {
    assert.equal(cli(u.env, ['init']).code, 0);
    // npm's variables as a shell under `npx @anthropic-ai/claude-code` passes them on.
    // (The shell waits a second, so tracebase starts as its child.)
    const r = spawn('sh', ['-c', '"$@" & echo "pid:$!"; sleep 1', 'sh', process.execPath, BIN, 'serve', '--port', '0'], {
      env: { ...u.env, npm_command: 'exec', npm_lifecycle_script: "'claude'" },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise((res) => r.on('exit', res));
    let out = '';
    const url = await new Promise<string>((res, rej) => {
      r.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        pid = Number(/pid:(\d+)/.exec(out)?.[1] ?? 0);
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m && pid) res(m[0]);
      });
      setTimeout(() => rej(new Error(`no server: ${out}`)), 10_000).unref();
    });
    // Its shell is gone; a watch would have stopped it within half a second.
    await exited;
    await new Promise((res) => setTimeout(res, 1500));
    assert.equal((await fetch(`${url}api/health`)).status, 200);
    r.stdout.destroy();
  } finally {
    if (pid) process.kill(pid, 'SIGTERM');
    u.cleanup();
  }
});

describe('input echoed in an error message is redacted whole, then shortened', () => {
  const t = tempEnv();
  after(() => t.cleanup());
  const password = 'Xk9mQ2vL7pR4tW8zAbCdEfGhIj';
  // Cut at 40 (or 80) characters before redaction, `@host` is gone and the rule cannot fire.
  const url = `postgres://admin:${password}@db.internal/app`;
  const longUrl = `postgres://admin_user_with_a_long_name:${password}@db.internal.example.com/app`;
  const leaked = (r: { stdout: string; stderr: string }) => [password, password.slice(0, 8)].filter((x) => (r.stdout + r.stderr).includes(x));

  test('a store path or a link target holding a URL with a password (shown resolved: its `//` one slash) prints no password (a leak hunt)', () => {
    const dir = join(t.dir, 'paths');
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(dir, url), join(dir, 'link'));
    const home = { ...t.env, TRACE_HOME: join(dir, url) };
    for (const [env, args] of [
      [home, ['init']],
      [home, ['doctor']],
      [{ ...t.env, TRACE_HOME: join(dir, 'link', 'store') }, ['init']],
      [t.env, ['demo', '--home', join(dir, 'link', 'demo')]],
    ] as const) {
      const r = cli(env, [...args]);
      assert.deepEqual(leaked(r), [], `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    }
  });

  test('search --kind, --provider and show print neither the password nor its head', () => {
    assert.equal(cli(t.env, ['init']).code, 0);
    const cases: [string[], RegExp][] = [
      [['search', 'x', '--kind', url], /Unknown kind "postgres:\/\/admin:…"/],
      [['search', 'x', '--provider', url], /Unknown provider "postgres:\/\/admin:…"/],
      [['import', '--provider', url], /Unknown provider "postgres:\/\/admin:…"/],
      [['show', longUrl], /"postgres:\/\/admin_user_with_a_long_name:\[REDACTED:url_credentials\]@db\.internal\.[a-z]*…" is not an event id/],
      [['show', url], /"postgres:\/\/admin:\[REDACTED:url_credentials\]@db\.internal\/app" is not an event id/],
    ];
    for (const [args, message] of cases) {
      const r = cli(t.env, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.deepEqual(leaked(r), [], `${args.slice(0, -1).join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });

  test('other echoes of user input: serve --host, purge --session-id, unknown commands, stray arguments', () => {
    for (const args of [['serve', '--host', longUrl], ['purge', '--session-id', longUrl], [longUrl], ['help', longUrl], ['show', 'abc', longUrl], ['import-file', url, '/dev/null']]) {
      const r = cli(t.env, args);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.ok(r.stderr.length > 0, args.join(' '));
      assert.deepEqual(leaked(r), [], `${args.slice(0, -1).join(' ')}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\[REDACTED(?![^\]]*\])/, 'no marker cut in half');
    }
  });
});

describe('store and key', () => {
  const t = tempEnv();
  after(() => t.cleanup());
  test('init creates a 0700 directory with 0600 files; a second init only verifies', () => {
    const r = cli(t.env, ['init']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(mode(t.home), '700');
    assert.equal(mode(join(t.home, 'key')), '600');
    assert.equal(mode(join(t.home, 'store.db')), '600');
    const again = cli(t.env, ['init']);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /already initialized/);
  });
  test('two inits at once both succeed with one key and one store, each whole', async () => {
    for (let round = 0; round < 6; round++) {
      const u = tempEnv();
      try {
        const both = await Promise.all([cliAsync(u.env, ['init']).done, cliAsync(u.env, ['init']).done]);
        for (const r of both) assert.equal(r.code, 0, r.stderr);
        assert.equal(both.filter((r) => /Created store/.test(r.stdout)).length, 1, both.map((r) => r.stdout).join(''));
        assert.equal(cli(u.env, ['stats']).code, 0);
        assert.deepEqual(readdirSync(u.home).sort(), ['key', 'store.db']);
      } finally {
        u.cleanup();
      }
    }
  });
  test('a store folder and database others could read are made private again, and the user and doctor say so', () => {
    const u = tempEnv();
    try {
      assert.equal(cli(u.env, ['init']).code, 0);
      chmodSync(u.home, 0o755);
      chmodSync(join(u.home, 'store.db'), 0o644);
      const r = cli(u.env, ['stats']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /note: The store could be read by other users: .* \(was 0755\), .*store\.db \(was 0644\)\. It is private again/);
      assert.equal(mode(u.home), '700');
      assert.equal(mode(join(u.home, 'store.db')), '600');
      assert.equal(cli(u.env, ['stats']).stderr, '', 'said once');
      chmodSync(u.home, 0o750);
      const d = cli(u.env, ['doctor']);
      assert.match(d.stdout, /FAIL store directory: .* \(mode was 0750, 0700 now\)/);
      assert.match(d.stdout, /FAIL store modes: The store could be read by other users/);
      assert.match(cli(u.env, ['doctor']).stdout, /ok {3}store directory: .* \(mode 0700\)/);
    } finally {
      u.cleanup();
    }
  });
  test('doctor says when the key file beside a working TRACE_KEY holds another key (a backup that would not open the store)', () => {
    const u = tempEnv();
    try {
      assert.equal(cli(u.env, ['init']).code, 0);
      const keyFile = join(u.home, 'key');
      const good = readFileSync(keyFile, 'utf8').trim();
      const env = { ...u.env, TRACE_KEY: good };
      assert.match(cli(env, ['doctor']).stdout, /ok {3}key file: .*key holds the same key as TRACE_KEY/);
      writeFileSync(keyFile, `${Buffer.alloc(32, 7).toString('base64')}\n`);
      const d = cli(env, ['doctor']);
      assert.match(d.stdout, /FAIL key file: .*key holds another key than TRACE_KEY \(fingerprint [0-9a-f]{16}\): without TRACE_KEY the store would not open/);
      assert.doesNotMatch(d.stdout + d.stderr, new RegExp(good.replace(/[+/=]/g, '.')));
    } finally {
      u.cleanup();
    }
  });
  test('doctor names a transcript import refuses whole (UTF-16, binary) with its fix, not "run tracebase import"', () => {
    const u = tempEnv();
    try {
      const projects = join(u.dir, 'home', '.claude', 'projects', '-home-dev-app');
      mkdirSync(projects, { recursive: true });
      const line = '{"type":"user","sessionId":"s","message":{"role":"user","content":"hi"}}\n';
      writeFileSync(join(projects, 'a.jsonl'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(line, 'utf16le')]));
      assert.equal(cli(u.env, ['init']).code, 0);
      assert.equal(cli(u.env, ['import']).code, 1);
      const d = cli(u.env, ['doctor']);
      assert.match(d.stdout, /FAIL coverage: 1 transcript files under .*; 1 not imported yet; 1 of them are refused by import: .*a\.jsonl \(UTF-16 text: convert it with `iconv -f UTF-16 -t UTF-8`\)/);
      assert.doesNotMatch(d.stdout, /run `tracebase import`\)/);
    } finally {
      u.cleanup();
    }
  });
  test('a store whose store.db is gone but whose key is there says so, and init starts it again with that key', () => {
    const u = tempEnv();
    try {
      assert.equal(cli(u.env, ['init']).code, 0);
      const key = readFileSync(join(u.home, 'key'), 'utf8');
      rmSync(join(u.home, 'store.db'));
      const r = cli(u.env, ['stats']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /has its key file but no store\.db \(deleted or moved\?\)\.\n\s+Put store\.db back from a backup .* or run `tracebase init` to start an empty one with the same key/);
      assert.equal(cli(u.env, ['init']).code, 0);
      assert.equal(readFileSync(join(u.home, 'key'), 'utf8'), key);
      assert.equal(cli(u.env, ['stats']).code, 0);
    } finally {
      u.cleanup();
    }
  });
  test('a key file others could read is made 0600 and the user is told', () => {
    const u = tempEnv();
    try {
      assert.equal(cli(u.env, ['init']).code, 0);
      const key = join(u.home, 'key');
      chmodSync(key, 0o644);
      const r = cli(u.env, ['stats']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /note: The key file .*key could be read by other users \(mode 0644\); it is 0600 now/);
      assert.equal(mode(key), '600');
      assert.equal(cli(u.env, ['stats']).stderr, '', 'said once');
      chmodSync(key, 0o640);
      const d = cli(u.env, ['doctor']);
      assert.match(d.stdout, /FAIL key file mode: The key file .* \(mode 0640\)/);
      assert.doesNotMatch(cli(u.env, ['doctor']).stdout, /key file mode/);
    } finally {
      u.cleanup();
    }
  });
  test('init does not take over a directory holding other files', () => {
    const u = tempEnv();
    try {
      mkdirSync(u.home, { mode: 0o755 });
      writeFileSync(join(u.home, 'notes.txt'), 'mine');
      const r = cli(u.env, ['init']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /is not empty \(it holds notes\.txt\) and holds no Tracebase store/);
      assert.match(r.stderr, /Set TRACE_HOME to a new or empty directory/);
      assert.equal(mode(u.home), '755', 'its mode is left alone');
      assert.deepEqual(readdirSync(u.home), ['notes.txt']);
      rmSync(join(u.home, 'notes.txt'));
      assert.equal(cli(u.env, ['init']).code, 0, 'an empty one is fine');
      assert.equal(mode(u.home), '700');
    } finally {
      u.cleanup();
    }
  });
  test('malformed TRACE_KEY: clear message, value not echoed, nothing written', () => {
    const before = sha(join(t.home, 'store.db'));
    const bad = 'hunter2-not-a-key';
    const r = cli({ ...t.env, TRACE_KEY: bad }, ['sessions']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /TRACE_KEY is not a valid key: it must be base64 of exactly 32 bytes/);
    assert.doesNotMatch(r.stderr + r.stdout, /hunter2/);
    assert.equal(sha(join(t.home, 'store.db')), before);
  });
  test('an empty TRACE_KEY or key file is said to be empty; import-file of what is no transcript file says why', () => {
    const r = cli({ ...t.env, TRACE_KEY: '  ' }, ['sessions']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /TRACE_KEY is not a valid key: it must be base64 of exactly 32 bytes \(got nothing: it is empty\)/);
    // A key file that is a folder: named, mode left alone, nothing changed.
    const keyFile = join(t.home, 'key');
    const key = readFileSync(keyFile);
    rmSync(keyFile);
    mkdirSync(keyFile, { mode: 0o755 });
    try {
      const k = cli(t.env, ['stats']);
      assert.equal(k.code, 1);
      assert.match(k.stderr, /The key file of the store at .* is a folder\. Nothing was changed\./);
      assert.equal(mode(keyFile), '755');
    } finally {
      rmSync(keyFile, { recursive: true });
      writeFileSync(keyFile, key, { mode: 0o600 });
    }
    // Another program's SQLite database in place of store.db: named as such, left alone.
    const other = tempEnv();
    try {
      assert.equal(cli(other.env, ['init']).code, 0);
      const db = join(other.home, 'store.db');
      rmSync(db);
      const foreign = new DatabaseSync(db);
      foreign.exec('CREATE TABLE notes (x TEXT)');
      foreign.close();
      const before = sha(db);
      for (const args of [['stats'], ['index']]) {
        const f = cli(other.env, args);
        assert.equal(f.code, 1, args.join(' '));
        assert.match(f.stderr, /is an SQLite database, but no Tracebase store/);
      }
      assert.equal(sha(db), before);
      // One in WAL mode with its log left beside it (its program killed): the log is not folded in.
      rmSync(db);
      const walMode = new DatabaseSync(db);
      walMode.exec("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('kept')");
      const log = readFileSync(`${db}-wal`);
      walMode.close();
      writeFileSync(`${db}-wal`, log);
      const walBefore = sha(db);
      assert.match(cli(other.env, ['stats']).stderr, /is an SQLite database, but no Tracebase store/);
      assert.equal(sha(db), walBefore);
      assert.deepEqual(readFileSync(`${db}-wal`), log);
    } finally {
      other.cleanup();
    }
    const loop = join(t.dir, 'loop-a.jsonl');
    symlinkSync(join(t.dir, 'loop-b.jsonl'), loop);
    symlinkSync(loop, join(t.dir, 'loop-b.jsonl'));
    mkdirSync(join(t.dir, 'folder.jsonl'), { recursive: true });
    writeFileSync(join(t.dir, 'agent-a1b2.meta.json'), '{"agentType":"Explore","description":"Find config loaders"}');
    for (const [path, why] of [
      [join(t.dir, 'missing.jsonl'), /cannot be imported: there is no such file\./],
      [loop, /cannot be imported: its symbolic links loop\./],
      [join(t.dir, 'folder.jsonl'), /cannot be imported: it is a folder \(`tracebase import` reads folders\)\./],
      // (A fuzzer took one for a transcript: a session of one unknown line.)
      [join(t.dir, 'agent-a1b2.meta.json'), /agent-a1b2\.meta\.json is a subagent's meta file \(its type and description\), not a transcript\. Nothing was imported\.\n.*import-file claude .*agent-a1b2\.jsonl/],
      // A line break in the name is shown escaped: it could fake a line of output (an audit).
      [join(t.dir, 'evil\nline.jsonl'), /evil\\nline\.jsonl cannot be imported: there is no such file\./],
      // A URL given as a path: its password is redacted (a leak hunt: resolved, it lost the form that marks it).
      ['https://admin:Zq8Lm3Vx9Rt2@db.example.com/x.jsonl', /https:\/\/admin:\[REDACTED:url_credentials\]@db\.example\.com\/x\.jsonl cannot be imported: there is no such file\./],
    ] as const) {
      const f = cli(t.env, ['import-file', 'claude', path]);
      assert.equal(f.code, 2, path);
      assert.match(f.stderr, why);
      assert.ok(!f.stderr.includes('Zq8Lm3Vx9Rt2'));
    }
  });
  test('a wrong key is refused before anything is read or written', () => {
    withSession(t);
    const before = sha(join(t.home, 'store.db'));
    const wrong = Buffer.alloc(32, 7).toString('base64');
    for (const args of [['import'], ['sessions'], ['init']]) {
      const r = cli({ ...t.env, TRACE_KEY: wrong }, args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, /does not match the store/);
      assert.match(r.stderr, /Nothing was changed/);
    }
    assert.equal(sha(join(t.home, 'store.db')), before);
  });
  test('a missing key file is reported with the fix', () => {
    const keyFile = join(t.home, 'key');
    const key = readFileSync(keyFile);
    rmSync(keyFile);
    const r = cli(t.env, ['sessions']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no key file/);
    assert.match(r.stderr, /TRACE_KEY/);
    // A link to a key on a drive not mounted is not "no key file" (a verification pass).
    const elsewhere = join(t.dir, 'usb-backup', 'tracebase.key');
    symlinkSync(elsewhere, keyFile);
    const linked = cli(t.env, ['sessions']);
    assert.equal(linked.code, 1);
    assert.ok(linked.stderr.includes(`is a link to ${elsewhere}, which does not exist`), linked.stderr);
    rmSync(keyFile);
    writeFileSync(keyFile, key, { mode: 0o600 });
    assert.equal(cli(t.env, ['sessions']).code, 0);
  });
  test('TRACE_KEY with the right key works without the key file', () => {
    const key = readFileSync(join(t.home, 'key'), 'utf8').trim();
    assert.equal(cli({ ...t.env, TRACE_KEY: key }, ['stats']).code, 0);
  });
  test('a store that is not a database is reported, not overwritten', () => {
    const u = tempEnv();
    try {
      mkdirSync(u.home, { recursive: true });
      writeFileSync(join(u.home, 'store.db'), 'this is not sqlite');
      writeFileSync(join(u.home, 'key'), Buffer.alloc(32, 1).toString('base64'));
      for (const cmd of ['sessions', 'index']) {
        const r = cli(u.env, [cmd]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /is not an SQLite database/);
        // `index` cannot copy records out of it: the advice does not send the user round in a circle.
        assert.doesNotMatch(r.stderr, /run `tracebase index`/);
        assert.match(r.stderr, /Restore store\.db from a backup/);
      }
      assert.equal(readFileSync(join(u.home, 'store.db'), 'utf8'), 'this is not sqlite');
    } finally {
      u.cleanup();
    }
  });
});

describe('bad input never crashes the importer', () => {
  const t = tempEnv();
  after(() => t.cleanup());
  test('malformed, truncated, binary and blank lines and empty files are counted and kept', () => {
    assert.equal(cli(t.env, ['init']).code, 0);
    const file = withSession(t, '33333333-aaaa-4bbb-8ccc-444444444444', 3);
    const good = readFileSync(file, 'utf8');
    const bad = [
      '{"type":"user","message":{"role":"user","content":"trunc',
      '\u0000\u0001\u0002\u00ff\u00fe binary \u0007',
      'not json at all',
      '[1,2,3]',
      '   ',
      '{"type":"user","message":{"role":"user","content":"tail"},"uuid":"x","sessionId":"33333333-aaaa-4bbb-8ccc-444444444444"}',
    ];
    writeFileSync(file, `${good}${bad.join('\n')}\n${Buffer.from([0xc3, 0x28, 0xa0, 0xa1]).toString('latin1')}\n`);
    writeFileSync(join(t.dir, 'claude', 'projects', '-home-dev-app', '55555555-aaaa-4bbb-8ccc-666666666666.jsonl'), '');
    const r = cli(t.env, ['import', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as { totals: { malformed: number; errors: number; files: number } };
    assert.equal(rep.totals.errors, 0);
    assert.equal(rep.totals.files, 2);
    assert.equal(rep.totals.malformed, 5);
    const doc = cli(t.env, ['doctor', '--json']);
    const d = JSON.parse(doc.stdout) as { filesWithProblems: { path: string; malformed: number }[] };
    assert.equal(d.filesWithProblems.length, 1);
    assert.equal(d.filesWithProblems[0]!.malformed, 5);
    const s = jsonl<{ id: string; prompts: number }>(cli(t.env, ['sessions', '--json']).stdout);
    assert.equal(s.length, 1);
    assert.equal(s[0]!.prompts, 4);
  });

  test('search --tool takes a tool name in any case; one no event has is said so, with the names there are (a new-user pass)', () => {
    const any = jsonl<{ tool: string | null }>(cli(t.env, ['search', '--tool', 'bash', '--limit', '5']).stdout);
    assert.ok(any.length > 0 && any.every((e) => e.tool === 'Bash'));
    const none = cli(t.env, ['search', 'tests', '--tool', 'Bashh']);
    assert.equal(none.code, 0);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /note: no event in this store is a call to a tool named Bashh; tools seen, most used first: .*Bash/);
  });

  test('search accepts any text: bad syntax is a usage error, never a crash', () => {
    for (const q of ['"unterminated', 'AND', '(((', 'foo NEAR(', '*', 'col:umn']) {
      const r = cli(t.env, ['search', q]);
      assert.ok(r.code === 0 || r.code === 2, `${q}: ${r.code} ${r.stderr}`);
      if (r.code === 2) assert.match(r.stderr, /not valid full-text query syntax|no words|no letters or digits/);
      assert.doesNotMatch(r.stderr, /unexpected error|at .*\.ts/);
    }
    // Words holding punctuation are the phrases they are indexed as, not syntax errors; a `-word`
    // (no such operator) is refused with the way to say it.
    const store0 = openStore(resolveConfig(t.env));
    const expected = (q: string) => searchEvents(store0, { query: q, literal: true }).length;
    try {
      for (const q of ['module1.test.ts', 'module0.test.ts tests:', 'npm test -- module1', "module1's", 'code:1']) {
        const r = cli(t.env, ['search', '--limit', '10000', q]);
        assert.equal(r.code, 0, `${q}: ${r.stderr}`);
        assert.equal(jsonl(r.stdout).length, expected(q), q);
      }
      assert.ok(expected('module1.test.ts') > 0 && expected('npm test -- module1') > 0, 'the fixtures hold these words');
    } finally {
      store0.close();
    }
    const minus = cli(t.env, ['search', '--', 'module -module1']);
    assert.equal(minus.code, 2);
    assert.match(minus.stderr, /not valid full-text query syntax\.\n.*`a NOT b`: there is no `-word`/);
    for (const q of ['"unterminated', 'foo" OR bar(', '🚀 émoji', 'C:\\path\\to', "it's"]) {
      const r = cli(t.env, ['search', '--literal', q]);
      assert.equal(r.code, 0, `${q}: ${r.stderr}`);
    }
    // Text that can never match (emoji, punctuation: not indexed) is told, not answered with nothing.
    for (const args of [['search', '🎉'], ['search', '--literal', '*'], ['search', '--literal', '🎉 🚀 ...'], ['search', '"—"']]) {
      const r = cli(t.env, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, /no letters or digits: emoji, symbols and punctuation are not indexed/);
      assert.equal(r.stdout, '');
    }
    assert.equal(jsonl(cli(t.env, ['search', 'module', '--provider', 'claude']).stdout).length > 0, true);
    // A query of thousands of words is refused before it costs minutes; an empty filter is a mistake, not "any".
    const huge = cli(t.env, ['search', Array(600).fill('ab').join(' OR ')]);
    assert.equal(huge.code, 2);
    assert.match(huge.stderr, /has 600 words; at most 512 are looked up/);
    assert.equal(cli(t.env, ['search', Array(500).fill('module').join(' OR ')]).code, 0);
    // Prefix words cost a scan of every word they begin (a security review sent 198 one-letter ones).
    const prefixes = cli(t.env, ['search', [...'abcdefghijklmnopq'].map((c) => `${c}*`).join(' OR ')]);
    assert.equal(prefixes.code, 2);
    assert.match(prefixes.stderr, /has 17 prefix words \(word\*\); at most 16 are looked up/);
    assert.equal(cli(t.env, ['search', [...'abcdefghijklmnop'].map((c) => `mod${c}*`).join(' OR ')]).code, 0);
    assert.equal(cli(t.env, ['search', '--literal', Array(40).fill('a*').join(' ')]).code, 0, 'literal: a * is no prefix');
    for (const flag of ['--session-id', '--tool']) {
      const r = cli(t.env, ['search', 'module', flag, '']);
      assert.equal(r.code, 2, flag);
      assert.match(r.stderr, new RegExp(`${flag} needs a value`));
    }
    // An option given twice is refused, not "the last wins"; a negative number gets the option's own message.
    const twice = cli(t.env, ['search', 'module', '--provider', 'claude', '--provider', 'codex']);
    assert.deepEqual([twice.code, twice.stdout], [2, '']);
    assert.match(twice.stderr, /--provider is given more than once/);
    for (const args of [['search', 'module', '--limit', '-1'], ['sessions', '--limit', '-1']]) {
      const r = cli(t.env, args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /--limit must be a whole number from 1 to/);
    }
    const store = openStore(resolveConfig(t.env));
    try {
      assert.throws(() => searchEvents(store, { query: 'a\0b' }), { code: 'QUERY_INVALID' });
      // Library callers are not checked by the CLI: a kind that is not one matches nothing, a date that is not one is refused.
      assert.ok(searchEvents(store, { kind: 'tool_call' }).length > 0);
      for (const kind of ['toString', 'constructor', 'nope']) assert.deepEqual(searchEvents(store, { kind }), [], kind);
      assert.throws(() => searchEvents(store, { since: 'yesterday-ish' }), { code: 'USAGE' });
    } finally {
      store.close();
    }
  });
});

describe('integrity and deletion', () => {
  const t = tempEnv();
  after(() => t.cleanup());
  test('a modified sealed record is detected by doctor, show and index', () => {
    assert.equal(cli(t.env, ['init']).code, 0);
    withSession(t);
    assert.equal(cli(t.env, ['import']).code, 0);
    const ev = jsonl<{ id: string }>(cli(t.env, ['search', 'module', '--limit', '1']).stdout)[0]!;
    assert.equal(cli(t.env, ['show', ev.id]).code, 0);
    assert.equal(cli(t.env, ['show', ev.id.toUpperCase()]).stdout, cli(t.env, ['show', ev.id]).stdout, 'an id in capitals is the same id');
    assert.equal((JSON.parse(cli(t.env, ['show', ` ${ev.id.toUpperCase()}`, '--json']).stdout) as { id: string }).id, ev.id, '--json names it as stored');
    damageFirstSegment(join(t.home, 'store.db'));
    const doc = cli(t.env, ['doctor']);
    assert.equal(doc.code, 1);
    assert.match(doc.stdout, /FAIL store integrity: .*1 failed authentication/);
    const show = cli(t.env, ['show', ev.id]);
    assert.equal(show.code, 1);
    assert.match(show.stderr, /failed its integrity check/);
    // index stops rather than drop the events the index still holds (nothing changes) …
    const before = cli(t.env, ['sessions', '--json']).stdout;
    const hits = cli(t.env, ['search', 'module']).stdout;
    const idx = cli(t.env, ['index']);
    assert.equal(idx.code, 1);
    assert.match(idx.stderr, /failed its integrity check.*Nothing was changed\. It holds events of session 11111111-aaaa-4bbb-8ccc-222222222222/);
    assert.match(idx.stderr, /`tracebase index --force` rebuilds without the damaged segments, then `tracebase import` reads that transcript again \(or `tracebase purge --session-id <id>`, then `tracebase import-file <provider> <file>`\)/);
    assert.equal(cli(t.env, ['sessions', '--json']).stdout, before);
    assert.equal(cli(t.env, ['search', 'module']).stdout, hits);
    // … unless forced: then the damaged segment's lines leave the index, and it says so …
    const forced = cli(t.env, ['index', '--force']);
    assert.equal(forced.code, 1);
    assert.match(forced.stderr, /failed their integrity check and were left out, with their lines\. Run `tracebase import` to read their transcripts again/);
    assert.ok(jsonl<{ events: number }>(cli(t.env, ['sessions', '--json', '--all']).stdout).reduce((n, s) => n + s.events, 0) < jsonl<{ events: number }>(before).reduce((n, s) => n + s.events, 0));
    assert.match(cli(t.env, ['doctor']).stdout, /ok {3}store integrity/, 'no damaged record left');
    // … and import reads the transcript again: everything is back, nothing twice.
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.equal(cli(t.env, ['doctor']).code, 0);
    assert.equal(cli(t.env, ['sessions', '--json']).stdout, before);
    assert.equal(cli(t.env, ['search', 'module']).stdout.split('\n').length, hits.split('\n').length);
  });

  test('the map from event ids to sealed lines is checked: a moved row is found by show and doctor and mapped again by index; a deleted record is named and read again from disk (an acceptance audit)', () => {
    const u = tempEnv();
    try {
      assert.equal(cli(u.env, ['init']).code, 0);
      withSession(u, '12341234-aaaa-4bbb-8ccc-222222222222', 6);
      assert.equal(cli(u.env, ['import']).code, 0);
      const before = cli(u.env, ['sessions', '--json']).stdout;
      const [ev] = jsonl<{ id: string }>(cli(u.env, ['search', 'module', '--limit', '1']).stdout);
      const line = cli(u.env, ['show', ev!.id]).stdout;
      const edit = (sql: string) => {
        const db = new DatabaseSync(join(u.home, 'store.db'));
        try {
          db.exec(sql);
        } finally {
          db.close();
        }
      };
      // A row of the map moved: the id now names the next line of the segment.
      edit(`UPDATE line_ids SET n = n + 1 WHERE h = x'${ev!.id}'`);
      const show = cli(u.env, ['show', ev!.id]);
      assert.equal(show.code, 1);
      assert.equal(show.stdout, '', 'no line is printed');
      assert.match(show.stderr, /points .* at another line: store\.db was modified or damaged[\s\S]*Run `tracebase index`/);
      const doc = cli(u.env, ['doctor']);
      assert.equal(doc.code, 1);
      assert.match(doc.stdout, /FAIL line map: 1 sealed line\(s\) are not found where they are/);
      assert.equal(cli(u.env, ['index']).code, 0);
      assert.equal(cli(u.env, ['show', ev!.id]).stdout, line, 'index maps it again');
      assert.equal(cli(u.env, ['doctor']).code, 0);
      // A sealed record deleted: its lines are named, not silently lost.
      edit('DELETE FROM segments');
      assert.match(cli(u.env, ['doctor']).stdout, /FAIL line map: \d+ stored line\(s\) have no sealed record/);
      const idx = cli(u.env, ['index']);
      assert.equal(idx.code, 1);
      assert.match(idx.stderr, /stored line\(s\) have no sealed record: records were deleted from store\.db .*Nothing was changed\.[\s\S]*`tracebase index --force`/);
      assert.equal(cli(u.env, ['sessions', '--json']).stdout, before, 'nothing changed');
      const forced = cli(u.env, ['index', '--force']);
      assert.equal(forced.code, 1);
      assert.match(forced.stderr, /had no sealed record \(deleted from store\.db\): they were forgotten, and the checkpoints of the transcripts still on disk dropped\. Run `tracebase import`/);
      // The transcript is still on disk: import stores its lines again, nothing twice.
      assert.equal(cli(u.env, ['import']).code, 0);
      assert.equal(cli(u.env, ['sessions', '--json']).stdout, before);
      assert.equal(cli(u.env, ['show', ev!.id]).stdout, line);
      assert.equal(cli(u.env, ['doctor']).code, 0);
    } finally {
      u.cleanup();
    }
  });

  test('show of an unknown event id says so', () => {
    const r = cli(t.env, ['show', 'ffffffffffffffffffffffff']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No event/);
  });

  test('purge of an id start that several sessions share names five and counts the rest (a new-user pass: the list stopped at five)', () => {
    const u = tempEnv();
    try {
      assert.equal(cli(u.env, ['init']).code, 0);
      for (let i = 1; i <= 7; i++) withSession(u, `abcdef0${i}-aaaa-4bbb-8ccc-888888888888`);
      assert.equal(cli(u.env, ['import']).code, 0);
      const r = cli(u.env, ['purge', '--session-id', 'abcdef0']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /it starts the ids of abcdef01-aaaa-4bbb-8ccc-888888888888, .*, abcdef05-aaaa-4bbb-8ccc-888888888888 and 2 more\./);
      assert.equal(jsonl(cli(u.env, ['sessions', '--json']).stdout).length, 7, 'nothing purged');
    } finally {
      u.cleanup();
    }
  });

  test('purge removes a session from raw store and index', () => {
    const u = tempEnv();
    try {
      assert.equal(cli(u.env, ['init']).code, 0);
      withSession(u, '77777777-aaaa-4bbb-8ccc-888888888888');
      withSession(u, '99999999-aaaa-4bbb-8ccc-000000000000');
      assert.equal(cli(u.env, ['import']).code, 0);
      const before = JSON.parse(cli(u.env, ['stats', '--json']).stdout) as { rawLines: number };
      // A dry run says what would go, and takes nothing.
      const sessionsBefore = cli(u.env, ['sessions', '--json']).stdout;
      const dry = cli(u.env, ['purge', '--session-id', '77777777-aaaa-4bbb-8ccc-888888888888', '--dry-run']);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /^Would purge 1 session\(s\) \(\d+ events?, \d+ sealed segments?\): 77777777-aaaa-4bbb-8ccc-888888888888\.\nNothing was deleted\. Its transcript file\(s\): /);
      assert.equal(cli(u.env, ['sessions', '--json']).stdout, sessionsBefore);
      assert.equal((JSON.parse(cli(u.env, ['stats', '--json']).stdout) as { rawLines: number }).rawLines, before.rawLines);
      assert.equal(cli(u.env, ['import']).stdout.includes('purged'), false, 'nothing remembered as purged');
      const r = cli(u.env, ['purge', '--session-id', '77777777-aaaa-4bbb-8ccc-888888888888']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^Purged 1 session\(s\) \(\d+ events?, \d+ sealed segments?\): 77777777-aaaa-4bbb-8ccc-888888888888\./);
      const ids = jsonl<{ id: string }>(cli(u.env, ['sessions', '--json']).stdout).map((s) => s.id);
      assert.deepEqual(ids, ['99999999-aaaa-4bbb-8ccc-000000000000']);
      const gone = cli(u.env, ['search', 'module', '--session-id', '77777777-aaaa-4bbb-8ccc-888888888888']);
      assert.deepEqual([gone.code, gone.stdout], [1, '']);
      assert.match(gone.stderr, /No session with id/);
      const after = JSON.parse(cli(u.env, ['stats', '--json']).stdout) as { rawLines: number };
      assert.equal(after.rawLines, before.rawLines / 2);
      assert.equal(cli(u.env, ['purge', '--session-id', 'nope']).code, 1);
      // Run again (as after a purge stopped once it had committed): said to be done, not unknown (a crash audit).
      const purgedAgain = cli(u.env, ['purge', '--session-id', '77777777-aaaa-4bbb-8ccc-888888888888']);
      assert.equal(purgedAgain.code, 0, purgedAgain.stderr);
      assert.match(purgedAgain.stdout, /^Session 77777777-aaaa-4bbb-8ccc-888888888888 was purged already \(20\d\d-.*\): nothing of it is left to delete\.\n$/);
      assert.equal((JSON.parse(cli(u.env, ['purge', '--session-id', '77777777-aaaa-4bbb-8ccc-888888888888', '--json']).stdout) as { alreadyPurged: boolean }).alreadyPurged, true);

      // The transcript is still on disk: import skips it from now on, and says so; doctor is content.
      assert.match(r.stdout, /`tracebase import` skips them from now on/);
      const again = cli(u.env, ['import']);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /1 transcript\(s\) whose sessions were purged were skipped/);
      assert.equal(JSON.parse(cli(u.env, ['import', '--json']).stdout).purged, 1);
      assert.deepEqual(jsonl<{ id: string }>(cli(u.env, ['sessions', '--json']).stdout).map((s) => s.id), ['99999999-aaaa-4bbb-8ccc-000000000000']);
      const doc = cli(u.env, ['doctor']);
      assert.match(doc.stdout, /ok {3}coverage: .*0 not imported yet; 1 purged \(skipped by import\)/);
      // A rebuilt index and a salvage keep the purge records (they are raw store, not index).
      assert.equal(cli(u.env, ['index']).code, 0);
      assert.match(cli(u.env, ['import']).stdout, /1 transcript\(s\) whose sessions were purged were skipped/);
      // import-file, naming it, takes it back (once: then it is an ordinary transcript again).
      const file = join(u.dir, 'claude', 'projects', '-home-dev-app', '77777777-aaaa-4bbb-8ccc-888888888888.jsonl');
      const back = cli(u.env, ['import-file', 'claude', file]);
      assert.equal(back.code, 0, back.stderr);
      assert.match(back.stderr, /its session was purged before; imported again as asked/);
      assert.equal(JSON.parse(cli(u.env, ['stats', '--json']).stdout).rawLines, before.rawLines);
      assert.doesNotMatch(cli(u.env, ['import']).stdout, /purged/);
    } finally {
      u.cleanup();
    }
  });
});

describe('sessions --json', () => {
  const t = tempEnv();
  after(() => t.cleanup());
  test('one object per session with the documented fields', () => {
    assert.equal(cli(t.env, ['init']).code, 0);
    withSession(t, '12121212-aaaa-4bbb-8ccc-343434343434', 6);
    assert.equal(cli(t.env, ['import']).code, 0);
    const [s] = jsonl<Record<string, unknown>>(cli(t.env, ['sessions', '--json']).stdout);
    for (const k of ['id', 'provider', 'parentId', 'cwd', 'models', 'startedAt', 'endedAt', 'events', 'toolCalls', 'toolErrors', 'tokens', 'subagentTokens', 'redactions']) {
      assert.ok(k in s!, k);
    }
    assert.equal(s!['provider'], 'claude');
    assert.equal(s!['toolCalls'], 6);
    assert.equal(s!['toolErrors'], 2);
    // 6 messages, each usage: input 5+i, cache write 100, cache read 2000+i, output 40+i (i = 0..5).
    assert.deepEqual(s!['tokens'], { input: 6 * 2105 + 2 * 15, cacheRead: 6 * 2000 + 15, cacheWrite: 600, output: 6 * 40 + 15, reasoning: 0 });
    assert.deepEqual(s!['models'], ['claude-sonnet-4-5-20250929']);
    assert.equal(s!['cwd'], '/home/dev/app');
  });
  test('an empty list says why: filters that match nothing are not an empty store', () => {
    assert.equal(cli(t.env, ['sessions', '--provider', 'codex']).stdout, 'No sessions match these filters (1 in the store, subagents included).\n');
    assert.equal(cli(t.env, ['sessions', '--since', '2099-01-01', '--all']).stdout, 'No sessions match these filters (1 in the store, subagents included).\n');
    const u = tempEnv();
    try {
      assert.equal(cli(u.env, ['init']).code, 0);
      assert.match(cli(u.env, ['sessions']).stdout, /^No sessions yet\. Run `tracebase import`/);
      assert.match(cli(u.env, ['stats']).stdout, /\n\nNo sessions yet\. Run `tracebase import`/, 'stats: no empty table');
      // Transcripts imported, but empty (a session its agent has not written to yet): not "run import".
      const empty = join(u.dir, 'empty.jsonl');
      writeFileSync(empty, '');
      assert.match(cli(u.env, ['import-file', 'claude', empty]).stdout, /Imported 1 of 1 file \(0 unchanged\): 0 new lines, 0 events/);
      assert.match(cli(u.env, ['sessions', '--all']).stdout, /^No sessions yet: the transcript imported so far is empty\. A session appears once its agent writes to it/);
      assert.match(cli(u.env, ['stats']).stdout, /No sessions yet: the transcript imported so far is empty/);
    } finally {
      u.cleanup();
    }
  });
});

describe('mistakes a review made on purpose', () => {
  const t = tempEnv();
  after(() => t.cleanup());

  test('stray words, unknown help topics and impossible dates are usage errors (exit 2), never imports or crashes', () => {
    withSession(t);
    assert.equal(cli(t.env, ['init']).code, 0);
    for (const args of [['import', '/tmp/some-file.jsonl'], ['index', 'foo'], ['sessions', 'extra'], ['stats', 'x'], ['doctor', 'x'], ['show', 'a', 'b']]) {
      const r = cli(t.env, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /Unexpected argument|Missing|malformed/i);
    }
    assert.equal(JSON.parse(cli(t.env, ['stats', '--json']).stdout).providers.reduce((a: number, p: { events: number }) => a + p.events, 0), 0, 'nothing was imported');
    assert.equal(cli(t.env, ['search', 'two', 'words']).code, 0, 'a query may be several words');
    const h = cli(t.env, ['help', 'bogus']);
    assert.equal(h.code, 2);
    assert.equal(h.stdout, '');
    assert.match(h.stderr, /unknown command "bogus"/);
    for (const since of ['99999999999d', '2026-01-01 junk junk', '2026-02-30', '2026-13-01', '2026-02-30T10:00:00Z', 'yesterday']) {
      const r = cli(t.env, ['sessions', '--since', since]);
      assert.equal(r.code, 2, `${since}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /unexpected error/);
      // A day not on the calendar is said so; anything else gets the forms a date may take.
      assert.match(r.stderr, since.startsWith('2026-02-30') ? /--since: 2026-02-30 is not a day of the calendar/ : /--since must be a date like/);
    }
    assert.equal(cli(t.env, ['sessions', '--since', '2026-02-28T10:00:00+02:00']).code, 0);
  });

  test('output cut short by the reader (| head -1) ends quietly', () => {
    withSession(t, '22222222-aaaa-4bbb-8ccc-222222222222', 40);
    assert.equal(cli(t.env, ['import']).code, 0);
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" "${BIN}" recent --limit 5000 | head -c 10 >/dev/null`], { env: t.env, encoding: 'utf8' });
    assert.equal(r.stderr, '');
  });

  test('output that cannot be written (a full disk) is said, without a stack trace (a bad-input pass)', { skip: !existsSync('/dev/full') }, () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, 'sessions', '--json'], { env: t.env, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^tracebase: could not write the output \(the disk it goes to is full\)/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      closeSync(full);
    }
  });

  test('a relative TRACE_HOME in a folder deleted since, or a path too long, is said, not called a bug (a bad-input pass)', () => {
    const gone = join(t.dir, 'gone');
    mkdirSync(gone);
    const r = spawnSync('/bin/sh', ['-c', `cd "${gone}" && rmdir "${gone}" && exec "${process.execPath}" "${BIN}" stats`], { env: { ...t.env, TRACE_HOME: 'rel' }, encoding: 'utf8' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^tracebase: The folder this command was started in no longer exists/);
    const long = cli({ ...t.env, TRACE_HOME: join(t.dir, 'x'.repeat(300)) }, ['stats']);
    assert.equal(long.code, 2);
    assert.match(long.stderr, /A path is longer than the file system allows/);
    assert.doesNotMatch(r.stderr + long.stderr, /This is a bug|\n\s+at /);
  });

  test('demo --home refuses a directory that already holds something, and an empty value', () => {
    const r = cli(t.env, ['demo', '--home', t.home]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not an empty directory/);
    assert.doesNotMatch(r.stdout, /rm -rf/);
    const before = JSON.parse(cli(t.env, ['stats', '--json']).stdout);
    assert.deepEqual(JSON.parse(cli(t.env, ['stats', '--json']).stdout), before);
    assert.equal(cli(t.env, ['demo', '--home', '']).code, 2);
    const fresh = join(t.dir, 'demo-new');
    assert.equal(cli(t.env, ['demo', '--home', fresh]).code, 0, 'a new directory is fine');
  });

  // (util-linux's prlimit sets a file-size limit for one command, as a full disk refuses a write.)
  const prlimit = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
  test('a demo the disk refused takes away what it wrote: the same command works once there is room (a robustness hunt: its key file made the rerun refuse the folder)', { skip: prlimit ? false : 'prlimit (util-linux) is not installed' }, () => {
    for (const made of [false, true]) {
      const home = join(t.dir, `demo-full-${made}`);
      if (made) mkdirSync(home);
      const r = spawnSync(prlimit!, ['--fsize=60000', process.execPath, BIN, 'demo', '--home', home], { env: t.env, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /The disk refused a write while creating the store/);
      assert.deepEqual(existsSync(home) ? readdirSync(home) : 'gone', made ? [] : 'gone');
      const again = cli(t.env, ['demo', '--home', home]);
      assert.equal(again.code, 0, again.stderr);
    }
    // A link to nowhere is the user's: a demo that cannot make its folder there leaves it (a review).
    const link = join(t.dir, 'demo-link');
    symlinkSync(join(t.dir, 'demo-nowhere'), link);
    const r = cli(t.env, ['demo', '--home', link]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(lstatSync(link).isSymbolicLink(), true);
  });

  test('a damaged database: doctor reports it, other commands say so, nothing is called a bug', () => {
    const u = tempEnv();
    try {
      withSession(u, '33333333-aaaa-4bbb-8ccc-222222222222', 200);
      assert.equal(cli(u.env, ['init']).code, 0);
      assert.equal(cli(u.env, ['import']).code, 0);
      const db = join(u.home, 'store.db');
      const bytes = readFileSync(db);
      for (let at = 8192; at < bytes.length; at += 16384) bytes.fill(0x5a, at, at + 2000);
      writeFileSync(db, bytes);
      const d = cli(u.env, ['doctor']);
      assert.equal(d.code, 1);
      assert.match(d.stdout, /FAIL (store integrity|key \/ store).*(malformed|damaged)/);
      assert.doesNotMatch(d.stdout + d.stderr, /This is a bug|unexpected error/);
      assert.doesNotMatch(d.stdout, /Run `tracebase doctor`/, 'doctor does not send you to doctor');
      for (const args of [['recent'], ['index'], ['doctor', '--json']]) {
        const r = cli(u.env, args);
        assert.doesNotMatch(r.stderr, /This is a bug|unexpected error/, `${args.join(' ')}: ${r.stderr}`);
      }
    } finally {
      u.cleanup();
    }
  });

  test('a store path that is a file gives a clear message', () => {
    const file = join(t.dir, 'a-file');
    writeFileSync(file, 'x');
    for (const home of [file, join(file, 'sub')]) {
      const r = cli({ ...t.env, TRACE_HOME: home }, ['init']);
      assert.equal(r.code, 1);
      assert.doesNotMatch(r.stderr, /This is a bug|unexpected error/, r.stderr);
      assert.match(r.stderr, /TRACE_HOME/);
      assert.match(r.stderr, home === file ? /The store directory .*a-file cannot be one: it is a file\./ : /a-file\/sub cannot be one: .*a-file is a file\./);
    }
  });
});

test('a store whose index an earlier version laid out is refused with the way out; index rebuilds it to the same results', () => {
  const t = tempEnv();
  try {
    const file = withSession(t, '12345678-aaaa-4bbb-8ccc-123412341234', 5);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = { sessions: cli(t.env, ['sessions', '--json', '--all']).stdout, hits: cli(t.env, ['search', 'module']).stdout };
    assert.notEqual(before.hits, '');
    // As a store from before index version 2 (2026-11-26) is: no index_version, no names table.
    const db = new DatabaseSync(resolveConfig(t.env).dbFile);
    db.exec("DELETE FROM meta WHERE k = 'index_version'; DROP TABLE names");
    db.close();
    for (const args of [['sessions'], ['search', 'module'], ['import']]) {
      const r = cli(t.env, args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, /built by an earlier version of Tracebase/);
      assert.match(r.stderr, /Run `tracebase index` once/);
    }
    const doc = cli(t.env, ['doctor']);
    assert.equal(doc.code, 1);
    assert.match(doc.stdout, /ok {3}key: matches the store/);
    assert.match(doc.stdout, /FAIL index layout: .*built by an earlier version.*Run `tracebase index` once/);
    const idx = cli(t.env, ['index']);
    assert.equal(idx.code, 0, idx.stderr);
    assert.equal(cli(t.env, ['sessions', '--json', '--all']).stdout, before.sessions);
    assert.equal(cli(t.env, ['search', 'module']).stdout, before.hits);
    // An older version's `index` run on it lays the tables out its way under the same record: also refused.
    const db2 = new DatabaseSync(resolveConfig(t.env).dbFile);
    db2.exec('DROP TABLE events; CREATE TABLE events (rowid INTEGER PRIMARY KEY, sid INTEGER NOT NULL, h BLOB NOT NULL, n INTEGER NOT NULL, kind TEXT NOT NULL, subtype TEXT NOT NULL, ts TEXT)');
    db2.close();
    // … and with a damaged segment, the way out does not go through commands that wait for the rebuild.
    damageFirstSegment(resolveConfig(t.env).dbFile);
    assert.match(cli(t.env, ['search', 'module']).stderr, /built by an earlier version of Tracebase/);
    const stop = cli(t.env, ['index']);
    assert.equal(stop.code, 1);
    assert.match(stop.stderr, /failed its integrity check.*Nothing was changed/);
    assert.match(stop.stderr, /Restore store\.db from a backup, or run `tracebase index --force`/);
    assert.equal(cli(t.env, ['index', '--force']).code, 1, 'rebuilt, the damaged segment left out (exit 1 says so)');
    assert.equal(cli(t.env, ['sessions']).code, 0);
    // The rest of the advice: its events left the index with the segment, yet purge finds the
    // transcript by the session id, and import-file reads it again.
    const purged = cli(t.env, ['purge', '--session-id', '12345678-aaaa-4bbb-8ccc-123412341234']);
    assert.equal(purged.code, 0, purged.stderr);
    assert.match(purged.stdout, /Purged 1 session/);
    assert.equal(cli(t.env, ['doctor']).code, 0, 'no damaged record left');
    const back = cli(t.env, ['import-file', 'claude', file]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(cli(t.env, ['sessions', '--json', '--all']).stdout, before.sessions);
  } finally {
    t.cleanup();
  }
});

test('a store with nothing imported yet gets the current index layout without being asked', () => {
  const t = tempEnv();
  try {
    withSession(t);
    assert.equal(cli(t.env, ['init']).code, 0);
    const db = new DatabaseSync(resolveConfig(t.env).dbFile);
    db.exec("DELETE FROM meta WHERE k = 'index_version'; DROP TABLE names");
    db.close();
    const r = cli(t.env, ['import']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(jsonl(cli(t.env, ['sessions', '--json']).stdout).length, 1);
  } finally {
    t.cleanup();
  }
});

test('doctor says when the index was redacted by older rules, and index applies the current ones', () => {
  const t = tempEnv();
  try {
    withSession(t);
    assert.equal(cli(t.env, ['init']).code, 0);
    // An empty index an older version made (no rules recorded) takes the current rules at once.
    const fresh = new DatabaseSync(resolveConfig(t.env).dbFile);
    fresh.exec("DELETE FROM meta WHERE k = 'redaction_rules'");
    fresh.close();
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.match(cli(t.env, ['doctor']).stdout, /ok {3}redaction rules: the index was redacted by the current rules \(\d{4}-\d\d-\d\d(?:\.\d+)?\)/);
    // As a store indexed before the rules were recorded.
    const db = new DatabaseSync(resolveConfig(t.env).dbFile);
    db.exec("DELETE FROM meta WHERE k = 'redaction_rules'");
    db.close();
    const doc = cli(t.env, ['doctor']);
    assert.equal(doc.code, 1);
    assert.match(doc.stdout, /FAIL redaction rules: the index was redacted by older rules \(before 2026-11-26\).*run `tracebase index` to apply them/);
    assert.equal(cli(t.env, ['sessions']).code, 0, 'other commands carry on');
    // As a store indexed by the rules of an earlier release.
    const older = new DatabaseSync(resolveConfig(t.env).dbFile);
    older.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('redaction_rules', '2026-11-26')");
    older.close();
    assert.ok(cli(t.env, ['doctor']).stdout.includes(`FAIL redaction rules: the index was redacted by older rules (2026-11-26); the current ones (${REDACTION_RULES})`));
    assert.equal(cli(t.env, ['index']).code, 0);
    assert.match(cli(t.env, ['doctor']).stdout, /ok {3}redaction rules: the index was redacted by the current rules/);
  } finally {
    t.cleanup();
  }
});

test('doctor says when the index was built by an older reading of transcripts, and index brings it up to date', () => {
  const t = tempEnv();
  try {
    withSession(t);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.match(cli(t.env, ['doctor']).stdout, /ok {3}transcript reading: the index was built by the current reading of transcripts \(\d{4}-\d\d-\d\d(?:\.\d+)?\)/);
    for (const [recorded, shown] of [[null, 'before 2026-11-26.1'], ['2026-11-26', '2026-11-26']] as const) {
      const db = new DatabaseSync(resolveConfig(t.env).dbFile);
      if (recorded === null) db.exec("DELETE FROM meta WHERE k = 'reading_rules'");
      else db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('reading_rules', ?)").run(recorded);
      db.close();
      const doc = cli(t.env, ['doctor']);
      assert.equal(doc.code, 1);
      assert.ok(doc.stdout.includes(`FAIL transcript reading: the index was built by an older reading of transcripts (${shown}); the current one (${READING_RULES})`), doc.stdout);
      assert.match(doc.stdout, /run `tracebase index` to rebuild it/);
    }
    assert.equal(cli(t.env, ['index']).code, 0);
    assert.match(cli(t.env, ['doctor']).stdout, /ok {3}transcript reading: the index was built by the current reading/);
  } finally {
    t.cleanup();
  }
});

test('an empty store.db, or one cut to a few bytes, is reported and left as it is', () => {
  const t = tempEnv();
  try {
    assert.equal(cli(t.env, ['init']).code, 0);
    const db = join(t.home, 'store.db');
    writeFileSync(db, '');
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    const r = cli(t.env, ['stats']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /empty file/);
    assert.equal(statSync(db).size, 0);
    // Cut to a few bytes: SQLite would take it for a new database and write one over it.
    writeFileSync(db, 'SQLite for');
    for (const args of [['stats'], ['index'], ['doctor']]) {
      const c = cli(t.env, args);
      assert.equal(c.code, 1, args[0]);
      assert.match(c.stdout + c.stderr, /is not an SQLite database \(cut short to a few bytes/, args[0]);
    }
    assert.equal(readFileSync(db, 'utf8'), 'SQLite for', 'left as it is');
  } finally {
    t.cleanup();
  }
});

test('a transcript named with the wrong provider is refused with the command that imports it right; nothing is stored', () => {
  const t = tempEnv();
  try {
    const file = withSession(t, '44444444-aaaa-4bbb-8ccc-222222222222', 2);
    assert.equal(cli(t.env, ['init']).code, 0);
    const wrong = cli(t.env, ['import-file', 'codex', file]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /reads as a Claude Code transcript \(\d+ of its first \d+ lines\), not a Codex one\. Nothing was imported\.\n\s+Run `tracebase import-file claude /);
    assert.equal(cli(t.env, ['sessions', '--json', '--all']).stdout, '');
    // A one-line file read whole, and a TS-era Codex document (a JSON document, not lines), too.
    const oneLine = join(t.dir, 'one-line.jsonl');
    writeFileSync(oneLine, readFileSync(file, 'utf8').split('\n')[0]!);
    assert.equal(cli(t.env, ['import-file', 'codex', oneLine]).code, 2);
    const doc = readdirSync(join(OWN_FIXTURES, 'codex', 'sessions')).find((n) => n.endsWith('.json'))!;
    const tsEra = cli(t.env, ['import-file', 'claude', join(OWN_FIXTURES, 'codex', 'sessions', doc)]);
    assert.equal(tsEra.code, 2);
    assert.match(tsEra.stderr, /reads as a Codex transcript/);
    assert.equal(cli(t.env, ['import-file', 'claude', file]).code, 0);
    const sessions = jsonl<{ provider: string; toolCalls: number }>(cli(t.env, ['sessions', '--json']).stdout);
    assert.deepEqual(sessions.map((s) => [s.provider, s.toolCalls]), [['claude', 2]]);
    // A binary file named by mistake is refused, nothing stored (a new-user pass: it was kept, with a note).
    const binary = join(t.dir, 'not-a-transcript.jsonl');
    writeFileSync(binary, Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 37) % 256)));
    const b = cli(t.env, ['import-file', 'claude', binary]);
    assert.equal(b.code, 1, b.stderr);
    assert.match(b.stderr, /this file holds binary data .*nothing of it was stored/);
    assert.equal(jsonl(cli(t.env, ['sessions', '--json', '--all']).stdout).length, sessions.length, 'no session made of it');
    // A text file of no JSON at all: kept, and a note asks whether it is a transcript.
    const text = join(t.dir, 'notes.jsonl');
    writeFileSync(text, 'first note\nsecond note\n');
    const n = cli(t.env, ['import-file', 'claude', text]);
    assert.equal(n.code, 0, n.stderr);
    assert.match(n.stderr, /note: none of its \d+ lines is a JSON object \(kept encrypted, counted as malformed; no session was made of them\): is it a transcript\? `tracebase doctor` lists it/);
    assert.equal(jsonl(cli(t.env, ['sessions', '--json', '--all']).stdout).length, sessions.length, 'no session made of it');
    // `import` says the same of such a file in the folders it reads; not of a transcript a stray line was appended to (a review).
    const project = join(t.dir, 'claude-home', 'projects', '-home-dev-app');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, '77777777-2222-4333-8444-555555555555.jsonl'), 'just notes\nmore\n');
    copyFileSync(file, join(project, '88888888-2222-4333-8444-555555555555.jsonl'));
    const env = { ...t.env, CLAUDE_CONFIG_DIR: join(t.dir, 'claude-home'), CODEX_HOME: join(t.dir, 'no-codex') };
    const first = cli(env, ['import', '--provider', 'claude']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /note: no line of this file is a JSON object .*77777777-2222-4333-8444-555555555555\.jsonl\. Is it a transcript\?/);
    assert.doesNotMatch(first.stderr, /88888888/);
    appendFileSync(join(project, '88888888-2222-4333-8444-555555555555.jsonl'), 'not json at all\n');
    const again = cli(env, ['import', '--provider', 'claude']);
    assert.equal(again.code, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /no line of this file/);
    appendFileSync(text, 'third note\n');
    assert.doesNotMatch(cli(t.env, ['import-file', 'claude', text]).stderr, /none of its/, 'appended to: its earlier lines were read before');
  } finally {
    t.cleanup();
  }
});

test('a directory import meets a file imported as the other provider: it says so, per file', () => {
  const t = tempEnv();
  try {
    const file = withSession(t, '55555555-aaaa-4bbb-8ccc-222222222222', 2);
    const session = readFileSync(file);
    assert.equal(cli(t.env, ['init']).code, 0);
    // Imported as codex while it held a line neither provider reads (import-file refuses a file
    // the other provider reads), then written as a Claude transcript.
    writeFileSync(file, '{"type":"note"}\n');
    assert.equal(cli(t.env, ['import-file', 'codex', file]).code, 0);
    writeFileSync(file, session);
    const r = cli(t.env, ['import', '--provider', 'claude']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /imported before as a codex transcript, so not read as claude[\s\S]*purge/);
  } finally {
    t.cleanup();
  }
});

test('times are stored in one form, so --since compares them right (microseconds, no fraction, offsets)', () => {
  const t = tempEnv();
  try {
    const id = '77777777-aaaa-4bbb-8ccc-222222222222';
    const dir = join(t.dir, 'claude', 'projects', '-home-dev-app');
    mkdirSync(dir, { recursive: true });
    const line = (uuid: string, ts: string, text: string) => JSON.stringify({ type: 'user', uuid, sessionId: id, timestamp: ts, message: { role: 'user', content: text } });
    writeFileSync(join(dir, `${id}.jsonl`), `${[
      line('u1', '2025-07-03T15:50:07.874310Z', 'micro seconds'),
      line('u2', '2025-07-03T15:50:08Z', 'no fraction'),
      line('u3', '2025-07-03T17:50:09.000+02:00', 'with offset'),
    ].join('\n')}\n`);
    t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'claude');
    t.env['CODEX_HOME'] = join(t.dir, 'no-codex');
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const texts = (since: string) => jsonl<{ text: string }>(cli(t.env, ['search', '--since', since, '--kind', 'user_prompt']).stdout).map((e) => e.text).sort();
    assert.deepEqual(texts('2025-07-03T15:50:07.874Z'), ['micro seconds', 'no fraction', 'with offset']);
    assert.deepEqual(texts('2025-07-03T15:50:07.900Z'), ['no fraction', 'with offset']);
    assert.deepEqual(texts('2025-07-03T15:50:08.500Z'), ['with offset']);
  } finally {
    t.cleanup();
  }
});

test('a damaged index is rebuilt from the encrypted records into a new file; the damaged one is kept', () => {
  const t = tempEnv();
  try {
    withSession(t, '88888888-aaaa-4bbb-8ccc-222222222222', 300);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = cli(t.env, ['sessions', '--json']).stdout;
    const dbFile = join(t.home, 'store.db');
    // Overwrite the pages of the events table (derived data) with garbage.
    assert.ok(damagePages(dbFile, "name IN ('events', 'events_fts_data')", { scribble: true }) > 2);
    const r = cli(t.env, ['index']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /damaged file is kept as .*store\.db\.damaged-/);
    assert.equal(cli(t.env, ['sessions', '--json']).stdout, before);
    assert.equal(cli(t.env, ['doctor']).code, 0);
    assert.equal(mode(dbFile), '600');
    // The kept copy is named by stats, not counted in the store's size (a new-user pass: the size doubled).
    const stats = JSON.parse(cli(t.env, ['stats', '--json']).stdout) as { storeBytes: number; keptDamaged: string[] };
    const kept = readdirSync(t.home).filter((n) => n.includes('.damaged-'));
    assert.deepEqual(stats.keptDamaged, kept);
    const size = (names: string[]) => names.reduce((a, n) => a + statSync(join(t.home, n)).size, 0);
    // (The WAL moves between the two readings: the kept copy, as big as the store, is what must be missing.)
    assert.ok(Math.abs(stats.storeBytes - size(readdirSync(t.home).filter((n) => !kept.includes(n)))) < size(kept) / 4);
    assert.match(cli(t.env, ['stats']).stdout, /Not counted: 1 damaged copy of store\.db a repair kept \(store\.db\.damaged-/);
  } finally {
    t.cleanup();
  }
});

test('a repair stopped after its copy (a kill): every command says to finish it with index, nothing is stored twice; a copy a killed repair left goes at the next one; a writer with the old file open stops (a crash audit: duplicates for good)', () => {
  const t = tempEnv();
  try {
    withSession(t, '88888888-aaaa-4bbb-8ccc-333333333333', 120);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = cli(t.env, ['sessions', '--json']).stdout;
    const lines = () => (JSON.parse(cli(t.env, ['stats', '--json']).stdout) as { rawLines: number }).rawLines;
    const stored = lines();
    const config = resolveConfig(t.env);
    const old = openStore(config);
    try {
      // The repair's copy made and put in place, and then stopped before its rebuild (as a kill does).
      salvageRaw(config);
      for (const args of [['sessions'], ['import'], ['search', 'tests'], ['stats']]) {
        const r = cli(t.env, args);
        assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /A repair of the store at .* was stopped before its index was rebuilt/);
        assert.match(r.stderr, /Run `tracebase index` to finish it/);
      }
      assert.match(cli(t.env, ['doctor']).stdout, /FAIL index layout: A repair of the store/);
      // A handle opened before the repair writes into no set-aside file: the file is marked so (for
      // a writer that gets its lock after the repair let go of it), and is no longer store.db.
      assert.throws(() => purgeSession(old, '88888888-aaaa-4bbb-8ccc-333333333333'), (e: { code?: string; message?: string }) => e.code === 'STORE_LOCKED' && /repaired by `tracebase index` while this ran/.test(e.message ?? ''));
      const kept = readdirSync(t.home).find((n) => /^store\.db\.damaged-.*Z$/.test(n))!;
      const keptDb = new DatabaseSync(join(t.home, kept), { readOnly: true });
      assert.ok(keptDb.prepare("SELECT 1 FROM meta WHERE k = 'superseded'").get(), 'the set-aside file is marked');
      keptDb.close();
      // Put back by hand as a store of its own, it is one again.
      const back = tempEnv();
      try {
        mkdirSync(back.home, { recursive: true, mode: 0o700 });
        // (With its journal, which may hold the mark yet.)
        for (const [from, to] of [['key', 'key'], [kept, 'store.db'], [`${kept}-wal`, 'store.db-wal']] as const) {
          if (existsSync(join(t.home, from))) writeFileSync(join(back.home, to), readFileSync(join(t.home, from)), { mode: 0o600 });
        }
        const r = cli(back.env, ['purge', '--session-id', '88888888-aaaa-4bbb-8ccc-333333333333']);
        assert.match(r.stderr, /is a file a repair \(`tracebase index`\) set aside as damaged, put back as the store: it is used again/);
        assert.equal(r.code, 0, r.stderr);
      } finally {
        back.cleanup();
      }
    } finally {
      old.close();
    }
    // A copy another killed repair left, under its pid.
    writeFileSync(join(t.home, 'store.db.salvage-999999'), 'x'.repeat(4096));
    writeFileSync(join(t.home, 'store.db.salvage-999999-wal'), 'x');
    assert.equal(cli(t.env, ['index']).code, 0);
    assert.equal(cli(t.env, ['sessions', '--json']).stdout, before);
    const again = cli(t.env, ['import']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(lines(), stored, 'nothing stored twice');
    assert.equal(cli(t.env, ['sessions', '--json']).stdout, before);
    // A repair now (a damaged index) takes the leftover copy away.
    assert.ok(damagePages(join(t.home, 'store.db'), "name IN ('events', 'events_fts_data')", { scribble: true }) > 0);
    assert.equal(cli(t.env, ['index']).code, 0);
    assert.deepEqual(readdirSync(t.home).filter((n) => n.includes('salvage')), []);
    assert.equal(cli(t.env, ['sessions', '--json']).stdout, before);
  } finally {
    t.cleanup();
  }
});

test('finishing a stopped repair goes on past a segment that fails its check, as the repair itself would (a review: index refused, pointing to doctor, which refused too)', () => {
  const t = tempEnv();
  try {
    withSession(t, '88888888-aaaa-4bbb-8ccc-444444444444', 40);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    damageFirstSegment(join(t.home, 'store.db'));
    salvageRaw(resolveConfig(t.env));
    const r = cli(t.env, ['index']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /1 segment\(s\) failed their integrity check: their lines are not in the index/);
    // A store again: readable, and the way on is the one for a damaged segment.
    assert.equal(cli(t.env, ['sessions']).code, 0);
    assert.equal(cli(t.env, ['index', '--force']).code, 1);
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.equal(cli(t.env, ['doctor']).code, 0);
  } finally {
    t.cleanup();
  }
});

test('a store.db cut short (its last page lost) is named damaged with the way to repair it, and index repairs it', () => {
  const t = tempEnv();
  try {
    withSession(t, '89898989-aaaa-4bbb-8ccc-222222222222', 300);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = cli(t.env, ['sessions', '--json']).stdout;
    cutLastPage(join(t.home, 'store.db'));
    const refused = cli(t.env, ['sessions']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /damaged/);
    assert.match(refused.stderr, /tracebase index/, 'the way to repair it');
    const r = cli(t.env, ['index']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /damaged file is kept as .*store\.db\.damaged-/);
    assert.equal(cli(t.env, ['sessions', '--json']).stdout, before);
  } finally {
    t.cleanup();
  }
});

test('damaged line identities or checkpoints: index rebuilds them from the records, nothing twice; two repairs at once keep one good store', async () => {
  const t = tempEnv();
  try {
    withSession(t, '12121212-aaaa-4bbb-8ccc-222222222222', 300);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = cli(t.env, ['sessions', '--json']).stdout;
    const stats = () => JSON.parse(cli(t.env, ['stats', '--json']).stdout) as { rawLines: number };
    const lines = stats().rawLines;
    const dbFile = join(t.home, 'store.db');
    const wreck = (tables: string[]) => damagePages(dbFile, `name IN (${tables.map((x) => `'${x}'`).join(',')})`, { scribble: true });
    wreck(['line_ids', 'sources']);
    const r = cli(t.env, ['index']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /line identities and checkpoints could not be read: rebuilt; the next import re-reads every transcript/);
    assert.equal(cli(t.env, ['sessions', '--json']).stdout, before);
    assert.equal(stats().rawLines, lines);
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.equal(stats().rawLines, lines, 're-read, nothing twice');
    assert.equal(cli(t.env, ['doctor']).code, 0);

    wreck(['events', 'events_fts_data']);
    const both = await Promise.all([cliAsync(t.env, ['index']).done, cliAsync(t.env, ['index']).done]);
    assert.ok(both.some((x) => x.code === 0), both.map((x) => x.stderr).join('\n'));
    for (const x of both) assert.doesNotMatch(x.stderr, /unexpected error/);
    assert.equal(cli(t.env, ['sessions', '--json']).stdout, before);
    assert.equal(cli(t.env, ['doctor']).code, 0);
  } finally {
    t.cleanup();
  }
});

for (const project of ['-home-dev-app', '-home-dev-ghp_IWjlklK63rME39LEVlbQfayP31ysFWBo5MOw']) test(`damaged pages of the encrypted records: index names the transcripts and changes nothing; --force copies out the rest and import reads them again (project folder ${project.slice(0, 16)}…${project.includes('ghp_') ? ', a secret in it: stored under a redacted name' : ''})`, () => {
  const t = tempEnv();
  try {
    // Twelve transcripts with text that does not compress, so their segments spread over several pages.
    const ids = Array.from({ length: 12 }, (_, i) => `34343434-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}`);
    for (const id of ids) {
      const file = withSession(t, id, 3, project);
      writeFileSync(file, `${claudeLines(id, 3).join('\n')}\n${JSON.stringify({ type: 'user', sessionId: id, uuid: `${id}-x`, timestamp: '2026-01-02T00:00:00.000Z', message: { role: 'user', content: randomBytes(3000).toString('hex') } })}\n`);
    }
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = cli(t.env, ['sessions', '--json', '--all']).stdout;
    const dbFile = join(t.home, 'store.db');
    const leaf = "name = 'segments' AND pagetype = 'leaf'";
    const db = new DatabaseSync(dbFile);
    const leaves = (db.prepare(`SELECT count(*) AS n FROM dbstat WHERE ${leaf}`).get() as { n: number }).n;
    db.close();
    assert.ok(leaves >= 2, `segments on ${leaves} leaf pages`);
    assert.equal(damagePages(dbFile, leaf, { only: 1 }), 1);
    const damagedSha = sha(dbFile);

    const refused = cli(t.env, ['index']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /of the encrypted records in .*store\.db cannot be read \(damaged pages\)/);
    assert.match(refused.stderr, /They hold lines of (the transcript|\d+ transcripts:) .*34343434-aaaa-4bbb-8ccc-\d{12}\.jsonl/);
    assert.match(refused.stderr, /tracebase index --force/);
    assert.equal(sha(dbFile), damagedSha, 'nothing changed');

    const forced = cli(t.env, ['index', '--force']);
    assert.equal(forced.code, 1, `records left out: exit 1 says so. ${forced.stderr}`);
    assert.match(forced.stderr, /damaged file is kept as .*store\.db\.damaged-/);
    assert.match(forced.stderr, /encrypted record\(s\) could not be read and were left out: run `tracebase import` to read the/);
    assert.notEqual(cli(t.env, ['sessions', '--json', '--all']).stdout, before, 'some events are gone for now');
    const again = cli(t.env, ['import']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(cli(t.env, ['sessions', '--json', '--all']).stdout, before, 'read again from the transcripts, nothing twice');
    assert.equal(cli(t.env, ['doctor']).code, 0);
    assert.match(cli(t.env, ['import']).stdout, /Imported 0 of 12 files \(12 unchanged\)/);
  } finally {
    t.cleanup();
  }
});

test('an index of the raw tables out of step with its table (quick_check passes it) is built again by index, and doctor sees it', () => {
  const t = tempEnv();
  try {
    withSession(t, '90909090-aaaa-4bbb-8ccc-000000000001', 5);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = cli(t.env, ['sessions', '--json', '--all']).stdout;
    // Make the checkpoints' stream index disagree with its rows, as a damaged index page would.
    const db = new DatabaseSync(join(t.home, 'store.db'), { defensive: false } as ConstructorParameters<typeof DatabaseSync>[1]);
    db.exec('PRAGMA writable_schema = ON');
    db.exec("UPDATE sqlite_schema SET sql = 'CREATE INDEX sources_stream ON sources (path)' WHERE name = 'sources_stream'");
    db.exec('PRAGMA writable_schema = OFF');
    db.close();
    const d = cli(t.env, ['doctor']);
    assert.equal(d.code, 1);
    assert.match(d.stdout, /FAIL store integrity: sqlite (row \d+ missing from index|wrong # of entries in index) sources_stream.*run `tracebase index`/);
    const r = cli(t.env, ['index']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(cli(t.env, ['doctor']).code, 0);
    assert.equal(cli(t.env, ['sessions', '--json', '--all']).stdout, before);
  } finally {
    t.cleanup();
  }
});

test("a damaged page holding the store's own record (its key check): index checks the key against the records and rebuilds it", () => {
  const t = tempEnv();
  try {
    for (let i = 0; i < 3; i++) withSession(t, `56565656-aaaa-4bbb-8ccc-00000000000${i}`, 20);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const before = cli(t.env, ['sessions', '--json', '--all']).stdout;
    const dbFile = join(t.home, 'store.db');
    assert.equal(damagePages(dbFile, "name = 'meta'"), 1);
    const refused = cli(t.env, ['sessions']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /damaged[\s\S]*Run `tracebase index`/);
    const damagedSha = sha(dbFile);
    const wrong = cli({ ...t.env, TRACE_KEY: Buffer.alloc(32, 9).toString('base64') }, ['index']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /key check of the store at .* is damaged, and the key from TRACE_KEY does not open its records/);
    assert.equal(sha(dbFile), damagedSha, 'nothing changed');
    const r = cli(t.env, ['index']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /the store's own record \(its key check, checked again against the records\) could not be read: rebuilt/);
    assert.equal(cli(t.env, ['sessions', '--json', '--all']).stdout, before);
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.equal(cli(t.env, ['sessions', '--json', '--all']).stdout, before, 'nothing twice');
    assert.equal(cli(t.env, ['doctor']).code, 0);
    assert.notEqual(cli({ ...t.env, TRACE_KEY: Buffer.alloc(32, 9).toString('base64') }, ['sessions']).code, 0, 'the rebuilt key check refuses a wrong key');
  } finally {
    t.cleanup();
  }
});

test('under an older Node on PATH (the bins linked with npm link), the bins run on the Node 24 the install brought (a newcomer pass)', (c) => {
  const old = spawnSync('node', ['--version'], { encoding: 'utf8', env: { PATH: '/usr/local/bin:/usr/bin:/bin' } });
  const major = Number(/^v(\d+)/.exec(old.stdout ?? '')?.[1]);
  if (!(major < 24)) return c.skip(`no Node older than 24 on the system PATH (${old.stdout?.trim() || 'none'})`);
  const t = tempEnv();
  try {
    const env = { ...t.env, PATH: '/usr/local/bin:/usr/bin:/bin' };
    const v = spawnSync('node', [BIN, '--version'], { env, encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    // Exit codes and messages come through.
    const s = spawnSync('node', [join(BIN, '..', 'traces.js'), 'stats'], { env, encoding: 'utf8' });
    assert.equal(s.status, 1);
    assert.match(s.stderr, /^traces: No Tracebase store at /);
    assert.equal(spawnSync('node', [BIN, 'init'], { env, encoding: 'utf8' }).status, 0);
    assert.equal(spawnSync('node', [BIN, 'stats', '--json'], { env, encoding: 'utf8' }).status, 0);
    // Once only (a review: a Node there as old would have started it again and again).
    const again = spawnSync('node', [BIN, '--version'], { env: { ...env, TRACEBASE_REEXEC: '1' }, encoding: 'utf8', timeout: 30_000 });
    assert.equal(again.status, 1);
    assert.match(again.stderr, /tracebase needs Node\.js 24 or newer/);
  } finally {
    t.cleanup();
  }
});

test('doctor tells a transcript it cannot read from one not imported yet', () => {
  const t = tempEnv();
  try {
    withSession(t, '78787878-aaaa-4bbb-8ccc-000000000001', 2);
    const closed = withSession(t, '78787878-aaaa-4bbb-8ccc-000000000002', 2);
    chmodSync(closed, 0o000);
    // Root reads any file whatever its mode: then everything runs as nobody, who owns the tree.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (process.getuid?.() === 0) spawnSync('chown', ['-R', '65534:65534', t.dir]);
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: t.env, encoding: 'utf8', ...asUser });
    assert.equal(run(['init']).status, 0);
    run(['import']);
    const d = run(['doctor']);
    assert.equal(d.status, 1);
    assert.match(d.stdout, /FAIL coverage: 2 transcript files under .*; 1 not imported yet; 1 of them cannot be read: .*78787878-aaaa-4bbb-8ccc-000000000002\.jsonl \(check their permissions\)/);
    assert.doesNotMatch(d.stdout, /run `tracebase import`/);
  } finally {
    t.cleanup();
  }
});

test('doctor names an imported transcript with lines not stored yet, and an unfinished last line is not one (an audit: all well after a full disk stopped an import)', () => {
  const t = tempEnv();
  try {
    const id = '78787878-aaaa-4bbb-8ccc-00000000000a';
    const file = withSession(t, id, 4);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    assert.match(cli(t.env, ['doctor']).stdout, /ok {3}coverage: 1 transcript files under .*; 0 not imported yet/);
    // A last line still being written is no line yet.
    const more = claudeLines(id, 6).slice(-2);
    appendFileSync(file, more[0]!.slice(0, 40));
    const waiting = cli(t.env, ['doctor']);
    assert.doesNotMatch(waiting.stdout, /not stored yet/);
    assert.match(waiting.stdout, /ok {3}coverage:/);
    // Once whole, it is: as after an import stopped in the middle (its rerun continues).
    appendFileSync(file, `${more[0]!.slice(40)}\n`);
    const d = cli(t.env, ['doctor', '--json']);
    assert.equal(d.code, 1);
    const report = JSON.parse(d.stdout) as { checks: { name: string; ok: boolean; detail: string }[]; filesWithUnreadLines: string[] };
    const coverage = report.checks.find((c) => c.name === 'coverage')!;
    assert.equal(coverage.ok, false);
    assert.match(coverage.detail, /1 imported with lines not stored yet \(added since, or an import stopped in the middle\): .*78787878-aaaa-4bbb-8ccc-00000000000a\.jsonl \(run `tracebase import`: it continues where it stopped\)/);
    assert.deepEqual(report.filesWithUnreadLines, [file]);
    assert.equal(cli(t.env, ['import']).code, 0);
    // A line end alone after the last stored line is no line (a review: a false FAIL).
    appendFileSync(file, '\n');
    const after = cli(t.env, ['doctor']);
    assert.equal(after.code, 0, after.stdout);
  } finally {
    t.cleanup();
  }
});

test('a transcript name that is a symbolic link loop is named as one by import and doctor (an audit: "ELOOP: check its permissions")', () => {
  const t = tempEnv();
  try {
    const file = withSession(t, '78787878-aaaa-4bbb-8ccc-00000000000b', 2);
    const dir = join(file, '..');
    symlinkSync(join(dir, '78787878-aaaa-4bbb-8ccc-00000000000d.jsonl'), join(dir, '78787878-aaaa-4bbb-8ccc-00000000000c.jsonl'));
    symlinkSync(join(dir, '78787878-aaaa-4bbb-8ccc-00000000000c.jsonl'), join(dir, '78787878-aaaa-4bbb-8ccc-00000000000d.jsonl'));
    assert.equal(cli(t.env, ['init']).code, 0);
    const imp = cli(t.env, ['import']);
    assert.equal(imp.code, 1);
    assert.match(imp.stderr, /00000000000c\.jsonl: is a symbolic link that leads back to itself \(a link loop\), so it was not read\. Point the link at the transcript and run `tracebase import` again\./);
    assert.doesNotMatch(imp.stderr, /permissions/);
    assert.match(cli(t.env, ['doctor']).stdout, /00000000000c\.jsonl \(a symbolic link loop: point the link at the transcript\)/);
  } finally {
    t.cleanup();
  }
});

test('a CODEX_HOME or CLAUDE_CONFIG_DIR set to a folder that does not exist is said to be (both of them); one that exists without sessions yet is not (a newcomer pass)', () => {
  const t = tempEnv();
  try {
    assert.equal(cli(t.env, ['init']).code, 0);
    const typo = cli({ ...t.env, CODEX_HOME: join(t.dir, 'codx'), CLAUDE_CONFIG_DIR: join(t.dir, 'claud') }, ['import']);
    assert.match(typo.stderr, /CODEX_HOME is set, but .*codx does not exist: no Codex transcripts were read\. Is it mistyped\?/);
    assert.match(typo.stderr, /CLAUDE_CONFIG_DIR is set, but .*claud does not exist: no Claude Code transcripts were read\. Is it mistyped\?/);
    // (Nothing could be read at all, for a folder set by hand: a failure a script sees, with its reason also under --json.)
    assert.equal(typo.code, 1, typo.stderr);
    const typoJson = cli({ ...t.env, CODEX_HOME: join(t.dir, 'codx'), CLAUDE_CONFIG_DIR: join(t.dir, 'claud') }, ['import', '--json']);
    assert.equal(typoJson.code, 1);
    assert.match(typoJson.stderr, /CODEX_HOME is set, but .*codx does not exist/);
    mkdirSync(join(t.dir, 'codex-not-run-yet'));
    withSession(t, '78787878-aaaa-4bbb-8ccc-00000000000f', 2);
    const fresh = cli({ ...t.env, CODEX_HOME: join(t.dir, 'codex-not-run-yet') }, ['import']);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.doesNotMatch(fresh.stderr, /mistyped/);
  } finally {
    t.cleanup();
  }
});

test('a store file that may not be written is named when a write is refused (a crash audit: "Permission denied" and no file)', () => {
  const t = tempEnv();
  try {
    withSession(t, '78787878-aaaa-4bbb-8ccc-00000000000e', 2);
    assert.equal(cli(t.env, ['init']).code, 0);
    // A journal a killed process left (it never closed the store), then made read-only.
    const left = spawnSync(process.execPath, ['-e', `const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(${JSON.stringify(join(t.home, 'store.db'))}); db.exec('PRAGMA wal_autocheckpoint = 0'); db.exec("INSERT OR REPLACE INTO meta (k, v) VALUES ('probe', '1')"); process.kill(process.pid, 'SIGKILL');`]);
    assert.equal(left.signal, 'SIGKILL', String(left.stderr));
    const shm = join(t.home, 'store.db-shm');
    assert.ok(existsSync(shm));
    chmodSync(shm, 0o400);
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (process.getuid?.() === 0) spawnSync('chown', ['-R', '65534:65534', t.dir]);
    const r = spawnSync(process.execPath, [BIN, 'import'], { env: t.env, encoding: 'utf8', ...asUser });
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /Permission denied while writing to the store \(.*store\.db-shm may not be written\)/);
    // Every file read-only: the write fails later than its BEGIN (a review), and is named as well.
    for (const f of ['store.db', 'store.db-wal']) chmodSync(join(t.home, f), 0o400);
    const all = spawnSync(process.execPath, [BIN, 'import'], { env: t.env, encoding: 'utf8', ...asUser });
    assert.equal(all.status, 1, all.stdout);
    assert.match(all.stderr, /Permission denied while writing to the store \(.*store\.db, .*store\.db-wal, .*store\.db-shm may not be written\)/);
  } finally {
    t.cleanup();
  }
});

test('TRACE_HOME under a folder this user may not enter: that folder is named, not "the store is private to its owner" (a new-user pass)', () => {
  const t = tempEnv();
  try {
    const shut = join(t.dir, 'shut');
    mkdirSync(join(shut, 'inner'), { recursive: true });
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    // (The test's own folder is private to its owner: opened, so the one shut is the first closed on the way.)
    chmodSync(t.dir, 0o755);
    chmodSync(shut, 0o000);
    for (const args of [['init'], ['import'], ['sessions']]) {
      const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...t.env, TRACE_HOME: join(shut, 'inner', 'store') }, encoding: 'utf8', ...asUser });
      assert.equal(r.status, 1, args.join(' '));
      assert.match(r.stderr, /Permission denied while .*: the folder .*\/shut on the way to .*\/shut\/inner\/store.* may not be entered by this user\./, r.stderr);
    }
    chmodSync(shut, 0o755);
  } finally {
    t.cleanup();
  }
});

test('a folder that lists its transcripts but may not be entered is said, not skipped in silence (a bad-input pass)', () => {
  const t = tempEnv();
  try {
    withSession(t, '78787878-aaaa-4bbb-8ccc-000000000003', 2);
    const other = join(t.dir, 'claude', 'projects', '-home-dev-shut');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, '78787878-aaaa-4bbb-8ccc-000000000004.jsonl'), `${claudeLines('78787878-aaaa-4bbb-8ccc-000000000004', 2).join('\n')}\n`);
    chmodSync(other, 0o644);
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (process.getuid?.() === 0) spawnSync('chown', ['-R', '65534:65534', t.dir]);
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: t.env, encoding: 'utf8', ...asUser });
    assert.equal(run(['init']).status, 0);
    const imp = run(['import']);
    assert.equal(imp.status, 1, imp.stdout + imp.stderr);
    assert.match(imp.stderr, /-home-dev-shut\/78787878-aaaa-4bbb-8ccc-000000000004\.jsonl: cannot open this transcript \(EACCES: its folder may be listed but not entered\)/);
    const d = run(['doctor']);
    assert.equal(d.status, 1);
    assert.match(d.stdout, /FAIL coverage: .*78787878-aaaa-4bbb-8ccc-000000000004\.jsonl \(EACCES: check its and its folder's permissions\)/);
    chmodSync(other, 0o755);
    assert.equal(run(['import']).status, 0);
  } finally {
    t.cleanup();
  }
});

test('another user\'s store is called private; a store that cannot be made names its folder (a bad-input pass, then a review)', { skip: process.getuid?.() !== 0 ? 'needs root to act as another user' : false }, () => {
  const t = tempEnv();
  try {
    assert.equal(cli(t.env, ['init']).code, 0);
    // (The test's folder is 0700: nobody may pass through it to the one below.)
    chmodSync(t.dir, 0o755);
    const parent = join(t.dir, 'root-only');
    mkdirSync(parent, { mode: 0o755 });
    const asNobody = (env: Record<string, string | undefined>, args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', uid: 65534, gid: 65534 });
    const theirs = asNobody(t.env, ['stats']);
    assert.equal(theirs.status, 1);
    assert.match(theirs.stderr, /The store is private to the user who owns it/);
    assert.doesNotMatch(theirs.stderr, /cannot be made/);
    const made = asNobody({ ...t.env, TRACE_HOME: join(parent, 'store') }, ['init']);
    assert.equal(made.status, 1);
    assert.match(made.stderr, /cannot be made, its folder .*root-only may not be written by this user/);
  } finally {
    t.cleanup();
  }
});

test('health after an import that found no transcript: none in the store, and where import reads (not "never run")', () => {
  const t = tempEnv();
  try {
    t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'no-claude');
    t.env['CODEX_HOME'] = join(t.dir, 'no-codex');
    assert.equal(cli(t.env, ['init']).code, 0);
    // (Both folders set by hand and not there: nothing could be read, exit 1 with a note.)
    assert.equal(cli(t.env, ['import']).code, 1);
    const r = cli(t.env, ['health']);
    assert.equal(r.code, 0);
    const roots = [join(t.dir, 'no-codex', 'sessions'), join(t.dir, 'no-codex', 'archived_sessions'), join(t.dir, 'no-claude', 'projects')].join(', ');
    assert.ok(r.stdout.includes(`last import: none (no transcript file in the store; \`tracebase import\` reads ${roots})\n`), r.stdout);
  } finally {
    t.cleanup();
  }
});

test('terminal controls from transcripts and file names are printed escaped in text output (no recolouring, no OSC 52)', () => {
  const t = tempEnv();
  try {
    const dir = join(t.dir, 'claude', 'projects', '-home-dev-app');
    mkdirSync(dir, { recursive: true });
    t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'claude');
    t.env['CODEX_HOME'] = join(t.dir, 'no-codex');
    const id = '12121212-aaaa-4bbb-8ccc-343434343434';
    const line = { type: 'user', sessionId: id, uuid: 'u1', cwd: '/home/dev/\u001b[2Japp', timestamp: '2026-01-01T00:00:00.000Z', message: { role: 'user', content: 'hi \u001b]52;c;aGk=\u0007 \u001b[31mRED\u009b1m \u202egnp.exe' } };
    writeFileSync(join(dir, `${id}.jsonl`), `${JSON.stringify(line)}\n`);
    // A file name with an escape in it, holding a malformed line (doctor names it).
    writeFileSync(join(dir, 'bad\u001b[31mname.jsonl'), 'not json\n');
    // A newline in a file name could fake a line of doctor's output (a bad-input pass).
    writeFileSync(join(dir, 'two\nFAIL faked.jsonl'), 'not json\n');
    assert.equal(cli(t.env, ['init']).code, 0);
    const imported = cli(t.env, ['import']);
    const outputs = [imported.stdout, imported.stderr];
    for (const args of [['sessions'], ['sessions', '--all'], ['stats'], ['doctor'], ['health']]) {
      const r = cli(t.env, args);
      outputs.push(r.stdout, r.stderr);
    }
    const text = outputs.join('\n');
    // (The title is the prompt as a terminal shows it: the colours around RED, ESC[ and 8-bit CSI, are left out.)
    assert.match(text, /hi \\x1b\]52;c;aGk=\\x07 RED \\u202egnp\.exe/, 'the title is shown, escaped');
    assert.match(text, /bad\\x1b\[31mname/, 'doctor names the file, escaped');
    assert.match(text, /two\\nFAIL faked\.jsonl/, 'a newline in a name is shown escaped');
    assert.doesNotMatch(text, /^FAIL faked/m);
    assert.doesNotMatch(text, /[\u0007\u001b\u009b\u202e]/, 'no raw control or bidi override reaches the terminal');
    // JSON output keeps the text as it is, escaped: C0 by JSON itself, C1 and bidi by us.
    const raw = cli(t.env, ['sessions', '--json']).stdout;
    assert.doesNotMatch(raw, /[\u0007\u001b\u009b\u202e]/);
    const json = jsonl<{ title: string }>(raw);
    assert.ok(json.some((s) => s.title.includes('\u001b]52;c;aGk=\u0007') && s.title.includes('RED \u202egnp.exe')));
  } finally {
    t.cleanup();
  }
});

test('show prints the raw line byte for byte into a pipe, and with controls escaped on a terminal', async () => {
  const t = tempEnv();
  try {
    const dir = join(t.dir, 'claude', 'projects', '-home-dev-app');
    mkdirSync(dir, { recursive: true });
    const id = '56565656-aaaa-4bbb-8ccc-787878787878';
    // JSON allows C1 controls (CSI is U+009B) and bidi overrides unescaped inside strings.
    const raw = `{"type":"user","sessionId":"${id}","uuid":"u1","timestamp":"2026-01-01T00:00:00.000Z","message":{"role":"user","content":"pwned \u009b2J \u202eexe.txt é"}}`;
    writeFileSync(join(dir, `${id}.jsonl`), `${raw}\n`);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import-file', 'claude', join(dir, `${id}.jsonl`)]).code, 0);
    const ev = jsonl<{ id: string }>(cli(t.env, ['search', 'pwned']).stdout)[0];
    assert.ok(ev, 'the event is found');
    assert.equal(cli(t.env, ['show', ev.id]).stdout, `${raw}\n`, 'byte for byte into a pipe');

    const run = async (isTTY: boolean) => {
      let out = '';
      const ctx = {
        config: resolveConfig(t.env),
        env: t.env,
        stdout: {
          write: (s: string | Uint8Array) => {
            out += typeof s === 'string' ? s : Buffer.from(s).toString('utf8');
          },
          isTTY,
        },
        stderr: { write: () => undefined, isTTY: false },
        color: false,
      };
      assert.equal(await main(['show', ev.id], ctx), 0);
      return out;
    };
    assert.equal(await run(false), `${raw}\n`);
    assert.equal(await run(true), `${raw.replace('\u009b', '\\x9b').replace('\u202e', '\\u202e')}\n`, 'escaped on a terminal');
  } finally {
    t.cleanup();
  }
});

test('doctor names a transcript that ends in an unfinished line for over an hour (cut short), and not one being written', () => {
  const t = tempEnv();
  try {
    const file = withSession(t, '55555555-aaaa-4bbb-8ccc-666666666666', 2);
    truncateSync(file, statSync(file).size - 40);
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const fresh = JSON.parse(cli(t.env, ['doctor', '--json']).stdout) as { unfinishedLines: string[] };
    assert.deepEqual(fresh.unfinishedLines, [], 'an agent may still be writing it');
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(file, hourAgo, hourAgo);
    const doc = cli(t.env, ['doctor']);
    assert.match(doc.stdout, /ok {3}unfinished lines: 1 file\(s\) end in a line with no newline, unchanged for over an hour \(cut short\?\): .*55555555/);
  } finally {
    t.cleanup();
  }
});

test('a transcript root that is a file (a setting gone wrong) is an error that names it, not "no transcripts found"', () => {
  const u = tempEnv();
  try {
    mkdirSync(join(u.dir, 'cfg'), { recursive: true });
    writeFileSync(join(u.dir, 'cfg', 'projects'), 'not a folder\n');
    const env = { ...u.env, CLAUDE_CONFIG_DIR: join(u.dir, 'cfg'), CODEX_HOME: join(u.dir, 'no-codex') };
    assert.equal(cli(env, ['init']).code, 0);
    const r = cli(env, ['import', '--provider', 'claude']);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /cfg\/projects: is a file where a folder of transcripts belongs, so none were read there\. Check CODEX_HOME \/ CLAUDE_CONFIG_DIR, or move the file, and run `tracebase import` again/);
    assert.match(cli(env, ['doctor']).stdout, /cfg\/projects \(a file where a folder of transcripts belongs: check CODEX_HOME \/ CLAUDE_CONFIG_DIR, or move it\)/);
    // CODEX_HOME itself a file: that file is named, once (not its sessions/ and archived_sessions/).
    writeFileSync(join(u.dir, 'codex-file'), 'x');
    const c = cli({ ...env, CODEX_HOME: join(u.dir, 'codex-file') }, ['import', '--provider', 'codex']);
    assert.equal(c.code, 1);
    assert.equal(c.stderr.match(/is a file where a folder/g)?.length, 1, c.stderr);
    assert.match(c.stderr, /codex-file: is a file where/);
    // A root that is not there is a provider not installed: no error. (Set by hand to a folder that is not there, it is a
    // typo: nothing could be read, exit 1.)
    const { CODEX_HOME: _set, ...unset } = env;
    assert.equal(cli(unset, ['import', '--provider', 'codex']).code, 0);
    assert.equal(cli(env, ['import', '--provider', 'codex']).code, 1);
  } finally {
    u.cleanup();
  }
});

test('an import says when a file ends in a line still being written (both import paths)', () => {
  const u = tempEnv();
  try {
    const file = withSession(u, '13131313-aaaa-4bbb-8ccc-131313131313', 3);
    appendFileSync(file, '{"type":"user","message":{"role":"user","content":"half wri');
    assert.equal(cli(u.env, ['init']).code, 0);
    for (const args of [['import'], ['import-file', 'claude', file]]) {
      if (args[0] === 'import-file') appendFileSync(file, 'tten');
      const r = cli(u.env, args);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /1 file\(s\) end in a line still being written \(no newline yet\): it is stored once it is finished/, args.join(' '));
    }
    appendFileSync(file, '"}}\n');
    assert.doesNotMatch(cli(u.env, ['import']).stdout, /still being written/);
  } finally {
    u.cleanup();
  }
});

test('a transcript edited in place is re-read; the import says the lines no longer in it stay in the store', () => {
  const u = tempEnv();
  try {
    const file = withSession(u, '14141414-aaaa-4bbb-8ccc-141414141414', 3);
    assert.equal(cli(u.env, ['init']).code, 0);
    assert.equal(cli(u.env, ['import']).code, 0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('module 1', 'module one'));
    const r = cli(u.env, ['import']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 new line,/);
    assert.match(r.stdout, /1 file\(s\) had shrunk, been replaced or been edited and were re-read: lines already stored were skipped; lines no longer in them stay in the store/);
    // An edit in the middle that keeps the file's size (found by a bad-input review): its start and
    // end are as before, its time is not.
    const long = withSession(u, '14141414-aaaa-4bbb-8ccc-151515151515', 12);
    assert.equal(cli(u.env, ['import']).code, 0);
    const before = statSync(long);
    const text = readFileSync(long, 'utf8');
    const at = text.indexOf('module 6 and');
    assert.ok(at > 4096 && before.size - at > 4096, 'in the middle: out of the fingerprinted start and end');
    writeFileSync(long, text.replace('module 6 and', 'module Z and'));
    assert.equal(statSync(long).size, before.size);
    utimesSync(long, before.atime, new Date(before.mtimeMs + 5000));
    const same = cli(u.env, ['import']);
    assert.match(same.stdout, /1 new line,/, same.stdout);
    assert.equal(jsonl(cli(u.env, ['search', '"module Z"']).stdout).length, 1);
    assert.match(cli(u.env, ['import']).stdout, /0 new lines/, 'and then nothing more');
  } finally {
    u.cleanup();
  }
});

test('doctor says which imported transcripts are gone, and when one went with its last line unfinished', () => {
  const u = tempEnv();
  try {
    const a = withSession(u, '15151515-aaaa-4bbb-8ccc-151515151515', 2);
    const b = withSession(u, '16161616-aaaa-4bbb-8ccc-161616161616', 2);
    appendFileSync(b, '{"type":"user","message":{"content":"half');
    // Stored under a redacted name (a secret in its folder's name), and still there: found, not gone.
    withSession(u, '17171717-aaaa-4bbb-8ccc-171717171717', 2, '-home-dev-ghp_IWjlklK63rME39LEVlbQfayP31ysFWBo5MOw');
    assert.equal(cli(u.env, ['init']).code, 0);
    assert.equal(cli(u.env, ['import']).code, 0);
    const before = cli(u.env, ['doctor']).stdout;
    assert.doesNotMatch(before, /no longer there|are gone/);
    assert.match(before, /ok {3}coverage: 3 transcript files under .*; 0 not imported yet\n/);
    rmSync(a);
    rmSync(b);
    const d = cli(u.env, ['doctor']).stdout;
    assert.match(d, /ok {3}coverage: 1 transcript files under .*; 0 not imported yet; 2 imported transcript\(s\) are no longer there \(moved or deleted: what was imported of them stays in the store\)/);
    assert.match(d, /ok {3}unfinished lines: 1 transcript\(s\) are gone while their last line waited for its end \(that line was never stored\): .*16161616/);
  } finally {
    u.cleanup();
  }
});

test('newcomer mistakes (a new-user pass): a home one level too deep, a quoted ~, a provider after the file, an id start too short', () => {
  const t = tempEnv();
  try {
    const id = '37f83ec9-aaaa-4bbb-8ccc-000000000001';
    const file = withSession(t, id, 2);
    const claude = t.env['CLAUDE_CONFIG_DIR']!;
    const deep = { ...t.env, CLAUDE_CONFIG_DIR: join(claude, 'projects'), CODEX_HOME: join(t.dir, 'codex', 'sessions') };
    mkdirSync(deep.CODEX_HOME, { recursive: true });
    assert.equal(cli(t.env, ['init']).code, 0);
    const imp = cli(deep, ['import']);
    // (Nothing could be read, for folders set by hand: exit 1, with the notes.)
    assert.equal(imp.code, 1);
    assert.match(imp.stderr, /CODEX_HOME is .*codex\/sessions: it names the folder that holds sessions\/ .* Try CODEX_HOME=.*codex\./);
    assert.match(imp.stderr, /CLAUDE_CONFIG_DIR is .*claude\/projects: it names the folder that holds projects\/ .* Try CLAUDE_CONFIG_DIR=.*claude\./);
    assert.doesNotMatch(cli(t.env, ['import']).stderr, /names the folder that holds/, 'not when they are right');
    // A quoted ~ is the home folder, as the shell would have made it.
    const tilde = { ...t.env, HOME: t.dir, TRACE_HOME: '~/tilde-store' };
    assert.equal(cli(tilde, ['init']).code, 0);
    assert.ok(existsSync(join(t.dir, 'tilde-store', 'store.db')));
    // The provider and the file the wrong way round, a provider in capitals.
    const swapped = cli(t.env, ['import-file', file, 'claude']);
    assert.equal(swapped.code, 2);
    assert.match(swapped.stderr, /The provider comes first: `import-file claude <file>`/);
    assert.equal(cli(t.env, ['sessions', '--provider', 'Claude', '--json']).code, 0);
    // The start of an id, but under 6 characters.
    const short = cli(t.env, ['search', '--session-id', '37f8']);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /is the start of a session id, but too short to name one/);
  } finally {
    t.cleanup();
  }
});

test('show prints a line opening with a byte order mark as stored, with --json too (a review: the decoder dropped it)', () => {
  const t = tempEnv();
  try {
    const file = withSession(t, '11111111-aaaa-4bbb-8ccc-333333333333', 1);
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(file)]));
    assert.equal(cli(t.env, ['init']).code, 0);
    assert.equal(cli(t.env, ['import']).code, 0);
    const first = jsonl<{ id: string; kind: string }>(cli(t.env, ['search', '--kind', 'user_prompt']).stdout).at(-1)!;
    const raw = readFileSync(file).subarray(0, readFileSync(file).indexOf(0x0a));
    const shown = spawnSync(process.execPath, [BIN, 'show', first.id], { env: t.env });
    assert.deepEqual(shown.stdout, Buffer.concat([raw, Buffer.from('\n')]));
    assert.equal((JSON.parse(cli(t.env, ['show', first.id, '--json']).stdout) as { line: string }).line, raw.toString('utf8'));
    assert.ok(raw.toString('utf8').startsWith('\ufeff'));
  } finally {
    t.cleanup();
  }
});
