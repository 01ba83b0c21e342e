// Case-insensitive groups spelled out. The rules are written with `(?i:…)` modifier groups, which read well, but V8 as
// shipped in Node 24 may compile a modifier group that holds alternatives with the wrong case flag (nodejs/node#60030;
// V8 "[regexp] Fix modifiers for ChoiceNodes"). It depends on the process's state: a long test run saw
// `(?i:pass(?:word|wd)?|psk|secret…)` stop matching `PASS`, and a fresh regex of the same source failed too, so a
// rule went silent in the middle of an import. Every rule's regex is therefore built from its source with each
// `(?i:…)` group rewritten (`(?i:pw)` → `(?:[pP][wW])`, `[a-f]` → `[A-Fa-f]`): the engine never sees a modifier.
//
// What counts as the same letter is what a regex without the `u` flag ignores case by (ECMA-262 Canonicalize): the
// upper case of a character when it is one character, and never an ASCII one for a character beyond ASCII
// (`ſ` is not `s`; `ς`, `σ` and `Σ` are one letter).

/** The character a case-ignoring regex (no `u` flag) compares `c` by. */
function canonical(c: string): string {
  const up = c.toUpperCase();
  if (up.length !== 1) return c;
  return c.charCodeAt(0) >= 128 && up.charCodeAt(0) < 128 ? c : up;
}

/** Characters beyond ASCII by their canonical character (built on first need: ~10 ms). */
let wideGroups: Map<string, string[]> | undefined;

/** Every character a case-ignoring regex takes for `c`, `c` included. */
function members(c: string): string[] {
  const code = c.charCodeAt(0);
  if (code < 128) {
    const low = c.toLowerCase();
    const up = c.toUpperCase();
    return low === up ? [c] : [low, up];
  }
  // (A character without case, `：` or `—`, is itself alone: no table needed.)
  if (c.toUpperCase() === c && c.toLowerCase() === c) return [c];
  if (!wideGroups) {
    wideGroups = new Map();
    for (let i = 128; i < 0x10000; i++) {
      if (i >= 0xd800 && i < 0xe000) continue;
      const d = String.fromCharCode(i);
      const k = canonical(d);
      if (k === d && d.toLowerCase() === d) continue;
      const g = wideGroups.get(k);
      if (g) g.push(d);
      else wideGroups.set(k, [d]);
    }
  }
  const g = wideGroups.get(canonical(c));
  return g?.includes(c) ? g : [c];
}

