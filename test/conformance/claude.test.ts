// Conformance: the Claude adapter over every file in ../shared/fixtures/claude (real
// ~/.claude/projects trees from 1.0.24 to 2.1.114, legacy agent-<id>.jsonl files, the
// <session>/subagents/ layout, zero-byte and summary-only files, constructed edge cases).
// Adapter only, no store. EXPECTED (at the end) was computed by an independent Python pass
// over the raw JSON applying the documented rules; the invariants are checked on every file.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { sumUsage } from '../../src/core/tokens.ts';
import type { ParsedLine, UsageInfo } from '../../src/core/types.ts';
import { claudeAdapter } from '../../src/sources/claude/index.ts';
import type { ParserState } from '../../src/sources/types.ts';

const REPO = resolve(import.meta.dirname, '../..');
const CLAUDE = join(resolve(REPO, '../shared/fixtures'), 'claude');
const present = existsSync(CLAUDE);
if (!present) process.stderr.write('CONFORMANCE SKIPPED: ../shared/fixtures not found\n');

interface Expect {
  /** id → [] for a main session, [parentId, parentCallId?] for a sub-agent ('' when only the call is known). */
  sessions: Record<string, string[]>;
  kinds: Record<string, number>;
  calls?: number;
  results?: number;
  /** Results whose tool_use_id matches no earlier tool_use in the file. */
  unpaired?: number;
  errors?: number;
  /** exit code → number of results carrying it. */
  exits?: Record<string, number>;
  malformed?: number;
  unknown?: number;
  /** session → sumUsage [input, cacheRead, cacheWrite, output]. */
  tokens?: Record<string, number[]>;
  spawned?: string[];
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
  );

const rawLines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');

function parseAll(path: string, saved?: ParserState, from = 0): ParsedLine[] {
  const parser = claudeAdapter.createParser(path, saved);
  return rawLines(path)
    .slice(from)
    .map((l, i) => parser.parseLine(l, from + i));
}

/** Secrets the parser must never copy: image/document base64 and thinking signatures. */
function forbidden(raw: string): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const data = (o.source as Record<string, unknown> | undefined)?.data;
      if (typeof data === 'string' && data.length >= 32) out.push(data.slice(0, 32));
      const sig = o.type === 'thinking' ? o.signature : undefined;
      if (typeof sig === 'string' && sig.length >= 16 && sig !== o.thinking) out.push(sig);
      for (const x of Object.values(o)) visit(x);
    }
  };
  try {
    visit(JSON.parse(raw));
  } catch {
    // malformed lines carry nothing to check
  }
  return out;
}

function summarize(path: string): Expect {
  const raws = rawLines(path);
  const lines = parseAll(path);
  const s: Required<Expect> = {
    sessions: {}, kinds: {}, calls: 0, results: 0, unpaired: 0, errors: 0, exits: {}, malformed: 0, unknown: 0, tokens: {}, spawned: [],
  };
  const parents = new Map<string, { parentId?: string; parentCallId?: string }>();
  const usages = new Map<string, UsageInfo[]>();
  const callIds = new Set<string>();
  lines.forEach((l, i) => {
    for (const p of l.sessions) {
      const cur = parents.get(p.id) ?? {};
      if (p.parentId) cur.parentId = p.parentId;
      if (p.parentCallId) cur.parentCallId = p.parentCallId;
      parents.set(p.id, cur);
      assert.equal(p.provider, 'claude');
    }
    if (l.malformed) {
      s.malformed++;
      assert.deepEqual(l.events, [], 'malformed lines have no events');
    }
    if (l.unknownType !== undefined) s.unknown++;
    const secrets = forbidden(raws[i] ?? '');
    l.events.forEach((e, j) => {
      assert.ok(parents.has(e.sessionId), `event before its session patch, line ${i + 1}`);
      if (e.usage) assert.equal(j, 0, `usage only on the first event, line ${i + 1}`);
      for (const secret of secrets) assert.ok(!e.text?.includes(secret), `image data or signature copied, line ${i + 1}`);
      s.kinds[e.kind] = (s.kinds[e.kind] ?? 0) + 1;
      const callId = e.tool?.callId;
      if (e.kind === 'tool_call') {
        s.calls++;
        if (callId) callIds.add(callId);
      }
      if (e.kind === 'tool_result') {
        s.results++;
        if (!callId || !callIds.has(callId)) s.unpaired++;
        if (e.tool?.isError) s.errors++;
        const code = e.tool?.exitCode;
        if (code !== undefined) s.exits[code] = (s.exits[code] ?? 0) + 1;
      }
      if (e.spawnedSessionId) s.spawned.push(e.spawnedSessionId);
      if (e.usage) usages.set(e.sessionId, [...(usages.get(e.sessionId) ?? []), e.usage]);
    });
  });
  for (const [id, p] of parents) {
    s.sessions[id] = p.parentId ? [p.parentId, ...(p.parentCallId ? [p.parentCallId] : [])] : p.parentCallId ? ['', p.parentCallId] : [];
  }
  for (const [id, u] of usages) {
    const t = sumUsage(u);
    s.tokens[id] = [t.input, t.cacheRead, t.cacheWrite, t.output];
  }
  // Zero counts are left out of EXPECTED.
  const out: Expect = { sessions: s.sessions, kinds: s.kinds };
  for (const k of ['calls', 'results', 'unpaired', 'errors', 'malformed', 'unknown'] as const) if (s[k]) out[k] = s[k];
  if (Object.keys(s.exits).length) out.exits = s.exits;
  if (Object.keys(s.tokens).length) out.tokens = s.tokens;
  if (s.spawned.length) out.spawned = s.spawned;
  return out;
}

const files = present ? walk(CLAUDE).filter((p) => claudeAdapter.isTranscript(p)).sort() : [];
const rel = (p: string): string => relative(CLAUDE, p);
const REAL = 'daaain-real/projects';

