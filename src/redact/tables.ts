// Secrets in a column of a printed table: a query's result (psql, mysql's boxed table, `sqlite3 -column`, an MCP server's
// Markdown table), a CSV export, tab-separated output. A row's value has no name beside it; its column's header names it
// (`| id | api_key |` ⏎ `|  1 | Xk9… |`). Read where the scan saw a secret-named word followed by a column's end
// (redact.ts, SIGN_TABLE): the header is found, then the rows under it, and each row's cell in the named column is
// redacted when it reads as a value (not empty, NULL, a mask, a number or words).
import { classSwitches, generatedShort, isSecretValue, randomLetters } from './patterns.ts';

const hasDigit = (v: string): boolean => /\d/.test(v);
import type { SecretHit } from './redact.ts';

/** A column named for a secret: the secret's word ends the name (`api_key`, `user_password`, `refresh_token`; not
 * `password_hash`, `token_type`). */
const SECRET_COLUMN =
  /^(?:[\w-]{0,40}[_.-])?(?:api[_-]?keys?|apikey|secret(?:[_-]?(?:access[_-]?)?key)?|client[_-]?secret|password|passwd|pwd|tokens?|private[_-]?key|access[_-]?key|credentials?)$|^[a-z][A-Za-z]{0,30}(?:Token|Secret|Password|Passwd|ApiKey|AccessKey|PrivateKey)$|^(?:api|access|secret|auth|private|client)[ ](?:key|token|secret)$/i;
/** A bare `token` or `secret` column (a tokenizer's, a design system's, a list of secrets' names): only generated values. */
const BARE_COLUMN = /^(?:[\w-]{0,40}[_.-])?(?:tokens?|secrets?)$|^secret$/i;
/** A cheap first look: a line that may hold a secret column's name. */
const MAY_NAME_SECRET = /key|secret|passw|pwd|token|credential/i;
/** A line where a cell may end with a secret's word (the words SECRET_COLUMN's names end with): the word, then what a cell's
 * trimming drops, then a separator or the line's end. A header without one has no secret column to read. */
const MAY_END_SECRET_CELL = /(?:key|secret|passw(?:or)?d|pwd|token|credential)s?[\s"'`]*(?:[|,\t]|\\t|$)/i;
/** What a cell holds when it holds no value. */
const NO_VALUE = /^(?:null|\(null\)|<null>|none|nil|undefined|true|false|\*+|-+|\.{3}|…|\[redacted[^\]]*\])$/i;

interface Line {
  start: number;
  text: string;
}

/** The lines of `text`, split at real or JSON-escaped line breaks, with where each starts. */
function lines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r?\n|(?:\\r)?\\n/g;
  let at = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ start: at, text: text.slice(at, m.index) });
    at = m.index + m[0].length;
  }
  out.push({ start: at, text: text.slice(at) });
  return out;
}

/** A table's cells as [start, end) within its line, split at `sep` (a numbered view's `12→` left out first). */
function cells(line: string, sep: string): [number, number][] {
  // (Also behind the quote a JSON string opens with.)
  const lead = /^"?[ \t]{0,8}\d{1,7}→/.exec(line)?.[0].length ?? 0;
  const out: [number, number][] = [];
  let from = lead;
  // (CSV, when asked: a separator inside double quotes is the cell's, `1,"Doe, John",…`.)
  if (sep === 'csv') {
    let quoted = false;
    for (let i = lead; i < line.length; i++) {
      if (line[i] === '"') quoted = !quoted;
      else if (line[i] === ',' && !quoted) {
        out.push([from, i]);
        from = i + 1;
      }
    }
    out.push([from, line.length]);
    return out;
  }
  for (;;) {
    const at = line.indexOf(sep, from);
    out.push([from, at < 0 ? line.length : at]);
    if (at < 0) return out;
    from = at + sep.length;
  }
}

