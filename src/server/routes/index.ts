// The route table: one module per resource, one line each here.
import type { Route } from '../context.ts';
import { eventRoutes } from './events.ts';
import { healthRoutes } from './health.ts';
import { metricsRoutes } from './metrics.ts';
import { pendingRoutes } from './pending.ts';
import { sessionRoutes } from './sessions.ts';

export const ROUTES: readonly Route[] = [...healthRoutes, ...sessionRoutes, ...eventRoutes, ...metricsRoutes, ...pendingRoutes];
