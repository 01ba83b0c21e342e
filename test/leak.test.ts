// The privacy bar: fake secrets of every SPEC §6 kind, planted in every field kind of real-format
// transcripts, never appear in plaintext anywhere under the store or in any CLI output.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { allFiles, cli, type CliResult, jsonl, tempEnv } from './helpers/env.ts';
import { plantedClaudeSession as claudeSession, plantedCodexSession as codexSession } from './helpers/planted-transcripts.ts';
import { findLeaks, PLANTED_SECRETS } from './helpers/secrets.ts';

const t = tempEnv();
const outputs: { what: string; r: CliResult }[] = [];
const run = (args: string[]): CliResult => {
  const r = cli(t.env, args);
  outputs.push({ what: args.join(' '), r });
  return r;
};

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
