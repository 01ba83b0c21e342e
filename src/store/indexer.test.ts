import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { importFile } from '../ingest/import-file.ts';
import { rebuildIndex } from '../ingest/rebuild.ts';
import { claudeAdapter } from '../sources/claude/index.ts';
import { codexAdapter } from '../sources/codex/index.ts';
import { withTempStore } from '../../test/helpers/store.ts';
import { clip } from '../redact/clip.ts';
import { sameRedactedApart } from './indexer.ts';
import { listSessions, searchEvents } from './queries.ts';
import { groupTx, type Store } from './store.ts';

const ID = '019fd000-1111-7222-8333-444444444444';
const env = (ts: string, type: string, payload: unknown) => JSON.stringify({ timestamp: ts, type, payload });
const LINES = [
  env('2026-09-01T10:00:00Z', 'session_meta', { id: ID, timestamp: '2026-09-01T10:00:00Z', cwd: '/tmp/app', cli_version: '0.150.0' }),
  env('2026-09-01T10:00:01Z', 'event_msg', { type: 'user_message', message: 'fix the flaky login test' }),
  env('2026-09-01T10:00:02Z', 'event_msg', { type: 'agent_message', message: 'Looking.' }),
  env('2026-09-01T10:00:03Z', 'event_msg', { type: 'thread_name_updated', thread_name: 'Flaky login test' }),
  env('2026-09-01T10:00:04Z', 'event_msg', { type: 'user_message', message: 'and the signup one' }),
];

/** Imports `lines` as one rollout, written in pieces ending at `cuts` (line counts), an import after each. */
function importInPieces(store: Store, dir: string, lines: string[], cuts: number[], batchBytes?: number): void {
  const path = join(dir, `rollout-2026-09-01T10-00-00-${ID}.jsonl`);
  writeFileSync(path, '');
  let at = 0;
  for (const cut of [...cuts, lines.length]) {
    appendFileSync(path, lines.slice(at, cut).map((l) => `${l}\n`).join(''));
    at = cut;
    importFile(store, codexAdapter, path, { batchBytes });
  }
}

/** Title after importing LINES in pieces ending at `cuts` (line counts). */
function titleAfter(cuts: number[]): string | null {
  return withTempStore((store, dir) => {
    importInPieces(store, dir, LINES, cuts);
    return listSessions(store, {})[0]!.title;
  });
}

test('a thread name is the title, whether the first prompt was indexed in the same batch or an earlier one', () => {
  assert.equal(titleAfter([]), 'Flaky login test');
  assert.equal(titleAfter([2]), 'Flaky login test', 'prompt imported first, the name later');
  assert.equal(titleAfter([1, 3, 4]), 'Flaky login test');
  assert.equal(titleAfter([3]), 'Flaky login test');
});

/** Sessions after importing each { name: lines } file of one store. */
function sessionsOf(files: Record<string, string[]>) {
  return withTempStore((store, dir) => {
    for (const [name, lines] of Object.entries(files)) {
      const path = join(dir, name);
      writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
      importFile(store, codexAdapter, path);
    }
    return Object.fromEntries(listSessions(store, {}).map((s) => [s.id, s]));
  });
}

const tokenCount = (ts: string, total: number, last: number) =>
  env(ts, 'event_msg', { type: 'token_count', info: {
    total_token_usage: { input_tokens: total, cached_input_tokens: 0, output_tokens: 12, reasoning_output_tokens: 0, total_tokens: total + 12 },
    last_token_usage: { input_tokens: last, cached_input_tokens: 0, output_tokens: 12, reasoning_output_tokens: 0, total_tokens: last + 12 } } });
const search = (ts: string, query: string) => env(ts, 'response_item', { type: 'web_search_call', status: 'completed', action: { type: 'search', query } });
const meta = (id: string, ts: string, extra: Record<string, unknown> = {}) => env(ts, 'session_meta', { id, timestamp: ts, cwd: '/tmp/app', cli_version: '0.104.0', ...extra });

test('two unrelated sessions with identical running totals are two sets of calls; a fork copy is one', () => {
  const A = '019fd000-aaaa-7222-8333-444444444444';
  const B = '019fd000-bbbb-7222-8333-444444444444';
  const C = '019fd000-cccc-7222-8333-444444444444';
  const s = sessionsOf({
    [`rollout-2026-09-01T10-00-00-${A}.jsonl`]: [meta(A, '2026-09-01T10:00:00Z'), tokenCount('2026-09-01T10:00:05Z', 8412, 8412)],
    [`rollout-2026-09-01T11-00-00-${B}.jsonl`]: [meta(B, '2026-09-01T11:00:00Z'), tokenCount('2026-09-01T11:00:05Z', 8412, 8412)],
    // C forks A: it copies A's history (new timestamps), then makes one call of its own.
    [`rollout-2026-09-01T12-00-00-${C}.jsonl`]: [
      meta(C, '2026-09-01T12:00:00Z', { forked_from_id: A }),
      tokenCount('2026-09-01T12:00:00.100Z', 8412, 8412),
      tokenCount('2026-09-01T12:00:09Z', 9000, 588),
    ],
  });
  assert.equal(s[A]!.tokens.input, 8412);
  assert.equal(s[B]!.tokens.input, 8412, 'same totals, no relation: its own calls');
  assert.equal(s[C]!.tokens.input, 588, 'the copied call is the parent\'s');
});

test('a web search copied into a fork child is the parent\'s; the same query asked twice is two searches', () => {
  const P = '019fd000-dddd-7222-8333-444444444444';
  const F = '019fd000-eeee-7222-8333-444444444444';
  const U = '019fd000-ffff-7222-8333-444444444444';
  const s = sessionsOf({
    [`rollout-2026-09-02T10-00-00-${P}.jsonl`]: [meta(P, '2026-09-02T10:00:00Z'), search('2026-09-02T10:00:01Z', 'node sqlite wal'), search('2026-09-02T10:00:02Z', 'node sqlite wal')],
    [`rollout-2026-09-02T11-00-00-${F}.jsonl`]: [
      meta(F, '2026-09-02T11:00:00Z', { forked_from_id: P }),
      search('2026-09-02T11:00:00.100Z', 'node sqlite wal'),
      search('2026-09-02T11:00:00.200Z', 'node sqlite wal'),
      search('2026-09-02T11:00:05Z', 'fts5 automerge'),
    ],
    // An unrelated session searching the same thing searched it itself.
    [`rollout-2026-09-02T12-00-00-${U}.jsonl`]: [meta(U, '2026-09-02T12:00:00Z'), search('2026-09-02T12:00:01Z', 'node sqlite wal')],
  });
  assert.equal(s[P]!.toolCalls, 2);
  assert.equal(s[F]!.toolCalls, 1, 'only its own search');
  assert.equal(s[U]!.toolCalls, 1);
});

