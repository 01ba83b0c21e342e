// Secrets a command prints bare. `printenv DB_PASSWORD`, `echo "$API_TOKEN"`, `gh auth token` or
// `openssl rand -hex 32` print a secret with nothing around it that a rule could recognise: the
// command says what its output is. A call whose command prints one is remembered (by call id)
// until its result arrives; the values read from that output are then redacted there and
// remembered with the transcript's other secrets (SecretMemory), so later copies go too.
//
// Read conservatively: only commands whose standard output is that value (echo / printf of
// secret-named variables, printenv of secret names, a one-line script printing one, secret store
// readers and secret generators), piped at most through filters that keep it (`head`, `tr`,
// `base64`, `jq -r`…). Output redirected to a file prints nothing.

import { findSecrets } from './redact.ts';

/**
 * How to read a printed secret from a command's output: regular-expression sources matched
 * against each output line, whose capture groups are the values. Serializable (kept in the
 * checkpoint state between a call and its result).
 */
export type PrintedTemplates = string[];

/** A value the command prints on a line of its own (a reader, a generator, printenv). */
const WHOLE_LINE = '^(\\S+)$';

type Part = { t: 'lit'; s: string } | { t: 'var'; name: string; shown: boolean } | { t: 'any' };
type Token = { op: string } | { word: Part[] };

const SEPARATORS = new Set([';', '&&', '||', '\n', '&']);
/** Filters that pass a value through (or decode it): the output is still the secret. */
const KEEPING_FILTERS = new Set(['head', 'tail', 'tr', 'cut', 'base64', 'cat', 'jq', 'xxd', 'sort', 'uniq', 'awk']);

