import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSecretKey } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { keyedContentId, safeCallId, safeSessionId, storedPath } from './safe-names.ts';

const key = createSecretKey(Buffer.alloc(32, 3));
const token = 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';

test('a path keeps its form; a folder or file name holding a secret is redacted and tagged, the same every time', () => {
  const plain = '/home/dev/.claude/projects/-home-dev-app/5d5d5d5d-1111-4222-8333-444444444444.jsonl';
  assert.equal(storedPath(plain, key), plain);
  const inFolder = `/home/dev/.claude/projects/-home-dev-${token}/5d5d5d5d-1111-4222-8333-444444444444.jsonl`;
  const stored = storedPath(inFolder, key);
  assert.ok(!stored.includes(token));
  assert.equal(basename(stored), '5d5d5d5d-1111-4222-8333-444444444444.jsonl', 'the session uuid in the name still reads');
  assert.match(basename(dirname(stored)), /^-home-dev-\[REDACTED:github\]~[0-9a-f]{16}$/);
  assert.equal(storedPath(inFolder, key), stored, 'deterministic');
  assert.equal(storedPath(stored, key), stored, 'a stored name stays as it is');
  assert.notEqual(storedPath(inFolder.replace('A1b2', 'Z1b2'), key), stored, 'two originals, two names');
  assert.match(storedPath(`/tmp/notes-${token}.jsonl`, key), /^\/tmp\/notes-\[REDACTED:github\]~[0-9a-f]{16}\.jsonl$/, 'the extension kept');
  // A secret that spans a '/' (an AWS secret key holds them): every name it touches is marked.
  const spanning = storedPath('/tmp/secret: wJalrXUtnFEMI/K7MDENGbPxRfiCYEXAMPLEKEY.json', key);
  assert.ok(!spanning.includes('wJalrXUtnFEMI') && !spanning.includes('K7MDENGbPxRfiCYEXAMPLEKEY'), spanning);
  assert.match(spanning, /^\/tmp\/secret: \[REDACTED:secret_assignment\]~[0-9a-f]{16}\/\[REDACTED:secret_assignment\]~[0-9a-f]{16}$/);
  assert.equal(storedPath(spanning, key), spanning);
});

test('a project folder Claude encoded from a working directory: a secret after any separator is found, ordinary names stay', () => {
  const folder = (name: string) => basename(dirname(storedPath(`/h/.claude/projects/${name}/a.jsonl`, key)));
  for (const [name, shown] of [
    ['-home-dev-ghp-ZbDov1w034qOBYoD0hN450itDEF30uU0PBDe', '-home-dev-[REDACTED:github]'],
    ['-home-dev-sk-live-51HxYz9QwErTy7UiOp3AsDfGh5JkL', '-home-dev-[REDACTED:stripe]'],
    ['-home-dev-hf-LockedFolderAbCdEfGhIjKlMnOpQrStUv', '-home-dev-[REDACTED:huggingface]'],
    ['-home-dev-API-TOKEN-Kpg7WApVZnR6DqfETVd5', '-home-dev-API-TOKEN-[REDACTED:secret_assignment]'],
    ['-home-dev---password-HxSFWElZP7V6YgUf-app', '-home-dev---password-[REDACTED:secret_assignment]'],
    ['-home-dev-aws-secret-access-key-Zq8vR2mT5xLp-9HkWc3Nd7Fb-Yg4Js6Qa1Ue0Ko8Vi', '-home-dev-aws-secret-[REDACTED:secret_assignment]'],
    ['-home-dev-client-key-wJalrXUtnFEMI-K7Md9ENG-bPxRfiCY', '-home-dev-client-key-[REDACTED:secret_assignment]'],
    ['-home-dev-pass-Tr0ub4dor-3', '-home-dev-pass-[REDACTED:secret_assignment]'],
    ['C--Users-dev-x9Kd2LmQ7vR4tW8zN3pB6yH1cF5gJ0sA', 'C--Users-dev-[REDACTED:secret_assignment]'],
    // Random values holding two capitalised runs: the runs do not read as words (a leak hunt
    // missed 17-31 % of such keys), or digits are strewn between other letters.
    ['-home-me-API-TOKEN-BTkDtOELAZN4PMULSkYhzatnztbvSYDozygoYG0p', '-home-me-API-TOKEN-[REDACTED:secret_assignment]'],
    ['-home-me-Qm7Xa2Lpw9Kd3Rtywe5Nbq8Vcx1Zhat', '-home-me-[REDACTED:secret_assignment]'],
  ] as const) assert.match(folder(name), new RegExp(`^${shown.replace(/[[\]]/g, '\\$&')}~[0-9a-f]{16}$`), name);
  for (const name of [
    '-home-dev-app',
    '-Users-JohnSmith-Code-MyApp2',
    '-private-var-folders-7x-k2p9qz7n5vs3f0m3lq5x1nqc0000gn-T-tmp',
    '-home-dev-app--claude-worktrees-agent-a1b2c3d4',
    '-home-dev-api-key-rotation',
    '-home-dev-token-Refresh',
    'C--Users-dev-PasswordManager2024',
    '-home-dev-HttpClientFactoryBuilder2Impl',
    '-home-dev-password-store',
    // Names a review found redacted by the first version of the rule: a secret's name before an ordinary word.
    '-home-dev-auth-oauth2',
    '-home-dev-src-auth-nextjs14',
    '-Users-jane-code-secret-santa2024',
    '-home-dev-token-bucket2',
    '-home-dev-key-iOSApp',
    '-Users-me-Projects-pass-through3',
    '-home-dev-pat-tracker1',
    '-home-dev-secret-sauce99',
    '-home-dev-secret-MyApp2',
    '-home-dev-token-ERC20Token',
    '-home-dev-key-rsa4096',
    '-home-dev-code-TypeScriptReactReduxBoilerplate2024',
    '-home-dev-code-myProject2024v3BetaRelease',
    '-home-dev-code-iOS17SwiftUIDemoApp2',
    '-home-dev-auth-OAuth2Client',
    '-home-dev-pwd-MyScripts1',
    '-home-dev-key-Base64Decoder',
    '-home-dev-password-manager2',
    '-home-dev-secret-key-gen2',
    '-home-dev-src-github-com-acme-auth-svc-cmd-key-rotator2',
    '-home-dev-password-bcrypt-12rounds',
    '-home-dev-code-Node18React17Webpack5Starter',
    '-home-dev-code-Vue3Vite4Pinia2Template',
    '-home-dev-code-PostgresMigrationTool2024v2',
    '-home-dev-code-MyApp2023Q4Report2024Final',
  ]) assert.equal(folder(name), name);
});