describe('claude conformance', { skip: !present }, () => {
  it('has expectations for every transcript and only those', () => {
    assert.deepEqual(files.map(rel), Object.keys(EXPECTED).sort());
    assert.ok(files.length > 100);
  });

  for (const path of files) {
    it(rel(path), () => {
      const got = summarize(path);
      const want = EXPECTED[rel(path)];
      assert.ok(want);
      assert.deepEqual(got, want);
    });
  }

  it('resumes from a snapshot mid-file exactly as a full read, with small state', () => {
    for (const path of files) {
      const full = parseAll(path);
      for (const k of new Set([1, Math.floor(full.length / 3), Math.floor(full.length / 2), full.length - 1])) {
        if (k < 1 || k >= full.length) continue;
        const first = claudeAdapter.createParser(path);
        for (const [i, l] of rawLines(path).slice(0, k).entries()) first.parseLine(l, i);
        const state = JSON.stringify(first.snapshot());
        assert.ok(state.length < 16 * 1024, `${rel(path)} state ${state.length} bytes`);
        assert.deepEqual(parseAll(path, JSON.parse(state) as ParserState, k), full.slice(k), `${rel(path)} at ${k}`);
      }
    }
  });

  it('finds the 21 failed tool calls of 37f83ec9, and the exit codes of a7da6a22', () => {
    const a = summarize(join(CLAUDE, `${REAL}/-Users-dain-workspace-claude-code-log-sample/37f83ec9-f2ea-42a9-925e-0d5c105cb6e8.jsonl`));
    assert.equal(a.errors, 21);
    const b = summarize(join(CLAUDE, `${REAL}/-src-deep-manifest/a7da6a22-facc-4fcd-8bab-f83c87862004.jsonl`));
    assert.deepEqual(b.exits, EXPECTED[`${REAL}/-src-deep-manifest/a7da6a22-facc-4fcd-8bab-f83c87862004.jsonl`]?.exits);
    assert.equal(b.exits?.['127'], 1);
  });

  it('links every spawned sub-agent to a session some fixture file defines', () => {
    const defined = new Set<string>();
    const spawned = new Set<string>();
    for (const path of files) {
      for (const l of parseAll(path)) {
        for (const e of l.events) {
          defined.add(e.sessionId);
          if (e.spawnedSessionId) spawned.add(e.spawnedSessionId);
        }
      }
    }
    assert.equal(spawned.size, 13);
    for (const id of spawned) assert.ok(defined.has(id), `no transcript for ${id}`);
  });

  it('turns the inline sidechain of sidechain.jsonl into a sub-agent of its Task call', () => {
    const got = summarize(join(CLAUDE, 'daaain-constructed/sidechain.jsonl'));
    assert.deepEqual(got.sessions, {
      'df749439-8556-41bf-9965-9f49cf38bf2a': [],
      'df749439-8556-41bf-9965-9f49cf38bf2a.side-a42c6fa0-5937-49b4-b1ad-42e99d44bef9': [
        'df749439-8556-41bf-9965-9f49cf38bf2a',
        'toolu_01VJzVGXqdaUe6AYX6CAJUHz',
      ],
    });
  });

  it('bills nothing for synthetic assistant lines', () => {
    for (const path of files) {
      const raws = rawLines(path);
      parseAll(path).forEach((l, i) => {
        const raw = raws[i] ?? '';
        if (raw.includes('"isApiErrorMessage":true') || raw.includes('"model":"<synthetic>"')) {
          assert.ok(l.events.every((e) => !e.usage), `${rel(path)}:${i + 1}`);
        }
      });
    }
  });
});

