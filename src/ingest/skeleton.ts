// The skeleton of an oversized line: the same JSON with every long string cut short, built
// part by part as the line streams past (it is never whole in memory). The import indexes the
// line by its skeleton, so the tool call, usage, error flag and ids it carries still count; the
// line itself is kept whole, sealed in parts, and `show` prints it.
import { withoutBom } from '../sources/json.ts';
import { DENSE_MAX } from './lines.ts';

/** Bytes kept of each string, about: a cut never splits a character, an escape or a word. */
export const SKELETON_STRING_MAX = 16 * 1024;
/** A skeleton larger than this (a line of very many short values), or with more objects and arrays than DENSE_MAX,
 * is not kept: a stub instead. */
export const SKELETON_MAX = 4 << 20;
/** Nor one nested deeper than this: JSON.stringify of it would overflow the stack (as deep as
 * any value asText shows). */
const SKELETON_DEPTH_MAX = 256;
/** Members of an object or array kept, at most: the rest are left out (a dense line of very many small values keeps its
 * structure, and with it its tool call and usage, in a small skeleton). */
export const SKELETON_MEMBERS_MAX = 1000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CUT = Buffer.from(' […cut: oversized line…]');
/** Bytes that end a word in JSON string text: space, tab, comma, semicolon, brackets, quotes. */
const SEPARATOR = new Set([0x20, 0x09, 0x2c, 0x3b, 0x28, 0x29, 0x5b, 0x5d, 0x7b, 0x7d, 0x3c, 0x3e, 0x27, 0x60]);

export class SkeletonBuilder {
  private readonly parts: Buffer[] = [];
  private size = 0;
  private inString = false;
  /** Bytes of the current string copied so far. */
  private kept = 0;
  /** Inside the current string, past its kept part: bytes are skipped up to its closing quote. */
  private skipping = false;
  /** The previous byte in a string was an unescaped backslash. */
  private escaped = false;
  /** Bytes of a \uXXXX escape still to come (kept together with it). */
  private hexLeft = 0;
  /** Bytes kept since the last separator in the current string: the word a cut would split. */
  private word = 0;
  private overflow = false;
  /** Nesting of objects and arrays outside strings, to tell a whole JSON value from a cut one. */
  private depth = 0;
  private maxDepth = 0;
  /** Objects and arrays opened (and kept): past DENSE_MAX the skeleton is too dense to parse whole (a stub instead). */
  private containers = 0;
  /** Members seen so far of the open object or array at each depth. */
  private members: number[] = [];
  /** The depth whose remaining members are being left out (0: none). */
  private dropping = 0;
  private opened = false;
  private closed = false;
  private trailing = false;

  add(chunk: Uint8Array): void {
    // Past SKELETON_MAX nothing more is kept (push), but the line is still followed to its end,
    // so `complete` holds whatever the size.
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (this.dropping > 0 && this.inString) {
        // Inside a string of a member left out: followed to its end, nothing kept.
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) this.inString = false;
        continue;
      }
      if (!this.inString) {
        if (this.closed) {
          if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) this.trailing = true;
          continue;
        }
        if (b === 0x7b || b === 0x5b) {
          if (++this.depth > this.maxDepth) this.maxDepth = this.depth;
          if (this.dropping === 0) {
            if (++this.containers > DENSE_MAX && !this.overflow) {
              this.overflow = true;
              this.parts.length = 0;
            }
            if (this.depth <= SKELETON_DEPTH_MAX) this.members[this.depth] = 0;
          }
          this.opened = true;
        } else if (b === 0x7d || b === 0x5d) {
          if (this.dropping === this.depth) {
            // The end of the object or array whose last members were left out: kept from its closing bracket on.
            this.dropping = 0;
            from = i;
          }
          if (--this.depth === 0) this.closed = true;
        } else if (b === 0x2c && this.dropping === 0 && this.depth <= SKELETON_DEPTH_MAX && ++this.members[this.depth]! >= SKELETON_MEMBERS_MAX) {
          // Past the members kept: this comma and everything up to the closing bracket are left out.
          this.push(chunk.subarray(from, i));
          this.dropping = this.depth;
        }
        if (this.dropping > 0) {
          if (b === QUOTE) this.inString = true;
          continue;
        }
        if (b === QUOTE) {
          this.inString = true;
          this.kept = 0;
          this.word = 0;
          this.skipping = false;
        }
        continue;
      }
      if (this.escaped) {
        this.escaped = false;
        if (b === 0x75) this.hexLeft = 4;
        if (!this.skipping) this.kept++;
        continue;
      }
      if (this.hexLeft > 0) {
        this.hexLeft--;
        if (!this.skipping) this.kept++;
        continue;
      }
      if (b === BACKSLASH) {
        // An escape (\n, \", \u…) separates words; a string of escapes only is cut before one.
        if (!this.skipping && this.kept >= SKELETON_STRING_MAX) this.cut(chunk, from, i);
        this.escaped = true;
        if (!this.skipping) {
          this.kept++;
          this.word = 0;
        }
        continue;
      }
      if (b === QUOTE) {
        this.inString = false;
        if (this.skipping) {
          // The string's end: the marker, then its closing quote (copied from here on).
          this.push(CUT);
          from = i;
          this.skipping = false;
        }
        continue;
      }
      if (this.skipping) continue;
      // Cut at the first byte that starts a character (not a UTF-8 continuation byte), and
      // drop the word it would split: the redactor, which reads the skeleton, could not tell a
      // secret's first half from text (the cut text ends at a space, comma, bracket or escape).
      if (this.kept >= SKELETON_STRING_MAX && (b & 0xc0) !== 0x80) {
        this.cut(chunk, from, i);
        continue;
      }
      this.kept++;
      this.word = SEPARATOR.has(b) ? 0 : this.word + 1;
    }
    if (!this.skipping && this.dropping === 0) this.push(chunk.subarray(from));
  }

  /** Ends the kept part of the current string before `chunk[i]`, without the word it would split. */
  private cut(chunk: Uint8Array, from: number, i: number): void {
    const keep = i - this.word;
    if (keep >= from) this.push(chunk.subarray(from, keep));
    else this.trim(from - keep);
    this.skipping = true;
  }

  /** Drops the last `n` bytes pushed (the start of a word a cut splits, read in an earlier chunk). */
  private trim(n: number): void {
    while (n > 0 && this.parts.length > 0) {
      const last = this.parts[this.parts.length - 1]!;
      const d = Math.min(n, last.length);
      if (d === last.length) this.parts.pop();
      else this.parts[this.parts.length - 1] = last.subarray(0, last.length - d);
      this.size -= d;
      n -= d;
    }
  }

  private push(b: Uint8Array): void {
    if (this.overflow || b.length === 0) return;
    this.size += b.length;
    if (this.size > SKELETON_MAX) {
      this.overflow = true;
      this.parts.length = 0;
      return;
    }
    this.parts.push(Buffer.from(b));
  }

  /** The bytes so far are one whole JSON object or array and nothing after it but blanks (a
   * line complete although no newline ends it yet). Judged whatever the skeleton's size. */
  get complete(): boolean {
    return this.opened && this.closed && !this.trailing;
  }

  /** The skeleton as a JSON object, or undefined (too large, or the line is no JSON object). */
  finish(): Record<string, unknown> | undefined {
    if (this.overflow || this.maxDepth > SKELETON_DEPTH_MAX) return undefined;
    try {
      const v: unknown = JSON.parse(withoutBom(Buffer.concat(this.parts).toString('utf8')));
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
}
