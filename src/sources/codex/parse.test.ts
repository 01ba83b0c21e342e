// The Codex parser over the project's own fixtures (test/fixtures/codex: invented content in
// the real shapes of every rollout generation).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { sumUsage } from '../../core/tokens.ts';
import type { NormalizedEvent, ParsedLine, SessionPatch, UsageInfo } from '../../core/types.ts';
import type { ParserState } from '../types.ts';
import { documentSpans } from './document-spans.ts';
import { codexAdapter, splitDocument } from './index.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures/codex');
const fx = (rel: string): string => join(FIXTURES, rel);
const MAIN = fx('sessions/2026/03/02/rollout-2026-03-02T09-15-00-0195f3a2-7c41-7d20-9e11-3b5c7d9e1f20.jsonl');
const EXTENDED = fx('sessions/2026/03/03/rollout-2026-03-03T14-00-00-0195f8c0-2b3d-7e4f-8a10-6c7d8e9f0a1b.jsonl');
const SUBAGENT = fx('sessions/2026/03/03/rollout-2026-03-03T14-00-47-0196a0a0-3333-7eee-8fff-000000000003.jsonl');
const LEGACY = fx('sessions/2025/08/14/rollout-2025-08-14T10-00-00-0198a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b.jsonl');
const PARENT = fx('archived_sessions/rollout-2026-03-05T08-00-00-0195fe10-1111-7aaa-8bbb-000000000001.jsonl');
const CHILD = fx('archived_sessions/rollout-2026-03-05T09-30-00-0195fe55-2222-7ccc-8ddd-000000000002.jsonl');
const MALFORMED = fx('malformed/rollout-2026-03-07T12-00-00-0196b1b1-4444-7111-8222-000000000004.jsonl');
const EXPORT = fx('exports/filtered-export.jsonl');
const TS_ERA = fx('sessions/rollout-2025-04-22-0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e.json');
const Y2026 = fx('sessions/2026/08/10/rollout-2026-08-10T07-00-00-0197c2c2-5555-7333-8444-000000000005.jsonl');

function linesOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const lines = splitDocument(path, text) ?? text.split('\n');
  return lines.at(-1) === '' ? lines.slice(0, -1) : lines;
}

function parseLines(path: string, lines: string[], saved?: ParserState, from = 0): ParsedLine[] {
  const parser = codexAdapter.createParser(path, saved);
  return lines.slice(from).map((l, i) => parser.parseLine(l, (from + i) * 1000));
}

interface Parsed {
  lines: ParsedLine[];
  events: NormalizedEvent[];
  sessions: SessionPatch[];
}
function parseFile(path: string): Parsed {
  const lines = parseLines(path, linesOf(path));
  return { lines, events: lines.flatMap((l) => l.events), sessions: lines.flatMap((l) => l.sessions) };
}

/** Event kinds, primary copies and repeats counted apart. */
function kinds(events: NormalizedEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) {
    const k = e.duplicate ? `${e.kind}:dup` : e.kind;
    out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort());
}
const usagesOf = (events: NormalizedEvent[]): UsageInfo[] => events.flatMap((e) => (e.usage ? [e.usage] : []));
const results = (events: NormalizedEvent[], callId: string) => events.filter((e) => e.kind === 'tool_result' && e.tool?.callId === callId);
const call = (events: NormalizedEvent[], callId: string) => events.find((e) => e.kind === 'tool_call' && !e.duplicate && e.tool?.callId === callId);

