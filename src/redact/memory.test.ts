import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MEMORY_MAX, SecretMemory } from './memory.ts';

const spans = (m: SecretMemory, text: string) => m.find(text).map((h) => text.slice(h.start, h.end));

test('a remembered value is found again only as a whole word', () => {
  const m = new SecretMemory();
  m.add('Xk9fQ2mZp7Lw', 'secret_assignment');
  assert.deepEqual(spans(m, 'echo Xk9fQ2mZp7Lw; "Xk9fQ2mZp7Lw" and (Xk9fQ2mZp7Lw)'), ['Xk9fQ2mZp7Lw', 'Xk9fQ2mZp7Lw', 'Xk9fQ2mZp7Lw']);
  assert.deepEqual(spans(m, 'saveXk9fQ2mZp7Lw Xk9fQ2mZp7LwBackup Xk9fQ2mZp7L _Xk9fQ2mZp7Lw'), []);
  assert.equal(m.find('Xk9fQ2mZp7Lw')[0]?.kind, 'secret_assignment');
});

test('values holding or starting with punctuation, and values sharing a first word', () => {
  const m = new SecretMemory();
  m.add('ab-Xk9fQ2.mZp7/Lw==', 'generic');
  m.add('+9Qz/Tb1YnRv5Ec', 'generic');
  m.add('ab-Xk9fQ2.other99', 'generic');
  assert.deepEqual(spans(m, 'a=ab-Xk9fQ2.mZp7/Lw== b=ab-Xk9fQ2.other99 c=+9Qz/Tb1YnRv5Ec d=ab-Xk9fQ2.mZp7'), ['ab-Xk9fQ2.mZp7/Lw==', 'ab-Xk9fQ2.other99', '+9Qz/Tb1YnRv5Ec']);
});

test('the oldest values are forgotten past the limit; a value seen again is kept longer', () => {
  const m = new SecretMemory();
  for (let i = 0; i < MEMORY_MAX; i++) m.add(`Val${i}x9Kq2Zp`, 'generic');
  m.add('Val0x9Kq2Zp', 'generic');
  m.add('Newer7Qz3Wx', 'generic');
  assert.equal(m.size, MEMORY_MAX);
  assert.deepEqual(spans(m, 'Val0x9Kq2Zp Val1x9Kq2Zp Newer7Qz3Wx'), ['Val0x9Kq2Zp', 'Newer7Qz3Wx']);
});

test('saved and restored in the same order', () => {
  const m = new SecretMemory();
  m.add('Aa1Bb2Cc3Dd4', 'generic');
  m.add('Ee5Ff6Gg7Hh8', 'password');
  const back = SecretMemory.from(JSON.parse(JSON.stringify(m)));
  assert.deepEqual(back.toJSON(), [['Aa1Bb2Cc3Dd4', 'generic'], ['Ee5Ff6Gg7Hh8', 'password']]);
  assert.deepEqual(SecretMemory.from('junk').toJSON(), []);
  assert.deepEqual(SecretMemory.from([[1, 2], ['Ok9Ok9Ok9Ok9', 'generic']]).toJSON(), [['Ok9Ok9Ok9Ok9', 'generic']]);
});

test('near misses in 1 MB of words against a full memory', () => {
  const m = new SecretMemory();
  for (let i = 0; i < MEMORY_MAX; i++) m.add(`word${i}Qz9Xk`, 'generic');
  assert.deepEqual(m.find('word1 word2Qz9 word3Qz9Xkx word4Qz9X '.repeat(30_000)), []);
  assert.equal(m.find(`${'word1Qz9Xkx '.repeat(30_000)}word7Qz9Xk`).length, 1);
});