/** `c` as a character class item: itself when it is a letter or digit, else a `\uHHHH` escape. */
const classItem = (c: string): string => (/^[A-Za-z0-9]$/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

interface Escape {
  text: string;
  /** The one character it stands for, when it stands for one (not `\d`, `\b`, `\p{…}` or a back reference). */
  char?: string;
  backReference?: boolean;
}

/** The escape at `i` (a backslash). */
function escapeAt(src: string, i: number): Escape {
  const c = src[i + 1];
  if (c === undefined) throw new Error(`regex source ends with a backslash: ${src}`);
  const hex = (from: number, n: number): string | undefined => {
    const h = src.slice(from, from + n);
    return h.length === n && /^[0-9A-Fa-f]+$/.test(h) ? h : undefined;
  };
  if (c === 'x') {
    const h = hex(i + 2, 2);
    if (h) return { text: src.slice(i, i + 4), char: String.fromCharCode(Number.parseInt(h, 16)) };
  }
  if (c === 'u') {
    const h = hex(i + 2, 4);
    if (h) return { text: src.slice(i, i + 6), char: String.fromCharCode(Number.parseInt(h, 16)) };
    // (`\\u{…}` is a code point with the `u` flag only, which no rule uses: refused rather than guessed.)
    if (src[i + 2] === '{') throw new Error(`\\u{…} needs the u flag, which case-fold does not read: ${src}`);
  }
  if (c === 'c') {
    if (/[A-Za-z]/.test(src[i + 2] ?? '')) return { text: src.slice(i, i + 3), char: String.fromCharCode(src.charCodeAt(i + 2) % 32) };
    // (Without a letter, `\c` is a backslash and a `c`: left as it is, and its case with it.)
    return { text: '\\c' };
  }
  if ((c === 'p' || c === 'P') && src[i + 2] === '{') {
    const close = src.indexOf('}', i + 3);
    if (close > 0) return { text: src.slice(i, close + 1) };
  }
  if (c === 'k' && src[i + 2] === '<') {
    const close = src.indexOf('>', i + 3);
    if (close > 0) return { text: src.slice(i, close + 1), backReference: true };
  }
  if (/[1-9]/.test(c)) return { text: `\\${/^\d+/.exec(src.slice(i + 1))![0]}`, backReference: true };
  if (c === '0') return { text: '\\0', char: '\0' };
  if ('dDwWsSbB'.includes(c)) return { text: src.slice(i, i + 2) };
  const controls: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
  // (Any other escape stands for its character: `\.`, `\-`, `\/`; also `\p`, `\k`, `\x` in forms that are no more.)
  return { text: src.slice(i, i + 2), char: controls[c] ?? c };
}

/** A character class `[…]` at `i` and the index after it; folded, with the other case of its letters and ranges added. */
function classAt(src: string, i: number, fold: boolean): [string, number] {
  let j = i + 1;
  const negated = src[j] === '^';
  if (negated) j++;
  const bodyStart = j;
  const ranges: [number, number][] = [];
  /** One item: a character (from text or an escape), or an escape standing for a set (`\d`). */
  const itemAt = (at: number): { char?: string; next: number } => {
    if (src[at] === '\\') {
      const e = escapeAt(src, at);
      if (fold && e.backReference) throw new Error(`a back reference inside (?i:…) cannot be spelled out: ${src}`);
      return { char: e.char, next: at + e.text.length };
    }
    return { char: src[at], next: at + 1 };
  };
  while (j < src.length && src[j] !== ']') {
    const lo = itemAt(j);
    if (src[lo.next] === '-' && src[lo.next + 1] !== undefined && src[lo.next + 1] !== ']' && lo.char !== undefined) {
      const hi = itemAt(lo.next + 1);
      if (hi.char !== undefined) {
        ranges.push([lo.char.charCodeAt(0), hi.char.charCodeAt(0)]);
        j = hi.next;
        continue;
      }
    }
    if (lo.char !== undefined) ranges.push([lo.char.charCodeAt(0), lo.char.charCodeAt(0)]);
    j = lo.next;
  }
  if (j >= src.length) throw new Error(`unclosed character class in ${src}`);
  let body = src.slice(bodyStart, j);
  if (fold) {
    const has = (code: number) => ranges.some(([a, b]) => code >= a && code <= b);
    const added = new Set<string>();
    for (const [a, b] of ranges) {
      for (let k = a; k <= b && k < 0x10000; k++) for (const m of members(String.fromCharCode(k))) if (!has(m.charCodeAt(0))) added.add(m);
    }
    if (added.size > 0) {
      // (Added first, so no `-` of the class joins them into a range.)
      if (body.startsWith('-')) body = `\\${body}`;
      body = [...added].map(classItem).join('') + body;
    }
  }
  return [`[${negated ? '^' : ''}${body}]`, j + 1];
}

/** `source` with every `(?i:…)` group written without the modifier, matching the same text. Throws on a modifier it cannot
 * spell out (`(?-i:…)`, `(?m:…)`, a back reference inside a folded group). */
export function withoutCaseModifiers(source: string): string {
  if (!source.includes('(?')) return source;
  let out = '';
  const folds: boolean[] = [];
  let fold = false;
  const letter = (c: string, text: string): string => {
    const m = members(c);
    return m.length > 1 ? `[${m.map(classItem).join('')}]` : text;
  };
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c === '\\') {
      const e = escapeAt(source, i);
      if (fold && e.backReference) throw new Error(`a back reference inside (?i:…) cannot be spelled out: ${source}`);
      out += fold && e.char !== undefined ? letter(e.char, e.text) : e.text;
      i += e.text.length;
    } else if (c === '[') {
      const [cls, next] = classAt(source, i, fold);
      out += cls;
      i = next;
    } else if (c === '(') {
      folds.push(fold);
      if (source.startsWith('(?i:', i)) {
        fold = true;
        out += '(?:';
        i += 4;
      } else if (/^\(\?[-imsv]+:/.test(source.slice(i, i + 8))) {
        throw new Error(`regex modifier other than (?i:…) in ${source}`);
      } else if (source.startsWith('(?<', i) && source[i + 3] !== '=' && source[i + 3] !== '!') {
        // (A group's name is no text to match.)
        const close = source.indexOf('>', i);
        out += source.slice(i, close + 1);
        i = close + 1;
      } else {
        const m = /^\((?:\?(?:<=|<!|[:=!]))?/.exec(source.slice(i, i + 4))!;
        out += m[0];
        i += m[0].length;
      }
    } else if (c === ')') {
      fold = folds.pop() ?? false;
      out += c;
      i++;
    } else if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(source.slice(i, i + 24))) {
      const q = /^\{\d+(?:,\d*)?\}/.exec(source.slice(i, i + 24))![0];
      out += q;
      i += q.length;
    } else {
      out += fold ? letter(c, c) : c;
      i++;
    }
  }
  return out;
}

/** `re` built again without modifier groups (the same regex when it has none). */
export function withoutCaseModifiersRegex(re: RegExp): RegExp {
  const source = withoutCaseModifiers(re.source);
  return source === re.source ? re : new RegExp(source, re.flags);
}
