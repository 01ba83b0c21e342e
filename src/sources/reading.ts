/**
 * The date of the last change to what the parsers read from a transcript (sessions, events,
 * pairing, exit codes, tokens, the words an event is found by; `.N` for a later change the same day). The index records the
 * reading it was built by, and `doctor` advises `tracebase index` when it is older than this.
 */
export const READING_RULES = '2026-11-27.6';
