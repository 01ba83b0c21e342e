import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { adapterFor } from '../sources/index.ts';
import { sessionUsage, usageByDay } from '../store/metrics.ts';
import { getSession } from '../store/queries.ts';
import type { Store } from '../store/store.ts';
import { withTempStore } from '../../test/helpers/store.ts';
import { importFile } from './import-file.ts';
import { rebuildIndex } from './rebuild.ts';

// Claude Code can write a subagent's last model call with the output count of its first
// streamed chunk (`output_tokens: 1`, `stop_reason: null`), as in real 2.0 transcripts; the
// parent's Task result then reports the call's final usage in `toolUseResult.usage`.
const MAIN = '6d1e2f30-4a5b-4c6d-8e7f-a1b2c3d4e5f6';
const AGENT = 'a9f8e7d6c5b4a3921';
const SUB = `${MAIN}.agent-${AGENT}`;
const base = { sessionId: MAIN, version: '2.0.76', cwd: '/home/dev/app', gitBranch: 'main', userType: 'external' };

const usage = (input: number, cacheWrite: number, cacheRead: number, output: number) => ({
  input_tokens: input,
  cache_creation_input_tokens: cacheWrite,
  cache_read_input_tokens: cacheRead,
  cache_creation: { ephemeral_5m_input_tokens: cacheWrite, ephemeral_1h_input_tokens: 0 },
  output_tokens: output,
  service_tier: 'standard',
});