test("sub-agents spawned by one session count their own searches and totals where they match a sibling's; what they replay stays the parent's, stamped before or after their start", () => {
  const P = '019fd003-aaaa-7222-8333-444444444444';
  const S1 = '019fd003-bbbb-7222-8333-444444444444';
  const S2 = '019fd003-cccc-7222-8333-444444444444';
  const S3 = '019fd003-dddd-7222-8333-444444444444';
  const spawned = (id: string, ts: string) => meta(id, ts, { source: { subagent: { thread_spawn: { parent_thread_id: P, depth: 1 } } } });
  const s = sessionsOf({
    [`rollout-2026-09-04T10-00-00-${P}.jsonl`]: [meta(P, '2026-09-04T10:00:00Z'), search('2026-09-04T10:00:01Z', 'python release date'), tokenCount('2026-09-04T10:00:02Z', 5000, 5000)],
    [`rollout-2026-09-04T10-01-00-${S1}.jsonl`]: [
      spawned(S1, '2026-09-04T10:01:00Z'),
      // (a replay of the parent's lines, stamped before this session's start)
      search('2026-09-04T10:00:01Z', 'python release date'),
      tokenCount('2026-09-04T10:00:02Z', 5000, 5000),
      search('2026-09-04T10:01:01Z', 'node sqlite wal'),
      tokenCount('2026-09-04T10:01:02Z', 3000, 3000),
    ],
    [`rollout-2026-09-04T10-02-00-${S2}.jsonl`]: [spawned(S2, '2026-09-04T10:02:00Z'), search('2026-09-04T10:02:01Z', 'node sqlite wal'), tokenCount('2026-09-04T10:02:02Z', 3000, 3000)],
    // A replay stamped as it was written, after the child's start (a review).
    [`rollout-2026-09-04T10-03-00-${S3}.jsonl`]: [
      spawned(S3, '2026-09-04T10:03:00Z'),
      search('2026-09-04T10:03:00.100Z', 'python release date'),
      tokenCount('2026-09-04T10:03:00.200Z', 5000, 5000),
      tokenCount('2026-09-04T10:03:05Z', 5400, 400),
    ],
  });
  assert.deepEqual([P, S1, S2, S3].map((id) => [s[id]!.parentId, s[id]!.toolCalls, s[id]!.tokens.input]), [[null, 1, 5000], [P, 1, 3000], [P, 1, 3000], [P, 0, 400]]);
  assert.equal(s[P]!.subagentTokens?.input, 6400);
});

test('a fork of a fork whose middle file is missing still does not count its grandparent\'s calls', () => {
  const P = '019fd001-aaaa-7222-8333-444444444444';
  const C = '019fd001-bbbb-7222-8333-444444444444';
  const G = '019fd001-cccc-7222-8333-444444444444';
  const files = {
    [`rollout-2026-09-03T10-00-00-${P}.jsonl`]: [meta(P, '2026-09-03T10:00:00Z'), tokenCount('2026-09-03T10:00:05Z', 30, 30)],
    // C (not imported) forked P; G forked C and copies both histories.
    [`rollout-2026-09-03T12-00-00-${G}.jsonl`]: [
      meta(G, '2026-09-03T12:00:00Z', { forked_from_id: C }),
      tokenCount('2026-09-03T12:00:00.100Z', 30, 30),
      tokenCount('2026-09-03T12:00:00.200Z', 60, 30),
      tokenCount('2026-09-03T12:00:09Z', 100, 40),
    ],
  };
  const alone = sessionsOf(files);
  assert.equal(alone[P]!.tokens.input, 30);
  assert.equal(alone[G]!.tokens.input, 70, "C's call and its own: C is missing, so they are G's");
  const withC = sessionsOf({
    ...files,
    [`rollout-2026-09-03T11-00-00-${C}.jsonl`]: [
      meta(C, '2026-09-03T11:00:00Z', { forked_from_id: P }),
      tokenCount('2026-09-03T11:00:00.100Z', 30, 30),
      tokenCount('2026-09-03T11:00:05Z', 60, 30),
    ],
  });
  assert.deepEqual([withC[P]!.tokens.input, withC[C]!.tokens.input, withC[G]!.tokens.input], [30, 30, 40]);
});

test("a Codex fork's copied history is its parent's: its prompts are its own only, in either import order and after a rebuild", () => {
  const P = '019fd002-aaaa-7222-8333-444444444444';
  const F = '019fd002-bbbb-7222-8333-444444444444';
  const said = (ts: string, type: 'user_message' | 'agent_message', message: string) => env(ts, 'event_msg', { type, message });
  const history = (at: (s: number) => string) => [
    said(at(1), 'user_message', 'fix the flaky login test'),
    said(at(2), 'agent_message', 'Looking at the retry logic.'),
    said(at(3), 'user_message', 'continue'),
    said(at(4), 'agent_message', 'Done: the wait was too short.'),
  ];
  const parent = [meta(P, '2026-09-04T10:00:00Z'), ...history((s) => `2026-09-04T10:00:0${s}Z`)];
  // The fork copies the whole history with new timestamps, then the user says "continue" again: that one is its own.
  const fork = [
    meta(F, '2026-09-04T12:00:00Z', { forked_from_id: P }),
    ...history((s) => `2026-09-04T12:00:00.${s}00Z`),
    said('2026-09-04T12:00:05Z', 'user_message', 'continue'),
    said('2026-09-04T12:00:06Z', 'agent_message', 'Also fixed the signup test.'),
  ];
  const files = { [`rollout-2026-09-04T10-00-00-${P}.jsonl`]: parent, [`rollout-2026-09-04T12-00-00-${F}.jsonl`]: fork };
  const reversed = Object.fromEntries(Object.entries(files).reverse());
  for (const order of [files, reversed]) {
    const s = sessionsOf(order);
    assert.deepEqual([s[P]!.prompts, s[F]!.prompts], [2, 1]);
  }
  // Parent missing: the fork's history is all it has.
  const alone = sessionsOf({ [`rollout-2026-09-04T12-00-00-${F}.jsonl`]: fork });
  assert.equal(alone[F]!.prompts, 3);
  // A rebuild from the raw records gives the same.
  const rebuilt = withTempStore((store, dir) => {
    for (const [name, lines] of Object.entries(reversed)) {
      writeFileSync(join(dir, name), lines.map((l) => `${l}\n`).join(''));
      importFile(store, codexAdapter, join(dir, name));
    }
    rebuildIndex(store);
    return Object.fromEntries(listSessions(store, {}).map((s) => [s.id, s.prompts]));
  });
  assert.deepEqual([rebuilt[P], rebuilt[F]], [2, 1]);
});

