import assert from 'node:assert/strict';
import { test } from 'node:test';
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
    // Searchable texts travel as UTF-8 bytes; previews stay strings.
    const searched = (ls: PreparedLine[], bytes: boolean) =>
      ls.map((l) => l.events.map((e) => (bytes ? (e.searchBytes ? Buffer.from(e.searchBytes).toString('utf8') : e.searchText) : e.searchText)));
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