describe('codex envelope rollout (0.11x)', () => {
  const { events, sessions } = parseFile(MAIN);
  const sid = '0195f3a2-7c41-7d20-9e11-3b5c7d9e1f20';

  it('reads the session header into one patch, and the thread name as title', () => {
    assert.deepEqual(sessions, [
      {
        id: sid,
        provider: 'codex',
        cwd: '/home/ana/proj/ledger',
        gitCommit: '5d41402abc4b2a76b9719d911017c592aa000001',
        gitBranch: 'fix/rounding',
        gitRepo: 'https://git.example.test/ana/ledger.git',
        cliVersion: '0.110.0',
        originator: 'codex_cli_rs',
        startedAt: '2026-03-02T09:15:00.120Z',
      },
      { id: sid, provider: 'codex', title: 'Fix cent rounding' },
    ]);
    assert.ok(events.every((e) => e.sessionId === sid));
  });

  it('maps every line to one event of the right kind, repeats marked', () => {
    assert.deepEqual(kinds(events), {
      assistant_text: 2,
      'assistant_text:dup': 2,
      meta: 7,
      reasoning: 1,
      'reasoning:dup': 1,
      system: 7,
      tool_call: 5,
      tool_result: 4,
      usage: 5,
      user_prompt: 2,
      'user_prompt:dup': 2,
    });
    assert.equal(events.filter((e) => e.scaffold).length, 3, 'permissions, AGENTS.md, environment_context');
    assert.deepEqual(
      events.filter((e) => e.kind === 'user_prompt' && !e.duplicate).map((e) => e.text),
      ['Totals are off by one cent in ledger/totals.py. Fix it and run the tests.', 'Also add a changelog entry.'],
    );
  });

  it('keeps only the reasoning summary', () => {
    const r = events.filter((e) => e.kind === 'reasoning');
    assert.deepEqual(r.map((e) => e.text), ['**Finding the rounding helper**', '**Finding the rounding helper**']);
    assert.ok(!JSON.stringify(events).includes('gAAAAAB'), 'no encrypted blob anywhere');
  });

  it('pairs calls with outputs and reads exit codes, durations and files', () => {
    assert.deepEqual(call(events, 'call_led01')?.tool, {
      callId: 'call_led01',
      name: 'exec_command',
      input: '{"cmd":"python -m pytest -q tests/test_totals.py","workdir":"/home/ana/proj/ledger","max_output_tokens":4000}',
      command: 'python -m pytest -q tests/test_totals.py',
      cwd: '/home/ana/proj/ledger',
    });
    assert.deepEqual(results(events, 'call_led01')[0]?.tool, { callId: 'call_led01', exitCode: 1, isError: true, errorKind: 'exit_code', durationMs: 1250 });
    assert.deepEqual(call(events, 'call_led02')?.tool?.files, ['ledger/totals.py', 'ledger/money.py']);
    assert.deepEqual(results(events, 'call_led02')[0]?.tool, { callId: 'call_led02', durationMs: 0, exitCode: 0 });
    assert.equal(results(events, 'call_led02')[0]?.text, 'Success. Updated the following files:\nM ledger/totals.py\nA ledger/money.py\n');
    assert.deepEqual(results(events, 'call_led03')[0]?.tool, { callId: 'call_led03', exitCode: 0, durationMs: 2000 });
  });

  it('gives web searches a stable synthetic id and pairs web_search_end with its call', () => {
    const searches = events.filter((e) => e.kind === 'tool_call' && e.tool?.name === 'web_search');
    assert.equal(searches.length, 2);
    const [first, second] = searches.map((e) => e.tool?.callId ?? '');
    assert.match(first ?? '', /^ws@[\w-]{16}#0$/);
    assert.notEqual(first, second);
    assert.equal(results(events, first ?? '').length, 1);
    assert.equal(results(events, second ?? '').length, 0, 'the second search has no end event');
    assert.equal(searches[0]?.tool?.input, '{"type":"search","query":"python decimal ROUND_HALF_UP cents"}');
  });

  it('counts usage once per call, skipping re-emitted totals and rate-limit-only events', () => {
    const usageEvents = events.filter((e) => e.kind === 'usage');
    assert.equal(usageEvents.length, 5);
    assert.equal(usagesOf(events).length, 3);
    assert.deepEqual(sumUsage(usagesOf(events)), { input: 17500, cacheRead: 13000, cacheWrite: 0, output: 420, reasoning: 160 });
  });

  it('attributes the latest turn_context model and marks the aborted turn and the compaction', () => {
    assert.deepEqual([...new Set(events.filter((e) => e.kind === 'assistant_text').map((e) => e.model))], ['gpt-5.2-codex']);
    assert.equal(events.find((e) => e.kind === 'meta' && e.subtype === 'turn_context' && e.model === 'gpt-5.2-codex-max')?.kind, 'meta');
    const aborted = events.find((e) => e.aborted);
    assert.deepEqual([aborted?.kind, aborted?.subtype, aborted?.text], ['system', 'event_msg/turn_aborted', 'interrupted']);
    assert.equal(events.find((e) => e.subtype === 'compacted')?.text, 'Summary: totals.py now rounds half up via ledger/money.py; 12 tests pass; changelog pending.');
    assert.equal(events.find((e) => e.subtype === 'response_item/ghost_snapshot')?.kind, 'meta');
  });
});

describe('codex extended persistence: *_end events and every error form', () => {
  const { events } = parseFile(EXTENDED);

  it('keeps the first result of a call primary and marks the second a repeat with its fields', () => {
    const r = results(events, 'call_ext01');
    assert.deepEqual(r.map((e) => [e.subtype, e.duplicate ?? false]), [
      ['event_msg/exec_command_end', false],
      ['response_item/function_call_output', true],
    ]);
    assert.deepEqual(r[0]?.tool, { callId: 'call_ext01', command: "/bin/zsh -lc 'cargo test --quiet'", argv: ['/bin/zsh', '-lc', 'cargo test --quiet'], cwd: '/srv/app', durationMs: 7250, exitCode: 101, isError: true, errorKind: 'exit_code' });
    assert.deepEqual(r[1]?.tool, { exitCode: 101, isError: true, errorKind: 'exit_code', durationMs: 7300, callId: 'call_ext01' });
    assert.equal(call(events, 'call_ext01')?.tool?.command, 'cargo test --quiet');
  });

  it('reads local_shell_call, MCP errors, failed patches, rejections and running processes', () => {
    assert.equal(call(events, 'call_ext02')?.tool?.cwd, '/srv/app/crates/api');
    assert.deepEqual(results(events, 'call_ext02').map((e) => e.tool?.exitCode), [0, 0]);
    assert.deepEqual(results(events, 'call_ext03')[0]?.tool, { callId: 'call_ext03', name: 'mcp__tracker__get_issue', input: '{"id":"API-77"}', durationMs: 30005, isError: true, errorKind: 'mcp_error' });
    assert.deepEqual(results(events, 'call_ext04').map((e) => [e.tool?.isError ?? false, e.duplicate ?? false]), [
      [false, false],
      [true, true],
    ]);
    assert.deepEqual(call(events, 'call_ext05')?.tool?.files, ['tests/legacy_timeout.rs', 'tests/http.rs', 'tests/http_client.rs']);
    assert.deepEqual(results(events, 'call_ext05')[0]?.tool?.errorKind, 'tool_error');
    assert.deepEqual(results(events, 'call_ext06')[0]?.tool, { durationMs: 1003, callId: 'call_ext06' });
    assert.deepEqual(results(events, 'call_ext07')[0]?.tool?.exitCode, 130);
    assert.deepEqual(results(events, 'call_ext09').map((e) => e.tool?.errorKind), ['rejected', 'rejected']);
    assert.deepEqual(results(events, 'call_ext10')[0]?.tool, { callId: 'call_ext10' }, 'a removed output is not an error');
  });

  it('counts each tool call once although view_image is also an event', () => {
    assert.equal(events.filter((e) => e.kind === 'tool_call' && !e.duplicate).length, 11);
    assert.deepEqual(events.filter((e) => e.kind === 'tool_call' && e.duplicate).map((e) => e.subtype), ['event_msg/view_image_tool_call']);
    assert.equal(results(events, 'call_ext08')[0]?.text, 'attached image web/shot.png\n[image]');
  });

  it('links the spawned sub-agent and surfaces the error event', () => {
    assert.deepEqual(results(events, 'call_sp01').map((e) => e.spawnedSessionId), ['0196a0a0-3333-7eee-8fff-000000000003', '0196a0a0-3333-7eee-8fff-000000000003']);
    assert.equal(events.find((e) => e.subtype === 'event_msg/error')?.text, 'stream disconnected before completion: idle timeout');
  });
});

describe('codex sub-agent thread', () => {
  const { events, sessions } = parseFile(SUBAGENT);

  it('reads the parent, spawn call and role from the source object', () => {
    assert.deepEqual(sessions[0], {
      id: '0196a0a0-3333-7eee-8fff-000000000003',
      provider: 'codex',
      cwd: '/srv/app',
      cliVersion: '0.92.0',
      originator: 'codex_exec',
      startedAt: '2026-03-03T14:00:47.150Z',
      isSubagent: true,
      parentId: '0195f8c0-2b3d-7e4f-8a10-6c7d8e9f0a1b',
      parentCallId: 'call_sp01',
      agentId: 'Hopper',
      agentType: 'worker',
    });
  });

  it('replayed parent usage is not the child\'s: a child imported without its parent owns only its own tokens', () => {
    const header = linesOf(SUBAGENT)[0]!;
    const tc = (ts: string, total: number, last: number) =>
      JSON.stringify({ timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info: {
        total_token_usage: { input_tokens: total, cached_input_tokens: 0, output_tokens: total / 10, reasoning_output_tokens: 0, total_tokens: total * 1.1 },
        last_token_usage: { input_tokens: last, cached_input_tokens: 0, output_tokens: last / 10, reasoning_output_tokens: 0, total_tokens: last * 1.1 } } } });
    const parsed = parseLines(SUBAGENT, [header, tc('2026-03-03T14:00:10.000Z', 100, 100), tc('2026-03-03T14:00:20.000Z', 300, 200), tc('2026-03-03T14:00:50.000Z', 340, 40)]);
    const usage = parsed.flatMap((l) => l.events).filter((e) => e.usage);
    assert.deepEqual(usage.map((e) => [e.usage?.tokens.input, e.usage?.tokens.output]), [[40, 4]]);
  });

  it('marks history replayed from the parent (stamped before the child started) as a repeat', () => {
    assert.deepEqual(
      events.filter((e) => e.kind === 'user_prompt').map((e) => [e.text, e.duplicate ?? false]),
      [
        ['Make the integration tests green.', true],
        ['Bisect the flaky http test.', false],
      ],
    );
    assert.equal(events.find((e) => e.kind === 'assistant_text')?.model, 'gpt-5.1-codex-mini');
  });
});

