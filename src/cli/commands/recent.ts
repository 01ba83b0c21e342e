import { recentEvents } from '../../store/queries.ts';
import type { Command } from '../context.ts';
import { printJsonl } from '../output.ts';
import { intOpt, jsonlOpt, withStore } from './shared.ts';

export const recent: Command = {
  name: 'recent',
  summary: 'The most recent events, newest first (JSONL)',
  options: { limit: { type: 'string', description: 'How many (default 20)' }, ...jsonlOpt },
  run(ctx, opts) {
    const limit = intOpt(opts['limit'], 'limit', 1, 10_000) ?? 20;
    return withStore(ctx, (store) => printJsonl(ctx.stdout, recentEvents(store, limit, 2000)));
  },
};