test('a session id holding a secret becomes redacted-<keyed hash>; uuids and plain ids stay', () => {
  assert.equal(safeSessionId('5d5d5d5d-1111-4222-8333-444444444444', key), '5d5d5d5d-1111-4222-8333-444444444444');
  assert.equal(safeSessionId('child', key), 'child');
  const id = safeSessionId(token, key);
  assert.match(id, /^redacted-[0-9a-f]{24}$/);
  assert.equal(safeSessionId(token, key), id);
  assert.notEqual(safeSessionId(token, createSecretKey(Buffer.alloc(32, 4))), id, 'keyed: the hash confirms no guess without the key');
});

test('a content-derived call id (ws@…) is keyed; provider call ids stay', () => {
  const id = keyedContentId('ws@h_ioIWYxEGPDo1by#0', key);
  assert.match(id, /^ws@[0-9a-f]{24}$/);
  assert.equal(keyedContentId('ws@h_ioIWYxEGPDo1by#0', key), id, 'equal payloads, equal ids');
  assert.notEqual(keyedContentId('ws@h_ioIWYxEGPDo1by#1', key), id);
  assert.notEqual(keyedContentId('ws@h_ioIWYxEGPDo1by#0', createSecretKey(Buffer.alloc(32, 4))), id);
  assert.equal(keyedContentId('call_abc123', key), 'call_abc123');
});

test('a call id is kept to 200 characters, judged whole first: a token the cut goes through leaves no readable piece', () => {
  const crossing = `call_${'c'.repeat(170)}_${token}`;
  const id = safeCallId(crossing, key);
  assert.match(id, /^redacted-[0-9a-f]{24}$/);
  assert.equal(safeCallId(crossing, key), id, 'a call and its result keep one id');
  assert.equal(safeCallId(`${crossing}x`, key), id, 'named by the part kept, as before');
  assert.match(safeCallId(`toolu_${token}`, key), /^redacted-[0-9a-f]{24}$/);
  const long = `call_${'a1'.repeat(150)}`;
  assert.equal(safeCallId(long, key), long.slice(0, 200), 'a long id without a secret is cut');
  assert.equal(safeCallId('call_abc123', key), 'call_abc123');
  assert.match(safeCallId('ws@h_ioIWYxEGPDo1by#0', key), /^ws@[0-9a-f]{24}$/);
});

test('a folder name with a long vowel run is judged in linear time (a backtracking pattern hung every import)', () => {
  // In a child with a time limit: a synchronous hang cannot be interrupted in this process.
  const code = `import { storedPath } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'safe-names.ts')).href)};
    for (const name of ['-home-u-token-x1A${'a'.repeat(40)}bcdfg2', '-home-u-token-Xa1${'a'.repeat(5000)}bcdfgh2Yzzzzz']) storedPath('/h/.claude/projects/' + name + '/a.jsonl', undefined);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { timeout: 20_000, encoding: 'utf8' });
  assert.equal(r.signal, null, 'it finished');
  assert.equal(r.status, 0, r.stderr);
});
