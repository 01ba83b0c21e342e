// Secrets in a hex dump of a file (`xxd .env`, `hexdump -C .env`, as an agent checks a file's line
// ends or a byte-order mark): the text column cuts the file into 16-character pieces, so
// `GITHUB_TOKEN=ghp_…` reads as `GITHUB_TOKEN=ghp` ⏎ `_Q7vLr8…`. The dump's bytes (from its hex
// columns, line breaks and all) are read as the file they show; each byte stands at its character of
// the text column, where what is found there is mapped back.
import type { SecretHit } from './redact.ts';

/** xxd: `00000000: 4749 5448 5542 5f54 4f4b 454e 3d67 6870  GITHUB_TOKEN=ghp` (also `-g 1`). */
const XXD = /^(?:[ \t]{0,8}\d{1,7}→)?[0-9a-f]{7,8}: ((?:[0-9a-f]{2}){1,16}(?: (?:[0-9a-f]{2}){1,16}){0,15}) {1,48}(.{1,16})$/d;
/** hexdump -C: `00000000  47 49 54 48 55 42 5f 54  4f 4b 45 4e 3d 67 68 70  |GITHUB_TOKEN=ghp|`. */
const CANONICAL = /^(?:[ \t]{0,8}\d{1,7}→)?[0-9a-f]{8} {2}((?:[0-9a-f]{2} {1,2}){1,16}) {0,48}\|(.{1,16})\|$/d;
/** PowerShell 7's Format-Hex: `0000000000000000 4E 4F 44 45 5F 45 4E 56 3D 70 72 6F 64 75 63 74 NODE_ENV=product`. */
const FORMAT_HEX = /^(?:[ \t]{0,8}\d{1,7}→)?[0-9A-F]{16} ((?:[0-9A-F]{2} ){1,16}) *(.{1,16})$/d;
/** Where a dump may start: an offset of 7–8 hex digits (16 upper-case ones) and what follows it in one of the layouts. */
const DUMP_SIGN = /(?:^|\n)(?:[ \t]{0,8}\d{1,7}→)?(?:[0-9a-f]{7,8}(?:: [0-9a-f]{2}| {2}[0-9a-f]{2} )|[0-9A-F]{16} [0-9A-F]{2} )/;

export const mayHoldHexDump = (text: string): boolean => DUMP_SIGN.test(text);

/** What the rules (`scan`) find in the files the dumps in `text` show, mapped onto their text columns (and the
 * secret's first line's hex digits from its first byte on: the rest of its bytes are inside the range). */
export function hexDumpHits(text: string, scan: (view: string) => SecretHit[]): SecretHit[] {
  let view = '';
  /** Per byte of the view: its character in the text column, its first hex digit, the end of its line's hex. */
  const at: number[] = [];
  const hexAt: number[] = [];
  const hexEnd: number[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const xxd = XXD.exec(line) ?? FORMAT_HEX.exec(line);
    const m = xxd ?? CANONICAL.exec(line);
    if (m) {
      const [hexStart, hexStop] = m.indices![1]!;
      let [column] = m.indices![2]!;
      // Each byte's first hex digit (digits come in pairs between blanks).
      const firsts: number[] = [];
      let digits = '';
      for (let i = hexStart; i < hexStop; i++) {
        if (line.charCodeAt(i) === 32) continue;
        if (digits.length % 2 === 0) firsts.push(i);
        digits += line[i];
      }
      // (xxd's text column is the line's last character per byte: the blanks before it may start it, ` Fake4…`.)
      if (m === xxd && firsts.length > m[2]!.length && line.length - firsts.length > hexStop) column = line.length - firsts.length;
      // (The text column shows one character per byte: a line whose counts differ is no dump.)
      if (firsts.length === line.length - column - (m === xxd ? 0 : 1)) {
        view += Buffer.from(digits, 'hex').toString('latin1');
        for (let i = 0; i < firsts.length; i++) {
          at.push(lineStart + column + i);
          hexAt.push(lineStart + firsts[i]!);
          hexEnd.push(lineStart + hexStop);
        }
      }
    }
    lineStart = lineEnd + 1;
  }
  if (view.length === 0) return [];
  return scan(view)
    .filter((h) => h.end > h.start)
    .flatMap((h): SecretHit[] => [
      { start: hexAt[h.start]!, end: hexEnd[h.start]!, kind: h.kind, mapped: true },
      { start: at[h.start]!, end: at[h.end - 1]! + 1, kind: h.kind, mapped: true },
    ]);
}

/** A plain hex dump (`xxd -p`, Python's `.hex()`, one run or lines of 60 digits; PowerShell's upper case) or a C array of
 * bytes (`xxd -i`: `0x44, 0x42, …`): runs of 32+ hex digits that are text. */
const PLAIN_HEX_LINE = /(?:^|\n)[ \t]*((?:[0-9a-f]{2}){16,}|(?:[0-9A-F]{2}){16,})[ \t]*(?=\r?\n|$)/g;
const C_BYTES_LINE = /(?:^|\n)[ \t]*((?:0x[0-9a-fA-F]{2},[ \t]*){4,}(?:0x[0-9a-fA-F]{2})?)[ \t]*(?=\r?\n|$)/g;
/** (Looked for at line starts only: a text of base64 holds runs of hex digits anywhere.) */
export const mayHoldPlainHex = (text: string): boolean =>
  /(?:^|\n)[ \t]*[0-9a-fA-F]{32}/.test(text) || (text.includes('0x') && /(?:^|\n)[ \t]*0x[0-9a-fA-F]{2},[ \t]*0x/.test(text));

/** What the rules (`scan`) find in the text a plain hex dump shows: the whole dump is redacted (its digits are the secret). */
export function plainHexHits(text: string, scan: (view: string) => SecretHit[]): SecretHit[] {
  const found: SecretHit[] = [];
  for (const [re, digitsOf] of [
    [PLAIN_HEX_LINE, (s: string) => s],
    [C_BYTES_LINE, (s: string) => s.replace(/0x|[,\s]/g, '')],
  ] as const) {
    // Lines that follow each other make one dump.
    const runs: { start: number; end: number; digits: string }[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const start = m.index + m[0].indexOf(m[1]!);
      const end = start + m[1]!.length;
      const last = runs.at(-1);
      if (last && /^[ \t]*\r?\n[ \t]*$/.test(text.slice(last.end, start))) {
        last.end = end;
        last.digits += digitsOf(m[1]!);
      } else runs.push({ start, end, digits: digitsOf(m[1]!) });
      re.lastIndex = end;
    }
    for (const r of runs) {
      if (r.digits.length % 2 !== 0) continue;
      const decoded = Buffer.from(r.digits, 'hex').toString('latin1');
      // (Text, as a `.env` or a config is written: a digest or a key's bytes are no text.)
      if (!/^[\t\n\r\x20-\x7e]+$/.test(decoded) || !/[=:]/.test(decoded)) continue;
      const inside = scan(decoded);
      if (inside.length > 0) found.push({ start: r.start, end: r.end, kind: inside[0]!.kind, mapped: true });
    }
  }
  return found;
}
