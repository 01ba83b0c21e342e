// Secrets a command prints bare (`printenv DB_PASSWORD`, `gh auth token`) and answers typed at a
// password prompt (Codex `write_stdin`): no rule can tell such a value from text; the command
// or the prompt before it says what it is. Read through real imports, in pieces and rebuilt.
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sessionTimeline } from '../store/event-list.ts';
import { eventId, listSessions, searchEvents } from '../store/queries.ts';
import type { Store } from '../store/store.ts';
import { withTempStore } from '../../test/helpers/store.ts';
import { readCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { eventFullText } from './event-text.ts';
import { findFiles, importFiles } from './import.ts';
import { rebuildIndex } from './rebuild.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const CLAUDE_ID = '7f1c2d3e-4a5b-4c6d-8e7f-901234567891';
const CODEX_ID = '019c8bfe-ec25-79e0-97d7-bda6a9c5aa01';
// Passwords no rule recognises alone, and a token of no known vendor.
const PRINTED = 'hunter2LongerPw99';
const ECHOED = 'Vq3mZt8Lp1Xw';
const TYPED = 'correct-horse-battery-9';
const READ_TOKEN = 'Qm7vXk2pLr9sTw4zKd';

function claudeLines(): { call: string; rest: string } {
  const base = { sessionId: CLAUDE_ID, cwd: '/home/dev/app', version: '2.1.80', gitBranch: 'main', isSidechain: false, userType: 'external' };
  let n = 0;
  const ts = () => `2026-11-20T10:00:${String(++n).padStart(2, '0')}.000Z`;
  const call = (id: string, command: string) =>
    JSON.stringify({ ...base, type: 'assistant', uuid: `a${n}`, parentUuid: null, timestamp: ts(), requestId: `req_${n}`, message: { id: `msg_${n}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id, name: 'Bash', input: { command } }], usage: { input_tokens: 1, output_tokens: 1 } } });
  const result = (id: string, out: string) =>
    JSON.stringify({ ...base, type: 'user', uuid: `u${n}`, parentUuid: null, timestamp: ts(), toolUseResult: { stdout: out, stderr: '', interrupted: false }, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: out }] } });
  const text = (t: string) =>
    JSON.stringify({ ...base, type: 'assistant', uuid: `t${n}`, parentUuid: null, timestamp: ts(), requestId: `req_${n}`, message: { id: `msg_${n}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: t }], usage: { input_tokens: 1, output_tokens: 1 } } });
  return {
    call: `${call('toolu_env', 'printenv DB_PASSWORD')}\n`,
    rest: `${[
      result('toolu_env', PRINTED),
      text(`The database password is ${PRINTED}; the token comes next.`),
      call('toolu_gh', 'gh auth token'),
      result('toolu_gh', READ_TOKEN),
      call('toolu_ls', 'ls -la'),
      result('toolu_ls', 'package.json\nREADME.md\nnode_modules'),
    ].join('\n')}\n`,
  };
}

function codexLines(): string {
  let n = 0;
  const ts = () => `2026-11-20T11:00:${String(++n).padStart(2, '0')}.000Z`;
  const line = (type: string, payload: object) => JSON.stringify({ timestamp: ts(), type, payload });
  const header = (out: string, running = false) => `Chunk ID: c${n}\nWall time: 0.1 seconds\n${running ? 'Process running with session ID 7' : 'Process exited with code 0'}\nOriginal token count: 9\nOutput:\n${out}`;
  return `${[
    line('session_meta', { id: CODEX_ID, timestamp: '2026-11-20T11:00:00.000Z', cwd: '/home/dev/app', originator: 'codex_cli_rs', cli_version: '0.104.0', source: 'cli', model_provider: 'openai' }),
    line('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'source .env && echo "$API_TOKEN"' }), call_id: 'call_echo' }),
    line('response_item', { type: 'function_call_output', call_id: 'call_echo', output: header(`${ECHOED}\n`) }),
    line('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'ssh-add ~/.ssh/id_ed25519' }), call_id: 'call_ssh' }),
    line('response_item', { type: 'function_call_output', call_id: 'call_ssh', output: header('Enter passphrase for /home/dev/.ssh/id_ed25519: ', true) }),
    line('response_item', { type: 'function_call', name: 'write_stdin', arguments: JSON.stringify({ session_id: 7, chars: `${TYPED}\n` }), call_id: 'call_type' }),
    line('response_item', { type: 'function_call_output', call_id: 'call_type', output: header('Identity added: /home/dev/.ssh/id_ed25519\n') }),
    line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `Added the key with ${TYPED}; the token is ${ECHOED}.` }] }),
  ].join('\n')}\n`;
}

