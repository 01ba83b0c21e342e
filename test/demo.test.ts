// `tracebase demo` on the bundled corpus (demo/), run as a user runs it. The expected figures were
// tallied from the transcripts themselves (one usage per message.id+requestId for Claude, with
// input = input + cache_creation + cache_read; the sum of last_token_usage over token_count events
// whose running total moved for Codex), not from the importer.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { demoDir } from '../src/cli/commands/demo.ts';
import type { SessionSummary } from '../src/store/queries.ts';
import { allFiles, cli, jsonl, REPO, type TempEnv, tempEnv } from './helpers/env.ts';

const CLAUDE_FIX = '3f6c2a91-5d4e-4b8a-9c1f-7e2d0b6a4c15';
const CLAUDE_MAIN = 'b81e4d07-2c9a-4f6e-a3d5-0c7f19e82b64';
const AGENT = 'a7c3e91f0b2d4e586';
const CLAUDE_SUB = `${CLAUDE_MAIN}.agent-${AGENT}`;
const CODEX_PYTEST = '019cebcb-da9a-7b40-bd68-b37dc75655d9';
const CODEX_SECRETS = '019cf74e-457f-70bc-aa22-fec0ec5c7ce2';
const CODEX_LEGACY = 'c6136cf5-bddb-4cba-b474-32e547ca3ced';

const none = { input: 0, cacheRead: 0, cacheWrite: 0, output: 0, reasoning: 0 };

type Expected = Pick<
  SessionSummary,
  | 'id' | 'provider' | 'parentId' | 'parentCallId' | 'isSubagent' | 'agentType' | 'cwd' | 'gitBranch' | 'cliVersion'
  | 'models' | 'startedAt' | 'prompts' | 'toolCalls' | 'toolErrors' | 'tokens' | 'subagentTokens' | 'redactions'
>;

