import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { sessionTimeline } from '../store/event-list.ts';
import { listSessions, searchEvents } from '../store/queries.ts';
import type { Store } from '../store/store.ts';
import { withTempStore, withTempStoreAsync } from '../../test/helpers/store.ts';
import { eventFullText } from './event-text.ts';
import { findFiles, importFiles } from './import.ts';
import { importFilesParallel } from './parallel.ts';
import { rebuildIndex } from './rebuild.ts';

// A secret found once (a `.env` read) and then repeated bare in later lines: by the assistant,
// in a command, deep in a long output. The rules alone cannot tell the bare copies from text.
const SECRET = 'Zq8Wx3Ec7Rv1Tb5Yn2Lp';
const ID = '5ec2e700-1111-4222-8333-444444444444';
const KEY = Buffer.alloc(32, 9).toString('base64');

/** Claude Code lines of one session, timestamps in order. */
function builders() {
  const base = { sessionId: ID, cwd: '/home/dev/app', version: '2.1.20', isSidechain: false, userType: 'external' };
  let n = 0;
  const ts = () => `2026-03-01T10:${String(Math.floor(++n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.000Z`;
  const user = (content: unknown, extra = {}) => JSON.stringify({ ...base, type: 'user', uuid: `u${n}`, parentUuid: null, timestamp: ts(), message: { role: 'user', content }, ...extra });
  const asst = (i: number, block: unknown) =>
    JSON.stringify({ ...base, type: 'assistant', uuid: `a${n}`, parentUuid: null, timestamp: ts(), requestId: `req_${i}`, message: { id: `msg_${i}`, role: 'assistant', model: 'claude-sonnet-4-5', content: [block], usage: { input_tokens: 1, output_tokens: 1 } } });
  const result = (id: string, content: string) => user([{ type: 'tool_result', tool_use_id: id, content }]);
  return { user, asst, result };
}

function session(pad = ''): { head: string; tail: string } {
  const { user, asst, result } = builders();
  const head = [
    user('wire the signing secret from .env into the client'),
    asst(1, { type: 'tool_use', id: 'toolu_read', name: 'Read', input: { file_path: '/home/dev/app/.env' } }),
    result('toolu_read', `     1→NODE_ENV=production\n     2→API_SIGNING_SECRET=${SECRET}\n`),
  ];
  const tail = [
    asst(2, { type: 'text', text: `The signing secret is ${SECRET}; I will pass it to the client.` }),
    asst(3, { type: 'tool_use', id: 'toolu_bash', name: 'Bash', input: { command: `node sign.js --with ${SECRET} payload.json`, description: 'sign' } }),
    result('toolu_bash', `${'signing block ok\n'.repeat(60)}${pad}signed with ${SECRET}`),
  ];
  return { head: `${head.join('\n')}\n`, tail: `${tail.join('\n')}\n` };
}

/** Everything the index shows of the session, and whole texts derived on request. */
function shown(store: Store): string {
  const events = sessionTimeline(store, ID, { limit: 500 }).items;
  const whole = events.filter((e) => e.truncated).map((e) => eventFullText(store, e.id).text);
  return JSON.stringify({ events, whole, sessions: listSessions(store, { limit: 10 }) });
}

const withStore = <T>(fn: (store: Store, dir: string) => T): T => withTempStore(fn, { TRACE_KEY: KEY });

const write = (dir: string, text: string): string => {
  const d = join(dir, 'projects', '-home-dev-app');
  mkdirSync(d, { recursive: true });
  const f = join(d, `${ID}.jsonl`);
  writeFileSync(f, text);
  return f;
};
const importDir = (store: Store, dir: string) => importFiles(store, findFiles(store, { roots: { claude: [join(dir, 'projects')], codex: [] } }).files);
/** The session imported in one piece into a fresh store. */
const oneShot = (text: string): string =>
  withStore((store, dir) => {
    write(dir, text);
    importDir(store, dir);
    return shown(store);
  });

