// Helpers for presenting search results.

/** Words a full-text query looks for (operators, quotes and prefix stars removed). */
export function queryTerms(query: string): string[] {
  const words = query.match(/[\p{L}\p{N}_]+/gu) ?? [];
  return [...new Set(words.filter((w) => !/^(AND|OR|NOT|NEAR)$/.test(w)).map((w) => w.toLowerCase()))];
}

const MARKER = /(\[REDACTED:[a-z0-9_]+\])/;

/** A short window of `text` around the first query term, terms marked with « » (brackets would read
 * as redaction markers). When no term is in `text` (an event's preview: the match is further in
 * its whole text), its start, saying so. */
export function makeSnippet(text: string, terms: string[], width = 160): string {
  const lower = text.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = Math.max(0, at < 0 ? 0 : at - Math.floor(width / 3));
  let window = text.slice(start, start + width);
  for (const t of terms) {
    const term = new RegExp(t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
    // Not inside a redaction marker: `[REDACTED:aws_[secret]_access_key]` reads as two markers.
    window = window.split(MARKER).map((part, i) => (i % 2 ? part : part.replace(term, (m) => `«${m}»`))).join('');
  }
  const further = at < 0 && terms.length > 0 ? ' (matched further in the text)' : '';
  return `${start > 0 ? '…' : ''}${window.replace(/\s+/g, ' ')}${start + width < text.length || further ? '…' : ''}${further}`;
}
