import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { sumUsage } from '../../core/tokens.ts';
import type { NormalizedEvent, ParsedLine, SessionPatch } from '../../core/types.ts';
import type { ParserState } from '../types.ts';
import { claudeAdapter } from './index.ts';
import { CAPS } from './state.ts';

const PROJECTS = join(import.meta.dirname, '../../../test/fixtures/claude/projects');
const S1 = '5f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const S2 = '0b7e6f1a-2c3d-4e5f-8a9b-c0d1e2f3a4b5';
const S3 = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';

const fileLines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');

function parseFile(rel: string, saved?: ParserState, from = 0): ParsedLine[] {
  const path = join(PROJECTS, rel);
  const parser = claudeAdapter.createParser(path, saved);
  return fileLines(path)
    .slice(from)
    .map((l, i) => parser.parseLine(l, i));
}

/** Session patches merged field by field, later non-empty wins. */
function merged(lines: ParsedLine[]): Map<string, SessionPatch> {
  const out = new Map<string, SessionPatch>();
  for (const p of lines.flatMap((l) => l.sessions)) out.set(p.id, { ...out.get(p.id), ...p });
  return out;
}

const events = (lines: ParsedLine[]): NormalizedEvent[] => lines.flatMap((l) => l.events);

describe('claude sub-agents', () => {
  it('legacy agent-<id>.jsonl is its own session under the lines’ parent sessionId', () => {
    const lines = parseFile('-home-dev-app/agent-3f2a9c1b.jsonl');
    const id = `${S1}.agent-3f2a9c1b`;
    assert.deepEqual([...merged(lines).values()], [
      {
        id,
        provider: 'claude',
        isSubagent: true,
        parentId: S1,
        agentId: '3f2a9c1b',
        cwd: '/home/dev/app',
        gitBranch: 'main',
        cliVersion: '2.0.42',
        startedAt: '2025-11-20T09:01:05.000Z',
      },
    ]);
    const evs = events(lines);
    assert.ok(evs.every((e) => e.sessionId === id));
    assert.deepEqual(
      evs.map((e) => e.kind),
      ['user_prompt', 'tool_call', 'tool_result', 'assistant_text'],
    );
    const grep = evs.find((e) => e.kind === 'tool_result');
    assert.equal(grep?.tool?.durationMs, 14);
    assert.deepEqual(sumUsage(evs.flatMap((e) => (e.usage ? [e.usage] : []))), {
      input: 4 + 500 + 6000 + 4 + 8000,
      cacheRead: 14000,
      cacheWrite: 500,
      output: 210,
      reasoning: 0,
    });
  });

  it('subagents/agent-<id>.jsonl takes its parent from the folder and its type from meta.json', () => {
    const lines = parseFile(`-home-dev-app/${S2}/subagents/agent-a1b2c3d4e5f6a7b8c.jsonl`);
    const s = merged(lines).get(`${S2}.agent-a1b2c3d4e5f6a7b8c`);
    assert.deepEqual(
      [s?.isSubagent, s?.parentId, s?.agentId, s?.agentType, s?.originator],
      [true, S2, 'a1b2c3d4e5f6a7b8c', 'Explore', 'cli'],
    );
    const bash = events(lines).find((e) => e.kind === 'tool_result');
    assert.deepEqual([bash?.tool?.name, bash?.tool?.exitCode], ['Bash', 0]);
  });

  it('the parent’s Agent result names the subagent session and the call that started it', () => {
    const lines = parseFile(`-home-dev-app/${S2}.jsonl`);
    const res = events(lines).find((e) => e.tool?.callId === 'toolu_02Agent1' && e.kind === 'tool_result');
    assert.equal(res?.spawnedSessionId, `${S2}.agent-a1b2c3d4e5f6a7b8c`);
    assert.deepEqual(merged(lines).get(`${S2}.agent-a1b2c3d4e5f6a7b8c`), {
      id: `${S2}.agent-a1b2c3d4e5f6a7b8c`,
      provider: 'claude',
      isSubagent: true,
      agentId: 'a1b2c3d4e5f6a7b8c',
      parentCallId: 'toolu_02Agent1',
      agentType: 'Explore',
    });
    assert.deepEqual(
      events(lines)
        .filter((e) => e.kind === 'meta')
        .map((e) => [e.subtype, e.text]),
      [
        ['permission-mode', 'acceptEdits'],
        ['attachment/hook_success', 'ready'],
        ['last-prompt', 'where do we load config files? use a subagent'],
        ['ai-title', 'Locate config loaders'],
      ],
    );
  });

  it('inline sidechains become sessions linked to the Task call whose prompt they carry', () => {
    const lines = parseFile(`-home-dev-legacy/${S3}.jsonl`);
    const sideA = `${S3}.side-50000000-0000-4000-8000-000000000004`;
    const sideB = `${S3}.side-50000000-0000-4000-8000-000000000003`;
    const sessions = merged(lines);
    assert.deepEqual([...sessions.keys()], [S3, sideB, sideA]);
    // B's root comes first although Task A was called first: matched by prompt, not by order.
    assert.deepEqual(
      [sessions.get(sideA)?.parentCallId, sessions.get(sideB)?.parentCallId],
      ['toolu_03TaskA', 'toolu_03TaskB'],
    );
    assert.deepEqual([sessions.get(sideA)?.parentId, sessions.get(sideA)?.isSubagent], [S3, true]);
    const evs = events(lines);
    const where = (sid: string): string[] => evs.filter((e) => e.sessionId === sid).map((e) => e.kind);
    assert.deepEqual(where(sideB), ['user_prompt', 'tool_call', 'tool_result', 'assistant_text']);
    assert.deepEqual(where(sideA), ['user_prompt', 'assistant_text']);
    const spawned = evs.filter((e) => e.spawnedSessionId).map((e) => [e.tool?.callId, e.spawnedSessionId]);
    assert.deepEqual(spawned, [
      ['toolu_03TaskA', sideA],
      ['toolu_03TaskB', sideB],
    ]);
    assert.equal(lines.at(-1)?.unknownType, 'mystery-line');
    assert.equal(sessions.get(sideA)?.agentType, undefined, 'a Task call of 1.0 names no type');
  });

  it("an inline sidechain takes its Task call's subagent_type", () => {
    const path = join(PROJECTS, `-home-dev-legacy/${S3}.jsonl`);
    const parser = claudeAdapter.createParser(path);
    const lines = fileLines(path).map((l, i) => parser.parseLine(l.includes('"id":"toolu_03TaskA"') ? l.replace('"input":{', '"input":{"subagent_type":"Explore",') : l, i));
    const sessions = merged(lines);
    assert.deepEqual([sessions.get(`${S3}.side-50000000-0000-4000-8000-000000000004`)?.agentType, sessions.get(`${S3}.side-50000000-0000-4000-8000-000000000003`)?.agentType], ['Explore', undefined]);
  });
});

