// The privacy bar: fake secrets of every SPEC §6 kind, planted in every field kind of real-format
// transcripts, never appear in plaintext anywhere under the store or in any CLI output.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { allFiles, cli, type CliResult, jsonl, tempEnv } from './helpers/env.ts';
import { findLeaks, PLANTED_SECRETS } from './helpers/secrets.ts';

const t = tempEnv();
const outputs: { what: string; r: CliResult }[] = [];
const run = (args: string[]): CliResult => {
  const r = cli(t.env, args);
  outputs.push({ what: args.join(' '), r });
  return r;
};

function claudeSession(id: string): string {
  const lines: unknown[] = [];
  let n = 0;
  const base = (type: string) => ({
    parentUuid: null, isSidechain: false, userType: 'external', cwd: '/home/dev/leaky', sessionId: id, version: '2.1.20',
    type, uuid: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, timestamp: `2026-03-01T10:${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.000Z`,
  });
  PLANTED_SECRETS.forEach((s, i) => {
    const v = s.value;
    lines.push({ ...base('user'), message: { role: 'user', content: `Here is my credential, please configure it: ${v}` } });
    const msg = { id: `msg_leak_${i}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', stop_reason: null, usage: { input_tokens: 3, cache_creation_input_tokens: 10, cache_read_input_tokens: 100, output_tokens: 20 } };
    const asst = (content: unknown[]) => ({ ...base('assistant'), requestId: `req_leak_${i}`, message: { ...msg, content } });
    lines.push(asst([{ type: 'thinking', thinking: `The user pasted ${v}; I should store it in .env`, signature: 'c2ln' }]));
    lines.push(asst([{ type: 'text', text: `I will write ${v} into the config.` }]));
    lines.push(asst([{ type: 'tool_use', id: `toolu_leakbash${i}`, name: 'Bash', input: { command: `export TOKEN_VALUE='${v}' && ./deploy.sh`, description: 'deploy' } }]));
    lines.push({ ...base('user'), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_leakbash${i}`, content: `Exit code 1\ndeploy failed: rejected ${v}`, is_error: true }] }, toolUseResult: `Error: Exit code 1\ndeploy failed: rejected ${v}` });
    lines.push(asst([{ type: 'tool_use', id: `toolu_leakwrite${i}`, name: 'Write', input: { file_path: '/home/dev/leaky/.env', content: `# config\nVALUE=${v}\n` } }]));
    lines.push({ ...base('user'), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_leakwrite${i}`, content: 'File created successfully' }] }, toolUseResult: { type: 'create', filePath: '/home/dev/leaky/.env', content: `# config\nVALUE=${v}\n`, structuredPatch: [] } });
    lines.push(asst([{ type: 'tool_use', id: `toolu_leakread${i}`, name: 'Read', input: { file_path: '/home/dev/leaky/settings.json' } }]));
    lines.push({ ...base('user'), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_leakread${i}`, content: `     1→{"service": {"credential": "${v.replace(/"/g, '\\"')}"}}` }] } });
  });
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

function codexSession(id: string): string {
  let n = 0;
  const ts = () => `2026-03-02T09:${String(Math.floor(++n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.000Z`;
  const env = (type: string, payload: unknown) => JSON.stringify({ timestamp: ts(), type, payload });
  const lines = [env('session_meta', { id, timestamp: ts(), cwd: '/home/dev/leaky', originator: 'codex_cli_rs', cli_version: '0.63.0', git: { repository_url: 'https://github.com/dev/leaky.git', branch: 'main' } })];
  lines.push(env('turn_context', { cwd: '/home/dev/leaky', model: 'gpt-5.1-codex', approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write' } }));
  PLANTED_SECRETS.forEach((s, i) => {
    const v = s.value;
    lines.push(env('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: `use this key ${v}` }] }));
    lines.push(env('event_msg', { type: 'user_message', message: `use this key ${v}`, images: [] }));
    lines.push(env('response_item', { type: 'reasoning', summary: [{ type: 'summary_text', text: `**Configuring** with ${v}` }], content: null, encrypted_content: 'gAAAAABo' }));
    const call = `call_leak${String(i).padStart(19, '0')}`;
    lines.push(env('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `curl -H 'X-Key: ${v}' https://api.example.test`, workdir: '/home/dev/leaky' }), call_id: call }));
    lines.push(env('response_item', { type: 'function_call_output', call_id: call, output: `Chunk ID: 1\nWall time: 0.1 seconds\nProcess exited with code 0\nOriginal token count: 5\nOutput:\nechoed ${v}` }));
    const patch = `pcall_leak${String(i).padStart(18, '0')}`;
    lines.push(env('response_item', { type: 'custom_tool_call', call_id: patch, name: 'apply_patch', input: `*** Begin Patch\n*** Add File: config/secrets.yml\n+api:\n+  token: ${v}\n*** End Patch\n` }));
    lines.push(env('response_item', { type: 'custom_tool_call_output', call_id: patch, output: JSON.stringify({ output: 'Success. Updated the following files:\nA config/secrets.yml\n', metadata: { exit_code: 0, duration_seconds: 0.1 } }) }));
    lines.push(env('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Configured ${v} for you.` }] }));
    lines.push(env('event_msg', { type: 'agent_message', message: `Configured ${v} for you.` }));
  });
  return `${lines.join('\n')}\n`;
}

const CLAUDE_ID = 'aaaaaaaa-1111-4222-8333-444444444444';
const CODEX_ID = '019c0000-1111-7222-8333-444444444444';

before(() => {
  const cdir = join(t.dir, 'claude', 'projects', '-home-dev-leaky');
  mkdirSync(cdir, { recursive: true });
  writeFileSync(join(cdir, `${CLAUDE_ID}.jsonl`), claudeSession(CLAUDE_ID));
  const xdir = join(t.dir, 'codex', 'sessions', '2026', '03', '02');
  mkdirSync(xdir, { recursive: true });
  writeFileSync(join(xdir, `rollout-2026-03-02T09-00-00-${CODEX_ID}.jsonl`), codexSession(CODEX_ID));
  t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'claude');
  t.env['CODEX_HOME'] = join(t.dir, 'codex');
});
after(() => t.cleanup());

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
