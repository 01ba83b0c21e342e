// The privacy bar: fake secrets of every SPEC §6 kind, planted in every field kind of real-format
// transcripts, never appear in plaintext anywhere under the store or in any CLI output.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { claudeLines } from './helpers/corpus.ts';
import { cutLastPage, damagePages } from './helpers/store.ts';
import { allFiles, cli, cliAsync, type CliResult, jsonl, type TempEnv, tempEnv } from './helpers/env.ts';
import { plantedClaudeSession as claudeSession, plantedCodexSession as codexSession } from './helpers/planted-transcripts.ts';
import { findLeaks, PLANTED_SECRETS } from './helpers/secrets.ts';
import { importFile, openStore, resolveConfig } from '../src/index.ts';
import { checkpoint, groupTx } from '../src/store/store.ts';

const t = tempEnv();
const outputs: { what: string; r: CliResult }[] = [];
const run = (args: string[]): CliResult => {
  const r = cli(t.env, args);
  outputs.push({ what: args.join(' '), r });
  return r;
};

const CLAUDE_ID = 'aaaaaaaa-1111-4222-8333-444444444444';
const CODEX_ID = '019c0000-1111-7222-8333-444444444444';

/** The planted Claude session and Codex rollout, written where `env` imports from. */
function writePlanted(env: TempEnv): void {
  const cdir = join(env.dir, 'claude', 'projects', '-home-dev-leaky');
  mkdirSync(cdir, { recursive: true });
  writeFileSync(join(cdir, `${CLAUDE_ID}.jsonl`), claudeSession(CLAUDE_ID));
  const xdir = join(env.dir, 'codex', 'sessions', '2026', '03', '02');
  mkdirSync(xdir, { recursive: true });
  writeFileSync(join(xdir, `rollout-2026-03-02T09-00-00-${CODEX_ID}.jsonl`), codexSession(CODEX_ID));
  env.env['CLAUDE_CONFIG_DIR'] = join(env.dir, 'claude');
  env.env['CODEX_HOME'] = join(env.dir, 'codex');
}

before(() => writePlanted(t));
after(() => t.cleanup());


/** Runs CLI commands in one environment, keeping every result for the scan of outputs. */
function recorded(env: Record<string, string>): { outs: CliResult[]; go: (args: string[]) => CliResult } {
  const outs: CliResult[] = [];
  return {
    outs,
    go: (args) => {
      const r = cli(env, args);
      outs.push(r);
      return r;
    },
  };
}

/** None of `needles` is readable in the outputs or in any byte under the store `home` (there in any
 * case: the full-text index keeps its words lower-cased). */
function assertNoneReadable(needles: readonly string[], outs: readonly CliResult[], home: string): void {
  const found = (hay: string) => needles.filter((x) => hay.includes(x));
  for (const r of outs) assert.deepEqual(found(r.stdout + r.stderr), []);
  const lower = needles.map((x) => x.toLowerCase());
  for (const f of allFiles(home)) {
    const bytes = Buffer.from(f.bytes).toString('latin1').toLowerCase();
    assert.deepEqual(lower.filter((x) => bytes.includes(x)), [], `bytes of ${f.path}`);
  }
}

/** Builders of real-format Claude lines of session `id` on `day`: numbered uuids, a second apart. */
function claudeLineMaker(id: string, day: string) {
  let n = 0;
  const base = (type: string, extra: Record<string, unknown> = {}) => ({
    parentUuid: null, isSidechain: false, cwd: '/home/dev/app', sessionId: id, version: '2.1.20', gitBranch: 'main', type,
    uuid: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, timestamp: `${day}T10:00:${String(n).padStart(2, '0')}.000Z`, ...extra,
  });
  const call = (callId: string, name: string, input: unknown, extra: Record<string, unknown> = {}, model = 'claude-sonnet-4-5-20250929') =>
    ({ ...base('assistant', extra), requestId: `req_${n}`, message: { id: `msg_${n}`, role: 'assistant', model, content: [{ type: 'tool_use', id: callId, name, input }], usage: { input_tokens: 1, output_tokens: 1 } } });
  const result = (callId: string, content: string, extra: Record<string, unknown> = {}) =>
    ({ ...base('user', extra), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: callId, content }] } });
  return { base, call, result };
}

/** Every reading command over what was imported, before and after `index`: searches for
 * `queries`, whole texts, lists and counts (each output is then scanned for the secrets). */
function readEverything(go: (args: string[]) => CliResult, queries: readonly string[]): void {
  for (const q of queries) go(['search', q, '--limit', '100']);
  go(['search', '--full', '--limit', '100']);
  go(['sessions', '--json', '--all']);
  go(['recent', '--limit', '100']);
  go(['stats', '--json']);
  go(['index']);
  go(['sessions', '--json', '--all']);
  go(['recent', '--limit', '100']);
}

/** A Claude session of `lines` written under `u`'s config dir, then `init` and `import` run as a user would. */
function importedSession(u: TempEnv, id: string, lines: unknown[]): ReturnType<typeof recorded> {
  const dir = join(u.dir, 'claude', 'projects', '-home-dev-app');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.jsonl`), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  u.env['CLAUDE_CONFIG_DIR'] = join(u.dir, 'claude');
  u.env['CODEX_HOME'] = join(u.dir, 'codex');
  const r = recorded(u.env);
  assert.equal(r.go(['init']).code, 0);
  assert.equal(r.go(['import']).code, 0);
  return r;
}

test('planted secrets are imported, redacted everywhere, and readable only through show', () => {
  assert.equal(run(['init']).code, 0);
  assert.equal(run(['import']).code, 0);
  assert.equal(run(['import-file', 'claude', join(t.dir, 'claude', 'projects', '-home-dev-leaky', `${CLAUDE_ID}.jsonl`)]).code, 0);
  const sessions = jsonl<{ id: string; redactions: Record<string, number> }>(run(['sessions', '--json']).stdout);
  assert.equal(sessions.length, 2);
  run(['sessions']);
  run(['stats']);
  const stats = JSON.parse(run(['stats', '--json']).stdout) as { redactions: Record<string, number> };
  for (const kind of new Set(PLANTED_SECRETS.map((s) => s.kind))) {
    assert.ok((stats.redactions[kind] ?? 0) > 0, `redactions of kind ${kind} are counted`);
  }
  run(['health']);
  run(['health', '--json']);
  run(['doctor']);
  run(['doctor', '--json']);
  run(['recent', '--limit', '500']);
  for (const q of ['credential', 'deploy', 'key', 'config', 'REDACTED', '"rejected"', 'sk*', 'AKIA*', 'ghp*', 'eyJ*', 'BEGIN', 'password', 'token']) run(['search', q, '--limit', '500']);
  for (const s of PLANTED_SECRETS.slice(0, 10)) run(['search', '--literal', (s.secret ?? s.value).slice(0, 40), '--limit', '50']);
  run(['search', '--kind', 'tool_call', '--limit', '500']);
  run(['search', '--kind', 'tool_result', '--limit', '500']);
  // Whole texts, derived from the sealed lines (the index keeps a preview of long ones).
  run(['search', '--kind', 'tool_result', '--full', '--limit', '500']);
  run(['search', '--kind', 'assistant_text', '--full', '--limit', '500']);
  run(['search', '--session-id', CLAUDE_ID, '--limit', '1000']);
  assert.equal(run(['index']).code, 0);
  run(['search', 'credential', '--limit', '500']);

  // Positive control: the originals are in the encrypted raw store, reachable by explicit `show`.
  const ev = jsonl<{ id: string }>(cli(t.env, ['search', 'credential', '--session-id', CLAUDE_ID, '--kind', 'user_prompt', '--limit', '1']).stdout)[0]!;
  const shown = cli(t.env, ['show', ev.id]);
  assert.equal(shown.code, 0);
  assert.ok(findLeaks(shown.stdout).length > 0, 'show returns the original, unredacted line');

  run(['purge', '--session-id', CODEX_ID]);

  for (const { what, r } of outputs) {
    assert.deepEqual(findLeaks(r.stdout + r.stderr), [], `output of \`${what}\``);
  }
  const files = allFiles(t.home);
  assert.ok(files.some((f) => f.path.endsWith('store.db')));
  for (const f of files) assert.deepEqual(findLeaks(f.bytes), [], `bytes of ${f.path}`);
});

