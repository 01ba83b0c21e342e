import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callInfo, durationMs, localShellInfo, outputInfo, patchFiles, shellJoin } from './tools.ts';

describe('codex tool calls', () => {
  it('joins argv into a shell-readable command', () => {
    assert.equal(shellJoin(['bash', '-lc', 'npm test']), "bash -lc 'npm test'");
    assert.equal(shellJoin(['git', 'commit', '-m', "it's done"]), "git commit -m 'it'\\''s done'");
    assert.equal(shellJoin(['ls', '-la', 'src/a.ts']), 'ls -la src/a.ts');
  });

  it('reads command and cwd from every shell tool shape', () => {
    const shell = callInfo('shell', 'c1', JSON.stringify({ command: ['bash', '-lc', 'make check'], workdir: '/w' }), '/turn');
    assert.deepEqual(shell, { callId: 'c1', name: 'shell', input: '{"command":["bash","-lc","make check"],"workdir":"/w"}', command: "bash -lc 'make check'", argv: ['bash', '-lc', 'make check'], cwd: '/w' });
    const shellCommand = callInfo('shell_command', 'c2', JSON.stringify({ command: 'cargo test', login: true }), '/turn');
    assert.equal(shellCommand.command, 'cargo test');
    assert.equal(shellCommand.cwd, '/turn', 'a command without workdir runs in the turn cwd');
    const exec = callInfo('exec_command', 'c3', JSON.stringify({ cmd: 'pytest -q', workdir: '/repo' }), undefined);
    assert.equal(exec.command, 'pytest -q');
    assert.equal(exec.cwd, '/repo');
    const objectArgs = callInfo('exec_command', 'c4', { cmd: 'ls' }, undefined);
    assert.equal(objectArgs.input, '{"cmd":"ls"}');
    assert.equal(objectArgs.command, 'ls');
    const plan = callInfo('update_plan', 'c5', JSON.stringify({ plan: [] }), '/turn');
    assert.equal(plan.command, undefined);
    assert.equal(plan.cwd, undefined, 'no cwd for tools that run no command');
    const redacted = callInfo('exec_command', 'c6', '[REDACTED_ARGUMENTS len=456 sha=df6be51a]', '/turn');
    assert.deepEqual(redacted, { callId: 'c6', name: 'exec_command', input: '[REDACTED_ARGUMENTS len=456 sha=df6be51a]' });
  });

  it('lists the files an apply_patch touches, in any wrapper', () => {
    const patch = '*** Begin Patch\n*** Add File: a/new.ts\n+x\n*** Update File: b/old.ts\n*** Move to: b/renamed.ts\n@@\n-y\n+z\n*** Delete File: c/gone.ts\n*** End Patch\n';
    assert.deepEqual([...patchFiles(patch)], ['a/new.ts', 'b/old.ts', 'b/renamed.ts', 'c/gone.ts']);
    assert.deepEqual(callInfo('apply_patch', 'p1', patch, undefined).files, ['a/new.ts', 'b/old.ts', 'b/renamed.ts', 'c/gone.ts']);
    assert.deepEqual(callInfo('shell', 'p2', JSON.stringify({ command: ['apply_patch', patch] }), undefined).files?.length, 4);
    assert.deepEqual(callInfo('apply_patch', 'p3', JSON.stringify({ input: patch }), undefined).files?.length, 4);
    const heredoc = callInfo('shell_command', 'p4', JSON.stringify({ command: `apply_patch <<'EOF'\n${patch}EOF` }), undefined);
    assert.equal(heredoc.files?.length, 4);
    assert.deepEqual([...patchFiles('*** Update File: not/a/patch.ts')], [], 'only inside a patch envelope');
  });

  it('describes local_shell_call actions', () => {
    const tool = localShellInfo('ls1', { type: 'exec', command: ['bash', '-lc', 'go test ./...'], working_directory: '/g' }, '/turn');
    assert.equal(tool.name, 'local_shell');
    assert.equal(tool.command, "bash -lc 'go test ./...'");
    assert.equal(tool.cwd, '/g');
  });
});

