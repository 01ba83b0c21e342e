import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codexAdapter } from './index.ts';
import { fallbackSessionId, uuidFromPath } from './paths.ts';

describe('codex paths', () => {
  it('scans sessions/ and archived_sessions/ under CODEX_HOME, default ~/.codex', () => {
    assert.deepEqual(codexAdapter.defaultRoots({ home: '/home/u', env: {} }), [
      '/home/u/.codex/sessions',
      '/home/u/.codex/archived_sessions',
    ]);
    assert.deepEqual(codexAdapter.defaultRoots({ home: '/home/u', env: { CODEX_HOME: '/data/cx' } }), [
      '/data/cx/sessions',
      '/data/cx/archived_sessions',
    ]);
  });

  it('accepts rollouts of every generation and nothing else', () => {
    const yes = [
      '/h/.codex/sessions/2026/02/23/rollout-2026-02-23T12-40-23-019c8a4c-ed82-79a1-aa28-7738fc5ab61a.jsonl',
      '/h/.codex/archived_sessions/rollout-2026-01-01T00-00-00-019b0000-0000-7000-8000-000000000000.jsonl',
      '/h/.codex/sessions/rollout-2025-05-01-0b9e6c1e-3f4a-4b7e-9d61-2c1f5a7e8d90.json',
      '/h/.codex/archived_sessions/child.jsonl',
    ];
    const no = [
      '/h/.codex/history.jsonl',
      '/h/.codex/sessions/history.jsonl',
      '/h/.codex/auth.json',
      '/h/.codex/config.json',
      '/h/.codex/log/codex-tui.log',
      '/h/.codex/state_5.sqlite',
      '/h/.codex/sessions/manifest.json',
    ];
    for (const p of yes) assert.equal(codexAdapter.isTranscript(p), true, p);
    for (const p of no) assert.equal(codexAdapter.isTranscript(p), false, p);
  });

  it('keys a stream by its file name, so archiving a rollout keeps its identity', () => {
    const name = 'rollout-2026-03-02T09-15-00-0195f3a2-7c41-7d20-9e11-3b5c7d9e1f20';
    const live = codexAdapter.streamKey(`/h/.codex/sessions/2026/03/02/${name}.jsonl`);
    const archived = codexAdapter.streamKey(`/h/.codex/archived_sessions/${name}.jsonl`);
    assert.equal(live, name);
    assert.equal(archived, live);
    assert.equal(codexAdapter.streamKey('/x/rollout-2025-05-01-0b9e6c1e-3f4a-4b7e-9d61-2c1f5a7e8d90.json'), 'rollout-2025-05-01-0b9e6c1e-3f4a-4b7e-9d61-2c1f5a7e8d90');
  });

  it('derives a session id from the file: the uuid at the end of the name, else the basename', () => {
    assert.equal(uuidFromPath('/s/rollout-2026-02-23T12-40-23-019C8A4C-ED82-79A1-AA28-7738FC5AB61A.jsonl'), '019c8a4c-ed82-79a1-aa28-7738fc5ab61a');
    assert.equal(fallbackSessionId('/s/rollout-2025-05-01-0b9e6c1e-3f4a-4b7e-9d61-2c1f5a7e8d90.json'), '0b9e6c1e-3f4a-4b7e-9d61-2c1f5a7e8d90');
    assert.equal(fallbackSessionId('/exports/filtered-export.jsonl'), 'filtered-export');
    assert.equal(uuidFromPath('/exports/filtered-export.jsonl'), undefined);
  });
});

describe('stream identity', () => {
  it('is the rollout name for uuid-named files (moved or archived copies match) and the path otherwise', () => {
    const name = 'rollout-2026-03-02T09-00-00-019c0000-aaaa-7bbb-8ccc-000000000001';
    assert.equal(codexAdapter.streamKey(`/h/.codex/sessions/2026/03/02/${name}.jsonl`), name);
    assert.equal(codexAdapter.streamKey(`/h/.codex/archived_sessions/${name}.jsonl`), name);
    assert.equal(codexAdapter.streamKey('/a/archived_sessions/child.jsonl'), '/a/archived_sessions/child.jsonl');
    assert.notEqual(codexAdapter.streamKey('/a/child.jsonl'), codexAdapter.streamKey('/b/child.jsonl'));
  });

  it('is the same for a copy renamed around its rollout name (a new-user pass: a rename imported every line again)', () => {
    const name = 'rollout-2026-02-23T12-40-23-019c8a4c-ed82-79a1-aa28-7738fc5ab61a';
    for (const other of [`desktop-day__${name}`, `old-${name}`, `backup.${name}`]) {
      assert.equal(codexAdapter.streamKey(`/h/.codex/archived_sessions/${other}.jsonl`), name, other);
    }
    assert.equal(codexAdapter.streamKey('/x/019c8a4c-ed82-79a1-aa28-7738fc5ab61a.jsonl'), '019c8a4c-ed82-79a1-aa28-7738fc5ab61a');
  });
});
