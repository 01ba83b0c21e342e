// Characters the full-text index must not take for parts of words.

/**
 * Pictographs (emoji) and what goes with them: skin tones, flag letters, tag characters, the
 * text and emoji variation selectors and the keycap mark. SQLite's unicode61 tokenizer knows the
 * characters of Unicode 6.1: later emoji (🙂 🤔 🧪 …) read to it as letters, and the selector
 * U+FE0F as a mark, part of a word. `🧪Tests` would be one word, and `Tests` never found.
 */
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u{E0020}-\u{E007F}]|\uFE0E|\uFE0F|\u20E3/u;
const PICTOGRAPHS = new RegExp(PICTOGRAPH.source, 'gu');

/** `text` with every pictograph a blank, as the index and the queries on it read words. */
export const withoutPictographs = (text: string): string => (PICTOGRAPH.test(text) ? text.replace(PICTOGRAPHS, ' ') : text);
