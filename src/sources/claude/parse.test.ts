import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sumUsage } from '../../core/tokens.ts';
import type { NormalizedEvent, ParsedLine, UsageInfo } from '../../core/types.ts';
import { claudeAdapter } from './index.ts';

const PROJECTS = join(import.meta.dirname, '../../../test/fixtures/claude/projects');
const S1 = '5f1c2d3e-4a5b-4c6d-8e7f-901234567890';

function parseFile(rel: string): ParsedLine[] {
  const path = join(PROJECTS, rel);
  const parser = claudeAdapter.createParser(path);
  const out: ParsedLine[] = [];
  let offset = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line !== '') out.push(parser.parseLine(line, offset));
    offset += Buffer.byteLength(line) + 1;
  }
  return out;
}

const events = (lines: ParsedLine[]): NormalizedEvent[] => lines.flatMap((l) => l.events);
const byCall = (evs: NormalizedEvent[], kind: string, callId: string): NormalizedEvent => {
  const e = evs.find((x) => x.kind === kind && x.tool?.callId === callId);
  assert.ok(e, `${kind} ${callId}`);
  return e;
};

describe('claude parser: 2.0-era main session', () => {
  const lines = parseFile(`-home-dev-app/${S1}.jsonl`);
  const evs = events(lines);

  it('counts kinds, one event per content block', () => {
    const kinds: Record<string, number> = {};
    for (const e of evs) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
    assert.deepEqual(kinds, {
      meta: 8,
      user_prompt: 2,
      reasoning: 1,
      assistant_text: 2,
      tool_call: 6,
      tool_result: 6,
      system: 3,
      usage: 1,
    });
    assert.ok(evs.every((e) => e.sessionId === S1));
  });

  it('flags the truncated line as malformed, with no events', () => {
    const bad = lines.filter((l) => l.malformed);
    assert.equal(bad.length, 1);
    assert.deepEqual(bad[0], { events: [], sessions: [], malformed: true });
  });

  it('puts usage on the first event of each line and de-duplicates split messages by key', () => {
    const withUsage = lines.filter((l) => l.events.some((e) => e.usage));
    for (const l of withUsage) {
      assert.ok(l.events[0]?.usage);
      assert.equal(l.events.filter((e) => e.usage).length, 1);
    }
    const split = evs.filter((e) => e.usage?.key === 'msg_01AppAaaa:req_01AppAaaa');
    assert.deepEqual(
      split.map((e) => e.kind),
      ['reasoning', 'assistant_text', 'tool_call'],
    );
    // Early chunks report partial output (5); the largest (148) wins.
    const usages = evs.flatMap((e) => (e.usage ? [e.usage] : []));
    assert.deepEqual(sumUsage(usages.filter((u) => u.key.startsWith('msg_01AppAaaa'))), {
      input: 10203,
      cacheRead: 9000,
      cacheWrite: 1200,
      output: 148,
      reasoning: 0,
    });
    // 8 API calls: A B C D E F G H (the API error line has no usage).
    assert.equal(new Set(usages.map((u) => u.key)).size, 8);
    assert.deepEqual(sumUsage(usages), {
      input: 3 + 1200 + 9000 + (6 + 300 + 10200) + (6 + 120 + 10500) + (6 + 200 + 10700) + (6 + 90 + 10900) +
        (8 + 2100 + 11000) + (2 + 11500) + (4 + 150 + 11500),
      cacheRead: 9000 + 10200 + 10500 + 10700 + 10900 + 11000 + 11500 + 11500,
      cacheWrite: 1200 + 300 + 120 + 200 + 90 + 2100 + 150,
      output: 148 + 96 + 60 + 71 + 55 + 120 + 1 + 40,
      reasoning: 0,
    });
  });

  it('records usage-only lines as a usage event', () => {
    const u = evs.find((e) => e.kind === 'usage');
    assert.equal(u?.usage?.key, 'msg_01AppGggg:req_01AppGggg');
    assert.equal(u?.model, 'claude-sonnet-4-5-20250929');
  });

  it('turns API error notices into system events with no usage and no model', () => {
    const api = evs.find((e) => e.subtype === 'assistant/api_error');
    assert.equal(api?.kind, 'system');
    assert.equal(api?.usage, undefined);
    assert.equal(api?.model, undefined);
    assert.match(api?.text ?? '', /^API Error: 529/);
  });

  it('keeps visible thinking text, never the signature', () => {
    const r = evs.find((e) => e.kind === 'reasoning');
    assert.equal(r?.text, 'Check how flags are parsed before editing.');
    assert.ok(!JSON.stringify(lines).includes('SIGNATURE-OPAQUE'));
  });

  it('describes tool calls', () => {
    assert.deepEqual(byCall(evs, 'tool_call', 'toolu_01Bash1').tool, {
      name: 'Bash',
      callId: 'toolu_01Bash1',
      input: '{"command":"npm test","description":"Run tests"}',
      command: 'npm test',
      cwd: '/home/dev/app',
    });
    assert.deepEqual(byCall(evs, 'tool_call', 'toolu_01Edit1').tool?.files, ['/home/dev/app/src/cli.js']);
  });

  it('classifies tool results: exit codes, tool errors, rejections, success', () => {
    assert.deepEqual(byCall(evs, 'tool_result', 'toolu_01Bash1').tool, {
      name: 'Bash',
      callId: 'toolu_01Bash1',
      isError: true,
      errorKind: 'exit_code',
      exitCode: 1,
      durationMs: 4000,
    });
    const edit = byCall(evs, 'tool_result', 'toolu_01Edit1');
    assert.equal(edit.tool?.errorKind, 'tool_error');
    assert.equal(edit.tool?.exitCode, undefined);
    const write = byCall(evs, 'tool_result', 'toolu_01Write1');
    assert.equal(write.tool?.errorKind, 'rejected');
    assert.equal(write.aborted, true);
    // Empty block text falls back to toolUseResult.stdout; a successful Bash exits 0.
    const ok = byCall(evs, 'tool_result', 'toolu_01Bash2');
    assert.equal(ok.text, 'Tests: 12 passed, 12 total');
    assert.deepEqual([ok.tool?.isError, ok.tool?.exitCode, ok.tool?.errorKind], [false, 0, undefined]);
    // toolUseResult.file.filePath names the file a Read returned.
    assert.deepEqual(byCall(evs, 'tool_result', 'toolu_01Read1').tool?.files, ['/home/dev/app/src/cli.js']);
  });

  it('links a Task result to the legacy agent file it spawned', () => {
    const task = byCall(evs, 'tool_result', 'toolu_01Task1');
    assert.equal(task.spawnedSessionId, `${S1}.agent-3f2a9c1b`);
    assert.equal(task.tool?.durationMs, 25800);
    const line = lines.find((l) => l.events.includes(task));
    // (Its toolUseResult names no agentType: the call's `subagent_type` does.)
    assert.deepEqual(line?.sessions, [
      { id: `${S1}.agent-3f2a9c1b`, provider: 'claude', isSubagent: true, agentId: '3f2a9c1b', parentCallId: 'toolu_01Task1', agentType: 'Explore' },
    ]);
  });

  it("takes a sub-agent's type from its Task call, across a checkpoint, unless the result names one (an audit)", () => {
    const task = (id: string, type: string) =>
      JSON.stringify({ type: 'assistant', sessionId: S1, uuid: `a-${id}`, message: { role: 'assistant', content: [{ type: 'tool_use', id, name: 'Task', input: { prompt: 'look', subagent_type: type } }] } });
    const done = (id: string, agentId: string, extra: object = {}) =>
      JSON.stringify({ type: 'user', sessionId: S1, uuid: `u-${id}`, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'found it' }] }, toolUseResult: { status: 'completed', agentId, prompt: 'look', ...extra } });
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    p.parseLine(task('toolu_A', 'Plan'), 0);
    p.parseLine(task('toolu_B', 'Explore'), 100);
    const resumed = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`, p.snapshot());
    assert.equal(resumed.parseLine(done('toolu_A', 'a1'), 200).sessions?.[0]?.agentType, 'Plan');
    assert.equal(resumed.parseLine(done('toolu_B', 'b2', { agentType: 'code-reviewer' }), 300).sessions?.[0]?.agentType, 'code-reviewer');
  });

  it('tells typed prompts from injected user text', () => {
    const user = evs.filter((e) => e.role === 'user' && e.kind !== 'tool_result').map((e) => [e.kind, e.subtype]);
    assert.deepEqual(user, [
      ['user_prompt', 'user/text'],
      ['system', 'user/interrupted'],
      ['meta', 'user/image'],
      ['user_prompt', 'user/text'],
      ['meta', 'user/meta'],
      ['meta', 'user/command'],
      ['meta', 'user/local_command'],
      ['meta', 'user/compact_summary'],
    ]);
    assert.equal(evs.find((e) => e.subtype === 'user/interrupted')?.aborted, true);
  });

  it('replaces image data with a placeholder', () => {
    assert.equal(evs.find((e) => e.subtype === 'user/image')?.text, '[image image/png]');
    assert.ok(!JSON.stringify(lines).includes('iVBORw0KGgo'));
  });

  it('maps snapshots, queue operations and compaction', () => {
    assert.deepEqual(
      evs.filter((e) => e.kind === 'meta' && !e.role).map((e) => [e.subtype, e.text, e.duplicate]),
      [
        ['file-history-snapshot', undefined, undefined],
        ['queue-operation/enqueue', 'skip the changelog, look at the screenshot', true],
        ['queue-operation/dequeue', undefined, undefined],
      ],
    );
    assert.deepEqual(
      evs.filter((e) => e.subtype.startsWith('system/')).map((e) => [e.subtype, e.text]),
      [['system/compact_boundary', 'Conversation compacted']],
    );
  });

  it('reports session facts once, and again only when they change', () => {
    const patches = lines.flatMap((l) => l.sessions).filter((p) => p.id === S1);
    assert.deepEqual(patches, [
      { id: S1, provider: 'claude' },
      {
        id: S1,
        provider: 'claude',
        cwd: '/home/dev/app',
        gitBranch: 'main',
        cliVersion: '2.0.42',
        startedAt: '2025-11-20T09:00:00.000Z',
      },
    ]);
  });
});

describe('claude parser: odd files and lines', () => {
  it('parses an empty file to nothing', () => {
    assert.deepEqual(parseFile('-home-dev-app/1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b.jsonl'), []);
  });

  it('keeps summary-only files as meta events of their session', () => {
    const lines = parseFile('-home-dev-app/7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d.jsonl');
    assert.deepEqual(
      events(lines).map((e) => [e.kind, e.subtype, e.text, e.sessionId]),
      [
        ['meta', 'summary', 'CLI verbose flag', '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d'],
        ['meta', 'summary', 'Changelog rejected', '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d'],
      ],
    );
  });

  const one = (line: unknown, path = `/p/-x/${S1}.jsonl`): ParsedLine =>
    claudeAdapter.createParser(path).parseLine(typeof line === 'string' ? line : JSON.stringify(line), 0);

  it('counts unknown and type-less lines, and rejects non-objects', () => {
    assert.equal(one({ type: 'brand-new-thing', sessionId: S1 }).unknownType, 'brand-new-thing');
    assert.equal(one({ silly: 'this' }).events[0]?.kind, 'unknown');
    for (const bad of ['"massive error"', '42', '[1]', '{"type":"user",']) assert.equal(one(bad).malformed, true);
    assert.equal(one('   ').malformed, undefined);
  });

  it('a user or assistant line without a message, or with content of no known shape, counts as not understood (an audit: it vanished unreported)', () => {
    for (const [type, message] of [['user', null], ['user', 'a string'], ['assistant', 7], ['user', { role: 'user', content: 12345 }], ['assistant', { role: 'assistant', content: { type: 'text', text: 'an object' } }], ['user', { role: 'user' }]] as const) {
      const p = one({ type, sessionId: S1, uuid: 'u1', message });
      assert.equal(p.unknownType, type, JSON.stringify(message));
      assert.deepEqual(p.events.map((e) => e.kind), ['unknown']);
    }
    // Understood shapes stay so: an empty content list, usage alone.
    assert.equal(one({ type: 'user', sessionId: S1, message: { role: 'user', content: [] } }).unknownType, undefined);
    const usageOnly = one({ type: 'assistant', sessionId: S1, requestId: 'r1', message: { id: 'm1', role: 'assistant', model: 'claude-x', usage: { input_tokens: 5, output_tokens: 1 } } });
    assert.equal(usageOnly.unknownType, undefined);
    assert.deepEqual(usageOnly.events.map((e) => e.kind), ['usage']);
  });

  it('reads usage from type-less ccusage-style lines', () => {
    const l = one({
      timestamp: '2026-01-09T10:00:00.000Z',
      sessionId: 's',
      message: { role: 'assistant', id: 'msg_x', model: 'claude-sonnet-4', usage: { input_tokens: 10, output_tokens: 5 } },
    });
    assert.deepEqual(
      l.events.map((e) => [e.kind, e.usage?.key]),
      [['usage', 'msg_x']],
    );
  });

  it('reads the thinking part of the output as reasoning', () => {
    const usage = (details: unknown) =>
      one({
        type: 'assistant',
        requestId: 'req_t',
        message: { id: 'msg_t', model: 'claude-opus-4-7', content: [], usage: { input_tokens: 10, output_tokens: 50, output_tokens_details: details } },
      }).events[0]?.usage?.tokens;
    assert.deepEqual(usage({ thinking_tokens: 30 }), { input: 10, cacheRead: 0, cacheWrite: 0, output: 50, reasoning: 30 });
    assert.equal(usage({ thinking_tokens: 0 })?.reasoning, 0);
    assert.equal(usage(undefined)?.reasoning, 0);
    assert.equal(usage({ thinking_tokens: 80 })?.reasoning, 50, 'never more than the output it is part of');
  });

  it('bills nothing for isApiErrorMessage lines even with a real model', () => {
    const l = one({
      type: 'assistant',
      isApiErrorMessage: true,
      requestId: 'req_1',
      message: { id: 'm', model: 'claude-opus-4-7', content: [], usage: { input_tokens: 900, output_tokens: 9 } },
    });
    assert.deepEqual(l.events, []);
  });

  it('names documents and tool_reference blocks without their payload', () => {
    const l = one({
      type: 'user',
      toolUseResult: { matches: ['TaskList'] },
      message: {
        role: 'user',
        content: [
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQK' } },
          { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'tool_reference', tool_name: 'TaskList' }] },
        ],
      },
    });
    assert.deepEqual(
      l.events.map((e) => e.text),
      ['[document application/pdf]', '[tool_reference TaskList]'],
    );
  });

  it('reads the sub-agent id from the text of Task results that lack toolUseResult', () => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    const call = { type: 'assistant', message: { content: [{ type: 'tool_use', id: 't9', name: 'Task', input: {} }] } };
    p.parseLine(JSON.stringify(call), 0);
    const text = 'Done.\nagentId: bbbb2222 (use SendMessage to continue this agent)';
    const res = { type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't9', content: text }] } };
    assert.equal(p.parseLine(JSON.stringify(res), 100).events[0]?.spawnedSessionId, `${S1}.agent-bbbb2222`);
  });

  it('keys usage on message.id alone when there is no requestId', () => {
    const usage: UsageInfo | undefined = one({
      type: 'assistant',
      message: { id: 'msg_solo', model: 'm', content: [{ type: 'text', text: 'hi' }], usage: { input_tokens: 1 } },
    }).events[0]?.usage;
    assert.equal(usage?.key, 'msg_solo');
  });
});

describe('claude parser: server tools', () => {
  it('maps server_tool_use and its web_search_tool_result without encrypted content', () => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    const content = [
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'node 24 release' } },
      {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_1',
        content: [{ type: 'web_search_result', title: 'Node.js 24', url: 'https://nodejs.org/', encrypted_content: 'EncSecret' }],
      },
    ];
    const l = p.parseLine(JSON.stringify({ type: 'assistant', message: { id: 'm1', content } }), 0);
    assert.deepEqual(
      l.events.map((e) => [e.kind, e.subtype, e.tool?.callId, e.tool?.name, e.text]),
      [
        ['tool_call', 'assistant/server_tool_use', 'srvtoolu_1', 'web_search', undefined],
        ['tool_result', 'assistant/web_search_tool_result', 'srvtoolu_1', 'web_search', 'Node.js 24 https://nodejs.org/'],
      ],
    );
    assert.ok(!JSON.stringify(l).includes('EncSecret'));
  });
  it('a result holding one object: a code run by its output and return code, an error by its code unless is_error says no, an object of no type as before (a review)', () => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    const result = (id: string, content: unknown, extra: object = {}) => ({ type: 'code_execution_tool_result', tool_use_id: id, content, ...extra });
    const l = p.parseLine(
      JSON.stringify({
        type: 'assistant',
        message: {
          id: 'm2',
          content: [
            { type: 'server_tool_use', id: 'srvtoolu_2', name: 'bash_code_execution', input: { command: 'false' } },
            result('srvtoolu_2', { type: 'bash_code_execution_result', stdout: '', stderr: 'boom', return_code: 1 }),
            { type: 'server_tool_use', id: 'srvtoolu_3', name: 'web_search', input: { query: 'x' } },
            result('srvtoolu_3', { type: 'web_search_tool_result_error', error_code: 'unavailable' }, { is_error: false }),
          ],
        },
      }),
      0,
    );
    assert.deepEqual(
      l.events.filter((e) => e.kind === 'tool_result').map((e) => [e.text, e.tool?.isError, e.tool?.exitCode]),
      [
        ['boom', true, 1],
        ['web_search_tool_result_error: unavailable', false, undefined],
      ],
    );
    const plain = p.parseLine(
      JSON.stringify({ type: 'user', toolUseResult: { stdout: 'real output', stderr: '' }, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_9', content: { note: 'x' } }] } }),
      1,
    );
    assert.equal(plain.events[0]?.text, 'real output');
  });
});

describe('claude parser: tool_use blocks without an id', () => {
  const line = (o: object): string => JSON.stringify({ sessionId: S1, timestamp: '2026-01-01T00:00:00.000Z', ...o });
  const call = (uuid: string, ...names: string[]): string =>
    line({
      type: 'assistant',
      uuid,
      message: { role: 'assistant', content: names.map((name) => ({ type: 'tool_use', name, input: { command: 'ls' } })) },
    });
  const result = (o: object): string =>
    line({ type: 'user', toolUseResult: { stdout: 'a\n', stderr: '' }, message: { role: 'user', content: [{ type: 'tool_result', content: 'a' }] }, ...o });

  it('pairs the result naming the call line (sourceToolAssistantUUID, else parentUuid), across a checkpoint', () => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    const c = p.parseLine(call('a1', 'Bash'), 0).events[0];
    assert.equal(c?.tool?.callId, `${S1}/a1#0`);
    const resumed = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`, p.snapshot());
    const r = resumed.parseLine(result({ uuid: 'u1', parentUuid: 'x', sourceToolAssistantUUID: 'a1' }), 100).events[0];
    assert.deepEqual([r?.tool?.callId, r?.tool?.name, r?.tool?.exitCode], [`${S1}/a1#0`, 'Bash', 0]);
    p.parseLine(call('a2', 'Bash'), 200);
    assert.equal(p.parseLine(result({ uuid: 'u2', parentUuid: 'a2' }), 300).events[0]?.tool?.callId, `${S1}/a2#0`);
  });

  it('leaves results unpaired when the line held several, or its uuid is a placeholder', () => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    const calls = p.parseLine(call('a1', 'Bash', 'Read'), 0).events.map((e) => e.tool?.callId);
    assert.deepEqual(calls, [`${S1}/a1#0`, `${S1}/a1#1`]);
    assert.equal(p.parseLine(result({ parentUuid: 'a1' }), 100).events[0]?.tool?.callId, undefined);
    assert.equal(p.parseLine(call('[trimmed for fixture]', 'Bash'), 200).events[0]?.tool?.callId, undefined);
    assert.equal(p.parseLine(result({ sourceToolAssistantUUID: '[trimmed for fixture]' }), 300).events[0]?.tool?.callId, undefined);
  });
});