describe('codex tool outputs', () => {
  it('reads exit code and duration from the JSON-string metadata form', () => {
    const out = outputInfo(JSON.stringify({ output: 'ok\n', metadata: { exit_code: 0, duration_seconds: 1.25 } }));
    assert.deepEqual(out, { tool: { durationMs: 1250, exitCode: 0 }, text: 'ok\n' });
    const failed = outputInfo(JSON.stringify({ output: 'boom', metadata: { exit_code: 2, duration_seconds: 0.1 } }));
    assert.deepEqual(failed.tool, { durationMs: 100, exitCode: 2, isError: true, errorKind: 'exit_code' });
  });

  it('reads the unified-exec and freeform text headers, only before the output body', () => {
    const unified = outputInfo('Chunk ID: ab\nWall time: 0.0516 seconds\nProcess exited with code 1\nOriginal token count: 3\nOutput:\nFAIL\n');
    assert.deepEqual(unified.tool, { exitCode: 1, isError: true, errorKind: 'exit_code', durationMs: 52 });
    const freeform = outputInfo('Exit code: 0\nWall time: 2.5 seconds\nOutput:\nall good');
    assert.deepEqual(freeform.tool, { exitCode: 0, durationMs: 2500 });
    const running = outputInfo('Chunk ID: cd\nWall time: 1.0000 seconds\nProcess running with session ID 7\nOutput:\nlistening');
    assert.deepEqual(running.tool, { durationMs: 1000 });
    const quoted = outputInfo('Chunk ID: ef\nWall time: 0.1 seconds\nProcess exited with code 0\nOutput:\nlog: Process exited with code 9\n');
    assert.equal(quoted.tool.exitCode, 0, 'a code printed by the program itself is ignored');
  });

  it('flags sandbox denials, MCP and tool errors, rejections', () => {
    assert.deepEqual(outputInfo('failed in sandbox LinuxSeccomp with execution error: sandbox denied exec error, exit code: 1, stdout: , stderr: x').tool, { isError: true, errorKind: 'sandbox', exitCode: 1 });
    assert.deepEqual(outputInfo('exec_command failed: CreateProcess { message: "Codex(Sandbox(Denied { output: ExecToolCallOutput { exit_code: 1, stdout').tool, { isError: true, errorKind: 'sandbox', exitCode: 1 });
    assert.deepEqual(outputInfo('err: "tool call failed"').tool, { isError: true, errorKind: 'mcp_error' });
    assert.deepEqual(outputInfo('error: invalid hunk at line 4').tool, { isError: true, errorKind: 'tool_error' });
    for (const refusal of [
      'apply_patch verification failed: Failed to find expected lines in /src/a.ts:\n  return 1;',
      'failed to parse function arguments: missing field `cmd` at line 1 column 2',
      'unsupported call: shell_command2',
    ]) assert.deepEqual(outputInfo(refusal).tool, { isError: true, errorKind: 'tool_error' }, refusal);
    assert.deepEqual(outputInfo('Success. Updated the following files:\nM apply_patch verification failed.md').tool, {});
    assert.deepEqual(outputInfo('exec command rejected by user').tool, { isError: true, errorKind: 'rejected' });
    assert.deepEqual(outputInfo('aborted').tool, { isError: true, errorKind: 'interrupted' });
  });

  it('does not treat redaction markers as errors', () => {
    for (const s of ['[REDACTED_OUTPUT len=120 sha=0badf00d]', 'Function output removed', '']) {
      const out = outputInfo(s);
      assert.deepEqual(out.tool, {}, s);
      assert.equal(out.text, s);
    }
  });

  it('renders content-item outputs as text, images as a placeholder', () => {
    const out = outputInfo([
      { type: 'input_text', text: 'see image' },
      { type: 'input_image', image_url: 'data:image/png;base64,AAAA' },
    ]);
    assert.equal(out.text, 'see image\n[image]');
    assert.equal(outputInfo({ type: 'input_text', text: 'a.txt\n' }).text, 'a.txt\n');
    assert.equal(outputInfo(JSON.stringify({ agent_id: 'thread-9', nickname: 'Ada' })).spawned, 'thread-9');
  });

  it('converts serde durations', () => {
    assert.equal(durationMs({ secs: 3, nanos: 412000000 }), 3412);
    assert.equal(durationMs({ secs: 0, nanos: 0 }), 0);
    assert.equal(durationMs('3s'), undefined);
  });
});
