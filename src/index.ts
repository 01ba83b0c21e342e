// Library API of tracebase-local. Everything here is typed and documented in README.md.
export { resolveConfig, traceKey, type Config } from './core/config.ts';
export { TracebaseError, type ErrorCode, ERROR_CODES } from './core/errors.ts';
export * from './core/types.ts';
export { sumUsage, addTokens, tokenTotal } from './core/tokens.ts';
export { redactText, redactTextCounted } from './redact/redact.ts';
export { initStore, openStore, type InitResult, type OpenOptions, type Store } from './store/store.ts';
export { importAll, importFiles, findFiles, type ImportOptions, type ImportReport, type ImportTotals } from './ingest/import.ts';
export type { FoundFile, UnreadableDir } from './ingest/discover.ts';
export { importFile, type FileReport, type ImportFileOptions } from './ingest/import-file.ts';
export { importFilesParallel } from './ingest/parallel.ts';
export { rebuildIndex, type RebuildOptions, type RebuildReport } from './ingest/rebuild.ts';
export { purgeSession, type PurgeReport } from './store/purge.ts';
export {
  listSessions, iterateSessions, getSession, resolveSessionId, searchEvents, sessionEvents, recentEvents, findEvent, parseEventId,
  type SessionSummary, type EventOut, type SearchFilter, type SessionFilter,
} from './store/queries.ts';
export type { SessionMatch } from './core/views.ts';
export { storeStats, fileHealth, checkIntegrity, type FileHealth, type IntegrityReport, type StoreStats } from './store/stats.ts';
export { SOURCES, adapterFor } from './sources/index.ts';
export { codexAdapter } from './sources/codex/index.ts';
export { claudeAdapter } from './sources/claude/index.ts';
export type { SourceAdapter, SourceParser } from './sources/types.ts';
export { main as runCli } from './cli/main.ts';
export { createServer, ServerError, SERVER_ERROR_CODES, type ServerContext, type ServerErrorCode, type ServerOptions, type TracebaseServer } from './server/index.ts';