test('a secret found earlier in a transcript is redacted where a later line repeats it bare, across imports and in rebuilt indexes', () => {
  const { head, tail } = session();
  const outputs = withStore((store, dir) => {
    // First the .env read, then (a later import) the lines that repeat the value.
    const f = write(dir, head);
    importDir(store, dir);
    assert.ok(!shown(store).includes(SECRET), 'whole texts read (and their starting states kept) before the rest arrives');
    appendFileSync(f, tail);
    importDir(store, dir);
    const out = shown(store);
    assert.ok(!out.includes(SECRET), 'no bare copy anywhere');
    assert.match(out, /The signing secret is \[REDACTED:[a-z_]+\]; I will pass it/);
    assert.match(out, /node sign\.js --with \[REDACTED:[a-z_]+\] payload\.json/);
    assert.match(out, /signed with \[REDACTED:[a-z_]+\]/, 'the whole text of the long output');
    assert.equal(searchEvents(store, { query: SECRET, literal: true }).length, 0);
    assert.equal(searchEvents(store, { query: 'signed' }).length, 1);
    // Rebuilt from the raw store: the same rows.
    rebuildIndex(store);
    assert.equal(shown(store), out);
    return out;
  });
  // In one piece, the same.
  assert.equal(oneShot(head + tail), outputs);
});

test('the parallel import follows secrets the same way', async () => {
  // Past the size where the import hands reading to a worker thread.
  const { head, tail } = session('x'.repeat(5 << 20));
  const sync = oneShot(head + tail);
  const out = await withTempStoreAsync(async (store, dir) => {
    write(dir, head + tail);
    await importFilesParallel(store, findFiles(store, { roots: { claude: [join(dir, 'projects')], codex: [] } }).files);
    return shown(store);
  }, { TRACE_KEY: KEY });
  assert.ok(!out.includes(SECRET));
  assert.equal(out, sync);
});

test('a transcript read again from its start (replaced or shrunk) keeps what its stored lines taught, as a rebuild does', () => {
  const { head, tail } = session();
  withStore((store, dir) => {
    write(dir, head + tail);
    importDir(store, dir);
    const long = sessionTimeline(store, ID, { limit: 500 }).items.find((e) => e.truncated)!;
    // Replaced by another file (a restored copy, an editor): read again from byte 0.
    const { user, asst } = builders();
    write(dir, `${user('start over')}\n${asst(9, { type: 'text', text: `Still signing with ${SECRET}.` })}\n`);
    assert.equal(importDir(store, dir).files[0]?.reset, true);
    assert.ok(!eventFullText(store, long.id).text!.includes(SECRET), 'the earlier long output, whole');
    const out = shown(store);
    assert.ok(!out.includes(SECRET));
    assert.match(out, /Still signing with \[REDACTED:[a-z_]+\]\./);
    rebuildIndex(store);
    assert.equal(shown(store), out);
  });
});

test('a secret shown by its context in the unindexed middle of a long output is followed too; more than 64 in one text', () => {
  const { user, asst, result } = builders();
  const many = Array.from({ length: 70 }, (_, i) => `SERVICE_${i}_SECRET=Qx${i}Lm9Tz4Wp7Kd2Rb`);
  const lines = [
    asst(1, { type: 'tool_use', id: 'toolu_env', name: 'Bash', input: { command: './build.sh', description: 'build' } }),
    result('toolu_env', `${'build log line\n'.repeat(3500)}API_SIGNING_SECRET=${SECRET}\n${'build log line\n'.repeat(3500)}`),
    asst(2, { type: 'tool_use', id: 'toolu_keys', name: 'Bash', input: { command: './keys.sh', description: 'keys' } }),
    result('toolu_keys', `${many.join('\n')}\n${'padding line\n'.repeat(8000)}done, last used Qx69Lm9Tz4Wp7Kd2Rb`),
    asst(3, { type: 'text', text: `The build used ${SECRET} as its signing secret.` }),
    user('thanks'),
  ];
  withStore((store, dir) => {
    write(dir, `${lines.join('\n')}\n`);
    importDir(store, dir);
    const out = shown(store);
    assert.ok(!out.includes(SECRET), 'learned from the middle of the first output');
    assert.ok(!out.includes('Qx69Lm9Tz4Wp7Kd2Rb'), 'the 70th value, in the index and in the whole text');
    assert.equal(searchEvents(store, { query: 'Qx69Lm9Tz4Wp7Kd2Rb', literal: true }).length, 0);
  });
});

