// Redactor throughput: `node bench/redact.ts [transcriptDir]`.
// Prints MB/s on a synthetic transcript-like corpus (clean, and dense with planted secrets);
// given a directory of real transcripts, also their throughput and every redaction made
// there (on real transcripts with no secrets, each one is a false positive).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type RedactionCounts, redactTextCounted } from '../src/redact/index.ts';
import { PLANTED_SECRETS } from '../test/helpers/secrets.ts';

let seed = 42;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chars = (n: number, alphabet: string): string => Array.from({ length: n }, () => pick(alphabet as unknown as string[])).join('');
const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const uuid = (): string => `${chars(8, HEX)}-${chars(4, HEX)}-4${chars(3, HEX)}-8${chars(3, HEX)}-${chars(12, HEX)}`;

const WORDS = (
  'the a to of and in is it that for on with as this be are by test tests file files function run build error fix ' +
  'update check token tokens key keys secret password config value return import export const type interface ' +
  'string number session event index store query search result output input model agent tool call command path ' +
  'should would could need let me now first then next read write edit change add remove refactor implement'
).split(' ');
const CODE = [
  'const token = getToken();',
  'export function parse(input: string): Result {',
  '  password: string;',
  'if (secret) {\n  return null;\n}',
  'const apiKey = process.env.API_KEY;',
  'usage: { input_tokens: 1234, output_tokens: 56 },',
  "import { readFileSync } from 'node:fs';",
  'for (const [key, value] of Object.entries(map)) {',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a code sample, not a template
  'await fetch(`https://api.example.com/v1/items/${id}`, { headers });',
  'def tokenize(text: str) -> list[str]:',
  '  "key": "Enter", "ctrlKey": false,',
  'git commit -m "fix: handle missing key in cache"',
];
const sentence = (): string => Array.from({ length: 8 + Math.floor(rand() * 20) }, () => pick(WORDS)).join(' ');

function syntheticLine(): string {
  const base = { uuid: uuid(), sessionId: uuid(), timestamp: new Date(1.7e12 + Math.floor(rand() * 1e10)).toISOString() };
  const r = rand();
  if (r < 0.3) return JSON.stringify({ ...base, type: 'user', message: { role: 'user', content: `${sentence()}. ${sentence()}?` } });
  if (r < 0.55) {
    const text = `${sentence()}.\n\n\`\`\`ts\n${Array.from({ length: 6 }, () => pick(CODE)).join('\n')}\n\`\`\`\n${sentence()}.`;
    return JSON.stringify({ ...base, type: 'assistant', message: { model: 'claude-sonnet-4-5', content: [{ type: 'text', text }] } });
  }
  if (r < 0.75) {
    const out = Array.from({ length: 20 }, () => `/home/dev/work/tracebase/src/${pick(WORDS)}/${pick(WORDS)}.ts:${Math.floor(rand() * 400)}  ${chars(40, HEX)}  ${pick(CODE)}`).join('\n');
    return JSON.stringify({ ...base, type: 'tool_result', tool_use_id: `toolu_${chars(24, B64.slice(0, 62))}`, content: out });
  }
  if (r < 0.85) return JSON.stringify({ ...base, type: 'reasoning', encrypted_content: `gAAAAAB${chars(4000, `${B64.slice(0, 62)}-_`)}` });
  if (r < 0.88) return JSON.stringify({ ...base, type: 'image', source: { type: 'base64', data: chars(30000, B64) } });
  return JSON.stringify({ ...base, type: 'token_count', info: { input_tokens: 1200, cached_input_tokens: 800, output_tokens: 90, reasoning_output_tokens: 20, sha256: chars(64, HEX) } });
}

/** Lines totalling `bytes`; with `plantEvery`, a planted secret every that many characters. */
function corpus(bytes: number, plantEvery: number): string[] {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    let line = syntheticLine();
    if (plantEvery > 0) {
      const parts: string[] = [];
      for (let at = 0; at < line.length; at += plantEvery) parts.push(line.slice(at, at + plantEvery), ` ${pick(PLANTED_SECRETS).value} `);
      line = parts.join('');
    }
    lines.push(line);
    size += line.length;
  }
  return lines;
}

