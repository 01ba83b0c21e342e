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

const SID = '7a1c2d3e-4a5b-4c6d-8e7f-901234567890';
const PROMPT = '🧪Tests passed ✅done 🤔Hmm 🚀Deployed ✔️verified 👍🏽reviewed 🇫🇷paris 1️⃣first';

test('words next to any emoji are found, by queries with or without emoji; the title keeps them', () => {
  const got = withTempStore((store, dir) => {
    const path = join(dir, `${SID}.jsonl`);
    const line = { type: 'user', sessionId: SID, uuid: 'u1', parentUuid: null, timestamp: '2026-03-01T10:00:00.000Z', cwd: '/w', message: { role: 'user', content: PROMPT } };
    writeFileSync(path, `${JSON.stringify(line)}\n`);
    importFile(store, claudeAdapter, path);
    const found = () => ['Tests', 'done', 'Hmm', 'Deployed', 'verified', 'reviewed', 'paris', 'first', 'Tests 🙂', '"🤔Hmm 🚀Deployed"', 'Tests🧪'].map((q) => searchEvents(store, { query: q }).length);
    const literal = searchEvents(store, { query: '🧪Tests', literal: true }).length;
    const before = [found(), literal, listSessions(store, {})[0]?.title];
    rebuildIndex(store);
    return [before, [found(), searchEvents(store, { query: '🧪Tests', literal: true }).length, listSessions(store, {})[0]?.title]];
  });
  const want = [Array(11).fill(1), 1, PROMPT];
  assert.deepEqual(got, [want, want]);
});
