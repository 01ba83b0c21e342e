import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLAG } from '../store/schema.ts';
import { cleanTimestamp, PREVIEW_MAX, prepareEvent, prepareSession } from './prepare.ts';

test('times are stored as UTC with milliseconds; a time without a zone is UTC; an impossible day is no time', () => {
  assert.equal(cleanTimestamp('2026-03-01T10:00:00.000Z'), '2026-03-01T10:00:00.000Z');
  assert.equal(cleanTimestamp('2025-07-03T15:50:07.874310Z'), '2025-07-03T15:50:07.874Z');
  assert.equal(cleanTimestamp('2026-03-01T12:00:00+02:00'), '2026-03-01T10:00:00.000Z');
  assert.equal(cleanTimestamp('2026-01-31T12:00:00'), '2026-01-31T12:00:00.000Z', 'not read in the machine\'s zone');
  assert.equal(cleanTimestamp('2026-01-31T12:00'), '2026-01-31T12:00:00.000Z');
  for (const bad of ['2026-02-30T10:00:00.000Z', '2026-02-30T10:00:00Z', '2026-13-01T00:00:00Z', 'yesterday', '', undefined]) assert.equal(cleanTimestamp(bad), null, String(bad));
});

test('the stored preview is cut before a [REDACTED:kind] marker it would split, never inside it', () => {
  const text = `${'x'.repeat(PREVIEW_MAX - 8)} token ghp_${'A1b2C3d4'.repeat(5)} and more after it`;
  const row = prepareEvent({ kind: 'assistant_text', subtype: 'assistant/text', sessionId: 's', text }, {});
  assert.equal(row.text, `${'x'.repeat(PREVIEW_MAX - 8)} token`);
  assert.equal(row.flags & FLAG.truncated, FLAG.truncated);
  assert.ok(row.searchText?.includes('[REDACTED:github] and more after it'));
});

test("a secret in a call's arguments is redacted where its output prints it back", () => {
  const row = prepareEvent(
    {
      kind: 'tool_result',
      subtype: 'event_msg/mcp_tool_call_end',
      sessionId: 's',
      text: 'connected as admin with Qz7Xw3Ec9Rv5Tb1Yn',
      tool: { callId: 'c1', name: 'mcp__db__query', input: JSON.stringify({ user: 'admin', password: 'Qz7Xw3Ec9Rv5Tb1Yn' }) },
    },
    {},
  );
  assert.equal(row.text, 'connected as admin with [REDACTED:secret_assignment]');
});

test("a secret the command line shows is redacted in the call's text, where its argv is JSON array elements", () => {
  const argv = ['net', 'use', 'Z:', '\\\\fs\\share', '/user:CORP\\svc', 'eH#Z5td^sIkLZF1l', '/persistent:no'];
  const input = JSON.stringify({ command: argv });
  const row = prepareEvent(
    { kind: 'tool_call', subtype: 'response_item/function_call', sessionId: 's', tool: { callId: 'c1', name: 'shell', input, argv, command: argv.join(' ') } },
    {},
  );
  assert.ok(!row.searchText?.includes('eH#Z5td'), row.searchText ?? '');
  assert.ok(!row.command?.includes('eH#Z5td'), row.command ?? '');
});

test('an argv whose JSON form a value rule breaks (an unclosed quote after a keyword) is redacted element by element', () => {
  const argv = ['rg', '-n', "password='", 'src'];
  const row = prepareEvent(
    { kind: 'tool_call', subtype: 'response_item/local_shell_call', sessionId: 's', tool: { callId: 'c1', name: 'local_shell', input: JSON.stringify(argv), argv, command: argv.join(' ') } },
    {},
  );
  assert.match(row.command ?? '', /^rg -n /);
});

test('a working directory or branch named with a generated value shows it redacted in the session row, as its stored project folder does; ordinary names stay', () => {
  const row = (cwd: string, gitBranch: string) => {
    const counts: Record<string, number> = {};
    const r = prepareSession({ id: 'x', provider: 'claude', cwd, gitBranch } as Parameters<typeof prepareSession>[0], counts);
    return { cwd: r.cwd, branch: r.gitBranch, counts };
  };
  assert.deepEqual(row('/home/dev/work/tok_Kq7bXa3mP9zL2wR5Tz8WvQ1n', 'hotfix/Gh7Tk2Qw9Lz4Xv8NpRq1WeRtYu'), {
    cwd: '/home/dev/work/tok_[REDACTED:secret_assignment]',
    branch: 'hotfix/[REDACTED:secret_assignment]',
    counts: { secret_assignment: 2 },
  });
  assert.deepEqual(row('/home/dev/projects/TypeScriptReactReduxApp2024', 'feature/JIRA-1234-add-API-keys-v2'), {
    cwd: '/home/dev/projects/TypeScriptReactReduxApp2024',
    branch: 'feature/JIRA-1234-add-API-keys-v2',
    counts: {},
  });
  assert.equal(row('/home/dev/app', 'dependabot/npm_and_yarn/lodash-4.17.21').branch, 'dependabot/npm_and_yarn/lodash-4.17.21');
});

test('a generated folder in a working directory is cut at its own name, remembered for the events, and Claude Code session ids in branch names stay', async () => {
  const { SecretMemory } = await import('../redact/memory.ts');
  const { redactTextCounted } = await import('../redact/redact.ts');
  const memory = new SecretMemory();
  const r = prepareSession({ id: 'x', provider: 'claude', cwd: '/home/dev/worktrees/Xk9fP2mQ7vLr8sTn3WbYq2Lm/src/app', gitBranch: 'claude/fix-login-bug-011CUAbc3XyZ9kLmN7pQrS2t' } as Parameters<typeof prepareSession>[0], {}, memory);
  assert.equal(r.cwd, '/home/dev/worktrees/[REDACTED:secret_assignment]/src/app');
  assert.equal(r.gitBranch, 'claude/fix-login-bug-011CUAbc3XyZ9kLmN7pQrS2t');
  assert.equal(redactTextCounted('Read /home/dev/worktrees/Xk9fP2mQ7vLr8sTn3WbYq2Lm/src/app/main.ts', {}, undefined, memory), 'Read /home/dev/worktrees/[REDACTED:secret_assignment]/src/app/main.ts');
});
