import assert from 'node:assert/strict';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { claudeLines } from '../../test/helpers/corpus.ts';
import { withTempStore } from '../../test/helpers/store.ts';
import { adapterFor } from '../sources/index.ts';
import { sessionTimeline } from '../store/event-list.ts';
import { purgeSession } from '../store/purge.ts';
import { listSessions } from '../store/queries.ts';
import { checkIntegrity } from '../store/stats.ts';
import { lineHash } from '../store/raw.ts';
import { readRawEvent } from '../store/raw-event.ts';
import type { Store } from '../store/store.ts';
import { importFile } from './import-file.ts';
import { rebuildIndex } from './rebuild.ts';

const ID = '5ec2e700-aaaa-4bbb-8ccc-0000000000c1';
const claude = adapterFor('claude');

/** Names the stored lines as stores written before 2026-11-26 did: a CRLF line with its carriage return. */
function asOlderStore(store: Store, lines: string[]): void {
  const { key } = store.db.prepare('SELECT key FROM streams').get() as { key: string };
  for (const line of lines) {
    const now = lineHash('claude', key, Buffer.from(line), store.idKey);
    const before = lineHash('claude', key, Buffer.from(`${line}\r`), store.idKey);
    store.db.prepare('UPDATE line_ids SET h = ? WHERE h = ?').run(before, now);
    store.db.prepare('UPDATE events SET h = ? WHERE h = ?').run(before, now);
  }
}

test('a store that named CRLF lines with their carriage return: a re-read adds nothing; after index, show and purge find every line', () => {
  withTempStore((store, dir) => {
    const lines = claudeLines(ID, 4);
    const project = join(dir, 'projects', '-home-dev-app');
    mkdirSync(project, { recursive: true });
    const file = join(project, `${ID}.jsonl`);
    const crlf = `${lines.join('\r\n')}\r\n`;
    writeFileSync(file, crlf);
    importFile(store, claude, file);
    asOlderStore(store, lines);
    const before = listSessions(store, { limit: 5 });

    // The same transcript copied in place (another inode): read again from its start.
    writeFileSync(`${file}.tmp`, crlf);
    renameSync(`${file}.tmp`, file);
    const again = importFile(store, claude, file);
    assert.equal(again.reset, true);
    assert.equal(again.newLines, 0);
    assert.deepEqual(listSessions(store, { limit: 5 }), before);

    rebuildIndex(store);
    const events = sessionTimeline(store, ID, { limit: 500 }).items;
    assert.ok(events.length > 0);
    for (const e of events) assert.ok(readRawEvent(store, e.id).toString('utf8').startsWith('{'), e.id);
    purgeSession(store, ID);
    assert.equal((store.db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n, 0, 'the sealed lines are purged too');
  });
});

test('a store that holds a transcript twice, stored before with CRLF then LF line ends: after index, every sealed line is found (a copy counts)', () => {
  withTempStore((store, dir) => {
    const lines = claudeLines(ID, 4);
    const project = join(dir, 'projects', '-home-dev-app');
    mkdirSync(project, { recursive: true });
    const file = join(project, `${ID}.jsonl`);
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    importFile(store, claude, file);
    asOlderStore(store, lines);
    // An LF copy of the same session elsewhere: the older names differ, so each line was stored again.
    const other = join(dir, 'projects', '-home-dev-copy');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, `${ID}.jsonl`), `${lines.join('\n')}\n`);
    assert.equal(importFile(store, claude, join(other, `${ID}.jsonl`)).newLines, lines.length);
    assert.equal(checkIntegrity(store).linesMisplaced, 0);
    rebuildIndex(store);
    const integrity = checkIntegrity(store);
    assert.deepEqual([integrity.linesMisplaced, integrity.linesWithoutRecord, integrity.damagedSegments], [0, 0, []]);
    for (const e of sessionTimeline(store, ID, { limit: 500 }).items) assert.ok(readRawEvent(store, e.id).toString('utf8').startsWith('{'), e.id);
  });
});