describe('claude parser: top-level tool_use and tool_result lines', () => {
  it('reads them as a call and its result, paired when the result names no line', () => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    const use = { type: 'tool_use', sessionId: S1, name: 'bash', input: { command: 'cat README.md' }, uuid: 't1' };
    const res = { type: 'tool_result', sessionId: S1, name: 'bash', output: '# Title\n', uuid: 'r1' };
    const a = p.parseLine(JSON.stringify(use), 0);
    const b = p.parseLine(JSON.stringify(res), 100);
    assert.equal(a.unknownType, undefined);
    assert.deepEqual(
      [...a.events, ...b.events].map((e) => [e.kind, e.subtype, e.role, e.tool?.callId, e.tool?.name, e.tool?.command, e.text]),
      [
        ['tool_call', 'tool_use', 'assistant', `${S1}/t1#0`, 'bash', 'cat README.md', undefined],
        ['tool_result', 'tool_result', 'user', `${S1}/t1#0`, 'bash', undefined, '# Title\n'],
      ],
    );
  });
});

describe('claude parser: session cwd', () => {
  it('is the first cwd a line names; a later cd does not move it', () => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    const line = (i: number, cwd: string) =>
      JSON.stringify({ type: 'user', sessionId: S1, uuid: `u${i}`, cwd, timestamp: '2026-01-01T00:00:00.000Z', message: { role: 'user', content: 'hi' } });
    const cwds = [line(1, '/home/dev/app'), line(2, '/home/dev/app/test'), line(3, '/home/dev/app')].flatMap((l, i) =>
      p.parseLine(l, i * 100).sessions.map((s) => s.cwd),
    );
    assert.deepEqual(cwds, ['/home/dev/app']);
  });
});

