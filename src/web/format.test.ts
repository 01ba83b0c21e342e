import assert from 'node:assert/strict';
import { test } from 'node:test';
import { underParents } from '../core/nest.ts';
import { dayEnd, dayStart, emptyTitle, errorLabel } from './format.ts';

test('a date filter takes days of the calendar only (a dashboard review: 2026-13-45 filtered as a day of 2027)', () => {
  assert.equal(dayStart('2026-03-01'), new Date(2026, 2, 1).toISOString());
  assert.equal(dayEnd('2026-02-28'), new Date(new Date(2026, 2, 1).getTime() - 1).toISOString());
  for (const bad of ['2026-13-45', '2026-02-30', '2026-00-10', 'yesterday', '']) {
    assert.equal(dayStart(bad), undefined, bad);
    assert.equal(dayEnd(bad), undefined, bad);
  }
});

test('a session of no events is titled by what it is: its subagents did the work, or it wrote nothing (a dashboard audit)', () => {
  const tokens = (input: number, output: number) => ({ input, cacheRead: 0, cacheWrite: 0, output, reasoning: 0 });
  assert.equal(emptyTitle({ subagentTokens: tokens(1200, 30) }), '(only its subagents have events)');
  assert.equal(emptyTitle({ subagentTokens: tokens(0, 0) }), '(no events: started, wrote nothing)');
});

test('a failed call whose exit code the transcript does not hold says it failed, not a bare "exit code" (a dashboard audit)', () => {
  assert.equal(errorLabel({ errorKind: 'exit_code', exitCode: null }), 'failed (non-zero exit)');
  assert.equal(errorLabel({ errorKind: 'exit_code', exitCode: 2 }), 'exit code');
  assert.equal(errorLabel({ errorKind: 'hook_blocked', exitCode: null }), 'hook blocked');
  assert.equal(errorLabel({ errorKind: null, exitCode: null }), 'error');
});

test('listed with their sessions, subagents come right under the session that ran it, at any depth; one whose parent is not listed stays in place', () => {
  const s = (id: string, parentId: string | null = null) => ({ id, parentId, isSubagent: parentId !== null });
  const rows = underParents([s('b.agent-2', 'b'), s('a'), s('a.agent-1', 'a'), s('b'), s('x.agent-9', 'x'), s('a.agent-1.agent-3', 'a.agent-1')]);
  assert.deepEqual(
    rows.map((r) => `${'  '.repeat(r.depth)}${r.row.id}`),
    ['a', '  a.agent-1', '    a.agent-1.agent-3', 'b', '  b.agent-2', 'x.agent-9'],
  );
});
