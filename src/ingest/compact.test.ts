import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claudeAdapter } from '../sources/claude/index.ts';
import { codexAdapter } from '../sources/codex/index.ts';
import type { FoundFile } from './discover.ts';
import { FileList } from './file-list.ts';
import type { FileReport } from './import-file.ts';
import { sumReports } from './import.ts';
import { ReportTable } from './report-table.ts';

const found = (path: string, adapter = claudeAdapter, more: Partial<FoundFile> = {}): FoundFile => ({ adapter, path, size: 1234, mtimeMs: 1767225600123.456, ...more });
const plain = (path: string, provider: string, more: Partial<FileReport> = {}): FileReport => ({
  path, provider, status: 'imported', reset: false, bytesRead: 1300, lines: 3, newLines: 3, events: 3, malformed: 0, unknown: 0, oversized: 0, ...more,
});

test('a file list gives back each file as it was found: folders shared, names in any script, sizes and times exact', () => {
  const files = [
    found('/home/dev/.claude/projects/-home-dev-app/5d5d5d5d-1111-4222-8333-444444444444.jsonl'),
    found('/home/dev/.claude/projects/-home-dev-app/ä ✓ 𝒳 name.jsonl', claudeAdapter, { size: 2 ** 40 + 1, mtimeMs: 0 }),
    found('/home/dev/.codex/sessions/2026/01/rollout-x.jsonl', codexAdapter, { takeBack: true }),
    found('relative.jsonl'),
    found('/odd/\uD800lone.jsonl'),
    found('C:\\Users\\dev\\x.jsonl'),
    // UUIDs are packed: in a subagent's folder, inside a Codex rollout's name, two in a row, upper case (not packed).
    found('/p/5d5d5d5d-1111-4222-8333-444444444444/subagents/agent-a1b2c3.jsonl'),
    found('/c/rollout-2026-01-01T10-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl', codexAdapter),
    found('/p/00000000-0000-0000-0000-000000000000ffffffff-ffff-ffff-ffff-ffffffffffff-.jsonl'),
    found('/p/5D5D5D5D-1111-4222-8333-444444444444.jsonl'),
  ];
  const list = FileList.of(files);
  assert.equal(list.length, files.length);
  assert.deepEqual(list.toArray(), files);
  // In another order, and some left out.
  const picked = list.select([4, 1, 2]);
  assert.deepEqual(picked.toArray(), [files[4], files[1], files[2]]);
  assert.equal(picked.path(1), files[1]!.path);
  // Paths compare as strings do (a character outside the BMP against one just below it).
  const a = FileList.of([
    found('/p/\uFFFD.jsonl'), found('/p/𝒳.jsonl'), found('/p/b.jsonl'), found('/q.jsonl'), found('/p/5d5d5d5d-1111-4222-8333-444444444444.jsonl'),
    found('/p/5d5d5d5d-1111-4222-8333-44444444444a.jsonl'), found('/p/5d5d5d5d-1111-4222-8333-444444444444'), found('/p/5d5d5d5d-1111-4222-8333-4444444444440.jsonl'),
    found('/p/5d5d5d5d-1111-4222-8333-4444444444'), found('/p/a5d5d5d5-1111-4222-8333-444444444444.jsonl'), found('/p/0.jsonl'), found('/p/'),
  ]);
  const byString = (i: number, j: number) => (a.path(i) < a.path(j) ? -1 : a.path(i) > a.path(j) ? 1 : 0);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a.length; j++) assert.equal(Math.sign(a.comparePaths(i, j)), byString(i, j), `${i} ${j}`);
});

test('a report table gives back every report as it was set, in the same key order, and the same totals', () => {
  const files = FileList.of([found('/p/a.jsonl'), found('/p/b.jsonl'), found('/p/c.jsonl', codexAdapter), found('/p/d.jsonl'), found('/p/e.jsonl'), found('/p/f.jsonl'), found('/p/g.jsonl')]);
  const reports: FileReport[] = [
    plain('/p/a.jsonl', 'claude'),
    // Never set: unchanged, nothing read.
    plain('/p/b.jsonl', 'claude', { status: 'unchanged', bytesRead: 0, lines: 0, newLines: 0, events: 0 }),
    plain('/p/c.jsonl', 'codex', { reset: true, malformed: 1, unknown: 2, oversized: 1 }),
    // Notes are kept as they are (their keys in the order they were set).
    { ...plain('/p/d.jsonl', 'claude'), waiting: true, yielded: true },
    { ...plain('/p/e.jsonl', 'claude', { status: 'error', bytesRead: 0, lines: 0, newLines: 0, events: 0 }), error: { code: 'SOURCE_UNREADABLE', message: 'permission denied' } },
    plain('/p/f.jsonl', 'claude', { bytesRead: 2 ** 33 }),
    { ...plain('/p/g.jsonl', 'claude'), purgedMeanwhile: true, unfinished: true },
  ];
  const table = new ReportTable(files);
  // A file set twice (a failed group had it imported again) keeps the second.
  table.set(0, reports[4]!);
  reports.forEach((r, i) => {
    if (i !== 1) table.set(i, r);
  });
  assert.equal(JSON.stringify(table.toArray()), JSON.stringify(reports));
  assert.equal(JSON.stringify(table.totals()), JSON.stringify(sumReports(reports)));
  assert.deepEqual(table.errors(), [reports[4]]);
});

test('totals add up to the files: one left to another import or found purged meanwhile is not also counted unchanged (a new-user pass: "0 of 40 files (40 unchanged)" and 4 left to another import)', () => {
  const none = { status: 'unchanged', bytesRead: 0, lines: 0, newLines: 0, events: 0 } as const;
  const t = sumReports([plain('/p/a.jsonl', 'claude', none), { ...plain('/p/b.jsonl', 'claude', none), yielded: true }, { ...plain('/p/c.jsonl', 'claude', none), purgedMeanwhile: true }, plain('/p/d.jsonl', 'claude')]);
  assert.deepEqual([t.files, t.imported, t.unchanged, t.yielded, t.purgedMeanwhile], [4, 1, 1, 1, 1]);
});