describe('claude parser: shapes an upstream format audit found', () => {
  const parse = (o: object) => claudeAdapter.createParser(`/p/-x/${S1}.jsonl`).parseLine(JSON.stringify({ sessionId: S1, uuid: 'u', timestamp: '2026-01-01T00:00:00.000Z', ...o }), 0).events;
  const bashResult = (tur: object, content: unknown, isError = false) => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    p.parseLine(JSON.stringify({ type: 'assistant', sessionId: S1, uuid: 'a', message: { content: [{ type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'npm test' } }] } }), 0);
    return p.parseLine(JSON.stringify({ type: 'user', sessionId: S1, uuid: 'r', toolUseResult: tur, message: { content: [{ type: 'tool_result', tool_use_id: 't1', content, is_error: isError }] } }), 100).events[0]!.tool!;
  };

  it('a background shell notification is no prompt', () => {
    const ev = parse({ type: 'user', message: { role: 'user', content: '<bash-notification>\n<shell-id>b944a6f</shell-id>\n<status>failed</status>\n<summary>Background command "Run tests" failed with exit code 1.</summary>\n</bash-notification>' } })[0];
    assert.deepEqual([ev?.kind, ev?.subtype], ['meta', 'user/task_notification']);
  });

  it('no made-up exit 0 for a command still running in the background, one stopped, or a non-zero exit read as no failure', () => {
    assert.equal(bashResult({ stdout: 'ok', stderr: '', interrupted: false }, 'ok').exitCode, 0);
    assert.equal(bashResult({ stdout: '', stderr: '', interrupted: false, backgroundTaskId: 'b944a6f' }, 'Command running in background with ID: b944a6f').exitCode, undefined);
    assert.equal(bashResult({ stdout: '', stderr: '', interrupted: false, returnCodeInterpretation: 'No matches found' }, '').exitCode, undefined);
    assert.equal(bashResult({ stdout: '', stderr: '', interrupted: true }, '').exitCode, undefined);
  });

  it('a call a hook blocked or a permission rule refused did not run and fail', () => {
    assert.equal(bashResult({}, 'PreToolUse:Bash hook error: [python3 guard.py]: BLOCKED: rm -rf', true).errorKind, 'hook_blocked');
    assert.equal(bashResult({}, "Permission to use Bash has been denied because Claude Code is running in don't ask mode.", true).errorKind, 'permission');
    assert.equal(bashResult({}, 'Exit code 1\nPermission to use the socket denied', true).errorKind, 'exit_code');
    // A compound command one of whose parts needs approval (a dashboard review found it read as an exit code).
    assert.equal(bashResult({}, 'This Bash command contains multiple operations. The following part requires approval: claude -p "hi"', true).errorKind, 'permission');
  });
});

