// What the redactor has found so far in one transcript, to find again where it stands bare: a
// key read from `.env` in one call and echoed, quoted or pasted without its name in a later one.
// Only generated-looking values (see REPEATABLE in redact.ts) are remembered, and a copy counts
// only as a whole word. Kept in the sealed checkpoint state, so an import in pieces and a
// rebuild learn the same values in the same order. A transcript's memory may also look through
// the store's (`shareWith`, see store/known-secrets.ts): the values every transcript taught.

/** At most this many values are remembered per transcript. Past it, the oldest value learned in
 * bulk (many under one name in one text: an access log's tokens) is forgotten first while those
 * hold more than half of the room, else the oldest value: a log read later cannot push out the
 * keys read from `.env` before it. */
export const MEMORY_MAX = 256;

/** More values than this under one name in one text are held in bulk. */
export const BULK = 8;

const WORD = /[A-Za-z0-9_]+/g;
/** An escape ending just before a copy (`\\n`, `\\u003e`, `\\x3d`): no part of the word it seems to start. */
const ESCAPE_END = /\\(?:[bfnrt]|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2})$/;

interface Entry {
  /** The value as learned. */
  value: string;
  /** This form of it (the value, or the value as URL-encoding, JSON or HTML writes it). */
  form: string;
  kind: string;
  /** Where the form's anchor, its longest word (the first of the longest), starts in it. */
  at: number;
}

interface Learned {
  kind: string;
  bulk: boolean;
  forms: Entry[];
}

const hex = (c: string, digits = 2): string => c.charCodeAt(0).toString(16).padStart(digits, '0');

/** A hex value long enough to be a key or a token, with letters (a case to change). */
const HEX_VALUE = /^(?=[0-9]*[a-fA-F])[0-9a-fA-F]{16,}$/;

/** The ways a copy of `value` may be written where its punctuation is encoded: a query string
 * (`%2F`), JSON (`\/`, `\u002f`), HTML (`&#x2F;`, `&#47;`). Letters and digits stay as they are, but for hex. */
