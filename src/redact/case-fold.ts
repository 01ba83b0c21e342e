// Case-insensitive groups spelled out. The rules are written with `(?i:…)` modifier groups, which read well, but V8 as
// shipped in Node 24 may compile a modifier group that holds alternatives with the wrong case flag (nodejs/node#60030;
// V8 "[regexp] Fix modifiers for ChoiceNodes"). It depends on the process's state: a long test run saw
// `(?i:pass(?:word|wd)?|psk|secret…)` stop matching `PASS`, and a fresh regex of the same source failed too, so a
// rule went silent in the middle of an import. Every rule's regex is therefore built from its source with each
// `(?i:…)` group rewritten (`(?i:pw)` → `(?:[pP][wW])`, `[a-f]` → `[A-Fa-f]`): the engine never sees a modifier.

const ESCAPE_CLASSES = 'dDwWsSbBnrtfv0';

const otherCase = (c: string): string => {
  const up = c.toUpperCase();
  const low = c.toLowerCase();
  const other = c === up ? low : up;
  // (Only single characters: a modifier canonicalises to upper case, one code unit for one.)
  return other.length === 1 && other !== c ? other : '';
};

const letter = (c: string): string => {
  const o = otherCase(c);
  return o === '' ? c : `[${c}${o}]`;
};

/** The escape at `i` (a backslash): its whole text. */
function escapeAt(src: string, i: number): string {
  const c = src[i + 1];
  if (c === undefined) throw new Error(`regex source ends with a backslash: ${src}`);
  if (c === 'x') return src.slice(i, i + 4);
  if (c === 'u') return src[i + 2] === '{' ? src.slice(i, src.indexOf('}', i) + 1) : src.slice(i, i + 6);
  if (c === 'c') return src.slice(i, i + 3);
  if (c === 'p' || c === 'P') return src.slice(i, src.indexOf('}', i) + 1);
  if (c === 'k') return src.slice(i, src.indexOf('>', i) + 1);
  return src.slice(i, i + 2);
}

/** A character class `[…]` at `i` and its end; folded, with the other case of its letters and letter ranges added. */
function classAt(src: string, i: number, fold: boolean): [string, number] {
  let j = i + 1;
  const negated = src[j] === '^';
  if (negated) j++;
  const bodyStart = j;
  const extra = new Set<string>();
  let prev: string | undefined;
  while (j < src.length && src[j] !== ']') {
    if (src[j] === '\\') {
      const e = escapeAt(src, j);
      // (An escaped letter that is no class escape stands for itself.)
      prev = e.length === 2 && /[A-Za-z]/.test(e[1]!) && !ESCAPE_CLASSES.includes(e[1]!) ? e[1] : undefined;
      if (prev !== undefined && fold) for (const o of otherCase(prev)) extra.add(o);
      j += e.length;
      continue;
    }
    if (src[j] === '-' && prev !== undefined && src[j + 1] !== undefined && src[j + 1] !== ']' && src[j + 1] !== '\\') {
      const lo = prev.charCodeAt(0);
      const hi = src.charCodeAt(j + 1);
      if (fold) for (let k = lo; k <= hi && k < 0x10000; k++) for (const o of otherCase(String.fromCharCode(k))) extra.add(o);
      prev = undefined;
      j += 2;
      continue;
    }
    prev = src[j];
    if (fold) for (const o of otherCase(prev!)) extra.add(o);
    j++;
  }
  if (j >= src.length) throw new Error(`unclosed character class in ${src}`);
  let body = src.slice(bodyStart, j);
  if (fold && extra.size > 0) {
    // (Added first, so no `-` of the class joins them into a range.)
    const added = [...extra].filter((c) => !body.includes(c)).join('');
    if (body.startsWith('-')) body = `\\${body}`;
    body = added + body;
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
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c === '\\') {
      const e = escapeAt(source, i);
      if (fold && e[1] === 'k') throw new Error(`a back reference inside (?i:…) cannot be spelled out: ${source}`);
      out += fold && e.length === 2 && /[A-Za-z]/.test(e[1]!) && !ESCAPE_CLASSES.includes(e[1]!) && !/[xucpPk]/.test(e[1]!) ? letter(e[1]!) : e;
      i += e.length;
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
    } else if (c === '{' && /^\{\d+(?:,\d*)?\}/.test(source.slice(i, i + 16))) {
      const q = /^\{\d+(?:,\d*)?\}/.exec(source.slice(i, i + 16))![0];
      out += q;
      i += q.length;
    } else {
      out += fold ? letter(c) : c;
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