test('the WAL an import writes holds no planted secret (read whole: a reader holds the store until then, so the import cannot fold it back in)', async () => {
  const u = tempEnv();
  let reader: DatabaseSync | undefined;
  try {
    writePlanted(u);
    assert.equal(cli(u.env, ['init']).code, 0);
    // A read transaction open from before the import: the import's closing checkpoint waits for it.
    reader = new DatabaseSync(join(u.home, 'store.db'), { readOnly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM meta').get();
    const walFile = join(u.home, 'store.db-wal');
    const { done } = cliAsync(u.env, ['import']);
    // Every line is in the WAL once it stops growing (the import then waits at its checkpoint).
    let wal = Buffer.alloc(0);
    for (let still = 0, i = 0; still < 5 && i < 400; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const now = existsSync(walFile) ? readFileSync(walFile) : Buffer.alloc(0);
      still = now.length > 100_000 && now.length === wal.length ? still + 1 : 0;
      wal = now;
    }
    assert.ok(wal.length > 100_000, `the import is in the WAL (${wal.length} bytes)`);
    assert.deepEqual(findLeaks(wal), [], 'bytes of the WAL');
    reader.exec('ROLLBACK');
    reader.close();
    reader = undefined;
    const r = await done;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(jsonl(cli(u.env, ['sessions', '--json']).stdout).length === 2, 'the import went through');
  } finally {
    reader?.close();
    u.cleanup();
  }
});

const SIGNING_SECRET = 'Zq8Wx3Ec7Rv1Tb5Yn2Lp';
const SIGNING_ID = '5ec2e700-1111-4222-8333-444444444444';

/** A Claude session that reads a secret from `.env` (learned by its name), then, in a second
 * import (so in a second sealed segment), repeats it bare; written under `env`. */
function signingSession(env: TempEnv, part: 'head' | 'all', blob = ''): string {
  let n = 0;
  const base = { sessionId: SIGNING_ID, cwd: '/home/dev/app', version: '2.1.20', isSidechain: false, userType: 'external' };
  const ts = () => `2026-03-01T10:00:${String(++n).padStart(2, '0')}.000Z`;
  const user = (content: unknown) => JSON.stringify({ ...base, type: 'user', uuid: `u${n}`, parentUuid: null, timestamp: ts(), message: { role: 'user', content } });
  const asst = (i: number, block: unknown) => JSON.stringify({ ...base, type: 'assistant', uuid: `a${n}`, parentUuid: null, timestamp: ts(), requestId: `req_${i}`, message: { id: `msg_${i}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [block], usage: { input_tokens: 1, output_tokens: 1 } } });
  const result = (id: string, content: string) => user([{ type: 'tool_result', tool_use_id: id, content }]);
  const lines = [
    user('wire the signing secret from .env into the client'),
    asst(1, { type: 'tool_use', id: 'toolu_read', name: 'Read', input: { file_path: '/home/dev/app/.env' } }),
    result('toolu_read', `     1→NODE_ENV=production\n     2→API_SIGNING_SECRET=${SIGNING_SECRET}\n${blob}`),
    asst(2, { type: 'text', text: `The signing secret is ${SIGNING_SECRET}; I will pass it to the client.` }),
    asst(3, { type: 'tool_use', id: 'toolu_bash', name: 'Bash', input: { command: `node sign.js --with ${SIGNING_SECRET} payload.json` } }),
    result('toolu_bash', `signed with ${SIGNING_SECRET}`),
  ];
  const dir = join(env.dir, 'claude', 'projects', '-home-dev-app');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${SIGNING_ID}.jsonl`);
  writeFileSync(file, `${(part === 'head' ? lines.slice(0, 3) : lines).join('\n')}\n`);
  env.env['CLAUDE_CONFIG_DIR'] = join(env.dir, 'claude');
  env.env['CODEX_HOME'] = join(env.dir, 'codex');
  return file;
}

/** The signing session imported in two steps (so in two sealed segments); returns its transcript. */
function importSigningInTwo(env: TempEnv): string {
  signingSession(env, 'head');
  assert.equal(cli(env.env, ['init']).code, 0);
  assert.equal(cli(env.env, ['import']).code, 0);
  const file = signingSession(env, 'all');
  assert.equal(cli(env.env, ['import']).code, 0);
  return file;
}

/** Two ways a sealed record is lost: deleted from store.db, or its bytes zeroed. */
const LOST_RECORD = ['DELETE FROM segments WHERE id = (SELECT min(id) FROM segments)', 'UPDATE segments SET sealed = zeroblob(length(sealed)) WHERE id = (SELECT min(id) FROM segments)'];

/** Runs `sql` on the store of `env`. */
function editStore(env: TempEnv, sql: string): void {
  const db = new DatabaseSync(join(env.home, 'store.db'));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

/** The signing secret is nowhere readable: not in what search and recent print, nor in the store's bytes. */
function signingSecretHidden(env: TempEnv): void {
  for (const args of [['recent', '--limit', '100'], ['search', '--full', '--limit', '100'], ['search', SIGNING_SECRET]]) {
    const r = cli(env.env, args);
    assert.ok(!r.stdout.includes(SIGNING_SECRET), `${args.join(' ')}: ${r.stdout}`);
  }
  for (const f of allFiles(env.home)) assert.ok(!Buffer.from(f.bytes).toString('latin1').includes(SIGNING_SECRET), f.path);
}

test('a sealed record deleted from store.db: index --force and import give what a fresh import gives (a learned secret stays redacted, lines in their order)', () => {
  const u = tempEnv();
  const fresh = tempEnv();
  try {
    importSigningInTwo(u);
    signingSession(fresh, 'all');
    assert.equal(cli(fresh.env, ['init']).code, 0);
    assert.equal(cli(fresh.env, ['import']).code, 0);
    editStore(u, 'DELETE FROM segments WHERE id = (SELECT min(id) FROM segments)');
    assert.equal(cli(u.env, ['index', '--force']).code, 1);
    assert.equal(cli(u.env, ['import']).code, 0);
    signingSecretHidden(u);
    assert.equal(cli(u.env, ['sessions', '--json']).stdout, cli(fresh.env, ['sessions', '--json']).stdout);
    // (Event ids are keyed by each store's key, and seq is the order lines were stored in.)
    const timeline = (env: Record<string, string>) => cli(env, ['recent', '--limit', '100']).stdout.replace(/"id":"[0-9a-f]{24}","seq":\d+,/g, '');
    assert.equal(timeline(u.env), timeline(fresh.env));
    assert.equal(cli(u.env, ['doctor']).code, 0);
  } finally {
    u.cleanup();
    fresh.cleanup();
  }
});

test('a transcript gone from disk that lost a sealed record (deleted or damaged): what its checkpoint remembers of secrets stays for every later rebuild (a review found a plain index after index --force printed it)', () => {
  for (const damage of LOST_RECORD) {
    const u = tempEnv();
    try {
      rmSync(importSigningInTwo(u));
      editStore(u, damage);
      assert.equal(cli(u.env, ['index', '--force']).code, 1);
      signingSecretHidden(u);
      assert.equal(cli(u.env, ['index']).code, 0, damage);
      signingSecretHidden(u);
    } finally {
      u.cleanup();
    }
  }
});

test('lost lines for good, more ways (a review): a printed secret whose call was lost, a lossy transcript restored on disk, a salvage of damaged pages, a purged lossy stream', () => {
  // A secret a command prints (not generated-looking, so never in the memory): its call's template
  // is in the checkpoint, and the lost call's result in the next segment is still redacted.
  for (const damage of LOST_RECORD) {
    const u = tempEnv();
    try {
      const PW = 'hunter2pw';
      const dir = join(u.dir, 'claude', 'projects', '-home-dev-app');
      mkdirSync(dir, { recursive: true });
      u.env['CLAUDE_CONFIG_DIR'] = join(u.dir, 'claude');
      u.env['CODEX_HOME'] = join(u.dir, 'codex');
      const base = { sessionId: SIGNING_ID, cwd: '/home/dev/app', version: '2.1.20', isSidechain: false, userType: 'external' };
      const lines = [
        { ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-03-01T10:00:01.000Z', message: { role: 'user', content: 'what is the db password?' } },
        { ...base, type: 'assistant', uuid: 'a2', parentUuid: 'u1', timestamp: '2026-03-01T10:00:02.000Z', requestId: 'req_1', message: { id: 'msg_1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 'toolu_pe', name: 'Bash', input: { command: 'printenv DB_PASSWORD' } }], usage: { input_tokens: 1, output_tokens: 1 } } },
        { ...base, type: 'user', uuid: 'u3', parentUuid: 'a2', timestamp: '2026-03-01T10:00:03.000Z', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_pe', content: `${PW}\n` }] } },
      ].map((l) => JSON.stringify(l));
      const file = join(dir, `${SIGNING_ID}.jsonl`);
      writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`);
      assert.equal(cli(u.env, ['init']).code, 0);
      assert.equal(cli(u.env, ['import']).code, 0);
      writeFileSync(file, `${lines.join('\n')}\n`);
      assert.equal(cli(u.env, ['import']).code, 0);
      rmSync(file);
      editStore(u, damage);
      assert.equal(cli(u.env, ['index', '--force']).code, 1);
      assert.equal(cli(u.env, ['index']).code, 0);
      for (const r of [cli(u.env, ['recent']), cli(u.env, ['search', '--full'])]) assert.ok(!r.stdout.includes(PW), `${damage}: ${r.stdout}`);
    } finally {
      u.cleanup();
    }
  }

  // A lossy transcript put back on disk is not read again (its checkpoint keeps what the lost
  // lines taught), also when another stream loses a record later; purged, it leaves the list.
  const u = tempEnv();
  try {
    const file = importSigningInTwo(u);
    const kept = readFileSync(file);
    rmSync(file);
    editStore(u, 'DELETE FROM segments WHERE id = (SELECT min(id) FROM segments)');
    assert.equal(cli(u.env, ['index', '--force']).code, 1);
    writeFileSync(file, kept);
    const other = join(u.dir, 'claude', 'projects', '-home-dev-other');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, `${CLAUDE_ID}.jsonl`), claudeSession(CLAUDE_ID));
    assert.equal(cli(u.env, ['import']).code, 0);
    editStore(u, 'DELETE FROM segments WHERE id = (SELECT max(id) FROM segments)');
    assert.equal(cli(u.env, ['index', '--force']).code, 1);
    for (const args of [['index'], ['import'], ['index']]) {
      cli(u.env, args);
      signingSecretHidden(u);
    }
    const lossy = () => {
      const db = new DatabaseSync(join(u.home, 'store.db'), { readOnly: true });
      try {
        return db.prepare("SELECT v FROM meta WHERE k = 'lossy_streams'").get() as { v: string } | undefined;
      } finally {
        db.close();
      }
    };
    assert.ok(lossy(), 'the stream is named lossy');
    assert.equal(cli(u.env, ['purge', '--session-id', SIGNING_ID]).code, 0);
    assert.equal(lossy(), undefined, 'purged, it is no longer named');
  } finally {
    u.cleanup();
  }

  // A salvage (pages of a big segment overwritten) of a transcript gone from disk keeps its checkpoint too.
  const v = tempEnv();
  try {
    const big = Array.from({ length: 400 }, (_, i) => `BLOB_${i}=${createHash('sha256').update(String(i)).digest('base64')}`).join('\n');
    signingSession(v, 'head', big);
    assert.equal(cli(v.env, ['init']).code, 0);
    assert.equal(cli(v.env, ['import']).code, 0);
    rmSync(signingSession(v, 'all', big));
    assert.equal(cli(v.env, ['import']).code, 0);
    assert.ok(damagePages(join(v.home, 'store.db'), "name = 'segments' AND pagetype = 'overflow'", { only: 2 }) > 0);
    cli(v.env, ['index', '--force']);
    cli(v.env, ['index']);
    signingSecretHidden(v);
  } finally {
    v.cleanup();
  }
});

test('secrets a review found outside the plain forms: encoded, split, cut, pending, in line types', () => {
  const u = tempEnv();
  try {
    const id = 'bbbbbbbb-1111-4222-8333-444444444444';
    const gh = PLANTED_SECRETS.find((s) => s.name === 'github/classic-pat')!.value;
    const sk = PLANTED_SECRETS.find((s) => s.name === 'anthropic/api03')!.value;
    const twilio = 'd8118916c7643d15f940d9c1b25678ea';
    const pemBody = ['MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7VJTUt9Us8cKj', 'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu'];
    const pem = `-----BEGIN PRIVATE KEY-----\n${pemBody.join('\n')}\n-----END PRIVATE KEY-----`;
    const needles = [gh, gh.slice(4), sk, twilio, ...pemBody, 'FkMd7ujIDvqVNumVEJzd', 'FkHtmlPw9x7Q', 'FkSlashPw/9q', Buffer.from(`${pem}\n`).toString('base64').slice(20, 60)];
    let n = 0;
    const base = (type: string) => ({
      parentUuid: null, isSidechain: false, cwd: '/home/dev/app', sessionId: id, version: '2.1.20', type,
      uuid: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, timestamp: `2026-03-03T10:00:${String(n).padStart(2, '0')}.000Z`,
    });
    const asst = (content: unknown[]) => ({ ...base('assistant'), requestId: `req_${n}`, message: { id: `msg_${n}`, role: 'assistant', model: 'claude-sonnet-4-5-20250929', content, usage: { input_tokens: 1, output_tokens: 1 } } });
    const result = (callId: string, content: string) => ({ ...base('user'), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: callId, content }] } });
    // The value's key name sits just before the start of the indexed tail; keys after it shrink when redacted.
    const tail = `\nTWILIO_AUTH_TOKEN=${twilio}\n${`${pem}\n`.repeat(12)}`;
    const long = `${'build ok\n'.repeat(6000)}${tail}`;
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'check the logs' } },
      asst([{ type: 'tool_use', id: 'toolu_log', name: 'Bash', input: { command: 'tail access.log' } }]),
      result('toolu_log', `GET /cb?redirect=${encodeURIComponent(`/api?access_token=${gh}&x=1`)} 200\nLocation: ${encodeURIComponent(`postgres://u:FkMd7ujIDvqVNumVEJzd@db/app`)}`),
      asst([{ type: 'tool_use', id: 'toolu_key', name: 'Read', input: { file_path: '/home/dev/app/key.js' } }]),
      result('toolu_key', `const key = "-----BEGIN PRIVATE KEY-----\\n" +\n  "${pemBody.join('\\n" +\n  "')}\\n" +\n  "-----END PRIVATE KEY-----\\n";`),
      asst([{ type: 'tool_use', id: 'toolu_kube', name: 'Bash', input: { command: 'cat ~/.kube/config' } }]),
      result('toolu_kube', `users:\n- user:\n    client-key-data: ${Buffer.from(`${pem}\n`).toString('base64')}\n`),
      asst([{ type: 'tool_use', id: 'toolu_php', name: 'Bash', input: { command: 'php artisan env' } }]),
      result('toolu_php', '{"url":"postgres:\\/\\/laravel:FkMd7ujIDvqVNumVEJzd@db.internal:5432\\/app"}'),
      // JSON shown in HTML, an encoder that escapes ASCII, and a URL password with an unencoded slash.
      asst([{ type: 'tool_use', id: 'toolu_html', name: 'WebFetch', input: { url: 'http://localhost:8080/debug' } }]),
      result('toolu_html', `<pre>{&quot;password&quot;:&quot;FkHtmlPw9x7Q&quot;}</pre>\ntoken: ${gh.replace('_', '\\u005f')}\nredis://:FkSlashPw/9q@cache.internal:6379`),
      asst([{ type: 'tool_use', id: 'toolu_long', name: 'Bash', input: { command: 'make' } }]),
      result('toolu_long', long),
      { ...base(`custom-${gh}`), data: 'an unknown line type' },
      // A Task whose result has not arrived yet: the parser keeps its prompt in its checkpoint state.
      asst([{ type: 'tool_use', id: 'toolu_task', name: 'Task', input: { description: 'rotate', prompt: `Key ${sk} must be revoked`, subagent_type: 'general-purpose' } }]),
    ];
    const { outs, go } = importedSession(u, id, lines);
    for (const q of ['access_token', 'postgres', 'key', 'TWILIO_AUTH_TOKEN', 'custom', twilio, twilio.slice(0, 12), 'client']) go(['search', q, '--limit', '100']);
    go(['recent', '--limit', '100']);
    go(['sessions', '--json']);
    const found = (hay: string) => needles.filter((x) => hay.includes(x) || hay.toLowerCase().includes(x.toLowerCase()));
    for (const r of outs) assert.deepEqual(found(r.stdout + r.stderr), []);
    for (const f of allFiles(u.home)) assert.deepEqual(found(Buffer.from(f.bytes).toString('latin1')), [], `bytes of ${f.path}`);
    // The tail is still searchable where nothing secret is involved.
    assert.ok(jsonl(cli(u.env, ['search', 'TWILIO_AUTH_TOKEN', '--limit', '5']).stdout).length > 0);
  } finally {
    u.cleanup();
  }
});

test('Codex argv commands (shell, local_shell_call, exec_command_end): the command column is redacted before shell quoting', () => {
  const u = tempEnv();
  try {
    const id = '019c0000-2222-7333-8444-555555555555';
    const mysqlPw = 'Yb6Xk9mQ2vL7pR4!';
    const apiKey = 'Lk8Xk9mQ2vL7pR4tW8z';
    const argvs = [
      ['mysql', '-uroot', `-p${mysqlPw}`, 'app'],
      ['bash', '-lc', `export API_KEY='${apiKey}' && ./run.sh`],
    ];
    let n = 0;
    const line = (type: string, payload: unknown) => JSON.stringify({ timestamp: `2026-03-04T09:00:${String(++n).padStart(2, '0')}.000Z`, type, payload });
    const end = (callId: string, command: string[]) =>
      line('event_msg', { type: 'exec_command_end', call_id: callId, turn_id: '1', command, cwd: '/home/dev/app', parsed_cmd: [], source: 'agent', stdout: '', stderr: '', aggregated_output: 'done\n', exit_code: 0, duration: { secs: 0, nanos: 5000000 }, formatted_output: '' });
    const lines = [
      line('session_meta', { id, timestamp: '2026-03-04T09:00:00.000Z', cwd: '/home/dev/app', originator: 'codex_cli_rs', cli_version: '0.63.0' }),
      line('turn_context', { cwd: '/home/dev/app', model: 'gpt-5.1-codex', approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write' } }),
    ];
    argvs.forEach((argv, i) => {
      // The legacy `shell` function call, its exec_command_end event and its output.
      lines.push(line('response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: argv, workdir: '/home/dev/app' }), call_id: `call_sh${i}` }));
      lines.push(end(`call_sh${i}`, argv));
      lines.push(line('response_item', { type: 'function_call_output', call_id: `call_sh${i}`, output: JSON.stringify({ output: 'done\n', metadata: { exit_code: 0, duration_seconds: 0.1 } }) }));
      // A local_shell_call and its exec_command_end event.
      lines.push(line('response_item', { type: 'local_shell_call', call_id: `call_ls${i}`, status: 'completed', action: { type: 'exec', command: argv, timeout_ms: 10000, working_directory: '/home/dev/app', env: null, user: null } }));
      lines.push(end(`call_ls${i}`, argv));
    });
    const dir = join(u.dir, 'codex', 'sessions', '2026', '03', '04');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `rollout-2026-03-04T09-00-00-${id}.jsonl`), `${lines.join('\n')}\n`);
    u.env['CLAUDE_CONFIG_DIR'] = join(u.dir, 'claude');
    u.env['CODEX_HOME'] = join(u.dir, 'codex');

    const needles = [mysqlPw, mysqlPw.slice(0, 8), apiKey, apiKey.slice(0, 8)];
    const found = (hay: string) => needles.filter((x) => hay.includes(x));
    const { outs, go } = recorded(u.env);
    assert.equal(go(['init']).code, 0);
    assert.equal(go(['import']).code, 0);
    type Row = { kind: string; tool: string | null; command: string | null };
    const rows = jsonl<Row>(go(['search', '--session-id', id, '--limit', '100']).stdout);
    for (const q of ['mysql', 'run.sh', 'API_KEY', 'REDACTED']) go(['search', q, '--limit', '100']);
    go(['search', '--kind', 'tool_call', '--full', '--limit', '100']);
    go(['recent', '--limit', '100']);
    for (const r of outs) assert.deepEqual(found(r.stdout + r.stderr), []);
    for (const f of allFiles(u.home)) assert.deepEqual(found(Buffer.from(f.bytes).toString('latin1')), [], `bytes of ${f.path}`);

    // The column still reads as the command that ran, each secret one whole marker.
    const commands = rows.filter((r) => r.command !== null);
    assert.equal(commands.length, 8, 'two shell calls and two local_shell calls, each with its exec_command_end');
    for (const r of commands) {
      assert.match(r.command!, /^mysql -uroot '-p\[REDACTED:[a-z_]+\]' app$|^bash -lc 'export API_KEY='\\''\[REDACTED:[a-z_]+\]'\\'' && \.\/run\.sh'$/, `${r.kind} ${r.tool}: ${r.command}`);
    }
    // Each of the 8 lines holding a secret counts it once: a call's command is not counted again
    // on top of the input it was read from.
    const [session] = jsonl<{ id: string; redactions: Record<string, number> }>(go(['sessions', '--json']).stdout).filter((s) => s.id === id);
    assert.equal(Object.values(session!.redactions).reduce((a, b) => a + b, 0), 8, JSON.stringify(session!.redactions));
  } finally {
    u.cleanup();
  }
});

test('credentials printed by kubectl, cat ~/.pgpass, az keys list and a YAML config never reach the index or the CLI', () => {
  const u = tempEnv();
  try {
    const id = 'cccccccc-1111-4222-8333-444444444444';
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const kubePw = 'Kb7mQ2vL9pR4tW8z';
    const pgPw = 'Pg4rT2mV9kLp(x)';
    const yamlPw = 'Ym8rT2mV9kLpQ3wX';
    const blockKey = 'Bk5Xk9mQ2vL7pR4tW8zN';
    const quotedPw = 'Qt\\"9mQ\\\\2v(L7)';
    const azKey = 'QaI5CUsBdrj9Xu/EPGKSiUprVQa2sOfEIOM8GdMzfg/W91vHHitjMrX4tANPtEc2a8dvJviuQlWOI5js4/7zIo==';
    const needles = [b64(kubePw), kubePw, 'Pg4rT2mV9kLp', yamlPw, blockKey, 'Qt\\"9mQ', '2v(L7)', azKey.slice(0, 40)];
    let n = 0;
    const base = (type: string) => ({
      parentUuid: null, isSidechain: false, cwd: '/home/dev/app', sessionId: id, version: '2.1.20', type,
      uuid: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, timestamp: `2026-03-05T10:00:${String(n).padStart(2, '0')}.000Z`,
    });
    const call = (callId: string, command: string) => ({ ...base('assistant'), requestId: `req_${n}`, message: { id: `msg_${n}`, role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'tool_use', id: callId, name: 'Bash', input: { command } }], usage: { input_tokens: 1, output_tokens: 1 } } });
    const result = (callId: string, content: string) => ({ ...base('user'), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: callId, content }] } });
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'why can the app not reach the database?' } },
      call('toolu_kube', 'kubectl get secret app-db -o yaml'),
      result('toolu_kube', `apiVersion: v1\ndata:\n  password: ${b64(kubePw)}\n  username: YXBw\nkind: Secret\nmetadata:\n  name: app-db\ntype: Opaque\n`),
      call('toolu_pgpass', 'cat ~/.pgpass'),
      result('toolu_pgpass', `db.internal.example.com:5432:app:app:${pgPw}\n*:*:*:postgres:${yamlPw.slice(0, 4)}x9${pgPw.slice(4)}\n`),
      call('toolu_cfg', 'cat config/database.yml'),
      result('toolu_cfg', `production:\n  adapter: postgresql\n  password:\n    ${yamlPw}\n  api_key: |\n    ${blockKey}\n  quoted: "x"\n  client_password: "${quotedPw}"\n`),
      call('toolu_az', 'az storage account keys list -n appstore'),
      result('toolu_az', JSON.stringify([{ creationTime: '2026-03-01T10:00:00.000000+00:00', keyName: 'key1', permissions: 'FULL', value: azKey }], null, 2)),
    ];
    const { outs, go } = importedSession(u, id, lines);
    for (const q of ['password', 'pgpass', 'api_key', 'keyName', 'REDACTED']) go(['search', q, '--limit', '100']);
    go(['search', '--kind', 'tool_result', '--full', '--limit', '100']);
    go(['recent', '--limit', '100']);
    go(['sessions', '--json']);
    assertNoneReadable(needles, outs, u.home);
    // What is not secret stays searchable.
    assert.ok(jsonl(cli(u.env, ['search', 'postgresql', '--limit', '5']).stdout).length > 0);
  } finally {
    u.cleanup();
  }
});

test('a review found: ids from the data, short fields after a secret was learned, a token as a URL user — none reach the index or the CLI', () => {
  const u = tempEnv();
  try {
    // Learned from a .env read, then repeated bare in fields the rules cannot judge.
    const learned = 'Lr8Kq2Wz5Tx9Vb3Nm6Hp';
    // Vendor tokens the rules catch anywhere, here used as ids and a URL user.
    const idToken = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    const codexToken = 'ghp_Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2';
    const hex = '3f9a0c1d2e4b5a6978877665544332211000ffee';
    const needles = [learned, idToken, codexToken, hex];
    const id = 'dddddddd-1111-4222-8333-444444444444';
    const { base, call, result } = claudeLineMaker(id, '2026-03-06');
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'set up the deploy' } },
      call('toolu_env', 'Read', { file_path: '/home/dev/app/.env' }),
      result('toolu_env', `     1→DEPLOY_TOKEN=${learned}\n`),
      // Copies are followed as whole words (not inside `toolu_…` or `mcp__…__…`). Keys (call ids,
      // usage keys) follow the rules only: a call and its result must keep one id.
      call('toolu_deploy', `deploy.${learned}`, { target: 'prod' }, { gitBranch: learned }, learned),
      result('toolu_deploy', 'ok', { gitBranch: learned }),
      call('toolu_git', 'Bash', { command: 'git remote -v' }),
      result('toolu_git', `origin\thttps://${hex}:x-oauth-basic@github.com/acme/app.git (fetch)\n`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    // A Claude file not named by its uuid whose lines name a token as their session.
    const other = join(u.dir, 'claude', 'projects', '-home-dev-app', 'notes.jsonl');
    writeFileSync(other, `${JSON.stringify({ ...base('user'), sessionId: idToken, message: { role: 'user', content: 'hello from a renamed file' } })}\n`);
    // A Codex rollout whose header id is a token, and a fork of it that names it as its parent.
    const xdir = join(u.dir, 'codex', 'sessions', '2026', '03', '06');
    mkdirSync(xdir, { recursive: true });
    const meta = (payload: Record<string, unknown>) => JSON.stringify({ timestamp: '2026-03-06T11:00:00.000Z', type: 'session_meta', payload: { timestamp: '2026-03-06T11:00:00.000Z', cwd: '/home/dev/app', originator: 'codex_cli_rs', cli_version: '0.63.0', ...payload } });
    const msg = (text: string) => JSON.stringify({ timestamp: '2026-03-06T11:00:01.000Z', type: 'event_msg', payload: { type: 'user_message', message: text } });
    const childId = '019c0000-2222-7222-8333-444444444444';
    writeFileSync(join(xdir, 'rollout-2026-03-06T11-00-00-019c0000-1111-7222-8333-444444444444.jsonl'), `${meta({ id: codexToken })}\n${msg('parent prompt')}\n`);
    writeFileSync(join(xdir, `rollout-2026-03-06T11-05-00-${childId}.jsonl`), `${meta({ id: childId, forked_from_id: codexToken })}\n${msg('parent prompt')}\n${msg('child prompt')}\n`);
    assert.equal(go(['import']).code, 0);
    const sessions = jsonl(go(['sessions', '--json', '--all']).stdout);
    const child = sessions.find((s) => s['id'] === childId)!;
    const parentId = child['forkedFromId'] as string;
    assert.match(parentId, /^redacted-[0-9a-f]{24}$/, 'an id holding a secret is replaced whole');
    assert.ok(sessions.some((s) => s['id'] === parentId), 'and the fork still finds its parent by it');
    assert.ok(sessions.some((s) => String(s['id']).startsWith('redacted-') && s['provider'] === 'claude'));
    readEverything(go, ['deploy', 'origin', 'REDACTED', 'prompt']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('paths are printed redacted by every command and stored redacted: the store home, a transcript folder (init, stats, purge, demo)', () => {
  const u = tempEnv();
  try {
    const token = 'ghp_P4t8Hq2Lm9Xv4Rt8Wz3Kp6Nc1Jd5Fg7Sb0Ya2';
    u.env['TRACE_HOME'] = join(u.dir, `store-${token}`);
    const id = 'eeeeeeee-1111-4222-8333-444444444444';
    const dir = join(u.dir, 'claude', 'projects', `-home-dev-${token}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${id}.jsonl`), `${JSON.stringify({ type: 'user', sessionId: id, uuid: 'u1', parentUuid: null, timestamp: '2026-03-07T10:00:00.000Z', cwd: '/w', message: { role: 'user', content: 'hi' } })}\n`);
    u.env['CLAUDE_CONFIG_DIR'] = join(u.dir, 'claude');
    u.env['CODEX_HOME'] = join(u.dir, 'codex');
    const { outs, go } = recorded(u.env);
    go(['init']);
    go(['init', '--json']);
    go(['import', '--json']);
    go(['stats']);
    go(['stats', '--json']);
    go(['doctor']);
    // The checkpoints and the transcript's stream know the folder by a redacted, tagged name.
    for (const f of allFiles(u.env['TRACE_HOME']!)) assert.ok(!Buffer.from(f.bytes).toString('latin1').includes(token), `bytes of ${f.path}`);
    assert.match(go(['import']).stdout, /Imported 0 of 1 file \(1 unchanged\)/, 'a re-import finds the checkpoint by that name');
    go(['purge', '--session-id', id]);
    go(['demo', '--home', join(u.dir, `demo-${token}`)]);
    assert.ok(outs.every((r) => r.code === 0), JSON.stringify(outs.map((r) => r.stderr)));
    for (const r of outs) assert.ok(!(r.stdout + r.stderr).includes(token), r.stdout + r.stderr);
  } finally {
    u.cleanup();
  }
});

test('the store home is printed redacted also by index when it repairs a damaged store.db', () => {
  const u = tempEnv();
  try {
    const token = 'ghp_R7t8Hq2Lm9Xv4Rt8Wz3Kp6Nc1Jd5Fg7Sb0Yz9';
    u.env['TRACE_HOME'] = join(u.dir, `store-${token}`);
    const id = 'eeeeeeee-2222-4222-8333-444444444444';
    const dir = join(u.dir, 'claude', 'projects', '-home-dev-app');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${id}.jsonl`), `${claudeLines(id, 300).join('\n')}\n`);
    u.env['CLAUDE_CONFIG_DIR'] = join(u.dir, 'claude');
    u.env['CODEX_HOME'] = join(u.dir, 'codex');
    const { outs, go } = recorded(u.env);
    go(['init']);
    go(['import']);
    // Cut the last page off store.db (as a copy cut short would): index salvages it.
    cutLastPage(join(u.env['TRACE_HOME'], 'store.db'));
    go(['sessions']);
    const repaired = go(['index']);
    assert.equal(repaired.code, 0, repaired.stderr);
    assert.match(repaired.stderr, /damaged file is kept as .*store-\[REDACTED:github\]/);
    for (const r of outs) assert.ok(!(r.stdout + r.stderr).includes(token), r.stdout + r.stderr);
  } finally {
    u.cleanup();
  }
});

/**
 * A session and a malformed file in each of these Claude project folders, then the commands that
 * print or store transcript paths: import (text and JSON), doctor (both), purge of every session,
 * import again (skipping the purged).
 */
function throughProjectFolders(u: ReturnType<typeof tempEnv>, folders: string[]) {
  const ids = folders.map((folder, i) => {
    const id = `eeeeeeee-5555-4222-8333-${String(i).padStart(12, '0')}`;
    const dir = join(u.dir, 'claude', 'projects', folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${id}.jsonl`), `${claudeLines(id, 2).join('\n')}\n`);
    writeFileSync(join(dir, 'broken.jsonl'), 'not json\n');
    return id;
  });
  u.env['CLAUDE_CONFIG_DIR'] = join(u.dir, 'claude');
  u.env['CODEX_HOME'] = join(u.dir, 'codex');
  const { outs, go } = recorded(u.env);
  for (const args of [['init'], ['import'], ['import', '--json'], ['doctor'], ['doctor', '--json'], ...ids.map((id) => ['purge', '--session-id', id]), ['import']]) go(args);
  return { outs, go };
}

test('a secret in a working directory stays out when Claude encodes it into a project folder name (. and / become -)', () => {
  const u = tempEnv();
  try {
    // SendGrid key shape SG.<22>.<43>: in the folder name it reads SG-<22>-<43>.
    const key = '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';
    const encoded = key.replaceAll('.', '-');
    const { outs } = throughProjectFolders(u, [`-home-dev-${encoded}`]);
    for (const part of [encoded.slice(3, 25), encoded.slice(26, 60)]) {
      for (const r of outs) assert.ok(!(r.stdout + r.stderr).includes(part), r.stdout + r.stderr);
      for (const f of allFiles(u.env['TRACE_HOME']!)) assert.ok(!Buffer.from(f.bytes).toString('latin1').includes(part), `bytes of ${f.path}`);
    }
    assert.match(outs.map((r) => r.stdout).join(''), /\[REDACTED:sendgrid\]/);
  } finally {
    u.cleanup();
  }
});

test('a secret in a working directory stays out of a project folder name whatever Claude turned into - (_ = : + and the rest)', () => {
  const u = tempEnv();
  try {
    // As Claude names the folders: every character but letters and digits becomes '-'.
    const values = {
      github: 'ghp_ZbDov1w034qOBYoD0hN450itDEF30uU0PBDe',
      githubPat: 'github_pat_11ABCDEFG0Q7zX2_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789aBcDeFgHiJkLmNoPqRsTuVwX',
      stripe: 'sk_live_51HxYz9QwErTy7UiOp3AsDfGh5JkL',
      huggingface: 'hf_LockedFolderAbCdEfGhIjKlMnOpQrStUv',
      assignment: 'API_TOKEN=Kpg7WApVZnR6DqfETVd5',
      flag: '--password=HxSFWElZP7V6YgUf',
      aws: 'aws_secret_access_key=Zq8vR2mT5xLp/9HkWc3Nd7Fb+Yg4Js6Qa1Ue0Ko8Vi',
    };
    const encode = (cwd: string) => cwd.replace(/[^A-Za-z0-9]/g, '-');
    const { outs, go } = throughProjectFolders(u, Object.values(values).map((v) => encode(`/home/dev/${v}`)));
    go(['import-file', 'claude', join(u.dir, 'claude', 'projects', encode(`/home/dev/${values.github}`), 'missing.jsonl')]);
    // The random part of each value, as the folder name holds it.
    const needles = Object.values(values).map((v) => encode(v).split('-').filter((p) => p.length >= 16 && /\d/.test(p))[0] ?? encode(v).slice(-16));
    assert.equal(needles.length, 7);
    for (const part of needles) {
      for (const r of outs) assert.ok(!(r.stdout + r.stderr).includes(part), `${part} in ${r.stdout + r.stderr}`);
      for (const f of allFiles(u.env['TRACE_HOME']!)) assert.ok(!Buffer.from(f.bytes).toString('latin1').includes(part), `${part} in bytes of ${f.path}`);
    }
    const shown = outs.map((r) => r.stdout + r.stderr).join('');
    for (const kind of ['github', 'stripe', 'huggingface', 'secret_assignment']) assert.match(shown, new RegExp(`\\[REDACTED:${kind}\\]`));
    assert.match(shown, /-home-dev-API-TOKEN-\[REDACTED:secret_assignment\]/, 'the name before the value still reads');
  } finally {
    u.cleanup();
  }
});

test('a sixth review found: a token cut by the 200-character limit of call ids, word-and-number passwords, ESC(B and \\u000a before a token, random-letter passwords repeated bare', () => {
  const u = tempEnv();
  try {
    const callToken = 'ghp_C4l1Id9Xv4Rt8Wz3Kp6Nc1Jd5Fg7Sb0Ya2Q7';
    const taskToken = 'ghp_T4sk1d9Xv4Rt8Wz3Kp6Nc1Jd5Fg7Sb0Ya2Q8';
    const ttyToken = 'ghp_Tty4Hq2Lm9Xv4Rt8Wz3Kp6Nc1Jd5Fg7Sb0Y9';
    const logToken = 'ghp_L0g4Hq2Lm9Xv4Rt8Wz3Kp6Nc1Jd5Fg7Sb0Y9';
    const word = 'Summer2024';
    const letters = 'EohksTylnvRnNVoGNfQp';
    // The piece a 200-character cut would have kept, and the values themselves.
    const needles = [callToken.slice(0, 24), taskToken.slice(0, 24), ttyToken, logToken, word, letters];
    const id = 'ffffffff-6666-4222-8333-444444444444';
    const codexId = '019c0000-6666-7222-8333-444444444444';
    const { base, call, result } = claudeLineMaker(id, '2026-03-08');
    const taskId = `toolu_${'t'.repeat(170)}_${taskToken}`;
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'check the config' } },
      call(taskId, 'Task', { description: 'look', prompt: 'look around', subagent_type: 'general-purpose' }),
      result(taskId, 'done'),
      call('toolu_read', 'Read', { file_path: '/home/dev/app/config.yml' }),
      result('toolu_read', `     1→db:\n     2→  db_password: "${word}"\n     3→  MAIL_PASS=${letters}\n`),
      call('toolu_tty', 'Bash', { command: 'gh auth token' }),
      result('toolu_tty', `\x1b[1mToken:\x1b(B\x1b[m${ttyToken}\n{"log":"line1\\u000a${logToken}"}`),
      { ...base('assistant'), requestId: 'req_text', message: { id: 'msg_text', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: `The mailer logs in with ${letters}.` }], usage: { input_tokens: 1, output_tokens: 1 } } },
    ];
    const { outs, go } = importedSession(u, id, lines);
    const xdir = join(u.dir, 'codex', 'sessions', '2026', '03', '08');
    mkdirSync(xdir, { recursive: true });
    const env = (type: string, payload: unknown) => JSON.stringify({ timestamp: '2026-03-08T11:00:00.000Z', type, payload });
    const callId = `call_${'c'.repeat(170)}_${callToken}`;
    writeFileSync(join(xdir, `rollout-2026-03-08T11-00-00-${codexId}.jsonl`), `${[
      env('session_meta', { id: codexId, timestamp: '2026-03-08T11:00:00.000Z', cwd: '/home/dev/app', originator: 'codex_cli_rs', cli_version: '0.63.0' }),
      env('response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['ls'] }), call_id: callId }),
      env('response_item', { type: 'function_call_output', call_id: callId, output: JSON.stringify({ output: 'a\n', metadata: { exit_code: 0, duration_seconds: 0.1 } }) }),
    ].join('\n')}\n`);
    assert.equal(go(['import']).code, 0);
    const sessions = jsonl(go(['sessions', '--json', '--all']).stdout);
    assert.equal(sessions.find((s) => s['id'] === codexId)?.['toolCalls'], 1, 'the call and its output still pair under the redacted id');
    readEverything(go, ['config', 'Token', 'mailer', 'REDACTED']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('a leak hunt in coloured tool output (2026-11-26) found: colours with ESC spelled out, long truecolor codes, coloured copies of a secret found earlier, word diffs', () => {
  const u = tempEnv();
  try {
    const spelled = 'ghp_Sp3ll4Hq2Lm9Xv4Rt8Wz3Kp6Nc1Jd5Fg7Sb0Y';
    const caret = 'ghp_C4r3t4Hq2Lm9Xv4Rt8Wz3Kp6Nc1Jd5Fg7Sb0Y';
    const truecolor = 'Tc7Qm2Vx9Lp4Rw8Zk3N';
    const learned = '9DoV8gz4FkQ1okTBGzvAmw';
    const before = 'VO8JmR8y4EMfAdggcG';
    const after = '9qpVTzqA05MFsHl7Ue';
    const needles = [spelled, caret, truecolor, learned, before, after, spelled.slice(-16), learned.slice(-12)];
    const id = 'ffffffff-7777-4222-8333-444444444444';
    const { base, call, result } = claudeLineMaker(id, '2026-03-09');
    const lines = [
      { ...base('user'), message: { role: 'user', content: `auth failed with token ^[[1m${caret}^[[0m` } },
      call('toolu_env', 'Bash', { command: 'cat .env.production' }),
      result('toolu_env', `DEPLOY_SECRET=${learned}\n`),
      call('toolu_test', 'Bash', { command: 'pytest -q' }),
      result('toolu_test', `E   AssertionError: assert '\\x1b[32m${spelled}\\x1b[0m' == ''\n  value: '\\x1b[33m${learned}\\x1b[0m'\n`),
      call('toolu_tc', 'Bash', { command: 'printenv | bat --color=always' }),
      result('toolu_tc', `DB_PASSWORD=\x1b[38;2;255;255;255;48;2;30;30;46;1;4;53m${truecolor}\x1b[0m\n`),
      call('toolu_diff', 'Bash', { command: 'git diff --word-diff --color .env' }),
      result('toolu_diff', `SMTP_PASSWORD=\x1b[31m[-${before}-]\x1b[m\x1b[32m{+${after}+}\x1b[m\n`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    assert.equal(go(['import']).code, 0);
    readEverything(go, ['AssertionError', 'DB_PASSWORD', 'SMTP_PASSWORD', 'auth', learned, after]);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('a second leak hunt (2026-11-26) found: values commands print bare (printenv, gh auth token), a label with its value on the next line, a shell continuation', () => {
  const u = tempEnv();
  try {
    const printed = 'hunter2LongerPw99';
    const token = 'Qm7vXk2pLr9sTw4zKd';
    const labelled = 'nlA8sD3fG6hJ9kL2zX5cV7b';
    const continued = 'contR5tY8uI2oP4aS6dF9g';
    const needles = [printed, token, labelled, continued];
    const id = 'ffffffff-8888-4222-8333-444444444444';
    const { call, result, base } = claudeLineMaker(id, '2026-03-10');
    const lines = [
      call('toolu_env', 'Bash', { command: 'printenv DB_PASSWORD' }),
      result('toolu_env', `${printed}\n`),
      call('toolu_gh', 'Bash', { command: 'gh auth token' }),
      result('toolu_gh', `${token}\n`),
      { ...base('assistant'), message: { role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: `Using ${printed} and ${token}.` }] } },
      call('toolu_key', 'Bash', { command: './create-key.sh' }),
      result('toolu_key', `Created key.\nYour API key:\n${labelled}\n`),
      call('toolu_sh', 'Bash', { command: 'cat deploy.sh' }),
      result('toolu_sh', `export DB_PASSWORD=\\\n  ${continued}\n`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    assert.equal(go(['import']).code, 0);
    readEverything(go, [printed, token, labelled, continued, 'Created', 'DB_PASSWORD']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('a third leak hunt and its verification (2026-11-26) found: a key pushed out of memory by an access log, encoded copies of a learned key, stdin passwords (sudo with options), expect scripts, keyring readers, `PASS` with a generated value', () => {
  const u = tempEnv();
  try {
    const deploy = 'o96zNDKS5Yg5ZoybAHbujima';
    const aws = 'AD8jU0m55EVvqjh2C0C6/jkqfN4Bi5+14x7tp4GH';
    const stdin = 'q8vR2mT5xLp9HkWc';
    const keyring = 'Kr7vXk2pLr9sTw4zQd';
    const pass = 'aBIGIpR0HdhakcBrlr';
    const sudoPw = 'Pg#Adm1nPass';
    const expectPw = 'Ex9#pectPass';
    const needles = [deploy, aws, aws.slice(0, 20), encodeURIComponent(aws), stdin, keyring, pass, sudoPw, expectPw];
    const id = 'ffffffff-9999-4222-8333-444444444444';
    const { call, result, base } = claudeLineMaker(id, '2026-03-11');
    const token = (i: number) => `Q${i.toString(36).padStart(4, '0')}x8Lm2Vn7Rt4Kp9Wz3Hc6Yd1F`;
    const log = (round: number) => Array.from({ length: 300 }, (_, i) => `GET /api?access_token=${token(round * 300 + i)} 200`).join('\n');
    const lines = [
      call('toolu_env', 'Bash', { command: 'cat .env.production' }),
      result('toolu_env', `DEPLOY_SECRET=${deploy}\naws_secret_access_key = ${aws}\n`),
      call('toolu_log1', 'Bash', { command: 'tail -300 access.log' }),
      result('toolu_log1', log(0)),
      call('toolu_log2', 'Bash', { command: 'tail -300 access.old.log' }),
      result('toolu_log2', log(1)),
      call('toolu_curl', 'Bash', { command: 'tail -1 debug.log' }),
      result('toolu_curl', `GET /debug?q=${encodeURIComponent(aws)} 200\n{"q":"${aws.replace('/', '\\/')}"}\n`),
      call('toolu_sudo', 'Bash', { command: `sudo -S <<< '${stdin}' systemctl restart app` }),
      result('toolu_sudo', 'ok\n'),
      call('toolu_pg', 'Bash', { command: `sudo -u postgres -S psql -c 'select 1' <<< '${sudoPw}'` }),
      result('toolu_pg', '1\n'),
      call('toolu_exp', 'Write', { file_path: '/home/dev/app/login.exp', content: `spawn ssh dev@host\nexpect {\n  "password:" { send "${expectPw}\\r"; exp_continue }\n}\n` }),
      result('toolu_exp', 'File created successfully'),
      call('toolu_kr', 'Bash', { command: 'secret-tool lookup service myapp user dev' }),
      result('toolu_kr', `${keyring}\n`),
      { ...base('assistant'), message: { role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: `The requests are signed with ${deploy}; the runner env is {"PASS":"${pass}"}.` }] } },
    ];
    const { outs, go } = importedSession(u, id, lines);
    assert.equal(go(['import']).code, 0);
    readEverything(go, ['signed', 'debug', 'systemctl', 'config', 'PASS', deploy]);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('stdin and script password forms of redaction rules .20 (2026-11-26): cat here-documents into a reader, passwords typed into passwd, expect with comments between, pexpect, printed secrets from a container or through sed', () => {
  const u = tempEnv();
  try {
    const docker = 'Dk7#regPass2026';
    const newPw = 'Nw5!passwdAgain';
    const expectPw = 'Ex8#commentedPw';
    const pexpectPw = 'Px3$sendlinePw';
    const fromContainer = 'ctr9Xk2pLr7sTw4zQdVb';
    const viaSed = 'sed4Hq8mZt2wPv6xRn3';
    const needles = [docker, newPw, expectPw, pexpectPw, fromContainer, viaSed];
    const id = 'ffffffff-aaaa-4222-8333-444444444444';
    const { call, result } = claudeLineMaker(id, '2026-03-12');
    const lines = [
      call('toolu_dl', 'Bash', { command: `cat <<EOF | docker login ghcr.io -u dev --password-stdin\n${docker}\nEOF` }),
      result('toolu_dl', 'Login Succeeded\n'),
      call('toolu_pw', 'Bash', { command: `printf '${newPw}\\n${newPw}\\n' | sudo passwd deploy` }),
      result('toolu_pw', 'passwd: password updated successfully\n'),
      call('toolu_exp', 'Write', { file_path: '/home/dev/app/login.exp', content: `spawn ssh dev@host\nexpect "password:"\n# wait for the prompt to settle\nsleep 1\nsend "${expectPw}\\r"\ninteract\n` }),
      result('toolu_exp', 'File created successfully'),
      call('toolu_px', 'Write', { file_path: '/home/dev/app/login.py', content: `child = pexpect.spawn('ssh dev@host')\nchild.expect('[Pp]assword:')\nchild.sendline('${pexpectPw}')\n` }),
      result('toolu_px', 'File created successfully'),
      call('toolu_ctr', 'Bash', { command: 'docker exec app env | grep STRIPE_SECRET | cut -d= -f2' }),
      result('toolu_ctr', `${fromContainer}\n`),
      call('toolu_sed', 'Bash', { command: "grep DB_PASSWORD .env | sed 's/.*=//'" }),
      result('toolu_sed', `${viaSed}\n`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    assert.equal(go(['import']).code, 0);
    readEverything(go, ['docker', 'passwd', 'expect', 'sendline', 'STRIPE_SECRET', 'DB_PASSWORD']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test("this session's new messages name paths redacted: a mistyped CODEX_HOME, doctor's unread lines, a symbolic link loop", () => {
  const u = tempEnv();
  try {
    const gh = PLANTED_SECRETS.find((s) => s.name === 'github/classic-pat')!.value;
    const id = 'cccccccc-1111-4222-8333-444444444444';
    const dir = join(u.dir, 'claude', 'projects', `-home-dev-${gh}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${id}.jsonl`);
    writeFileSync(file, `${claudeLines(id, 2).join('\n')}\n`);
    const env = { ...u.env, CLAUDE_CONFIG_DIR: join(u.dir, 'claude'), CODEX_HOME: join(u.dir, `codex-${gh}`) };
    assert.equal(cli(env, ['init']).code, 0);
    const outs: CliResult[] = [cli(env, ['import'])];
    assert.match(outs[0]!.stderr, /CODEX_HOME is set, but .* does not exist/);
    writeFileSync(file, `${claudeLines(id, 3).join('\n')}\n`);
    outs.push(cli(env, ['doctor']), cli(env, ['doctor', '--json']));
    assert.match(outs[1]!.stdout, /imported with lines not stored yet/);
    const loop = join(dir, 'loop.jsonl');
    symlinkSync(loop, loop);
    outs.push(cli(env, ['import']), cli(env, ['import-file', 'claude', loop]));
    for (const r of outs) assert.deepEqual(findLeaks(r.stdout + r.stderr), [], r.stdout + r.stderr);
  } finally {
    u.cleanup();
  }
});

test('a fourth leak hunt (2026-11-27) found: secrets told in sentences, twine -p, .bearer_auth in code, net use, a token pasted bare before the line that shows it, a long output naming its top line in the middle', () => {
  const u = tempEnv();
  try {
    const told = 'Pr4xQm9ZtLw2';
    const thought = 'Th6kPq2mWz8x';
    const twine = 'Tw3abcdEFGH1234ijklMNOP';
    const bearer = 'Ba5abcdEFGH1234ijklMNOPqrst';
    const share = 'Nu7aB3cD9eF2gH';
    const pasted = 'Cp9xKq7mLw2zRt4vBn8s';
    const printed = 'Gn5tR8kQ2mXw7pLz4vBc';
    const needles = [told, thought, twine, bearer, share, pasted, printed];
    const id = 'ffffffff-9999-4222-8333-444444444444';
    const { call, result, base } = claudeLineMaker(id, '2026-03-11');
    const say = (content: unknown[]) => ({ ...base('assistant'), message: { role: 'assistant', model: 'claude-sonnet-4-5-20250929', content } });
    const lines = [
      { ...base('user'), message: { role: 'user', content: `deploy with ${pasted} please; the staging db password is ${told} and the user is admin` } },
      say([{ type: 'thinking', thinking: `The root password is ${thought} so I can log in.`, signature: 'c2lnbmF0dXJl' }]),
      call('toolu_up', 'Bash', { command: `twine upload -u __token__ -p ${twine} dist/*` }),
      result('toolu_up', 'Uploading distributions'),
      call('toolu_rs', 'Read', { file_path: '/home/dev/app/src/client.rs' }),
      result('toolu_rs', `     1→let resp = client.get(url)\n     2→    .bearer_auth("${bearer}")\n     3→    .send()?;\n`),
      call('toolu_net', 'Bash', { command: `net use \\\\fs01\\builds ${share} /user:CORP\\svc-build` }),
      result('toolu_net', 'The command completed successfully.'),
      call('toolu_gen', 'Bash', { command: './scripts/new-token.sh' }),
      result('toolu_gen', `token generated:\n${printed}\n${'rotation log line\n'.repeat(3500)}export SERVICE_TOKEN=${printed}\n${'rotation log line\n'.repeat(3500)}`),
      call('toolu_env', 'Bash', { command: `echo 'DEPLOY_TOKEN=${pasted}' >> .env` }),
      result('toolu_env', ''),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'deploy', 'generated']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('a fifth leak hunt (2026-11-27) found: credentials handed over in Markdown, defaults and typed fields in code, a password typed into a browser, printed by terraform / pulumi / first-login commands, NUL-separated environments, told with no joining word', () => {
  const u = tempEnv();
  try {
    const md = 'Kp7wQz3XnR9tLm2V';
    const compose = 'Cm4pQz8XnR2tLw6V';
    const typed = 'Ty5kRt8WnX2vLq9P';
    const typedIn = 'Pw4tYr8KmQ2zXn6B';
    const tfOut = 'Zq8vLw3NtR6yKp2M';
    const pulumi = 'Jd5kRt8WnX2vLq9Q';
    const environ = 'Ab3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1Df3';
    const oc = 'sha256~Xk9fP2mQ7vLr8sTn3WbY1cZd5eGh6jKa0uNoRiSxAbC';
    const bare = 'Bt6yHq2mXw9pLz4vKc8s';
    const jenkins = 'a94c2f0e7b6d4e1f8c3b5a2d9e0f1c7b';
    const needles = [md, compose, typed, typedIn, tfOut, pulumi, environ, oc.slice(7), bare, jenkins];
    const id = 'ffffffff-9999-4222-8333-555555555555';
    const { call, result, base } = claudeLineMaker(id, '2026-03-12');
    const say = (content: unknown[]) => ({ ...base('assistant'), message: { role: 'assistant', model: 'claude-sonnet-4-5-20250929', content } });
    const lines = [
      { ...base('user'), message: { role: 'user', content: `set up grafana; use token ${bare} for auth` } },
      call('toolu_w1', 'Write', { file_path: '/home/dev/app/docker-compose.yml', content: `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-${compose}}\n` }),
      result('toolu_w1', 'File created successfully at: /home/dev/app/docker-compose.yml'),
      call('toolu_w2', 'Write', { file_path: '/home/dev/app/settings.py', content: `class Settings(BaseSettings):\n    jwt_secret: str = "${typed}"\n` }),
      result('toolu_w2', 'File created successfully at: /home/dev/app/settings.py'),
      call('toolu_pw', 'mcp__playwright__browser_type', { element: 'Password textbox', ref: 'e23', text: typedIn }),
      result('toolu_pw', `### Ran Playwright code\nawait page.getByRole('textbox', { name: 'Password' }).fill('${typedIn}');`),
      call('toolu_tf', 'Bash', { command: 'terraform output -raw db_password' }),
      result('toolu_tf', tfOut),
      call('toolu_pu', 'Bash', { command: `pulumi config set --secret dbPassword ${pulumi}` }),
      result('toolu_pu', ''),
      call('toolu_env', 'Bash', { command: 'docker exec app cat /proc/1/environ' }),
      result('toolu_env', `PATH=/usr/bin\0HOSTNAME=abc\0STRIPE_WEBHOOK=${environ}\0HOME=/root\0`),
      call('toolu_oc', 'Bash', { command: 'oc whoami -t' }),
      result('toolu_oc', oc),
      call('toolu_jk', 'Bash', { command: 'docker exec jenkins cat /var/jenkins_home/secrets/initialAdminPassword' }),
      result('toolu_jk', jenkins),
      say([{ type: 'text', text: `Grafana is up.\n\n- **Username:** admin\n- **Password:** ${md}\n` }]),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'grafana', 'Username']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('a sixth leak hunt (2026-11-27) found, in a Codex rollout: secrets passed to commands (ansible-vault, dotnet user-secrets, oc login -u -p, curl -u with @), CloudFormation parameters written by apply_patch, a Convex deploy key', () => {
  const u = tempEnv();
  try {
    const vault = 'Tr7Wq2Lx9Kd4Vz8M';
    const dotnet = 'Wd6Kq2Nz8Lx4Rm1T';
    const oc = 'Xk4Pq-9LmZt-R7wVb-2NcHs';
    const curl = 'Lp8Wn5Rt1Mx6';
    const cfn = 'Zr5Kq8Lm2Xw9Pt4Vn7Bc3Hs6Jd1Fg0Ty2';
    const convex = 'eyJ2MiI6IjRhMmY5YjNjOGQxZTRmNmE5YjBjN2Q4ZTFmMmEzYjRjIn0';
    const needles = [vault, dotnet, oc, curl, cfn, convex];
    const codexId = '019c0000-9999-7222-8333-555555555555';
    const xdir = join(u.dir, 'codex', 'sessions', '2026', '03', '13');
    mkdirSync(xdir, { recursive: true });
    const at = (s: number) => `2026-03-13T11:00:${String(s).padStart(2, '0')}.000Z`;
    let t = 0;
    const env = (type: string, payload: unknown) => JSON.stringify({ timestamp: at(t++), type, payload });
    const shell = (id: string, argv: string[], output: string) => [
      env('response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: argv, workdir: '/home/dev/infra' }), call_id: id }),
      env('response_item', { type: 'function_call_output', call_id: id, output: JSON.stringify({ output, metadata: { exit_code: 0, duration_seconds: 0.2 } }) }),
    ];
    writeFileSync(join(xdir, `rollout-2026-03-13T11-00-00-${codexId}.jsonl`), `${[
      env('session_meta', { id: codexId, timestamp: at(0), cwd: '/home/dev/infra', originator: 'codex_cli_rs', cli_version: '0.63.0' }),
      env('turn_context', { cwd: '/home/dev/infra', approval_policy: 'on-request', sandbox_policy: { mode: 'workspace-write' }, model: 'gpt-5-codex', summary: 'auto' }),
      env('event_msg', { type: 'user_message', message: 'deploy the stack and encrypt the db password', images: [] }),
      ...shell('call_1', ['bash', '-lc', `ansible-vault encrypt_string '${vault}' --name 'db_password'`], 'Encryption successful'),
      ...shell('call_2', ['bash', '-lc', `dotnet user-secrets set "Smtp:Password" "${dotnet}"`], 'Successfully saved Smtp:Password to the secret store.'),
      ...shell('call_3', ['oc', 'login', '-u', 'kubeadmin', '-p', oc, 'https://api.crc.testing:6443'], 'Login successful.'),
      ...shell('call_4', ['bash', '-lc', `curl -su 'admin:Fk2@${curl}' https://grafana.example.com/api/health`], '{"database":"ok"}'),
      env('response_item', { type: 'custom_tool_call', name: 'apply_patch', call_id: 'call_5', input: `*** Begin Patch\n*** Add File: params.json\n+[\n+  {\n+    "ParameterKey": "DBPassword",\n+    "ParameterValue": "${cfn}"\n+  }\n+]\n*** Add File: .env.local\n+CONVEX_DEPLOY_KEY=prod:happy-animal-123|${convex}=\n*** End Patch` }),
      env('response_item', { type: 'custom_tool_call_output', call_id: 'call_5', output: 'Success. Updated the following files:\nA params.json\nA .env.local\n' }),
    ].join('\n')}\n`);
    const id = 'ffffffff-9999-4222-8333-666666666666';
    const { base } = claudeLineMaker(id, '2026-03-13');
    const { outs, go } = importedSession(u, id, [{ ...base('user'), message: { role: 'user', content: 'hello' } }]);
    const sessions = jsonl(go(['sessions', '--json', '--all']).stdout);
    assert.equal(sessions.find((s) => s['id'] === codexId)?.['toolCalls'], 5);
    readEverything(go, [...needles, 'ansible', 'ParameterKey', 'kubeadmin', 'grafana', 'happy']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('a seventh leak hunt (2026-11-27) found, in configuration files a Claude session reads, writes and edits: passwords with @ for a, GitLab long-form variables, argument lists, app passwords, sasl_passwd, Erlang cookies', () => {
  const u = tempEnv();
  try {
    const at = 'Zx9Kq2Lm@prod';
    const gitlab = 'Gl7Tk2Qw9Lz4Xv8N';
    const redis = 'Rq7Tk2Qw9Lz4Xv8N';
    const app = 'abcd efgh ijkl mnop';
    const sasl = 'Pf7Tk2Qw9Lz4Xv8N';
    const cookie = 'XJQWERTYUIOPASDFGHJK';
    const needles = [at, gitlab, redis, app, sasl, cookie];
    const id = 'ffffffff-9999-4222-8333-777777777777';
    const { call, result, base } = claudeLineMaker(id, '2026-03-14');
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'set up the mail relay and the CI variables' } },
      call('toolu_e1', 'Edit', { file_path: '/home/dev/app/config/database.yml', old_string: 'password: changeme', new_string: `password: ${at}` }),
      result('toolu_e1', 'The file /home/dev/app/config/database.yml has been updated.'),
      call('toolu_w1', 'Write', { file_path: '/home/dev/app/.gitlab-ci.yml', content: `variables:\n  DEPLOY_TOKEN:\n    value: "${gitlab}"\n    description: "deploy token"\n` }),
      result('toolu_w1', 'File created successfully at: /home/dev/app/.gitlab-ci.yml'),
      call('toolu_w2', 'Write', { file_path: '/home/dev/app/k8s/redis.yaml', content: `containers:\n  - name: redis\n    args:\n      - --requirepass\n      - ${redis}\n` }),
      result('toolu_w2', 'File created successfully at: /home/dev/app/k8s/redis.yaml'),
      call('toolu_r1', 'Read', { file_path: '/home/dev/app/src/main/resources/application.properties' }),
      result('toolu_r1', `     1→spring.mail.host=smtp.gmail.com\n     2→spring.mail.password=${app}\n`),
      call('toolu_b1', 'Bash', { command: 'sudo cat /etc/postfix/sasl_passwd' }),
      result('toolu_b1', `[smtp.gmail.com]:587 relay@example.com:${sasl}\n`),
      call('toolu_b2', 'Bash', { command: 'grep ERLANG .env' }),
      result('toolu_b2', `RABBITMQ_ERLANG_COOKIE=${cookie}\n`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'ijkl', 'requirepass', 'smtp', 'relay']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('an eighth leak hunt (2026-11-27) found, in the tool output of a Claude session: invisible characters and Markdown escapes inside tokens, strace-cut tokens, psql / PHP / gdb rows, REPL answers, IMAP and SMTP logins, a hex dump of .env, a BFG replacements file', () => {
  const u = tempEnv();
  try {
    const zw = ['ghp_Rm4Tq8Wz2L', 'y6Np0Vb3Hc7Jd1Fg5Ks9Xa2Qe4'];
    const md = '51Hq8ZpKx9mF4hJ6dS1aE5cY0uIoQ7vLr8sTn3WbZ';
    const cut = 'Q7vLr8sTn3WbZp2Kx9mF4hJ6dS1a';
    const psql = 'Ps7Kp2Qx9Lm4Rw8Zt3Yc';
    const php = 'Ph7Kp2Qx9Lm4Rw8Zt3Yc';
    const gdb = 'Gd7Kp2Qx9Lm4Rw8Zt3Yc';
    const repl = 'Py7Kp2Qx9Lm4Rw8Zt3Yc';
    const imap = 'Im7Kp2Qx9Lm4Rw8Zt3Yc';
    const smtp = Buffer.from('Sm7Kp2Qx9Lm4Rw8Zt3Yc').toString('base64');
    const bfg = 'Bf7Kp2Qx9Lm4Rw8Zt3Yc';
    const hexed = 'Hx7Kp2Qx9Lm4Rw8Zt3Yc';
    const needles = [zw[1]!, md, cut, psql, php, gdb, repl, imap, smtp, bfg, hexed.slice(0, 14), hexed.slice(6)];
    const envFile = Buffer.from(`NODE_ENV=production\r\nDB_PASSWORD=${hexed}\r\nPORT=3000\r\n`);
    const xxd = Array.from({ length: Math.ceil(envFile.length / 16) }, (_, k) => {
      const chunk = envFile.subarray(k * 16, k * 16 + 16);
      const groups = (chunk.toString('hex').match(/.{1,4}/g) ?? []).join(' ');
      return `${(k * 16).toString(16).padStart(8, '0')}: ${groups.padEnd(39)}  ${[...chunk].map((c) => (c >= 32 && c < 127 ? String.fromCharCode(c) : '.')).join('')}`;
    }).join('\n');
    const id = 'ffffffff-aaaa-4222-8333-888888888888';
    const { call, result, base } = claudeLineMaker(id, '2026-03-15');
    const lines = [
      { ...base('user'), message: { role: 'user', content: `the token ${zw[0]}\u200b${zw[1]} stopped working, and the docs say STRIPE\\_KEY=sk\\_live\\_${md}` } },
      call('toolu_s1', 'Bash', { command: 'strace -e write -f ./deploy 2>&1 | tail -3' }),
      result('toolu_s1', `write(1, "ghp_${cut}"..., 41) = 41\n`),
      call('toolu_p1', 'Bash', { command: `psql -x -c 'select * from integrations'` }),
      result('toolu_p1', `-[ RECORD 1 ]-----------\nid       | 1\nname     | stripe\napi_key  | ${psql}\n`),
      call('toolu_p2', 'Bash', { command: 'php -r "print_r(require \'config.php\');"' }),
      result('toolu_p2', `Array\n(\n    [host] => db\n    [password] => ${php}\n)\n`),
      call('toolu_g1', 'Bash', { command: 'gdb -batch -ex "info locals" ./app core' }),
      result('toolu_g1', `host = 0x5555555592a0 "db.internal"\npassword = 0x5555555592c0 "${gdb}"\n`),
      call('toolu_y1', 'Bash', { command: 'python3 -i check.py' }),
      result('toolu_y1', `>>> os.environ["API_TOKEN"]\n'${repl}'\n>>> exit()\n`),
      call('toolu_i1', 'Bash', { command: 'openssl s_client -connect imap.example.com:993 -quiet' }),
      result('toolu_i1', `* OK IMAP4rev1 ready\na001 LOGIN alerts@example.com ${imap}\na001 OK LOGIN completed\n`),
      call('toolu_m1', 'Bash', { command: 'swaks --to ops@example.com --auth LOGIN --server smtp.example.com' }),
      result('toolu_m1', ` -> AUTH LOGIN\n<-  334 VXNlcm5hbWU6\n -> YWxlcnRz\n<-  334 UGFzc3dvcmQ6\n -> ${smtp}\n<-  235 2.7.0 Authentication successful\n`),
      call('toolu_x1', 'Bash', { command: 'xxd .env' }),
      result('toolu_x1', `${xxd}\n`),
      call('toolu_w1', 'Write', { file_path: '/home/dev/app/replacements.txt', content: `literal:${bfg}==>***REMOVED***\n` }),
      result('toolu_w1', 'File created successfully at: /home/dev/app/replacements.txt'),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'REMOVED', 'stripe', 'LOGIN', 'environ']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('a secret learned late leaves no words in the full-text index: not within one import, not when a later import teaches it (a structural hunt found its lower-cased term in store.db until `index`)', () => {
  const u = tempEnv();
  try {
    const first = 'Xk9fP2mQ7vLr8sTn3WbYq';
    const second = 'Qw7eR4tY2uI9oP3aS6dF';
    const id = 'ffffffff-bbbb-4222-8333-999999999999';
    const { base } = claudeLineMaker(id, '2026-03-16');
    const prompt = (text: string) => ({ ...base('user'), message: { role: 'user', content: text } });
    const filler = Array.from({ length: 30 }, (_, i) => prompt(`look at the build step number ${i} again`));
    const { outs, go } = importedSession(u, id, [...filler, prompt(`remember this for later: ${first} and then run the build`), prompt(`now: export DB_PASSWORD=${first}`)]);
    // Before anything else runs (`index` would rewrite the index whole).
    assertNoneReadable([first], outs, u.home);
    // Taught by a line a later import reads.
    const file = join(u.dir, 'claude', 'projects', '-home-dev-app', `${id}.jsonl`);
    appendFileSync(file, `${JSON.stringify(prompt(`keep ${second} for the deploy`))}\n`);
    assert.equal(go(['import']).code, 0);
    appendFileSync(file, `${JSON.stringify(prompt(`export API_TOKEN=${second}`))}\n`);
    assert.equal(go(['import']).code, 0);
    assertNoneReadable([first, second], outs, u.home);
    const hits = go(['search', 'deploy']).stdout;
    assert.ok(hits.includes('[REDACTED:'), hits);
  } finally {
    u.cleanup();
  }
});

test("a secret learned late is redacted from the session's working directory and git details too (a structural hunt found them in sessions --json)", () => {
  const u = tempEnv();
  try {
    const s = 'Xk9fP2mQ7vLr8sTn3WbYq';
    const id = '99999999-2222-4333-8444-555555555555';
    const line = (type: string, payload: unknown, sec: number) => JSON.stringify({ timestamp: `2026-01-01T00:00:0${sec}.000Z`, type, payload });
    const prompt = (text: string, sec: number) => line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] }, sec);
    const dir = join(u.dir, 'codex', 'sessions', '2026', '01', '01');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `rollout-2026-01-01T00-00-00-${id}.jsonl`),
      `${[
        line('session_meta', { id, timestamp: '2026-01-01T00:00:00.000Z', cwd: `/srv/deploy-${s}`, originator: 'codex_cli_rs', cli_version: '0.63.0', git: { branch: `rotate-${s}`, commit_hash: s, repository_url: `https://example.com/r/${s}.git` } }, 0),
        prompt(`remember ${s} for the build`, 1),
        prompt(`export DB_PASSWORD=${s}`, 2),
      ].join('\n')}\n`,
    );
    // (And where no event repeats it: the working directory alone, then the line that shows it secret; a review found it.)
    const s2 = 'Qw7eR4tY2uI9oP3aS6dF';
    const id2 = '99999999-2222-4333-8444-666666666666';
    writeFileSync(
      join(dir, `rollout-2026-01-01T00-00-00-${id2}.jsonl`),
      `${[line('session_meta', { id: id2, timestamp: '2026-01-01T00:00:00.000Z', cwd: `/srv/deploy-${s2}`, originator: 'codex_cli_rs', cli_version: '0.63.0', git: { branch: `rotate-${s2}` } }, 0), prompt(`export API_TOKEN=${s2}`, 2)].join('\n')}\n`,
    );
    u.env['CLAUDE_CONFIG_DIR'] = join(u.dir, 'claude');
    u.env['CODEX_HOME'] = join(u.dir, 'codex');
    const { outs, go } = recorded(u.env);
    assert.equal(go(['init']).code, 0);
    assert.equal(go(['import']).code, 0);
    const sessions = jsonl<{ cwd: string; gitBranch: string }>(go(['sessions', '--json']).stdout);
    assert.equal(sessions.length, 2);
    for (const session of sessions) {
      assert.equal(session.cwd, '/srv/deploy-[REDACTED:secret_assignment]');
      assert.equal(session.gitBranch, 'rotate-[REDACTED:secret_assignment]');
    }
    assertNoneReadable([s, s2], outs, u.home);
    readEverything(go, ['build', 'deploy']);
    assert.deepEqual(jsonl<{ cwd: string }>(go(['sessions', '--json']).stdout).map((x) => x.cwd), ['/srv/deploy-[REDACTED:secret_assignment]', '/srv/deploy-[REDACTED:secret_assignment]']);
    assertNoneReadable([s, s2], outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('an import stopped after a late secret replaced index entries leaves the scrub owed in the store: the next import does it (a review found the words left behind after a kill)', () => {
  const u = tempEnv();
  try {
    const s = 'Xk9fP2mQ7vLr8sTn3WbYq';
    const id = 'ffffffff-cccc-4222-8333-aaaaaaaaaaaa';
    const { base } = claudeLineMaker(id, '2026-03-17');
    const prompt = (text: string) => ({ ...base('user'), message: { role: 'user', content: text } });
    const r = importedSession(u, id, [prompt('nothing to see yet')]);
    const file = join(u.dir, 'claude', 'projects', '-home-dev-app', `${id}.jsonl`);
    appendFileSync(file, `${[prompt(`remember this for later: ${s} and then run the build`), prompt(`now: export DB_PASSWORD=${s}`)].map((l) => JSON.stringify(l)).join('\n')}\n`);
    // The import as a kill would leave it: the lines and their replaced entries committed, the scrub not run.
    const store = openStore(resolveConfig(u.env));
    try {
      const tx = groupTx(store);
      importFile(store, 'claude', file, { tx });
      tx.flush();
      checkpoint(store);
      assert.ok(readFileSync(join(u.home, 'store.db'), 'latin1').toLowerCase().includes(s.toLowerCase()), 'the words are there before the scrub');
      assert.ok(store.db.prepare("SELECT 1 FROM meta WHERE k = 'scrub_owed'").get(), 'the scrub is owed');
    } finally {
      store.close();
    }
    // The next import (nothing new to read) does it.
    assert.equal(r.go(['import']).code, 0);
    assertNoneReadable([s], r.outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('rules .33, .34 and .37 (2026-11-27): a value an agent writes into a secret-named file (~/.vault-token, tee private.key, a here-document), pipes into pass / keyring, or gives kubectl / vault / fly as NAME=VALUE is gone from every store byte and output', () => {
  const u = tempEnv();
  try {
    const vault = 'Vt7Tk2Qw9Lz4Xv8NpR';
    const wg = 'Wg7Tk2Qw9Lz4Xv8NpR3sT5uV7wX9yZ1aB3cD5eF7g=';
    const pass = 'Ps7Tk2Qw9Lz4Xv8NpR';
    const keyring = 'Kr7Tk2Qw9Lz4Xv8NpR';
    const literal = 'Kl7Tk2Qw9Lz4Xv8NpR';
    const kv = 'Kv7Tk2Qw9Lz4Xv8NpR';
    const fly = 'Fy7Tk2Qw9Lz4Xv8NpR';
    const heredoc = 'Hd7Tk2Qw9Lz4Xv8NpR';
    const needles = [vault, wg, pass, keyring, literal, kv, fly, heredoc];
    const id = 'ffffffff-9999-4222-8333-999999999999';
    const { call, result, base } = claudeLineMaker(id, '2026-03-16');
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'log in to vault and set up the tunnel' } },
      call('toolu_v1', 'Bash', { command: `echo '${vault}' > ~/.vault-token && chmod 600 ~/.vault-token` }),
      result('toolu_v1', ''),
      call('toolu_v2', 'Bash', { command: `echo "${wg}" | sudo tee /etc/wireguard/private.key >/dev/null` }),
      result('toolu_v2', ''),
      call('toolu_v3', 'Bash', { command: `echo -n '${pass}' | pass insert -e work/db && printf '%s' "${keyring}" | keyring set myapp alice` }),
      result('toolu_v3', ''),
      call('toolu_v4', 'Bash', { command: `kubectl -n prod create secret generic app --from-literal=conn=${literal} && vault kv put secret/app stripe=${kv} && fly secrets set CONN=${fly}` }),
      result('toolu_v4', 'secret/app created'),
      call('toolu_v5', 'Bash', { command: `cat > ~/.config/app/api_token <<'EOF'\n${heredoc}\nEOF\nchmod 600 ~/.config/app/api_token` }),
      result('toolu_v5', ''),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'vault', 'wireguard', 'keyring']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('rules .40 to .42 (2026-11-27): a bare access_token printed by curl | jq -r, a token on a line of its own in JSON-escaped output, a token after an escape (`\\x3d`), a fallback literal that read as a camel-case name, printf with a line end into sudo -S, a publishing token flag, a base64-encoded user:password and a PuTTY private key are gone from every store byte and output', () => {
  const u = tempEnv();
  try {
    const fallback = 'oLpSz6bVPvzZOQIZ7H5s';
    const sudo = 'Sd7Tk2Qw9Lz4Xv8NpR';
    const netlify = 'Nf7Tk2Qw9Lz4Xv8NpRq1W';
    const basic = 'Bt7Tk2Qw9Lz4Xv8NpR';
    const ppk = 'AAAAgQDZq8mP3xLvR7tN2kW9yBc4sHj6dGf1aE5uQ0oZr8mK3xLvR7tN2kW9yBc4sHj6dGf1aE5uQ0oZr8m';
    const escaped = 'ghp_Es7Tk2Qw9Lz4Xv8NpRq1WeRtYuIoPaSdFgHj';
    const oauth = 'Oa7Tk2Qw9Lz4Xv8NpRq1WeRtYu';
    const pinecone = 'pcsk_2AbCdE_3FgHiJkLmNoPqRsTuVwXyZ0123456789AbCdEfGhIjKlMnOpQrStUvWx';
    const needles = [fallback, sudo, netlify, basic, ppk, escaped, oauth, pinecone];
    const id = 'ffffffff-aaaa-4222-8333-999999999999';
    const { call, result, base } = claudeLineMaker(id, '2026-03-17');
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'wire the settings and deploy' } },
      call('toolu_w1', 'Write', { file_path: '/w/settings.py', content: `SECRET_KEY = env("SECRET_KEY", default="${fallback}")\n` }),
      result('toolu_w1', 'File created successfully at: /w/settings.py'),
      call('toolu_w2', 'Bash', { command: `printf '${sudo}\\n' | sudo -S -k systemctl restart app && netlify deploy --prod --auth ${netlify}` }),
      result('toolu_w2', `Deploy is live! env: GH_TOKEN\\x3d${escaped}`),
      call('toolu_w3', 'Edit', { file_path: '/w/api.ts', old_string: 'headers: {}', new_string: `headers: { Authorization: 'Basic ' + btoa('admin:${basic}') }` }),
      result('toolu_w3', 'The file /w/api.ts has been updated.'),
      // (.42: a field of an HTTP answer printed bare; a token on a line of its own in a tool's JSON output.)
      call('toolu_w5', 'Bash', { command: 'curl -s -X POST https://auth.example.com/oauth/token -d grant_type=client_credentials | jq -r .access_token' }),
      result('toolu_w5', `${oauth}\n`),
      call('toolu_w6', 'mcp__vectors__keys', { project: 'demo' }),
      result('toolu_w6', JSON.stringify({ keys: `created:\n${pinecone}\nstore it now` })),
      call('toolu_w4', 'Read', { file_path: '/home/dev/.ssh/deploy.ppk' }),
      result('toolu_w4', `     1→PuTTY-User-Key-File-3: ssh-rsa\n     2→Encryption: none\n     3→Public-Lines: 1\n     4→AAAAB3NzaC1yc2EAAAADAQABAAABAQC7\n     5→Private-Lines: 1\n     6→${ppk}\n     7→Private-MAC: a1b2c3d4e5f6`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'netlify', 'PuTTY', 'settings']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('rules .50 and .51 (2026-11-27): a libpq password of random letters, Azure Pipelines and GitHub Actions secret commands, the Jenkins first-start password, a braced ODBC password, a quoted .yarnrc token, a registry token npm config get prints, and setx of a *_PASS name are gone from every store byte and output', () => {
  const u = tempEnv();
  try {
    const libpq = 'KMRHFItYGSYcbtZTKWkM';
    const vso = 'Vs7Tk2Qw9Lz4Xv8NpRq1W';
    const jenkins = '9fabc0839344714fe16a207a64060477';
    const odbc = 'Od7!Tk2Qw9;Lz4Xv8';
    const yarn = 'Yn7Tk2Qw9Lz4Xv8NpRq1WeRt';
    const npmToken = 'Nc7Tk2Qw9Lz4Xv8NpRq1WeRtYu';
    const setx = 'EY2YGzi6ji7RppzdncYq';
    const needles = [libpq, vso, jenkins, odbc, yarn, npmToken, setx];
    const id = 'ffffffff-aaaa-4222-8333-aaaaaaaaaaaa';
    const { call, result, base } = claudeLineMaker(id, '2026-03-18');
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'set up CI and the database connection' } },
      call('toolu_x1', 'Write', { file_path: '/w/db.py', content: `conn = psycopg2.connect("host=db user=app password=${libpq} sslmode=require")\n` }),
      result('toolu_x1', 'File created successfully at: /w/db.py'),
      call('toolu_x2', 'Bash', { command: `echo "##vso[task.setvariable variable=dbPassword;issecret=true]${vso}"; setx /M DB_PASS ${setx}` }),
      result('toolu_x2', 'SUCCESS: Specified value was saved.'),
      call('toolu_x3', 'Bash', { command: 'docker logs jenkins 2>&1 | tail -8' }),
      result('toolu_x3', `Jenkins initial setup is required.\nPlease use the following password to proceed to installation:\n\n${jenkins}\n\nThis may also be found at: /var/jenkins_home/secrets/initialAdminPassword`),
      call('toolu_x4', 'Read', { file_path: '/w/.yarnrc' }),
      result('toolu_x4', `     1→registry "https://registry.yarnpkg.com"\n     2→"//registry.yarnpkg.com/:_authToken" "${yarn}"\n     3→Server=sql;Password={${odbc}};`),
      call('toolu_x5', 'Bash', { command: 'npm config get //npm.acme.io/:_authToken' }),
      result('toolu_x5', `${npmToken}\n`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'jenkins', 'yarnrc', 'psycopg2']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('rules .52 (2026-11-27): a W&B key given to wandb login, a Kaggle token, a Gradle fallback password, a value netlify env:get prints, and a later copy after a JSON-escaped line break are gone from every store byte and output', () => {
  const u = tempEnv();
  try {
    const wandb = '5e70efbfab1f6404070f8a70b3d5ffa8bef415b9';
    const kaggle = 'KGAT_1e990cae0db3bf87a5335e1f94a8027a';
    const gradle = 'q7Rv2Lm9Xk4pTzWc';
    const netlify = 'Mg7Tk2Qw9Lz4Xv8NpRq1WeRt';
    const copied = 'Cp7Tk2Qw9Lz4Xv8NpRq1WeRtYu';
    const needles = [wandb, kaggle, gradle, netlify, copied];
    const id = 'ffffffff-aaaa-4222-8333-bbbbbbbbbbbb';
    const { call, result, base } = claudeLineMaker(id, '2026-03-19');
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'log in to W&B, set up signing, check the mail key' } },
      call('toolu_y1', 'Bash', { command: `wandb login --relogin ${wandb} && echo ${kaggle} > /dev/null` }),
      result('toolu_y1', 'wandb: Appending key for api.wandb.ai to your netrc file'),
      call('toolu_y2', 'Edit', { file_path: '/w/android/app/build.gradle.kts', old_string: 'signingConfigs {}', new_string: `signingConfigs { create("release") { storePassword = keystoreProperties["storePassword"] as String? ?: "${gradle}" } }` }),
      result('toolu_y2', 'The file has been updated.'),
      call('toolu_y3', 'Bash', { command: 'netlify env:get MAILGUN_API_KEY' }),
      result('toolu_y3', `${netlify}\n`),
      call('toolu_y4', 'mcp__notes__read', { name: 'deploy' }),
      result('toolu_y4', JSON.stringify({ text: `API_SECRET=${copied}\n${copied}` })),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'wandb', 'netlify', 'signingConfigs']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('rules .53 (2026-11-27): secrets in debug prints of form and header maps (Django QueryDict, Go url.Values and http.Header), a testify diff, an ioredis AUTH error and an Apache wire log are gone from every store byte and output', () => {
  const u = tempEnv();
  try {
    const form = 'Fm7Tk2Qw9Lz4!Xv8Np';
    const header = 'Hd7Tk2Qw9Lz4Xv8NpRq1We';
    const spew = 'Sp7Tk2Qw9.Lz4-Xv8';
    const redis = 'Rd7Tk2Qw9*Lz4.Xv8';
    const wire = 'Wr7Tk2Qw9Lz4Xv8NpRq1WeRt';
    const needles = [form, header, spew, redis, wire];
    const id = 'ffffffff-aaaa-4222-8333-cccccccccccc';
    const { call, result, base } = claudeLineMaker(id, '2026-03-20');
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'why does the login 401? check the logs' } },
      call('toolu_z1', 'Bash', { command: 'tail -n 3 logs/app.log' }),
      result('toolu_z1', `<QueryDict: {'username': ['admin'], 'password': ['${form}']}>\n2024/05/01 12:00:00 headers: map[Content-Type:[application/json] X-Api-Key:[${header}]]\n`),
      call('toolu_z2', 'Bash', { command: 'go test ./config/...' }),
      result('toolu_z2', `--- FAIL: TestLoad\n        \tError:      \tNot equal:\n        \t            \t-  Password: (string) (len=0) "",\n        \t            \t+  Password: (string) (len=17) "${spew}",\n`),
      call('toolu_z3', 'Bash', { command: 'node worker.js' }),
      result('toolu_z3', `ReplyError: WRONGPASS invalid username-password pair\n  command: { name: 'auth', args: [ 'default', '${redis}' ] }\nDEBUG org.apache.http.wire - http-outgoing-0 >> "X-API-Key: ${wire}[\\r][\\n]"\n`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'QueryDict', 'WRONGPASS']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('rules .55 (2026-11-27): a value under a secret-named column of a query result, an AWS secret pasted on the line after its key id, and a working directory and branch named with a generated value are gone from every store byte and output', () => {
  const u = tempEnv();
  try {
    const column = 'Tb7Tk2Qw9Lz4Xv8NpRq1WeRt';
    const aws = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzXAMPLEKEZ';
    const folder = 'Kq7bXa3mP9zL2wR5Tz8WvQ1n';
    const branch = 'Gh7Tk2Qw9Lz4Xv8NpRq1WeRtYu';
    const needles = [column, aws, folder, branch];
    const id = 'ffffffff-aaaa-4222-8333-dddddddddddd';
    const { call, result, base } = claudeLineMaker(id, '2026-03-21');
    const at = { cwd: `/home/dev/work/wt-${folder}`, gitBranch: `hotfix/${branch}` };
    const lines = [
      { ...base('user', at), message: { role: 'user', content: `which provider keys are stored? and the aws creds are\nAKIAIOSFODNN7EXAMPLQ\n${aws}` } },
      call('toolu_t1', 'mcp__postgres__query', { sql: 'select id, provider, api_key from keys' }, at),
      result('toolu_t1', ` id | provider |          api_key\n----+----------+--------------------------\n  1 | openai   | ${column}\n(1 row)`, at),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'provider', 'hotfix', 'wt']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('rules .57/.58 (2026-11-27): a password one session read from a .env and another session pasted bare (imported first, then later), and a value in a box-drawing table, are gone from every store byte and output', () => {
  const u = tempEnv();
  try {
    const password = 'Rv8Lp3Zq6Nw1Xt4Km7Hb';
    const boxed = 'Dk4Tk2Qw9Lz4Xv8NpRq1WeMn';
    const needles = [password, boxed];
    // The session that pastes the value bare is imported first: nothing in it marks the value as a secret.
    const pasterId = 'ffffffff-bbbb-4222-8333-eeeeeeeeeeee';
    const paster = claudeLineMaker(pasterId, '2026-03-22');
    const pasterLines = [
      { ...paster.base('user'), message: { role: 'user', content: `the login with ${password} fails, see the logs` } },
      paster.call('toolu_p1', 'Bash', { command: `psql "host=db user=app" -c 'select 1' # tried ${password}` }),
      paster.result('toolu_p1', `psql: error: FATAL: auth failed (tried ${password})`),
    ];
    const { outs, go } = importedSession(u, pasterId, pasterLines);
    // Then the session that reads it from .env, with a DuckDB table of keys.
    const readerId = 'ffffffff-cccc-4222-8333-eeeeeeeeeeee';
    const reader = claudeLineMaker(readerId, '2026-03-23');
    const readerLines = [
      { ...reader.base('user'), message: { role: 'user', content: 'check the env and the keys table' } },
      reader.call('toolu_r1', 'Read', { file_path: '/home/dev/app/.env' }),
      reader.result('toolu_r1', `     1→DB_HOST=db\n     2→DB_PASSWORD=${password}\n`),
      reader.call('toolu_r2', 'Bash', { command: "duckdb keys.db 'select id, api_key from keys'" }),
      reader.result('toolu_r2', `┌───────┬──────────────────────────┐\n│  id   │         api_key          │\n│ int32 │         varchar          │\n├───────┼──────────────────────────┤\n│     1 │ ${boxed} │\n└───────┴──────────────────────────┘`),
    ];
    writeFileSync(join(u.dir, 'claude', 'projects', '-home-dev-app', `${readerId}.jsonl`), `${readerLines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    assert.equal(go(['import']).code, 0);
    readEverything(go, [...needles, 'login', 'fails', 'api_key', 'env']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test("rules .61 to .64 (2026-11-27): a value in a long table output's indexed tail, a URL password holding a Go-escaped >, a setter in an edit, printf into .env, and Write-Output of $env:X are gone from every store byte and output", () => {
  const u = tempEnv();
  try {
    const tailKey = 'Tq4Wn8Kp2Lx6Vr9Zm3Hb';
    const urlPw = 'zsbn431\\u003eXLXP280';
    const setter = 'Xq7mVt2LpR9sKw4zBn5C';
    const printed = 'Pm3Kx8Qw2Zr6Lt9Vn4Jd';
    const ps = 'Hc5Rt9Wm2Kx7Pq3Zv8Nb';
    const needles = [tailKey, 'zsbn431', 'XLXP280', setter, printed, ps];
    const id = 'ffffffff-dddd-4222-8333-eeeeeeeeeeee';
    const s = claudeLineMaker(id, '2026-03-24');
    const rows = Array.from({ length: 1500 }, (_, i) => `| svc${i} | ${i === 1490 ? tailKey : `Kw${i}Zq${i * 7}Lm${i * 13}Xp`} |`).join('\n');
    const lines = [
      { ...s.base('user'), message: { role: 'user', content: 'list the service keys and fix the config' } },
      s.call('toolu_t1', 'Bash', { command: 'sqlite3 -markdown keys.db "select service, api_key from keys"' }),
      s.result('toolu_t1', `| service | api_key |\n|---|---|\n${rows}\n`),
      s.call('toolu_t2', 'Bash', { command: 'cat config.json' }),
      s.result('toolu_t2', `{"redis_url":"redis://:${urlPw}@cache:6379/0"}`),
      s.call('toolu_t3', 'Edit', { file_path: '/home/dev/app/src/Db.java', old_string: 'ds.setUrl(url);', new_string: `ds.setUrl(url);\n    ds.setPassword("${setter}");` }),
      s.call('toolu_t4', 'Bash', { command: `printf 'DB_PASS=%s\\n' '${printed}' >> .env` }),
      s.call('toolu_t5', 'Bash', { command: 'Write-Output $env:OPENAI_API_KEY' }),
      s.result('toolu_t5', `${ps}\n`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'svc1490', 'redis', 'setPassword', 'DB_PASS']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('rules .65 (2026-11-27): a password holding a blank or a quote, a value opening with a symbol, a multi-line .env value and a YAML block ending an edit are gone from every store byte and output', () => {
  const u = tempEnv();
  try {
    const blank = ['Xk9mP2', 'qR7vLw4'];
    const quoted = ['Hn4Kb8', 'Yc3Zt6q'];
    const symbol = 'Ab3xK9mQ2vLp';
    const multi = ['Pm3Kx8Qw2Zr6', 'Lt9Vn4Jd7Bc2'];
    const block = ['Tq4Wn8Kp2Lx6', 'Vr9Zm3Hb5Jc1'];
    const needles = [...blank, ...quoted, symbol, ...multi, ...block];
    const id = 'ffffffff-dddd-4222-8333-ffffffffffff';
    const s = claudeLineMaker(id, '2026-03-25');
    const lines = [
      { ...s.base('user'), message: { role: 'user', content: 'set up the env and the config' } },
      s.call('toolu_u1', 'Write', { file_path: '/home/dev/app/.env', content: `DB_PASSWORD=${blank[0]} ${blank[1]}\nSECRET=&${symbol}\nSIGNING_KEY="${multi[0]}\n${multi[1]}"\nPORT=3000\n` }),
      s.call('toolu_u2', 'Edit', { file_path: '/home/dev/app/config.yml', old_string: 'db:', new_string: `db:\n  user: app\n  admin_password: ${quoted[0]}"${quoted[1]}\n  password: |\n    ${block[0]}\n    ${block[1]}` }),
      s.call('toolu_u3', 'Bash', { command: 'cat config.yml' }),
      s.result('toolu_u3', `db:\n  user: app\n  admin_password: ${quoted[0]}"${quoted[1]}\n  password: |\n    ${block[0]}\n    ${block[1]}\n`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'DB_PASSWORD', 'SIGNING_KEY', 'admin_password']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test('rules .67 to .70 (2026-11-27): a multi-line value ending in base64 padding, CRLF blocks in an edit, a rotated block in a diff and a URL whose // a path made one slash are gone from every store byte and output', () => {
  const u = tempEnv();
  try {
    const padded = ['Wm4Kq8Zr2Xp6Lt9Vn4Jd7Bc2', 'Qs3Hn8Tb5Yc1Mv6Rk2Wp9Gz4=='];
    const crlf = ['Dk7Rm2Pq9Xz4', 'Fw3Ln8Tb6Jh1'];
    const rotated = ['Gm5Vx2Kq8Lp3', 'Nz7Hc4Rt9Wb6'];
    const url = 'Yq8Mn3Rz6Kt2Vp';
    const needles = [...padded, ...crlf, ...rotated, url];
    const id = 'ffffffff-eeee-4222-8333-ffffffffffff';
    const s = claudeLineMaker(id, '2026-03-26');
    const lines = [
      { ...s.base('user'), message: { role: 'user', content: 'rotate the signing key and the db password' } },
      s.call('toolu_v1', 'Write', { file_path: '/home/dev/app/.env', content: `SIGNING_KEY="${padded[0]}\n${padded[1]}"\nPORT=3000\n` }),
      s.call('toolu_v2', 'Edit', { file_path: 'C:\\app\\config.yml', old_string: 'db:', new_string: `db:\r\n  password: |\r\n    ${crlf[0]}\r\n    ${crlf[1]}\r\n  user: app` }),
      s.call('toolu_v3', 'Bash', { command: 'git diff config.yml' }),
      s.call('toolu_v4', 'Edit', { file_path: '/home/dev/app/db.patch', old_string: '', new_string: ` app:\n   password: |\n-    ${rotated[0]}\n+    ${rotated[1]}\n   user: app` }),
      s.call('toolu_v5', 'Bash', { command: 'ls -l data' }),
      s.result('toolu_v5', `lrwxrwxrwx 1 dev dev 40 Mar 26 10:00 data -> /srv/backups/postgres:/admin:${url}@db:5432/app\n`),
    ];
    const { outs, go } = importedSession(u, id, lines);
    readEverything(go, [...needles, 'SIGNING_KEY', 'postgres']);
    assertNoneReadable(needles, outs, u.home);
  } finally {
    u.cleanup();
  }
});

test("a sub-agent's type taken from its Task call's subagent_type (2026-11-27 evening) is redacted like every name: a token typed there is not readable", () => {
  const u = tempEnv();
  try {
    const typeToken = 'ghp_Typ3Hq2Lm9Xv4Rt8Wz3Kp6Nc1Jd5Fg7Sb0Y9';
    const id = 'ffffffff-8888-4222-8333-444444444444';
    const { base, call, result } = claudeLineMaker(id, '2026-03-10');
    const lines = [
      { ...base('user'), message: { role: 'user', content: 'review it' } },
      call('toolu_task_t', 'Task', { description: 'review', prompt: 'review the diff', subagent_type: `reviewer-${typeToken}` }),
      result('toolu_task_t', 'looks fine', { toolUseResult: { status: 'completed', agentId: 'a7e3b1c9', prompt: 'review the diff', content: [{ type: 'text', text: 'looks fine' }] } }),
    ];
    const { outs, go } = importedSession(u, id, lines);
    const sub = jsonl(go(['sessions', '--json', '--all']).stdout).find((s) => s['id'] === `${id}.agent-a7e3b1c9`);
    assert.match(String(sub?.['agentType']), /^reviewer-\[REDACTED/, 'the type is taken, redacted');
    readEverything(go, ['review', 'reviewer']);
    assertNoneReadable([typeToken, typeToken.slice(0, 24)], outs, u.home);
  } finally {
    u.cleanup();
  }
});
