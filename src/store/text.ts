// Snippets around the words a full-text query matched, for search results and the session list.

/** The words of a query as the index tokenizes them (runs of letters and digits: `test_totals`
 * is `test` and `totals`), operators left out; `word*` is kept as a prefix. */
export function queryTerms(query: string): string[] {
  const words = query.match(/[\p{L}\p{N}\p{M}]+\*?/gu) ?? [];
  return [...new Set(words.filter((w) => !/^(AND|OR|NOT|NEAR)$/.test(w)).map((w) => w.toLowerCase()))];
}

const MARKER = /(\[REDACTED:[a-z0-9_]+\])/;

const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A term as the index matches it: a whole word (`test` is not in `pytest` or `tests`), or the
 * start of one for `word*`. */
function termPattern(terms: string[]): RegExp | null {
  const alts = terms.map((t) => (t.endsWith('*') ? escaped(t.slice(0, -1)) : `${escaped(t)}(?![\\p{L}\\p{N}\\p{M}])`));
  return alts.length ? new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])(?:${alts.join('|')})`, 'giu') : null;
}

/** Ends a snippet whose text does not hold the match (it is past the stored preview). */
export const FURTHER = ' (matched further in the text)';

export interface SnippetOptions {
  /** Characters shown in all. */
  width?: number;
  /** Characters shown before the first match. */
  lead?: number;
}

/** A short window of `text` around the first query term, terms marked with « » (brackets would read
 * as redaction markers). When no term is in `text` (an event's preview: the match is further in
 * its whole text), its start, saying so. */
export function makeSnippet(text: string, terms: string[], { width = 160, lead = Math.floor(width / 3) }: SnippetOptions = {}): string {
  const pattern = termPattern(terms);
  let at = -1;
  if (pattern) {
    // Not inside a redaction marker: `[REDACTED:github]` is no match for `github`.
    let offset = 0;
    for (const [i, part] of text.split(MARKER).entries()) {
      if (i % 2 === 0) {
        pattern.lastIndex = 0;
        const m = pattern.exec(part);
        if (m) {
          at = offset + m.index;
          break;
        }
      }
      offset += part.length;
    }
  }
  const start = Math.max(0, at < 0 ? 0 : at - lead);
  let window = text.slice(start, start + width);
  if (pattern) window = window.split(MARKER).map((part, i) => (i % 2 ? part : part.replace(pattern, (m) => `«${m}»`))).join('');
  const further = at < 0 && terms.length > 0 ? FURTHER : '';
  return `${start > 0 ? '…' : ''}${window.replace(/\s+/g, ' ')}${start + width < text.length || further ? '…' : ''}${further}`;
}