test('a token printed bare at the top of a long output and named only in its unindexed middle is redacted in the indexed head too', () => {
  const { asst, result } = builders();
  const lines = [
    asst(1, { type: 'tool_use', id: 'toolu_gen', name: 'Bash', input: { command: './scripts/new-token.sh', description: 'token' } }),
    result('toolu_gen', `token generated:\n${SECRET}\n${'rotation log line\n'.repeat(3500)}export SERVICE_TOKEN=${SECRET}\n${'rotation log line\n'.repeat(3500)}`),
  ];
  withStore((store, dir) => {
    write(dir, `${lines.join('\n')}\n`);
    importDir(store, dir);
    assert.ok(!shown(store).includes(SECRET));
    assert.equal(searchEvents(store, { query: SECRET, literal: true }).length, 0);
    const before = shown(store);
    rebuildIndex(store);
    assert.equal(shown(store), before, 'a rebuild redacts alike');
  });
});

/** A token pasted bare into the prompt (the session's title) and said by the assistant, before the
 * line that shows what it is (`DEPLOY_TOKEN=…` written to `.env`), then used bare again after it. */
function pastedFirst(pad = ''): { head: string; tail: string } {
  const { user, asst, result } = builders();
  const head = [
    user(`deploy with ${SECRET} please`),
    asst(1, { type: 'text', text: `I will deploy using ${SECRET} ${pad}.` }),
    asst(2, { type: 'tool_use', id: 'toolu_plan', name: 'Bash', input: { command: `./deploy.sh --dry-run ${SECRET}`, description: 'plan' } }),
    result('toolu_plan', `dry run ok for ${SECRET}`),
  ];
  const tail = [
    asst(3, { type: 'tool_use', id: 'toolu_env', name: 'Bash', input: { command: `echo 'DEPLOY_TOKEN=${SECRET}' >> .env`, description: 'save' } }),
    result('toolu_env', ''),
    asst(4, { type: 'text', text: `Saved ${SECRET} to .env.` }),
  ];
  return { head: `${head.join('\n')}\n`, tail: `${tail.join('\n')}\n` };
}

const redactionCounts = (store: Store): unknown => store.db.prepare('SELECT s.id, r.kind, r.count FROM redactions r JOIN sessions s USING (sid) ORDER BY 1, 2').all();