/** Newest first, as `sessions` lists them. */
const EXPECTED: Expected[] = [
  {
    // Pasted .env (fake AWS example keys + a fake GitHub token); `aws sts` exits 254; a dry-run deploy is interrupted.
    id: CODEX_SECRETS, provider: 'codex', parentId: null, parentCallId: null, isSubagent: false, agentType: null,
    cwd: '/home/demo/shop-deploy', gitBranch: 'main', cliVersion: '0.114.0', models: ['gpt-5.3-codex'],
    startedAt: '2026-03-16T15:40:27.903Z', prompts: 3, toolCalls: 6, toolErrors: 1,
    // 8 requests: 10422+10890+11468+11705+12133+12410+12987+13190 input, of which cached 2944+10240+10752+11392+11648+12032+12288+12800.
    tokens: { input: 95205, cacheRead: 84096, cacheWrite: 0, output: 1582, reasoning: 400 },
    subagentTokens: none,
    redactions: { aws_access_key_id: 1, aws_secret_access_key: 1, github: 1 },
  },
  {
    // pytest fails (exit 1), sed, apply_patch, pytest passes. Two token_count snapshots are re-emitted unchanged.
    id: CODEX_PYTEST, provider: 'codex', parentId: null, parentCallId: null, isSubagent: false, agentType: null,
    cwd: '/home/demo/invoice-api', gitBranch: 'decimal-totals', cliVersion: '0.114.0', models: ['gpt-5.3-codex'],
    startedAt: '2026-03-14T10:02:11.482Z', prompts: 1, toolCalls: 4, toolErrors: 1,
    // 5 requests: 11204+12391+13122+13689+14017 input; cached 2048+11136+12288+13056+13568; output 187+142+412+58+236.
    tokens: { input: 64423, cacheRead: 52096, cacheWrite: 0, output: 1035, reasoning: 295 },
    subagentTokens: none,
    redactions: {},
  },
  {
    // Task → Explore sub-agent, then Write, Edit, Edit, Bash (tests pass).
    id: CLAUDE_MAIN, provider: 'claude', parentId: null, parentCallId: null, isSubagent: false, agentType: null,
    cwd: '/home/demo/webapp', gitBranch: 'feat/block-disposable-email', cliVersion: '2.1.45', models: ['claude-opus-4-6'],
    startedAt: '2026-03-12T14:20:47.560Z', prompts: 1, toolCalls: 5, toolErrors: 0,
    // 6 requests: (3+9876+11342) + (1+1530+21218) + (1+811+22748) + (1+392+23559) + (1+287+23951) + (1+344+24238)
    tokens: { input: 140304, cacheRead: 127056, cacheWrite: 13240, output: 1590, reasoning: 0 },
    subagentTokens: { input: 53786, cacheRead: 48877, cacheWrite: 4901, output: 560, reasoning: 0 },
    redactions: {},
  },
  {
    // The Explore sub-agent: Grep, Read, Grep, report (4 requests on Haiku).
    id: CLAUDE_SUB, provider: 'claude', parentId: CLAUDE_MAIN, parentCallId: 'toolu_01hEuTiG9J9lVyAWhxSzl0qB',
    isSubagent: true, agentType: 'Explore', cwd: '/home/demo/webapp', gitBranch: 'feat/block-disposable-email',
    cliVersion: '2.1.45', models: ['claude-haiku-4-5-20251001'], startedAt: '2026-03-12T14:20:53.360Z',
    prompts: 1, toolCalls: 3, toolErrors: 0,
    // (5+3112+9417) + (1+486+12529) + (1+901+13015) + (1+402+13916)
    tokens: { input: 53786, cacheRead: 48877, cacheWrite: 4901, output: 560, reasoning: 0 },
    subagentTokens: none,
    redactions: {},
  },
  {
    // npm test fails (Exit code 1), Read, Edit, npm test passes.
    id: CLAUDE_FIX, provider: 'claude', parentId: null, parentCallId: null, isSubagent: false, agentType: null,
    cwd: '/home/demo/webapp', gitBranch: 'main', cliVersion: '2.1.42', models: ['claude-sonnet-4-5-20250929'],
    startedAt: '2026-03-10T09:14:02.118Z', prompts: 1, toolCalls: 4, toolErrors: 1,
    // 5 requests: (3+6218+14872) + (1+1893+21090) + (1+712+22983) + (1+604+23695) + (1+318+24299)
    tokens: { input: 116691, cacheRead: 106939, cacheWrite: 9745, output: 939, reasoning: 0 },
    subagentTokens: none,
    redactions: {},
  },
  {
    // A September 2025 bare-line rollout: cwd from <environment_context>, no model, no token counts.
    id: CODEX_LEGACY, provider: 'codex', parentId: null, parentCallId: null, isSubagent: false, agentType: null,
    cwd: '/home/demo/ledger', gitBranch: 'main', cliVersion: null, models: [], startedAt: '2025-09-03T16:12:45.207Z',
    prompts: 1, toolCalls: 2, toolErrors: 0, tokens: none, subagentTokens: none, redactions: {},
  },
];

const TITLES: Record<string, string> = {
  [CODEX_SECRETS]: 'Deploy to staging fails with `403 Access',
  [CODEX_PYTEST]: 'pytest started failing after I switched',
  [CLAUDE_SUB]: 'Find where e-mail addresses are validate',
  [CLAUDE_MAIN]: "We're getting signups from throwaway add",
  [CLAUDE_FIX]: 'CI went red after I merged the track-len',
  [CODEX_LEGACY]: 'How does the API rate limiter decide whe',
};

const FAKE_SECRETS = ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'ghp_DEMOonlyNotARealToken00000000000000'];