// prettier-ignore
const EXPECTED: Record<string, Expect> = {
  'agent-sessions-subagent-layout/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f.jsonl': { sessions: { '0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f': [] }, kinds: { system: 1, user_prompt: 1, assistant_text: 1, tool_call: 1 }, calls: 1 },
  'agent-sessions-subagent-layout/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f/subagents/agent-a0ad4f44468bdf20d.jsonl': { sessions: { '0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f.agent-a0ad4f44468bdf20d': ['0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f'] }, kinds: { user_prompt: 1, assistant_text: 1, tool_call: 1, tool_result: 1, meta: 1 }, calls: 1, results: 1, exits: { '0': 1 } },
  'daaain-constructed/async_agents/eb000000-0000-4000-8000-000000000001.jsonl': { sessions: { 'eb000000-0000-4000-8000-000000000001': [], 'eb000000-0000-4000-8000-000000000001.agent-cccc333': ['', 'tu_Task_async_001'] }, kinds: { user_prompt: 1, tool_call: 2, tool_result: 2, meta: 1, assistant_text: 1 }, calls: 2, results: 2, spawned: ['eb000000-0000-4000-8000-000000000001.agent-cccc333'] },
  'daaain-constructed/async_agents/eb000000-0000-4000-8000-000000000001/subagents/agent-cccc333.jsonl': { sessions: { 'eb000000-0000-4000-8000-000000000001.agent-cccc333': ['eb000000-0000-4000-8000-000000000001'] }, kinds: { user_prompt: 1, assistant_text: 2 } },
  'daaain-constructed/away_summary.jsonl': { sessions: { '4520f070-9e99-41bb-9400-2efd7eda4632': [] }, kinds: { system: 1 } },
  'daaain-constructed/dag_fork.jsonl': { sessions: { s1: [] }, kinds: { user_prompt: 7, assistant_text: 4 }, tokens: { s1: [70, 0, 0, 35] } },
  'daaain-constructed/dag_resume.jsonl': { sessions: { s1: [] }, kinds: { user_prompt: 5, assistant_text: 3 }, tokens: { s1: [45, 0, 0, 23] } },
  'daaain-constructed/debug_image_message.jsonl': { sessions: { '15eaa3ee-d16e-4fdc-b5b5-ed52c42219bb': [] }, kinds: { meta: 3, user_prompt: 1 } },
  'daaain-constructed/dedup_agent.jsonl': { sessions: { 'test-dedup-session.agent-e1c84ba5': ['test-dedup-session'] }, kinds: { assistant_text: 2, tool_call: 1, tool_result: 1 }, calls: 1, results: 1, tokens: { 'test-dedup-session.agent-e1c84ba5': [7509, 5000, 2501, 350] } },
  'daaain-constructed/dedup_main.jsonl': { sessions: { 'test-dedup-session': [], 'test-dedup-session.agent-e1c84ba5': ['', 'toolu_dedup_task'] }, kinds: { tool_call: 1, tool_result: 1, assistant_text: 1 }, calls: 1, results: 1, tokens: { 'test-dedup-session': [2106, 1000, 1100, 150] }, spawned: ['test-dedup-session.agent-e1c84ba5'] },
  'daaain-constructed/edge_cases.jsonl': { sessions: { edge_cases: [] }, kinds: { user_prompt: 4, assistant_text: 2, tool_call: 3, tool_result: 1, meta: 4, unknown: 3 }, calls: 3, results: 1, errors: 1, malformed: 3, unknown: 3, tokens: { edge_cases: [488, 0, 0, 435] } },
  'daaain-constructed/hook_attachments.jsonl': { sessions: { 'hook-fix-001': [] }, kinds: { user_prompt: 1, meta: 3, assistant_text: 1, system: 2 }, tokens: { 'hook-fix-001': [10, 0, 0, 5] } },
  'daaain-constructed/sidechain.jsonl': { sessions: { 'df749439-8556-41bf-9965-9f49cf38bf2a': [], 'df749439-8556-41bf-9965-9f49cf38bf2a.side-a42c6fa0-5937-49b4-b1ad-42e99d44bef9': ['df749439-8556-41bf-9965-9f49cf38bf2a', 'toolu_01VJzVGXqdaUe6AYX6CAJUHz'] }, kinds: { tool_call: 3, user_prompt: 1, assistant_text: 3, tool_result: 1 }, calls: 3, results: 1, tokens: { 'df749439-8556-41bf-9965-9f49cf38bf2a': [17755, 17190, 557, 309], 'df749439-8556-41bf-9965-9f49cf38bf2a.side-a42c6fa0-5937-49b4-b1ad-42e99d44bef9': [83912, 68498, 15396, 728] } },
  'daaain-constructed/system_model_change.jsonl': { sessions: { '4ed13788-7e10-46ed-8c14-a6c2f2457225': [] }, kinds: { system: 1 } },
  'daaain-constructed/teammates/ef000000-0000-4000-8000-000000000001.jsonl': { sessions: { 'ef000000-0000-4000-8000-000000000001': [], 'ef000000-0000-4000-8000-000000000001.agent-aaaa111111111111': ['', 'tu_Task_alice'], 'ef000000-0000-4000-8000-000000000001.agent-bbbb222222222222': ['', 'tu_Task_bob'] }, kinds: { user_prompt: 1, tool_call: 9, tool_result: 9, meta: 2, assistant_text: 1 }, calls: 9, results: 9, spawned: ['ef000000-0000-4000-8000-000000000001.agent-aaaa111111111111', 'ef000000-0000-4000-8000-000000000001.agent-bbbb222222222222'] },
  'daaain-constructed/teammates/ef000000-0000-4000-8000-000000000001/subagents/agent-aaaa111111111111.jsonl': { sessions: { 'ef000000-0000-4000-8000-000000000001.agent-aaaa111111111111': ['ef000000-0000-4000-8000-000000000001'] }, kinds: { user_prompt: 1, assistant_text: 2 } },
  'daaain-constructed/teammates/ef000000-0000-4000-8000-000000000001/subagents/agent-bbbb222222222222.jsonl': { sessions: { 'ef000000-0000-4000-8000-000000000001.agent-bbbb222222222222': ['ef000000-0000-4000-8000-000000000001'] }, kinds: { meta: 1, assistant_text: 2 } },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/2c5941bd-b9de-41d6-9414-221d175776f7.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/7acd37a8-2745-4b58-a8a9-46164b22ad9e.jsonl': { sessions: { '7acd37a8-2745-4b58-a8a9-46164b22ad9e': [] }, kinds: { meta: 16, reasoning: 36, assistant_text: 13, tool_call: 71, tool_result: 71, user_prompt: 5, system: 1 }, calls: 71, results: 71, errors: 6, exits: { '0': 7 }, tokens: { '7acd37a8-2745-4b58-a8a9-46164b22ad9e': [1687656, 1502915, 182937, 20797] } },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/agent-3430b97e.jsonl': { sessions: { '7acd37a8-2745-4b58-a8a9-46164b22ad9e.agent-3430b97e': ['7acd37a8-2745-4b58-a8a9-46164b22ad9e'] }, kinds: { assistant_text: 1 }, tokens: { '7acd37a8-2745-4b58-a8a9-46164b22ad9e.agent-3430b97e': [1138, 0, 1135, 166] } },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/agent-388fb764.jsonl': { sessions: { '7acd37a8-2745-4b58-a8a9-46164b22ad9e.agent-388fb764': ['7acd37a8-2745-4b58-a8a9-46164b22ad9e'] }, kinds: { assistant_text: 1 }, tokens: { '7acd37a8-2745-4b58-a8a9-46164b22ad9e.agent-388fb764': [2545, 0, 0, 266] } },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/agent-650d3273.jsonl': { sessions: { '2c5941bd-b9de-41d6-9414-221d175776f7.agent-650d3273': ['2c5941bd-b9de-41d6-9414-221d175776f7'] }, kinds: { assistant_text: 1 }, tokens: { '2c5941bd-b9de-41d6-9414-221d175776f7.agent-650d3273': [2545, 0, 0, 164] } },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/agent-7d618812.jsonl': { sessions: { 'b23cbd1d-a39d-4f31-98fd-98f8ff69b816.agent-7d618812': ['b23cbd1d-a39d-4f31-98fd-98f8ff69b816'] }, kinds: { assistant_text: 1 }, tokens: { 'b23cbd1d-a39d-4f31-98fd-98f8ff69b816.agent-7d618812': [1127, 0, 0, 230] } },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/agent-88061e52.jsonl': { sessions: { '7acd37a8-2745-4b58-a8a9-46164b22ad9e.agent-88061e52': ['7acd37a8-2745-4b58-a8a9-46164b22ad9e'] }, kinds: { assistant_text: 1 }, tokens: { '7acd37a8-2745-4b58-a8a9-46164b22ad9e.agent-88061e52': [1127, 0, 0, 142] } },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/agent-8d27fe83.jsonl': { sessions: { '7acd37a8-2745-4b58-a8a9-46164b22ad9e.agent-8d27fe83': ['7acd37a8-2745-4b58-a8a9-46164b22ad9e'] }, kinds: { assistant_text: 1 }, tokens: { '7acd37a8-2745-4b58-a8a9-46164b22ad9e.agent-8d27fe83': [2556, 2553, 0, 75] } },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/agent-9c2b663e.jsonl': { sessions: { 'b23cbd1d-a39d-4f31-98fd-98f8ff69b816.agent-9c2b663e': ['b23cbd1d-a39d-4f31-98fd-98f8ff69b816'] }, kinds: { assistant_text: 1 }, tokens: { 'b23cbd1d-a39d-4f31-98fd-98f8ff69b816.agent-9c2b663e': [1138, 0, 1135, 106] } },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/agent-aa1e905b.jsonl': { sessions: { '2c5941bd-b9de-41d6-9414-221d175776f7.agent-aa1e905b': ['2c5941bd-b9de-41d6-9414-221d175776f7'] }, kinds: { assistant_text: 1 }, tokens: { '2c5941bd-b9de-41d6-9414-221d175776f7.agent-aa1e905b': [2556, 0, 2553, 100] } },
  'daaain-real/projects/-Users-dain-workspace-JSSoundRecorder/b23cbd1d-a39d-4f31-98fd-98f8ff69b816.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/07f2e15c-a38b-454b-9148-60edc06de401.jsonl': { sessions: { '07f2e15c-a38b-454b-9148-60edc06de401': [] }, kinds: { meta: 4, user_prompt: 1, assistant_text: 12, tool_call: 20, tool_result: 20 }, calls: 20, results: 20, exits: { '0': 6 }, tokens: { '07f2e15c-a38b-454b-9148-60edc06de401': [739886, 691169, 48669, 328] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/0d3a8e6f-290f-4105-a327-a2496e5e2a83.jsonl': { sessions: { '0d3a8e6f-290f-4105-a327-a2496e5e2a83': [] }, kinds: { user_prompt: 4, assistant_text: 9, tool_call: 14, tool_result: 14, system: 11, reasoning: 9, meta: 8 }, calls: 14, results: 14, errors: 3, tokens: { '0d3a8e6f-290f-4105-a327-a2496e5e2a83': [434223, 348985, 85100, 5057] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/12a546d1-83a7-49a6-abba-5400db340b43.jsonl': { sessions: { '12a546d1-83a7-49a6-abba-5400db340b43': [] }, kinds: { meta: 5, user_prompt: 1, assistant_text: 33, tool_call: 35, tool_result: 35, system: 4 }, calls: 35, results: 35, errors: 1, exits: { '0': 6 }, tokens: { '12a546d1-83a7-49a6-abba-5400db340b43': [1196398, 1167066, 29126, 6064] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/326189cf-5676-4237-8cde-1ce80aae4a9f.jsonl': { sessions: { '326189cf-5676-4237-8cde-1ce80aae4a9f': [] }, kinds: { meta: 7, user_prompt: 1, assistant_text: 6, tool_call: 14, tool_result: 14, system: 12 }, calls: 14, results: 14, errors: 2, exits: { '0': 1 }, tokens: { '326189cf-5676-4237-8cde-1ce80aae4a9f': [324842, 299222, 25577, 487] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/37f83ec9-f2ea-42a9-925e-0d5c105cb6e8.jsonl': { sessions: { '37f83ec9-f2ea-42a9-925e-0d5c105cb6e8': [] }, kinds: { meta: 6, user_prompt: 6, assistant_text: 76, tool_call: 101, tool_result: 101, system: 56 }, calls: 101, results: 101, errors: 21, exits: { '0': 27 }, tokens: { '37f83ec9-f2ea-42a9-925e-0d5c105cb6e8': [7413769, 7243488, 169949, 2573] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/4e27c414-a885-46a0-b5c8-d58e1417377d.jsonl': { sessions: { '4e27c414-a885-46a0-b5c8-d58e1417377d': [] }, kinds: { meta: 1 } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/4fe49c7c-ff82-4ac7-b3f2-79c22036bd58.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/62b71fe7-2de1-4d37-83e3-fddac2e2c43a.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/71c9afe9-d9cc-4583-86b3-e62ba682b83a.jsonl': { sessions: { '71c9afe9-d9cc-4583-86b3-e62ba682b83a': [] }, kinds: { meta: 5, user_prompt: 1, assistant_text: 3, tool_call: 2, tool_result: 2, system: 2 }, calls: 2, results: 2, tokens: { '71c9afe9-d9cc-4583-86b3-e62ba682b83a': [56476, 36713, 19749, 643] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/89488521-e2e7-4d97-bc02-38197efdddc8.jsonl': { sessions: { '89488521-e2e7-4d97-bc02-38197efdddc8': [] }, kinds: { meta: 3, user_prompt: 1, assistant_text: 8, tool_call: 9, tool_result: 9, system: 8 }, calls: 9, results: 9, tokens: { '89488521-e2e7-4d97-bc02-38197efdddc8': [264858, 205989, 58830, 112] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/937c6e6b-27e7-4edd-86f1-ad28f9731841.jsonl': { sessions: { '937c6e6b-27e7-4edd-86f1-ad28f9731841': [] }, kinds: { meta: 5, user_prompt: 2, assistant_text: 20, tool_call: 26, tool_result: 26, system: 20 }, calls: 26, results: 26, errors: 3, exits: { '0': 3 }, tokens: { '937c6e6b-27e7-4edd-86f1-ad28f9731841': [876735, 836558, 40058, 1873] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/a854db35-bd6a-47ad-880a-4fdf5c1fac69.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/aa5c5ada-4f1e-4b7f-9d1f-c496b3badde5.jsonl': { sessions: { 'aa5c5ada-4f1e-4b7f-9d1f-c496b3badde5': [] }, kinds: { meta: 3, user_prompt: 1, assistant_text: 10, tool_call: 14, tool_result: 14, system: 6 }, calls: 14, results: 14, errors: 1, exits: { '0': 2 }, tokens: { 'aa5c5ada-4f1e-4b7f-9d1f-c496b3badde5': [632456, 569294, 63087, 1363] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/agent-3be551df.jsonl': { sessions: { '58edcfae-5291-436c-91e4-54fbb188a0ca.agent-3be551df': ['58edcfae-5291-436c-91e4-54fbb188a0ca'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '58edcfae-5291-436c-91e4-54fbb188a0ca.agent-3be551df': [3811, 0, 0, 247] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/agent-41b9470d.jsonl': { sessions: { '14653a8a-9a1b-4299-8e64-c0aa4b772c1d.agent-41b9470d': ['14653a8a-9a1b-4299-8e64-c0aa4b772c1d'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '14653a8a-9a1b-4299-8e64-c0aa4b772c1d.agent-41b9470d': [3852, 0, 3849, 70] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/agent-41be4aa9.jsonl': { sessions: { '4e062ed2-cbfa-4cb8-bc9a-1551bf168eaf.agent-41be4aa9': ['4e062ed2-cbfa-4cb8-bc9a-1551bf168eaf'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '4e062ed2-cbfa-4cb8-bc9a-1551bf168eaf.agent-41be4aa9': [3813, 3810, 0, 133] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/agent-fea317d4.jsonl': { sessions: { 'b769b1e5-8b11-4acd-b8de-294bbf2ec281.agent-fea317d4': ['b769b1e5-8b11-4acd-b8de-294bbf2ec281'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { 'b769b1e5-8b11-4acd-b8de-294bbf2ec281.agent-fea317d4': [3802, 0, 0, 203] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/b45ad5d8-81fb-4bcb-baba-19d9f503d731.jsonl': { sessions: { 'b45ad5d8-81fb-4bcb-baba-19d9f503d731': [] }, kinds: { meta: 3, user_prompt: 1, assistant_text: 6, tool_call: 8, tool_result: 8, system: 2 }, calls: 8, results: 8, errors: 1, exits: { '0': 2 }, tokens: { 'b45ad5d8-81fb-4bcb-baba-19d9f503d731': [260437, 226035, 34345, 1931] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/b8b48015-0e89-4b2a-8438-bd16c8c50338.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/cbc0f75b-b36d-4efd-a7da-ac800ea30eb6.jsonl': { sessions: { 'cbc0f75b-b36d-4efd-a7da-ac800ea30eb6': [] }, kinds: { meta: 5, user_prompt: 1, assistant_text: 8, tool_call: 9, tool_result: 9, system: 2 }, calls: 9, results: 9, exits: { '0': 2 }, tokens: { 'cbc0f75b-b36d-4efd-a7da-ac800ea30eb6': [315814, 287440, 28310, 3443] } },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/f9b8738e-1c30-4da4-a07a-beab77c7521f.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-claude-code-log-sample/fe869ecb-c176-478f-9734-7e4b8ef12cff.jsonl': { sessions: { 'fe869ecb-c176-478f-9734-7e4b8ef12cff': [] }, kinds: { meta: 18, user_prompt: 2, assistant_text: 7, tool_call: 32, tool_result: 32, reasoning: 20 }, calls: 32, results: 32, errors: 6, exits: { '0': 6 }, tokens: { 'fe869ecb-c176-478f-9734-7e4b8ef12cff': [1249197, 1164952, 83966, 2201] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/1ca217c4-f55d-4f6e-a994-b7e2231336f0.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/4227a68e-2b1f-4923-b824-6e04a67f77c1.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/53196f99-eefe-4512-a459-d6def854aae8.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/5b97e2d4-d624-4af2-9fb8-7fc02540282a.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/6323a48e-3984-42eb-8790-2f7811368ab7.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/8a69e93c-e842-471d-a053-5c316757e5e9.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/a4d5ef26-c12c-47f7-970f-ec573fdbdcbd.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/a6022a13-4ec2-41a1-85e9-6e31e7c62f58.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-0c78cdae.jsonl': { sessions: { '6323a48e-3984-42eb-8790-2f7811368ab7.agent-0c78cdae': ['6323a48e-3984-42eb-8790-2f7811368ab7'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '6323a48e-3984-42eb-8790-2f7811368ab7.agent-0c78cdae': [982, 0, 0, 150] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-1509e86b.jsonl': { sessions: { 'a6022a13-4ec2-41a1-85e9-6e31e7c62f58.agent-1509e86b': ['a6022a13-4ec2-41a1-85e9-6e31e7c62f58'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { 'a6022a13-4ec2-41a1-85e9-6e31e7c62f58.agent-1509e86b': [1013, 0, 0, 98] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-1674bc8c.jsonl': { sessions: { '5b97e2d4-d624-4af2-9fb8-7fc02540282a.agent-1674bc8c': ['5b97e2d4-d624-4af2-9fb8-7fc02540282a'] }, kinds: { assistant_text: 1 }, tokens: { '5b97e2d4-d624-4af2-9fb8-7fc02540282a.agent-1674bc8c': [1213, 0, 0, 3] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-1d78a5e5.jsonl': { sessions: { '8a69e93c-e842-471d-a053-5c316757e5e9.agent-1d78a5e5': ['8a69e93c-e842-471d-a053-5c316757e5e9'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '8a69e93c-e842-471d-a053-5c316757e5e9.agent-1d78a5e5': [993, 0, 0, 272] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-20f650b0.jsonl': { sessions: { '53196f99-eefe-4512-a459-d6def854aae8.agent-20f650b0': ['53196f99-eefe-4512-a459-d6def854aae8'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '53196f99-eefe-4512-a459-d6def854aae8.agent-20f650b0': [1017, 0, 0, 70] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-2b93909d.jsonl': { sessions: { 'cb2e607c-c758-415a-8b45-c49e4631906a.agent-2b93909d': ['cb2e607c-c758-415a-8b45-c49e4631906a'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { 'cb2e607c-c758-415a-8b45-c49e4631906a.agent-2b93909d': [1004, 0, 0, 48] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-3b8502cb.jsonl': { sessions: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-3b8502cb': ['741790a4-4fe2-4644-9a51-fb4482074060'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-3b8502cb': [1013, 0, 0, 65] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-3d1bd44a.jsonl': { sessions: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-3d1bd44a': ['741790a4-4fe2-4644-9a51-fb4482074060'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-3d1bd44a': [1002, 0, 0, 194] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-4b8f344c.jsonl': { sessions: { '8a69e93c-e842-471d-a053-5c316757e5e9.agent-4b8f344c': ['8a69e93c-e842-471d-a053-5c316757e5e9'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '8a69e93c-e842-471d-a053-5c316757e5e9.agent-4b8f344c': [1004, 0, 0, 45] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-4e5cf10d.jsonl': { sessions: { 'a4d5ef26-c12c-47f7-970f-ec573fdbdcbd.agent-4e5cf10d': ['a4d5ef26-c12c-47f7-970f-ec573fdbdcbd'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { 'a4d5ef26-c12c-47f7-970f-ec573fdbdcbd.agent-4e5cf10d': [1004, 0, 0, 45] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-55b71465.jsonl': { sessions: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-55b71465': ['741790a4-4fe2-4644-9a51-fb4482074060'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-55b71465': [982, 0, 0, 116] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-5e37fdd5.jsonl': { sessions: { '4227a68e-2b1f-4923-b824-6e04a67f77c1.agent-5e37fdd5': ['4227a68e-2b1f-4923-b824-6e04a67f77c1'] }, kinds: { assistant_text: 1 }, tokens: { '4227a68e-2b1f-4923-b824-6e04a67f77c1.agent-5e37fdd5': [1213, 0, 0, 7] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-645808c9.jsonl': { sessions: { 'cb2e607c-c758-415a-8b45-c49e4631906a.agent-645808c9': ['cb2e607c-c758-415a-8b45-c49e4631906a'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { 'cb2e607c-c758-415a-8b45-c49e4631906a.agent-645808c9': [993, 0, 0, 110] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-659acfed.jsonl': { sessions: { '4227a68e-2b1f-4923-b824-6e04a67f77c1.agent-659acfed': ['4227a68e-2b1f-4923-b824-6e04a67f77c1'] }, kinds: { assistant_text: 1 }, tokens: { '4227a68e-2b1f-4923-b824-6e04a67f77c1.agent-659acfed': [1400, 0, 0, 1] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-668b5ac2.jsonl': { sessions: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-668b5ac2': ['741790a4-4fe2-4644-9a51-fb4482074060'] }, kinds: { user_prompt: 1, assistant_text: 5, tool_call: 7, tool_result: 7 }, calls: 7, results: 7, tokens: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-668b5ac2': [140390, 101298, 39024, 2143] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-7010dafc.jsonl': { sessions: { '1ca217c4-f55d-4f6e-a994-b7e2231336f0.agent-7010dafc': ['1ca217c4-f55d-4f6e-a994-b7e2231336f0'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '1ca217c4-f55d-4f6e-a994-b7e2231336f0.agent-7010dafc': [993, 0, 0, 132] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-7df5b3b2.jsonl': { sessions: { 'c7fda819-26c4-40c8-bfec-2d2240999e42.agent-7df5b3b2': ['c7fda819-26c4-40c8-bfec-2d2240999e42'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { 'c7fda819-26c4-40c8-bfec-2d2240999e42.agent-7df5b3b2': [1017, 0, 0, 105] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-7f1e17a3.jsonl': { sessions: { 'c7fda819-26c4-40c8-bfec-2d2240999e42.agent-7f1e17a3': ['c7fda819-26c4-40c8-bfec-2d2240999e42'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { 'c7fda819-26c4-40c8-bfec-2d2240999e42.agent-7f1e17a3': [1006, 0, 0, 189] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-9fa17969.jsonl': { sessions: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-9fa17969': ['741790a4-4fe2-4644-9a51-fb4482074060'] }, kinds: { user_prompt: 1, assistant_text: 6, tool_call: 5, tool_result: 5 }, calls: 5, results: 5, tokens: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-9fa17969': [147607, 117080, 30509, 1861] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-a7b0bd37.jsonl': { sessions: { 'a4d5ef26-c12c-47f7-970f-ec573fdbdcbd.agent-a7b0bd37': ['a4d5ef26-c12c-47f7-970f-ec573fdbdcbd'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { 'a4d5ef26-c12c-47f7-970f-ec573fdbdcbd.agent-a7b0bd37': [993, 0, 0, 145] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-a83805a2.jsonl': { sessions: { '6323a48e-3984-42eb-8790-2f7811368ab7.agent-a83805a2': ['6323a48e-3984-42eb-8790-2f7811368ab7'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '6323a48e-3984-42eb-8790-2f7811368ab7.agent-a83805a2': [993, 0, 0, 60] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-af75be79.jsonl': { sessions: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-af75be79': ['741790a4-4fe2-4644-9a51-fb4482074060'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-af75be79': [993, 0, 0, 56] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-b2d6685e.jsonl': { sessions: { 'a6022a13-4ec2-41a1-85e9-6e31e7c62f58.agent-b2d6685e': ['a6022a13-4ec2-41a1-85e9-6e31e7c62f58'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { 'a6022a13-4ec2-41a1-85e9-6e31e7c62f58.agent-b2d6685e': [1002, 0, 0, 186] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-b52b1c09.jsonl': { sessions: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-b52b1c09': ['741790a4-4fe2-4644-9a51-fb4482074060'] }, kinds: { user_prompt: 1, assistant_text: 5, tool_call: 5, tool_result: 5 }, calls: 5, results: 5, tokens: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-b52b1c09': [86614, 62388, 24204, 2194] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-bbd1e02f.jsonl': { sessions: { '1ca217c4-f55d-4f6e-a994-b7e2231336f0.agent-bbd1e02f': ['1ca217c4-f55d-4f6e-a994-b7e2231336f0'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '1ca217c4-f55d-4f6e-a994-b7e2231336f0.agent-bbd1e02f': [1004, 0, 0, 51] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-db734024.jsonl': { sessions: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-db734024': ['741790a4-4fe2-4644-9a51-fb4482074060'] }, kinds: { user_prompt: 1, assistant_text: 5, tool_call: 6, tool_result: 6 }, calls: 6, results: 6, exits: { '0': 1 }, tokens: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-db734024': [117408, 35375, 82012, 2055] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-ea02459f.jsonl': { sessions: { 'cb2e607c-c758-415a-8b45-c49e4631906a.agent-ea02459f': ['cb2e607c-c758-415a-8b45-c49e4631906a'] }, kinds: { user_prompt: 1, assistant_text: 4, tool_call: 14, tool_result: 14 }, calls: 14, results: 14, exits: { '0': 1 }, tokens: { 'cb2e607c-c758-415a-8b45-c49e4631906a.agent-ea02459f': [116919, 76673, 36957, 1799] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-f36dc5e5.jsonl': { sessions: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-f36dc5e5': ['741790a4-4fe2-4644-9a51-fb4482074060'] }, kinds: { user_prompt: 1, assistant_text: 6, tool_call: 8, tool_result: 8 }, calls: 8, results: 8, exits: { '0': 3 }, tokens: { '741790a4-4fe2-4644-9a51-fb4482074060.agent-f36dc5e5': [165662, 137077, 27531, 2865] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/agent-fd95e415.jsonl': { sessions: { '53196f99-eefe-4512-a459-d6def854aae8.agent-fd95e415': ['53196f99-eefe-4512-a459-d6def854aae8'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '53196f99-eefe-4512-a459-d6def854aae8.agent-fd95e415': [1006, 0, 0, 161] } },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/c7fda819-26c4-40c8-bfec-2d2240999e42.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-coderabbit-review-helper/cb2e607c-c758-415a-8b45-c49e4631906a.jsonl': { sessions: { 'cb2e607c-c758-415a-8b45-c49e4631906a': [], 'cb2e607c-c758-415a-8b45-c49e4631906a.agent-ea02459f': ['', 'toolu_01HD7PpSCWhP2gP8dXvJiyZN'] }, kinds: { meta: 15, user_prompt: 5, reasoning: 80, assistant_text: 44, tool_call: 76, tool_result: 76, system: 1 }, calls: 76, results: 76, errors: 7, exits: { '1': 3, '0': 21 }, tokens: { 'cb2e607c-c758-415a-8b45-c49e4631906a': [3635985, 3483153, 152097, 23714] }, spawned: ['cb2e607c-c758-415a-8b45-c49e4631906a.agent-ea02459f'] },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/3680252d-d4e3-4416-bddd-8f5b5b4fdb7f.jsonl': { sessions: { '3680252d-d4e3-4416-bddd-8f5b5b4fdb7f': [] }, kinds: { meta: 6 } },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/4379d1bf-ccb1-414e-a856-9791b73f3af2.jsonl': { sessions: { '4379d1bf-ccb1-414e-a856-9791b73f3af2': [] }, kinds: { meta: 7, user_prompt: 1, assistant_text: 3, tool_call: 2, tool_result: 2 }, calls: 2, results: 2, tokens: { '4379d1bf-ccb1-414e-a856-9791b73f3af2': [58055, 49822, 8216, 7] } },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/5ed31c36-bca8-40fd-8d24-f1a1f0af7901.jsonl': { sessions: { '5ed31c36-bca8-40fd-8d24-f1a1f0af7901': [] }, kinds: { meta: 1, user_prompt: 1, assistant_text: 3, tool_call: 4, tool_result: 4 }, calls: 4, results: 4, tokens: { '5ed31c36-bca8-40fd-8d24-f1a1f0af7901': [49115, 44742, 4330, 3] } },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/7864f562-717b-4d70-a1cb-b588f7826a1a.jsonl': { sessions: {}, kinds: {} },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/9e953218-585f-4692-89df-9e0747a31c68.jsonl': { sessions: { '9e953218-585f-4692-89df-9e0747a31c68': [] }, kinds: { meta: 8, user_prompt: 11, assistant_text: 53, tool_call: 92, tool_result: 92 }, calls: 92, results: 92, errors: 10, exits: { '0': 32 }, tokens: { '9e953218-585f-4692-89df-9e0747a31c68': [5106066, 4775345, 330302, 3195] } },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/agent-3ea04571.jsonl': { sessions: { '7864f562-717b-4d70-a1cb-b588f7826a1a.agent-3ea04571': ['7864f562-717b-4d70-a1cb-b588f7826a1a'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '7864f562-717b-4d70-a1cb-b588f7826a1a.agent-3ea04571': [1366, 0, 0, 146] } },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/agent-b1f5d80e.jsonl': { sessions: { '7864f562-717b-4d70-a1cb-b588f7826a1a.agent-b1f5d80e': ['7864f562-717b-4d70-a1cb-b588f7826a1a'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '7864f562-717b-4d70-a1cb-b588f7826a1a.agent-b1f5d80e': [1377, 0, 1374, 87] } },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/agent-c3d572ee.jsonl': { sessions: { '5ed31c36-bca8-40fd-8d24-f1a1f0af7901.agent-c3d572ee': ['5ed31c36-bca8-40fd-8d24-f1a1f0af7901'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '5ed31c36-bca8-40fd-8d24-f1a1f0af7901.agent-c3d572ee': [1377, 1374, 0, 62] } },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/agent-c63fe96c.jsonl': { sessions: { '5ed31c36-bca8-40fd-8d24-f1a1f0af7901.agent-c63fe96c': ['5ed31c36-bca8-40fd-8d24-f1a1f0af7901'] }, kinds: { user_prompt: 1, assistant_text: 1 }, tokens: { '5ed31c36-bca8-40fd-8d24-f1a1f0af7901.agent-c63fe96c': [1366, 0, 0, 190] } },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/b25638d7-b104-4f06-a797-70ac33d069ed.jsonl': { sessions: { 'b25638d7-b104-4f06-a797-70ac33d069ed': [] }, kinds: { user_prompt: 1, assistant_text: 11, tool_call: 17, tool_result: 17 }, calls: 17, results: 17, errors: 1, tokens: { 'b25638d7-b104-4f06-a797-70ac33d069ed': [394963, 371268, 23631, 759] } },
  'daaain-real/projects/-Users-dain-workspace-danieldemmel-me-next/f852ad25-1024-47da-964e-5eaae5bd6e6a.jsonl': { sessions: { 'f852ad25-1024-47da-964e-5eaae5bd6e6a': [] }, kinds: { meta: 3, user_prompt: 4, reasoning: 2, assistant_text: 22, tool_call: 35, tool_result: 35, system: 2 }, calls: 35, results: 35, errors: 4, tokens: { 'f852ad25-1024-47da-964e-5eaae5bd6e6a': [1354403, 1227972, 126282, 3130] } },
  'daaain-real/projects/-experiments-ideas/03eb5929-52b3-4b13-ada3-b93ae35806b8.jsonl': { sessions: { '03eb5929-52b3-4b13-ada3-b93ae35806b8': [] }, kinds: { meta: 23, user_prompt: 7, assistant_text: 14, reasoning: 6, tool_call: 2, tool_result: 2, system: 7 }, calls: 2, results: 2, exits: { '0': 1 }, tokens: { '03eb5929-52b3-4b13-ada3-b93ae35806b8': [248665, 239606, 9036, 88] } },
  'daaain-real/projects/-experiments-ideas/a95fea4a-b88a-4e49-ac07-4cc323d8700c.jsonl': { sessions: { 'a95fea4a-b88a-4e49-ac07-4cc323d8700c': [] }, kinds: { meta: 4 } },
  'daaain-real/projects/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1.jsonl': { sessions: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1': [], 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-ab1e6e141221a29ab': ['', 'toolu_01EaAN7bPNQrMTGoKhbEjVrx'], 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a52886dc180afb356': ['', 'toolu_016neBD9WjCCZqzRTP3afGDT'], 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a4ca7529859c158c2': ['', 'toolu_01GmrK6tgdD9D5xD6W5X9UUy'], 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-aef063ba534d73153': ['', 'toolu_01N26s4U6vDxE1NRAH5CyCNf'], 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a6aa8ad077d9ea083': ['', 'toolu_0151DrVyXBXfb63SXGNF1qDb'], 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a36efb2a1231c41e2': ['', 'toolu_017y4gSjMWeQ3L2DAKiygU2y'] }, kinds: { meta: 70, user_prompt: 2, reasoning: 14, assistant_text: 8, tool_call: 40, tool_result: 40, system: 6 }, calls: 40, results: 40, exits: { '0': 9 }, tokens: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1': [832157, 728660, 102189, 22901] }, spawned: ['ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-ab1e6e141221a29ab', 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a52886dc180afb356', 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a4ca7529859c158c2', 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-aef063ba534d73153', 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a6aa8ad077d9ea083', 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a36efb2a1231c41e2'] },
  'daaain-real/projects/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1/subagents/agent-a36efb2a1231c41e2.jsonl': { sessions: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a36efb2a1231c41e2': ['ef958aa1-0e93-49f0-bb71-150f63befcd1'] }, kinds: { user_prompt: 1, assistant_text: 3, tool_call: 7, tool_result: 7 }, calls: 7, results: 7, exits: { '0': 3 }, tokens: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a36efb2a1231c41e2': [146920, 118168, 28741, 2508] } },
  'daaain-real/projects/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1/subagents/agent-a4ca7529859c158c2.jsonl': { sessions: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a4ca7529859c158c2': ['ef958aa1-0e93-49f0-bb71-150f63befcd1'] }, kinds: { user_prompt: 1, assistant_text: 7, tool_call: 24, tool_result: 24 }, calls: 24, results: 24, errors: 1, exits: { '0': 10 }, tokens: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a4ca7529859c158c2': [729908, 615694, 113769, 7923] } },
  'daaain-real/projects/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1/subagents/agent-a52886dc180afb356.jsonl': { sessions: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a52886dc180afb356': ['ef958aa1-0e93-49f0-bb71-150f63befcd1'] }, kinds: { user_prompt: 1, assistant_text: 8, tool_call: 17, tool_result: 17, meta: 1 }, calls: 17, results: 17, exits: { '0': 7 }, tokens: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a52886dc180afb356': [516270, 430337, 85894, 6475] } },
  'daaain-real/projects/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1/subagents/agent-a6aa8ad077d9ea083.jsonl': { sessions: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a6aa8ad077d9ea083': ['ef958aa1-0e93-49f0-bb71-150f63befcd1'] }, kinds: { user_prompt: 1, assistant_text: 5, tool_call: 6, tool_result: 6 }, calls: 6, results: 6, exits: { '0': 2 }, tokens: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-a6aa8ad077d9ea083': [118979, 101254, 17715, 3122] } },
  'daaain-real/projects/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1/subagents/agent-ab1e6e141221a29ab.jsonl': { sessions: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-ab1e6e141221a29ab': ['ef958aa1-0e93-49f0-bb71-150f63befcd1'] }, kinds: { user_prompt: 1, assistant_text: 6, tool_call: 17, tool_result: 17 }, calls: 17, results: 17, errors: 2, exits: { '0': 7 }, tokens: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-ab1e6e141221a29ab': [394842, 360852, 33267, 8156] } },
  'daaain-real/projects/-experiments-worktrees/ef958aa1-0e93-49f0-bb71-150f63befcd1/subagents/agent-aef063ba534d73153.jsonl': { sessions: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-aef063ba534d73153': ['ef958aa1-0e93-49f0-bb71-150f63befcd1'] }, kinds: { user_prompt: 1, assistant_text: 3, tool_call: 6, tool_result: 6 }, calls: 6, results: 6, exits: { '0': 2 }, tokens: { 'ef958aa1-0e93-49f0-bb71-150f63befcd1.agent-aef063ba534d73153': [117738, 100730, 16998, 2373] } },
  'daaain-real/projects/-src-deep-manifest/a7da6a22-facc-4fcd-8bab-f83c87862004.jsonl': { sessions: { 'a7da6a22-facc-4fcd-8bab-f83c87862004': [], 'a7da6a22-facc-4fcd-8bab-f83c87862004.agent-c8d9b115': ['', 'toolu_01MmDqMXjZLvzbNFLGH2ZA3k'] }, kinds: { meta: 23, user_prompt: 7, assistant_text: 69, tool_call: 108, tool_result: 108, system: 1 }, calls: 108, results: 108, errors: 4, exits: { '0': 33, '127': 1, '1': 2 }, tokens: { 'a7da6a22-facc-4fcd-8bab-f83c87862004': [8682623, 8505166, 175207, 31430] }, spawned: ['a7da6a22-facc-4fcd-8bab-f83c87862004.agent-c8d9b115'] },
  'daaain-real/projects/-src-deep-manifest/agent-c8d9b115.jsonl': { sessions: { 'a7da6a22-facc-4fcd-8bab-f83c87862004.agent-c8d9b115': ['a7da6a22-facc-4fcd-8bab-f83c87862004'] }, kinds: { assistant_text: 5, tool_call: 15, tool_result: 15 }, calls: 15, results: 15, errors: 1, tokens: { 'a7da6a22-facc-4fcd-8bab-f83c87862004.agent-c8d9b115': [166714, 124362, 41483, 840] } },
  'daaain-real/projects/-src-experiments-claude_p/256ba646-2c15-437a-98e9-4171aafd030e.jsonl': { sessions: { '256ba646-2c15-437a-98e9-4171aafd030e': [] }, kinds: { meta: 2, user_prompt: 1, assistant_text: 2, tool_call: 3, tool_result: 3 }, calls: 3, results: 3, tokens: { '256ba646-2c15-437a-98e9-4171aafd030e': [87080, 77428, 9650, 53] } },
  'daaain-real/projects/-src-experiments-claude_p/29ccd257-68b1-427f-ae5f-6524b7cb6f20.jsonl': { sessions: { '29ccd257-68b1-427f-ae5f-6524b7cb6f20': [], '29ccd257-68b1-427f-ae5f-6524b7cb6f20.agent-a2271d1': ['', 'toolu_01SXaWzD5YZ73zGwchbcxeWi'] }, kinds: { meta: 2, user_prompt: 1, tool_call: 1, tool_result: 1, assistant_text: 1 }, calls: 1, results: 1, tokens: { '29ccd257-68b1-427f-ae5f-6524b7cb6f20': [44007, 36009, 7996, 2] }, spawned: ['29ccd257-68b1-427f-ae5f-6524b7cb6f20.agent-a2271d1'] },
  'daaain-real/projects/-src-experiments-claude_p/29ccd257-68b1-427f-ae5f-6524b7cb6f20/subagents/agent-a2271d1.jsonl': { sessions: { '29ccd257-68b1-427f-ae5f-6524b7cb6f20.agent-a2271d1': ['29ccd257-68b1-427f-ae5f-6524b7cb6f20'] }, kinds: { user_prompt: 1, assistant_text: 10, tool_call: 24, tool_result: 24 }, calls: 24, results: 24, exits: { '0': 12 }, tokens: { '29ccd257-68b1-427f-ae5f-6524b7cb6f20.agent-a2271d1': [284202, 236968, 42768, 18] } },
  'daaain-real/projects/-src-experiments-claude_p/2b4ed4c0-b905-41de-9238-273db3ec737a.jsonl': { sessions: { '2b4ed4c0-b905-41de-9238-273db3ec737a': [] }, kinds: { meta: 2, user_prompt: 1, assistant_text: 3, tool_call: 9, tool_result: 9 }, calls: 9, results: 9, errors: 6, exits: { '0': 2 }, tokens: { '2b4ed4c0-b905-41de-9238-273db3ec737a': [221611, 212147, 9462, 180] } },
  'daaain-real/projects/-src-experiments-claude_p/94604a7b-062f-4369-bdf0-da948381c3e5.jsonl': { sessions: { '94604a7b-062f-4369-bdf0-da948381c3e5': [] }, kinds: { meta: 2, user_prompt: 1, assistant_text: 1 }, tokens: { '94604a7b-062f-4369-bdf0-da948381c3e5': [19994, 13794, 6198, 1] } },
  'hand-written-summary-and-tools__simonw-sample_session.jsonl': { sessions: { 'hand-written-summary-and-tools__simonw-sample_session': [] }, kinds: { meta: 1, user_prompt: 2, assistant_text: 2, tool_call: 2, tool_result: 2 }, calls: 2, results: 2, exits: { '0': 1 } },
  'schema-catalog-2026-trimmed__agent-sessions-stage0-small.jsonl': { sessions: { 'ses_stage0_small.side-sys1': ['ses_stage0_small'], ses_stage0_small: [] }, kinds: { system: 15, meta: 54, user_prompt: 7, reasoning: 6, assistant_text: 5, tool_call: 3, tool_result: 3, unknown: 3 }, calls: 3, results: 3, errors: 1, unknown: 3, exits: { '0': 2 }, tokens: { ses_stage0_small: [10, 0, 0, 5] } },
  'schema-drift__agent-sessions-stage0-schema_drift.jsonl': { sessions: { ses_stage0_drift: [] }, kinds: { user_prompt: 1, tool_call: 1, tool_result: 1, assistant_text: 1, system: 2, meta: 4 }, calls: 1, results: 1, exits: { '0': 1 } },
  'small-thinking-tools__agent-sessions-stage0-large.jsonl': { sessions: { ses_stage0_large: [] }, kinds: { user_prompt: 4, reasoning: 1, assistant_text: 5, tool_call: 1, tool_result: 1 }, calls: 1, results: 1, exits: { '0': 1 } },
  'synthetic-compaction-split-messages__7d3f2a10-5b6c-4e8d-9f01-a2b3c4d5e6f7.jsonl': { sessions: { '7d3f2a10-5b6c-4e8d-9f01-a2b3c4d5e6f7': [] }, kinds: { meta: 2, user_prompt: 2, reasoning: 1, assistant_text: 4, tool_call: 4, tool_result: 4, system: 1 }, calls: 4, results: 4, errors: 1, exits: { '1': 1, '0': 1 }, tokens: { '7d3f2a10-5b6c-4e8d-9f01-a2b3c4d5e6f7': [88953, 76434, 12482, 661] } },
  'usage-only-lines__ccusage-project-alpha.jsonl': { sessions: { 'session-alpha': [] }, kinds: { usage: 3 }, tokens: { 'session-alpha': [745, 70, 75, 250] } },
  'usage-only-lines__ccusage-project-beta.jsonl': { sessions: { 'session-beta': [] }, kinds: { usage: 2 }, tokens: { 'session-beta': [185, 40, 15, 60] } },
};
