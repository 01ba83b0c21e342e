// Public surface of the redaction stage (redactText is part of the library API, SPEC §6/§13).
export { REDACTION_RULES, SECRET_KINDS, SECRET_PATTERNS, type SecretKind, type SecretPattern, type Trigger } from './patterns.ts';
export { mergeCounts, type RedactionCounts, redactionMarker, redactJsonValue, redactText, redactTextCounted } from './redact.ts';
