import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withoutCaseModifiers } from './case-fold.ts';
import { SECRET_PATTERNS } from './patterns.ts';
import { redactText } from './redact.ts';

/** Whether `source` (flags `flags`) matches `text` at its start, as its modifier-free spelling reads it. */
const matches = (source: string, text: string, flags = 'y'): boolean => new RegExp(withoutCaseModifiers(source), flags).test(text);

describe('case-insensitive groups spelled out (V8 may compile (?i:…) with alternatives wrongly)', () => {
  it('spells letters, classes and ranges in both cases and leaves the rest alone', () => {
    assert.equal(withoutCaseModifiers('(?i:pw)'), '(?:[pP][wW])');
    assert.equal(withoutCaseModifiers('a(?i:b)c'), 'a(?:[bB])c');
    assert.equal(withoutCaseModifiers('(?i:[a-c_])'), '(?:[ABCa-c_])');
    assert.equal(withoutCaseModifiers('(?i:[_-]?pw)'), '(?:[_-]?[pP][wW])');
    assert.equal(withoutCaseModifiers('(?i:[-x])'), '(?:[X\\-x])');
    assert.equal(withoutCaseModifiers('(?i:\\d{1,3}\\s)'), '(?:\\d{1,3}\\s)');
    assert.equal(withoutCaseModifiers('(?<key>(?i:k))'), '(?<key>(?:[kK]))');
    assert.equal(withoutCaseModifiers('(?<=(?i:a))b'), '(?<=(?:[aA]))b');
    assert.equal(withoutCaseModifiers('no modifier [a-z](?:x)'), 'no modifier [a-z](?:x)');
  });

  it('matches what the modifier group matches', () => {
    const keyword = '(?i:pass(?:word|wd|[_-]?phrase|code)?|psk|secret(?:[_-]?key(?:[_-]?base)?|[_-]?string)?|token|api[_ -]?key|[_.-]?key)';
    for (const t of ['PASS', 'Password', 'pass_Phrase', 'SECRET-KEY-BASE', 'Api Key', 'TOKEN', '.KEY']) assert.ok(matches(keyword, t), t);
    for (const t of ['PAS', 'pas$', 'secreT_', 'api__key']) assert.ok(!matches(`${keyword}$`, t), t);
    assert.ok(matches('(?i:[^a-c])', 'D'));
    assert.ok(!matches('(?i:[^a-c])', 'B'));
    assert.ok(matches('x(?i:y)z', 'xYz'));
    assert.ok(!matches('x(?i:y)z', 'XYz'));
    assert.ok(matches('(?i:\\x41)', '\x41'));
    // Escapes stand for their characters, in classes and ranges too (a review: `\u00e9` stopped matching É).
    for (const [source, text] of [['(?i:\\x41)', 'a'], ['(?i:\\u00e9)', 'É'], ['(?i:[\\x41-Z])', 'b'], ['(?i:[a-\\x7a])', 'Q'], ['(?i:[\\xAFa])', 'A'], ['(?i:[\\u00E9e])', 'E'], ['(?i:[\\u00E9e])', 'É'], ['(?i:σ)', 'ς'], ['(?i:\\.)', '.']] as const) {
      assert.ok(matches(source, text), `${source} ${text}`);
    }
    // (Without the u flag `ſ` is no `s`, as the modifier reads it.)
    assert.ok(!matches('(?i:ſ)', 'S'));
    assert.ok(!matches('(?i:\\.)', 'x'));
    assert.equal(redactText('Senha É Xk9pQ2mZ7rT4'), 'Senha É [REDACTED:secret_assignment]');
  });

  it('ends on escapes that are not complete (\\p, \\k without their braces) instead of looping', () => {
    assert.equal(withoutCaseModifiers('(?:\\p)'), '(?:\\p)');
    assert.equal(withoutCaseModifiers('(?i:a)\\k'), '(?:[aA])\\k');
    assert.equal(withoutCaseModifiers('(?i:\\p)'), '(?:[pP])');
  });

  it('refuses what it cannot spell out', () => {
    assert.throws(() => withoutCaseModifiers('(?-i:a)'), /other than/);
    assert.throws(() => withoutCaseModifiers('(?m:^a)'), /other than/);
    assert.throws(() => withoutCaseModifiers('(?<q>a)(?i:\\k<q>)'), /back reference/);
    assert.throws(() => withoutCaseModifiers('(a)(?i:\\1)'), /back reference/);
  });

  it('no other source file builds a regex with a (?i:…) group (only the rules, which are spelled out, may)', () => {
    const src = join(import.meta.dirname, '..');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.includes('dist'));
    const holding = files.filter((f) => !/^redact[/\\](?:patterns|redact|case-fold)\.ts$/.test(f) && readFileSync(join(src, f), 'utf8').includes('(?i:'));
    assert.deepEqual(holding, []);
  });

  it('leaves no modifier group in any rule the redactor runs', () => {
    for (const p of SECRET_PATTERNS) {
      assert.ok(!p.regex.source.includes('(?i:'), p.regex.source.slice(0, 120));
      assert.equal(p.regex.flags.includes('y'), true, p.regex.source.slice(0, 80));
    }
  });
});
