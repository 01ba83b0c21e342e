// Shortening text that is shown: always redact the WHOLE text first, then cut. Cutting first can
// remove the context a rule needs (a URL's `@host`, the closing quote of a value), and the
// secret's head then passes the redactor as plain text.
import { redactText } from './redact.ts';

const MARKER = '[REDACTED:';

/** Cut (already redacted) text to at most `max` characters without splitting a
 * `[REDACTED:kind]` marker or a surrogate pair: a marker the cut would split is left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max);
  const open = cut.lastIndexOf('[');
  if (open >= 0 && cut.indexOf(']', open) < 0 && text.startsWith(MARKER, open)) cut = cut.slice(0, open).trimEnd();
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** `clip`, with `…` in place of its last character when it cuts. */
export function ellipsis(text: string, max: number): string {
  return text.length <= max ? text : `${clip(text, max - 1)}…`;
}

/** User- or transcript-provided text for an error or output message: redacted whole, then
 * shortened to `max` characters (marker-safe, `…` when cut) and quoted as a JSON string. */
export function quoteRedacted(text: string, max: number): string {
  const red = redactText(text);
  const cut = clip(red, max);
  return JSON.stringify(cut.length < red.length ? `${cut}…` : cut);
}
