import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clip, quoteRedacted } from './clip.ts';

describe('clip and quoteRedacted', () => {
  it('clip never leaves half a [REDACTED:kind] marker, nor half a surrogate pair', () => {
    const t = 'key [REDACTED:url_credentials] and more';
    assert.equal(clip(t, 100), t);
    assert.equal(clip(t, 3), 'key');
    for (let max = 5; max < 30; max++) assert.equal(clip(t, max), 'key', `cut at ${max}`);
    assert.equal(clip(t, 30), 'key [REDACTED:url_credentials]');
    assert.equal(clip('a [b] c', 4), 'a [b', 'a bracket that is not a marker is cut like any text');
    assert.equal(clip('ab\u{1F600}', 3), 'ab');
  });

  it('quoteRedacted redacts the whole text before shortening it', () => {
    const secret = 'Xk9mQ2vL7pR4tW8zAbCdEfGhIj';
    const url = `postgres://admin:${secret}@db.internal/app`;
    // Cut first, `@db.internal` would be gone and the password's head left as plain text.
    for (const max of [20, 30, 40, 60, 80]) {
      const shown = quoteRedacted(url, max);
      assert.ok(!shown.includes(secret.slice(0, 6)), `${max}: ${shown}`);
      assert.doesNotMatch(shown, /\[REDACTED(?![^\]]*\])/, `${max}: no half marker in ${shown}`);
    }
    assert.equal(quoteRedacted(url, 40), '"postgres://admin:…"');
    assert.equal(quoteRedacted(url, 80), '"postgres://admin:[REDACTED:url_credentials]@db.internal/app"');
    assert.equal(quoteRedacted('codex', 40), '"codex"');
  });
});