function parentLines(reported: Record<string, unknown>): string {
  const lines = [
    { ...base, type: 'user', uuid: 'p1', parentUuid: null, isSidechain: false, timestamp: '2026-05-04T09:00:00.000Z', message: { role: 'user', content: 'Find where the config is read' } },
    {
      ...base, type: 'assistant', uuid: 'p2', parentUuid: 'p1', isSidechain: false, timestamp: '2026-05-04T09:00:02.000Z', requestId: 'req_p1',
      message: { id: 'msg_p1', type: 'message', role: 'assistant', model: 'claude-opus-4-5-20251101', content: [{ type: 'tool_use', id: 'toolu_task1', name: 'Task', input: { description: 'Find config reads', prompt: 'List every module that reads config files.', subagent_type: 'Explore' } }], stop_reason: 'tool_use', stop_sequence: null, usage: usage(3, 500, 12000, 90) },
    },
    {
      ...base, type: 'user', uuid: 'p3', parentUuid: 'p2', isSidechain: false, timestamp: '2026-05-04T09:00:40.000Z',
      message: { role: 'user', content: [{ tool_use_id: 'toolu_task1', type: 'tool_result', content: [{ type: 'text', text: 'Config is read in src/config.ts only.' }] }] },
      toolUseResult: { status: 'completed', prompt: 'List every module that reads config files.', agentId: AGENT, content: [{ type: 'text', text: 'Config is read in src/config.ts only.' }], totalDurationMs: 38000, totalTokens: 14211, totalToolUseCount: 1, usage: reported },
    },
  ];
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

function agentLines(): string {
  const sub = { ...base, isSidechain: true, agentId: AGENT };
  const lines = [
    { ...sub, type: 'user', uuid: 's1', parentUuid: null, timestamp: '2026-05-04T09:00:03.000Z', message: { role: 'user', content: 'List every module that reads config files.' } },
    {
      ...sub, type: 'assistant', uuid: 's2', parentUuid: 's1', timestamp: '2026-05-04T09:00:05.000Z', requestId: 'req_s1',
      message: { id: 'msg_s1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [{ type: 'tool_use', id: 'toolu_grep1', name: 'Grep', input: { pattern: 'readFile', path: 'src' } }], stop_reason: 'tool_use', stop_sequence: null, usage: usage(4, 900, 5000, 120) },
    },
    {
      ...sub, type: 'user', uuid: 's3', parentUuid: 's2', timestamp: '2026-05-04T09:00:06.000Z',
      message: { role: 'user', content: [{ tool_use_id: 'toolu_grep1', type: 'tool_result', content: 'src/config.ts' }] },
      toolUseResult: { mode: 'files_with_matches', filenames: ['src/config.ts'], numFiles: 1 },
    },
    // The last call, written when its first chunk streamed: one output token, no stop reason.
    {
      ...sub, type: 'assistant', uuid: 's4', parentUuid: 's3', timestamp: '2026-05-04T09:00:09.000Z', requestId: 'req_s2',
      message: { id: 'msg_s2', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [{ type: 'text', text: 'Config is read in src/config.ts only.' }], stop_reason: null, stop_sequence: null, usage: usage(6, 150, 5900, 1) },
    },
  ];
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

function write(dir: string, reported: Record<string, unknown>): { parent: string; agent: string } {
  const project = join(dir, 'projects', '-home-dev-app');
  mkdirSync(join(project, MAIN, 'subagents'), { recursive: true });
  const parent = join(project, `${MAIN}.jsonl`);
  const agent = join(project, MAIN, 'subagents', `agent-${AGENT}.jsonl`);
  writeFileSync(parent, parentLines(reported));
  writeFileSync(agent, agentLines());
  return { parent, agent };
}

/** What the store shows of the subagent's and its parent's tokens. */
function figures(store: Store) {
  const sub = getSession(store, SUB);
  const main = getSession(store, MAIN);
  return {
    sub: sub.tokens,
    parentOwn: main.tokens,
    parentSubagents: main.subagentTokens,
    calls: sessionUsage(store, SUB).map((p) => p.output),
    days: usageByDay(store).map((d) => [d.model, d.output]),
  };
}

const claude = adapterFor('claude');
const FINAL = usage(6, 150, 5900, 361);

test("a subagent's last call counts the output its Task result reports, whichever file is read first, and as rebuilt", () => {
  const results = [true, false].map((parentFirst) =>
    withTempStore((store, dir) => {
      const { parent, agent } = write(dir, FINAL);
      for (const f of parentFirst ? [parent, agent] : [agent, parent]) assert.equal(importFile(store, claude, f).status, 'imported');
      const got = figures(store);
      rebuildIndex(store);
      assert.deepEqual(figures(store), got, 'rebuilt from the raw store');
      return got;
    }),
  );
  assert.deepEqual(results[0], results[1], 'import order');
  const got = results[0]!;
  // 120 + 361, not 120 + 1; the inputs are the calls' own (the report adds no call).
  assert.deepEqual(got.sub, { input: 4 + 900 + 5000 + 6 + 150 + 5900, cacheRead: 10900, cacheWrite: 1050, output: 481, reasoning: 0 });
  assert.deepEqual(got.parentSubagents, got.sub);
  assert.deepEqual(got.parentOwn, { input: 12503, cacheRead: 12000, cacheWrite: 500, output: 90, reasoning: 0 });
  assert.deepEqual(got.calls, [120, 361], "the subagent's calls over time: two, the last corrected");
  assert.deepEqual(got.days, [['claude-haiku-4-5-20251001', 481], ['claude-opus-4-5-20251101', 90]]);
});

test('a reported usage that matches none of the subagent calls changes nothing; a smaller one never lowers a count', () => {
  for (const reported of [usage(7, 150, 5900, 999), usage(6, 150, 5900, 0)]) {
    withTempStore((store, dir) => {
      const { parent, agent } = write(dir, reported);
      importFile(store, claude, parent);
      importFile(store, claude, agent);
      const got = figures(store);
      assert.equal(got.sub.output, 121);
      assert.deepEqual(got.calls, [120, 1]);
    });
  }
});

test('a resumed subagent (a second Task naming it) has each run\'s last call corrected, in one import or in pieces', () => {
  const resumeParent = [
    {
      ...base, type: 'assistant', uuid: 'p4', parentUuid: 'p3', isSidechain: false, timestamp: '2026-05-04T09:01:00.000Z', requestId: 'req_p2',
      message: { id: 'msg_p2', type: 'message', role: 'assistant', model: 'claude-opus-4-5-20251101', content: [{ type: 'tool_use', id: 'toolu_task2', name: 'Task', input: { description: 'Look again', prompt: 'Also list the tests that read it.', subagent_type: 'Explore', resume: AGENT } }], stop_reason: 'tool_use', stop_sequence: null, usage: usage(3, 100, 12500, 80) },
    },
    {
      ...base, type: 'user', uuid: 'p5', parentUuid: 'p4', isSidechain: false, timestamp: '2026-05-04T09:01:40.000Z',
      message: { role: 'user', content: [{ tool_use_id: 'toolu_task2', type: 'tool_result', content: [{ type: 'text', text: 'test/config.test.ts' }] }] },
      toolUseResult: { status: 'completed', prompt: 'Also list the tests that read it.', agentId: AGENT, content: [{ type: 'text', text: 'test/config.test.ts' }], totalDurationMs: 30000, totalTokens: 7000, totalToolUseCount: 0, usage: usage(8, 200, 6100, 500) },
    },
  ];
  const sub = { ...base, isSidechain: true, agentId: AGENT };
  const resumeAgent = [
    { ...sub, type: 'user', uuid: 's5', parentUuid: 's4', timestamp: '2026-05-04T09:01:03.000Z', message: { role: 'user', content: 'Also list the tests that read it.' } },
    {
      ...sub, type: 'assistant', uuid: 's6', parentUuid: 's5', timestamp: '2026-05-04T09:01:09.000Z', requestId: 'req_s3',
      message: { id: 'msg_s3', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [{ type: 'text', text: 'test/config.test.ts' }], stop_reason: null, stop_sequence: null, usage: usage(8, 200, 6100, 1) },
    },
  ];
  const more = (lines: unknown[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
  const outputs = [false, true].map((pieces) =>
    withTempStore((store, dir) => {
      const { parent, agent } = write(dir, FINAL);
      if (pieces) {
        importFile(store, claude, parent);
        importFile(store, claude, agent);
      }
      appendFileSync(parent, more(resumeParent));
      appendFileSync(agent, more(resumeAgent));
      importFile(store, claude, agent);
      importFile(store, claude, parent);
      const got = figures(store).calls;
      rebuildIndex(store);
      assert.deepEqual(figures(store).calls, got, 'rebuilt');
      return got;
    }),
  );
  assert.deepEqual(outputs[0], [120, 361, 500]);
  assert.deepEqual(outputs[1], outputs[0]);
});