describe('tracebase demo', () => {
  let t: TempEnv;
  let out: string;
  before(() => {
    t = tempEnv();
    const r = cli(t.env, ['demo', '--home', t.home]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    out = r.stdout;
  });
  after(() => t.cleanup());

  test('the corpus ships with the package, small, in the tools\' own layout', () => {
    assert.equal(demoDir(), `${join(REPO, 'demo')}/`);
    const files = allFiles(demoDir()).map((f) => ({ rel: f.path.slice(demoDir().length), size: f.bytes.length }));
    const total = files.reduce((n, f) => n + f.size, 0);
    assert.ok(total < 200 * 1024, `demo corpus is ${total} bytes`);
    const rels = files.map((f) => f.rel).sort();
    assert.deepEqual(rels, [
      'README.md',
      `claude/-home-demo-webapp/${CLAUDE_FIX}.jsonl`,
      `claude/-home-demo-webapp/${CLAUDE_MAIN}.jsonl`,
      `claude/-home-demo-webapp/${CLAUDE_MAIN}/subagents/agent-${AGENT}.jsonl`,
      `claude/-home-demo-webapp/${CLAUDE_MAIN}/subagents/agent-${AGENT}.meta.json`,
      `codex/2025/09/03/rollout-2025-09-03T16-12-45-${CODEX_LEGACY}.jsonl`,
      `codex/2026/03/14/rollout-2026-03-14T10-02-11-${CODEX_PYTEST}.jsonl`,
      `codex/2026/03/16/rollout-2026-03-16T15-40-27-${CODEX_SECRETS}.jsonl`,
    ]);
  });

  test('prints what it imported and where', () => {
    assert.match(out, /^Imported the bundled demo transcripts \(6 files, [\d.]+ KiB, [\d,]+ events\)\n/);
    assert.ok(out.includes(`into the store: ${t.home}\n`));
    assert.ok(out.includes(`TRACE_HOME=${t.home} npx tracebase sessions`));
  });

  test('lists every demo session with its prompts, tool calls, tool errors and tokens', () => {
    const rows = out.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} /.test(l));
    assert.equal(rows.length, EXPECTED.length, out);
    // The sub-agent sits right under its parent.
    const order = [CODEX_SECRETS, CODEX_PYTEST, CLAUDE_MAIN, CLAUDE_SUB, CLAUDE_FIX, CODEX_LEGACY];
    order.forEach((id, i) => {
      const e = EXPECTED.find((x) => x.id === id)!;
      const row = rows[i]!;
      assert.match(row, new RegExp(`^${e.startedAt!.slice(0, 10)} +${e.provider} `), row);
      assert.ok(row.includes(e.isSubagent ? '↳ Explore' : id.slice(0, 12)), row);
      // The title, cut with `…` when longer than the column.
      const title = row.slice(row.lastIndexOf('  ') + 2);
      assert.ok(title === TITLES[id] || (title.endsWith('…') && TITLES[id]!.startsWith(title.slice(0, -1))), row);
      const f = (n: number) => n.toLocaleString('en-US');
      const figures = [e.prompts, e.toolCalls, e.toolErrors, f(e.tokens.input), f(e.tokens.cacheRead), f(e.tokens.output)];
      assert.match(row, new RegExp(`\\s${figures.join('\\s+')}\\s`), row);
      assert.ok(row.includes(e.models.length ? e.models[0]! : '(not recorded)'), row);
    });
  });

  test('shows the tool calls that failed and the redaction counts', () => {
    assert.match(out, /^ {2}[0-9a-f]{24} {2}Bash {2}exit 1 {2}npm test$/m);
    assert.match(out, /^ {2}[0-9a-f]{24} {2}Bash {2}exit 0 {2}npm test$/m);
    assert.ok(
      out.includes(
        `Secrets found and replaced by [REDACTED:kind] before indexing: aws_access_key_id ×1, aws_secret_access_key ×1, github ×1 (session ${CODEX_SECRETS.slice(0, 12)}…).`,
      ),
      out,
    );
    for (const s of FAKE_SECRETS) assert.ok(!out.includes(s));
  });

  test('sessions --json on the demo store gives the figures the transcripts hold', () => {
    const env = { ...t.env, TRACE_HOME: t.home };
    const r = cli(env, ['sessions', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const got = jsonl<SessionSummary>(r.stdout);
    const keys = Object.keys(EXPECTED[0]!) as (keyof Expected)[];
    const pick = (s: SessionSummary) => Object.fromEntries(keys.map((k) => [k, s[k]]));
    assert.deepEqual(got.map(pick), EXPECTED);
    for (const s of got) assert.ok(s.title?.startsWith(TITLES[s.id]!), s.title ?? '');
    // The pasted credentials never reach the index; the title shows where they were.
    const leaky = got.find((s) => s.id === CODEX_SECRETS)!;
    assert.ok(leaky.title!.includes('AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key_id]\nAWS_SECRET_ACCESS_KEY='), leaky.title!);
    assert.doesNotMatch(leaky.title!, /\[REDACTED:[a-z_]*$/, 'the title is never cut inside a marker');
    for (const s of FAKE_SECRETS) assert.ok(!r.stdout.includes(s));
  });

  test('a short id, as demo shows one, finds its session in search; purge names the whole id instead of guessing (a new-user pass)', () => {
    const env = { ...t.env, TRACE_HOME: t.home };
    const short = `${CLAUDE_FIX.slice(0, 12)}…`;
    const hits = jsonl<{ sessionId: string }>(cli(env, ['search', '--session-id', short, '--limit', '5']).stdout);
    assert.ok(hits.length > 0 && hits.every((h) => h.sessionId === CLAUDE_FIX));
    const p = cli(env, ['purge', '--session-id', CLAUDE_FIX.slice(0, 12)]);
    assert.equal(p.code, 1);
    assert.match(p.stderr, new RegExp(`it starts the id of ${CLAUDE_FIX}\\.`));
    assert.ok(jsonl<{ id: string }>(cli(env, ['sessions', '--json']).stdout).some((s) => s.id === CLAUDE_FIX), 'nothing purged');
    assert.equal(cli(env, ['search', '--session-id', 'zzzzzzzzzz']).code, 1);
    // A session with a subagent (named after it, `<id>.agent-…`): the start of its id names it.
    const main = jsonl<{ sessionId: string }>(cli(env, ['search', '--session-id', CLAUDE_MAIN.slice(0, 12), '--limit', '500']).stdout);
    assert.ok(main.length > 0 && main.every((h) => h.sessionId === CLAUDE_MAIN));
    const sub = jsonl<{ id: string }>(cli(env, ['sessions', '--json']).stdout).find((s) => s.id.startsWith(`${CLAUDE_MAIN}.`))!.id;
    const inSub = jsonl<{ sessionId: string }>(cli(env, ['search', '--session-id', `${CLAUDE_MAIN}.ag`]).stdout);
    assert.ok(inSub.length > 0 && inSub.every((h) => h.sessionId === sub));
  });

  test('sessions --limit never lists a sub-agent without the session that ran it (a new-user pass found it did)', () => {
    const env = { ...t.env, TRACE_HOME: t.home };
    const all = jsonl<SessionSummary>(cli(env, ['sessions', '--json']).stdout).map((s) => s.id);
    const main = all.indexOf(CLAUDE_MAIN);
    assert.equal(all.indexOf(CLAUDE_SUB), main + 1, 'right after it');
    for (let n = 1; n <= all.length; n++) {
      const ids = jsonl<SessionSummary>(cli(env, ['sessions', '--json', '--limit', String(n)]).stdout).map((s) => s.id);
      assert.deepEqual(ids, all.slice(0, n));
      assert.ok(!ids.includes(CLAUDE_SUB) || ids.includes(CLAUDE_MAIN), `--limit ${n}`);
    }
  });

  test('sessions (text) lists each sub-agent right under the session that ran it, its id whole', () => {
    const r = cli({ ...t.env, TRACE_HOME: t.home }, ['sessions']);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2} /.test(l));
    const at = (id: string) => rows.findIndex((l) => l.includes(` ${id} `));
    assert.equal(at(CLAUDE_SUB), at(CLAUDE_MAIN) + 1, r.stdout);
    assert.match(rows[at(CLAUDE_SUB)]!, /^\S+ \S+ {2}↳ claude /);
    assert.equal(rows.length, EXPECTED.length);
  });

  test('search sees redacted text; show decrypts the original line', () => {
    const env = { ...t.env, TRACE_HOME: t.home };
    const r = cli(env, ['search', 'GITHUB_TOKEN', '--kind', 'user_prompt']);
    assert.equal(r.code, 0, r.stderr);
    const hits = jsonl<{ id: string; sessionId: string; text: string }>(r.stdout);
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.sessionId, CODEX_SECRETS);
    assert.ok(hits[0]!.text.includes('GITHUB_TOKEN=[REDACTED:github]'));
    for (const s of FAKE_SECRETS) assert.ok(!r.stdout.includes(s));
    const shown = cli(env, ['show', hits[0]!.id]);
    assert.equal(shown.code, 0, shown.stderr);
    for (const s of FAKE_SECRETS) assert.ok(shown.stdout.includes(s));
    // --json everywhere output is structured: search and recent (JSONL already) take it too,
    // and show wraps the original line as a string.
    assert.equal(cli(env, ['search', 'GITHUB_TOKEN', '--kind', 'user_prompt', '--json']).stdout, r.stdout);
    assert.equal(cli(env, ['recent', '--limit', '3', '--json']).stdout, cli(env, ['recent', '--limit', '3']).stdout);
    const wrapped = JSON.parse(cli(env, ['show', hits[0]!.id, '--json']).stdout) as { id: string; line: string };
    assert.deepEqual(wrapped, { id: hits[0]!.id, line: shown.stdout.slice(0, -1) });
  });

  test('demo --json prints what it found as one JSON object (redacted)', () => {
    const u = tempEnv();
    try {
      const r = cli(u.env, ['demo', '--home', u.home, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const d = JSON.parse(r.stdout) as { files: number; events: number; sessions: SessionSummary[]; redactions: Record<string, number> };
      assert.equal(d.files, 6);
      assert.equal(d.sessions.length, EXPECTED.length);
      assert.equal(d.events, d.sessions.reduce((n, s) => n + s.events, 0));
      assert.ok((d.redactions['github'] ?? 0) > 0);
      for (const s of FAKE_SECRETS) assert.ok(!r.stdout.includes(s));
    } finally {
      u.cleanup();
    }
  });
});

test('demo --home that is a file, or where no folder can be made, says so and names --home, not TRACE_HOME (a new-user pass)', () => {
  const t = tempEnv();
  try {
    const file = join(t.dir, 'a-file');
    writeFileSync(file, 'x');
    const f = cli(t.env, ['demo', '--home', file]);
    assert.equal(f.code, 2);
    assert.match(f.stderr, /--home .*a-file is a file; the demo only writes to a new or empty directory\./);
    if (existsSync('/proc/self')) {
      const p = cli(t.env, ['demo', '--home', '/proc/tracebase-none/demo']);
      assert.equal(p.code, 1);
      assert.match(p.stderr, /\/proc\/tracebase-none cannot be made/);
      assert.match(p.stderr, /Give --home a new or empty folder of yours/);
      assert.doesNotMatch(p.stderr, /TRACE_HOME/);
    }
    // doctor with TRACE_HOME at a file says it is one, and no `chmod 700` of it.
    const d = cli({ ...t.env, TRACE_HOME: file }, ['doctor']);
    assert.match(d.stdout, /FAIL store directory: .*a-file \(a file, not a folder\)/);
    assert.doesNotMatch(d.stdout, /chmod 700/);
  } finally {
    t.cleanup();
  }
});
