import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Out } from './context.ts';
import { table } from './output.ts';

function capture(columns?: number): Out & { text: string } {
  const out: Out & { text: string } = {
    text: '',
    isTTY: columns !== undefined,
    ...(columns ? { columns } : {}),
    write(s: string | Uint8Array) {
      out.text += String(s);
    },
  };
  return out;
}

test('on a terminal the last column is cut (with …) so rows fit its width; in a pipe only the 60-character cap applies (a new-user pass)', () => {
  const title = 'Please run the tests for module 7 and fix every failure you find along the way';
  const rows = [['2026-03-01 10:00', 'claude', 'a'.repeat(36), title]];
  const tty = capture(100);
  table(tty, ['started', 'provider', 'id', 'title'], rows);
  for (const line of tty.text.trimEnd().split('\n')) assert.ok(line.length <= 99, `${line.length}: ${line}`);
  assert.match(tty.text, /Please run the tests[^\n]*…\n$/);
  const pipe = capture();
  table(pipe, ['started', 'provider', 'id', 'title'], rows);
  assert.ok(pipe.text.endsWith(`${title.slice(0, 59)}…\n`), pipe.text);
});
