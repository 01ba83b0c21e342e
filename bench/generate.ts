// Deterministic bench corpus in the real on-disk shapes of Codex CLI rollouts and Claude Code
// session files. Streams every file to disk (bounded memory whatever the corpus size).
//
//   node bench/generate.ts --out DIR --mb 200 --files 200 --seed 1      (size mode)
//   node bench/generate.ts --out DIR --events 1000000 --files 400       (events mode: small lines)
//
// Layout under DIR:
//   codex/sessions/YYYY/MM/DD/rollout-<YYYY-MM-DDThh-mm-ss>-<uuid v7>.jsonl
//   claude/projects/-home-dev-proj<N>/<uuid>.jsonl
//   manifest.json (parameters, hash, byte/line totals, planted secrets) — written last.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng, Text, Vocab } from './text.ts';

/** Bump when the generated shapes change: cached corpora with an older version are rebuilt. */
export const GENERATOR_VERSION = 5;

export interface GenOptions {
  /** Total size in MB (10^6 bytes). Ignored when `events` is set. */
  mb?: number;
  /** Events mode: generate about this many lines (≈ events), mostly small ones. */
  events?: number;
  files: number;
  seed: string;
}

export interface Manifest {
  generator: number;
  hash: string;
  params: GenOptions;
  mode: 'size' | 'events';
  files: number;
  codexFiles: number;
  claudeFiles: number;
  bytes: number;
  lines: number;
  maxLineBytes: number;
  /** Line count per size bucket: <2K, 2–5K, 5–50K, 50–200K, ≥200K bytes. */
  lineSizes: Record<string, number>;
  secrets: Record<string, number>;
  secretValues: string[];
  generatedMs: number;
}

