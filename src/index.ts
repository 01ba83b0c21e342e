// Library API of tracebase-local. Everything here is typed and documented in README.md.
export { resolveConfig, type Config } from './core/config.ts';
export { TracebaseError, type ErrorCode, ERROR_CODES } from './core/errors.ts';
export * from './core/types.ts';
export { sumUsage, addTokens, tokenTotal } from './core/tokens.ts';
export { redactText, redactTextCounted } from './redact/redact.ts';
export { initStore, openStore, type Store } from './store/store.ts';
export { importAll, importFiles, findFiles, type ImportOptions, type ImportReport } from './ingest/import.ts';
export { importFile, type FileReport } from './ingest/import-file.ts';
export { importFilesParallel } from './ingest/parallel.ts';
export { rebuildIndex } from './ingest/rebuild.ts';
export { purgeSession } from './store/purge.ts';
export {
  listSessions, getSession, searchEvents, sessionEvents, recentEvents, findEvent,
  type SessionSummary, type EventOut, type SearchFilter, type SessionFilter,
} from './store/queries.ts';
export { storeStats, fileHealth, checkIntegrity } from './store/stats.ts';
export { SOURCES, adapterFor } from './sources/index.ts';
export { codexAdapter } from './sources/codex/index.ts';
export { claudeAdapter } from './sources/claude/index.ts';
export type { SourceAdapter, SourceParser } from './sources/types.ts';
export { main as runCli } from './cli/main.ts';
export { createServer, ServerError, type ServerContext, type ServerOptions, type TracebaseServer } from './server/index.ts';
