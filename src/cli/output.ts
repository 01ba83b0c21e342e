// Rendering helpers: data to stdout (JSON, JSONL, aligned text), diagnostics to stderr.

import { redactPaths } from '../ingest/safe-names.ts';
import { clip } from '../redact/clip.ts';
import { type KnownSecret, redactJsonValue, redactText, secretValues } from '../redact/redact.ts';
import type { CliContext, Out } from './context.ts';

// Terminal controls in data (ESC, BEL, C1 codes, DEL) and bidi overrides could recolour, retitle,
// write the clipboard (OSC 52) or reorder what a terminal shows: text output prints them escaped.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /[\n\t]/g;

/** `s` with terminal controls shown as `\xNN` / `\uNNNN` (newlines and tabs kept). */
export const terminalSafe = (s: string): string =>
  s.replace(CONTROLS, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });

/** Text from transcripts, paths or errors for human-readable output: redacted (also secrets in a
 * Claude project folder name, which encodes a path), controls escaped. */
export const shown = (s: string): string => terminalSafe(redactPaths(redactText(s)));

/** A path for human-readable output, as `shown`, on one line: a newline or tab in a file name is
 * escaped too (it could fake a line of output). */
export const shownPath = (s: string): string => shown(s).replace(/[\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));

/** A structured result with paths or errors in it, redacted as `shown` redacts text. */
export const shownJson = <T>(value: T, known?: readonly KnownSecret[]): T => {
  const json = JSON.stringify(redactJsonValue(value, undefined, known));
  return json === undefined ? value : (JSON.parse(json, (_k, v: unknown) => (typeof v === 'string' ? redactPaths(v) : v)) as T);
};

