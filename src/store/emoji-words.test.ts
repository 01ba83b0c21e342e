// Emoji and words: SQLite's unicode61 tokenizer knows Unicode 6.1, so later emoji read to it as
// letters (a new-user pass: `🧪Tests` was one word, `Tests` never found).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withTempStore } from '../../test/helpers/store.ts';
import { importFile } from '../ingest/import-file.ts';
import { rebuildIndex } from '../ingest/rebuild.ts';
import { claudeAdapter } from '../sources/claude/index.ts';
import { listSessions, searchEvents } from './queries.ts';
import type { Store } from './store.ts';

const SID = '7a1c2d3e-4a5b-4c6d-8e7f-901234567890';
const PROMPT = '🧪Tests passed ✅done 🤔Hmm 🚀Deployed ✔️verified 👍🏽reviewed 🇫🇷paris 1️⃣first';

/** A Claude session whose one prompt is PROMPT, imported. */
function importPrompt(store: Store, dir: string): void {
  const path = join(dir, `${SID}.jsonl`);
  const line = { type: 'user', sessionId: SID, uuid: 'u1', parentUuid: null, timestamp: '2026-03-01T10:00:00.000Z', cwd: '/w', message: { role: 'user', content: PROMPT } };
  writeFileSync(path, `${JSON.stringify(line)}\n`);
  importFile(store, claudeAdapter, path);
}

test('words next to any emoji are found, by queries with or without emoji; the title keeps them', () => {
  const got = withTempStore((store, dir) => {
    importPrompt(store, dir);
    const found = () => ['Tests', 'done', 'Hmm', 'Deployed', 'verified', 'reviewed', 'paris', 'first', 'Tests 🙂', '"🤔Hmm 🚀Deployed"', 'Tests🧪'].map((q) => searchEvents(store, { query: q }).length);
    const literal = searchEvents(store, { query: '🧪Tests', literal: true }).length;
    const before = [found(), literal, listSessions(store, {})[0]?.title];
    rebuildIndex(store);
    return [before, [found(), searchEvents(store, { query: '🧪Tests', literal: true }).length, listSessions(store, {})[0]?.title]];
  });
  const want = [Array(11).fill(1), 1, PROMPT];
  assert.deepEqual(got, [want, want]);
});

test('the import worker hands the index the same words: an output with emoji is found by the words beside them', async () => {
  const { withTempStoreAsync } = await import('../../test/helpers/store.ts');
  const { findFiles } = await import('../ingest/import.ts');
  const { importFilesParallel } = await import('../ingest/parallel.ts');
  const { mkdirSync } = await import('node:fs');
  const found = await withTempStoreAsync(async (store, dir) => {
    const project = join(dir, 'projects', '-w');
    mkdirSync(project, { recursive: true });
    const base = { sessionId: SID, parentUuid: null, timestamp: '2026-03-01T10:00:00.000Z', cwd: '/w' };
    const lines = [
      { ...base, type: 'assistant', uuid: 'a1', message: { id: 'm1', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'npm test' } }] } },
      { ...base, type: 'user', uuid: 'u2', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '🧪Suites 12 ✔️passed 🤔Flaky 1' }] } },
    ];
    // (Over 4 MB, or the import stays on this thread.)
    const filler = Array.from({ length: 90 }, (_, i) => ({ ...base, type: 'assistant', uuid: `f${i}`, message: { id: `mf${i}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'lorem ipsum '.repeat(5000) }] } }));
    writeFileSync(join(project, `${SID}.jsonl`), [...filler, ...lines].map((l) => `${JSON.stringify(l)}\n`).join(''));
    const r = await importFilesParallel(store, findFiles(store, { roots: { claude: [join(dir, 'projects')] } }).files, {});
    assert.equal(r.totals.errors, 0);
    return ['Suites', 'passed', 'Flaky', 'Flaky 🙂'].map((q) => searchEvents(store, { query: q }).length);
  });
  assert.deepEqual(found, [1, 1, 1, 1]);
});

test('an emoji beside an operator leaves a query that still runs: the operator with nothing on one side goes (a review)', () => {
  const got = withTempStore((store, dir) => {
    importPrompt(store, dir);
    return ['Tests AND 🧪', 'Tests OR 🧪', 'Tests NOT 🙂', '🙂 AND Tests', 'Tests AND (🧪)', '(🧪 OR Hmm) AND done', 'Tests AND 🧪 AND done', '"🧪Tests passed"'].map((q) => searchEvents(store, { query: q }).length);
  });
  assert.deepEqual(got, [1, 1, 1, 1, 1, 1, 1, 1]);
});
