// Real-format transcripts with every planted fake secret in every field kind: prompts,
// thinking, assistant text, shell commands, tool output, file content (Write, apply_patch),
// reasoning summaries, both Codex streams. Shared by the CLI and HTTP leak tests.
import { PLANTED_SECRETS } from './secrets.ts';

/** Output longer than the index's preview: the secret after it is shown only in the whole text,
 * which is derived from the sealed line on request. */
const LONG_OUTPUT = 'step ok\n'.repeat(60);

export function plantedClaudeSession(id: string): string {
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
    // In a file path a call names (the session's files list shows them).
    lines.push(asst([{ type: 'tool_use', id: `toolu_leakpath${i}`, name: 'Read', input: { file_path: `/home/dev/leaky/backup-${v}.txt` } }]));
    lines.push({ ...base('user'), message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_leakpath${i}`, content: 'File does not exist.', is_error: true }] } });
  });
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

export function plantedCodexSession(id: string): string {
  let n = 0;
  const ts = () => `2026-03-02T09:${String(Math.floor(++n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.000Z`;
  const env = (type: string, payload: unknown) => JSON.stringify({ timestamp: ts(), type, payload });
  const lines = [env('session_meta', { id, timestamp: ts(), cwd: '/home/dev/leaky', originator: 'codex_cli_rs', cli_version: '0.63.0', git: { repository_url: 'https://github.com/dev/leaky.git', branch: 'main' } })];
  lines.push(env('turn_context', { cwd: '/home/dev/leaky', model: 'gpt-5.1-codex', approval_policy: 'on-request', sandbox_policy: { type: 'workspace-write' } }));
  const total = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
  PLANTED_SECRETS.forEach((s, i) => {
    const v = s.value;
    lines.push(env('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: `use this key ${v}` }] }));
    lines.push(env('event_msg', { type: 'user_message', message: `use this key ${v}`, images: [] }));
    lines.push(env('response_item', { type: 'reasoning', summary: [{ type: 'summary_text', text: `**Configuring** with ${v}` }], content: null, encrypted_content: 'gAAAAABo' }));
    const call = `call_leak${String(i).padStart(19, '0')}`;
    lines.push(env('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `curl -H 'X-Key: ${v}' https://api.example.test`, workdir: '/home/dev/leaky' }), call_id: call }));
    lines.push(env('response_item', { type: 'function_call_output', call_id: call, output: `Chunk ID: 1\nWall time: 0.1 seconds\nProcess exited with code 0\nOriginal token count: 5\nOutput:\n${LONG_OUTPUT}echoed ${v}` }));
    const patch = `pcall_leak${String(i).padStart(18, '0')}`;
    lines.push(env('response_item', { type: 'custom_tool_call', call_id: patch, name: 'apply_patch', input: `*** Begin Patch\n*** Add File: config/secrets.yml\n+api:\n+  token: ${v}\n*** End Patch\n` }));
    lines.push(env('response_item', { type: 'custom_tool_call_output', call_id: patch, output: JSON.stringify({ output: 'Success. Updated the following files:\nA config/secrets.yml\n', metadata: { exit_code: 0, duration_seconds: 0.1 } }) }));
    const last = { input_tokens: 100 + i, cached_input_tokens: 50, output_tokens: 10, reasoning_output_tokens: 2, total_tokens: 110 + i };
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += last[k];
    lines.push(env('event_msg', { type: 'token_count', info: { total_token_usage: { ...total }, last_token_usage: last, model_context_window: 272000 }, rate_limits: null }));
    lines.push(env('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Configured ${v} for you.` }] }));
    lines.push(env('event_msg', { type: 'agent_message', message: `Configured ${v} for you.` }));
  });
  return `${lines.join('\n')}\n`;
}
