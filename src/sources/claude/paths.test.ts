import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { claudeAdapter } from './index.ts';
import { describeFile, readAgentMeta } from './paths.ts';

const PROJECTS = join(import.meta.dirname, '../../../test/fixtures/claude/projects');
const MAIN = '5f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const NEW = '0b7e6f1a-2c3d-4e5f-8a9b-c0d1e2f3a4b5';

describe('claude paths', () => {
  it('defaults to ~/.claude/projects and honours CLAUDE_CONFIG_DIR (comma-separated)', () => {
    assert.deepEqual(claudeAdapter.defaultRoots({ home: '/home/u', env: {} }), ['/home/u/.claude/projects']);
    assert.deepEqual(claudeAdapter.defaultRoots({ home: '/home/u', env: { CLAUDE_CONFIG_DIR: '/cfg/claude' } }), [
      '/cfg/claude/projects',
    ]);
    assert.deepEqual(claudeAdapter.defaultRoots({ home: '/home/u', env: { CLAUDE_CONFIG_DIR: '/a, /b' } }), [
      '/a/projects',
      '/b/projects',
    ]);
  });

  it('takes .jsonl transcripts only', () => {
    assert.equal(claudeAdapter.isTranscript(`/p/-x/${MAIN}.jsonl`), true);
    assert.equal(claudeAdapter.isTranscript(`/p/-x/${NEW}/subagents/agent-a1.jsonl`), true);
    assert.equal(claudeAdapter.isTranscript(`/p/-x/${NEW}/subagents/agent-a1.meta.json`), false);
    assert.equal(claudeAdapter.isTranscript('/p/-x/notes.txt'), false);
  });

  it('keys streams by identity, not by the folder the project lives in', () => {
    const key = claudeAdapter.streamKey;
    assert.equal(key(`/home/a/.claude/projects/-home-a-app/${MAIN}.jsonl`), MAIN);
    assert.equal(key(`/mnt/backup/projects/-other/${MAIN}.jsonl`), MAIN);
    assert.equal(key(`/p/-x/${NEW}/subagents/agent-a1b2c3d4e5f6a7b8c.jsonl`), `${NEW}/agent-a1b2c3d4e5f6a7b8c`);
    assert.equal(key(`/elsewhere/${NEW}/subagents/agent-a1b2c3d4e5f6a7b8c.jsonl`), `${NEW}/agent-a1b2c3d4e5f6a7b8c`);
    assert.equal(key('/p/-x/agent-3f2a9c1b.jsonl'), '-x/agent-3f2a9c1b');
    assert.equal(key('/backup/-x/agent-3f2a9c1b.jsonl'), '-x/agent-3f2a9c1b');
    // Names that are not session uuids are only unique with their folder.
    assert.equal(key('/p/fixtures/edge_cases.jsonl'), '/p/fixtures/edge_cases.jsonl');
  });

  it('describes the three layouts', () => {
    assert.deepEqual(describeFile(`/p/-x/${MAIN}.jsonl`), { stem: MAIN, layout: 'main', uuidStem: true });
    assert.deepEqual(describeFile('/p/-x/agent-3f2a9c1b.jsonl'), {
      stem: 'agent-3f2a9c1b',
      layout: 'legacy',
      agentId: '3f2a9c1b',
      uuidStem: false,
    });
    assert.deepEqual(describeFile(`/p/-x/${NEW}/subagents/agent-a1.jsonl`), {
      stem: 'agent-a1',
      layout: 'subagents',
      agentId: 'a1',
      parentFromPath: NEW,
      uuidStem: false,
    });
  });

  it('reads the sibling meta.json of a subagent, and tolerates its absence', () => {
    const sub = join(PROJECTS, `-home-dev-app/${NEW}/subagents/agent-a1b2c3d4e5f6a7b8c.jsonl`);
    assert.deepEqual(readAgentMeta(sub), { agentType: 'Explore', description: 'Find config loaders' });
    assert.equal(readAgentMeta(join(PROJECTS, '-home-dev-app/agent-3f2a9c1b.jsonl')), undefined);
  });

  // (The timeout: a regression would wait on the pipe forever.)
  it('a named pipe or a device under the meta.json name is not read (an audit: a pipe stopped the import for good)', { timeout: 10_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-meta-'));
    try {
      const sub = join(dir, 'agent-a1.jsonl');
      // No writer ever opens the pipe: reading it the usual way would wait forever.
      assert.equal(spawnSync('mkfifo', [join(dir, 'agent-a1.meta.json')]).status, 0);
      assert.equal(readAgentMeta(sub), undefined);
      symlinkSync('/dev/zero', join(dir, 'agent-a2.meta.json'));
      assert.equal(readAgentMeta(join(dir, 'agent-a2.jsonl')), undefined);
      writeFileSync(join(dir, 'agent-a3.meta.json'), '{"agentType":"Plan"}');
      assert.deepEqual(readAgentMeta(join(dir, 'agent-a3.jsonl')), { agentType: 'Plan' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
