// Conformance: the Codex adapter over every file in ../shared/fixtures/codex (real rollouts from
// the 2025 bare-line form to 2026 catalog shapes, fork families with publisher oracles, and
// synthetic/constructed edge cases). Adapter only, no store. EXPECTED (at the end) was computed
// by an independent Python pass over the raw JSON applying the documented mapping rules; the
// invariants below are checked on every file.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { sumUsage, tokenTotal } from '../../src/core/tokens.ts';
import type { ParsedLine, UsageInfo } from '../../src/core/types.ts';
import { codexAdapter } from '../../src/sources/codex/index.ts';
import type { ParserState } from '../../src/sources/types.ts';

const REPO = resolve(import.meta.dirname, '../..');
const CODEX = join(resolve(REPO, '../shared/fixtures'), 'codex');
const present = existsSync(CODEX);
if (!present) process.stderr.write('CONFORMANCE SKIPPED: ../shared/fixtures not found\n');

interface Expect {
  /** The one session every event of the file belongs to. */
  sessionId: string;
  /** Primary events by kind; `duplicates` are the repeats (other stream, second result, replayed history). */
  kinds: Record<string, number>;
  duplicates?: Record<string, number>;
  /** Tool calls counted once. */
  calls?: number;
  /** Calls no result pairs with (`ws@*` = a web search, whose id is synthesized from its content). */
  unpaired?: string[];
  /** exit code → primary results carrying it. */
  exits?: Record<string, number>;
  errors?: number;
  malformed?: number;
  unknown?: Record<string, number>;
  models?: string[];
  /** Events carrying usage, and their sumUsage [input, cacheRead, cacheWrite, output, reasoning]. */
  usage?: number;
  tokens?: number[];
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));

/** Lines as ingest hands them over: the TS-era document split into items, else physical lines. */
function linesOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const lines = codexAdapter.splitDocument?.(path, text) ?? text.split('\n');
  return lines.at(-1) === '' ? lines.slice(0, -1) : lines;
}

function parseAll(path: string, saved?: ParserState, from = 0): ParsedLine[] {
  const parser = codexAdapter.createParser(path, saved);
  const lines = linesOf(path);
  let offset = lines.slice(0, from).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
  return lines.slice(from).map((l) => {
    const parsed = parser.parseLine(l, offset);
    offset += Buffer.byteLength(l) + 1;
    return parsed;
  });
}

/** Opaque values the parser must never copy into events: encrypted reasoning/compaction, image bytes. */
function forbidden(raw: string): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of ['encrypted_content', 'image_url', 'result'] as const) {
        const s = o[k];
        if (typeof s === 'string' && s.length >= 24 && !s.startsWith('[')) out.push(s.slice(0, 24));
      }
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

const inc = (o: Record<string, number>, k: string): void => {
  o[k] = (o[k] ?? 0) + 1;
};
const sorted = (o: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(o).sort());

