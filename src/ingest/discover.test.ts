import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { claudeAdapter } from '../sources/claude/index.ts';
import { withTempStore } from '../../test/helpers/store.ts';
import { discover } from './discover.ts';
import { findFiles } from './import.ts';

const ID = '5d5d5d5d-1111-4222-8333-444444444444';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'tracebase-discover-'));
  chmodSync(root, 0o755);
  const project = join(root, '-home-dev-app');
  mkdirSync(project);
  writeFileSync(join(project, `${ID}.jsonl`), '{}\n');
  return root;
}

test('a symlink to a transcript file is found; a symlinked project folder kept elsewhere is followed, a loop or a second way in is not', () => {
  const root = tree();
  try {
    const elsewhere = mkdtempSync(join(tmpdir(), 'tracebase-elsewhere-'));
    const target = join(elsewhere, 'real.jsonl');
    writeFileSync(target, '{}\n');
    symlinkSync(target, join(root, '-home-dev-app', 'linked.jsonl'));
    symlinkSync(join(root, '-home-dev-app'), join(root, 'loop'));
    symlinkSync(root, join(root, '-home-dev-app', 'up'));
    symlinkSync(join(elsewhere, 'gone.jsonl'), join(root, '-home-dev-app', 'dangling.jsonl'));
    // A project folder on another disk (a dotfiles setup), linked twice, with a link back into itself.
    const project = join(elsewhere, 'project');
    mkdirSync(project);
    writeFileSync(join(project, `${ID.replace(/^./, 'b')}.jsonl`), '{}\n');
    symlinkSync(project, join(root, '-home-dev-other'));
    symlinkSync(project, join(root, '-home-dev-other-again'));
    symlinkSync(project, join(project, 'self'));
    const unreadable: unknown[] = [];
    const found = discover(claudeAdapter, root, (d) => unreadable.push(d)).map((f) => f.path.slice(root.length + 1));
    assert.deepEqual(found, [`-home-dev-app/${ID}.jsonl`, '-home-dev-app/linked.jsonl', `-home-dev-other/${ID.replace(/^./, 'b')}.jsonl`]);
    assert.deepEqual(unreadable, []);
    rmSync(elsewhere, { recursive: true, force: true });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a folder that cannot be listed is reported, not skipped in silence; a missing root is not an error', () => {
  const root = tree();
  try {
    const locked = join(root, '-home-dev-locked');
    mkdirSync(locked);
    writeFileSync(join(locked, `${ID}.jsonl`), '{}\n');
    chmodSync(locked, 0o000);
    const script = `
      const { discover } = await import(${JSON.stringify(new URL('./discover.ts', import.meta.url).pathname)});
      const { claudeAdapter } = await import(${JSON.stringify(new URL('../sources/claude/index.ts', import.meta.url).pathname)});
      const unreadable = [];
      const files = discover(claudeAdapter, ${JSON.stringify(root)}, (d) => unreadable.push(d));
      discover(claudeAdapter, ${JSON.stringify(join(root, 'missing'))}, (d) => unreadable.push(d));
      console.log(JSON.stringify({ files: files.length, unreadable }));`;
    // Root reads any folder whatever its mode: the walk then runs as nobody.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: root, ...asNobody });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { files: number; unreadable: { path: string; code: string }[] };
    assert.equal(out.files, 1);
    assert.deepEqual(out.unreadable, [{ path: locked, code: 'EACCES' }]);
  } finally {
    chmodSync(join(root, '-home-dev-locked'), 0o755);
    rmSync(root, { recursive: true, force: true });
  }
});

test('a transcript whose name is not UTF-8 is reported (EILSEQ), not skipped in silence (a bad-input review)', () => {
  const root = tree();
  try {
    // A byte that is no UTF-8 in the name: Node lists it with U+FFFD, a path that does not exist.
    writeFileSync(Buffer.concat([Buffer.from(join(root, '-home-dev-app', 'caf')), Buffer.from([0xe9]), Buffer.from('.jsonl')]), '{}\n');
    const unreadable: { path: string; code: string }[] = [];
    const found = discover(claudeAdapter, root, (d) => unreadable.push(d));
    assert.equal(found.length, 1);
    assert.deepEqual(unreadable, [{ path: join(root, '-home-dev-app', 'caf\uFFFD.jsonl'), code: 'EILSEQ' }]);
    // A folder so named: its transcripts cannot be reached by the name listed.
    const folder = Buffer.concat([Buffer.from(join(root, '-home-d')), Buffer.from([0xff]), Buffer.from('r')]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from(`/${ID}.jsonl`)]), '{}\n');
    const again: { path: string; code: string }[] = [];
    discover(claudeAdapter, root, (d) => again.push(d));
    assert.deepEqual(again.map((d) => d.code).sort(), ['EILSEQ', 'EILSEQ']);
    assert.ok(again.some((d) => d.path === join(root, '-home-d\uFFFDr')));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a named pipe under a transcript name (or a link to one) is reported, never opened (a verification pass)', () => {
  const root = tree();
  try {
    const fifo = join(root, '-home-dev-app', 'pipe.jsonl');
    spawnSync('mkfifo', [fifo]);
    symlinkSync(fifo, join(root, '-home-dev-app', 'link-to-pipe.jsonl'));
    const unreadable: { path: string; code: string }[] = [];
    const found = discover(claudeAdapter, root, (d) => unreadable.push(d));
    assert.equal(found.length, 1);
    assert.deepEqual(unreadable.map((d) => [d.path.slice(root.length + 1), d.code]).sort(), [['-home-dev-app/link-to-pipe.jsonl', 'ENOTREG'], ['-home-dev-app/pipe.jsonl', 'ENOTREG']]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a root holding 160,000 transcripts is listed whole (they were once spread into one call, past the stack)', () => {
  const root = mkdtempSync(join(tmpdir(), 'tracebase-many-'));
  try {
    for (let d = 0; d < 16; d++) {
      const project = join(root, `-home-dev-p${d}`);
      mkdirSync(project);
      for (let i = 0; i < 10_000; i++) writeFileSync(join(project, `${String(d).padStart(2, '0')}${String(i).padStart(6, '0')}-1111-4222-8333-444444444444.jsonl`), '');
    }
    withTempStore((store) => {
      const { files } = findFiles(store, { roots: { claude: [root], codex: [] } });
      assert.equal(files.length, 160_000);
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('what cannot be read under a root is listed in path order, whatever order the file system lists it in', () => {
  const root = mkdtempSync(join(tmpdir(), 'tracebase-order-'));
  try {
    const project = join(root, '-home-dev-app');
    mkdirSync(project);
    const names = ['m', 'c', 'x', 'a', 'q', 'f', 'z', 'b'].map((c) => `${c}${ID.slice(1)}.jsonl`);
    for (const n of names) spawnSync('mkfifo', [join(project, n)]);
    withTempStore((store) => {
      const { unreadable } = findFiles(store, { roots: { claude: [root], codex: [] } });
      const paths = unreadable.map((d) => d.path);
      assert.equal(paths.length, names.length);
      assert.deepEqual(paths, [...paths].sort());
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
