// The TS-era rollout document's parts as they are written, found without building them: for an
// item nested deeper than JSON.stringify can go (it recurses; JSON.parse does not).

/** The text of the document's `session` value and of each `items` element, each on one line
 * (a JSON text holds line breaks only between tokens); undefined when the shape is not found. */
export function documentSpans(text: string): { session: string | undefined; items: string[] } | undefined {
  let i = blank(text, 0);
  if (text[i] !== '{') return undefined;
  let session: string | undefined;
  let items: string[] | undefined;
  i = blank(text, i + 1);
  while (text[i] === '"') {
    const keyEnd = skipValue(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = blank(text, keyEnd);
    if (text[i] !== ':') return undefined;
    const start = blank(text, i + 1);
    if (key === 'items' && text[start] === '[') {
      items = [];
      let j = blank(text, start + 1);
      while (j < text.length && text[j] !== ']') {
        const end = skipValue(text, j);
        items.push(oneLine(text.slice(j, end)));
        j = blank(text, end);
        if (text[j] === ',') j = blank(text, j + 1);
        else if (text[j] !== ']') return undefined;
      }
      i = j + 1;
    } else {
      i = skipValue(text, start);
      if (key === 'session' && text[start] === '{') session = oneLine(text.slice(start, i));
    }
    i = blank(text, i);
    if (text[i] === ',') i = blank(text, i + 1);
  }
  return items ? { session, items } : undefined;
}

const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

function blank(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** The end of the value starting at `i` (a string, an object or array at any depth, or a scalar). */
function skipValue(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth === 0) return i + 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && (c === ',' || c === ' ' || c === '\n' || c === '\r' || c === '\t')) return i;
  }
  return i;
}
