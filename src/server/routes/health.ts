import { z } from 'zod';
import { VERSION } from '../../core/version.ts';
import { storeCounts } from '../../store/session-list.ts';
import type { Route } from '../context.ts';
import { validate } from '../query.ts';

export const healthRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/health',
    handler: (c) => {
      validate(z.strictObject({}), c.query);
      const counts = storeCounts(c.store);
      return { ok: true, version: VERSION, ...counts, intake: c.security.allowIntake, remote: c.security.remote };
    },
  },
];
