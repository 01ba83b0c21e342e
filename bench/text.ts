// Deterministic random text for the bench corpus: a seeded PRNG plus builders for prose,
// code, logs, paths and opaque blobs. Vocabulary is a fixed list of common English and
// programming words plus a long tail of pseudo-words, drawn with a skewed (Zipf-like)
// distribution. Identifiers and file paths come from the session's project (`Vocab`), as in
// real work, where one code base's names recur in every read, edit, grep and message.

/** sfc32 seeded from a string (cyrb128). Same seed, same stream, on every platform. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    let h1 = 1779033703;
    let h2 = 3144134277;
    let h3 = 1013904242;
    let h4 = 2773480762;
    for (let i = 0; i < seed.length; i++) {
      const k = seed.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
    this.a = (h1 ^ h2 ^ h3 ^ h4) >>> 0;
    this.b = (h2 ^ h1) >>> 0;
    this.c = (h3 ^ h1) >>> 0;
    this.d = (h4 ^ h1) >>> 0;
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(arr: readonly T[]): T {
    return arr[Math.floor(this.next() * arr.length)] as T;
  }

  /** Log-uniform in [lo, hi]: as many values in 1–2 KB as in 10–20 KB. */
  logUniform(lo: number, hi: number): number {
    return Math.round(lo * (hi / lo) ** this.next());
  }

  /** Random bytes (for opaque blobs: signatures, encrypted reasoning). */
  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n + 4);
    for (let i = 0; i < n; i += 4) b.writeUInt32LE(this.u32(), i);
    return b.subarray(0, n);
  }
}

const COMMON = `the of and to a in is it that for on with as this be are from by at or not but have was
can if will should all when which we use new one so there been more also only then than into may add
file files function value values type types test tests error errors return returns config build run
running update updated change changes check fix fixed need needs make first now just like see let
make sure because before after without while since each other both same still already using used call
called calls method data object string number list array map set key keys name names path paths line
lines code output input result results request response server client user users session sessions event
events message messages model token tokens cache state status option options default module modules
import export class interface schema table query index field fields log logs time timeout retry handler
handlers worker workers queue job jobs task tasks read write load save parse format render component
components props hook hooks route routes api endpoint endpoints service services store stores version
package dependency dependencies script scripts command commands argument arguments flag flags env
variable variables directory folder project repo branch commit commits merge diff patch review issue
issues bug bugs failing passed failed passing expected actual assert assertion mock fixture fixtures
helper helpers util utils core main src lib dist node npm yarn pnpm typescript javascript python rust
go shell bash docker container image network port host local remote origin upstream main master
feature refactor cleanup rename move delete remove create insert select where order group limit offset
count sum total size bytes buffer stream chunk chunks batch batches record records row rows column
columns migration migrations transaction commit rollback lock locks connection pool database sqlite
postgres redis memory disk cpu thread threads process processes signal exit code stdout stderr pipe
async await promise callback resolve reject throw catch try finally null undefined true false empty
missing invalid unknown unsupported deprecated legacy current previous next last latest older newer
here what how why where who because however therefore instead otherwise although maybe probably
looks seems think try trying look looking found find finding search searching match matches pattern
regex replace replaced edit edits edited open close closed start started stop stopped finish finished
done pending progress complete completed summary plan step steps approach option minimal small large
simple clean safe unsafe correct incorrect wrong right left top bottom inside outside above below
between across per via against within upon among around about again further once twice always never
often sometimes usually quickly slowly carefully properly directly explicitly implicitly manually
automatically correctly currently previously recently finally actually really simply exactly
user's caller's it's don't doesn't isn't can't won't we're let's there's that's
should've I'll I'm you you're your they them their our us me my he she his her its`;

