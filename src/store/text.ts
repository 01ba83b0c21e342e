// Snippets around the words a full-text query matched, for search results and the session list.
import { unstyled } from '../redact/redact.ts';

/** A character as the index compares it (unicode61, remove_diacritics 2): lower case, without accents. */
const fold = (c: string): string => c.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * What a query looks for, as the index tokenizes and folds it: its words, and its phrases as
 * their words joined by a space (`"npm test"`, and a word the index splits, which FTS5 looks up as
 * a phrase: `package.json`, `test_totals`); `*` ends a prefix. Operators and a column filter are
 * left out. `literal`: each whitespace-separated run is one (as `--literal` searches them).
 */
export function queryTerms(query: string, literal = false): string[] {
  const out: string[] = [];
  const add = (text: string, prefix: boolean) => {
    const words = (text.match(TOKEN) ?? []).map((w) => [...w].map(fold).join('')).filter((w) => w !== '');
    if (words.length) out.push(`${words.join(' ')}${prefix ? '*' : ''}`);
  };
  if (literal) {
    for (const run of query.split(/\s+/)) add(run, false);
    return [...new Set(out)];
  }
  // (Column filters `text :` / `{text}:`, and a NEAR group's distance `, 5)`, are no words to find.)
  const words = query.replace(/(?<![\p{L}\p{N}_])(?:text|\{[^}"]*\})\s*:/giu, ' ').replace(/,\s*\d+\s*\)/g, ')');
  for (const m of words.matchAll(/"((?:[^"]|"")*)"?(\*?)|[^\s"(),]+/g)) {
    if (m[0].startsWith('"')) {
      add(m[1]!, m[2] === '*');
      continue;
    }
    const run = m[0];
    if (/^(?:AND|OR|NOT|NEAR)$/.test(run)) continue;
    add(run, run.length > 1 && run.endsWith('*'));
  }
  return [...new Set(out)];
}

const MARKER = /\[REDACTED:[a-z0-9_]+\]/g;

const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A term as the index matches it: whole words (`test` is not in `pytest` or `tests`), a phrase's
 * words in a row with only separators between them, or for `…*` the start of its last word. */
function termPattern(terms: string[]): RegExp | null {
  const alts = terms.map((t) => {
    const prefix = t.endsWith('*');
    const words = (prefix ? t.slice(0, -1) : t).split(' ').map(escaped);
    return `${words.join('[^\\p{L}\\p{N}\\p{M}]+')}${prefix ? '' : '(?![\\p{L}\\p{N}\\p{M}])'}`;
  });
  return alts.length ? new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])(?:${alts.join('|')})`, 'gu') : null;
}

/** Ends a snippet whose text does not hold the match (it is past the stored preview). */
export const FURTHER = ' (matched further in the text)';

export interface SnippetOptions {
  /** Characters shown in all. */
  width?: number;
  /** Characters shown before the first match. */
  lead?: number;
}

interface Span {
  start: number;
  end: number;
}

/** Where `terms` match in `text` as the index matches them (case and accents folded), in `text`'s own positions. */
function matches(text: string, terms: string[]): Span[] {
  const pattern = termPattern(terms);
  if (!pattern) return [];
  // ASCII folds to itself, lower-cased, position for position.
  if (!/[^\x00-\x7f]/.test(text)) return [...text.toLowerCase().matchAll(pattern)].filter((m) => m[0].length > 0).map((m) => ({ start: m.index, end: m.index + m[0].length }));
  let folded = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; ) {
    const c = String.fromCodePoint(text.codePointAt(i)!);
    const f = fold(c);
    for (let k = 0; k < f.length; k++) at.push(i);
    folded += f;
    i += c.length;
  }
  at.push(text.length);
  const out: Span[] = [];
  for (const m of folded.matchAll(pattern)) {
    if (m[0].length === 0) continue;
    const last = at[m.index + m[0].length - 1]!;
    out.push({ start: at[m.index]!, end: last + String.fromCodePoint(text.codePointAt(last)!).length });
  }
  return out;
}

/** A short window of `text` around the first query term, terms marked with « » (brackets would read
 * as redaction markers; the text's own guillemets read as plain quotes, so only terms are marked),
 * terminal colours left out as the index leaves them out. A term found only
 * in a redaction marker's words (`REDACTED`, `github`) places the window there, unmarked; a
 * window never cuts a marker. When no term is in `text` (an event's preview: the match is further
 * in its whole text), its start, saying so. */
export function makeSnippet(raw: string, terms: string[], { width = 160, lead = Math.floor(width / 3) }: SnippetOptions = {}): string {
  const text = unstyled(raw).replace(/[«»]/g, '"');
  const markers: Span[] = [...text.matchAll(MARKER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const inMarker = (s: Span): Span | undefined => markers.find((k) => s.start < k.end && s.end > k.start);
  const found = matches(text, terms);
  const marked = found.filter((s) => !inMarker(s));
  const first = marked[0] ?? found[0];
  const at = first ? (inMarker(first)?.start ?? first.start) : -1;
  let start = Math.max(0, at < 0 ? 0 : at - lead);
  start = inMarker({ start, end: start + 1 })?.start ?? start;
  let end = Math.min(text.length, start + width);
  end = inMarker({ start: end - 1, end })?.end ?? end;
  let window = '';
  let pos = start;
  for (const s of marked) {
    if (s.start < start || s.end > end) continue;
    window += `${text.slice(pos, s.start)}«${text.slice(s.start, s.end)}»`;
    pos = s.end;
  }
  window += text.slice(pos, end);
  const further = at < 0 && terms.length > 0 ? FURTHER : '';
  return `${start > 0 ? '…' : ''}${window.replace(/\s+/g, ' ')}${end < text.length || further ? '…' : ''}${further}`;
}