describe('codex 2025 bare-line rollout', () => {
  const { events, sessions } = parseFile(LEGACY);
  const sid = '0198a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';

  it('reads the bare header, and the cwd from the injected environment context', () => {
    assert.deepEqual(sessions, [
      {
        id: sid,
        provider: 'codex',
        gitCommit: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
        gitBranch: 'main',
        gitRepo: 'git@git.example.test:lee/weather.git',
        startedAt: '2025-08-14T10:00:00.321Z',
      },
      { id: sid, provider: 'codex', cwd: '/Users/lee/src/weather' },
    ]);
  });

  it('maps bare items and state markers', () => {
    assert.deepEqual(kinds(events), { assistant_text: 1, meta: 6, reasoning: 1, tool_call: 4, tool_result: 4, user_prompt: 1 });
    assert.equal(events.filter((e) => e.subtype === 'record_type/state').length, 4);
    assert.equal(events.find((e) => e.kind === 'reasoning')?.text, '**Reading the fetch code**\n\nThe crash is likely an unchecked index.');
    assert.ok(events.every((e) => e.timestamp === undefined), 'bare lines carry no timestamp');
  });

  it('reads exit codes from JSON-string outputs and sandbox failures', () => {
    const tools = events.filter((e) => e.kind === 'tool_result').map((e) => e.tool);
    assert.deepEqual(tools, [
      { durationMs: 400, exitCode: 0, callId: 'call_leg01' },
      { isError: true, errorKind: 'sandbox', exitCode: 1, callId: 'call_leg02' },
      { durationMs: 0, exitCode: 0, callId: 'call_leg03' },
      { durationMs: 200, exitCode: 1, isError: true, errorKind: 'exit_code', callId: 'call_leg04' },
    ]);
    assert.deepEqual(call(events, 'call_leg03')?.tool?.files, ['weather/fetch.py']);
    assert.equal(call(events, 'call_leg02')?.tool?.cwd, '/Users/lee/src/weather');
  });
});

