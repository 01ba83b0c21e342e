import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchExpression, quotePunctuatedWords } from './queries.ts';
import { makeSnippet, queryTerms } from './text.ts';

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
  // Only the terms are marked: French quotes in the text are not taken for marks (a dashboard review).
  assert.equal(makeSnippet('le test «rapide» échoue', ['test']), 'le «test» "rapide" échoue');
  assert.equal(makeSnippet('[REDACTED:github] token', ['github', 'token']), '[REDACTED:github] «token»');
});

test('a snippet marks what the index matched: whole words, or word starts for a prefix query', () => {
  // `test` matches the word test, not pytest or tests (a dashboard review: `py«test»`).
  assert.equal(makeSnippet('pytest failed: tests/test_totals.py, see test', queryTerms('test')), 'pytest failed: tests/«test»_totals.py, see «test»');
  assert.equal(makeSnippet('pytest failed: tests/test_totals.py', queryTerms('test*')), 'pytest failed: «test»s/«test»_totals.py');
  assert.deepEqual(queryTerms('test_totals OR "Café au" NOT x*'), ['test totals', 'cafe au', 'x*']);
  // The window starts where asked before the first match.
  const long = `${'word '.repeat(40)}needle and more`;
  assert.equal(makeSnippet(long, ['needle'], { width: 30, lead: 5 }), '…word «needle» and more');
});

test('a snippet marks a phrase where its words stand in a row, not each word wherever it is (a dashboard review)', () => {
  const text = 'npm install; then npm test ran: npm\n  test passed, see the test log';
  assert.equal(makeSnippet(text, queryTerms('"npm test"')), 'npm install; then «npm test» ran: «npm test» passed, see the test log');
  // A word the index splits is looked up as a phrase of its parts.
  assert.equal(makeSnippet('edit package.json, not package-lock json', queryTerms('package.json')), 'edit «package.json», not package-lock json');
  assert.equal(makeSnippet('edit package.json', queryTerms('text:package.json AND edit')), '«edit» «package.json»');
  assert.deepEqual(queryTerms('"src/app"* NEAR(a b, 5)'), ['src app*', 'a', 'b']);
  // Column filters, with or without blanks, are not words (a review: `text : npm` marked «text»).
  assert.equal(makeSnippet('put the text of the npm log', queryTerms('text : npm')), 'put the text of the «npm» log');
  assert.equal(makeSnippet('put the text of the npm log', queryTerms('{text}:npm OR "the text"')), 'put «the text» of the «npm» log');
  assert.equal(makeSnippet('see src/application.ts', queryTerms('"src/app"*')), 'see «src/app»lication.ts');
  // --literal searches each run of the text as typed, quotes and all: no phrase across spaces.
  assert.deepEqual(queryTerms('"npm test" OR', true), ['npm', 'test', 'or']);
  assert.equal(makeSnippet('test the npm', queryTerms('"npm test"', true)), '«test» the «npm»');
});

test('a snippet marks what the index matched: accents folded, words after terminal colours, markers whole (a dashboard review)', () => {
  // The index folds accents (`naive` finds `naïve`), and leaves colours out of the words.
  assert.equal(makeSnippet('a naïve approach', queryTerms('naive')), 'a «naïve» approach');
  assert.equal(makeSnippet('Résumé of août', queryTerms('resume AOUT')), '«Résumé» of «août»');
  assert.equal(makeSnippet('Running \x1b[1mPostToolUse\x1b[0m hooks', queryTerms('PostToolUse')), 'Running «PostToolUse» hooks');
  // A word found only in a marker's words: the snippet is there, not "further in", the marker unmarked.
  assert.equal(makeSnippet(`${'x '.repeat(100)}key [REDACTED:github] here`, queryTerms('REDACTED'), { width: 40, lead: 5 }), '… key [REDACTED:github] here');
  // The window never cuts a marker; a word cut at its end is no match.
  assert.equal(makeSnippet('token [REDACTED:aws_access_key_id] after', queryTerms('after'), { width: 40, lead: 20 }), '…[REDACTED:aws_access_key_id] «after»');
  assert.equal(makeSnippet('token [REDACTED:aws_access_key_id] after', [], { width: 12 }), 'token [REDACTED:aws_access_key_id]…');
  assert.equal(makeSnippet('contesting testing', queryTerms('test'), { width: 14, lead: 0 }), 'contesting tes… (matched further in the text)');
});

test('parentheses nested deeper than the full-text parser reads are refused with the limit named, not as bad syntax', () => {
  const deep = `${'('.repeat(100)}test${')'.repeat(100)}`;
  assert.throws(() => matchExpression(deep), (e: Error & { code?: string }) => e.code === 'QUERY_INVALID' && /nests parentheses 100 deep; at most 64 levels/.test(e.message));
  assert.equal(matchExpression(`${'('.repeat(64)}test${')'.repeat(64)}`), `${'('.repeat(64)}test${')'.repeat(64)}`);
  // (Inside a phrase, or searched as typed, a parenthesis is text.)
  assert.doesNotThrow(() => matchExpression(`"${'('.repeat(100)}test"`));
  assert.doesNotThrow(() => matchExpression(deep, true));
});