test('the redactor learns the values it finds by their context, not those its rules find alone', async () => {
  const { redactTextCounted } = await import('./redact.ts');
  const m = new SecretMemory();
  const gh = `ghp_${'A1b2C3d4E5'.repeat(3)}123456`;
  assert.equal(redactTextCounted(`DB_PASSWORD=Hk3Lm9Qp2Rs7Tv token ${gh}`, {}, undefined, m), 'DB_PASSWORD=[REDACTED:secret_assignment] token [REDACTED:github]');
  assert.deepEqual(m.toJSON(), [['Hk3Lm9Qp2Rs7Tv', 'secret_assignment']]);
  const counts = {};
  assert.equal(redactTextCounted('psql -W Hk3Lm9Qp2Rs7Tv, then Hk3Lm9Qp2Rs7Tv2', counts, undefined, m), 'psql -W [REDACTED:secret_assignment], then Hk3Lm9Qp2Rs7Tv2');
  assert.deepEqual(counts, { secret_assignment: 1 });
});

test('a value learned alone outlasts values a single text taught in bulk (a leak hunt: an access log pushed out a key read from .env)', async () => {
  const { redactTextCounted } = await import('./redact.ts');
  const m = new SecretMemory();
  redactTextCounted('DEPLOY_SECRET=o96zNDKS5Yg5ZoybAHbujima', {}, undefined, m);
  const token = (i: number) => `Q${i.toString(36).padStart(4, '0')}x8Lm2Vn7Rt4Kp9Wz3Hc6Yd1F`;
  const log = (round: number) => Array.from({ length: 300 }, (_, i) => `GET /api?access_token=${token(round * 300 + i)} 200`).join('\n');
  for (let round = 0; round < 3; round++) redactTextCounted(log(round), {}, undefined, m);
  assert.equal(m.size, MEMORY_MAX);
  assert.equal(redactTextCounted('The requests are signed with o96zNDKS5Yg5ZoybAHbujima.', {}, undefined, m), 'The requests are signed with [REDACTED:secret_assignment].');
  // Read again (a grep of the same log), its tokens stay in bulk (a review: seeing them again unmarked them).
  redactTextCounted(log(2), {}, undefined, m);
  assert.equal(m.toJSON().filter((e) => e.length === 2).length, 1, 'only the key is held as learned alone');
  assert.equal(redactTextCounted('signed with o96zNDKS5Yg5ZoybAHbujima', {}, undefined, m), 'signed with [REDACTED:secret_assignment]');
  // Saved and restored, the bulk mark stays.
  const back = SecretMemory.from(JSON.parse(JSON.stringify(m)));
  back.add('Fresh7Qz3Wx9Lk2', 'generic', true);
  assert.ok(back.has('o96zNDKS5Yg5ZoybAHbujima'));
});

test('a remembered value with punctuation is found where a query string, JSON or HTML encodes it', () => {
  const m = new SecretMemory();
  const v = 'AD8jU0m55EVvqjh2C0C6/jkqfN4Bi5+14x7tp4GH';
  m.add(v, 'aws_secret_access_key');
  const copies = [
    'AD8jU0m55EVvqjh2C0C6%2FjkqfN4Bi5%2B14x7tp4GH',
    'AD8jU0m55EVvqjh2C0C6%2fjkqfN4Bi5%2b14x7tp4GH',
    'AD8jU0m55EVvqjh2C0C6\\/jkqfN4Bi5+14x7tp4GH',
    'AD8jU0m55EVvqjh2C0C6\\u002fjkqfN4Bi5\\u002b14x7tp4GH',
    'AD8jU0m55EVvqjh2C0C6&#x2F;jkqfN4Bi5&#x2B;14x7tp4GH',
    'AD8jU0m55EVvqjh2C0C6&#47;jkqfN4Bi5&#43;14x7tp4GH',
  ];
  for (const c of copies) assert.deepEqual(spans(m, `GET /debug?q=${c} 200`), [c], c);
  assert.deepEqual(spans(m, 'AD8jU0m55EVvqjh2C0C6%2FjkqfN4Bi5'), []);
});

