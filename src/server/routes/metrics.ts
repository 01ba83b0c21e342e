// GET /api/session-metrics: one session's token usage per LLM call, its tools and the files its
// calls named (sessionId), or per day, model and provider across sessions (since / until / provider).
import { z } from 'zod';
import { PROVIDERS } from '../../core/types.ts';
import { mergedSeries, sessionFiles, sessionTools, sessionUsage, usageByDay } from '../../store/metrics.ts';
import type { Route } from '../context.ts';
import { ServerError } from '../errors.ts';
import { sinceDate, text, untilDate, validate } from '../query.ts';

export const MetricsQuery = z.strictObject({
  sessionId: text(400).optional(),
  since: sinceDate().optional(),
  until: untilDate().optional(),
  provider: z.enum(PROVIDERS).optional(),
});
export type MetricsQuery = z.infer<typeof MetricsQuery>;

export const metricsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/session-metrics',
    handler: (c) => {
      const { sessionId, ...filter } = validate(MetricsQuery, c.query);
      // A scan of every usage row (~200 ms at 1M events), the same until the next import.
      if (sessionId === undefined) return { byDay: c.memo(`byDay ${JSON.stringify(filter)}`, () => usageByDay(c.store, filter)) };
      if (filter.since || filter.until || filter.provider) {
        throw new ServerError('INVALID_REQUEST', 'sessionId cannot be combined with since, until or provider.', {
          hint: 'Ask for one session, or for the per-day totals with filters.',
        });
      }
      const { files, total } = sessionFiles(c.store, sessionId);
      return { sessionId, series: mergedSeries(sessionUsage(c.store, sessionId)), tools: sessionTools(c.store, sessionId), files, filesTotal: total };
    },
  },
];
