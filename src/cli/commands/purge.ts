import { isTracebaseError, TracebaseError, UsageError } from '../../core/errors.ts';
import { quoteRedacted } from '../../redact/clip.ts';
import { purgeSession } from '../../store/purge.ts';
import { purgedAt } from '../../store/purged.ts';
import { sessionsStartingWith } from '../../store/queries.ts';
import type { Command } from '../context.ts';
import { printJson, shown, shownJson } from '../output.ts';
import { jsonOpt, withStore } from './shared.ts';

export const purge: Command = {
  name: 'purge',
  summary: 'Delete a session (with its subagents and raw records) from the store',
  options: {
    'session-id': { type: 'string', description: 'The session to delete' },
    'dry-run': { type: 'boolean', description: 'Say what would be deleted (sessions, events, files), delete nothing' },
    ...jsonOpt,
  },
  run(ctx, opts) {
    const id = opts['session-id'];
    if (typeof id !== 'string' || !id) throw new UsageError('purge needs --session-id ID.');
    return withStore(ctx, (store) => {
      let r: ReturnType<typeof purgeSession>;
      try {
        r = purgeSession(store, id, { dryRun: opts['dry-run'] === true });
      } catch (e) {
        // A short id (as `demo` shows one) is not taken for a whole one here, where a slip deletes:
        // the ids it starts are named instead.
        const ids = isTracebaseError(e) && e.code === 'SESSION_NOT_FOUND' ? sessionsStartingWith(store, id, 1000) : [];
        // Purged already (a purge run again, after one that was stopped once it had committed, say): said so.
        const before = isTracebaseError(e) && e.code === 'SESSION_NOT_FOUND' && ids.length === 0 ? purgedAt(store, id) : undefined;
        if (before !== undefined) {
          if (opts['json']) return printJson(ctx.stdout, shownJson({ sessions: [], streams: 0, segments: 0, events: 0, files: [], alreadyPurged: true, purgedAt: before }));
          ctx.stdout.write(`Session ${shown(id)} was purged already (${before}): nothing of it is left to delete.\n`);
          return;
        }
        if (ids.length === 0) throw e;
        throw new TracebaseError('SESSION_NOT_FOUND', `No session with id ${quoteRedacted(id, 100)}; it starts ${ids.length === 1 ? 'the id of' : 'the ids of'} ${ids.slice(0, 5).join(', ')}${ids.length >= 1000 ? ' and many more' : ids.length > 5 ? ` and ${ids.length - 5} more` : ''}.`, 'Give the whole id to purge.');
      }
      // Transcript paths are shown like transcript text: redacted (as import and doctor do).
      const dry = opts['dry-run'] === true;
      if (opts['json']) return printJson(ctx.stdout, shownJson(dry ? { dryRun: true, ...r } : r));
      const which = r.sessions.slice(0, 10).join(', ') + (r.sessions.length > 10 ? ` and ${r.sessions.length - 10} more` : '');
      ctx.stdout.write(`${dry ? 'Would purge' : 'Purged'} ${r.sessions.length} session(s) (${r.events} event${r.events === 1 ? '' : 's'}, ${r.segments} sealed segment${r.segments === 1 ? '' : 's'}): ${which}.\n`);
      if (dry) {
        ctx.stdout.write(`Nothing was deleted.${r.files.length ? ` Its transcript file(s): ${r.files.map(shown).join(', ')}` : ''}\n`);
        return;
      }
      if (r.files.length) {
        ctx.stdout.write(
          'The transcript file(s) are still on disk; `tracebase import` skips them from now on (`tracebase import-file` takes one back). Delete them to be rid of them:\n',
        );
        for (const f of r.files) ctx.stdout.write(`  ${shown(f)}\n`);
      }
    });
  },
};