test('a text of many new values is remembered also when the memory is full of values learned alone (a review: they evicted themselves)', async () => {
  const { redactTextCounted } = await import('./redact.ts');
  const m = new SecretMemory();
  for (let i = 0; i < MEMORY_MAX; i++) m.add(`Alone${i}x9Kq2ZpWm`, 'generic');
  const env = Array.from({ length: 10 }, (_, i) => `SECRET_${i}=E00${i}Xk9Lm2Pq7Rs4Tv8W`).join('\n');
  redactTextCounted(env, {}, undefined, m);
  assert.equal(m.size, MEMORY_MAX);
  assert.equal(redactTextCounted('curl -H "X: E003Xk9Lm2Pq7Rs4Tv8W"', {}, undefined, m), 'curl -H "X: [REDACTED:secret_assignment]"');
});

test('an encoded copy of a remembered value takes no room of its own', () => {
  const m = new SecretMemory();
  m.add('AD8jU0m55EVvqjh2C0C6/jkqfN4Bi5+14x7tp4GH', 'generic');
  assert.ok(m.has('AD8jU0m55EVvqjh2C0C6%2FjkqfN4Bi5%2B14x7tp4GH'));
  m.add('AD8jU0m55EVvqjh2C0C6%2FjkqfN4Bi5%2B14x7tp4GH', 'generic');
  assert.equal(m.size, 1);
  assert.deepEqual(m.toJSON(), [['AD8jU0m55EVvqjh2C0C6/jkqfN4Bi5+14x7tp4GH', 'generic']]);
});

test('a .env of many secrets, each under its own name, is not held in bulk: an access log read later does not push them out (a verification pass)', async () => {
  const { redactTextCounted } = await import('./redact.ts');
  const m = new SecretMemory();
  const env = Array.from({ length: 12 }, (_, i) => `SECRET_${i}_KEY=Env${i}Xk9Lm2Pq7Rs4Tv8W`).join('\n');
  redactTextCounted(env, {}, undefined, m);
  assert.equal(m.toJSON().filter((e) => e.length === 2).length, 12, 'none of them in bulk');
  const token = (i: number) => `Q${i.toString(36).padStart(4, '0')}x8Lm2Vn7Rt4Kp9Wz3Hc6Yd1F`;
  for (let round = 0; round < 3; round++) redactTextCounted(Array.from({ length: 130 }, (_, i) => `GET /api?access_token=${token(round * 130 + i)} 200`).join('\n'), {}, undefined, m);
  assert.equal(m.size, MEMORY_MAX);
  for (let i = 0; i < 12; i++) assert.equal(redactTextCounted(`use Env${i}Xk9Lm2Pq7Rs4Tv8W`, {}, undefined, m), 'use [REDACTED:secret_assignment]', `SECRET_${i}`);
});

test('overlapping remembered values: the copy starting first wins, the longest of those starting alike, whichever word anchors them', () => {
  const id = 'Xk9vQ2mR7tLp4Zz';
  const secret = 'Wq8Rt5Yu3Io0Pa1SsDf';
  for (const [a, b] of [
    [id, `${id}.${secret}`],
    [secret, `${id}.${secret}`],
    [id, `${id}-${secret}`],
    [`${id}-${secret}`, secret],
  ]) {
    const m = new SecretMemory();
    m.add(a!, 'k');
    m.add(b!, 'k');
    const long = a!.length > b!.length ? a! : b!;
    const text = `Use ${long} now, then ${a} and ${b}.`;
    assert.deepEqual(
      m.find(text).map((f) => text.slice(f.start, f.end)),
      [long, a, b],
    );
  }
});

test('a memory looking through the store memory finds both, and still learns a value the store knows (for its own earlier copies)', () => {
  const store = new SecretMemory();
  store.add('Pz4Lm8Qr2Vt6Wx0Ny3Kb', 'secret_assignment');
  store.takeLearned();
  const own = new SecretMemory().shareWith(store);
  own.add('Hd7Fs2Jk9Lq4Mn6Bv1Cx', 'secret_assignment');
  const text = 'a Pz4Lm8Qr2Vt6Wx0Ny3Kb b Hd7Fs2Jk9Lq4Mn6Bv1Cx c';
  assert.equal(own.find(text).length, 2);
  assert.equal(own.size, 2);
  assert.ok(own.has('Pz4Lm8Qr2Vt6Wx0Ny3Kb'));
  own.takeLearned();
  own.add('Pz4Lm8Qr2Vt6Wx0Ny3Kb', 'secret_assignment');
  assert.deepEqual(own.takeLearned(), [['Pz4Lm8Qr2Vt6Wx0Ny3Kb', 'secret_assignment']]);
  // Saved with the transcript's state: its own values only.
  assert.equal(own.toJSON().length, 2);
  assert.equal(own.clone().find(text).length, 2);
  assert.equal(SecretMemory.from(own.toJSON()).find('x Pz4Lm8Qr2Vt6Wx0Ny3Kb').length, 1);
});

