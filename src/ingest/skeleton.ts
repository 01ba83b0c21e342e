// The skeleton of an oversized line: the same JSON with every long string cut short, built
// part by part as the line streams past (it is never whole in memory). The import indexes the
// line by its skeleton, so the tool call, usage, error flag and ids it carries still count; the
// line itself is kept whole, sealed in parts, and `show` prints it.

/** Characters kept of each string (about: a cut never splits a character or an escape). */
export const SKELETON_STRING_MAX = 16 * 1024;
/** A skeleton larger than this (a line of very many short values) is not kept: a stub instead. */
export const SKELETON_MAX = 4 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CUT = Buffer.from(' […cut: oversized line…]');

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
  private overflow = false;

  add(chunk: Uint8Array): void {
    if (this.overflow) return;
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (!this.inString) {
        if (b === QUOTE) {
          this.inString = true;
          this.kept = 0;
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
        this.escaped = true;
        if (!this.skipping) this.kept++;
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
      // Cut at the first byte that starts a character (not a UTF-8 continuation byte).
      if (this.kept >= SKELETON_STRING_MAX && (b & 0xc0) !== 0x80) {
        this.push(chunk.subarray(from, i));
        this.skipping = true;
        continue;
      }
      this.kept++;
    }
    if (!this.skipping) this.push(chunk.subarray(from));
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

  /** The skeleton as a JSON object, or undefined (too large, or the line is no JSON object). */
  finish(): Record<string, unknown> | undefined {
    if (this.overflow) return undefined;
    try {
      const v: unknown = JSON.parse(Buffer.concat(this.parts).toString('utf8'));
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
}