const SECRETS = [PRINTED, ECHOED, TYPED, READ_TOKEN];

/** Claude lines of the test session at `hour`: a Bash call, its result, assistant text. */
function claudeAt(prefix: string, hour: number) {
  const base = { sessionId: CLAUDE_ID, cwd: '/home/dev/app', version: '2.1.80', isSidechain: false, userType: 'external' };
  let n = 0;
  const line = (o: object) => JSON.stringify({ ...base, uuid: `${prefix}${++n}`, parentUuid: null, timestamp: `2026-11-20T${hour}:00:0${n}.000Z`, ...o });
  const usage = { input_tokens: 1, output_tokens: 1 };
  return {
    bash: (id: string, command: string) => line({ type: 'assistant', requestId: `r${n}`, message: { id: `m${n}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id, name: 'Bash', input: { command } }], usage } }),
    tool: (id: string, name: string, input: object) => line({ type: 'assistant', requestId: `r${n}`, message: { id: `m${n}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'tool_use', id, name, input }], usage } }),
    /** A user line whose content is a string (as Claude writes its `!` bash mode lines). */
    user: (content: string) => line({ type: 'user', message: { role: 'user', content } }),
    attachment: (attachment: object) => line({ type: 'attachment', attachment }),
    result: (id: string, content: string) => line({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content }] } }),
    text: (text: string) => line({ type: 'assistant', requestId: `r${n}`, message: { id: `m${n}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text }], usage } }),
  };
}

/** Everything the index shows, whole texts included. */
function shown(store: Store, ids = [CLAUDE_ID, CODEX_ID]): string {
  const events = ids.flatMap((id) => sessionTimeline(store, id, { limit: 500 }).items);
  const whole = events.map((e) => eventFullText(store, e.id).text);
  return JSON.stringify({ events, whole, sessions: listSessions(store, { limit: 10 }) });
}

function write(dir: string): { claude: string; codex: string } {
  const c = join(dir, 'claude', '-home-dev-app');
  const x = join(dir, 'codex', '2026', '11', '20');
  mkdirSync(c, { recursive: true });
  mkdirSync(x, { recursive: true });
  return { claude: join(c, `${CLAUDE_ID}.jsonl`), codex: join(x, `rollout-2026-11-20T11-00-00-${CODEX_ID}.jsonl`) };
}

const importAll = (store: Store, dir: string) => importFiles(store, findFiles(store, { roots: { claude: [join(dir, 'claude')], codex: [join(dir, 'codex')] } }).files);

/** Every store file's bytes, as text (the raw lines are sealed: nothing there may read plainly). */
const storeBytes = (dir: string): string =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');

test('a value a command prints (printenv, echo of a secret variable, gh auth token) or typed at a password prompt is redacted there and after', () => {
  withTempStore(
    (store, dir, env) => {
      const { claude, codex } = write(dir);
      const { call, rest } = claudeLines();
      // The call in one import, its result in the next: what the call said is kept in between.
      writeFileSync(claude, call);
      writeFileSync(codex, codexLines());
      importAll(store, dir);
      appendFileSync(claude, rest);
      importAll(store, dir);
      const out = shown(store);
      for (const s of SECRETS) {
        assert.ok(!out.includes(s), s);
        assert.equal(searchEvents(store, { query: s, literal: true }).length, 0, s);
      }
      assert.match(out, /The database password is \[REDACTED:secret_assignment\]; the token/);
      assert.match(out, /Added the key with \[REDACTED:secret_assignment\]; the token is \[REDACTED:secret_assignment\]\./);
      assert.match(out, /package\.json\\nREADME\.md/, 'the output of other commands is left as it is');
      assert.equal(searchEvents(store, { query: 'passphrase' }).length, 1, 'the prompt itself is text');
      store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      const bytes = storeBytes(env['TRACE_HOME']!);
      for (const s of SECRETS) assert.ok(!bytes.includes(s), `${s} under the store`);
      // Rebuilt from the raw store, and imported in one piece: the same.
      rebuildIndex(store);
      assert.equal(shown(store), out);
      return out;
    },
    { TRACE_KEY: KEY },
  );
});

test('the same transcripts imported in one piece show the same', () => {
  const run = (pieces: boolean) =>
    withTempStore(
      (store, dir) => {
        const { claude, codex } = write(dir);
        const { call, rest } = claudeLines();
        writeFileSync(codex, codexLines());
        writeFileSync(claude, pieces ? call : call + rest);
        importAll(store, dir);
        if (pieces) {
          appendFileSync(claude, rest);
          importAll(store, dir);
        }
        // (Store order, `seq`, follows the order files were read in.)
        return shown(store).replace(/"seq":\d+,/g, '');
      },
      { TRACE_KEY: KEY },
    );
  assert.equal(run(true), run(false));
});

test('a review found (2026-11-26): a printed word is redacted where printed but not chased; prompts about a secret are no prompt for it; \\r and empty polls', () => {
  withTempStore(
    (store, dir) => {
      const { claude, codex } = write(dir);
      const c = claudeAt('w', 12);
      writeFileSync(
        claude,
        `${[
          c.bash('toolu_w', 'echo $POSTGRES_PASSWORD'),
          c.result('toolu_w', 'postgres'),
          c.text('The postgres password is the default one.'),
          // A long output (its whole text derived on request) printing a word: still redacted there.
          c.bash('toolu_l', 'cat /run/secrets/db_password'),
          c.result('toolu_l', `tiramisu\n${'x'.repeat(60_000)}`),
        ].join('\n')}\n`,
      );
      let n = 0;
      const line = (type: string, payload: object) => JSON.stringify({ timestamp: `2026-11-20T13:00:${String(++n).padStart(2, '0')}.000Z`, type, payload });
      const out = (id: string, text: string) => line('response_item', { type: 'function_call_output', call_id: id, output: `Chunk ID: c\nWall time: 0.1 seconds\nProcess running with session ID 7\nOriginal token count: 9\nOutput:\n${text}` });
      const type = (id: string, chars: string) => line('response_item', { type: 'function_call', name: 'write_stdin', arguments: JSON.stringify({ session_id: 7, chars }), call_id: id });
      writeFileSync(
        codex,
        `${[
          line('session_meta', { id: CODEX_ID, timestamp: '2026-11-20T13:00:00.000Z', cwd: '/home/dev/app', originator: 'codex_cli_rs', cli_version: '0.104.0', source: 'cli', model_provider: 'openai' }),
          line('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'gh auth refresh' }), call_id: 'c1' }),
          out('c1', '? Enter a name for the new token: '),
          type('c2', 'deploy-bot-2026\n'),
          out('c2', 'Token usage: '),
          type('c3', 'summary\n'),
          out('c3', '[sudo] password for dev: '),
          type('c4', ''),
          out('c4', ''),
          type('c5', 'Sup3rS3cretRoot\r'),
          out('c5', 'ok\n'),
          line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Named it deploy-bot-2026; the summary is above; root is Sup3rS3cretRoot.' }] }),
        ].join('\n')}\n`,
      );
      importAll(store, dir);
      const shownText = shown(store);
      assert.match(shownText, /"text":"\[REDACTED:secret_assignment\]"/, 'the printed word, where it was printed');
      assert.match(shownText, /The postgres password is the default one\./, 'the word elsewhere');
      assert.ok(!shownText.includes('tiramisu'), 'nor in the whole text of a long output');
      assert.match(shownText, /Named it deploy-bot-2026; the summary is above; root is \[REDACTED:secret_assignment\]\./);
      assert.equal(searchEvents(store, { query: 'Sup3rS3cretRoot', literal: true }).length, 0);
    },
    { TRACE_KEY: KEY },
  );
});

/** The whole text of every event of the store, repeats included (the API derives them on request). */
function everyWholeText(store: Store): string {
  const rows = store.db.prepare('SELECT h, n FROM events ORDER BY rowid').all() as { h: Uint8Array; n: number }[];
  return JSON.stringify(rows.map((r) => eventFullText(store, eventId(r.h, r.n)).text));
}

test('a review found (2026-11-26): repeats of a printing call and its output (Codex writes them twice) are redacted in their whole text too', () => {
  withTempStore(
    (store, dir) => {
      const { codex } = write(dir);
      let n = 0;
      const line = (type: string, payload: object) => JSON.stringify({ timestamp: `2026-11-20T14:00:${String(++n).padStart(2, '0')}.000Z`, type, payload });
      // Lower-case letters and digits under 16 characters: not chased by the memory, so only the
      // reading of the command redacts it, in each copy.
      const pw = 'swordfish2024pw';
      writeFileSync(
        codex,
        `${[
          line('session_meta', { id: CODEX_ID, timestamp: '2026-11-20T14:00:00.000Z', cwd: '/home/dev/app', originator: 'codex_cli_rs', cli_version: '0.104.0', source: 'cli', model_provider: 'openai' }),
          line('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'printenv DB_PASSWORD' }), call_id: 'c1' }),
          line('event_msg', { type: 'exec_command_end', call_id: 'c1', command: ['bash', '-lc', 'printenv DB_PASSWORD'], aggregated_output: `${pw}\n`, stdout: `${pw}\n`, stderr: '', exit_code: 0, duration: { secs: 0, nanos: 1000000 } }),
          line('response_item', { type: 'function_call_output', call_id: 'c1', output: `Chunk ID: c\nWall time: 0.0 seconds\nProcess exited with code 0\nOriginal token count: 4\nOutput:\n${pw}\n` }),
        ].join('\n')}\n`,
      );
      importAll(store, dir);
      const whole = everyWholeText(store);
      assert.ok(!whole.includes(pw), whole);
      assert.match(whole, /\[REDACTED:secret_assignment\]/);
    },
    { TRACE_KEY: KEY },
  );
});

test('a checkpoint written before printed secrets were read (no flag) is no proof a transcript has none: whole texts replay it', () => {
  withTempStore(
    (store, dir) => {
      const { claude } = write(dir);
      const c = claudeAt('o', 15);
      writeFileSync(claude, `${c.bash('toolu_o', 'cat /run/secrets/db_password')}\n${c.result('toolu_o', `tiramisu\n${'x'.repeat(60_000)}`)}\n`);
      importAll(store, dir);
      // As an earlier version left it: no `tb:printed` in the saved state.
      const path = (store.db.prepare('SELECT path FROM sources').get() as { path: string }).path;
      const cp = readCheckpoint(store, path)!;
      const state = JSON.parse(cp.state) as Record<string, unknown>;
      delete state['tb:printed'];
      writeCheckpoint(store, { ...cp, state: JSON.stringify(state) });
      assert.ok(!everyWholeText(store).includes('tiramisu'));
    },
    { TRACE_KEY: KEY },
  );
});

test('prompts for a secret, as programs word them (a leak hunt found git, ssh-keygen, wrangler and coloured ones missed)', async () => {
  const { asksForSecret } = await import('./stream-parser.ts');
  const asks = [
    '[sudo] password for dev: ',
    "Password for 'https://dev@github.com': ",
    'Enter passphrase (empty for no passphrase): ',
    'Enter same passphrase again: ',
    '? Enter a secret value: › ',
    'Please enter your API key (from https://example.com/settings): ',
    '\x1b[1mPassword:\x1b[0m ',
    'Enter PIN for "YubiKey PIV": ',
    // (A review found these lost with the first change: quotes inside the "for" part.)
    "Password for dev's account: ",
    'Enter password for the "prod" database: ',
    "Enter passphrase for O'Brien's key: ",
    'Vault password for "prod" env: ',
    // (A verification pass: OpenSSL's confirmations, prompts after a progress word, without a colon, with a default.)
    'Verifying - Enter PEM pass phrase:',
    'Verifying - Enter Export Password:',
    'Loading config... Password:',
    'Creating user admin. Password:',
    '? Enter your Anthropic API key ›',
    'AWS Secret Access Key [None]: ',
    'Paste an API key from your profile and hit enter, or press ctrl+c to quit: ',
    'Apple ID password: ',
    'Type password: ',
    'Please type your password:',
    '? Master password: [input is hidden]',
  ];
  for (const p of asks) assert.ok(asksForSecret(`Output:\n${p}`), JSON.stringify(p));
  // (Progress lines too: a false-positive hunt found them taken for prompts.)
  const not = ['? Enter a name for the new token: ', 'Token usage: ', 'Password changed for dev.', 'Enter the token expiry (days): ', 'passwords: 3 rotated', 'Fetching token: ...', 'Refreshing token: ', 'Validating API key: ...', 'Loading API key: …', 'Generating token (this may take a while): ', 'Downloading token: ', 'Updating token:', 'Uploading secret: ', 'npm notice Token: ', '2026-01-01 INFO token: ', 'Enter the type of token: ', 'Loaded token from cache:', 'Read password from file:', '? Select a token ›'];
  for (const p of not) assert.ok(!asksForSecret(`Output:\n${p}`), JSON.stringify(p));
});

test('prompts a sixth leak hunt found answered bare (2026-11-27): login and config prompts, keys, hidden input, values asked for by name or under a heading', async () => {
  const { asksForSecret } = await import('./stream-parser.ts');
  const asks = [
    // cf / ibmcloud login, mc alias set, s3cmd --configure, rclone config: `>` for the colon, a secret key, a field name.
    'API endpoint: https://api.cf.example.com\n\nEmail> dev@acme.io\n\nPassword> ',
    'Enter Access Key: minioadmin\nEnter Secret Key: ',
    'Access Key: AKIAKQ7BX3MN9PLW2RTY\nSecret Key: ',
    'AWS Secret Access Key (password).\nLeave blank for anonymous access or runtime credentials.\nEnter a value. Press Enter to leave empty.\nsecret_access_key> ',
    'client_secret> ',
    // pulumi login: the line asking for the token is above its `: `; cargo login and huggingface-cli: asked to paste it.
    'Manage your Pulumi stacks by logging in.\nRun `pulumi login --help` for alternative login options.\nEnter your access token from https://app.pulumi.com/account/tokens\n    or hit <ENTER> to log in using your browser                   : ',
    'please paste the token found on https://crates.io/me below\n',
    'Paste your HF token here and press enter',
    // terraform: `Enter a value:` under a secret-named variable (its description between), or under terraform login's heading.
    'var.db_password\n  The admin password for the RDS instance\n\n  Enter a value: ',
    'var.dbAdminPassword\n  Enter a value: ',
    'Token for app.terraform.io:\n  Enter a value: ',
    // vercel env add, gh secret set, firebase functions:secrets:set, vault operator unseal, llm keys set, keepassxc-cli, a script.
    "? What's the value of STRIPE_SECRET_KEY? ",
    '? Paste your secret ',
    '? Enter a value for STRIPE_KEY [input is hidden] ',
    'Unseal Key (will be hidden): ',
    'Enter key: ',
    'Enter your OpenAI key: ',
    'Enter password to unlock vault.kdbx: ',
    'Enter passphrase to unlock /home/dev/.ssh/id_ed25519: ',
    'Value for DB_PASSWORD: ',
    'Enter the value for DB_PASSWORD: ',
    'OPENAI_API_KEY: ',
    'DB_PASSWORD= ',
    'Encryption key: ',
    'License key: ',
    'Enter PUK: ',
  ];
  for (const p of asks) assert.ok(asksForSecret(`Output:\n${p}`), JSON.stringify(p));
  // `pulumi config set --secret dbPassword` asks `value: `, and says nothing else: a value asked for so is taken as a
  // secret (a plain one is set on the command line). Under anything else, a bare `value:` is not.
  assert.ok(asksForSecret('value: '));
  const not = [
    'Enter a name for the new token:',
    'Fetching token:',
    'Username: ',
    'Email> ',
    'Enter Access Key: ',
    'AWS Access Key ID [None]: ',
    'access_key_id> ',
    'region> ',
    'var.region\n  The AWS region to deploy to\n\n  Enter a value: ',
    'var.instance_type\n  Enter a value: ',
    'Enter a name for the new token\n  Enter a value: ',
    'Enter a value: ',
    'Some log line\nvalue: ',
    "? What's the value of NODE_ENV? ",
    'Value for PASSWORD_MIN_LENGTH: ',
    'NEXT_PAGE_TOKEN: ',
    'Fetching DB_PASSWORD: ',
    'Setting JWT_SECRET: ',
    'Generating public/private ed25519 key pair.\nEnter file in which to save the key (/home/dev/.ssh/id_ed25519): ',
    'Enter a key name: ',
    'Enter the key ID: ',
    'Enter your public key: ',
    'Paste the token name here: ',
    '? Paste the URL ',
    'Press any key: ',
  ];
  for (const p of not) assert.ok(!asksForSecret(`Output:\n${p}`), JSON.stringify(p));
});

test('a review found (2026-11-27): questions, shell prompts, help lines and instructions naming a secret are no prompt for one', async () => {
  const { asksForSecret } = await import('./stream-parser.ts');
  const not = [
    'Which region should store the secret? ', 'Where should I save the token? ', 'Revoke this token?', 'PS C:\\repo\\token> ', 'PS D:\\apikey> ',
    '  -p, --password <password>', 'Full documentation <https://www.gnu.org/software/coreutils/pwd>', 'export GITHUB_TOKEN=', '>>> password = ',
    'To convert a private key from PEM to DER format:', 'Paste the token into the GitHub settings page to finish.',
  ];
  for (const p of not) assert.ok(!asksForSecret(`Output:\n${p}`), JSON.stringify(p));
  for (const p of [
    'DB_PASSWORD= ', "? What's the value of STRIPE_SECRET_KEY? ", 'secret_access_key> ', '? Paste your secret ',
    // (Lone words after a colon or `>`, and pasting into a field when a colon asks for it: a second review.)
    'Passwd: ', 'New passwd: ', 'authtoken: ', 'apitoken: ', 'secretkey> ', 'Enter value for dbpassword: ',
    'Paste your API token into the terminal:', 'Paste your access token into the field below and press Enter:',
  ]) {
    assert.ok(asksForSecret(`Output:\n${p}`), JSON.stringify(p));
  }
});

test("a secret cut in two where a running command's output was read in pieces: its second part, in the next poll's output, is redacted too (a leak hunt)", () => {
  const TOKEN = `ghp_${'7X8s51fbLtByHwiUmrCaoND5bgfTFAbGOUBw'}`;
  const run = (pieces: boolean) =>
    withTempStore(
      (store, dir) => {
        const { claude, codex } = write(dir);
        const { call, rest } = claudeLines();
        writeFileSync(claude, call + rest);
        let n = 0;
        const line = (type: string, payload: object) => JSON.stringify({ timestamp: `2026-11-20T14:00:${String(++n).padStart(2, '0')}.000Z`, type, payload });
        const out = (id: string, text: string, running: boolean) =>
          line('response_item', { type: 'function_call_output', call_id: id, output: `Chunk ID: c${n}\nWall time: 1.0 seconds\n${running ? 'Process running with session ID 7' : 'Process exited with code 0'}\nOriginal token count: 9\nOutput:\n${text}` });
        const head = [
          line('session_meta', { id: CODEX_ID, timestamp: '2026-11-20T14:00:00.000Z', cwd: '/home/dev/app', originator: 'codex_cli_rs', cli_version: '0.104.0', source: 'cli', model_provider: 'openai' }),
          line('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: './issue-token.sh', yield_time_ms: 1000 }), call_id: 'c1' }),
          out('c1', `starting...\nissued token: ${TOKEN.slice(0, 20)}`, true),
        ];
        const tail = [
          // (A poll that printed nothing in between.)
          line('response_item', { type: 'function_call', name: 'write_stdin', arguments: JSON.stringify({ session_id: 7, chars: '', yield_time_ms: 1000 }), call_id: 'c1b' }),
          out('c1b', '', true),
          line('response_item', { type: 'function_call', name: 'write_stdin', arguments: JSON.stringify({ session_id: 7, chars: '', yield_time_ms: 1000 }), call_id: 'c2' }),
          out('c2', `${TOKEN.slice(20)}\ndone\n`, false),
          line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `It printed a token ending ${TOKEN.slice(20)}.` }] }),
        ];
        writeFileSync(codex, `${(pieces ? head : [...head, ...tail]).join('\n')}\n`);
        importAll(store, dir);
        if (pieces) {
          appendFileSync(codex, `${tail.join('\n')}\n`);
          importAll(store, dir);
        }
        const seen = shown(store);
        assert.ok(!seen.includes(TOKEN.slice(20)) && !seen.includes(TOKEN.slice(4, 20)), seen);
        assert.ok(seen.includes('done'));
        assert.equal(searchEvents(store, { query: TOKEN.slice(20), literal: true }).length, 0);
        const whole = everyWholeText(store);
        assert.ok(!whole.includes(TOKEN.slice(20)));
        rebuildIndex(store);
        assert.equal(shown(store), seen, 'a rebuild agrees');
        return seen.replace(/"seq":\d+,/g, '');
      },
      { TRACE_KEY: KEY },
    );
  assert.equal(run(true), run(false));
});

test("commands the user ran at the prompt (Claude's `!` bash mode, Codex's user shell) and a background shell's output read later print secrets too (a leak hunt, 2026-11-27)", () => {
  const BANG = 'Qx7Zk4mV9pLr2TbW8nYc5';
  const BANG_SAME_LINE = 'Lm2Np4Qr6St8Uv0Wx3Yz5';
  const BACKGROUND = 'Rn8Vb3Kx7Lq2Wz9Pm4Tc6';
  const TASK = 'Hd5Fg7Jk9Lm2Np4Qr6St8';
  const CODEX_SHELL = 'Ty5Hg8Jk2Lm4Np6Qr9Sv3';
  const FILE_READ = 'Wq2Er4Ty6Ui8Op0As3Df5';
  const HOOK = 'Gu9xbf5EJW8t4Fhbg1LtavP77ivk';
  const POLLED = 'Pm3Nb5Vc7Xz9Lk2Jh4Gf6Ds8';
  const secrets = [BANG, BANG_SAME_LINE, BACKGROUND, TASK, CODEX_SHELL, FILE_READ, HOOK, POLLED];
  const run = (pieces: boolean) =>
    withTempStore(
      (store, dir, env) => {
        const { claude, codex } = write(dir);
        const c = claudeAt('s', 14);
        const { user, tool } = c;
        const lines = [
          user('<bash-input>printenv DB_PASSWORD</bash-input>'),
          user(`<bash-stdout>${BANG}</bash-stdout><bash-stderr></bash-stderr>`),
          user(`<bash-input>echo $API_TOKEN</bash-input><bash-stdout>${BANG_SAME_LINE}</bash-stdout><bash-stderr></bash-stderr>`),
          c.text(`Pasted again: ${BANG}`),
          tool('toolu_bg', 'Bash', { command: 'printenv DB_PASSWORD', run_in_background: true }),
          c.result('toolu_bg', 'Command running in background with ID: bash_1'),
          tool('toolu_read', 'BashOutput', { bash_id: 'bash_1' }),
          c.result('toolu_read', `<status>completed</status>\n\n<exit_code>0</exit_code>\n\n<stdout>\n${BACKGROUND}\n</stdout>\n\n<timestamp>2026-11-20T14:00:09.000Z</timestamp>`),
          tool('toolu_bg2', 'Bash', { command: 'cat /run/secrets/api_token', run_in_background: true }),
          c.result('toolu_bg2', 'Command running in background with ID: b7f3e1a. Output is being written to: /tmp/claude/tasks/b7f3e1a.output'),
          tool('toolu_task', 'TaskOutput', { task_id: 'b7f3e1a', block: true }),
          c.result('toolu_task', `<retrieval_status>success</retrieval_status>\n\n<task_id>b7f3e1a</task_id>\n\n<task_type>local_bash</task_type>\n\n<status>completed</status>\n\n<exit_code>0</exit_code>\n\n<output>\n${TASK}\n</output>`),
          // Read from the file it writes to (2.1), with Read (numbered lines) and with cat.
          tool('toolu_bg4', 'Bash', { command: 'printenv STRIPE_SECRET_KEY', run_in_background: true }),
          c.result('toolu_bg4', 'Command running in background with ID: c9d2e4f. Output is being written to: /tmp/claude/-home-dev-app/tasks/c9d2e4f.output'),
          tool('toolu_file', 'Read', { file_path: '/tmp/claude/-home-dev-app/tasks/c9d2e4f.output' }),
          c.result('toolu_file', `     1→${FILE_READ}\n     2→`),
          tool('toolu_cat', 'Bash', { command: 'cat /tmp/claude/-home-dev-app/tasks/c9d2e4f.output' }),
          c.result('toolu_cat', FILE_READ),
          // A hook's command and what it printed (a session-start hook reading a secret store).
          c.attachment({ type: 'hook_success', hookName: 'SessionStart:startup', hookEvent: 'SessionStart', toolUseID: 'hook1', content: '', stdout: `${HOOK}\n`, stderr: '', exitCode: 0, command: 'op read op://prod/db/password', durationMs: 3 }),
          // Another background shell's output is left as it is.
          tool('toolu_bg3', 'Bash', { command: 'npm run dev', run_in_background: true }),
          c.result('toolu_bg3', 'Command running in background with ID: bash_3'),
          tool('toolu_read3', 'BashOutput', { bash_id: 'bash_3' }),
          c.result('toolu_read3', '<status>running</status>\n\n<stdout>\nready-in-377ms\n</stdout>'),
        ];
        const half = pieces ? 7 : lines.length;
        writeFileSync(claude, `${lines.slice(0, half).join('\n')}\n`);
        let n = 0;
        const line = (type: string, payload: object) => JSON.stringify({ timestamp: `2026-11-20T15:00:${String(++n).padStart(2, '0')}.000Z`, type, payload });
        const shellText = `<user_shell_command>\n<command>\nprintenv DB_PASSWORD\n</command>\n<result>\nExit code: 0\nDuration: 0.0100 seconds\nOutput:\n${CODEX_SHELL}\n\n</result>\n</user_shell_command>`;
        writeFileSync(
          codex,
          `${[
            line('session_meta', { id: CODEX_ID, timestamp: '2026-11-20T15:00:00.000Z', cwd: '/home/dev/app', originator: 'codex_cli_rs', cli_version: '0.128.0', source: 'cli', model_provider: 'openai' }),
            line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: shellText }] }),
            line('event_msg', { type: 'user_message', message: shellText, images: [] }),
            // A secret reader still running when its call returned, its output read by a poll of its session.
            line('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'op read op://prod/db/password', yield_time_ms: 1000 }), call_id: 'call_op' }),
            line('response_item', { type: 'function_call_output', call_id: 'call_op', output: 'Chunk ID: a1\nWall time: 1.0 seconds\nProcess running with session ID 12\nOriginal token count: 0\nOutput:\n' }),
            line('response_item', { type: 'function_call', name: 'write_stdin', arguments: JSON.stringify({ session_id: 12, chars: '' }), call_id: 'call_poll' }),
            line('response_item', { type: 'function_call_output', call_id: 'call_poll', output: `Chunk ID: b2\nWall time: 2.0 seconds\nProcess exited with code 0\nOriginal token count: 9\nOutput:\n${POLLED}\n` }),
            // Its session id taken by another command later: that one's output is no secret.
            line('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: 'npm run dev', yield_time_ms: 1000 }), call_id: 'call_dev' }),
            line('response_item', { type: 'function_call_output', call_id: 'call_dev', output: 'Chunk ID: c3\nWall time: 1.0 seconds\nProcess running with session ID 12\nOriginal token count: 0\nOutput:\n' }),
            line('response_item', { type: 'function_call', name: 'write_stdin', arguments: JSON.stringify({ session_id: 12, chars: '' }), call_id: 'call_poll2' }),
            line('response_item', { type: 'function_call_output', call_id: 'call_poll2', output: 'Chunk ID: d4\nWall time: 2.0 seconds\nProcess running with session ID 12\nOriginal token count: 9\nOutput:\nBuildId0a9Fx7Lk2Qp4Zr8Tw\n' }),
          ].join('\n')}\n`,
        );
        importAll(store, dir);
        if (pieces) {
          appendFileSync(claude, `${lines.slice(half).join('\n')}\n`);
          importAll(store, dir);
        }
        const out = shown(store);
        for (const s of secrets) {
          assert.ok(!out.includes(s), s);
          assert.equal(searchEvents(store, { query: s, literal: true }).length, 0, s);
        }
        assert.match(out, /ready-in-377ms/, 'a background shell that printed no secret keeps its output');
        assert.match(out, /BuildId0a9Fx7Lk2Qp4Zr8Tw/, "a session id a secret reader used, taken by another command: that one's output stays");
        assert.match(out, /Pasted again: \[REDACTED:secret_assignment\]/);
        store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
        const bytes = storeBytes(env['TRACE_HOME']!);
        for (const s of secrets) assert.ok(!bytes.includes(s), `${s} under the store`);
        rebuildIndex(store);
        assert.equal(shown(store), out, 'rebuilt: the same');
        return out.replace(/"seq":\d+,/g, '');
      },
      { TRACE_KEY: KEY },
    );
  assert.equal(run(true), run(false), 'in pieces as in one');
});

test("a secret store's dump (`vault kv get`, `doppler secrets download`, `printenv`): its generated values under any name, there and after (a leak hunt, rules .83)", () => {
  const [signing, stripe, session] = ['hgGtsi5scCCX07i4H1QHvufAOVJYPFoIL1iuDj7X', 'Qm7xK2pLr9WvT4nZ8sYb3HcE', 'Vb4Nw8Ty3Hc6Jd1Qp7Zr2Lx9'];
  withTempStore(
    (store, dir, env) => {
      const { claude } = write(dir);
      const c = claudeAt('d', 12);
      const vault = `====== Data ======\nKey         Value\n---         -----\nsigning     ${signing}\nusername    admin\n`;
      writeFileSync(
        claude,
        `${[
          c.bash('toolu_vault', 'vault kv get -mount=secret myapp/prod'),
          c.result('toolu_vault', vault),
          c.bash('toolu_doppler', 'doppler secrets download --no-file'),
          c.result('toolu_doppler', `{"MAILGUN":"${stripe}","PORT":"8080"}`),
          c.bash('toolu_env', 'printenv'),
          c.result('toolu_env', `HOME=/home/dev\nsession=${session}\n`),
          c.text(`Signing with ${signing}, mail with ${stripe}, sessions with ${session}.`),
        ].join('\n')}\n`,
      );
      importAll(store, dir);
      const out = shown(store, [CLAUDE_ID]);
      for (const s of [signing, stripe, session]) {
        assert.ok(!out.includes(s), s);
        assert.equal(searchEvents(store, { query: s, literal: true }).length, 0, s);
      }
      assert.match(out, /username {4}admin/, 'what is no generated value stays');
      assert.match(out, /Signing with \[REDACTED:secret_assignment\], mail with \[REDACTED:secret_assignment\], sessions with \[REDACTED:secret_assignment\]\./);
      store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      const bytes = storeBytes(env['TRACE_HOME']!);
      for (const s of [signing, stripe, session]) assert.ok(!bytes.includes(s), `${s} under the store`);
    },
    { TRACE_KEY: KEY },
  );
});
