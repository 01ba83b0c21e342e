import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutPictographs } from '../core/words.ts';
import type { PreparedLine } from './lines-to-index.ts';
import { fromWire, JoinedLines, releaseWire, toWire } from './wire.ts';

/** An event row with only what the wire cares about. */
const event = (searchText: string | null) => ({ searchText, text: searchText?.slice(0, 10) ?? null }) as unknown as PreparedLine['events'][number];
const SEARCH = [['héllo wörld 🎉', null], [], ['', 'plain text'], ['[REDACTED:github] at the end']] as (string | null)[][];

const line = (text: string, offset: number, h: number): PreparedLine => ({
  bytes: Buffer.from(text), offset, h: Buffer.alloc(12, h), events: (SEARCH[h % SEARCH.length] ?? []).map(event), sessions: [], redactions: new Map(), malformed: false, unknown: false, oversized: false,
});

test('joined lines cross to the writer intact, however the buffer had to grow, and are freed after', () => {
  const texts = ['', '{"a":1}', 'x'.repeat(100), '', '{"é":"ü"}', 'y'.repeat(300), '{}'];
  for (const capacity of [8, 64, 4096]) {
    const joined = new JoinedLines(capacity);
    let offset = 0;
    const lines = texts.map((t, i) => {
      const l = line(t, offset, i + 1);
      offset += l.bytes.length + 1;
      l.bytes = joined.add(l.bytes);
      return l;
    });
    // What gets sealed: the lines joined by '\n', as the synchronous path joins them.
    assert.equal(joined.joined().toString(), texts.join('\n'));
    const { batch, transfer } = toWire(lines, joined);
    assert.equal(transfer.length, 3);
    const received = structuredClone(batch, { transfer });
    const back = fromWire(received);
    assert.deepEqual(back.map((l) => l.bytes.toString()), texts);
    assert.deepEqual(back.map((l) => l.h[0]), texts.map((_, i) => i + 1));
    assert.deepEqual(back.map((l) => l.offset), lines.map((l) => l.offset));
    // Searchable texts travel as UTF-8 bytes, as the index takes them (emoji blanks); previews stay strings.
    const searched = (ls: PreparedLine[], bytes: boolean) =>
      ls.map((l) => l.events.map((e) => (bytes ? (e.searchBytes ? Buffer.from(e.searchBytes).toString('utf8') : e.searchText) : e.searchText && withoutPictographs(e.searchText))));
    assert.deepEqual(searched(back, true), searched(lines, false));
    assert.ok(back.every((l) => l.events.every((e) => e.searchText === null || e.searchText === '')));
    assert.deepEqual(back.map((l) => l.events.map((e) => e.text)), lines.map((l) => l.events.map((e) => e.text)));
    assert.equal(joined.joined().length, 0, 'the next batch starts empty');
    releaseWire(received, undefined);
    assert.equal(received.blob.byteLength + received.ids.byteLength + received.texts.byteLength, 0, 'freed at once, not at some garbage collection');
  }
  const empty = new JoinedLines(64);
  assert.equal(toWire([], empty).batch.blob.byteLength, 0, 'an empty batch (the end of a file) allocates nothing');
});

test('a prompt keeps its text as a string across the worker boundary: the session title is cut as in the synchronous path', async () => {
  const { withTempStore } = await import('../../test/helpers/store.ts');
  const { adapterFor } = await import('../sources/index.ts');
  const { openStreamParser } = await import('./stream-parser.ts');
  const { parseStoredLine, writePreparedLines } = await import('./lines-to-index.ts');
  const { upsertStream } = await import('../store/raw.ts');
  const { writeTx } = await import('../store/store.ts');
  const id = '5ec2e700-1111-4222-8333-666666666666';
  // The title's 200th UTF-16 unit is a lone high surrogate (JSON "\ud83d" with no low half).
  const prompt = `${'a'.repeat(199)}\ud83dX and more words after it`;
  const raw = JSON.stringify({ sessionId: id, cwd: '/h', version: '2.1.20', isSidechain: false, userType: 'external', type: 'user', uuid: 'u1', parentUuid: null, timestamp: '2026-03-01T10:00:01.000Z', message: { role: 'user', content: prompt } });
  const titleVia = (wire: boolean): string =>
    withTempStore((store) => {
      const path = `/tmp/projects/-h/${id}.jsonl`;
      const p = parseStoredLine(openStreamParser(adapterFor('claude'), path), 'claude', id, Buffer.from(raw), 0, store.idKey);
      let lines = [p];
      if (wire) {
        const j = new JoinedLines(1024);
        p.bytes = j.add(p.bytes);
        const { batch, transfer } = toWire([p], j);
        lines = fromWire(structuredClone(batch, { transfer }));
      }
      writeTx(store, () => writePreparedLines(store, 'claude', upsertStream(store, 'claude', id, path), id, lines));
      return (store.db.prepare('SELECT title FROM sessions WHERE id = ?').get(id) as { title: string }).title;
    });
  assert.equal(titleVia(true), titleVia(false));
});
