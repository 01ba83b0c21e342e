import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PLANTED_SECRETS } from '../../test/helpers/secrets.ts';
import type { Out } from './context.ts';
import { fmtInt, JsonItems, printJson, printShownJson, shownJson } from './output.ts';

function capture(): Out & { text: string; writes: number } {
  const out: Out & { text: string; writes: number } = {
    text: '',
    writes: 0,
    isTTY: false,
    write(s: string | Uint8Array) {
      out.text += String(s);
      out.writes++;
    },
  };
  return out;
}

test('an import report written item by item (--json) is the text it was as one JSON value, redacted the same', () => {
  const secret = PLANTED_SECRETS.find((s) => s.name === 'openai/project')!.value;
  const files = Array.from({ length: 3000 }, (_, i) => ({
    path: i === 7 ? `/home/dev/.claude/projects/-home-dev-${secret}/x.jsonl` : `/home/dev/p/${i}\u009b\u2028.jsonl`,
    provider: 'claude', status: i === 9 ? 'error' : 'imported', reset: false, bytesRead: i, lines: 3, newLines: 3, events: 3, malformed: 0, unknown: 0, oversized: 0,
    ...(i === 9 ? { error: { code: 'INTERNAL', message: `token ${secret} "quoted"\nsecond line` } } : {}),
    ...(i === 11 ? { waiting: true } : {}),
  }));
  const report = {
    roots: [{ provider: 'claude', root: '/home/dev/.claude/projects' }],
    files,
    totals: { files: 3000, imported: 2999, errors: 1, nested: { deeper: [1, [], {}, 'a'] } },
    durationMs: 1234,
    notice: undefined,
    unreadable: [{ path: `/x/${secret}`, code: 'EACCES' }],
    purged: 2,
  };
  const whole = capture();
  printJson(whole, shownJson(report));
  const parts = capture();
  printShownJson(parts, { ...report, files: new JsonItems(files) });
  assert.equal(parts.text, whole.text);
  assert.ok(!parts.text.includes(secret));
  assert.ok(parts.writes > 2, 'written in parts');
  // No files, and an import-file report (no roots).
  for (const v of [{ roots: undefined, files: [] as unknown[], totals: { files: 0 }, durationMs: 0 }, {}]) {
    const a = capture();
    printJson(a, shownJson(v));
    const b = capture();
    printShownJson(b, 'files' in v ? { ...v, files: new JsonItems(v.files ?? []) } : v);
    assert.equal(b.text, a.text);
  }
});

test('a secret found in one report is redacted where another report names it bare, as in one JSON text (a review found the item-by-item output printing it)', () => {
  const v = 'Xk9fjw82Lmq3ZtPq';
  const parts = {
    roots: [{ provider: 'claude', root: '/home/dev/.claude/projects' }],
    files: new JsonItems([{ path: `/home/dev/.claude/projects/password=${v}&x=1/s.jsonl`, status: 'imported' }, { path: `/home/dev/.claude/projects/-home-dev-app/${v}.jsonl`, status: 'imported' }]),
  };
  const out = capture();
  printShownJson(out, parts);
  assert.ok(!out.text.includes(v), out.text);
  const whole = capture();
  printJson(whole, shownJson({ roots: parts.roots, files: [...parts.files.items] }));
  assert.equal(out.text, whole.text);
});

test('counts are grouped by thousands as en-US prints them, without the locale data', () => {
  for (const n of [0, 7, 999, 1000, 12_345, 123_456, 1_234_567, 300_000_000_000, -1234, -999, 2 ** 53, 0.5, 1234.25, -5.125])
    assert.equal(fmtInt(n), n.toLocaleString('en-US'), String(n));
  assert.equal(fmtInt(94_498), '94,498');
});