describe('codex fork family', () => {
  const parent = parseFile(PARENT);
  const child = parseFile(CHILD);

  it('keeps the child its own session although it carries a copy of the parent header', () => {
    assert.equal(child.sessions.length, 1);
    assert.equal(child.sessions[0]?.forkedFromId, '0195fe10-1111-7aaa-8bbb-000000000001');
    assert.ok(child.events.every((e) => e.sessionId === '0195fe55-2222-7ccc-8ddd-000000000002'));
    assert.deepEqual(child.events.filter((e) => e.subtype === 'session_meta').map((e) => e.duplicate ?? false), [false, true]);
  });

  it('counts the copied token_count history once across parent and child', () => {
    const naive = [...usagesOf(parent.events), ...usagesOf(child.events)].reduce((n, u) => n + u.tokens.input + u.tokens.output, 0);
    const family = sumUsage([...usagesOf(parent.events), ...usagesOf(child.events)]);
    assert.deepEqual(family, { input: 38500, cacheRead: 26000, cacheWrite: 0, output: 520, reasoning: 170 });
    assert.equal(family.input + family.output, 39020, "equals the child's final running total");
    assert.equal(naive, 56280, 'parent + child summed naively');
  });
});

describe('codex malformed, foreign and unknown lines', () => {
  const { lines, events } = parseFile(MALFORMED);

  it('counts malformed lines without events and unknown types with one', () => {
    assert.deepEqual(lines.map((l) => (l.malformed ? 'malformed' : (l.unknownType ?? 'ok'))), [
      'ok',
      'ok',
      'malformed',
      'malformed',
      'malformed',
      'ok',
      'untyped',
      'future_record_kind',
      'event_msg/future_event_kind',
      'response_item/future_item_kind',
      'ok',
    ]);
    assert.ok(lines.filter((l) => l.malformed).every((l) => l.events.length === 0));
    assert.equal(events.filter((e) => e.kind === 'unknown').length, 4);
  });

  it('drops a timestamp that is not a date but keeps the line', () => {
    const last = events.at(-1);
    assert.deepEqual([last?.kind, last?.text, last?.timestamp], ['assistant_text', 'still here', undefined]);
  });
});

