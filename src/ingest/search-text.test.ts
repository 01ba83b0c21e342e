import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { withTempStore, withTempStoreAsync } from '../../test/helpers/store.ts';
import { claudeAdapter } from '../sources/claude/index.ts';
import { listSessions, searchEvents } from '../store/queries.ts';
import { importFile } from './import-file.ts';
import { importFilesParallel } from './parallel.ts';
import { rebuildIndex } from './rebuild.ts';
import { searchableText } from './search-text.ts';

const SID = '7c0de000-1111-4222-8333-444444444444';
const base = { isSidechain: false, userType: 'external', cwd: '/home/dev/app', sessionId: SID, version: '2.1.20', gitBranch: 'main' };
// A test run's coloured output, as Claude Code stores what Bash printed (ESC kept in the JSON string),
// and a token a colour change splits in two.
const TOKEN = `ghp_${'Q7rT2mX9vK4pL8sN3wY6zB1cD5fH0jG'}AbCd`;
const OUTPUT = `\x1b[1m\x1b[31mFAIL\x1b[39m\x1b[22m test/\x1b[1mcheckout\x1b[22m.test.js\n  \x1b[2mexpected\x1b[22m \x1b[32mgreenlight\x1b[39m\nGITHUB_TOKEN ${TOKEN.slice(0, 20)}\x1b[0m${TOKEN.slice(20)}`;
const LINES = [
  { ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-09-02T10:00:00.000Z', message: { role: 'user', content: 'run the checkout tests' } },
  {
    ...base, type: 'assistant', uuid: 'a1', parentUuid: 'u1', timestamp: '2026-09-02T10:00:02.000Z', requestId: 'req_1',
    message: { model: 'claude-sonnet-4-5-20250929', id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'npx jest --color test/checkout.test.js' } }], stop_reason: 'tool_use', usage: { input_tokens: 3, output_tokens: 9 } },
  },
  {
    ...base, type: 'user', uuid: 'u2', parentUuid: 'a1', timestamp: '2026-09-02T10:00:09.000Z',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: OUTPUT, is_error: true }] },
  },
];

test('terminal sequences are left out of what an event is found by, raw or JSON-escaped, and nothing else is', () => {
  assert.equal(searchableText('\x1b[1;38:2:255:0:0mFAIL\x1b[0m \x1b(Bok\x1b7'), 'FAIL ok');
  assert.equal(searchableText('"\\u001b[31mRED\\u001b[0m"'), '"RED"');
  assert.equal(searchableText('\x9b31mFAIL\x9b0m and \\x9b32mok\\x9b0m'), 'FAIL and ok', 'the 8-bit CSI');
  const plain = 'no sequences: u001b alone, [31m alone, \\x1b spelled out';
  assert.equal(searchableText(plain), plain);
  // Source code that spells a sequence out keeps its words (no quotes, blanks or `+` inside one).
  const code = "const open = '\\u001b[' + colour + 'm'; const reset = \"\\u001b[0m\";";
  assert.equal(searchableText(code), "const open = '\\u001b[' + colour + 'm'; const reset = \"\";");
});

test('a coloured word is found by itself (import, parallel import, rebuilt index), and a token split by a colour is not found at all', async () => {
  const found = (store: Parameters<typeof searchEvents>[0], q: string) => searchEvents(store, { query: q }).length;
  const check = (store: Parameters<typeof searchEvents>[0], how: string) => {
    for (const w of ['FAIL', 'checkout', 'expected', 'greenlight']) assert.equal(found(store, w), w === 'checkout' ? 3 : 1, `${how}: ${w}`);
    // What the index held before: the colour's parameters glued to the word.
    for (const w of ['31mFAIL', '1mcheckout', '32mgreenlight']) assert.equal(found(store, w), 0, `${how}: ${w}`);
    // The token is redacted whole (the redactor reads through the colour), so neither half is a word.
    for (const w of [TOKEN.slice(4, 20), TOKEN.slice(20), `${TOKEN.slice(4)}`]) assert.equal(found(store, w), 0, `${how}: ${w}`);
    const hit = searchEvents(store, { query: 'greenlight' })[0]!;
    assert.ok(!hit.text?.includes(TOKEN.slice(20)), `${how}: no half of the token in the preview`);
  };
  withTempStore((store, dir) => {
    const path = join(dir, `${SID}.jsonl`);
    writeFileSync(path, LINES.map((l) => `${JSON.stringify(l)}\n`).join(''));
    importFile(store, claudeAdapter, path);
    check(store, 'import');
    rebuildIndex(store);
    check(store, 'rebuilt');
  });
  await withTempStoreAsync(async (store, dir) => {
    const path = join(dir, `${SID}.jsonl`);
    // 4 MB of padding first: enough input for the import worker to do the reading.
    const pad = { ...base, type: 'user', uuid: 'u0', parentUuid: null, timestamp: '2026-09-02T09:59:00.000Z', message: { role: 'user', content: 'pad '.repeat(1 << 20) } };
    writeFileSync(path, [pad, ...LINES].map((l) => `${JSON.stringify(l)}\n`).join(''));
    const r = await importFilesParallel(store, [{ adapter: claudeAdapter, path, size: statSync(path).size, mtimeMs: 0 }]);
    assert.ok(r.totals.bytesRead >= 4 << 20 && r.notice === undefined, 'the worker did the reading');
    check(store, 'parallel import');
    // Nothing under the store holds either half of the token in plaintext.
    for (const f of readdirSync(dir, { recursive: true }) as string[]) {
      const p = join(dir, f);
      if (!statSync(p).isFile() || f.endsWith('.jsonl')) continue;
      const bytes = readFileSync(p);
      assert.ok(!bytes.includes(TOKEN.slice(4, 20)) && !bytes.includes(TOKEN.slice(20)), f);
    }
  });
});