function summarize(path: string): Expect {
  const raws = linesOf(path);
  const lines = parseAll(path);
  const kinds: Record<string, number> = {};
  const duplicates: Record<string, number> = {};
  const exits: Record<string, number> = {};
  const unknown: Record<string, number> = {};
  const announced = new Set<string>();
  const sessionIds = new Set<string>();
  const calls: string[] = [];
  const paired = new Set<string>();
  const models = new Set<string>();
  const usages: UsageInfo[] = [];
  let errors = 0;
  let malformed = 0;
  lines.forEach((l, i) => {
    for (const p of l.sessions) {
      assert.equal(p.provider, 'codex');
      announced.add(p.id);
    }
    if (l.malformed) {
      malformed++;
      assert.deepEqual(l.events, [], 'malformed lines have no events');
      assert.deepEqual(l.sessions, []);
    } else if (raws[i]?.trim() !== '') {
      assert.ok(l.events.length > 0, `every JSON line yields an event, line ${i + 1}`);
    }
    if (l.unknownType !== undefined) {
      inc(unknown, l.unknownType);
      assert.ok(l.events.some((e) => e.kind === 'unknown'));
    }
    const secrets = forbidden(raws[i] ?? '');
    for (const e of l.events) {
      assert.ok(announced.has(e.sessionId), `event before its session patch, line ${i + 1}`);
      sessionIds.add(e.sessionId);
      if (e.timestamp !== undefined) assert.ok(!Number.isNaN(Date.parse(e.timestamp)), `kept a junk timestamp, line ${i + 1}`);
      if (secrets.length > 0) {
        const copy = JSON.stringify(e);
        for (const s of secrets) assert.ok(!copy.includes(s), `opaque blob copied, line ${i + 1}`);
      }
      inc(e.duplicate ? duplicates : kinds, e.kind);
      if (e.model) models.add(e.model);
      if (e.usage) {
        usages.push(e.usage);
        if (e.usage.model) models.add(e.usage.model);
      }
      if (e.kind === 'tool_call' && !e.duplicate) {
        assert.ok(e.tool?.callId, `tool call without an id, line ${i + 1}`);
        calls.push(e.tool.callId);
      }
      if (e.kind === 'tool_result') {
        if (e.tool?.callId) paired.add(e.tool.callId);
        if (!e.duplicate && e.tool?.exitCode !== undefined) inc(exits, String(e.tool.exitCode));
        if (!e.duplicate && e.tool?.isError) errors++;
      }
    }
  });
  assert.ok(sessionIds.size <= 1, `one session per file, got ${[...sessionIds].join(', ')}`);
  const out: Expect = { sessionId: [...sessionIds][0] ?? '', kinds: sorted(kinds) };
  if (Object.keys(duplicates).length) out.duplicates = sorted(duplicates);
  if (calls.length) out.calls = calls.length;
  const unpaired = calls.filter((c) => !paired.has(c)).map((c) => c.replace(/^ws@[\w-]+#\d+$/, 'ws@*'));
  if (unpaired.length) out.unpaired = unpaired;
  if (Object.keys(exits).length) out.exits = sorted(exits);
  if (errors) out.errors = errors;
  if (malformed) out.malformed = malformed;
  if (Object.keys(unknown).length) out.unknown = unknown;
  if (models.size) out.models = [...models].sort();
  if (usages.length) {
    const t = sumUsage(usages);
    out.usage = usages.length;
    out.tokens = [t.input, t.cacheRead, t.cacheWrite, t.output, t.reasoning];
  }
  return out;
}

const files = present ? walk(CODEX).filter((p) => basename(p) !== 'manifest.json').sort() : [];
const rel = (p: string): string => relative(CODEX, p);
const json = (p: string): Record<string, unknown> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;

/** Raw token_count infos of a file, read without the parser. */
function tokenInfos(path: string): Record<string, Record<string, number> | undefined>[] {
  return linesOf(path).flatMap((l) => {
    const o = JSON.parse(l) as { type?: string; payload?: { type?: string; info?: Record<string, Record<string, number>> | null } };
    return o.type === 'event_msg' && o.payload?.type === 'token_count' && o.payload.info ? [o.payload.info] : [];
  });
}
const TOTAL_FIELDS = ['input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_output_tokens', 'total_tokens'];
const tupleOf = (u: Record<string, number> | undefined): string => TOTAL_FIELDS.map((f) => u?.[f] ?? 0).join(',');

describe('codex conformance', { skip: !present }, () => {
  it('has expectations for every fixture file and only those', () => {
    assert.deepEqual(files.map(rel), Object.keys(EXPECTED).sort());
    for (const p of files) assert.equal(codexAdapter.isTranscript(p), true, rel(p));
    assert.equal(codexAdapter.isTranscript(join(CODEX, 'desktop-0.104-sanitized-day-2026-02-23/manifest.json')), false);
  });

  for (const path of files) {
    it(rel(path), () => {
      assert.deepEqual(summarize(path), EXPECTED[rel(path)]);
    });
  }

  it('resumes from a snapshot mid-file exactly as a full read, with small state', () => {
    for (const path of files) {
      const full = parseAll(path);
      for (const k of new Set([1, Math.floor(full.length / 3), Math.floor(full.length / 2), full.length - 1])) {
        if (k < 1 || k >= full.length) continue;
        const first = codexAdapter.createParser(path);
        let offset = 0;
        for (const l of linesOf(path).slice(0, k)) {
          first.parseLine(l, offset);
          offset += Buffer.byteLength(l) + 1;
        }
        const state = JSON.stringify(first.snapshot());
        assert.ok(state.length < 8 * 1024, `${rel(path)} state ${state.length} bytes`);
        assert.deepEqual(parseAll(path, JSON.parse(state) as ParserState, k), full.slice(k), `${rel(path)} at ${k}`);
      }
    }
  });

  it('ends the 13-19-38 session with a call that has no output, and finds exit codes 0, 1 and 2 in the partial export', () => {
    const abandoned = EXPECTED['desktop-0.104-sanitized-day-2026-02-23/sessions/2026/02/23/rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl'];
    assert.deepEqual(abandoned?.unpaired, ['call_UtYwHmwWekzvq83m8Rb9K8jJ']);
    const partial = summarize(join(CODEX, 'partial-export-no-session-meta-exit-codes__20260214002446_in-the-json-i-have-doubles_conversation_only.jsonl'));
    assert.deepEqual(Object.keys(partial.exits ?? {}), ['0', '1', '2']);
    assert.equal(partial.sessionId, 'partial-export-no-session-meta-exit-codes__20260214002446_in-the-json-i-have-doubles_conversation_only');
  });

  it("matches the desktop publisher's manifest: 480 repeated snapshots skipped, and the UTC-day token totals", () => {
    const dir = join(CODEX, 'desktop-0.104-sanitized-day-2026-02-23');
    const manifest = json(join(dir, 'manifest.json')).verification as { duplicate_events_detected: number; token_totals: Record<string, number> };
    const day = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
    let nonNull = 0;
    let counted = 0;
    for (const path of files.filter((p) => p.startsWith(`${dir}/`))) {
      nonNull += tokenInfos(path).length;
      for (const l of parseAll(path)) {
        for (const e of l.events) {
          if (!e.usage) continue;
          counted++;
          if (!e.timestamp?.startsWith('2026-02-23')) continue;
          day.input += e.usage.tokens.input;
          day.output += e.usage.tokens.output;
          day.cacheRead += e.usage.tokens.cacheRead;
          day.cacheWrite += e.usage.tokens.cacheWrite;
        }
      }
    }
    assert.equal(nonNull - counted, manifest.duplicate_events_detected);
    assert.deepEqual(day, {
      input: manifest.token_totals.input,
      output: manifest.token_totals.output,
      cacheRead: manifest.token_totals.cache_read,
      cacheWrite: manifest.token_totals.cache_creation,
    });
  });

  describe('fork families: copied token history counted once', () => {
    const FAMILIES: Record<string, number> = {
      'fork-token-accounting__codexbar-archived-fork-33ce-3869': 15309178,
      'fork-token-accounting__codexbar-harness-smoke': 17,
      'fork-token-accounting__codexbar-live-fork-4d90-52bf': 26801911,
      'fork-token-accounting__codexbar-missing-parent-siblings': 15312271,
    };
    for (const [family, expected] of Object.entries(FAMILIES)) {
      it(family, () => {
        const dir = join(CODEX, family);
        const members = files.filter((p) => p.startsWith(`${dir}/`));
        assert.equal(members.length, 2);
        const usages = members.flatMap((p) => parseAll(p).flatMap((l) => l.events.flatMap((e) => (e.usage ? [e.usage] : []))));
        const total = tokenTotal(sumUsage(usages));
        assert.equal(total, expected);
        // The publisher's oracle sums `last` over distinct totals but keeps the snapshots that
        // re-emit the previous total; those are not new calls. Recompute them from the raw lines.
        const oracle = json(join(dir, 'manifest.json')).oracle as { dedupedLastTokens: number } | undefined;
        if (oracle) {
          const repeats = new Map<string, number>();
          for (const p of members) {
            let prev = '';
            for (const info of tokenInfos(p)) {
              const key = tupleOf(info.total_token_usage);
              const last = info.last_token_usage;
              if (key === prev) repeats.set(key, last?.total_tokens ?? (last?.input_tokens ?? 0) + (last?.output_tokens ?? 0));
              prev = key;
            }
          }
          const skipped = [...repeats.values()].reduce((a, b) => a + b, 0);
          assert.equal(total, oracle.dedupedLastTokens - skipped);
        }
      });
    }

    it("live fork: the family total is the child's final running total", () => {
      const child = join(CODEX, 'fork-token-accounting__codexbar-live-fork-4d90-52bf/codex-home/archived_sessions/child.jsonl');
      assert.equal(tokenInfos(child).at(-1)?.total_token_usage?.total_tokens, FAMILIES['fork-token-accounting__codexbar-live-fork-4d90-52bf']);
      assert.equal(dirname(child).endsWith('archived_sessions'), true);
    });
  });
});

const EXPECTED: Record<string, Expect> = {
  'daaain-synthetic-codex-home/archived_sessions/rollout-55555555-5555-4555-8555-555555555555.jsonl': {
    sessionId: '55555555-5555-4555-8555-555555555555',
    kinds: { meta: 1, user_prompt: 1 },
  },
  'daaain-synthetic-codex-home/malformed/rollout-66666666-6666-4666-8666-666666666666.jsonl': {
    sessionId: '66666666-6666-4666-8666-666666666666',
    kinds: { meta: 1, user_prompt: 1 },
    malformed: 1,
  },
  'daaain-synthetic-codex-home/sessions/2026/01/02/rollout-2026-01-02T03-04-05-11111111-1111-4111-8111-111111111111.jsonl': {
    sessionId: '11111111-1111-4111-8111-111111111111',
    kinds: { assistant_text: 1, meta: 2, reasoning: 1, tool_call: 3, tool_result: 3, unknown: 1, user_prompt: 1 },
    duplicates: { assistant_text: 1, user_prompt: 1 },
    calls: 3,
    unknown: { future_synthetic_record: 1 },
    models: ['synthetic-model'],
  },
  'daaain-synthetic-codex-home/sessions/2026/01/03/rollout-2026-01-03T04-05-06-22222222-2222-4222-8222-222222222222.jsonl': {
    sessionId: '22222222-2222-4222-8222-222222222222',
    kinds: { meta: 1, tool_call: 1, tool_result: 1, user_prompt: 1 },
    duplicates: { tool_result: 1 },
    calls: 1,
  },
  'daaain-synthetic-codex-home/sessions/2026/01/03/rollout-2026-01-03T04-05-10-33333333-3333-4333-8333-333333333333.jsonl': {
    sessionId: '33333333-3333-4333-8333-333333333333',
    kinds: { assistant_text: 1, meta: 1, user_prompt: 1 },
    duplicates: { tool_call: 1, user_prompt: 1 },
  },
  'daaain-synthetic-codex-home/sessions/rollout-44444444-4444-4444-8444-444444444444.jsonl': {
    sessionId: '44444444-4444-4444-8444-444444444444',
    kinds: { assistant_text: 1, meta: 1, user_prompt: 1 },
  },
  'desktop-0.104-sanitized-day-2026-02-23/sessions/2026/02/23/rollout-2026-02-23T12-40-23-019c8a4c-ed82-79a1-aa28-7738fc5ab61a.jsonl': {
    sessionId: '019c8a4c-ed82-79a1-aa28-7738fc5ab61a',
    kinds: { assistant_text: 43, meta: 102, reasoning: 69, system: 10, tool_call: 105, tool_result: 104, usage: 162, user_prompt: 5 },
    duplicates: { assistant_text: 43, reasoning: 59 },
    calls: 105,
    unpaired: ['ws@*'],
    models: ['gpt-5.3-codex'],
    usage: 81,
    tokens: [7204025, 6836352, 0, 36075, 17896],
  },
  'desktop-0.104-sanitized-day-2026-02-23/sessions/2026/02/23/rollout-2026-02-23T12-41-04-019c8a4d-8f45-7010-8b5d-7fad920aa6f9.jsonl': {
    sessionId: '019c8a4d-8f45-7010-8b5d-7fad920aa6f9',
    kinds: { assistant_text: 17, meta: 36, reasoning: 26, system: 2, tool_call: 118, tool_result: 118, usage: 56, user_prompt: 1 },
    duplicates: { assistant_text: 17, reasoning: 26 },
    calls: 118,
    models: ['gpt-5.3-codex'],
    usage: 28,
    tokens: [1751428, 1651968, 0, 14600, 4293],
  },
  'desktop-0.104-sanitized-day-2026-02-23/sessions/2026/02/23/rollout-2026-02-23T12-47-42-019c8a53-a0dd-7130-bcd7-95445d84846a.jsonl': {
    sessionId: '019c8a53-a0dd-7130-bcd7-95445d84846a',
    kinds: { assistant_text: 52, meta: 112, reasoning: 78, system: 12, tool_call: 144, tool_result: 143, usage: 166, user_prompt: 7 },
    duplicates: { assistant_text: 52, reasoning: 71 },
    calls: 144,
    unpaired: ['call_BpTazJ89W9PntRqGPwDNfwEY'],
    models: ['gpt-5.3-codex'],
    usage: 83,
    tokens: [6740973, 6337024, 0, 36950, 17085],
  },
  'desktop-0.104-sanitized-day-2026-02-23/sessions/2026/02/23/rollout-2026-02-23T12-54-34-019c8a59-e9dd-71f0-9ae3-4079fe9726a9.jsonl': {
    sessionId: '019c8a59-e9dd-71f0-9ae3-4079fe9726a9',
    kinds: { assistant_text: 255, meta: 378, reasoning: 219, system: 68, tool_call: 372, tool_result: 365, usage: 573, user_prompt: 38 },
    duplicates: { assistant_text: 255, reasoning: 199 },
    calls: 372,
    unpaired: ['ws@*', 'ws@*', 'ws@*', 'ws@*', 'ws@*', 'ws@*', 'ws@*'],
    models: ['gpt-5.3-codex'],
    usage: 286,
    tokens: [33810485, 31621504, 0, 133999, 42113],
  },
  'desktop-0.104-sanitized-day-2026-02-23/sessions/2026/02/23/rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl': {
    sessionId: '019c8a70-dda7-7f33-98ea-f30553347322',
    kinds: { assistant_text: 1, meta: 10, reasoning: 1, system: 1, tool_call: 1, usage: 2, user_prompt: 1 },
    duplicates: { assistant_text: 1, reasoning: 1 },
    calls: 1,
    unpaired: ['call_UtYwHmwWekzvq83m8Rb9K8jJ'],
    models: ['gpt-5.3-codex'],
    usage: 1,
    tokens: [34469, 3456, 0, 431, 264],
  },
  'desktop-0.104-sanitized-day-2026-02-23/sessions/2026/02/23/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl': {
    sessionId: '019c8bfe-ec25-79e0-97d7-bda6a9c575ff',
    kinds: { assistant_text: 6, meta: 14, reasoning: 6, system: 2, tool_call: 5, tool_result: 5, usage: 12, user_prompt: 1 },
    duplicates: { assistant_text: 6, reasoning: 6 },
    calls: 5,
    models: ['gpt-5.3-codex'],
    usage: 6,
    tokens: [298373, 238848, 0, 1123, 483],
  },
  'exec-0.128-blockquotes__agentsview-blockquotes_session.jsonl': {
    sessionId: 'quote-123',
    kinds: { assistant_text: 1, meta: 1, user_prompt: 1 },
    duplicates: { assistant_text: 1 },
  },
  'exec-source-header-then-foreign-line__codexbar-agent-session-rollout.jsonl': {
    sessionId: '019f-session-fixture',
    kinds: { meta: 1, unknown: 1 },
    unknown: { untyped: 1 },
  },
  'fork-cli-subagent-source-object__agentsview-traex-rollout_subagent.jsonl': {
    sessionId: '019fbcca-9fd4-7d20-83dc-0762b2f839b3',
    kinds: { assistant_text: 1, meta: 2, reasoning: 2, system: 2, tool_call: 3, tool_result: 3, usage: 1, user_prompt: 1 },
    duplicates: { assistant_text: 1, tool_result: 1, user_prompt: 1 },
    calls: 3,
    models: ['gpt-5-codex'],
    usage: 1,
    tokens: [4200, 3600, 0, 180, 64],
  },
  'fork-token-accounting__codexbar-archived-fork-33ce-3869/codex-home/archived_sessions/child.jsonl': {
    sessionId: 'child-session',
    kinds: { meta: 2, usage: 158 },
    models: ['fixture-model'],
    usage: 155,
    tokens: [15253283, 13549696, 0, 55895, 25017],
  },
  'fork-token-accounting__codexbar-archived-fork-33ce-3869/codex-home/archived_sessions/parent.jsonl': {
    sessionId: 'parent-session',
    kinds: { meta: 2, usage: 135 },
    models: ['fixture-model'],
    usage: 133,
    tokens: [13359699, 12149120, 0, 38414, 14160],
  },
  'fork-token-accounting__codexbar-harness-smoke/codex-home/archived_sessions/child.jsonl': {
    sessionId: 'child-session',
    kinds: { meta: 2, usage: 2 },
    models: ['openai/gpt-5.5'],
    usage: 2,
    tokens: [15, 0, 0, 2, 0],
  },
  'fork-token-accounting__codexbar-harness-smoke/codex-home/sessions/2026/07/11/parent.jsonl': {
    sessionId: 'parent-session',
    kinds: { meta: 2, usage: 1 },
    models: ['openai/gpt-5.5'],
    usage: 1,
    tokens: [10, 0, 0, 1, 0],
  },
  'fork-token-accounting__codexbar-live-fork-4d90-52bf/codex-home/archived_sessions/child.jsonl': {
    sessionId: 'child-session',
    kinds: { meta: 2, usage: 196 },
    models: ['fixture-model'],
    usage: 194,
    tokens: [26692274, 25383936, 0, 109637, 50455],
  },
  'fork-token-accounting__codexbar-live-fork-4d90-52bf/codex-home/archived_sessions/parent.jsonl': {
    sessionId: 'parent-session',
    kinds: { meta: 2, usage: 180 },
    models: ['fixture-model'],
    usage: 178,
    tokens: [24889714, 23737856, 0, 102678, 47451],
  },
  'fork-token-accounting__codexbar-missing-parent-siblings/codex-home/archived_sessions/sibling-a.jsonl': {
    sessionId: 'sibling-a-session',
    kinds: { meta: 2, usage: 158 },
    models: ['fixture-model'],
    usage: 155,
    tokens: [15253283, 13549696, 0, 55895, 25017],
  },
  'fork-token-accounting__codexbar-missing-parent-siblings/codex-home/archived_sessions/sibling-b.jsonl': {
    sessionId: 'sibling-b-session',
    kinds: { meta: 2, usage: 138 },
    models: ['fixture-model'],
    usage: 136,
    tokens: [13362729, 12149423, 0, 38477, 14175],
  },
  'header-only-0.63.0-no-trailing-newline__example-session-metadata.jsonl': {
    sessionId: '019ab22c-95af-7160-b11d-8f552d0ce721',
    kinds: { meta: 1 },
  },
  'legacy-2025-09-bare-lines-shell-tool__dschwen-example.jsonl': {
    sessionId: '981d779b-eff6-469e-bb55-b423fe135b79',
    kinds: { assistant_text: 14, meta: 79, reasoning: 36, tool_call: 58, tool_result: 58, user_prompt: 11 },
    calls: 58,
    exits: { '0': 51, '1': 2, '2': 1 },
    errors: 7,
  },
  'partial-export-no-session-meta-exit-codes__20260214002446_in-the-json-i-have-doubles_conversation_only.jsonl': {
    sessionId: 'partial-export-no-session-meta-exit-codes__20260214002446_in-the-json-i-have-doubles_conversation_only',
    kinds: { assistant_text: 15, reasoning: 27, system: 7, tool_call: 28, tool_result: 27, usage: 52, user_prompt: 4 },
    calls: 28,
    unpaired: ['call_mpNOrjNDmKIYauHhWQm4MYe5'],
    exits: { '0': 23, '1': 3, '2': 1 },
    errors: 4,
    usage: 26,
    tokens: [1007156, 904576, 0, 8283, 4852],
  },
  'rate-limits-info-null-and-error-event__agent-sessions-codex_053_rate_limit.jsonl': {
    sessionId: 'test-ratelimit-session',
    kinds: { meta: 1, system: 1, unknown: 1, usage: 2 },
    unknown: { 'event_msg/account/rateLimits/updated': 1 },
    usage: 1,
    tokens: [12091, 10880, 0, 182, 128],
  },
  'schema-catalog-2026-08-trimmed__agent-sessions-stage0-small.jsonl': {
    sessionId: '019fc8be-3658-7ca3-9e29-000000000000',
    kinds: { assistant_text: 1, meta: 34, reasoning: 2, system: 31, tool_call: 5, tool_result: 7, usage: 3, user_prompt: 3 },
    duplicates: { assistant_text: 1, meta: 6, reasoning: 1, tool_call: 5, tool_result: 18, user_prompt: 1 },
    calls: 5,
    models: ['codex-auto-review', 'gpt-5.1', 'gpt-5.2', 'gpt-5.2-codex', 'gpt-5.4', 'gpt-5.5', 'gpt-5.6-luna', 'gpt-5.6-sol'],
    usage: 2,
    tokens: [16341, 3584, 0, 81, 63],
  },
  'synthetic-extended-persistence__rollout-2025-12-08T09-14-03-019ae2b4-6c1d-7e02-9a3b-5f4e8d7c6b01.jsonl': {
    sessionId: '019ae2b4-6c1d-7e02-9a3b-5f4e8d7c6b01',
    kinds: { assistant_text: 2, meta: 5, reasoning: 1, system: 8, tool_call: 6, tool_result: 6, usage: 4, user_prompt: 3 },
    duplicates: { assistant_text: 2, reasoning: 1, tool_call: 1, tool_result: 4, user_prompt: 2 },
    calls: 6,
    exits: { '0': 1, '1': 1 },
    errors: 2,
    models: ['gpt-5.1-codex'],
    usage: 3,
    tokens: [32200, 21760, 0, 571, 224],
  },
  'synthetic-history__history.jsonl': {
    sessionId: 'synthetic-history__history',
    kinds: { unknown: 3 },
    unknown: { untyped: 3 },
  },
  'synthetic-ts-era-single-json__rollout-2025-05-01-0b9e6c1e-3f4a-4b7e-9d61-2c1f5a7e8d90.json': {
    sessionId: '0b9e6c1e-3f4a-4b7e-9d61-2c1f5a7e8d90',
    kinds: { assistant_text: 1, meta: 1, reasoning: 1, tool_call: 2, tool_result: 2, user_prompt: 1 },
    calls: 2,
    exits: { '0': 1, '1': 1 },
    errors: 1,
  },
  'token-count-only-minimal__ccusage-session-alpha.jsonl': {
    sessionId: 'token-count-only-minimal__ccusage-session-alpha',
    kinds: { meta: 1, usage: 2 },
    models: ['gpt-5.2-codex', 'gpt-5.3-codex'],
    usage: 2,
    tokens: [3500, 750, 0, 425, 275],
  },
};