describe('codex header-less export', () => {
  const { events, sessions } = parseFile(EXPORT);

  it('becomes a session named after the file', () => {
    assert.deepEqual(sessions, [{ id: 'filtered-export', provider: 'codex' }]);
    assert.ok(events.every((e) => e.sessionId === 'filtered-export'));
  });

  it('leaves a call without output unpaired', () => {
    assert.equal(results(events, 'call_exp01')[0]?.tool?.exitCode, 2);
    assert.equal(results(events, 'call_exp02').length, 0);
    assert.ok(call(events, 'call_exp02'));
  });
});

describe('codex TS-era single JSON document', () => {
  it('splits into header + one line per item, and only for that document', () => {
    const lines = linesOf(TS_ERA);
    assert.equal(lines.length, 6);
    assert.deepEqual(JSON.parse(lines[0] ?? ''), { timestamp: '2025-04-22T18:30:05.000Z', id: '0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e', instructions: '' });
    assert.equal(splitDocument('/s/rollout-x.jsonl', '{"items":[]}'), undefined);
    assert.equal(splitDocument('/s/rollout-x.json', '{"not":"a rollout"}'), undefined);
    assert.equal(splitDocument('/s/rollout-x.json', '{"session":'), undefined);
  });

  it('an item nested deeper than JSON.stringify goes: each part as written, on one line (an audit: the file was never imported)', () => {
    const deep = `${'['.repeat(20_000)}1${']'.repeat(20_000)}`;
    const doc = `{\n  "session": {"id": "0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e", "note": "a \\"quoted\\" [brace} ,"},\n  "items": [\n    {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]},\n    {"type": "function_call", "name": "shell", "extra": ${deep}},\n    {"type": "message", "role": "assistant", "content": []}\n  ]\n}`;
    const lines = splitDocument('/s/rollout-x.json', doc)!;
    assert.equal(lines.length, 4);
    for (const l of lines) assert.ok(!l.includes('\n'));
    assert.deepEqual(JSON.parse(lines[0]!), { id: '0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e', note: 'a "quoted" [brace} ,' });
    assert.equal((JSON.parse(lines[1]!) as { content: { text: string }[] }).content[0]!.text, 'hi');
    assert.equal(lines[2]!.length, deep.length + '{"type": "function_call", "name": "shell", "extra": }'.length);
    assert.deepEqual(JSON.parse(lines[3]!), { type: 'message', role: 'assistant', content: [] });
    // The same parts as the usual split, for a document it can take.
    const usual = linesOf(TS_ERA);
    assert.deepEqual(documentSpans(readFileSync(TS_ERA, 'utf8'))!.items.map((l) => JSON.parse(l)), usual.slice(1).map((l) => JSON.parse(l)));
  });

  it('parses the items like bare lines', () => {
    const { events, sessions } = parseFile(TS_ERA);
    assert.deepEqual(sessions, [{ id: '0b0c0d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e', provider: 'codex', startedAt: '2025-04-22T18:30:05.000Z' }]);
    assert.deepEqual(kinds(events), { assistant_text: 1, meta: 1, reasoning: 1, tool_call: 1, tool_result: 1, user_prompt: 1 });
    assert.equal(call(events, 'call_ts01')?.tool?.command, "bash -lc 'grep -n release Makefile'");
    assert.deepEqual(results(events, 'call_ts01')[0]?.tool, { durationMs: 100, exitCode: 0, callId: 'call_ts01' });
  });
});

