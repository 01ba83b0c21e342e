// The words an event is found by: its redacted text as a terminal showed it.
import { TERMINAL_STYLE_SOURCE } from '../redact/redact.ts';

// Test runners, compilers and `git` colour their output: `ESC[31mFAIL` would otherwise be
// indexed as the word `31mFAIL`, and `FAIL` never found. The redactor looks for secrets, and
// copies of them, in the text without these same sequences, so nothing they split or hide is
// whole in the index before it was whole to the redactor.
const TERMINAL_SEQUENCE = new RegExp(TERMINAL_STYLE_SOURCE, 'g');

/** `text` (already redacted) without terminal sequences, which hide the words next to them. */
export function searchableText(text: string): string {
  // Most texts have none: looked for once before the expression runs.
  if (!text.includes('\x1b') && !text.includes('u001')) return text;
  return text.replace(TERMINAL_SEQUENCE, '');
}