const SYLLABLES = [
  'ka', 'lo', 'mi', 'ter', 'van', 'dro', 'sil', 'quo', 'ben', 'zar', 'fen', 'gil', 'hux', 'jor', 'kel', 'lum', 'mor', 'nix',
  'pra', 'ruv', 'sto', 'tal', 'ulm', 'vex', 'wyn', 'yor', 'zen', 'bra', 'cal', 'dun', 'eph', 'fli', 'gro', 'hal', 'ist',
  'jas', 'kin', 'lar', 'mus', 'nor', 'ost', 'pel', 'qui', 'ros', 'sen', 'tri', 'uva', 'vor', 'wen', 'xan', 'yel', 'zor',
];

export const COMMON_WORDS: readonly string[] = COMMON.split(/\s+/).filter(Boolean);

/** A long tail of made-up words (project names, domain terms), fixed regardless of the corpus seed. */
export const RARE_WORDS: readonly string[] = (() => {
  const r = new Rng('tracebase-bench-vocabulary');
  const out = new Set<string>();
  while (out.size < 12000) {
    let w = '';
    const n = r.int(2, 4);
    for (let i = 0; i < n; i++) w += r.pick(SYLLABLES);
    out.add(w);
  }
  return [...out];
})();

const EXTS = ['ts', 'ts', 'ts', 'tsx', 'js', 'json', 'py', 'rs', 'go', 'md', 'sql', 'yaml', 'css'];
const DIRS = ['src', 'src/core', 'src/api', 'src/store', 'src/ui', 'src/lib', 'test', 'scripts', 'packages/app/src', 'packages/server/src', 'docs', 'internal', 'cmd'];
const KEYWORDS = ['const', 'let', 'return', 'if', 'else', 'for', 'await', 'async', 'function', 'export', 'import', 'new', 'throw', 'try', 'catch', 'while', 'switch', 'case', 'break', 'yield'];
const TYPES = ['string', 'number', 'boolean', 'Buffer', 'Promise<void>', 'Record<string, unknown>', 'unknown[]', 'Map<string, number>', 'Date', 'Error'];
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'WARN', 'ERROR', 'TRACE'];

/** Zipf-like pick: the first entries of `arr` come up far more often than the last. */
const skewed = <T>(r: Rng, arr: readonly T[]): T => {
  const u = r.next();
  return arr[Math.floor(arr.length * u * u)] as T;
};

/**
 * One project's names: identifiers and file paths, drawn again and again by every session of
 * that project. Without it each identifier is a fresh random combination of words, and a
 * corpus of 200 MB holds ~10× the distinct terms of real transcripts of that size.
 */
export class Vocab {
  readonly idents: readonly string[];
  readonly paths: readonly string[];

  constructor(seed: string, idents = 2_000, paths = 160) {
    const t = new Text(new Rng(seed));
    const ids = new Set<string>();
    while (ids.size < idents) ids.add(t.ident());
    this.idents = [...ids];
    const ps = new Set<string>();
    while (ps.size < paths) ps.add(t.relPath());
    this.paths = [...ps];
  }
}

/** Share of identifiers and paths taken from the project's names rather than made up. */
const FROM_VOCAB = 0.92;

/** Text builders over one Rng. Keep them cheap: the generator calls them for hundreds of MB. */
export class Text {
  readonly r: Rng;
  readonly vocab: Vocab | undefined;

  constructor(r: Rng, vocab?: Vocab) {
    this.r = r;
    this.vocab = vocab;
  }

  /** One word: ~80% common (Zipf-like skew), ~20% long-tail pseudo-words (also skewed). */
  word(): string {
    const r = this.r;
    const u = r.next();
    if (r.next() < 0.8) return COMMON_WORDS[Math.floor(COMMON_WORDS.length * u * u)] as string;
    return RARE_WORDS[Math.floor(RARE_WORDS.length * u * u * u)] as string;
  }

  ident(): string {
    const r = this.r;
    if (this.vocab && r.next() < FROM_VOCAB) return skewed(r, this.vocab.idents);
    const a = this.plain();
    const b = this.plain();
    switch (r.int(0, 5)) {
      case 0:
        return `${a}_${b}`;
      case 1:
        return `${cap(a)}${cap(b)}`;
      case 2:
        return `${a}${cap(b)}${cap(this.plain())}`;
      default:
        return `${a}${cap(b)}`;
    }
  }