describe('codex 2026 shapes', () => {
  const { events, sessions } = parseFile(Y2026);

  it('reads session_id, world_state and thread_settings models, and drops junk timestamps', () => {
    assert.equal(sessions[0]?.id, '0197c2c2-5555-7333-8444-000000000005');
    const prompt = events.filter((e) => e.kind === 'user_prompt');
    assert.deepEqual(prompt.map((e) => [e.timestamp, e.duplicate ?? false]), [
      [undefined, false],
      [undefined, true],
    ]);
    assert.equal(call(events, 'call_ts9')?.model, 'gpt-5.6-luna');
    assert.equal(events.find((e) => e.kind === 'assistant_text')?.model, 'gpt-5.6-sol');
  });

  it('pairs a web_search_end that arrives before its call, and 2026 tool kinds', () => {
    const search = events.find((e) => e.kind === 'tool_call' && e.tool?.name === 'web_search');
    assert.equal(search?.tool?.callId, 'ws_f9');
    assert.equal(results(events, 'ws_f9')[0]?.text, 'p99 latency flamegraph');
    assert.equal(results(events, 'call_ts9')[0]?.text, 'profile_endpoint');
    assert.deepEqual(call(events, 'call_dyn9')?.tool, { callId: 'call_dyn9', name: 'profile_endpoint', input: '{"path":"/api/search"}' });
    assert.deepEqual(results(events, 'call_dyn9')[0]?.tool, { callId: 'call_dyn9', durationMs: 1500 });
    const image = call(events, 'ig-f1');
    assert.equal(image?.tool?.input, 'a bar chart of endpoint latency');
    assert.ok(!JSON.stringify(events).includes('iVBORw0KGgo'), 'generated image bytes never become text');
  });

  it('counts a token_count and its token_usage_record once, with cache writes', () => {
    const u = usagesOf(events);
    assert.equal(u.length, 2);
    assert.deepEqual(sumUsage(u), { input: 20000, cacheRead: 12000, cacheWrite: 4000, output: 300, reasoning: 100 });
  });

  it('surfaces the plan and the turn error', () => {
    assert.equal(events.find((e) => e.subtype === 'event_msg/item_completed')?.text, '1. profile /api/search\n2. add an index');
    assert.equal(events.find((e) => e.subtype === 'event_msg/task_complete')?.text, 'usage limit reached');
    assert.equal(events.at(-1)?.subtype, 'inter_agent_communication_metadata');
  });
});