test('a copy after a run of millions of word characters (a base64 blob) is found without overflowing the stack', () => {
  const m = new SecretMemory();
  m.add('Qm4Rt8Vx2Kp6Wz9Lc3Hs', 'secret_assignment');
  const text = `x ${'a'.repeat(9_000_000)} Qm4Rt8Vx2Kp6Wz9Lc3Hs`;
  assert.deepEqual(spans(m, text), ['Qm4Rt8Vx2Kp6Wz9Lc3Hs']);
});

test('few values are looked up with indexOf, many with a scan of words: both find the same copies', () => {
  const text = 'a Qm4Rt8Vx2Kp6Wz9Lc3Hs b\\nQm4Rt8Vx2Kp6Wz9Lc3Hs c xQm4Rt8Vx2Kp6Wz9Lc3Hs Xk9vQ2mR7tLp4Zz.Wq8Rt5Yu3Io0Pa1SsDf \\u003eZt4kPq8w9';
  const few = new SecretMemory();
  const many = new SecretMemory();
  for (const v of ['Qm4Rt8Vx2Kp6Wz9Lc3Hs', 'Wq8Rt5Yu3Io0Pa1SsDf', 'Xk9vQ2mR7tLp4Zz.Wq8Rt5Yu3Io0Pa1SsDf', 'Zt4kPq8w9']) {
    few.add(v, 'k');
    many.add(v, 'k');
  }
  for (let i = 0; i < 80; i++) many.add(`Filler${i}Zz9Yy8Xx7`, 'k');
  const expected = ['Qm4Rt8Vx2Kp6Wz9Lc3Hs', 'Qm4Rt8Vx2Kp6Wz9Lc3Hs', 'Xk9vQ2mR7tLp4Zz.Wq8Rt5Yu3Io0Pa1SsDf', 'Zt4kPq8w9'];
  assert.deepEqual(spans(few, text), expected);
  assert.deepEqual(spans(many, text), expected);
});

test('a copy after an escape is found when the escape and the copy are another value\'s anchor (a review of the longest-word anchors)', () => {
  const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7';
  const value = 'Zq7Rw2Kp9Lm4Xv8Tn3Bc6Yd1';
  for (const filler of [0, 80]) {
    const pem = new SecretMemory();
    pem.add(body, 'private_key');
    pem.add(String.raw`-----BEGIN PRIVATE KEY-----\n${body}`, 'private_key');
    const twice = new SecretMemory();
    twice.add(value, 'a');
    twice.add(String.raw`${value}\n${value}`, 'b');
    const path = new SecretMemory();
    path.add('Xk9pQ2mZ7rT4vB8nL1wY6', 'k');
    path.add('ci/Xk9pQ2mZ7rT4vB8nL1wY6', 'k');
    // (Past 64 anchor words the words of a text are scanned instead of looked up one by one.)
    for (const m of [pem, twice, path]) for (let i = 0; i < filler; i++) m.add(`Filler${i}Zz9Yy8Xx7`, 'k');
    assert.deepEqual(spans(pem, String.raw`{"output":"cat key.b64\n${body}\n"}`), [body]);
    assert.deepEqual(spans(twice, String.raw`${value}\n${value}\n${value}\n`), [String.raw`${value}\n${value}`, value]);
    assert.deepEqual(spans(path, String.raw`{"url":"https:\u002f\u002fhost\u002fXk9pQ2mZ7rT4vB8nL1wY6"}`), ['Xk9pQ2mZ7rT4vB8nL1wY6']);
  }
});
