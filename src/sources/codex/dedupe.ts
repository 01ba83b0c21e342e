// Codex writes user text, assistant text and reasoning summaries twice: as a response_item
// (protocol log) and as an event_msg (display log), in either order, and some files carry only
// one of the two. Rule: whichever copy arrives first is primary; the copy from the *other*
// stream whose text matches a still-unmatched one is the repeat (`duplicate: true`).
import { type CodexState, MAX_PENDING, MAX_WEB } from './state.ts';

/** user text, assistant text, reasoning summary. */
export type TextClass = 'u' | 'a' | 'r';
/** protocol log (response_item) or display log (event_msg). */
export type Stream = 'P' | 'D';

const REDACTED = /^\[REDACTED_[A-Z_]+ (len=\d+ sha=[0-9a-f]+)\]$/;

/** A sanitised publisher's stand-in for a text (`[REDACTED_TEXT len=N sha=H]`): its kind unknowable. */
export const isPlaceholder = (text: string): boolean => text.startsWith('[REDACTED_') && REDACTED.test(text.trim());

/**
 * Short fingerprint of a text for pairing. Sanitised publishers write the two copies as
 * `[REDACTED_TEXT len=N sha=H]` and `[REDACTED_MESSAGE len=N sha=H]`: compare on `len sha`.
 */
export function fingerprint(text: string): string {
  let t = text.trim();
  if (t.startsWith('[REDACTED_')) t = REDACTED.exec(t)?.[1] ?? t;
  let h = 0x811c9dc5;
  for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
  return `${t.length.toString(36)}.${(h >>> 0).toString(36)}`;
}

/**
 * Pair one item against the other stream's unmatched items. `parts` holds one candidate set per
 * piece the item stands for (a multi-part reasoning summary is several display events); the item
 * is a repeat when every piece matches a distinct unmatched item of the other stream.
 */
export function isRepeat(state: CodexState, cls: TextClass, stream: Stream, parts: string[][]): boolean {
  if (parts.length === 0) return false;
  const other = state.pend[cls + (stream === 'P' ? 'D' : 'P')] ?? [];
  const hits: number[] = [];
  for (const cands of parts) {
    const i = other.findIndex((e, j) => !hits.includes(j) && e.some((fp) => cands.includes(fp)));
    if (i < 0) break;
    hits.push(i);
  }
  if (hits.length === parts.length) {
    state.pend[cls + (stream === 'P' ? 'D' : 'P')] = other.filter((_, j) => !hits.includes(j));
    return true;
  }
  const own = state.pend[cls + stream] ?? [];
  own.push(...parts);
  state.pend[cls + stream] = own.length > MAX_PENDING ? own.slice(own.length - MAX_PENDING) : own;
  return false;
}

/**
 * `web_search_call` has no call_id; its `web_search_end` has one. Pair them by query (either may
 * come first) so the result carries the call's id. Returns the partner's id when one matched.
 */
export function pairWebSearch(state: CodexState, side: 'call' | 'end', id: string, fp: string): string | undefined {
  const i = state.web.findIndex((w) => w.side !== side && (w.fp === fp || w.fp === '' || fp === ''));
  if (i >= 0) {
    const partner = state.web[i]!;
    state.web.splice(i, 1);
    return partner.id;
  }
  state.web.push({ side, id, fp });
  if (state.web.length > MAX_WEB) state.web.shift();
  return undefined;
}