/** Words of a shell command line, and its operators. Unbalanced quotes end at the text's end. */
function tokens(cmd: string): Token[] {
  const out: Token[] = [];
  let word: Part[] | null = null;
  const lit = (s: string) => {
    word ??= [];
    const last = word.at(-1);
    if (last?.t === 'lit') last.s += s;
    else word.push({ t: 'lit', s });
  };
  const end = () => {
    if (word) out.push({ word });
    word = null;
  };
  /** `$…` at i (the `$` itself): returns the index after it. */
  const dollar = (i: number): number => {
    word ??= [];
    const c = cmd[i + 1];
    if (c === '{') {
      const close = cmd.indexOf('}', i + 2);
      const body = cmd.slice(i + 2, close < 0 ? cmd.length : close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(body);
      // `${#NAME}` (a length) and `${NAME:+word}` (a word when set) print no value.
      if (m && !/^:?\+/.test(m[2]!)) word.push({ t: 'var', name: m[1]!, shown: true });
      else word.push({ t: 'any' });
      return close < 0 ? cmd.length : close + 1;
    }
    if (c === '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < cmd.length; j++) {
        if (cmd[j] === '(') depth++;
        else if (cmd[j] === ')' && --depth === 0) break;
      }
      word.push({ t: 'any' });
      return j + 1;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(cmd.slice(i + 1, i + 65));
    if (m) {
      word.push({ t: 'var', name: m[0], shown: true });
      return i + 1 + m[0].length;
    }
    if (c !== undefined && /[0-9#?$!@*-]/.test(c)) {
      word.push({ t: 'any' });
      return i + 2;
    }
    lit('$');
    return i + 1;
  };
  let i = 0;
  while (i < cmd.length) {
    const c = cmd[i]!;
    if (c === ' ' || c === '\t') {
      end();
      i++;
    } else if (c === '\\' && cmd[i + 1] === '\n') {
      i += 2;
    } else if (c === '\\') {
      lit(cmd[i + 1] ?? '');
      i += 2;
    } else if (c === "'") {
      const close = cmd.indexOf("'", i + 1);
      lit(cmd.slice(i + 1, close < 0 ? cmd.length : close));
      i = close < 0 ? cmd.length : close + 1;
    } else if (c === '"') {
      word ??= [];
      i++;
      while (i < cmd.length && cmd[i] !== '"') {
        if (cmd[i] === '\\' && /["\\$`]/.test(cmd[i + 1] ?? '')) {
          lit(cmd[i + 1]!);
          i += 2;
        } else if (cmd[i] === '$') i = dollar(i);
        else if (cmd[i] === '`') {
          const close = cmd.indexOf('`', i + 1);
          word.push({ t: 'any' });
          i = close < 0 ? cmd.length : close + 1;
        } else lit(cmd[i++]!);
      }
      i++;
    } else if (c === '$') {
      i = dollar(i);
    } else if (c === '`') {
      const close = cmd.indexOf('`', i + 1);
      word ??= [];
      word.push({ t: 'any' });
      i = close < 0 ? cmd.length : close + 1;
    } else if (c === '#' && !word) {
      const nl = cmd.indexOf('\n', i);
      i = nl < 0 ? cmd.length : nl;
    } else if (c === '>' || c === '<') {
      // `2>…` and `>&2` leave standard output alone; any other `>` takes it elsewhere.
      const w = word as Part[] | null;
      const first = w?.length === 1 ? w[0] : undefined;
      const fd = first?.t === 'lit' && /^\d$/.test(first.s) ? first.s : '';
      if (fd) word = null;
      else end();
      const op = cmd[i + 1] === c ? c + c : c;
      i += op.length;
      out.push({ op: fd ? `${fd}${op}` : op });
      // `>&2`, `2>&1`: the target is a descriptor.
      const dup = /^&(\d|-)/.exec(cmd.slice(i, i + 2));
      if (dup) {
        out.push({ word: [{ t: 'lit', s: dup[0] }] });
        i += dup[0].length;
      }
    } else if (c === ';' || c === '\n' || c === '(' || c === ')' || c === '{' || c === '}') {
      end();
      out.push({ op: c === '\n' ? '\n' : c === ';' ? ';' : '&&' });
      i++;
    } else if (c === '&' || c === '|') {
      end();
      const op = cmd[i + 1] === c ? c + c : c;
      out.push({ op });
      i += op.length;
    } else lit(cmd[i++]!);
  }
  end();
  return out;
}

const literal = (w: Part[]): string | undefined => (w.every((p) => p.t === 'lit') ? w.map((p) => (p as { s: string }).s).join('') : undefined);

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PROBE = 'Zq8Xk2mN7vL4pR1tWc5H';
const names = new Map<string, boolean>();
/** Whether a variable of this name holds a secret: as the rules judge `NAME=<generated value>`. */
export function secretName(name: string): boolean {
  let v = names.get(name);
  if (v === undefined) {
    const text = `${name}=${PROBE}`;
    v = findSecrets(text).some((h) => h.end === text.length && h.start >= name.length);
    if (names.size > 4096) names.clear();
    names.set(name, v);
  }
  return v;
}

/** A word as a pattern: secret-named variables captured, other expansions matched loosely. */
function wordPattern(w: Part[]): { re: string; captures: number } {
  let re = '';
  let captures = 0;
  for (const p of w) {
    if (p.t === 'lit') re += escapeRe(p.s);
    else if (p.t === 'var' && p.shown && secretName(p.name)) {
      re += '(.+?)';
      captures++;
    } else re += '.*?';
  }
  return { re, captures };
}

/** `echo [-neE] args…`: one line, the words joined by blanks. */
function echoTemplates(args: Part[][]): PrintedTemplates {
  let i = 0;
  while (i < args.length && /^-[neE]+$/.test(literal(args[i]!) ?? '')) i++;
  const parts = args.slice(i).map(wordPattern);
  if (!parts.some((p) => p.captures > 0)) return [];
  return [`^${parts.map((p) => p.re).join(' ')}$`];
}

/** `printf FORMAT args…`: `%s` takes the next argument; `\n` ends a line. */
function printfTemplates(args: Part[][]): PrintedTemplates {
  const [format, ...rest] = args;
  if (!format) return [];
  let re = '';
  let captures = 0;
  let next = 0;
  for (const p of format) {
    if (p.t !== 'lit') {
      const w = wordPattern([p]);
      re += w.re;
      captures += w.captures;
      continue;
    }
    for (const piece of p.s.split(/(%%|%[-+ #0-9.]*[a-zA-Z]|\\n)/)) {
      if (piece === '%%') re += '%';
      else if (piece === '\\n') re += '\n';
      else if (/^%[-+ #0-9.]*s$/.test(piece) && rest[next]) {
        const w = wordPattern(rest[next++]!);
        re += w.re;
        captures += w.captures;
      } else if (piece.startsWith('%')) {
        next++;
        re += '.*?';
      } else re += escapeRe(piece);
    }
  }
  if (captures === 0) return [];
  return re
    .split('\n')
    .filter((l) => l.includes('(.+?)'))
    .map((l) => `^${l}$`);
}

/** An env lookup of a secret name in a one-line script (`process.env.X`, `os.environ["X"]`, `ENV["X"]`…). */
const ENV_READ = /(?:process\.env|Deno\.env\.get|os\.environ(?:\.get)?|os\.getenv|getenv|ENV(?:\.fetch)?|\$ENV)\s*[.[({]?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)/g;
const PRINTS = /\b(?:console\.log|print|puts|p|say|echo|process\.stdout\.write|println|fmt\.Print)\b|^-p$/;
/** Generators of secrets in scripts: `secrets.token_hex()`, `crypto.randomBytes(32).toString('hex')`, `SecureRandom.hex`. */
const GENERATES = /\bsecrets\.token_(?:hex|urlsafe|bytes)|\brandomBytes\s*\(|\bSecureRandom\.(?:hex|base64|urlsafe_base64|alphanumeric)|\bos\.urandom\(/;

function scriptPrints(args: Part[][]): boolean {
  for (let i = 0; i < args.length; i++) {
    const flag = literal(args[i]!);
    if (!flag || !/^-(?:[ecpE]|-eval|-print)$/.test(flag)) continue;
    const script = args[i + 1] && literal(args[i + 1]!);
    if (!script || script.length > 2000) return false;
    const printsIt = flag === '-p' || flag === '--print' || PRINTS.test(script);
    if (!printsIt) return false;
    if (GENERATES.test(script)) return true;
    for (const m of script.matchAll(ENV_READ)) if (secretName(m[1]!)) return true;
    return false;
  }
  return false;
}

/** Files that hold one secret, bare: Docker and Kubernetes secrets, `.vault-token`, `.pgpass`,
 * `db_password`, `api-token.txt` (no source code: `token.ts` is no such file). */
const SECRET_FILE = /^(?:\/(?:var\/)?run\/secrets\/\S+|(?:\S*\/)?(?:\.pgpass|\.vault-token|[\w.-]*(?:password|passwd|token|secret|api[_-]?key)s?(?:\.txt)?))$/i;
const FILE_READERS = new Set(['cat', 'head', 'tail']);

/** Commands whose output is a secret: `[command words…]`, then words that must also be there. */
const READERS: [string[], RegExp?][] = [
  [['gh', 'auth', 'token']],
  [['glab', 'auth', 'token']],
  [['op', 'read']],
  [['op', 'item', 'get'], /^--fields?(?:=|$)/],
  [['vault', 'kv', 'get'], /^-?-field(?:=|$)/],
  [['vault', 'read'], /^-?-field(?:=|$)/],
  [['vault', 'print', 'token']],
  [['vault', 'token', 'create'], /^-?-field(?:=|$)/],
  [['aws', 'configure', 'get'], /secret|token/i],
  [['aws', 'ecr', 'get-login-password']],
  [['aws', 'ecr-public', 'get-login-password']],
  [['aws', 'codeartifact', 'get-authorization-token'], /^text$/],
  [['aws', 'secretsmanager', 'get-secret-value'], /^text$/],
  [['aws', 'ssm', 'get-parameter'], /^--with-decryption$/],
  [['aws', 'ssm', 'get-parameters'], /^--with-decryption$/],
  [['gcloud', 'auth', 'print-access-token']],
  [['gcloud', 'auth', 'print-identity-token']],
  [['gcloud', 'auth', 'application-default', 'print-access-token']],
  [['gcloud', 'secrets', 'versions', 'access']],
  [['az', 'account', 'get-access-token'], /^tsv$/],
  [['az', 'keyvault', 'secret', 'show'], /^tsv$/],
  [['heroku', 'auth:token']],
  [['doppler', 'secrets', 'get'], /^--plain$/],
  [['infisical', 'secrets', 'get'], /^--plain$/],
  [['security', 'find-generic-password'], /^-w$/],
  [['security', 'find-internet-password'], /^-w$/],
  [['pass', 'show']],
  [['gopass', 'show']],
  [['bw', 'get', 'password']],
  [['lpass', 'show'], /^--password$/],
  [['kubectl', 'get', 'secret'], /jsonpath|go-template/],
  [['kubectl', 'get', 'secrets'], /jsonpath|go-template/],
  [['openssl', 'rand']],
  [['rails', 'secret']],
  [['bin/rails', 'secret']],
  [['rake', 'secret']],
  [['pwgen']],
  [['mix', 'phx.gen.secret']],
  [['php', 'artisan', 'key:generate'], /^--show$/],
  [['wg', 'genkey']],
  [['wg', 'genpsk']],
];

/** Commands that print nothing a secret could be mistaken for. */
const SILENT = new Set(['cd', 'pushd', 'popd', 'export', 'set', 'unset', 'source', '.', 'test', '[', '[[', 'true', 'false', ':', 'sleep', 'mkdir', 'touch', 'chmod', 'umask', 'shopt', 'trap', 'wait', 'read', 'local', 'declare', 'typeset']);

/**
 * What one pipeline stage prints: secrets (templates that capture them), known text (templates
 * that capture nothing: such lines are no value), nothing, or anything (`other`).
 */
type Printed = { kind: 'secrets' | 'known'; templates: string[] } | { kind: 'silent' } | { kind: 'other' };

function producerTemplates(words: Part[][]): Printed {
  let i = 0;
  for (; i < words.length; i++) {
    const w = literal(words[i]!);
    if (w === 'sudo' || w === 'command' || w === 'builtin' || w === 'exec' || w === 'env' || (w !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w))) continue;
    if (w === undefined && words[i]!.length > 0 && words[i]![0]!.t === 'lit' && /^[A-Za-z_][A-Za-z0-9_]*=/.test((words[i]![0] as { s: string }).s)) continue;
    break;
  }
  const rest = words.slice(i);
  if (rest.length === 0) return { kind: 'silent' };
  const name = literal(rest[0]!);
  if (!name) return { kind: 'other' };
  const args = rest.slice(1);
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (SILENT.has(base)) return { kind: 'silent' };
  if (base === 'echo' || base === 'printf') {
    const templates = base === 'echo' ? echoTemplates(args) : printfTemplates(args);
    if (templates.length > 0) return { kind: 'secrets', templates };
    // Text of its own (a heading, a separator): known lines, never a value.
    const known = base === 'echo' ? echoLiteral(args) : undefined;
    return known === undefined ? { kind: 'other' } : { kind: 'known', templates: [`^${escapeRe(known.trim())}$`] };
  }
  const whole: Printed = { kind: 'secrets', templates: [WHOLE_LINE] };
  if (base === 'printenv') {
    const vars = args.map(literal);
    return vars.length > 0 && vars.every((v) => v !== undefined && secretName(v)) ? whole : { kind: 'other' };
  }
  if (/^(?:node|nodejs|deno|bun|python[0-9.]*|ruby|perl|php)$/.test(base)) return scriptPrints(args) ? whole : { kind: 'other' };
  const lits = rest.map((w) => literal(w) ?? '');
  if (lits.includes('/dev/urandom') || lits.includes('/dev/random')) return whole;
  if (FILE_READERS.has(base) && lits.length > 1 && lits.slice(1).every((l) => l.startsWith('-') || /^\d+$/.test(l) || SECRET_FILE.test(l))) return whole;
  for (const [cmd, needs] of READERS) {
    if (cmd.every((c, k) => lits[k] === c) && (!needs || lits.slice(cmd.length).some((l) => needs.test(l)))) return whole;
  }
  return { kind: 'other' };
}

/** The line `echo` prints when its arguments are all literal text. */
function echoLiteral(args: Part[][]): string | undefined {
  let i = 0;
  while (i < args.length && /^-[neE]+$/.test(literal(args[i]!) ?? '')) i++;
  const words = args.slice(i).map(literal);
  return words.every((w) => w !== undefined) ? words.join(' ') : undefined;
}

/** The inner script of `bash -lc '…'` (as Codex writes a shell call's argv joined). */
function unwrap(cmd: string): string {
  const m = /^\s*(?:\/(?:usr\/)?bin\/)?(?:ba|z|da)?sh\s+-l?c\s+/.exec(cmd);
  if (!m) return cmd;
  const t = tokens(cmd.slice(m[0].length));
  const first = t[0];
  return first && 'word' in first ? (literal(first.word) ?? cmd) : cmd;
}

/**
 * How to read the secrets a command prints, or undefined when it prints none. Every part of the
 * command must be accounted for: one that prints anything else (`ls`) leaves its lines
 * indistinguishable from a printed value, and the command is not read.
 */
export function printedSecretTemplates(command: string | undefined): PrintedTemplates | undefined {
  if (!command || command.length > 4000) return undefined;
  const toks = tokens(unwrap(command));
  const known: string[] = [];
  const secrets: string[] = [];
  let other = false;
  let segment: Token[] = [];
  const flush = () => {
    const stages: Part[][][] = [[]];
    let redirected = false;
    for (let k = 0; k < segment.length; k++) {
      const t = segment[k]!;
      if ('op' in t) {
        if (t.op === '|') stages.push([]);
        else if (t.op === '>' || t.op === '>>' || t.op === '1>' || t.op === '1>>') {
          const target = segment[k + 1];
          const to = target && 'word' in target ? literal(target.word) : undefined;
          if (to !== '&2' && to !== '/dev/stderr') redirected = true;
          k++;
        } else if (t.op.endsWith('>') || t.op.endsWith('<')) {
          // `2>/dev/null`, `< file`: the target is no argument.
          k++;
        }
      } else stages.at(-1)!.push(t.word);
    }
    segment = [];
    if (redirected) return;
    const [producer, ...filters] = stages;
    if (!producer?.length) return;
    const printed = producerTemplates(producer);
    if (printed.kind === 'silent') return;
    if (printed.kind === 'other' || filters.some((f) => !f[0] || !KEEPING_FILTERS.has(literal(f[0]) ?? ''))) {
      other = true;
      return;
    }
    const into = printed.kind === 'known' ? known : secrets;
    for (const t of printed.templates) if (!into.includes(t)) into.push(t);
  };
  for (const t of toks) {
    if ('op' in t && SEPARATORS.has(t.op)) flush();
    else segment.push(t);
  }
  flush();
  return secrets.length > 0 && !other ? [...known, ...secrets] : undefined;
}

/** Values no command prints as a secret: empty variables, flags, words of a message. */
const NOT_A_VALUE = /^(?:undefined|null|none|nil|true|false|set|unset|ok|yes|no|\[REDACTED:[a-z_]+\]|\*+|x+|\.+|-+)$/i;
/** Output lines read for printed values (a command printing a secret prints little). */
const MAX_LINES = 64;

/** The output a call's result shows, without Codex's unified-exec header (`Chunk ID: … Output:`). */
export function outputBody(text: string): string {
  const header = text.indexOf('\nOutput:\n');
  return header >= 0 && header < 400 && /^(?:Chunk ID|Command|Wall time|Process exited|Exit code)/.test(text) ? text.slice(header + 9) : text;
}

/** The values a command's output (its `outputBody`) shows, read with its templates; lines with
 * blanks are a message, not a printed value. */
export function printedSecrets(templates: PrintedTemplates, output: string): string[] {
  const body = output.length > 65536 ? output.slice(0, 65536) : output;
  const res = templates.map((t) => new RegExp(t));
  const found: string[] = [];
  for (const raw of body.split('\n').slice(0, MAX_LINES)) {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '') continue;
    for (const re of res) {
      const m = re.exec(line);
      if (!m) continue;
      // (A known line's template captures nothing.)
      for (const v of m.slice(1)) {
        const value = v?.trim();
        if (!value || value.length < 6 || value.length > 4096 || /\s/.test(value) || NOT_A_VALUE.test(value)) continue;
        if (!found.includes(value)) found.push(value);
      }
      break;
    }
  }
  return found;
}
