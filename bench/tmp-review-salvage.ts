// Review harness: damage pages of the raw tables, then index / index --force / import, and compare.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { claudeLines } from '../test/helpers/corpus.ts';
import { cli, jsonl, tempEnv } from '../test/helpers/env.ts';

const scenario = process.argv[2]!;
const t = tempEnv();
const N = Number(process.env.N ?? 60);
const dir = join(t.dir, 'claude', 'projects', '-home-dev-some-rather-long-project-folder-name-to-fill-pages');
mkdirSync(dir, { recursive: true });
t.env['CLAUDE_CONFIG_DIR'] = join(t.dir, 'claude');
t.env['CODEX_HOME'] = join(t.dir, 'no-codex');
const ids = Array.from({ length: N }, (_, i) => `34343434-aaaa-4bbb-8ccc-${String(i).padStart(12, '0')}`);
const files: string[] = [];
for (const [i, id] of ids.entries()) {
  const f = join(dir, `${id}.jsonl`);
  files.push(f);
  const big = JSON.stringify({ type: 'user', sessionId: id, uuid: `${id}-x`, timestamp: '2026-01-02T00:00:00.000Z', message: { role: 'user', content: randomBytes(scenario.includes('small') ? 10 : 1500).toString('hex') } });
  writeFileSync(f, (i % 7 === 3 && scenario.includes('empties')) ? '' : `${claudeLines(id, 3).join('\n')}\n${big}\n`);
}
const must = (r: { code: number; stderr: string }, what: string) => { if (r.code !== 0) console.log(`!! ${what} exit ${r.code}: ${r.stderr.slice(0, 600)}`); return r; };
must(cli(t.env, ['init']), 'init');
must(cli(t.env, ['import']), 'import');
if (scenario.includes('purge')) {
  for (const i of [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]) must(cli(t.env, ['purge', '--session-id', ids[i]!]), 'purge');
  // put the transcripts back as new files under other names so new streams/segments come after the gap
}
if (scenario.includes('grow')) {
  for (const f of files.slice(0, 30)) writeFileSync(f, readFileSync(f, 'utf8') + `${JSON.stringify({ type: 'user', sessionId: 'x', uuid: randomBytes(8).toString('hex'), timestamp: '2026-01-03T00:00:00.000Z', message: { role: 'user', content: randomBytes(800).toString('hex') } })}\n`);
  must(cli(t.env, ['import']), 'import2');
}
const snap = () => ({ sessions: jsonl<{ id: string; events: number }>(cli(t.env, ['sessions', '--json', '--all']).stdout).map((s) => `${s.id}:${s.events}`).sort().join(' '), stats: JSON.parse(cli(t.env, ['stats', '--json']).stdout) as { rawLines: number; segments: number } });
const before = snap();
console.log('before: rawLines', before.stats.rawLines, 'segments', before.stats.segments, 'sessions', before.sessions.split(' ').length);
const dbFile = join(t.home, 'store.db');
const db = new DatabaseSync(dbFile);
db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
const size = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
const pagesOf = (name: string, type = 'leaf') => (db.prepare(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno`).all(name, type) as { pageno: number }[]).map((r) => r.pageno);
const victims: number[] = [];
for (const spec of (process.env.DAMAGE ?? '').split(',').filter(Boolean)) {
  const [name, which, type] = spec.split(':');
  const pages = pagesOf(name!, type ?? 'leaf');
  const p = which === 'last' ? pages.at(-1) : which === 'mid' ? pages[Math.floor(pages.length / 2)] : pages[Number(which ?? 0)];
  console.log(`damage ${name} ${type ?? 'leaf'} page ${p} of ${pages.length}`);
  if (p) victims.push(p);
}
db.close();
const bytes = readFileSync(dbFile);
for (const p of victims) bytes.fill(0, (p - 1) * size, p * size);
writeFileSync(dbFile, bytes);
const show = (label: string, r: { code: number; stdout: string; stderr: string }) => console.log(`${label}: exit ${r.code}\n  ${(r.stdout + r.stderr).trim().replace(/\n/g, '\n  ').slice(0, 900)}`);
show('index', cli(t.env, ['index']));
show('index --force', cli(t.env, ['index', '--force']));
show('import', cli(t.env, ['import']));
const after = snap();
console.log('after: rawLines', after.stats.rawLines, 'segments', after.stats.segments, 'same sessions:', after.sessions === before.sessions);
if (after.sessions !== before.sessions) {
  const a = new Set(after.sessions.split(' ')), b = new Set(before.sessions.split(' '));
  console.log('  missing:', [...b].filter((x) => !a.has(x)).slice(0, 5), 'extra:', [...a].filter((x) => !b.has(x)).slice(0, 5));
}
show('doctor', cli(t.env, ['doctor']));
console.log('home:', readdirSync(t.home).join(' '));
if (!process.env.KEEP) t.cleanup(); else console.log('kept', t.dir);