// JSON escapes C0 controls itself; C1 controls, DEL, line/paragraph separators and bidi overrides
// it leaves raw. Escaped as \uNNNN they parse to the same text and reach no terminal as controls.
const JSON_RAW_CONTROLS = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const json = (v: unknown, indent?: number): string =>
  (JSON.stringify(v, null, indent) ?? 'null').replace(JSON_RAW_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export const printJson = (out: Out, v: unknown): void => out.write(`${json(v, 2)}\n`);

/** The inside of a JSON string for `s` (no quotes), escaped as printJson escapes it: a long text written in pieces. */
export const jsonStringPart = (s: string): string => json(s).slice(1, -1);

/** Values of an object for `printShownJson` written element by element (an array too big to hold
 * as one JSON text: an import's 200,000 file reports). Read twice: `items` must be re-iterable. */
export class JsonItems {
  readonly items: Iterable<unknown>;
  constructor(items: Iterable<unknown>) {
    this.items = items;
  }
}

/**
 * `printJson(out, shownJson(v))` for an object, written in parts: each value (each item of a
 * `JsonItems`) made, redacted and written on its own, in chunks of about 64 KB, so the whole text
 * is never held. The same text, but that a redaction cannot run from one item into the next.
 */
/** Secrets `printShownJson` carries from one part to the others, at most. */
const KNOWN_MAX = 4096;

export function printShownJson(out: Out, v: Record<string, unknown>): void {
  let buf = '';
  const put = (s: string) => {
    buf += s;
    if (buf.length >= 1 << 16) {
      out.write(buf);
      buf = '';
    }
  };
  // (JSON.stringify leaves out keys whose values are undefined or functions.)
  const keys = Object.keys(v).filter((k) => v[k] !== undefined && typeof v[k] !== 'function');
  // A secret found in one part is redacted where another part repeats it bare, as in one text (a
  // folder `password=<value>` and a file named `<value>.jsonl`): the secrets of every part first.
  const known = new Map<string, KnownSecret>();
  const learn = (x: unknown) => {
    if (known.size < KNOWN_MAX) for (const k of secretValues(JSON.stringify(x ?? null))) known.set(k.value, k);
  };
  for (const k of keys) {
    const x = v[k];
    if (x instanceof JsonItems) for (const item of x.items) learn(item);
    else learn(x);
  }
  const all = [...known.values()];
  // Nested as JSON.stringify(v, null, 2) nests it: a value's lines shifted by its depth (a string
  // in JSON holds no raw newline, so every newline is the layout's).
  const nested = (x: unknown, depth: number) => json(shownJson(x, all), 2).replaceAll('\n', `\n${'  '.repeat(depth)}`);
  if (keys.length === 0) {
    out.write('{}\n');
    return;
  }
  put('{\n');
  keys.forEach((k, n) => {
    const x = v[k];
    put(`  ${json(k)}: `);
    if (x instanceof JsonItems) {
      let first = true;
      for (const item of x.items) {
        put(`${first ? '[' : ','}\n    ${nested(item ?? null, 2)}`);
        first = false;
      }
      put(first ? '[]' : '\n  ]');
    } else put(nested(x, 1));
    put(n < keys.length - 1 ? ',\n' : '\n');
  });
  out.write(`${buf}}\n`);
}
export const printJsonl = (out: Out, rows: Iterable<unknown>): void => {
  for (const r of rows) out.write(`${json(r)}\n`);
};

export function table(out: Out, headers: string[], rows: (string | number | null | undefined)[][]): void {
  // (Each cell made shown twice, for the widths and to print, rather than all kept: 100,000 rows of a list.)
  const shownRow = (r: (string | number | null | undefined)[]): string[] => r.map((c) => (c === null || c === undefined ? '' : terminalSafe(String(c)).replace(LINE_BREAKS, ' ')));
  const widths = headers.map((h) => h.length);
  for (const r of rows) shownRow(r).forEach((c, i) => {
    if (i < widths.length && c.length > widths[i]!) widths[i] = c.length;
  });
  for (let i = 0; i < widths.length; i++) widths[i] = Math.min(60, widths[i]!);
  // On a terminal the last column (a title) gives up room so rows fit its width (at least 16 characters of it).
  if (out.columns !== undefined && widths.length > 0) {
    const before = widths.slice(0, -1).reduce((a, w) => a + w + 2, 0);
    widths[widths.length - 1] = Math.max(16, Math.min(widths.at(-1)!, out.columns - 1 - before));
  }
  const fmt = (r: string[]) =>
    r.map((c, i) => (c.length > widths[i]! ? `${clip(c, widths[i]! - 1)}…`.padEnd(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  out.write(`${fmt(headers)}\n`);
  for (const r of rows) out.write(`${fmt(shownRow(r))}\n`);
}

/** `1,234,567`, as `toLocaleString('en-US')` prints it (up to 3 decimals), without ICU: the first
 * locale call maps ~5 MB of the Node binary's locale data, which counts in an import's peak RSS. */
export function fmtInt(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return n.toLocaleString('en-US');
  const [whole, frac] = Math.abs(n).toFixed(Number.isInteger(n) ? 0 : 3).split('.') as [string, string?];
  const decimals = frac?.replace(/0+$/, '');
  const text = `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${decimals ? `.${decimals}` : ''}`;
  return n < 0 && text !== '0' ? `-${text}` : text;
}
/** `1 event`, `2 events`. */
export const counted = (n: number, one: string, many = `${one}s`): string => `${fmtInt(n)} ${n === 1 ? one : many}`;
export const fmtBytes = (n: number): string =>
  n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(2)} GiB` : n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;

export function paint(ctx: CliContext, code: 'red' | 'green' | 'yellow' | 'dim' | 'bold', s: string): string {
  if (!ctx.color) return s;
  const codes = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
  return `\u001b[${codes[code]}m${s}\u001b[0m`;
}

/** A one-line progress indicator on stderr, only when it is a terminal. */
export function progress(ctx: CliContext): { update(s: string): void; done(): void } {
  if (!ctx.stderr.isTTY) return { update() {}, done() {} };
  let last = 0;
  return {
    update(s) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      ctx.stderr.write(`\r\u001b[2K${s}`);
    },
    done() {
      ctx.stderr.write('\r\u001b[2K');
    },
  };
}
