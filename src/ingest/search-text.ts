// The words an event is found by: its redacted text as a terminal showed it.
import { unstyled } from '../redact/redact.ts';

/**
 * `text` (already redacted) without terminal sequences, which hide the words next to them:
 * test runners, compilers and `git` colour their output, and `ESC[31mFAIL` would otherwise be
 * indexed as the word `31mFAIL`, and `FAIL` never found. The redactor looks for secrets, and
 * copies of them, in the text without these same sequences, so nothing they split or hide is
 * whole in the index before it was whole to the redactor. (Emoji, which a session's title
 * keeps, are taken out as the text is written to the index: `withoutPictographs`.)
 */
export const searchableText = (text: string): string => unstyled(text);
