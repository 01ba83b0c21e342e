// Precision of the redactor on real transcripts: ../shared/fixtures holds no real credentials
// (SOURCES.md: a regex scan found none, the publishers' canaries report no leaks), so every
// redaction there would be ordinary text made unreadable — ids, hashes, base64 blobs, slugs,
// code. The whole raw text of every file is scanned, JSON escapes and all.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { findSecrets } from '../../src/redact/redact.ts';
import { SHARED_FIXTURES } from '../helpers/env.ts';

const present = existsSync(SHARED_FIXTURES);
if (!present) process.stderr.write('CONFORMANCE SKIPPED: ../shared/fixtures not found (redaction precision suite)\n');

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));

test('the redactor finds nothing to redact in the real transcripts', { skip: !present && 'needs ../shared/fixtures' }, () => {
  const hits: string[] = [];
  let files = 0;
  for (const path of walk(SHARED_FIXTURES).filter((p) => /\.(jsonl|json)$/.test(p))) {
    files++;
    const text = readFileSync(path, 'utf8');
    for (const h of findSecrets(text)) hits.push(`${relative(SHARED_FIXTURES, path)}: ${h.kind} ${JSON.stringify(text.slice(Math.max(0, h.start - 40), h.end + 10))}`);
  }
  assert.ok(files > 100, `only ${files} fixture files`);
  assert.deepEqual(hits, []);
});
