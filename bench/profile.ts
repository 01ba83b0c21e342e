// Summarize a V8 .cpuprofile (from `--cpu-prof`): self time per function, per file and per area.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: { name: string; ms: number; pct: number }[];
  files: { name: string; ms: number; pct: number }[];
  areas: { name: string; ms: number; pct: number }[];
}

function shortUrl(url: string, root: string): string {
  if (!url) return '';
  let u = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  if (u.startsWith(`${root}/`)) u = u.slice(root.length + 1);
  // The built CLI runs dist/: name its files as their sources.
  if (u.startsWith('dist/')) u = `src/${u.slice(5).replace(/\.js$/, '.ts')}`;
  return u;
}

function area(file: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(program)' || fn === '(idle)' || fn === '(root)') return fn;
  if (!file) return 'native (SQLite, zstd, crypto, JSON, Buffer…)';
  if (file.startsWith('node:')) return 'node internals';
  const m = /^(src\/[^/]+(?:\/[^/]+)?)\//.exec(file);
  if (m) return m[1]!.startsWith('src/sources/') || m[1]!.startsWith('src/redact') ? m[1]! : m[1]!.split('/').slice(0, 2).join('/');
  if (file.startsWith('src/')) return file;
  return file.includes('node_modules') ? 'node_modules' : file;
}

export function summarizeProfile(path: string, root: string, top = 15): ProfileSummary {
  const p = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0;
    self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + dt);
  }
  const fns = new Map<string, number>();
  const files = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const file = shortUrl(n.callFrame.url, root);
    const fn = n.callFrame.functionName || '(anonymous)';
    if (fn === '(idle)') continue;
    total += us;
    const key = file ? `${fn} ${file}:${n.callFrame.lineNumber + 1}` : fn;
    fns.set(key, (fns.get(key) ?? 0) + us);
    files.set(file || '(native)', (files.get(file || '(native)') ?? 0) + us);
    const a = area(file, fn);
    areas.set(a, (areas.get(a) ?? 0) + us);
  }
  const rank = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pct: Math.round((us / total) * 1000) / 10 }));
  return { totalMs: Math.round(total / 1000), functions: rank(fns, top), files: rank(files, top), areas: rank(areas, 20) };
}
