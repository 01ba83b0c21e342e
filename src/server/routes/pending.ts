// Endpoints the spec names whose data comes from later issues: each answers 501 with what is
// missing, after the guard (intake gate, Origin, raw-export header) and its own input checks.
import { z } from 'zod';
import { sessionSid } from '../../store/session-list.ts';
import type { Handler, Route } from '../context.ts';
import { ServerError } from '../errors.ts';
import { asksRaw, RAW_EXPORT_HEADER, rawExportHeaderRequired } from '../guard.ts';
import { validate } from '../query.ts';

const notYet = (message: string): Handler => () => {
  throw new ServerError('NOT_IMPLEMENTED', message);
};

const SPANS = 'Spans are built by the span projection (a later issue); not available yet.';
const LLMOBS = 'LLM Observability envelopes are built from the span projection (a later issue); not available yet.';
const INTAKE = 'Live intake storage (redact, encrypt, index posted data) is a later issue; the body was checked but not stored.';
const SUMMARY = 'Local session summaries (runner codex or claude) are a later issue; not available yet.';

/** Summary requests name a runner from the allowlist and nothing else: no commands, no paths. */
export const SummaryRequest = z.strictObject({ runner: z.enum(['codex', 'claude']) });

export const pendingRoutes: Route[] = [
  { method: 'GET', path: '/api/traces', handler: notYet('Traces are built by the span projection (a later issue); not available yet.') },
  { method: 'GET', path: '/api/spans', handler: notYet(SPANS) },
  { method: 'GET', path: '/api/llmobs/traces', handler: notYet(LLMOBS) },
  { method: 'GET', path: '/api/llmobs/spans', handler: notYet(LLMOBS) },
  { method: 'GET', path: '/api/trace-diff', handler: notYet('Trace diff (source transcript vs indexed rows) is a later issue; not available yet.') },
  { method: 'GET', path: '/api/run-compare', handler: notYet('Run comparison needs the scorecards of run analysis (a later issue); not available yet.') },
  { method: 'GET', path: '/api/export', handler: notYet('Session export bundles are a later issue; not available yet.') },
  {
    method: 'POST',
    path: '/api/export',
    // The body is read (JSON only, valid UTF-8, within the size limit) before the answer, as for every POST.
    handler: async (c) => {
      const body = await c.body();
      if (asksRaw((body as { raw?: unknown } | null)?.raw) && c.req.headers[RAW_EXPORT_HEADER] !== '1') throw rawExportHeaderRequired();
      throw new ServerError('NOT_IMPLEMENTED', 'Session export bundles are a later issue; not available yet.');
    },
  },
  {
    method: 'GET',
    path: '/api/summaries/session/:id',
    handler: (c) => {
      sessionSid(c.store, c.params['id']!);
      throw new ServerError('NOT_IMPLEMENTED', SUMMARY);
    },
  },
  {
    method: 'POST',
    path: '/api/summaries/session/:id',
    handler: async (c) => {
      validate(SummaryRequest, await c.body(), 'body field');
      sessionSid(c.store, c.params['id']!);
      throw new ServerError('NOT_IMPLEMENTED', SUMMARY);
    },
  },
  ...['/api/events', '/api/spans', '/api/intake'].map(
    (path): Route => ({
      method: 'POST',
      path,
      handler: async (c) => {
        await c.body();
        throw new ServerError('NOT_IMPLEMENTED', INTAKE);
      },
    }),
  ),
];
