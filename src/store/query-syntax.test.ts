import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quotePunctuatedWords } from './queries.ts';
import { makeSnippet } from './text.ts';

test('a query word holding punctuation becomes the phrase it is indexed as; operators stay operators', () => {
  const cases: [string, string][] = [
    ['package.json', '"package.json"'],
    ['fix src/app.ts now', 'fix "src/app.ts" now'],
    ["don't", '"don\'t"'],
    ['error: cannot', '"error:" cannot'],
    ['pkg.js*', '"pkg.js"*'],
    ['^a.b', '^"a.b"'],
    ['text:src/a.ts', 'text:"src/a.ts"'],
    ['(alpha OR user@example.com) AND NOT b-c', '(alpha OR "user@example.com") AND NOT "b-c"'],
    // Unchanged: FTS5 syntax already, or a `-word` (no such operator: refused with the way to say it).
    ['"quoted phrase" prefix* ^first alpha + beta', '"quoted phrase" prefix* ^first alpha + beta'],
    ['NEAR(alpha gamma, 5)', 'NEAR(alpha gamma, 5)'],
    ['"unterminated', '"unterminated'],
    ['émoji 🚀 ünïcode', 'émoji 🚀 ünïcode'],
    ['alpha -beta', 'alpha -beta'],
    ['npm -"npm test"', 'npm -"npm test"'],
    ['-.env -_test', '-.env -_test'],
    ['text : npm', 'text : npm'],
    ['{text}:npm', '{text}:npm'],
    ['a +b', 'a +b'],
    ['alpha ^', 'alpha ^'],
    // `--` is no word; a quoted word never touches a phrase (`""` inside quotes is a quote).
    ['npm test -- module1', 'npm test "--" module1'],
    ['a.b"c d"', '"a.b" "c d"'],
    ['"foo"bar.baz', '"foo" "bar.baz"'],
  ];
  for (const [q, want] of cases) assert.equal(quotePunctuatedWords(q), want, q);
});

test('a snippet marks the words found, never inside a redaction marker', () => {
  const text = 'the secret was [REDACTED:aws_secret_access_key] and a Secret again';
  assert.equal(makeSnippet(text, ['secret']), 'the «secret» was [REDACTED:aws_secret_access_key] and a «Secret» again');
  // A match past the preview (the index keeps 300 characters of an event's text) is said to be further in.
  assert.equal(makeSnippet('npm install done', ['package']), 'npm install done… (matched further in the text)');
  assert.equal(makeSnippet('[REDACTED:github] token', ['github', 'token']), '[REDACTED:github] «token»');
});
