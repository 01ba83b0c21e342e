import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createSealer, generateKey, keyCheck, keyMatches, parseKey } from './crypto.ts';

test('seal/open round-trips, compresses large payloads, and uses a fresh nonce each time', () => {
  const s = createSealer(generateKey());
  const aad = Buffer.from('record-1');
  const plain = Buffer.from('{"type":"user","text":"hello"}'.repeat(200));
  const a = s.seal(aad, plain);
  const b = s.seal(aad, plain);
  assert.notDeepEqual(a.subarray(0, 12), b.subarray(0, 12));
  assert.ok(a.length < plain.length / 4, 'compressed before encryption');
  assert.deepEqual(s.open(aad, a), plain);
  const tiny = Buffer.from('x');
  assert.deepEqual(s.open(aad, s.seal(aad, tiny)), tiny);
});

test('payloads of every size round-trip, the output buffer sized to each (small, at the 16 KB chunk, incompressible, long)', () => {
  const s = createSealer(generateKey());
  const aad = Buffer.from('record-2');
  const text = (n: number) => Buffer.from('{"type":"assistant","text":"ok"},'.repeat(Math.ceil(n / 32)).slice(0, n));
  // (Random bytes are told apart by where they come from, not by their first byte: one in 256 opens with `{`, a flaky CI run.)
  const texts = [text(96), text(97), text(1200), text(16 << 10), text((16 << 10) + 1), text(200_000)];
  for (const plain of [...texts, randomBytes(96), randomBytes(5000), randomBytes(70_000)]) {
    const sealed = s.seal(aad, plain);
    assert.deepEqual(s.open(aad, sealed), plain, `${plain.length} bytes`);
    if (plain.length > 1000 && texts.includes(plain)) assert.ok(sealed.length < plain.length / 4, `${plain.length} bytes compressed`);
  }
});

test('tampering, a swapped identity or a wrong key is detected', () => {
  const key = generateKey();
  const s = createSealer(key);
  const sealed = s.seal(Buffer.from('id-1'), Buffer.from('secret line'));
  const flipped = Buffer.from(sealed);
  flipped[14]! ^= 1;
  assert.throws(() => s.open(Buffer.from('id-1'), flipped), { code: 'RECORD_TAMPERED' });
  assert.throws(() => s.open(Buffer.from('id-2'), sealed), { code: 'RECORD_TAMPERED' });
  assert.throws(() => createSealer(generateKey()).open(Buffer.from('id-1'), sealed), { code: 'RECORD_TAMPERED' });
});

test('keys: base64 of exactly 32 bytes; the check value matches only the same key', () => {
  const key = generateKey();
  assert.deepEqual(parseKey(key.toString('base64'), 'TRACE_KEY'), key);
  assert.throws(() => parseKey('c2hvcnQ=', 'TRACE_KEY'), { code: 'KEY_INVALID', message: /exactly 32 bytes \(got 5 bytes\)/ });
  assert.throws(() => parseKey('not base64 at all!', 'TRACE_KEY'), { code: 'KEY_INVALID', message: /non-base64/ });
  // A hex key (openssl rand -hex 32) is told apart, never echoed.
  const hex = key.toString('hex');
  assert.throws(() => parseKey(hex, 'TRACE_KEY'), (e: Error) => /got 48 bytes, from 64 hex digits: a key is base64/.test(e.message) && !e.message.includes(hex));
  assert.ok(keyMatches(key, keyCheck(key)));
  assert.ok(!keyMatches(generateKey(), keyCheck(key)));
});