export function corpusHash(o: GenOptions): string {
  const key = JSON.stringify({ v: GENERATOR_VERSION, mb: o.events ? undefined : o.mb, events: o.events, files: o.files, seed: o.seed });
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

// ---------------------------------------------------------------------------------------------
// Output: one file at a time, lines buffered up to 1 MB then written.

const BUCKETS: [string, number][] = [['<2K', 2048], ['2-5K', 5120], ['5-50K', 51200], ['50-200K', 204800], ['>=200K', Infinity]];

class Sink {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  /** Characters written so far (≈ bytes; used for budgets). */
  chars = 0;
  lines = 0;
  bytes = 0;
  readonly stats: Stats;

  constructor(path: string, stats: Stats) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
    this.stats = stats;
  }

  line(o: unknown): void {
    const s = JSON.stringify(o);
    const n = s.length > 2000 ? Buffer.byteLength(s) : s.length;
    this.stats.bucket(n + 1);
    this.parts.push(s);
    this.pending += s.length + 1;
    this.chars += s.length + 1;
    this.lines++;
    if (this.pending >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(`${this.parts.join('\n')}\n`);
    writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.parts = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

class Stats {
  maxLine = 0;
  lineSizes: Record<string, number> = Object.fromEntries(BUCKETS.map(([k]) => [k, 0]));
  secrets: Record<string, number> = {};
  /** The planted values (fake), so the bench can check none is searchable after import. */
  secretValues: string[] = [];

  bucket(n: number): void {
    if (n > this.maxLine) this.maxLine = n;
    for (const [k, lim] of BUCKETS) {
      if (n < lim) {
        this.lineSizes[k] = (this.lineSizes[k] ?? 0) + 1;
        return;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shared session context

interface Budget {
  chars?: number;
  lines?: number;
}

/**
 * A project's code base: files of generated code under the project's own names, which every
 * session of the project reads, greps, diffs and edits (real sessions keep coming back to the
 * same files). ~1.8 MB per project.
 */
class Project {
  readonly vocab: Vocab;
  readonly files: readonly { path: string; lines: string[] }[];

  constructor(seed: string) {
    this.vocab = new Vocab(`${seed}:names`);
    const t = new Text(new Rng(`${seed}:code`), this.vocab);
    this.files = this.vocab.paths.map((path) => ({ path, lines: t.code(t.r.logUniform(1_000, 40_000)).split('\n') }));
  }
}

interface Window {
  path: string;
  /** 1-based number of the first line. */
  start: number;
  lines: string[];
}

/** About `size` characters of the project's code from a random place on (running on into the next file, as `cat a b` would). */
function codeWindow(c: Ctx, size: number): Window {
  const files = c.project.files;
  const u = c.r.next();
  let fi = Math.floor(files.length * u * u);
  const first = files[fi]!;
  let li = c.r.chance(0.5) ? 0 : c.r.int(0, first.lines.length - 1);
  const w: Window = { path: first.path, start: li + 1, lines: [] };
  let n = 0;
  while (n < size) {
    const f = files[fi]!;
    if (li >= f.lines.length) {
      fi = (fi + 1) % files.length;
      li = 0;
      continue;
    }
    const l = f.lines[li++]!;
    w.lines.push(l);
    n += l.length + 1;
  }
  return w;
}

interface Ctx {
  r: Rng;
  t: Text;
  project: Project;
  sink: Sink;
  budget: Budget;
  compact: boolean;
  cwd: string;
  projectNo: number;
  clock: number;
}

const done = (c: Ctx): boolean =>
  (c.budget.chars !== undefined && c.sink.chars >= c.budget.chars) || (c.budget.lines !== undefined && c.sink.lines >= c.budget.lines);

const tick = (c: Ctx, lo: number, hi: number): string => {
  c.clock += c.r.int(lo, hi);
  return new Date(c.clock).toISOString();
};

/** Size of one tool output. Realistic: mostly small, some 5–50 KB, rare 200 KB–1 MB. Compact: small. */
function outputSize(c: Ctx): number {
  const x = c.r.next();
  if (c.compact) return x < 0.03 ? c.r.logUniform(2_000, 8_000) : c.r.logUniform(40, 1_000);
  if (x < 0.0012) return c.r.logUniform(200_000, 1_000_000);
  if (x < 0.13) return c.r.logUniform(5_000, 50_000);
  if (x < 0.25) return c.r.logUniform(2_000, 5_000);
  return c.r.logUniform(60, 2_000);
}

/** Planted fake credentials (about one per MB of text) so the redactor has work to do. */
function maybeSecret(c: Ctx, text: string): string {
  const p = c.compact ? 0.002 : 0.004;
  if (!c.r.chance(p)) return text;
  const kinds = ['aws_access_key', 'github_token', 'anthropic_key'] as const;
  const kind = c.r.pick(kinds);
  const v =
    kind === 'aws_access_key' ? `AKIA${c.t.alnum(16, true)}` : kind === 'github_token' ? `ghp_${c.t.alnum(36)}` : `sk-ant-api03-${c.t.alnum(93)}AA`;
  const s = kind === 'aws_access_key' ? `AWS_ACCESS_KEY_ID=${v}` : kind === 'github_token' ? `export GITHUB_TOKEN=${v}` : `ANTHROPIC_API_KEY=${v}`;
  const st = c.sink.stats;
  st.secrets[kind] = (st.secrets[kind] ?? 0) + 1;
  if (st.secretValues.length < 400) st.secretValues.push(v);
  const at = c.r.int(0, text.length);
  const nl = text.indexOf('\n', at);
  const cut = nl < 0 ? text.length : nl;
  return `${text.slice(0, cut)}\n${s}${text.slice(cut)}`;
}

interface Shell {
  cmd: string;
  body: string;
  exit: number;
}

/** A shell command and its output of about `size` characters. */
function shell(c: Ctx, size: number): Shell {
  const { r, t } = c;
  const exit = r.chance(0.84) ? 0 : r.chance(0.8) ? 1 : r.pick([2, 127, 130]);
  let cmd: string;
  let body: string;
  switch (r.int(0, 6)) {
    case 0:
    case 1: {
      const w = codeWindow(c, size);
      const p = w.path;
      const end = w.start + w.lines.length - 1;
      cmd = r.pick([`sed -n '${w.start},${end}p' ${p}`, `cat ${p}`, `nl -ba ${p} | sed -n '${w.start},${end}p'`]);
      body = w.lines.join('\n');
      break;
    }
    case 2:
    case 3:
      cmd = r.pick(['npm test', 'npx tsc --noEmit', 'cargo build --release', 'pytest -q', 'go test ./...', `npm run ${t.plain()}`, 'make check']);
      body = t.log(size, c.clock - 60_000);
      break;
    case 4: {
      const w = t.ident();
      cmd = `rg -n "${w}" ${r.pick(['src', 'test', '.', 'packages'])}`;
      const lines: string[] = [];
      let n = 0;
      while (n < size) {
        const at = codeWindow(c, 1);
        const l = `${at.path}:${at.start}:${at.lines[0]!.replace(/^\s*/, '  ')} ${w}`;
        lines.push(l);
        n += l.length + 1;
      }
      body = lines.join('\n');
      break;
    }
    case 5:
      cmd = `ls -la ${r.pick(['', 'src', 'test', 'packages/app'])}`.trim();
      body = t.listing(size);
      break;
    default: {
      cmd = r.pick(['git diff', 'git diff --stat', 'git log --oneline -n 40', 'git status --short']);
      const lines: string[] = [];
      let n = 0;
      while (n < size) {
        const w = codeWindow(c, r.logUniform(150, 1_500));
        const h = t.hunk(w.lines);
        const l = [`diff --git a/${w.path} b/${w.path}`, `index ${t.hex(7)}..${t.hex(7)} 100644`, `@@ -${w.start},${w.lines.length} +${w.start},${h.new.split('\n').length} @@`, ...h.diff].join('\n');
        lines.push(l);
        n += l.length + 1;
      }
      body = lines.join('\n');
    }
  }
  if (exit !== 0) body = `${body}\n${r.pick(['error', 'Error', 'FAILED', 'fatal'])}: ${t.sentence()}`;
  return { cmd, body: maybeSecret(c, body), exit };
}

function prompt(c: Ctx): string {
  const { r, t } = c;
  let p = t.prose(r.logUniform(20, c.compact ? 600 : 1500));
  if (!c.compact && r.chance(0.05)) p += `\n\n\`\`\`\n${t.log(r.logUniform(2_000, 20_000), c.clock - 3_600_000)}\n\`\`\``;
  return maybeSecret(c, p);
}

// Text shared by every session (the CLI's own instructions), built once per process.
let shared: { base: string; dev: string } | undefined;
function sharedText(): { base: string; dev: string } {
  if (!shared) {
    const t = new Text(new Rng('tracebase-bench-instructions'));
    shared = { base: t.prose(9_000), dev: `<permissions instructions>\n${t.prose(2_200)}\n</permissions instructions>` };
  }
  return shared;
}

function agentsMd(project: number): string {
  const t = new Text(new Rng(`agents-md-${project}`));
  return `# AGENTS.md\n\n${t.prose(t.r.logUniform(800, 3_500))}`;
}

function uuid4(r: Rng): string {
  const h = new Text(r).hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[r.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function uuid7(r: Rng, ms: number): string {
  const ts = ms.toString(16).padStart(12, '0');
  const h = new Text(r).hex(20);
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${h.slice(0, 3)}-${'89ab'[r.int(0, 3)]}${h.slice(3, 6)}-${h.slice(6, 18)}`;
}

// ---------------------------------------------------------------------------------------------
// Codex rollout (envelope form, 0.104-era Desktop/CLI)

function codexFileName(ms: number, id: string): string {
  const iso = new Date(ms).toISOString();
  const stamp = iso.slice(0, 19).replace(/:/g, '-');
  return join(iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), `rollout-${stamp}-${id}.jsonl`);
}

function writeCodex(c: Ctx, id: string): void {
  const { r, t, sink } = c;
  const env = (type: string, payload: unknown) => sink.line({ timestamp: tick(c, 1, 900), type, payload });
  const { base, dev } = sharedText();
  const agents = agentsMd(c.projectNo);
  const model = r.pick(['gpt-5.3-codex', 'gpt-5.2-codex', 'gpt-5.1-codex-max', 'gpt-5.2']);
  const effort = r.pick(['medium', 'high', 'xhigh']);
  const tokens = { in: 0, cached: 0, out: 0, rs: 0, total: 0 };
  let context = r.int(9_000, 16_000);
  const rateLimits = () => ({
    limit_id: 'codex', limit_name: null,
    primary: { used_percent: r.int(0, 90), window_minutes: 300, resets_at: Math.floor(c.clock / 1000) + r.int(60, 18_000) },
    secondary: { used_percent: r.int(0, 60), window_minutes: 10080, resets_at: Math.floor(c.clock / 1000) + r.int(3_600, 600_000) },
    credits: { has_credits: false, unlimited: false, balance: null }, plan_type: null,
  });
  const tokenCount = () => {
    const last = { input_tokens: context, cached_input_tokens: Math.floor(context * (0.7 + 0.28 * r.next())), output_tokens: r.int(20, 2_500), reasoning_output_tokens: 0, total_tokens: 0 };
    last.reasoning_output_tokens = Math.floor(last.output_tokens * r.next() * 0.7);
    last.total_tokens = last.input_tokens + last.output_tokens;
    tokens.in += last.input_tokens;
    tokens.cached += last.cached_input_tokens;
    tokens.out += last.output_tokens;
    tokens.rs += last.reasoning_output_tokens;
    tokens.total += last.total_tokens;
    context += last.output_tokens;
    const info = {
      total_token_usage: { input_tokens: tokens.in, cached_input_tokens: tokens.cached, output_tokens: tokens.out, reasoning_output_tokens: tokens.rs, total_tokens: tokens.total },
      last_token_usage: last, model_context_window: 258400,
    };
    const limits = rateLimits();
    env('event_msg', { type: 'token_count', info, rate_limits: limits });
    // Real rollouts re-emit the same totals about half the time.
    if (r.chance(0.5)) env('event_msg', { type: 'token_count', info, rate_limits: limits });
  };
  const turnContext = (turnId: string) =>
    env('turn_context', {
      turn_id: turnId, cwd: c.cwd, approval_policy: 'on-request',
      sandbox_policy: { type: 'workspace-write', writable_roots: [c.cwd], network_access: false, exclude_tmpdir_env_var: false, exclude_slash_tmp: false },
      model, personality: 'pragmatic',
      collaboration_mode: { mode: 'default', settings: { model, reasoning_effort: effort, developer_instructions: null } },
      effort, summary: 'auto', user_instructions: agents, developer_instructions: dev, truncation_policy: { mode: 'tokens', limit: 10000 },
    });

  const start = new Date(c.clock).toISOString();
  sink.line({
    timestamp: tick(c, 200, 30_000), type: 'session_meta',
    payload: {
      id, timestamp: start, cwd: c.cwd, originator: r.pick(['codex_cli_rs', 'Codex Desktop', 'codex_vscode']), cli_version: r.pick(['0.104.0', '0.100.0', '0.98.0']),
      source: r.pick(['cli', 'vscode']), model_provider: 'openai', base_instructions: { text: base },
      git: { commit_hash: t.hex(40), branch: r.pick(['main', 'main', `feat/${t.plain()}-${t.plain()}`]), repository_url: `git@github.com:dev/proj${c.projectNo}.git` },
    },
  });
  env('response_item', { type: 'message', role: 'developer', content: [{ type: 'input_text', text: dev }] });
  env('response_item', {
    type: 'message', role: 'user',
    content: [
      { type: 'input_text', text: `# AGENTS.md instructions for ${c.cwd}\n\n<INSTRUCTIONS>\n${agents}\n</INSTRUCTIONS>` },
      { type: 'input_text', text: `<environment_context>\n  <cwd>${c.cwd}</cwd>\n  <approval_policy>on-request</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n  <shell>bash</shell>\n</environment_context>` },
    ],
  });

  while (!done(c)) {
    const turnId = uuid7(r, c.clock);
    env('event_msg', { type: 'task_started', turn_id: turnId, model_context_window: 258400, collaboration_mode_kind: 'default' });
    const p = prompt(c);
    env('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: p }] });
    env('event_msg', { type: 'user_message', message: p, images: [], local_images: [], text_elements: [] });
    turnContext(turnId);
    env('event_msg', { type: 'token_count', info: null, rate_limits: rateLimits() });
    const steps = r.int(1, 14);
    for (let s = 0; s < steps && !done(c); s++) {
      if (r.chance(c.compact ? 0.03 : 0.1)) turnContext(turnId);
      if (r.chance(0.7)) {
        const summary = `**${t.sentence().slice(0, 60)}**\n\n${t.prose(r.logUniform(40, 500))}`;
        env('event_msg', { type: 'agent_reasoning', text: summary });
        env('response_item', { type: 'reasoning', summary: [{ type: 'summary_text', text: summary }], content: null, encrypted_content: t.base64(c.compact ? r.logUniform(300, 1_500) : r.logUniform(600, 14_000)) });
      }
      if (r.chance(0.35)) {
        const m = t.prose(r.logUniform(60, 600));
        env('event_msg', { type: 'agent_message', message: m, phase: 'commentary' });
        env('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: m }], phase: 'commentary' });
      }
      const callId = `call_${t.alnum(24)}`;
      if (r.chance(0.86)) {
        const sh = shell(c, outputSize(c));
        env('response_item', { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: sh.cmd, workdir: c.cwd, max_output_tokens: 12000 }), call_id: callId });
        const wall = (r.next() * (r.chance(0.1) ? 90 : 2)).toFixed(4);
        const status = r.chance(0.02) ? `Process running with session ID ${r.int(1, 99999)}` : `Process exited with code ${sh.exit}`;
        const output = `Chunk ID: ${t.hex(6)}\nWall time: ${wall} seconds\n${status}\nOriginal token count: ${Math.ceil(sh.body.length / 4)}\nOutput:\n${sh.body}\n`;
        tick(c, 50, 20_000);
        env('response_item', { type: 'function_call_output', call_id: callId, output });
        context += Math.ceil(sh.body.length / 4);
      } else {
        const lines: string[] = ['*** Begin Patch'];
        const files = r.int(1, 3);
        const paths: string[] = [];
        for (let f = 0; f < files; f++) {
          if (r.chance(0.2)) {
            const path = t.relPath();
            paths.push(path);
            lines.push(`*** Add File: ${path}`, ...t.code(outputSize(c)).split('\n').map((l) => `+${l}`));
          } else {
            const w = codeWindow(c, 1);
            paths.push(w.path);
            lines.push(`*** Update File: ${w.path}`);
            for (let h = r.int(1, 4); h > 0; h--) {
              const at = codeWindow(c, r.logUniform(100, c.compact ? 500 : 1_800));
              lines.push(`@@ ${at.lines[0]}`, ...t.hunk(at.lines.slice(1)).diff);
            }
          }
        }
        lines.push('*** End Patch', '');
        env('response_item', { type: 'custom_tool_call', status: 'completed', call_id: callId, name: 'apply_patch', input: lines.join('\n') });
        const out = { output: `Success. Updated the following files:\n${paths.map((p) => `M ${p}`).join('\n')}\n`, metadata: { exit_code: 0, duration_seconds: Number((r.next() * 0.2).toFixed(1)) } };
        env('response_item', { type: 'custom_tool_call_output', call_id: callId, output: JSON.stringify(out) });
      }
      tokenCount();
    }
    const final = t.prose(r.logUniform(200, c.compact ? 1_200 : 4_000));
    env('event_msg', { type: 'agent_message', message: final, phase: 'final_answer' });
    env('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: final }], phase: 'final_answer' });
    tokenCount();
    env('event_msg', { type: 'task_complete', turn_id: turnId, last_agent_message: final });
    tick(c, 10_000, 900_000);
  }
}

// ---------------------------------------------------------------------------------------------
// Claude Code session (one line per content block; tool results as user lines)

function writeClaude(c: Ctx, sessionId: string): void {
  const { r, t, sink } = c;
  const version = r.pick(['1.0.43', '2.0.55', '2.1.17', '2.1.114']);
  const modern = version.startsWith('2.');
  const model = r.pick(['claude-sonnet-4-5-20250929', 'claude-opus-4-5-20251101', 'claude-sonnet-4-20250514', 'claude-opus-4-1-20250805']);
  const gitBranch = r.pick(['main', 'main', `feat/${t.plain()}`]);
  let parent: string | null = null;
  let cacheRead = r.int(12_000, 25_000);
  const base = () => ({ parentUuid: parent, isSidechain: false, userType: 'external', cwd: c.cwd, sessionId, version, gitBranch });
  const push = (o: Record<string, unknown>, uuid: string) => {
    sink.line(o);
    parent = uuid;
  };
  const userLine = (content: unknown, extra: Record<string, unknown> = {}) => {
    const uuid = uuid4(r);
    push({ ...base(), type: 'user', message: { role: 'user', content }, uuid, timestamp: tick(c, 5, 3_000), ...extra }, uuid);
  };

  if (r.chance(0.1)) {
    for (let i = r.int(1, 3); i > 0; i--) sink.line({ type: 'summary', summary: t.sentence().slice(0, 80), leafUuid: uuid4(r) });
  }
  while (!done(c)) {
    tick(c, 10_000, 900_000);
    if (modern) {
      const mid = uuid4(r);
      const backups: Record<string, unknown> = {};
      for (let i = r.int(0, 3); i > 0; i--) backups[t.relPath()] = { backupFileName: `${t.hex(16)}@v${r.int(1, 5)}`, version: r.int(1, 5), backupTime: new Date(c.clock).toISOString() };
      sink.line({ type: 'file-history-snapshot', messageId: mid, snapshot: { messageId: mid, trackedFileBackups: backups, timestamp: new Date(c.clock).toISOString() }, isSnapshotUpdate: false });
    }
    userLine(prompt(c));
    const calls = r.int(1, 12);
    for (let k = 0; k < calls; k++) {
      const last = k === calls - 1 || done(c);
      const msgId = `msg_01${t.alnum(22)}`;
      const requestId = `req_011C${t.alnum(20)}`;
      const blocks: Record<string, unknown>[] = [];
      if (r.chance(0.35)) blocks.push({ type: 'thinking', thinking: t.prose(c.compact ? r.logUniform(60, 600) : r.logUniform(100, 3_000)), signature: t.base64(c.compact ? r.logUniform(200, 700) : r.logUniform(300, 2_000)) });
      if (last || r.chance(0.55)) blocks.push({ type: 'text', text: t.prose(r.logUniform(40, last ? 2_500 : 600)) });
      const tools: { id: string; name: string; run: () => void }[] = [];
      if (!last) {
        for (let n = r.chance(0.15) ? 2 : 1; n > 0; n--) {
          const id = `toolu_01${t.alnum(22)}`;
          const tool = claudeTool(c, id, userLine);
          blocks.push({ type: 'tool_use', id, name: tool.name, input: tool.input });
          tools.push({ id, name: tool.name, run: tool.run });
        }
      }
      const out = r.int(3, 2_500);
      const usage = { input_tokens: r.int(1, 12), cache_creation_input_tokens: r.int(0, 8_000), cache_read_input_tokens: cacheRead, output_tokens: out, service_tier: 'standard' };
      cacheRead += r.int(100, 4_000);
      const ts = tick(c, 800, 40_000);
      blocks.forEach((b, i) => {
        const uuid = uuid4(r);
        const final = i === blocks.length - 1;
        push({
          ...base(),
          message: { id: msgId, type: 'message', role: 'assistant', model, content: [b], stop_reason: final ? (tools.length ? 'tool_use' : 'end_turn') : null, stop_sequence: null, usage },
          requestId, type: 'assistant', uuid, timestamp: i === 0 ? ts : tick(c, 1, 60),
        }, uuid);
      });
      for (const tool of tools) tool.run();
      if (done(c)) break;
    }
    if (modern && r.chance(0.5)) {
      const uuid = uuid4(r);
      push({ ...base(), type: 'system', subtype: 'turn_duration', durationMs: r.int(2_000, 600_000), messageCount: r.int(2, 40), isMeta: false, uuid, timestamp: tick(c, 1, 50) }, uuid);
    }
  }
}

function claudeTool(c: Ctx, id: string, userLine: (content: unknown, extra?: Record<string, unknown>) => void): { name: string; input: unknown; run: () => void } {
  const { r, t } = c;
  const x = r.next();
  const result = (content: string, toolUseResult: unknown, isError = false) =>
    userLine([{ tool_use_id: id, type: 'tool_result', content, ...(isError ? { is_error: true } : {}) }], { toolUseResult });
  if (x < 0.45) {
    const sh = shell(c, outputSize(c));
    const command = sh.cmd;
    return {
      name: 'Bash', input: { command, description: t.sentence().slice(0, 60) },
      run: () => {
        if (sh.exit !== 0) result(`Exit code ${sh.exit}\n${sh.body}`, `Error: Exit code ${sh.exit}\n${sh.body}`, true);
        else result(sh.body, { stdout: sh.body, stderr: '', interrupted: false, isImage: false });
      },
    };
  }
  if (x < 0.75) {
    const w = codeWindow(c, Math.ceil(outputSize(c) / 2));
    const filePath = `${c.cwd}/${w.path}`;
    return {
      name: 'Read', input: { file_path: filePath, ...(w.start > 1 ? { offset: w.start, limit: w.lines.length } : {}) },
      run: () => {
        if (r.chance(0.04)) return result('<tool_use_error>File does not exist.</tool_use_error>', 'Error: File does not exist.', true);
        // The tool result and toolUseResult both carry the file: the line holds it twice.
        const code = maybeSecret(c, w.lines.join('\n'));
        const numLines = code.split('\n').length;
        result(t.numbered(code, w.start, true), { type: 'text', file: { filePath, content: code, numLines, startLine: w.start, totalLines: w.start + numLines } });
      },
    };
  }
  if (x < 0.92) {
    const w = codeWindow(c, r.logUniform(100, c.compact ? 500 : 1_500));
    const filePath = `${c.cwd}/${w.path}`;
    const h = t.hunk(w.lines);
    const file = c.project.files.find((f) => f.path === w.path)!;
    return {
      name: 'Edit', input: { file_path: filePath, old_string: h.old, new_string: h.new },
      run: () => {
        if (r.chance(0.06)) return result('<tool_use_error>String to replace not found in file.\nString: ' + h.old.slice(0, 200) + '</tool_use_error>', 'Error: String to replace not found in file.', true);
        // Claude writes the whole file; the events-mode corpus (many small lines) keeps 2 KB of it.
        const original = c.compact ? file.lines.join('\n').slice(0, 2_000) : file.lines.join('\n');
        const start = w.start;
        result(
          `The file ${filePath} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${t.numbered(h.new, start, true)}`,
          {
            filePath, oldString: h.old, newString: h.new, originalFile: original,
            structuredPatch: [{ oldStart: start, oldLines: h.old.split('\n').length, newStart: start, newLines: h.new.split('\n').length, lines: h.diff }],
            userModified: false, replaceAll: false,
          },
        );
      },
    };
  }
  const pattern = t.ident();
  return {
    name: 'Grep', input: { pattern, path: c.cwd, output_mode: 'files_with_matches' },
    run: () => {
      const files: string[] = [];
      for (let i = r.int(0, c.compact ? 8 : 40); i > 0; i--) files.push(`${c.cwd}/${t.relPath()}`);
      result(files.length ? `Found ${files.length} files\n${files.join('\n')}` : 'No files found', { mode: 'files_with_matches', filenames: files, numFiles: files.length });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Corpus

function gaussian(r: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}

/** Writes the corpus into `dir` (which must not exist) and returns its manifest. */
export function generateCorpus(dir: string, o: GenOptions, onProgress?: (files: number, bytes: number) => void): Manifest {
  const t0 = performance.now();
  if (!(o.files >= 2)) throw new Error('--files must be at least 2');
  const eventsMode = o.events !== undefined && o.events > 0;
  if (!eventsMode && !(o.mb !== undefined && o.mb > 0)) throw new Error('give --mb or --events');
  const alloc = new Rng(`${o.seed}:alloc`);
  // Log-normal file sizes: a few big sessions, many small ones.
  const weights = Array.from({ length: o.files }, () => Math.exp(0.9 * gaussian(alloc)));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const codexFiles = Math.ceil(o.files / 2);
  const projects = Math.max(1, Math.ceil(o.files / 12));
  const from = Date.UTC(2026, 0, 5);
  const span = 60 * 86_400_000;
  const stats = new Stats();
  const projectCache = new Map<number, Project>();
  let bytes = 0;
  let lines = 0;
  for (let i = 0; i < o.files; i++) {
    const r = new Rng(`${o.seed}:file:${i}`);
    const share = weights[i]! / wsum;
    const budget: Budget = eventsMode ? { lines: Math.max(20, Math.ceil(o.events! * 1.03 * share)) } : { chars: Math.max(4_000, Math.round(o.mb! * 1e6 * share)) };
    const project = r.int(0, projects - 1);
    const clock = from + Math.floor(r.next() * span);
    const isCodex = i < codexFiles;
    let path: string;
    let id: string;
    if (isCodex) {
      id = uuid7(r, clock);
      path = join(dir, 'codex', 'sessions', codexFileName(clock, id));
    } else {
      id = uuid4(r);
      path = join(dir, 'claude', 'projects', `-home-dev-proj${project}`, `${id}.jsonl`);
    }
    const sink = new Sink(path, stats);
    const proj = projectCache.get(project) ?? new Project(`${o.seed}:project:${project}`);
    projectCache.set(project, proj);
    const ctx: Ctx = { r, t: new Text(r, proj.vocab), project: proj, sink, budget, compact: eventsMode, cwd: `/home/dev/proj${project}`, projectNo: project, clock };
    if (isCodex) writeCodex(ctx, id);
    else writeClaude(ctx, id);
    sink.close();
    bytes += sink.bytes;
    lines += sink.lines;
    onProgress?.(i + 1, bytes);
  }
  const manifest: Manifest = {
    generator: GENERATOR_VERSION, hash: corpusHash(o), params: o, mode: eventsMode ? 'events' : 'size',
    files: o.files, codexFiles, claudeFiles: o.files - codexFiles, bytes, lines,
    maxLineBytes: stats.maxLine, lineSizes: stats.lineSizes, secrets: stats.secrets, secretValues: stats.secretValues, generatedMs: Math.round(performance.now() - t0),
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The corpus for these options under `baseDir`, generated only if not already there (cache by parameter hash). */
export function ensureCorpus(baseDir: string, o: GenOptions, log: (s: string) => void = () => {}): { dir: string; manifest: Manifest; cached: boolean } {
  const hash = corpusHash(o);
  const dir = join(baseDir, `corpus-${hash}`);
  const mf = join(dir, 'manifest.json');
  if (existsSync(mf)) {
    const manifest = JSON.parse(readFileSync(mf, 'utf8')) as Manifest;
    if (manifest.hash === hash && manifest.generator === GENERATOR_VERSION) return { dir, manifest, cached: true };
  }
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  let lastLog = 0;
  const manifest = generateCorpus(tmp, o, (files, bytes) => {
    const now = performance.now();
    if (now - lastLog > 5_000) {
      lastLog = now;
      log(`  generating ${dir}: ${files}/${o.files} files, ${(bytes / 1e6).toFixed(0)} MB`);
    }
  });
  renameSync(tmp, dir);
  return { dir, manifest, cached: false };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      mb: { type: 'string', default: '200' },
      events: { type: 'string' },
      files: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
    },
  });
  if (!values.out) {
    console.error('usage: node bench/generate.ts --out DIR [--mb 200 | --events 1000000] [--files 200] [--seed 1]');
    process.exit(2);
  }
  const opts: GenOptions = { mb: Number(values.mb), events: values.events ? Number(values.events) : undefined, files: Number(values.files), seed: values.seed };
  if (existsSync(values.out)) {
    console.error(`${values.out} exists; remove it first`);
    process.exit(2);
  }
  mkdirSync(values.out, { recursive: true });
  const m = generateCorpus(values.out, opts, (f, b) => {
    if (f % 50 === 0) console.error(`${f}/${opts.files} files, ${(b / 1e6).toFixed(0)} MB`);
  });
  const { secretValues: _planted, ...summary } = m;
  console.log(JSON.stringify(summary));
}