const trimmed = (line: string, [a, b]: [number, number]): [number, number] => {
  while (a < b && /[\s"'`]/.test(line[a]!)) a++;
  while (b > a && /[\s"'`]/.test(line[b - 1]!)) b--;
  return [a, b];
};

/** A separator line under a header (`----+----`, `|---|:--|`, `+----+----+`). (No two blank runs side by side: a line of
 * blanks is read in one pass; `ruleLine` checks its characters first.) */
const RULE_LINE = /^"?[ \t]*(?:\d{1,7}→[ \t]*)?(?:[|+][ \t]*)?:?-{2,}:?(?:[ \t]*[|+][ \t]*:?-{2,}:?)*[ \t]*(?:[|+][ \t]*)?$/;
const ruleLine = (l: string): boolean => l.includes('--') && /^[\s|+:\-\d→"]*$/.test(l) && RULE_LINE.test(l);
/** `sqlite3 -column`'s and similar: dashes under each column, blanks between. */
const DASH_COLUMNS = /^[ \t]{0,8}(?:\d{1,7}→)?[ \t]*-{2,}(?:[ \t]+-{2,})*[ \t]*$/;

/** A value a secret's column may hold: letters with digits or symbols, or random letters; not a number, a date, a URL, an
 * address, words (a feature table's `| reset | supported |`, `bearer-token`), a name (`NPM_TOKEN_V2`, `varchar(255)`), a
 * scope, a version, a path or words joined up (`space-12`, `color.primary.500`). Under a bare `token` or `secret` column,
 * a generated value only. */
function value(v: string, column: string): boolean {
  if (v.length < 6 || /\s/.test(v) || NO_VALUE.test(v) || /^[\d.:/+-]+$/.test(v) || !isSecretValue(v)) return false;
  if (BARE_COLUMN.test(column)) return generatedShort(v) || randomLetters(v) || (v.length >= 12 && hasDigit(v) && /[a-z]/.test(v) && /[A-Z]/.test(v) && classSwitches(v) >= v.length * 0.3);
  if (/^[A-Z][A-Z0-9_]*$/.test(v) || /^[\w$.]+\(.*\)$/.test(v) || /^[a-z][\w-]*:[\w:.-]+$/i.test(v) || /^v?\d+(?:\.\d+)+/.test(v) || /^[\w.-]+(?:\/[\w.-]+)+$/.test(v)) return false;
  if (/^\$?[A-Za-z]+(?:[.-][A-Za-z0-9]+)+$/.test(v) && !generatedShort(v)) return false;
  // (Nor a commit's short id: `Last_Synced_Token` holds one in gcloud's tables.)
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/.test(v) || /^[a-z]+(?:[-_][a-z]+)+$/i.test(v) || /^[0-9a-f]{6,15}$/.test(v)) return false;
  return (/[A-Za-z]/.test(v) && (/\d/.test(v) || /[^A-Za-z0-9]/.test(v))) || randomLetters(v);
}

/**
 * A text that may hold a secret-named column's header: a name as SECRET_COLUMN reads one (up to 64 characters before the
 * secret's word it ends with, or one word and a blank), starting a cell (the line's start, a separator, a numbered view's
 * `→`, or what a cell's trimming drops) and ending it (a separator or the line's end, real or JSON-escaped). The tables of
 * `alignedRows` are looked for wherever there are dashes.
 */
const MAY_HOLD_SECRET_COLUMN =
  /(?:key|secret|passw(?:or)?d|pwd|token|credential)(?<=(?:^|[\s"'`|,→]|\\[tn])(?:[\w.-]{0,64}|[a-z]{3,7}[ ])(?:key|secret|passw(?:or)?d|pwd|token|credential))s?[\s"'`]*(?:[|,\t\n]|\\[tn]|\\r\\n|$)/i;

/** Box-drawing characters (DuckDB's tables, `sqlite3 .mode box`, Rich, psql's `\pset linestyle unicode`): read as the
 * ASCII a table drawn with `|`, `-` and `+` has (one code unit each, so every place in the text stays where it is). */
const BOX = /[\u2500-\u257f]/;
const BOX_ALL = /[\u2500-\u257f]/g;
const asAscii = (c: string): string => (/[│┃║╎╏┆┇┊┋]/.test(c) ? '|' : /[─━═╌╍┄┅┈┉]/.test(c) ? '-' : '+');

/** A drawn table's row (`│ … │`), top border (`┌──┬──┐`), rule under its header (`├──┼──┤`, psql's `────┼────`), bottom
 * border (`└──┴──┘`): what a line starts with, after blanks. */
// (Also in a numbered view, `12→`, and first in a JSON string.)
const DRAWN_ROW = /^"?[ \t]*(?:\d{1,7}→[ \t]*)?[│┃║]/;
const TOP_BORDER = /^"?[ \t]*(?:\d{1,7}→[ \t]*)?[┌┍┎┏╒╓╔╭]/;
const UNDER_HEADER = /^"?[ \t]*(?:\d{1,7}→[ \t]*)?(?:[├┝┞┟┠┡┢┣╞╟╠]|[─━═]+[┼┿╂╋╪╫╬])/;
const BOTTOM_BORDER = /^"?[ \t]*(?:\d{1,7}→[ \t]*)?[└┕┖┗╘╙╚╰]/;

/** Every value in a secret-named column of a table in `text`. */
export function tableHits(original: string): SecretHit[] {
  const text = BOX.test(original) ? original.replace(BOX_ALL, asAscii) : original;
  // (The sign that brings the redactor here is seen wherever a rule's trigger is a secret's word, `token` in prose too:
  // a text without a column that could be named for a secret is passed over before it is split into lines.)
  if (!text.includes('--') && !MAY_HOLD_SECRET_COLUMN.test(text)) return [];
  const hits: SecretHit[] = [];
  const ls = lines(text);
  // A drawn table's header comes right under its top border, or right over the rule under it (psql's unicode style);
  // its bottom border ends it (a table drawn after it has a header of its own; a schema listing's row naming an
  // `api_key` column is no header).
  const drawn = text !== original;
  const startsWith = (l: Line | undefined, chars: RegExp): boolean => drawn && l !== undefined && chars.test(original.slice(l.start, l.start + 24));
  for (let i = 0; i < ls.length - 1; i++) {
    const header = ls[i]!.text;
    // (Most lines name no secret at all: passed over before any splitting.)
    if (!MAY_NAME_SECRET.test(header)) continue;
    if (startsWith(ls[i], DRAWN_ROW) && !startsWith(ls[i - 1], TOP_BORDER) && !startsWith(ls[i + 1], UNDER_HEADER)) continue;
    // Split by bars, tabs (real or escaped) or commas, in that order of preference.
    const sep = header.includes('|') ? '|' : header.includes('\t') ? '\t' : header.includes('\\t') ? '\\t' : header.includes(',') ? ',' : '';
    if (DASH_COLUMNS.test(ls[i + 1]!.text)) {
      i = alignedRows(ls, i, hits) ?? i;
      continue;
    }
    if (sep === '' || !MAY_END_SECRET_CELL.test(header)) continue;
    const head = cells(header, sep);
    const columns = head.map((c, k) => [k, header.slice(...trimmed(header, c))] as const).filter(([, name]) => SECRET_COLUMN.test(name));
    const names = head.map((c) => header.slice(...trimmed(header, c)));
    if (columns.length === 0 || names.filter((n) => n !== '').length < 2) continue;
    // (CSV and tabs: a header of names only, none empty but a last one after a trailing separator: not a sentence with a
    // comma, nor a list of words each ending in one.)
    if (sep !== '|' && !names.every((n, k) => /^[\w .-]{1,64}$/.test(n) || (n === '' && k === names.length - 1))) continue;
    let j = i + 1;
    if (ruleLine(ls[j]!.text)) j++;
    for (; j < ls.length; j++) {
      const row = ls[j]!.text;
      if (startsWith(ls[j], BOTTOM_BORDER)) break;
      if (ruleLine(row)) continue;
      let cs = cells(row, sep);
      if (cs.length !== head.length && sep === ',' && row.includes('"')) cs = cells(row, 'csv');
      if (cs.length !== head.length) break;
      for (const [k, name] of columns) {
        const [a, b] = trimmed(row, cs[k]!);
        if (value(row.slice(a, b), name)) hits.push({ start: ls[j]!.start + a, end: ls[j]!.start + b, kind: 'secret_assignment' });
      }
    }
    i = j - 1;
  }
  return hits.sort((x, y) => x.start - y.start);
}

/** Rows of a table whose columns a line of dashes marks (`id  password` ⏎ `--  --------` ⏎ `1   Xk9…`); the index of
 * its last row, or undefined when its header names no secret. */
function alignedRows(ls: Line[], i: number, hits: SecretHit[]): number | undefined {
  const header = ls[i]!.text;
  const dashes = ls[i + 1]!.text;
  const spans: [number, number][] = [];
  for (const m of dashes.matchAll(/-{2,}/g)) spans.push([m.index, m.index + m[0].length]);
  // A column reaches to the next one's start (the last to the line's end).
  const columns = spans.map(([a], k) => [a, k + 1 < spans.length ? spans[k + 1]![0] : Number.POSITIVE_INFINITY] as [number, number]);
  // (At most 8 named columns: a header of nothing else is no table of data.)
  const named = columns.map((c, k) => [k, header.slice(c[0], Math.min(c[1], header.length)).trim()] as const).filter(([, name]) => SECRET_COLUMN.test(name)).slice(0, 8);
  if (named.length === 0) return undefined;
  let j = i + 2;
  for (; j < ls.length; j++) {
    const row = ls[j]!.text;
    if (row.trim() === '') break;
    for (const [k, name] of named) {
      const [a, b] = columns[k]!;
      if (a >= row.length) break;
      const cell = row.slice(a, Math.min(b, row.length));
      const lead = cell.length - cell.trimStart().length;
      const v = cell.trim();
      if (value(v, name)) hits.push({ start: ls[j]!.start + a + lead, end: ls[j]!.start + a + lead + v.length, kind: 'secret_assignment' });
    }
  }
  return j - 1;
}

/** How far back `tableHitsFrom` looks for a table's header. */
const HEADER_REACH = 1 << 20;

/**
 * The values of secret-named columns in rows at or after `at` of a table whose header lies before `at` (places in
 * `text`): for the end of a long output redacted on its own (a window that does not reach back to the header sees rows
 * of values, no table). The header is looked for among the lines right before `at` up to a blank line (tables have
 * none inside), at most HEADER_REACH back.
 */
export function tableHitsFrom(text: string, at: number): SecretHit[] {
  const stop = Math.max(0, at - HEADER_REACH);
  const region = text.slice(stop, Math.max(stop, text.lastIndexOf('\n', at - 1)));
  // (One pass over the region for its last blank line, one for the first line after it that may name a secret.)
  let from = 0;
  for (const m of region.matchAll(BLANK_LINE)) from = m.index + m[0].length;
  // The first line naming a secret that could head a table: cells split by bars, tabs or commas, one ending in the
  // secret's word, or over a rule or a row of dashes (so a log that only mentions tokens costs no reading of its rows).
  const named = MAY_NAME_SECRET_G;
  named.lastIndex = from;
  let header = -1;
  for (let m = named.exec(region); m !== null; m = named.exec(region)) {
    const start = region.lastIndexOf('\n', m.index) + 1;
    const nl = region.indexOf('\n', m.index);
    const end = nl < 0 ? region.length : nl;
    const line = region.slice(start, end);
    const after = nl < 0 ? '' : region.slice(nl + 1, Math.max(nl + 1, region.indexOf('\n', nl + 1)));
    if ((/[|\t,│┃║]|\\t/.test(line) && MAY_END_SECRET_CELL.test(line)) || ruleLine(after) || DASH_COLUMNS.test(after) || /^[\s"]*(?:\d{1,7}→[ \t]*)?[├┝┞┟┠┡┢┣╞╟╠─━═+]/.test(after)) {
      header = stop + start;
      break;
    }
    named.lastIndex = end;
  }
  if (header < 0) return [];
  // (Read through the rows to the end: a table may run on past `at`.)
  const hits: SecretHit[] = [];
  for (const h of tableHits(text.slice(header))) if (h.start + header >= at) hits.push({ ...h, start: h.start + header, end: h.end + header });
  return hits;
}
const BLANK_LINE = /\n[ \t\r]*\n/g;
const MAY_NAME_SECRET_G = new RegExp(MAY_NAME_SECRET.source, 'gi');