describe('codex resumable state', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)]));

  it('parses the rest of a file from a snapshot exactly as a full read', () => {
    for (const path of files(FIXTURES)) {
      const lines = linesOf(path);
      const full = parseLines(path, lines);
      for (let k = 1; k < lines.length; k++) {
        const head = codexAdapter.createParser(path);
        for (const [i, l] of lines.slice(0, k).entries()) head.parseLine(l, i * 1000);
        const saved = JSON.parse(JSON.stringify(head.snapshot())) as ParserState;
        assert.deepEqual(parseLines(path, lines, saved, k), full.slice(k), `${path} resumed at line ${k}`);
      }
    }
  });

  it('keeps the snapshot small', () => {
    const lines = linesOf(MAIN);
    const parser = codexAdapter.createParser(MAIN);
    for (const [i, l] of lines.entries()) parser.parseLine(l, i);
    assert.ok(JSON.stringify(parser.snapshot()).length < 2000);
  });
});

describe('codex: shapes an upstream format audit found', () => {
  const env = (type: string, payload: unknown) => JSON.stringify({ timestamp: '2026-09-01T10:00:00.000Z', type, payload });
  const parse = (...lines: string[]): NormalizedEvent[] => {
    const parser = codexAdapter.createParser('/x/rollout-2026-09-01T10-00-00-019fd000-9999-7222-8333-444444444444.jsonl');
    return [env('session_meta', { id: '019fd000-9999-7222-8333-444444444444', timestamp: '2026-09-01T10:00:00.000Z', cwd: '/w' }), ...lines].flatMap(
      (l, i) => parser.parseLine(l, i * 1000).events,
    );
  };

  it('injected context of newer builds (a `!` shell command, editor context, plugin and sub-agent lists) is no prompt', () => {
    for (const text of ['<user_shell_command>\n<command>npm test</command>\n<result>\nExit code: 1\n</result>\n</user_shell_command>', '<additional_context>\nopen file: a.ts\n</additional_context>', '<plugins>\n- x\n</plugins>', '<subagents>\n- y\n</subagents>']) {
      const ev = parse(env('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] })).find((e) => e.subtype === 'response_item/message');
      assert.ok(ev && ev.kind !== 'user_prompt' && ev.scaffold, text);
    }
  });

  it("a sanitised export's placeholders: injected context is no prompt, the display stream's user_message is (0.104 desktop day)", () => {
    const user = (text: string) => env('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
    const evs = parse(
      user('[REDACTED_TEXT len=3019 sha=37168476]'),
      user('[REDACTED_TEXT len=110 sha=1efde24d]'),
      env('event_msg', { type: 'task_started', turn_id: 't1' }),
      user('[REDACTED_TEXT len=516 sha=05857781]'),
      env('event_msg', { type: 'user_message', message: '[REDACTED_MESSAGE len=516 sha=05857781]', images: [] }),
    );
    const prompts = evs.filter((e) => e.kind === 'user_prompt');
    assert.deepEqual(prompts.map((e) => [e.text, e.duplicate ?? false]), [['[REDACTED_MESSAGE len=516 sha=05857781]', false]]);
    assert.equal(evs.filter((e) => e.subtype === 'response_item/message' && e.scaffold).length, 3);
  });

  it('an MCP call written with a namespace is named as its end event names it', () => {
    const evs = parse(
      env('response_item', { type: 'function_call', name: 'js', namespace: 'mcp__node_repl', arguments: '{"code":"1+1"}', call_id: 'c1' }),
      env('response_item', { type: 'function_call', name: 'search', namespace: 'mcp__docs__', arguments: '{}', call_id: 'c2' }),
      env('response_item', { type: 'function_call', name: 'shell', namespace: '[trimmed for fixture]', arguments: '{}', call_id: 'c3' }),
    );
    assert.deepEqual(evs.filter((e) => e.kind === 'tool_call').map((e) => e.tool?.name), ['mcp__node_repl__js', 'mcp__docs__search', 'shell']);
  });

  it('a message between agents is kept as searchable text with its author, not as a prompt', () => {
    const ev = parse(env('inter_agent_communication', { author: '/root', recipient: '/root/worker', content: 'Investigate why src/a.test.ts fails', trigger_turn: true })).at(-1);
    assert.deepEqual([ev?.kind, ev?.text], ['meta', 'from /root: Investigate why src/a.test.ts fails']);
  });

  it('a poll reports the end of the command it polls; a running-session line quoted in the output is not one', () => {
    const out = (call: string, header: string, body: string) =>
      env('response_item', { type: 'function_call_output', call_id: call, output: `Chunk ID: c\nWall time: 1.0 seconds\n${header}\nOutput:\n${body}` });
    const evs = parse(
      env('response_item', { type: 'function_call', name: 'exec_command', call_id: 'x1', arguments: '{"cmd":"npm test"}' }),
      out('x1', 'Process running with session ID 7', 'running'),
      env('response_item', { type: 'function_call', name: 'write_stdin', call_id: 'w1', arguments: '{"session_id":7,"chars":""}' }),
      out('w1', 'Process exited with code 2', 'a log it printed:\nProcess running with session ID 8'),
      // Output in the metadata form has no header: a line of the command's own output is no session.
      env('response_item', { type: 'function_call', name: 'shell', call_id: 'c1', arguments: '{"command":["cat","log"]}' }),
      env('response_item', { type: 'function_call_output', call_id: 'c1', output: JSON.stringify({ output: 'Process running with session ID 9\n', metadata: { exit_code: 0, duration_seconds: 0.1 } }) }),
      env('response_item', { type: 'function_call', name: 'write_stdin', call_id: 'w9', arguments: '{"session_id":9,"chars":""}' }),
      out('w9', 'Process exited with code 1', ''),
    );
    const results = evs.filter((e) => e.kind === 'tool_result').map((e) => [e.tool?.callId, e.tool?.exitCode, e.tool?.completes]);
    assert.deepEqual(results, [['x1', undefined, undefined], ['w1', 2, 'x1'], ['c1', 0, undefined], ['w9', 1, undefined]]);
  });

  it('execution errors and failed write_stdin calls are tool errors', () => {
    const evs = parse(
      env('response_item', { type: 'function_call_output', call_id: 'e1', output: 'execution error: Io(Os { code: 2, kind: NotFound, message: "No such file or directory" })' }),
      env('response_item', { type: 'function_call_output', call_id: 'e2', output: 'write_stdin failed: Unknown process id 4242' }),
    );
    assert.deepEqual(evs.filter((e) => e.kind === 'tool_result').map((e) => [e.tool?.isError, e.tool?.errorKind]), [[true, 'tool_error'], [true, 'tool_error']]);
  });
});

describe('a whole line after a cut-off one', () => {
  it('is read (the line still counts as malformed); a line with no whole object to its end is only malformed', () => {
    const p = codexAdapter.createParser('/x/rollout-2026-01-01T00-00-00-0199a0a0-0000-7000-8000-000000000001.jsonl');
    const meta = JSON.stringify({ timestamp: '2026-01-01T00:00:00.000Z', type: 'session_meta', payload: { id: '0199a0a0-0000-7000-8000-000000000001', timestamp: '2026-01-01T00:00:00.000Z', cwd: '/w', originator: 'codex_cli_rs', cli_version: '0.63.0' } });
    p.parseLine(meta, 0);
    const msg = JSON.stringify({ timestamp: '2026-01-01T00:00:01.000Z', type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'after the crash' }] } });
    const got = p.parseLine(`{"timestamp":"2026-01-01T00:00:00.500Z","type":"response_item","payload":{"type":"mess${msg}`, 10);
    assert.equal(got.malformed, true);
    assert.ok(got.events.some((e) => e.text === 'after the crash'), JSON.stringify(got.events));
    const nul = p.parseLine(`\0\0\0${msg}`, 20);
    assert.equal(nul.malformed, true);
    assert.equal(nul.events.length, 1);
    assert.deepEqual(p.parseLine('{"timestamp":"2026-01-01T00:00:00.500Z","type":"resp{"a":{"b":1}', 30), { events: [], sessions: [], malformed: true });
    // A line missing only its last brace is not read through its payload (a review).
    assert.deepEqual(p.parseLine(msg.slice(0, -1), 40), { events: [], sessions: [], malformed: true });
  });
});
