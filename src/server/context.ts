// What a route handler gets, and the route table entry shape.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../core/config.ts';
import type { Store } from '../store/store.ts';
import type { SecurityOptions } from './guard.ts';
import type { Memo } from './memo.ts';

export interface RequestContext {
  store: Store;
  config: Config;
  security: SecurityOptions;
  req: IncomingMessage;
  res: ServerResponse;
  /** Decoded path parameters (`:id`). */
  params: Record<string, string>;
  /** Decoded query parameters, not yet validated: each route validates with its schema. */
  query: Record<string, string>;
  /** The JSON request body, size-limited and parsed (a 400/413/415 otherwise). */
  body(): Promise<unknown>;
  /** `compute()`, or its result from an earlier request if the store has not changed since. */
  memo: Memo;
}

/** Returns the JSON body of a 200, or undefined after writing the response itself. */
export type Handler = (c: RequestContext) => unknown;

export interface Route {
  method: 'GET' | 'POST';
  /** `/api/sessions/:id` style; a `:name` segment matches one non-empty segment. */
  path: string;
  handler: Handler;
}
