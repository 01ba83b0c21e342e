import { UsageError } from '../../core/errors.ts';
import { purgeSession } from '../../store/purge.ts';
import type { Command } from '../context.ts';
import { printJson, shown, shownJson } from '../output.ts';
import { jsonOpt, withStore } from './shared.ts';

export const purge: Command = {
  name: 'purge',
  summary: 'Delete a session (with its subagents and raw records) from the store',
  options: { 'session-id': { type: 'string', description: 'The session to delete' }, ...jsonOpt },
  run(ctx, opts) {
    const id = opts['session-id'];
    if (typeof id !== 'string' || !id) throw new UsageError('purge needs --session-id ID.');
    return withStore(ctx, (store) => {
      const r = purgeSession(store, id);
      // Transcript paths are shown like transcript text: redacted (as import and doctor do).
      if (opts['json']) return printJson(ctx.stdout, shownJson(r));
      ctx.stdout.write(`Purged ${r.sessions.length} session(s) (${r.events} events, ${r.segments} sealed segments).\n`);
      if (r.files.length) {
        ctx.stdout.write(
          'The transcript file(s) are still on disk; `tracebase import` skips them from now on (`tracebase import-file` takes one back). Delete them to be rid of them:\n',
        );
        for (const f of r.files) ctx.stdout.write(`  ${shown(f)}\n`);
      }
    });
  },
};