function measure(label: string, pieces: readonly string[]): RedactionCounts {
  const mb = pieces.reduce((n, p) => n + p.length, 0) / 1e6;
  let best = 0;
  let counts: RedactionCounts = {};
  for (let round = 0; round < 3; round++) {
    counts = {};
    const t0 = performance.now();
    for (const p of pieces) redactTextCounted(p, counts);
    best = Math.max(best, mb / ((performance.now() - t0) / 1000));
  }
  const n = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`${label.padEnd(44)} ${mb.toFixed(1).padStart(6)} MB  ${best.toFixed(0).padStart(5)} MB/s  ${n} redactions`);
  return counts;
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.jsonl?$/.test(name)) yield p;
  }
}

const clean = corpus(50e6, 0);
measure('synthetic transcript lines, no secrets', clean);
measure('same, as one 50 MB string', [clean.join('\n')]);
measure('synthetic lines, a planted secret per 2 KB', corpus(20e6, 2000));
measure('synthetic lines, a planted secret per 200 B', corpus(10e6, 200));

// Adversarial inputs (1 MB each): every figure should stay in the same range as the ones above;
// one that drops by 100× points at a rule that backtracks or rescans.
const rep = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
for (const [label, unit] of [
  ['adversarial: "password  " repeated', 'password  '],
  ['adversarial: "| api_key | x1y2z3 |" rows', '| api_key | x1y2z3 |\n'],
  ['adversarial: ANSI-coloured test lines', '\x1b[32m PASS \x1b[0m src/a.test.ts\n'],
  ['adversarial: "&quot;password&quot;" repeated', '&quot;password&quot;: '],
  ['adversarial: "-> " after a token line', 'token = "a" -> "aaaa'],
  ['adversarial: "next_token=" repeated', 'next_token='],
  ['adversarial: backslash runs', '\\\\\\\\&'],
  // (Base64 of a URL scheme on short lines: each one once took every line after it, 1 MB in ~4 minutes.)
  ['adversarial: "YW1xcDovL" lines', 'YW1xcDovL\n'],
  ['adversarial: "x2=" runs', 'x2=X2='],
  ['adversarial: "-pass:" repeated', '-pass:'],
  // (Exponential before: digit runs in the type-name check, `1→` in .netrc fields; quadratic: Fly.io token lists.)
  ['adversarial: digit runs after password=', `password=Abc${'1'.repeat(30)}x\n`],
  ['adversarial: .netrc fields of "1→"', `${`login${'1→'.repeat(20)}`.repeat(2)}password x\n`],
  ['adversarial: Fly.io token lists', `fm2_${'a'.repeat(40)},`],
  // (Quadratic before 2026-11-26.7, 0.05 MB/s: each key start's match ran over every placeholder after it.)
  ['adversarial: key starts with placeholders', 'MHcCAQEE\nxxxxxxxxxxxxAAAA\n'],
  // (Word-diff marks: 0.8 MB/s with a part that could hold brackets, each `[-` rescanning 512 characters.)
  ['adversarial: "[-" runs', '[-'],
  ['adversarial: word-diff lines', 'KEY=[-a1b2-]{+c3d4+} x\n'],
  // (Cubic before rules .66's review: a config line's value of a 1,000-letter word and a second word, 20 KB in 6.7 s.)
  ['adversarial: long word values with a blank', `DB_PASSWORD=${'a'.repeat(1000)}1 Xk9\n`],
  ['adversarial: long word lines in a YAML block', `password: |\n${`  ${'a'.repeat(1000)}1 b\n`.repeat(10)}x: 1\n`],
] as const) {
  measure(label, [rep(unit, 1e6)]);
}

const dir = process.argv[2];
if (dir) {
  const files = [...walk(dir)];
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const lines = texts.flatMap((t) => t.split('\n'));
  const counts = measure(`${files.length} transcript files (lines)`, lines);
  console.log('redactions by kind:', counts);
  for (const [i, t] of texts.entries()) {
    const found = redactTextCounted(t, {});
    for (const m of found.matchAll(/\[REDACTED:[a-z0-9_]+\]/g)) {
      console.log(`  ${files[i]}: …${found.slice(Math.max(0, m.index - 60), m.index + m[0].length + 20).replace(/\n/g, '⏎')}…`);
    }
  }
}