test('a secret pasted bare before the line that shows what it is gets redacted in those earlier events too: one import, two, a rebuild, the parallel import', async () => {
  const { head, tail } = pastedFirst();
  const one = withStore((store, dir) => {
    write(dir, head + tail);
    importDir(store, dir);
    const out = shown(store);
    assert.ok(!out.includes(SECRET), out);
    assert.match(out, /deploy with \[REDACTED:[a-z_]+\] please/, 'the prompt and the title taken from it');
    assert.match(out, /dry run ok for \[REDACTED:[a-z_]+\]/);
    assert.equal(searchEvents(store, { query: SECRET, literal: true }).length, 0);
    assert.equal(searchEvents(store, { query: 'dry run ok' }).length, 1, 'the text around it is still found');
    return { out, counts: redactionCounts(store) };
  });
  withStore((store, dir) => {
    // The bare copies stored by a first import; the line that shows the token comes with a second.
    const f = write(dir, head);
    importDir(store, dir);
    assert.ok(shown(store).includes(SECRET), 'nothing shows it is a secret yet');
    appendFileSync(f, tail);
    importDir(store, dir);
    assert.equal(shown(store), one.out);
    assert.deepEqual(redactionCounts(store), one.counts);
    rebuildIndex(store);
    assert.equal(shown(store), one.out, 'the index rebuilt from the sealed lines');
    assert.deepEqual(redactionCounts(store), one.counts);
    for (const file of ['store.db', 'store.db-wal']) {
      try {
        assert.ok(!readFileSync(join(store.config.home, file)).includes(SECRET), file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  });
  // Through the worker thread (past the size it takes over at): the same redaction.
  const big = pastedFirst('x'.repeat(5 << 20));
  const sync = oneShot(big.head + big.tail);
  const parallel = await withTempStoreAsync(async (store, dir) => {
    write(dir, big.head + big.tail);
    await importFilesParallel(store, findFiles(store, { roots: { claude: [join(dir, 'projects')], codex: [] } }).files);
    return shown(store);
  }, { TRACE_KEY: KEY });
  assert.ok(!parallel.includes(SECRET));
  assert.equal(parallel, sync);
});

test('late finds, cases a review found: a title cut in the middle of the value, tokens a log taught in bulk (left alike however batches were cut)', () => {
  const { user, asst, result } = builders();
  const long = 'Zq8Wx3Ec7Rv1Tb5Yn2LpAb9Cd3EfGh7Jk';
  const bulk = Array.from({ length: 10 }, (_, i) => `Tk${i}q8Wx3Ec7Rv1Tb5Yn${i}Lp9`);
  const head = [user(`${'x'.repeat(180)} ${long} please deploy, and ${bulk[0]} too`), asst(1, { type: 'text', text: 'ok' })];
  const env = [
    asst(2, { type: 'tool_use', id: 'toolu_env', name: 'Bash', input: { command: `echo 'DEPLOY_TOKEN=${long}' >> .env`, description: 'save' } }),
    result('toolu_env', ''),
  ];
  const log = [
    asst(3, { type: 'tool_use', id: 'toolu_log', name: 'Bash', input: { command: 'tail access.log', description: 'log' } }),
    result('toolu_log', bulk.map((b) => `GET /api?access_token=${b} 200`).join('\n')),
  ];
  const text = (lines: string[]) => `${lines.join('\n')}\n`;
  const once = withStore((store, dir) => {
    write(dir, text([...head, ...env, ...log]));
    importDir(store, dir);
    const title = listSessions(store, { limit: 1 })[0]!.title!;
    assert.ok(!title.includes(long.slice(0, 12)), title);
    return shown(store);
  });
  withStore((store, dir) => {
    const f = write(dir, text([...head, ...env]));
    importDir(store, dir);
    appendFileSync(f, text(log));
    importDir(store, dir);
    assert.equal(shown(store), once, 'in pieces');
    rebuildIndex(store);
    assert.equal(shown(store), once, 'rebuilt');
  });
});

/** The head imported, then the tail appended and imported: two segments. */
function importInTwo(store: Store, dir: string, head: string, tail: string): void {
  const f = write(dir, head);
  importDir(store, dir);
  appendFileSync(f, tail);
  importDir(store, dir);
}

const damageFirstSegment = (store: Store): void => {
  store.db.prepare('UPDATE segments SET sealed = zeroblob(length(sealed)) WHERE id = (SELECT min(id) FROM segments)').run();
};

test('the whole text is refused, not derived without its memory, when an earlier record of the transcript is damaged', () => {
  const { head, tail } = session();
  withStore((store, dir) => {
    importInTwo(store, dir, head, tail);
    const long = sessionTimeline(store, ID, { limit: 500 }).items.find((e) => e.truncated)!;
    damageFirstSegment(store);
    assert.throws(() => eventFullText(store, long.id), (e: Error & { code?: string }) => e.code === 'RECORD_TAMPERED' && /cannot be derived safely/.test(e.message));
  });
});

test('a rebuild past a damaged record still follows what it taught: the checkpoints remember it', () => {
  const { head, tail } = session();
  withStore((store, dir) => {
    importInTwo(store, dir, head, tail);
    damageFirstSegment(store);
    const report = rebuildIndex(store);
    assert.equal(report.damaged, 1);
    const events = sessionTimeline(store, ID, { limit: 500 }).items;
    assert.ok(events.length >= 3, 'the later lines are indexed');
    assert.ok(!JSON.stringify({ events, sessions: listSessions(store, { limit: 10 }) }).includes(SECRET));
    assert.equal(searchEvents(store, { query: SECRET, literal: true }).length, 0);
  });
});

test('a call and its result keep one id although the memory learned a value between them; keys follow the rules only', () => {
  const { user, asst, result } = builders();
  const callId = `toolu_${SECRET}`;
  const text = [
    asst(1, { type: 'tool_use', id: SECRET, name: 'Bash', input: { command: 'false' } }),
    result('toolu_read', `API_SIGNING_SECRET=${SECRET}\n`),
    user([{ type: 'tool_result', tool_use_id: SECRET, content: 'exit 1', is_error: true }]),
    asst(2, { type: 'tool_use', id: callId, name: 'Bash', input: { command: 'true' } }),
  ].join('\n');
  withStore((store, dir) => {
    write(dir, `${text}\n`);
    importDir(store, dir);
    const [s] = listSessions(store, { limit: 5 });
    assert.equal(s?.toolCalls, 2);
    assert.equal(s?.toolErrors, 1, 'the failed result still finds its call');
  });
});