test("a session's models are those of its own lines: not a fork's copy, a spawned agent's replay or a resume's copy of the parent's (an audit), in either order and after a rebuild", () => {
  const P = '019fd004-aaaa-7222-8333-444444444444';
  const F = '019fd004-bbbb-7222-8333-444444444444';
  const S = '019fd004-cccc-7222-8333-444444444444';
  const turn = (ts: string, model: string) => env(ts, 'turn_context', { cwd: '/tmp/app', model });
  const said = (ts: string, message: string) => env(ts, 'event_msg', { type: 'user_message', message });
  // (A turn's answer, written twice as Codex does, the second time on the protocol stream.)
  const answer = (ts: string, text: string) => [
    env(ts, 'event_msg', { type: 'agent_message', message: text }),
    env(ts, 'response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }),
  ];
  const codex = {
    [`rollout-2026-09-06T10-00-00-${P}.jsonl`]: [meta(P, '2026-09-06T10:00:00Z'), turn('2026-09-06T10:00:01Z', 'gpt-5.3-codex'), said('2026-09-06T10:00:02Z', 'fix the login test')],
    // The fork copies the history with new timestamps, then runs a turn on another model.
    [`rollout-2026-09-06T12-00-00-${F}.jsonl`]: [
      meta(F, '2026-09-06T12:00:00Z', { forked_from_id: P }),
      turn('2026-09-06T12:00:00.100Z', 'gpt-5.3-codex'),
      said('2026-09-06T12:00:00.200Z', 'fix the login test'),
      turn('2026-09-06T12:00:05Z', 'gpt-5.4'),
      said('2026-09-06T12:00:06Z', 'now the signup test'),
    ],
    // A spawned agent replays its parent's lines stamped before its own header.
    [`rollout-2026-09-06T10-05-00-${S}.jsonl`]: [
      meta(S, '2026-09-06T10:05:00Z', { source: { subagent: { thread_spawn: { parent_thread_id: P, depth: 1 } } } }),
      turn('2026-09-06T10:00:01Z', 'gpt-5.3-codex'),
      turn('2026-09-06T10:05:01Z', 'gpt-5.3-codex-mini'),
    ],
  };
  const expected = { [P]: ['gpt-5.3-codex'], [F]: ['gpt-5.4'], [S]: ['gpt-5.3-codex-mini'] };
  const models = (files: Record<string, string[]>, rebuild = false) =>
    withTempStore((store, dir) => {
      for (const [name, lines] of Object.entries(files)) {
        writeFileSync(join(dir, name), lines.map((l) => `${l}\n`).join(''));
        importFile(store, codexAdapter, join(dir, name));
      }
      if (rebuild) rebuildIndex(store);
      return Object.fromEntries(listSessions(store, {}).map((s) => [s.id, s.models]));
    });
  assert.deepEqual(models(codex), expected);
  assert.deepEqual(models(Object.fromEntries(Object.entries(codex).reverse())), expected, 'the fork and the child first');
  assert.deepEqual(models(codex, true), expected, 'rebuilt');
  // With answers and token counts, in a real rollout's order: the rest of the copied turn (the answer's twin, its token
  // count) names the parent's model too (a review).
  const full = {
    [`rollout-2026-09-06T10-00-00-${P}.jsonl`]: [
      meta(P, '2026-09-06T10:00:00Z'), said('2026-09-06T10:00:01Z', 'fix the login test'), turn('2026-09-06T10:00:01Z', 'gpt-5.3-codex'),
      ...answer('2026-09-06T10:00:03Z', 'Fixed.'), tokenCount('2026-09-06T10:00:04Z', 900, 900),
    ],
    [`rollout-2026-09-06T12-00-00-${F}.jsonl`]: [
      meta(F, '2026-09-06T12:00:00Z', { forked_from_id: P }),
      said('2026-09-06T12:00:00.100Z', 'fix the login test'), turn('2026-09-06T12:00:00.100Z', 'gpt-5.3-codex'),
      ...answer('2026-09-06T12:00:00.200Z', 'Fixed.'), tokenCount('2026-09-06T12:00:00.300Z', 900, 900),
      said('2026-09-06T12:00:05Z', 'now the signup test'), turn('2026-09-06T12:00:05Z', 'gpt-5.4'),
      ...answer('2026-09-06T12:00:07Z', 'Also fixed.'), tokenCount('2026-09-06T12:00:08Z', 1900, 1000),
    ],
  };
  const fullExpected = { [P]: ['gpt-5.3-codex'], [F]: ['gpt-5.4'] };
  assert.deepEqual(models(full), fullExpected);
  assert.deepEqual(models(Object.fromEntries(Object.entries(full).reverse())), fullExpected, 'the fork first');
  assert.deepEqual(models(full, true), fullExpected, 'rebuilt');
  // Without its token counts, the fork's own lines still start at its next prompt.
  const untallied = Object.fromEntries(Object.entries(full).map(([k, v]) => [k, v.filter((l) => !l.includes('token_count'))]));
  assert.deepEqual(models(untallied), fullExpected, 'no token counts');
  // Parent missing: the fork's history is all it has.
  assert.deepEqual(models({ [`rollout-2026-09-06T12-00-00-${F}.jsonl`]: codex[`rollout-2026-09-06T12-00-00-${F}.jsonl`]! })[F], ['gpt-5.3-codex', 'gpt-5.4']);

  // A resumed Claude session opens with copies of the earlier session's lines (under its id).
  const A = 'cafe0004-aaaa-4222-8333-444444444444';
  const B = 'cafe0004-bbbb-4222-8333-444444444444';
  const said2 = (sid: string, uuid: string, ts: string, model: string) =>
    JSON.stringify({ type: 'assistant', sessionId: sid, uuid, parentUuid: null, timestamp: ts, requestId: `r-${uuid}`, message: { id: `m-${uuid}`, role: 'assistant', model, content: [{ type: 'text', text: 'Done.' }], usage: { input_tokens: 5, output_tokens: 1 } } });
  const claude = withTempStore((store, dir) => {
    writeFileSync(join(dir, `${A}.jsonl`), `${said2(A, 'u1', '2026-09-06T10:00:00Z', 'claude-opus-4-1')}\n`);
    writeFileSync(join(dir, `${B}.jsonl`), `${said2(A, 'u1', '2026-09-06T10:00:00Z', 'claude-opus-4-1')}\n${said2(B, 'u2', '2026-09-06T11:00:00Z', 'claude-sonnet-4-5')}\n`);
    for (const f of [A, B]) importFile(store, claudeAdapter, join(dir, `${f}.jsonl`));
    return Object.fromEntries(listSessions(store, {}).map((s) => [s.id, s.models]));
  });
  assert.deepEqual([claude[A], claude[B]], [['claude-opus-4-1'], ['claude-sonnet-4-5']]);
});

test("an advisor's consultation and a server-side compaction listed in a Claude call's usage.iterations count as calls of their own, on their own model (the top-level counts are the executor's alone)", () => {
  // (A line per content block: the advisor's call, then the answer whose usage lists the iterations.)
  const fixture = join(import.meta.dirname, '../../test/fixtures/quirks/claude/advisor/cafe0005-aaaa-4222-8333-444444444444.jsonl');
  const got = (rebuild: boolean) =>
    withTempStore((store, dir) => {
      const path = join(dir, basename(fixture));
      copyFileSync(fixture, path);
      importFile(store, claudeAdapter, path);
      if (rebuild) rebuildIndex(store);
      const s = listSessions(store, {})[0]!;
      return { tokens: s.tokens, models: s.models };
    });
  const expected = {
    // The executor's 150 + 2,000 (and 20), the advisor's 800 + 200 on Opus, a compaction's 5,000 on the request's model.
    tokens: { input: 150 + 2000 + 800 + 200 + 20 + 5000, cacheRead: 2000, cacheWrite: 200, output: 120 + 600 + 10 + 300, reasoning: 0 },
    models: ['claude-opus-4-7', 'claude-sonnet-4-6'],
  };
  assert.deepEqual(got(false), expected);
  assert.deepEqual(got(true), expected, 'rebuilt');
});

test("a /btw aside's replay of its parent's messages under new request ids is the parent's: the aside counts its own answer only, in either import order and after a rebuild (ccusage #913)", () => {
  const M = 'cafe0006-aaaa-4222-8333-444444444444';
  const src = join(import.meta.dirname, '../../test/fixtures/quirks/claude/btw');
  const main = `${M}.jsonl`;
  const aside = `${M}/subagents/agent-aside_question-5c1e0a9b7d3f2e61.jsonl`;
  const got = (order: string[], rebuild = false) =>
    withTempStore((store, dir) => {
      const project = join(dir, 'projects', '-home-dev-app');
      mkdirSync(join(project, M, 'subagents'), { recursive: true });
      for (const f of order) {
        copyFileSync(join(src, f), join(project, f));
        importFile(store, claudeAdapter, join(project, f));
      }
      if (rebuild) rebuildIndex(store);
      const all = listSessions(store, {});
      const m = all.find((s) => s.id === M)!;
      const a = all.find((s) => s.parentId === M)!;
      return { main: m.tokens.input, mainOut: m.tokens.output, aside: a.tokens.input, asideOut: a.tokens.output, sub: m.subagentTokens?.input ?? 0 };
    });
  // The main session's two calls; the aside's one answer (15 + 13,600 in, 6 out).
  const expected = { main: 12 + 4000 + 9000 + 8 + 600 + 13000, mainOut: 310 + 95, aside: 15 + 13600, asideOut: 6, sub: 15 + 13600 };
  assert.deepEqual(got([main, aside]), expected, 'main first');
  assert.deepEqual(got([aside, main]), expected, 'aside first');
  assert.deepEqual(got([aside, main], true), expected, 'rebuilt');
  // The aside's models are those of its own calls: the parent's replayed messages name the parent's (a review).
  const models = (order: string[], rebuild = false) =>
    withTempStore((store, dir) => {
      const project = join(dir, 'projects', '-home-dev-app');
      mkdirSync(join(project, M, 'subagents'), { recursive: true });
      for (const f of order) {
        // (The parent's two messages on another model, in its file and in the aside's replay.)
        const text = readFileSync(join(src, f), 'utf8').replace(/("id":"msg_01Btw[AB]","type":"message","role":"assistant","model":)"claude-sonnet-4-6"/g, '$1"claude-opus-4-7"');
        writeFileSync(join(project, f), text);
        importFile(store, claudeAdapter, join(project, f));
      }
      if (rebuild) rebuildIndex(store);
      const all = listSessions(store, {});
      return [all.find((s) => s.id === M)!.models, all.find((s) => s.parentId === M)!.models];
    });
  for (const [order, rebuild] of [[[main, aside], false], [[aside, main], false], [[aside, main], true]] as const) {
    assert.deepEqual(models([...order], rebuild), [['claude-opus-4-7'], ['claude-sonnet-4-6']], `${order[0]} first${rebuild ? ', rebuilt' : ''}`);
  }
});

test('a Claude session and a Codex session that happen to share a call id each count their own call', () => {
  const counts = withTempStore((store, dir) => {
    const codex = join(dir, 'rollout-2026-03-01T10-00-00-019fd000-2222-7222-8333-444444444444.jsonl');
    writeFileSync(codex, `${[
      meta('019fd000-2222-7222-8333-444444444444', '2026-03-01T10:00:00.000Z'),
      env('2026-03-01T10:00:01.000Z', 'response_item', { type: 'function_call', name: 'shell', call_id: 'shared-id', arguments: '{"command":["ls"]}' }),
    ].join('\n')}\n`);
    const claude = join(dir, 'cafe0000-1111-4222-8333-444444444444.jsonl');
    writeFileSync(claude, `${JSON.stringify({ type: 'assistant', sessionId: 'cafe0000-1111-4222-8333-444444444444', uuid: 'a1', parentUuid: null, timestamp: '2026-02-01T10:00:00.000Z', requestId: 'r1', message: { id: 'm1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 'shared-id', name: 'Bash', input: { command: 'ls' } }], usage: { input_tokens: 1, output_tokens: 1 } } })}\n`);
    importFile(store, codexAdapter, codex);
    importFile(store, claudeAdapter, claude);
    return listSessions(store, {}).map((s) => [s.provider, s.toolCalls]);
  });
  assert.deepEqual(counts.sort(), [['claude', 1], ['codex', 1]]);
});

test('a session named by two files starts at the earlier header, whichever file is read first', () => {
  const id = '019fd000-3333-7222-8333-444444444444';
  const a = { 'rollout-2026-03-02T10-00-00-one.jsonl': [meta(id, '2026-03-02T10:00:00.000Z')] };
  const b = { 'rollout-2026-03-01T10-00-00-two.jsonl': [meta(id, '2026-03-01T10:00:00.000Z')] };
  for (const files of [{ ...a, ...b }, { ...b, ...a }]) assert.equal(sessionsOf(files)[id]?.startedAt, '2026-03-01T10:00:00.000Z');
});

test('a line type or model name added by a transaction that is rolled back is added again by the next one', () => {
  withTempStore((store, dir) => {
    const path = join(dir, `rollout-2026-09-01T10-00-00-${ID}.jsonl`);
    const lines = [
      LINES[0]!,
      env('2026-09-01T10:00:01Z', 'turn_context', { cwd: '/tmp/app', model: 'gpt-rolled-back' }),
      env('2026-09-01T10:00:02Z', 'response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] }),
      env('2026-09-01T10:00:03Z', 'event_msg', { type: 'never_seen_before', detail: 1 }),
    ];
    writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
    const first = groupTx(store);
    importFile(store, codexAdapter, path, { tx: first });
    first.abort();
    assert.deepEqual(store.db.prepare('SELECT name FROM names').all(), [], 'nothing of it was kept');
    const second = groupTx(store);
    importFile(store, codexAdapter, path, { tx: second });
    second.flush();
    const events = searchEvents(store, { sessionId: ID });
    assert.ok(events.some((e) => e.model === 'gpt-rolled-back'), JSON.stringify(events.map((e) => e.model)));
    assert.ok(events.some((e) => e.subtype === 'event_msg/never_seen_before'), JSON.stringify(events.map((e) => e.subtype)));
    assert.ok(events.every((e) => typeof e.subtype === 'string'));
  });
});

test('a Codex output names its call\'s tool, read in the same batch or a later one, and after a rebuild', () => {
  const sid = '019fd000-3333-7222-8333-444444444444';
  const lines = [
    meta(sid, '2026-03-01T10:00:00.000Z'),
    env('2026-03-01T10:00:01.000Z', 'response_item', { type: 'function_call', name: 'exec_command', call_id: 'c1', arguments: '{"cmd":"npm test"}' }),
    env('2026-03-01T10:00:02.000Z', 'response_item', { type: 'function_call_output', call_id: 'c1', output: 'Process exited with code 1\nnpm ERR! flaky failure' }),
  ];
  for (const cut of [3, 2]) {
    const found = withTempStore((store, dir) => {
      const path = join(dir, `rollout-2026-03-01T10-00-00-${sid}.jsonl`);
      writeFileSync(path, lines.slice(0, cut).map((l) => `${l}\n`).join(''));
      importFile(store, codexAdapter, path);
      appendFileSync(path, lines.slice(cut).map((l) => `${l}\n`).join(''));
      importFile(store, codexAdapter, path);
      const hits = () => searchEvents(store, { query: 'flaky', tool: 'exec_command' }).map((e) => [e.kind, e.tool]);
      const before = hits();
      rebuildIndex(store);
      return [before, hits()];
    });
    assert.deepEqual(found, [[['tool_result', 'exec_command']], [['tool_result', 'exec_command']]], `cut after ${cut} lines`);
  }
});

test('a call keeps its first result\'s duration: the *_end event\'s, not the repeated output\'s rounded one', () => {
  const sid = '019fd000-4444-7222-8333-444444444444';
  const calls = withTempStore((store, dir) => {
    const path = join(dir, `rollout-2026-03-01T10-00-00-${sid}.jsonl`);
    writeFileSync(path, `${[
      meta(sid, '2026-03-01T10:00:00.000Z'),
      env('2026-03-01T10:00:01.000Z', 'response_item', { type: 'local_shell_call', call_id: 'c1', status: 'completed', action: { type: 'exec', command: ['bash', '-lc', 'npm test'] } }),
      env('2026-03-01T10:00:04.300Z', 'event_msg', { type: 'exec_command_end', call_id: 'c1', command: ['bash', '-lc', 'npm test'], aggregated_output: 'ok', exit_code: 0, duration: { secs: 3, nanos: 201_000_000 } }),
      env('2026-03-01T10:00:04.301Z', 'response_item', { type: 'function_call_output', call_id: 'c1', output: JSON.stringify({ output: 'ok', metadata: { exit_code: 0, duration_seconds: 3.2 } }) }),
    ].join('\n')}\n`);
    importFile(store, codexAdapter, path);
    return searchEvents(store, { kind: 'tool_call' }).map((e) => [e.exitCode, e.durationMs]);
  });
  assert.deepEqual(calls, [[0, 3201]]);
});

test('a command still running when exec_command returned takes the exit code its write_stdin poll reports, in any batch and after a rebuild', () => {
  const sid = '019fd000-5555-7222-8333-444444444444';
  const lines = [
    meta(sid, '2026-03-01T10:00:00.000Z'),
    env('2026-03-01T10:00:01.000Z', 'response_item', { type: 'function_call', name: 'exec_command', call_id: 'x1', arguments: JSON.stringify({ cmd: 'npm test', yield_time_ms: 10000 }) }),
    env('2026-03-01T10:00:11.000Z', 'response_item', { type: 'function_call_output', call_id: 'x1', output: 'Chunk ID: a1\nWall time: 10.0 seconds\nProcess running with session ID 4242\nOriginal token count: 3\nOutput:\nrunning 120 tests' }),
    env('2026-03-01T10:00:12.000Z', 'response_item', { type: 'function_call', name: 'write_stdin', call_id: 'w1', arguments: JSON.stringify({ session_id: 4242, chars: '' }) }),
    env('2026-03-01T10:00:22.000Z', 'response_item', { type: 'function_call_output', call_id: 'w1', output: 'Chunk ID: a2\nWall time: 10.0 seconds\nProcess running with session ID 4242\nOutput:\nstill running' }),
    env('2026-03-01T10:00:23.000Z', 'response_item', { type: 'function_call', name: 'write_stdin', call_id: 'w2', arguments: JSON.stringify({ session_id: 4242, chars: '' }) }),
    env('2026-03-01T10:00:25.000Z', 'response_item', { type: 'function_call_output', call_id: 'w2', output: 'Chunk ID: a3\nWall time: 2.1 seconds\nProcess exited with code 1\nOutput:\n3 failing' }),
  ];
  for (const cut of [lines.length, 3, 6]) {
    const got = withTempStore((store, dir) => {
      const path = join(dir, `rollout-2026-03-01T10-00-00-${sid}.jsonl`);
      writeFileSync(path, lines.slice(0, cut).map((l) => `${l}\n`).join(''));
      importFile(store, codexAdapter, path);
      appendFileSync(path, lines.slice(cut).map((l) => `${l}\n`).join(''));
      importFile(store, codexAdapter, path);
      const calls = () => searchEvents(store, { kind: 'tool_call' }).map((e) => [e.tool, e.exitCode, e.isError]).reverse();
      const errors = () => listSessions(store, {})[0]!.toolErrors;
      const before = [calls(), errors()];
      rebuildIndex(store);
      return [before, [calls(), errors()]];
    });
    const want = [[['exec_command', 1, true], ['write_stdin', null, false], ['write_stdin', null, false]], 1];
    assert.deepEqual(got, [want, want], `cut after ${cut} lines`);
  }
});

test('polls: an interaction end event is no failure of the poll; many polls of one command do not push another out', () => {
  const sid = '019fd000-6666-7222-8333-444444444444';
  const out = (ts: string, call: string, header: string) =>
    env(ts, 'response_item', { type: 'function_call_output', call_id: call, output: `Chunk ID: c\nWall time: 1.0 seconds\n${header}\nOutput:\n…` });
  const call = (ts: string, name: string, id: string, args: unknown) => env(ts, 'response_item', { type: 'function_call', name, call_id: id, arguments: JSON.stringify(args) });
  const lines = [
    meta(sid, '2026-03-01T10:00:00.000Z'),
    call('2026-03-01T10:00:01.000Z', 'exec_command', 'dev', { cmd: 'npm run dev' }),
    out('2026-03-01T10:00:02.000Z', 'dev', 'Process running with session ID 1000'),
    call('2026-03-01T10:00:03.000Z', 'exec_command', 'test', { cmd: 'npm test' }),
    out('2026-03-01T10:00:04.000Z', 'test', 'Process running with session ID 2000'),
  ];
  for (let i = 0; i < 40; i++) {
    lines.push(call('2026-03-01T10:01:00.000Z', 'write_stdin', `p${i}`, { session_id: 2000, chars: '' }));
    lines.push(out('2026-03-01T10:01:01.000Z', `p${i}`, 'Process running with session ID 2000'));
  }
  lines.push(
    call('2026-03-01T10:02:00.000Z', 'write_stdin', 'wt', { session_id: 2000, chars: '' }),
    // Extended persistence: the poll's own end event (exit 1 here), then the command's end, then the poll's output.
    env('2026-03-01T10:02:01.000Z', 'event_msg', { type: 'exec_command_end', call_id: 'wt', source: 'unified_exec_interaction', exit_code: 1, aggregated_output: '2 failing' }),
    env('2026-03-01T10:02:01.000Z', 'event_msg', { type: 'exec_command_end', call_id: 'test', source: 'unified_exec_startup', exit_code: 1, aggregated_output: '2 failing' }),
    out('2026-03-01T10:02:02.000Z', 'wt', 'Process exited with code 1'),
    call('2026-03-01T10:03:00.000Z', 'write_stdin', 'wd', { session_id: 1000, chars: '\u0003' }),
    out('2026-03-01T10:03:01.000Z', 'wd', 'Process exited with code 130'),
  );
  const got = withTempStore((store, dir) => {
    const path = join(dir, `rollout-2026-03-01T10-00-00-${sid}.jsonl`);
    writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
    importFile(store, codexAdapter, path);
    const byCall = Object.fromEntries(searchEvents(store, { kind: 'tool_call', limit: 100 }).map((e) => [e.callId, [e.exitCode, e.isError]]));
    return { dev: byCall['dev'], test: byCall['test'], wt: byCall['wt'], wd: byCall['wd'], errors: listSessions(store, {})[0]!.toolErrors };
  });
  assert.deepEqual(got, { dev: [130, true], test: [1, true], wt: [null, false], wd: [null, false], errors: 2 });
});

// Pairing must not depend on where batches are cut: `import` cuts a transcript where its reads and
// batches end, `index` where segments end. Here, a Codex web_search_end written before its call
// (as Codex does), and a result written before its call with a second result after it (trimmed
// transcripts, whose ids all read "[trimmed for fixture]", have such results).
const PAIRING = [
  env('2026-09-02T09:00:00Z', 'session_meta', { id: ID, timestamp: '2026-09-02T09:00:00Z', cwd: '/tmp/app', cli_version: '0.150.0' }),
  env('2026-09-02T09:00:01Z', 'event_msg', { type: 'user_message', message: 'why is the search endpoint slow' }),
  env('2026-09-02T09:00:02Z', 'event_msg', { type: 'web_search_end', call_id: 'ws_1', query: 'sqlite fts5 slow', action: { type: 'search', query: 'sqlite fts5 slow' } }),
  env('2026-09-02T09:00:03Z', 'response_item', { type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'sqlite fts5 slow' } }),
  env('2026-09-02T09:00:04Z', 'response_item', { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"npm test"}', call_id: 'call_r' }),
  env('2026-09-02T09:00:05Z', 'response_item', { type: 'function_call_output', call_id: 'call_r', output: 'Wall time: 1.0000 seconds\nProcess exited with code 0\nOutput:\nok\n' }),
  env('2026-09-02T09:00:06Z', 'response_item', { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"npm run lint"}', call_id: 'call_s' }),
  env('2026-09-02T09:00:07Z', 'response_item', { type: 'function_call_output', call_id: 'call_s', output: 'Wall time: 2.0000 seconds\nProcess exited with code 1\nOutput:\nlint failed\n' }),
  env('2026-09-02T09:00:08Z', 'response_item', { type: 'function_call_output', call_id: 'call_e', output: 'Wall time: 3.0000 seconds\nProcess exited with code 3\nOutput:\nno such file\n' }),
  env('2026-09-02T09:00:09Z', 'response_item', { type: 'function_call', name: 'exec_command', arguments: '{"cmd":"cat missing.txt"}', call_id: 'call_e' }),
  env('2026-09-02T09:00:10Z', 'response_item', { type: 'function_call_output', call_id: 'call_e', output: 'Wall time: 0.5000 seconds\nProcess exited with code 0\nOutput:\n\n' }),
];

/** Each call and result: kind, tool, exit code, duration, error, in line order. */
function pairingAfter(cuts: number[], opts: { batchBytes?: number; rebuild?: boolean } = {}): string[] {
  return withTempStore((store, dir) => {
    importInPieces(store, dir, PAIRING, cuts, opts.batchBytes);
    if (opts.rebuild) rebuildIndex(store);
    const rows = store.db
      .prepare(`SELECT kind, tool_name, call_id, exit_code, duration_ms, is_error FROM events WHERE call_id IS NOT NULL AND flags & 1 = 0 ORDER BY rowid`)
      .all() as { kind: number; tool_name: string | null; call_id: string; exit_code: number | null; duration_ms: number | null; is_error: number }[];
    assert.equal((store.db.prepare('SELECT count(*) AS n FROM early_results').get() as { n: number }).n, 0, 'every early result was taken');
    return rows.map((r) => `${r.kind === 4 ? 'call' : 'result'} ${r.call_id} ${r.tool_name} exit=${r.exit_code} ms=${r.duration_ms} error=${r.is_error}`);
  });
}

test('calls get the same results wherever the import and the index rebuild cut the transcript', () => {
  const whole = pairingAfter([]);
  const calls = whole.filter((r) => r.startsWith('call'));
  assert.deepEqual(calls, [
    'call ws_1 web_search exit=null ms=0 error=0',
    'call call_r exec_command exit=0 ms=1000 error=0',
    'call call_s exec_command exit=1 ms=2000 error=1',
    // Its first result, written before it, stands.
    'call call_e exec_command exit=3 ms=3000 error=1',
  ]);
  assert.ok(whole.includes('result ws_1 web_search exit=null ms=null error=0'), 'the early result is named by its call');
  for (let cut = 1; cut < PAIRING.length; cut++) assert.deepEqual(pairingAfter([cut]), whole, `cut after line ${cut}`);
  assert.deepEqual(pairingAfter([3, 5, 8, 9]), whole);
  assert.deepEqual(pairingAfter([], { batchBytes: 1 }), whole, 'a batch per line');
  assert.deepEqual(pairingAfter([2, 8], { batchBytes: 1, rebuild: true }), whole, 'rebuilt');
});

test("a command's own end event stands over a later poll's report of its exit, whichever batch they land in (a differential fuzz)", () => {
  const out = (call: string, header: string) => env('2026-09-02T09:00:02Z', 'response_item', { type: 'function_call_output', call_id: call, output: `Chunk ID: c\nWall time: 1.0 seconds\n${header}\nOutput:\nx\n` });
  const lines = [
    env('2026-09-02T09:00:00Z', 'session_meta', { id: ID, timestamp: '2026-09-02T09:00:00Z', cwd: '/tmp/app', cli_version: '0.150.0' }),
    env('2026-09-02T09:00:01Z', 'response_item', { type: 'function_call', name: 'exec_command', call_id: 'x1', arguments: '{"cmd":"npm test"}' }),
    out('x1', 'Process running with session ID 7'),
    env('2026-09-02T09:00:03Z', 'response_item', { type: 'function_call', name: 'write_stdin', call_id: 'w1', arguments: '{"session_id":7,"chars":""}' }),
    env('2026-09-02T09:00:04Z', 'event_msg', { type: 'exec_command_end', call_id: 'x1', exit_code: 1, duration: { secs: 3, nanos: 0 } }),
    out('w1', 'Process exited with code 2'),
  ];
  const exitOf = (cuts: number[]) =>
    withTempStore((store, dir) => {
      importInPieces(store, dir, lines, cuts);
      return (store.db.prepare(`SELECT exit_code FROM events WHERE call_id = 'x1' AND kind = 4`).get() as { exit_code: number | null }).exit_code;
    });
  for (const cuts of [[], [4], [2], [5], [2, 4]]) assert.equal(exitOf(cuts), 1, `cut after ${cuts.join(', ') || 'nothing'}`);
});

test('the forks of a touched session are found through an index, not a scan of every session (a perf audit: 50,000 small sessions imported in 149 s, 33 s with it)', () => {
  withTempStore((store) => {
    // The query the roll-up runs for every session a batch touches.
    const plan = (store.db.prepare('EXPLAIN QUERY PLAN SELECT f.sid FROM sessions f JOIN sessions p ON f.forked_from_id = p.id WHERE p.sid = ?').all(1) as { detail: string }[]).map((r) => r.detail);
    assert.ok(plan.some((d) => /^SEARCH f USING (?:COVERING )?INDEX sessions_forked/.test(d)), plan.join('; '));
    assert.ok(!plan.some((d) => /^SCAN f\b/.test(d)), plan.join('; '));
  });
});

test("a fork's copy and its original redacted apart (one transcript learned the secret later) are still one text", () => {
  const plain = 'deploy with Zq8Wx3Ec7Rv1Tb5Yn2Lp please, then run the tests';
  const marked = 'deploy with [REDACTED:secret_assignment] please, then run the tests';
  assert.ok(sameRedactedApart(plain, marked));
  assert.ok(sameRedactedApart(marked, plain));
  // Two markers, one inside a word; both previews cut at 300 characters, so their ends differ.
  const tail = ' and then the long rest of the output'.repeat(8);
  const full = (t: string) => t.slice(0, 300);
  assert.ok(sameRedactedApart(full(`a Zq8Wx3 b TOKEN=Kd9Lm2xQ c${tail}`), full(`a [REDACTED:x] b TOKEN=[REDACTED:y] c${tail}`)));
  // A fork's own words where its parent has a marker are not a copy (a review found this).
  assert.ok(!sameRedactedApart('run the tests with [REDACTED:github]', 'run the tests with coverage and then open a PR'));
  assert.ok(!sameRedactedApart('run the tests with [REDACTED:github]', 'run the tests with coverage'), 'a word is no secret');
  assert.ok(!sameRedactedApart('[REDACTED:github]', 'anything at all'));
  // Cut at 300 in the same last word at two places; a value cut off at the end (its marker left out of the other).
  const V = 'Zq8Wx3Ec7Rv1Tb5Yn2LpAb9Cd3EfGh7Jk';
  const twice = (t: string) => [t.slice(0, 300), t.replaceAll(V, '[REDACTED:secret_assignment]')] as const;
  const [p1, m1] = twice(`use ${V} ${'abcdefghij '.repeat(25)}longlastwordhere`);
  assert.ok(sameRedactedApart(p1, clip(m1, 300)));
  const [p2, m2] = twice(`${'a '.repeat(140)} ${V} tail`);
  assert.ok(sameRedactedApart(p2, clip(m2, 300)));
  assert.ok(sameRedactedApart('use xkqjzvbwpmrtlnhgfd now', 'use [REDACTED:secret_assignment] now'), 'a random lower-case value');
  assert.ok(sameRedactedApart('ends with Zq8Wx3Ec7Rv1Tb5Yn2Lp', 'ends with [REDACTED:bearer]'));
  // Other texts are not.
  assert.ok(!sameRedactedApart('deploy with Zq8Wx3 please', 'deploy with [REDACTED:x] now'));
  assert.ok(!sameRedactedApart('rollback with Zq8Wx3 please', 'deploy with [REDACTED:x] please'));
  assert.ok(!sameRedactedApart('deploy with  please', 'deploy with [REDACTED:x] please'), 'a marker stands for something');
  assert.ok(!sameRedactedApart('no marker here', 'no marker there'));
  assert.ok(!sameRedactedApart(null, marked));
});

test("a parent that learns a secret after its fork still has its history recognised in the fork (its copied prompts are not the fork's)", () => {
  const P = '019fd002-aaaa-7222-8333-444444444444';
  const F = '019fd002-bbbb-7222-8333-444444444444';
  const V = 'Zq8Wx3Ec7Rv1Tb5Yn2Lp';
  const prompt = (ts: string, message: string) => env(ts, 'event_msg', { type: 'user_message', message });
  const files: Record<string, string[]> = {
    // The parent pastes the token bare, is forked, then shows what it is (`DEPLOY_TOKEN=…`).
    [`rollout-2026-09-05T10-00-00-${P}.jsonl`]: [
      meta(P, '2026-09-05T10:00:00Z'),
      prompt('2026-09-05T10:00:01Z', `deploy with ${V} please`),
      env('2026-09-05T10:00:02Z', 'event_msg', { type: 'agent_message', message: 'Deploying.' }),
      prompt('2026-09-05T10:05:00Z', `save it: DEPLOY_TOKEN=${V}`),
    ],
    // The fork copies the history up to the fork (the bare token stays bare there: nothing in it shows what it is).
    [`rollout-2026-09-05T11-00-00-${F}.jsonl`]: [
      meta(F, '2026-09-05T11:00:00Z', { forked_from_id: P }),
      prompt('2026-09-05T11:00:00.100Z', `deploy with ${V} please`),
      env('2026-09-05T11:00:00.200Z', 'event_msg', { type: 'agent_message', message: 'Deploying.' }),
      prompt('2026-09-05T11:00:05Z', 'and roll back staging'),
    ],
  };
  for (const order of [Object.keys(files), Object.keys(files).reverse()]) {
    withTempStore((store, dir) => {
      for (const name of order) {
        const path = join(dir, name);
        writeFileSync(path, files[name]!.map((l) => `${l}\n`).join(''));
        importFile(store, codexAdapter, path);
      }
      const s = Object.fromEntries(listSessions(store, {}).map((x) => [x.id, x]));
      assert.equal(s[P]!.prompts, 2);
      assert.equal(s[F]!.prompts, 1, `only its own prompt (imported ${order.map((n) => n.slice(31, 35)).join(', ')})`);
      assert.ok(!s[P]!.title?.includes(V), 'the parent\'s title, from its prompt');
    });
  }
});

test('a secret learned late is redacted in a thread-name title and in an earlier URL-encoded copy, as a rebuild redacts them', () => {
  const S = '019fd003-aaaa-7222-8333-444444444444';
  const V = 'Zq8Wx3Ec7R/v1Tb5+Yn2Lp';
  const lines = [
    meta(S, '2026-09-06T10:00:00Z'),
    env('2026-09-06T10:00:01Z', 'event_msg', { type: 'user_message', message: `the hook is https://hooks.example.com/run/${encodeURIComponent(V)}/go please check` }),
    env('2026-09-06T10:00:02Z', 'event_msg', { type: 'thread_name_updated', thread_name: `Deploy with ${V}` }),
    env('2026-09-06T10:05:00Z', 'event_msg', { type: 'user_message', message: `save it: DEPLOY_TOKEN=${V}` }),
  ];
  withTempStore((store, dir) => {
    const path = join(dir, `rollout-2026-09-06T10-00-00-${S}.jsonl`);
    writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
    importFile(store, codexAdapter, path);
    const shown = () => JSON.stringify([store.db.prepare('SELECT title FROM sessions').all(), store.db.prepare('SELECT text FROM events ORDER BY rowid').all()]);
    const out = shown();
    for (const copy of [V, encodeURIComponent(V), 'Zq8Wx3Ec7R']) assert.ok(!out.includes(copy), out);
    assert.match(out, /"title":"Deploy with \[REDACTED:[a-z_]+\]"/);
    assert.match(out, /run\/\[REDACTED:[a-z_]+\]\/go please check/);
    assert.equal(searchEvents(store, { query: '2Fv1Tb5' }).length, 0, 'nor found by a word of the encoded copy');
    rebuildIndex(store);
    assert.equal(shown(), out);
  });
});

test("server tools' results as the newest versions write them: an advisor's advice is its text, an `*_error` result is a failed call, a Codex steer (`injected_message`) is read (a format hunt, 2026-11-27)", () => {
  const quirks = join(import.meta.dirname, '../../test/fixtures/quirks');
  const claude = join(quirks, 'claude/server-results/cafe0007-aaaa-4222-8333-444444444444.jsonl');
  const codex = join(quirks, 'codex/injected/rollout-2026-09-10T10-00-00-019f2a10-aaaa-7bbb-8ccc-0123456789ab.jsonl');
  const got = (rebuild: boolean) =>
    withTempStore((store, dir) => {
      const reports = [
        [claudeAdapter, claude],
        [codexAdapter, codex],
      ].map(([adapter, f]) => {
        const path = join(dir, basename(f as string));
        copyFileSync(f as string, path);
        return importFile(store, adapter as typeof claudeAdapter, path);
      });
      if (rebuild) rebuildIndex(store);
      const s = Object.fromEntries(listSessions(store, {}).map((x) => [x.provider, x]));
      const hits = (q: string) => searchEvents(store, { query: q }).map((e) => [e.kind, e.tool, e.isError && e.errorKind].filter((x) => x).join(' '));
      return {
        unknown: reports.map((r) => r.unknown),
        claude: { toolCalls: s.claude!.toolCalls, toolErrors: s.claude!.toolErrors },
        codex: { prompts: s.codex!.prompts, toolCalls: s.codex!.toolCalls },
        advice: hits('backfill'),
        limit: hits('max_uses_exceeded'),
        search: hits('unavailable'),
        steer: hits('"public API stable"'),
        sealed: hits('RW5jcnlwdGVkQWR2aWNlQmxvYg'),
      };
    });
  const expected = {
    unknown: [0, 0],
    claude: { toolCalls: 4, toolErrors: 2 },
    codex: { prompts: 1, toolCalls: 1 },
    advice: ['tool_result advisor'],
    limit: ['tool_result advisor tool_error'],
    search: ['assistant_text', 'tool_result web_search tool_error'],
    steer: ['meta'],
    sealed: [],
  };
  assert.deepEqual(got(false), expected);
  assert.deepEqual(got(true), expected, 'rebuilt');
});