describe('claude parser state', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.jsonl') ? [join(dir, d.name)] : [],
    );

  it('resuming from a snapshot at any line parses the rest exactly as a full read', () => {
    for (const path of files(PROJECTS)) {
      const rel = relative(PROJECTS, path);
      const full = parseFile(rel);
      for (let k = 1; k < full.length; k++) {
        const p = claudeAdapter.createParser(path);
        const lines = fileLines(path);
        for (const [i, l] of lines.slice(0, k).entries()) p.parseLine(l, i);
        const saved = JSON.parse(JSON.stringify(p.snapshot())) as ParserState;
        const resumed = claudeAdapter.createParser(path, saved);
        const got = lines.slice(k).map((l, i) => resumed.parseLine(l, k + i));
        assert.deepEqual(got, full.slice(k), `${rel} resumed at line ${k}`);
      }
    }
  });

  it('stays bounded however many calls are left open', () => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`);
    for (let i = 0; i < 5000; i++) {
      const content = [{ type: 'tool_use', id: `toolu_${i}`, name: 'Task', input: { prompt: 'x'.repeat(500) } }];
      p.parseLine(JSON.stringify({ type: 'assistant', uuid: `u${i}`, message: { content } }), i);
      p.parseLine(JSON.stringify({ type: 'user', isSidechain: true, uuid: `s${i}`, parentUuid: null }), i);
    }
    const state = p.snapshot();
    assert.equal((state.calls as unknown[]).length, CAPS.calls);
    assert.ok((state.tasks as unknown[]).length <= CAPS.tasks);
    assert.equal((state.side as unknown[]).length, CAPS.side);
    assert.equal((state.sessions as unknown[]).length, CAPS.sessions);
    assert.ok(JSON.stringify(state).length < 64 * 1024);
  });

  it('ignores a corrupt saved state instead of throwing', () => {
    const p = claudeAdapter.createParser(`/p/-x/${S1}.jsonl`, { sessions: 'nope', calls: [[1, 2], 'x'], side: null });
    assert.equal(p.parseLine('{"type":"summary","summary":"s"}', 0).events[0]?.sessionId, S1);
  });
});

describe('claude files renamed around their session id', () => {
  it('take the UUID in the name when the first line names no session (a file-history snapshot), so no line reads as copied', () => {
    const id = '7e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b';
    const base = { sessionId: id, cwd: '/home/dev', version: '2.0.76', isSidechain: false, userType: 'external' };
    const lines = [
      { type: 'file-history-snapshot', messageId: 'm1', snapshot: { messageId: 'm1', trackedFileBackups: {}, timestamp: '2026-01-01T10:00:00.000Z' }, isSnapshotUpdate: false },
      { ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-01-01T10:00:01.000Z', message: { role: 'user', content: 'fix the date test' } },
    ];
    for (const name of [`backup-${id}.jsonl`, `export__${id.toUpperCase()}.jsonl`]) {
      const parser = claudeAdapter.createParser(`/tmp/projects/-home-dev/${name}`);
      const evs = lines.flatMap((l, i) => parser.parseLine(JSON.stringify(l), i).events);
      assert.deepEqual([...new Set(evs.map((e) => e.sessionId))], [id], name);
      assert.equal(evs.filter((e) => e.copied).length, 0, name);
    }
  });
});

describe('claude files named without a session id', () => {
  it('opening with a summary line: the session is named by the file and no line reads as copied', () => {
    const id = '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a';
    const base = { sessionId: id, cwd: '/home/dev', version: '1.0.30', isSidechain: false, userType: 'external' };
    const lines = [
      { type: 'summary', summary: 'Fix the date test', leafUuid: 'a2' },
      { ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-01-01T10:00:01.000Z', message: { role: 'user', content: 'fix the date test' } },
      {
        ...base,
        type: 'assistant',
        uuid: 'a1',
        parentUuid: 'u1',
        requestId: 'req_1',
        timestamp: '2026-01-01T10:00:02.000Z',
        message: { id: 'msg_1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'Done.' }], usage: { input_tokens: 10, output_tokens: 5 } },
      },
    ];
    const parser = claudeAdapter.createParser('/tmp/projects/-home-dev/my-export.jsonl');
    const parsed = lines.map((l, i) => parser.parseLine(JSON.stringify(l), i));
    const evs = parsed.flatMap((p) => p.events);
    assert.deepEqual([...new Set(evs.map((e) => e.sessionId))], ['my-export']);
    assert.equal(evs.filter((e) => e.copied).length, 0);
    assert.equal(sumUsage(evs.flatMap((e) => (e.usage ? [e.usage] : []))).output, 5);
  });

  it('a hand-renamed resume (its own lines after the copied ones) counts every line once, as one session', () => {
    const [a, b] = ['11111111-2222-4333-8444-555555555555', '66666666-7777-4888-9999-aaaaaaaaaaaa'];
    const line = (sid: string, uuid: string, text: string) => ({ sessionId: sid, cwd: '/home/dev', version: '2.0.76', isSidechain: false, userType: 'external', type: 'user', uuid, timestamp: '2026-01-01T10:00:01.000Z', message: { role: 'user', content: text } });
    const parser = claudeAdapter.createParser('/tmp/projects/-home-dev/renamed.jsonl');
    const evs = [line(a, 'u1', 'first'), line(b, 'u2', 'second')].flatMap((l, i) => parser.parseLine(JSON.stringify(l), i).events);
    assert.deepEqual([...new Set(evs.map((e) => e.sessionId))], [a]);
    assert.equal(evs.filter((e) => e.copied).length, 0);
  });
});