test('a copy of a secret that a colour hides or splits is redacted, so the index never holds it whole', () => {
  const password = 'Xk9QhunterPass42';
  const lines = [
    { ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-09-02T10:00:00.000Z', message: { role: 'user', content: `connect with DB_PASSWORD=${password} please` } },
    ...[`result: \x1b[32m${password}\x1b[0m ok`, `split: ${password.slice(0, 6)}\x1b[1m${password.slice(6)} done`, `plain: ${password} here`].flatMap((out, i) => [
      {
        ...base, type: 'assistant', uuid: `a${i}`, parentUuid: 'u1', timestamp: `2026-09-02T10:00:0${2 * i + 1}.000Z`, requestId: `req_${i}`,
        message: { model: 'claude-sonnet-4-5-20250929', id: `msg_${i}`, type: 'message', role: 'assistant', content: [{ type: 'tool_use', id: `toolu_${i}`, name: 'Bash', input: { command: `./check ${i}` } }], stop_reason: 'tool_use', usage: { input_tokens: 3, output_tokens: 9 } },
      },
      { ...base, type: 'user', uuid: `r${i}`, parentUuid: `a${i}`, timestamp: `2026-09-02T10:00:0${2 * i + 2}.000Z`, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content: out }] } },
    ]),
  ];
  withTempStore((store, dir) => {
    const path = join(dir, `${SID}.jsonl`);
    writeFileSync(path, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    importFile(store, claudeAdapter, path);
    for (const q of [password, password.slice(0, 6), password.slice(6)]) assert.equal(searchEvents(store, { query: q }).length, 0, q);
    for (const w of ['result', 'split', 'plain']) {
      const [hit] = searchEvents(store, { query: w, kind: 'tool_result' });
      assert.ok(hit?.text?.includes('[REDACTED:'), `${w}: ${hit?.text}`);
      assert.ok(!hit!.text!.includes(password.slice(6)), `${w}: ${hit!.text}`);
    }
  });
});

test('a first prompt pasting `cat -v` output: neither the title nor search holds the token its colour spells out', () => {
  const token = `ghp_${'er8bOfZqfM2oeq3hDavJA76rNicHTp8hkqdl'}`;
  const line = { ...base, type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-09-02T10:00:00.000Z', message: { role: 'user', content: `auth failed with token ^[[1m${token}^[[0m, see \\x1b[33mDB_PASSWORD=08qzjI6GKFSufrdZSlB5\\x1b[0m` } };
  withTempStore((store, dir) => {
    const path = join(dir, `${SID}.jsonl`);
    writeFileSync(path, `${JSON.stringify(line)}\n`);
    importFile(store, claudeAdapter, path);
    const [s] = listSessions(store, {});
    assert.ok(s?.title?.startsWith('auth failed with token [REDACTED:github]'), s?.title ?? '');
    assert.ok(!s!.title!.includes('08qzjI6GKFSufrdZSlB5'), s!.title!);
    for (const q of [token.slice(4), '08qzjI6GKFSufrdZSlB5']) assert.equal(searchEvents(store, { query: q }).length, 0, q);
  });
});
