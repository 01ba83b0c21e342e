// Writes small transcript trees in the real Claude Code and Codex formats, for tests that
// need many lines (crash safety, concurrency, incremental import). Content is ours.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const uuid = (n: number, salt: number): string => {
  const h = ((n * 2654435761) ^ (salt * 40503)) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(4, 7)}-${hex}${hex.slice(0, 4)}`;
};

export function claudeLines(session: string, turns: number, cwd = '/home/dev/app'): string[] {
  const lines: string[] = [];
  let parent: string | null = null;
  let t = Date.parse('2026-03-01T10:00:00.000Z');
  const tick = (ms: number) => {
    t += ms;
    return new Date(t).toISOString();
  };
  const base = (type: string, n: number) => {
    const u = uuid(n, 7);
    const o = { parentUuid: parent, isSidechain: false, userType: 'external', cwd, sessionId: session, version: '2.1.20', gitBranch: 'main', type, uuid: u, timestamp: tick(1500) };
    parent = u;
    return o;
  };
  for (let i = 0; i < turns; i++) {
    lines.push(JSON.stringify({ ...base('user', i * 10 + 1), message: { role: 'user', content: `Please run the tests for module ${i} and fix failures` } }));
    const msg = `msg_${session.slice(0, 8)}_${i}`;
    const usage = { input_tokens: 5 + i, cache_creation_input_tokens: 100, cache_read_input_tokens: 2000 + i, output_tokens: 40 + i, service_tier: 'standard' };
    const asst = (n: number, content: unknown[]) => ({ ...base('assistant', n), requestId: `req_${session.slice(0, 8)}_${i}`, message: { id: msg, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content, stop_reason: null, stop_sequence: null, usage } });
    lines.push(JSON.stringify(asst(i * 10 + 2, [{ type: 'text', text: `Running the test suite for module ${i}.` }])));
    const tool = `toolu_${session.slice(0, 6)}${String(i).padStart(6, '0')}`;
    lines.push(JSON.stringify(asst(i * 10 + 3, [{ type: 'tool_use', id: tool, name: 'Bash', input: { command: `npm test -- module${i}`, description: 'Run tests' } }])));
    const fail = i % 3 === 0;
    lines.push(JSON.stringify({
      ...base('user', i * 10 + 4),
      message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: tool, content: fail ? `Exit code 1\nFAIL module${i}.test.ts` : `PASS module${i}.test.ts\nTests: 12 passed`, is_error: fail }] },
      toolUseResult: fail ? `Error: Exit code 1` : { stdout: `PASS module${i}.test.ts`, stderr: '', interrupted: false, isImage: false },
    }));
  }
  return lines;
}

export function codexLines(id: string, turns: number): string[] {
  let t = Date.parse('2026-03-02T09:00:00.000Z');
  const ts = () => {
    t += 1000;
    return new Date(t).toISOString();
  };
  const env = (type: string, payload: unknown) => JSON.stringify({ timestamp: ts(), type, payload });
  const lines = [env('session_meta', { id, timestamp: ts(), cwd: '/home/dev/svc', originator: 'codex_cli_rs', cli_version: '0.63.0', instructions: null, git: { commit_hash: 'abc123', branch: 'main' } })];
  const total = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
  for (let i = 0; i < turns; i++) {
    lines.push(env('turn_context', { cwd: '/home/dev/svc', approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write' }, model: 'gpt-5.1-codex', summary: 'auto' }));
    lines.push(env('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: `build step ${i} please` }] }));
    lines.push(env('event_msg', { type: 'user_message', message: `build step ${i} please`, images: [] }));
    const call = `call_${id.slice(0, 8)}${String(i).padStart(16, '0')}`;
    lines.push(env('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `make step${i}`, workdir: '/home/dev/svc' }), call_id: call }));
    const code = i % 4 === 0 ? 2 : 0;
    lines.push(env('response_item', { type: 'function_call_output', call_id: call, output: `Chunk ID: a${i}\nWall time: 0.${i}5 seconds\nProcess exited with code ${code}\nOriginal token count: 9\nOutput:\nstep ${i} ${code ? 'failed' : 'ok'}` }));
    const last = { input_tokens: 1000 + i, cached_input_tokens: 800, output_tokens: 50 + i, reasoning_output_tokens: 10, total_tokens: 1050 + 2 * i };
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += last[k];
    lines.push(env('event_msg', { type: 'token_count', info: { total_token_usage: { ...total }, last_token_usage: last, model_context_window: 272000 }, rate_limits: null }));
    lines.push(env('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Step ${i} done.` }] }));
    lines.push(env('event_msg', { type: 'agent_message', message: `Step ${i} done.` }));
  }
  return lines;
}

/** A tree with `sessions` Claude sessions and `sessions` Codex rollouts of `turns` turns each. */
export function writeCorpus(root: string, sessions: number, turns: number): { claude: string; codex: string; files: string[] } {
  const claude = join(root, 'claude', 'projects');
  const codex = join(root, 'codex', 'sessions');
  const files: string[] = [];
  for (let s = 0; s < sessions; s++) {
    const dir = join(claude, `-home-dev-app${s % 3}`);
    mkdirSync(dir, { recursive: true });
    const id = uuid(s + 1, 99);
    const p = join(dir, `${id}.jsonl`);
    writeFileSync(p, `${claudeLines(id, turns).join('\n')}\n`);
    files.push(p);
    const cdir = join(codex, '2026', '03', String(2 + (s % 5)).padStart(2, '0'));
    mkdirSync(cdir, { recursive: true });
    const cid = uuid(s + 1, 13);
    const cp = join(cdir, `rollout-2026-03-02T09-00-${String(s % 60).padStart(2, '0')}-${cid}.jsonl`);
    writeFileSync(cp, `${codexLines(cid, turns).join('\n')}\n`);
    files.push(cp);
  }
  return { claude, codex, files };
}