  /** A word usable in identifiers (letters only). */
  plain(): string {
    for (;;) {
      const w = this.word();
      if (/^[a-z]+$/.test(w)) return w;
    }
  }

  num(): string {
    const r = this.r;
    switch (r.int(0, 3)) {
      case 0:
        return String(r.int(0, 9));
      case 1:
        return String(r.int(10, 999));
      case 2:
        return String(r.int(1000, 99999));
      default:
        return (r.next() * 100).toFixed(r.int(1, 3));
    }
  }

  hex(n: number): string {
    let s = '';
    while (s.length < n) s += this.r.u32().toString(16).padStart(8, '0');
    return s.slice(0, n);
  }

  alnum(n: number, upperOnly = false): string {
    const chars = upperOnly ? 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += chars[Math.floor(this.r.next() * chars.length)];
    return s;
  }

  base64(nChars: number): string {
    return this.r.bytes(Math.ceil((nChars * 3) / 4)).toString('base64').slice(0, nChars);
  }

  relPath(): string {
    if (this.vocab && this.r.next() < FROM_VOCAB) return skewed(this.r, this.vocab.paths);
    return `${this.r.pick(DIRS)}/${this.ident()}.${this.r.pick(EXTS)}`;
  }

  sentence(): string {
    const r = this.r;
    const n = r.int(5, 18);
    let s = cap(this.word());
    for (let i = 1; i < n; i++) {
      const x = r.next();
      if (x < 0.05) s += ` \`${this.ident()}\``;
      else if (x < 0.07) s += ` ${this.num()}`;
      else if (x < 0.08) s += ` \`${this.relPath()}\``;
      else s += ` ${this.word()}`;
      if (x > 0.97 && i < n - 2) s += ',';
    }
    return `${s}${r.chance(0.9) ? '.' : r.chance(0.5) ? '?' : ':'}`;
  }

  /** Prose of about `bytes` characters: sentences, paragraphs, the odd bullet list. */
  prose(bytes: number): string {
    const r = this.r;
    let s = this.sentence();
    while (s.length < bytes) {
      const x = r.next();
      if (x < 0.12) s += `\n\n${this.sentence()}`;
      else if (x < 0.18) s += `\n- ${this.sentence()}`;
      else s += ` ${this.sentence()}`;
    }
    return s;
  }

  codeLine(indent: number): string {
    const r = this.r;
    const pad = '  '.repeat(indent);
    switch (r.int(0, 11)) {
      case 0:
        return `${pad}const ${this.ident()} = await ${this.ident()}.${this.plain()}(${this.ident()}, ${this.num()});`;
      case 1:
        return `${pad}if (${this.ident()} ${r.pick(['>', '<', '===', '!=='])} ${this.num()}) return ${this.ident()};`;
      case 2:
        return `${pad}// ${this.sentence()}`;
      case 3:
        return `${pad}${r.pick(KEYWORDS)} ${this.ident()}(${this.plain()}: ${r.pick(TYPES)}): ${r.pick(TYPES)} {`;
      case 4:
        return `${pad}${this.ident()}.${this.plain()} = ${this.ident()}[${this.num()}] ?? '${this.word()}';`;
      case 5:
        return `${pad}}`;
      case 6:
        return `${pad}import { ${this.ident()}, ${this.ident()} } from './${this.ident()}.ts';`;
      case 7:
        return `${pad}throw new Error(\`${this.sentence()} \${${this.ident()}}\`);`;
      case 8:
        return `${pad}for (const ${this.plain()} of ${this.ident()}) ${this.ident()}.push(${this.plain()}.${this.plain()});`;
      case 9:
        return '';
      case 10:
        return `${pad}${this.ident()}: ${r.pick(TYPES)};`;
      default:
        return `${pad}return ${this.ident()}(${this.ident()}, { ${this.plain()}: ${this.num()}, ${this.plain()}: '${this.relPath()}' });`;
    }
  }

