// The HTTP server and dashboard host: the factory and the types a library user needs.
export { createServer, DEFAULT_PORT, type ServerContext, type ServerOptions, type TracebaseServer } from './app.ts';
export { isLoopbackHost, type SecurityOptions } from './guard.ts';
export { ServerError, type ServerErrorCode, SERVER_ERROR_CODES } from './errors.ts';
