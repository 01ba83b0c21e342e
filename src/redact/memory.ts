// What the redactor has found so far in one transcript, to find again where it stands bare: a
// key read from `.env` in one call and echoed, quoted or pasted without its name in a later one.
// Only generated-looking values (see REPEATABLE in redact.ts) are remembered, and a copy counts
// only as a whole word. Kept in the sealed checkpoint state, so an import in pieces and a
// rebuild learn the same values in the same order.

/** At most this many values are remembered per transcript (the oldest are forgotten first). */
export const MEMORY_MAX = 256;

const WORD = /[A-Za-z0-9_]+/g;

interface Entry {
  value: string;
  kind: string;
  /** Where the value's first word starts in it. */
  at: number;
}

export class SecretMemory {
  /** Entries by the value's first word (a maximal run of [A-Za-z0-9_]): a copy in a text is
   * bounded by non-word characters, so that word is a whole word of the text too. */
  private readonly byWord = new Map<string, Entry[]>();
  private readonly values = new Map<string, Entry>();
  private shortest = Number.POSITIVE_INFINITY;

  get size(): number {
    return this.values.size;
  }

  has(value: string): boolean {
    return this.values.has(value);
  }

  /** Remembers `value` (already judged worth finding again); a value seen before moves to the end. */
  add(value: string, kind: string): void {
    const old = this.values.get(value);
    if (old) {
      this.values.delete(value);
      this.values.set(value, old);
      return;
    }
    WORD.lastIndex = 0;
    const m = WORD.exec(value);
    if (!m) return;
    const e: Entry = { value, kind, at: m.index };
    this.values.set(value, e);
    const list = this.byWord.get(m[0]);
    if (list) list.push(e);
    else this.byWord.set(m[0], [e]);
    if (m[0].length < this.shortest) this.shortest = m[0].length;
    if (this.values.size > MEMORY_MAX) this.forget(this.values.keys().next().value!);
  }

  private forget(value: string): void {
    const e = this.values.get(value)!;
    this.values.delete(value);
    WORD.lastIndex = 0;
    const w = WORD.exec(value)![0];
    const list = this.byWord.get(w)!.filter((x) => x !== e);
    if (list.length) this.byWord.set(w, list);
    else this.byWord.delete(w);
  }

  /** Every whole-word copy of a remembered value in `text`, in order (the longest value wins where two start alike). */
  find(text: string): { start: number; end: number; kind: string }[] {
    const out: { start: number; end: number; kind: string }[] = [];
    if (this.values.size === 0) return out;
    const re = new RegExp(`[A-Za-z0-9_]{${Math.max(1, this.shortest)},}`, 'g');
    let lastEnd = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const list = this.byWord.get(m[0]);
      if (!list) continue;
      let best: { start: number; end: number; kind: string } | undefined;
      for (const e of list) {
        const start = m.index - e.at;
        const end = start + e.value.length;
        if (start < lastEnd || !text.startsWith(e.value, start) || /[A-Za-z0-9_]/.test(text[start - 1] ?? '') || /[A-Za-z0-9_]/.test(text[end] ?? '')) continue;
        if (!best || end > best.end) best = { start, end, kind: e.kind };
      }
      if (best) {
        out.push(best);
        lastEnd = best.end;
        if (re.lastIndex < best.end) re.lastIndex = best.end;
      }
    }
    return out;
  }

  /** Remembers everything `other` does (its values become the most recent, oldest first). */
  merge(other: SecretMemory): void {
    for (const e of other.values.values()) this.add(e.value, e.kind);
  }

  /** Oldest first, for the checkpoint state. */
  toJSON(): [string, string][] {
    return [...this.values.values()].map((e) => [e.value, e.kind]);
  }

  static from(saved: unknown): SecretMemory {
    const m = new SecretMemory();
    if (Array.isArray(saved)) for (const x of saved) if (Array.isArray(x) && typeof x[0] === 'string' && typeof x[1] === 'string') m.add(x[0], x[1]);
    return m;
  }
}