describe('claude parser: impossible token counts', () => {
  it('a usage holding 1e308, a negative or a fraction is no usage; the line is still read (a bad-input review)', () => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    const line = (id: string, usage: object) =>
      JSON.stringify({ type: 'assistant', sessionId: S1, uuid: id, requestId: `req_${id}`, timestamp: '2026-01-01T00:00:00.000Z', message: { id: `msg_${id}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'hi' }], usage } });
    for (const [id, usage] of [['a1', { input_tokens: 1e308, output_tokens: 1e308 }], ['a2', { input_tokens: -1000, cache_read_input_tokens: 0.25, output_tokens: 5 }], ['a3', { input_tokens: 5, output_tokens: 2, output_tokens_details: { thinking_tokens: -3 } }]] as const) {
      const evs = p.parseLine(line(id, usage), 0).events;
      assert.equal(evs.filter((e) => e.usage).length, 0, id);
      assert.equal(evs.find((e) => e.kind === 'assistant_text')?.text, 'hi', id);
    }
    const ok = p.parseLine(line('a4', { input_tokens: 5, cache_read_input_tokens: 100, output_tokens: 2 }), 0).events.find((e) => e.usage)?.usage;
    assert.deepEqual(ok?.tokens, { input: 105, cacheRead: 100, cacheWrite: 0, output: 2, reasoning: 0 });
  });
});

describe('claude parser: system api_error lines', () => {
  const parse = (error: unknown) => {
    const parser = claudeAdapter.createParser(join(PROJECTS, `-home-dev-app/${S1}.jsonl`));
    const line = { type: 'system', subtype: 'api_error', level: 'error', error, retryInMs: 0, retryAttempt: 1, maxRetries: 10, timestamp: '2026-03-01T10:00:00.000Z', uuid: 'e1', sessionId: S1 };
    return parser.parseLine(JSON.stringify(line), 0).events[0];
  };

  it("says what the API answered, from the SDK's nested error object (2.1 catalog shape)", () => {
    const e = parse({ status: 401, headers: {}, requestID: 'req_1', error: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' }, request_id: 'req_1' }, type: 'authentication_error' });
    assert.equal(e?.kind, 'system');
    assert.equal(e?.subtype, 'system/api_error');
    assert.equal(e?.text, '401 authentication_error: invalid x-api-key');
  });

  it('keeps a plain message or text as it is, and a status-0 error without a message by its type', () => {
    assert.equal(parse({ message: 'Connection error.' })?.text, 'Connection error.');
    assert.equal(parse('Request timed out')?.text, 'Request timed out');
    assert.equal(parse({ status: 0, error: { type: 'error', error: { type: 'overloaded_error' } } })?.text, 'overloaded_error');
  });
});