  /** Source code of about `bytes` characters. */
  code(bytes: number): string {
    const r = this.r;
    const lines: string[] = [];
    let n = 0;
    let indent = 0;
    while (n < bytes) {
      const l = this.codeLine(indent);
      if (l.endsWith('{')) indent = Math.min(indent + 1, 4);
      else if (l.trim() === '}') indent = Math.max(indent - 1, 0);
      else if (r.chance(0.05)) indent = Math.max(indent - 1, 0);
      lines.push(l);
      n += l.length + 1;
    }
    return lines.join('\n');
  }

  /** `cat -n` / Read-tool style numbered code. */
  numbered(code: string, start = 1, arrow = false): string {
    return code
      .split('\n')
      .map((l, i) => `${String(start + i).padStart(6, ' ')}${arrow ? '→' : '\t'}${l}`)
      .join('\n');
  }

  logLine(t: number): string {
    const r = this.r;
    const ts = new Date(t).toISOString();
    switch (r.int(0, 7)) {
      case 0:
        return `  ✓ ${this.sentence().slice(0, 70)} (${r.int(0, 900)}ms)`;
      case 1:
        return `    at ${this.ident()} (${this.relPath()}:${r.int(1, 900)}:${r.int(1, 80)})`;
      case 2:
        return `${this.relPath()}(${r.int(1, 900)},${r.int(1, 80)}): error TS${r.int(2000, 2999)}: ${this.sentence()}`;
      case 3:
        return `${this.relPath()}:${r.int(1, 900)}:${this.codeLine(r.int(0, 2))}`;
      case 4:
        return `  ✗ ${this.sentence().slice(0, 70)}`;
      default:
        return `${ts} ${r.pick(LEVELS)} [${this.plain()}-${r.int(0, 7)}] ${this.ident()}: ${this.sentence()} (${this.num()} ms)`;
    }
  }

  /** Build / test / grep / stack-trace style output of about `bytes` characters. */
  log(bytes: number, t0: number): string {
    const lines: string[] = [];
    let n = 0;
    let t = t0;
    while (n < bytes) {
      t += this.r.int(0, 400);
      const l = this.logLine(t);
      lines.push(l);
      n += l.length + 1;
    }
    return lines.join('\n');
  }

  /** `ls -la` style listing. */
  listing(bytes: number): string {
    const r = this.r;
    const lines = [`total ${r.int(8, 4000)}`];
    let n = 10;
    while (n < bytes) {
      const dir = r.chance(0.2);
      const l = `${dir ? 'drwxr-xr-x' : '-rw-r--r--'}  ${r.int(1, 30)} dev  dev  ${String(r.int(64, 99999)).padStart(6)} ${r.pick(['Jan', 'Feb', 'Mar', 'Apr'])} ${String(r.int(1, 28)).padStart(2)} ${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')} ${dir ? this.plain() : `${this.ident()}.${r.pick(EXTS)}`}`;
      lines.push(l);
      n += l.length + 1;
    }
    return lines.join('\n');
  }

  /** An edit of existing `lines` (an Edit, a patch hunk, a diff): kept, removed and rewritten lines. */
  hunk(lines: readonly string[]): { old: string; new: string; diff: string[] } {
    const neu: string[] = [];
    const diff: string[] = [];
    for (const l of lines) {
      const x = this.r.next();
      if (x < 0.6) {
        neu.push(l);
        diff.push(` ${l}`);
      } else if (x < 0.75) {
        diff.push(`-${l}`);
      } else {
        const n = this.codeLine((l.length - l.trimStart().length) >> 1);
        neu.push(n);
        diff.push(`-${l}`, `+${n}`);
      }
      if (this.r.chance(0.08)) {
        const n = this.codeLine(this.r.int(0, 3));
        neu.push(n);
        diff.push(`+${n}`);
      }
    }
    return { old: lines.join('\n'), new: neu.join('\n'), diff };
  }

}

export const cap = (w: string): string => (w.length ? w[0]!.toUpperCase() + w.slice(1) : w);