export function encodedForms(value: string): string[] {
  // Hex is read in either case (`xxd -u`, a checksum tool's upper-case output): a hex value in the other case too.
  if (HEX_VALUE.test(value)) return [...new Set([value, value.toLowerCase(), value.toUpperCase()])];
  // (A value starting with punctuation keeps its one form: `&#47;…` would make `47` a word to look up.)
  if (!/[^A-Za-z0-9_]/.test(value) || !/^[A-Za-z0-9_]/.test(value)) return [value];
  const each = (f: (c: string) => string) => value.replace(/[^A-Za-z0-9_]/g, f);
  const url = each((c) => (/[-.~]/.test(c) ? c : `%${hex(c).toUpperCase()}`));
  return [
    ...new Set([
      value,
      url,
      each((c) => (/[-.~]/.test(c) ? c : `%${hex(c)}`)),
      value.replace(/\//g, '\\/'),
      each((c) => `\\u${hex(c, 4)}`),
      each((c) => `\\u${hex(c, 4).toUpperCase()}`),
      each((c) => `&#x${hex(c).toUpperCase()};`),
      each((c) => `&#x${hex(c)};`),
      each((c) => `&#${c.charCodeAt(0)};`),
    ]),
  ];
}

/** Up to this many anchor words, copies are looked up with indexOf (see `find`). */
const FEW_ANCHORS = 64;

/** At most this many values are remembered store-wide (see store/known-secrets.ts). */
export const STORE_MEMORY_MAX = 4096;

export class SecretMemory {
  /** Entries by their form's anchor, its longest word (a maximal run of [A-Za-z0-9_]): a copy in a
   * text is bounded by non-word characters, so that word is a whole word of the text too. Only words
   * as long as the shortest anchor are looked up: a long one lets a text's short words pass unread. */
  private readonly byWord = new Map<string, Entry[]>();
  /** Oldest first. */
  private readonly values = new Map<string, Learned>();
  /** The values learned in bulk, oldest first. */
  private readonly bulk = new Set<string>();
  /** Each encoded form of a remembered value, to that value. */
  private readonly formOf = new Map<string, string>();
  private shortest = Number.POSITIVE_INFINITY;
  /** Values learned since `takeLearned` was last called (the index redacts earlier copies of them). */
  private learned: [string, string][] = [];
  /** Taking in another memory's values (`merge`): they were learned where that one learned them. */
  private merging = false;
  /** The store's memory, looked through too (never written to by this one, nor saved with it). */
  private shared: SecretMemory | undefined;

  /** Values held at most. */
  private readonly max: number;

  constructor(max = MEMORY_MAX) {
    this.max = max;
  }

  /** How many values a copy of is found: this memory's and the store's it looks through. */
  get size(): number {
    return this.values.size + (this.shared?.values.size ?? 0);
  }

  /** Whether `value` is remembered (here or in the store's memory), as it is or as one of its encoded forms. */
  has(value: string): boolean {
    return this.values.has(this.formOf.get(value) ?? value) || (this.shared?.has(value) ?? false);
  }

  /** Looks through `store` too from now on: its values are found as this memory's are. (A value it
   * holds is still learned here when this transcript shows it: its earlier copies here are chased.) */
  shareWith(store: SecretMemory | undefined): this {
    this.shared = store;
    return this;
  }

  /** The store's memory this one looks through, if any. */
  get store(): SecretMemory | undefined {
    return this.shared;
  }

  /** Remembers `value` (already judged worth finding again; an encoded form of a remembered value
   * is that value); a value seen before moves to the end, and is no longer one learned in bulk
   * once seen outside a bulk (a value learned alone stays so). */
  add(given: string, kind: string, bulk = false): void {
    const value = this.formOf.get(given) ?? given;
    const old = this.values.get(value);
    if (old) {
      this.values.delete(value);
      this.values.set(value, old);
      if (old.bulk && !bulk) {
        old.bulk = false;
        this.bulk.delete(value);
        // (Seen alone now: chased from here on, as a value first learned alone is.)
        if (!this.merging) this.learned.push([value, old.kind]);
      } else if (old.bulk) {
        this.bulk.delete(value);
        this.bulk.add(value);
      }
      return;
    }
    const forms: Entry[] = [];
    for (const form of encodedForms(value)) {
      let m: RegExpExecArray | undefined;
      WORD.lastIndex = 0;
      for (let w = WORD.exec(form); w !== null; w = WORD.exec(form)) if (!m || w[0].length > m[0].length) m = w;
      if (!m) continue;
      const e: Entry = { value, form, kind, at: m.index };
      forms.push(e);
      if (form !== value) this.formOf.set(form, value);
      const list = this.byWord.get(m[0]);
      if (list) list.push(e);
      else this.byWord.set(m[0], [e]);
      if (m[0].length < this.shortest) this.shortest = m[0].length;
    }
    if (!forms.length) return;
    this.values.set(value, { kind, bulk, forms });
    // (A value learned in bulk, an access log's tokens, is not chased into earlier lines: a log read
    // again and again would cost a search per token each time.)
    if (!bulk && !this.merging) this.learned.push([value, kind]);
    if (bulk) this.bulk.add(value);
    if (this.values.size > this.max) this.forget(this.bulk.size > this.max / 2 ? this.bulk.values().next().value! : this.values.keys().next().value!);
  }

  private forget(value: string): void {
    const learned = this.values.get(value)!;
    // (Pushed out as soon as learned: not chased either.)
    if (this.learned.at(-1)?.[0] === value) this.learned.pop();
    this.values.delete(value);
    this.bulk.delete(value);
    for (const e of learned.forms) {
      this.formOf.delete(e.form);
      const w = e.form.slice(e.at).match(/^[A-Za-z0-9_]+/)![0];
      const list = this.byWord.get(w)!.filter((x) => x !== e);
      if (list.length) this.byWord.set(w, list);
      else this.byWord.delete(w);
    }
  }

  /** Every whole-word copy of a remembered value in `text`, in order: where copies overlap, the one
   * starting first, and the longest of those starting alike. */
  find(text: string): { start: number; end: number; kind: string }[] {
    const out: { start: number; end: number; kind: string }[] = [];
    if (this.size === 0) return out;
    const shared = this.shared?.values.size ? this.shared : undefined;
    const shortest = Math.min(this.values.size ? this.shortest : Number.POSITIVE_INFINITY, shared ? shared.shortest : Number.POSITIVE_INFINITY);
    const here = (w: string): Entry[] | undefined => {
      const own = this.values.size ? this.byWord.get(w) : undefined;
      const theirs = shared?.byWord.get(w);
      return own && theirs ? [...own, ...theirs] : (own ?? theirs);
    };
    const found: { start: number; end: number; kind: string }[] = [];
    // (An escape before a copy is no part of it: `…\\nVALUE` reads as the word `nVALUE`, `\\u003eVALUE` as `u003eVALUE`.)
    const escapeBefore = (i: number): number => (text[i - 1] === '\\' ? (/^(?:u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|[bfnrt])/.exec(text.slice(i, i + 5))?.[0].length ?? 0) : 0);
    /** The copies of the entries anchored on the word at `at` (`skip`: the escape before it, in the same run). */
    const consider = (at: number, skip: number, list: Entry[]): void => {
      for (const e of list) {
        const start = at - e.at;
        const end = start + e.form.length;
        if (start < 0 || !text.startsWith(e.form, start) || (/[A-Za-z0-9_]/.test(text[start - 1] ?? '') && !(start === at && skip > 0) && !ESCAPE_END.test(text.slice(Math.max(0, start - 6), start))) || /[A-Za-z0-9_]/.test(text[end] ?? '')) continue;
        found.push({ start, end, kind: e.kind });
      }
    };
    const anchors = (this.values.size ? this.byWord.size : 0) + (shared?.byWord.size ?? 0);
    if (anchors <= FEW_ANCHORS) {
      // Few anchors (a store that knows a handful of values): each looked up with indexOf, many times faster than a
      // scan of every word; a copy is found where the word is the whole run of word characters, or the run less an
      // escape before it, as the scan below finds it (each anchor is looked up on its own, so both are judged).
      const look = (w: string): void => {
        for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + 1)) {
          if (/\w/.test(text[i + w.length] ?? '')) continue;
          let skip = 0;
          if (/\w/.test(text[i - 1] ?? '')) {
            const from = [1, 3, 5].map((k) => i - k).find((s) => s > 0 && escapeBefore(s) === i - s);
            if (from === undefined) continue;
            skip = i - from;
          }
          consider(i, skip, here(w)!);
        }
      };
      if (this.values.size) for (const w of this.byWord.keys()) look(w);
      if (shared) for (const w of shared.byWord.keys()) if (!(this.values.size && this.byWord.has(w))) look(w);
    } else {
      // (`\b\w`: runs of [A-Za-z0-9_] from their start only; 2–3× faster than trying each position of a run. The run's
      // first characters only, then its end: V8 overflows its stack on `\w{n,}` over a run of millions, a base64 blob's.)
      const re = new RegExp(`\\b\\w{${Math.max(1, shortest)}}`, 'g');
      const rest = /\w*/y;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const at = m.index;
        rest.lastIndex = re.lastIndex;
        rest.exec(text);
        re.lastIndex = rest.lastIndex;
        const word = text.slice(at, rest.lastIndex);
        // (The whole run and the run less an escape before it are both judged: `\\u002fX…` may be one value's anchor and
        // `X…` another's; the overlap pass below keeps the copy that starts first.)
        const list = here(word);
        if (list) consider(at, 0, list);
        const skip = escapeBefore(at);
        if (skip > 0 && word.length > skip) {
          const l2 = here(word.slice(skip));
          if (l2) consider(at + skip, skip, l2);
        }
      }
    }
    // (Anchored on their longest words, copies are found out of order: `X.Y` after `Y`.)
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    let lastEnd = 0;
    for (const f of found) {
      if (f.start < lastEnd) continue;
      out.push(f);
      lastEnd = f.end;
    }
    return out;
  }

  /** The values first learned since the last call, in order, as `[value, kind]` (and forgets them:
   * each is taken once). */
  takeLearned(): [string, string][] {
    const taken = this.learned;
    this.learned = [];
    return taken;
  }

  /** Remembers everything `other` does (its values become the most recent, oldest first). */
  merge(other: SecretMemory): void {
    this.merging = true;
    try {
      for (const [value, l] of other.values) this.add(value, l.kind, l.bulk);
    } finally {
      this.merging = false;
    }
  }

  /** Oldest first, for the checkpoint state (`[value, kind]`, and `1` for a value learned in bulk). */
  toJSON(): ([string, string] | [string, string, 1])[] {
    return [...this.values].map(([value, l]) => (l.bulk ? [value, l.kind, 1] : [value, l.kind]));
  }

  static from(saved: unknown): SecretMemory {
    const m = new SecretMemory();
    if (Array.isArray(saved)) for (const x of saved) if (Array.isArray(x) && typeof x[0] === 'string' && typeof x[1] === 'string') m.add(x[0], x[1], x[2] === 1);
    m.learned = [];
    return m;
  }

  /** A copy that learns apart from this one (looking through the same store's memory). */
  clone(): SecretMemory {
    return SecretMemory.from(this.toJSON()).shareWith(this.shared);
  }

  /** A copy holding the values not learned in bulk (those `takeLearned` reported), looking through the same store's memory. */
  chased(): SecretMemory {
    return SecretMemory.from(this.toJSON().filter((x) => x.length === 2)).shareWith(this.shared);
  }
}
