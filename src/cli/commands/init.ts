import { initStore } from '../../store/store.ts';
import type { Command } from '../context.ts';
import { printJson, shown, shownJson, shownPath } from '../output.ts';
import { jsonOpt } from './shared.ts';

export const init: Command = {
  name: 'init',
  summary: 'Create the encrypted store ($TRACE_HOME, default ~/.traces) and its key',
  options: { ...jsonOpt },
  run(ctx, opts) {
    const r = initStore(ctx.config);
    if (opts['json']) return printJson(ctx.stdout, shownJson({ home: ctx.config.home, ...r }));
    if (!r.created) {
      ctx.stdout.write(`Store already initialized at ${shownPath(ctx.config.home)} (key checked: it matches).\n`);
      return;
    }
    ctx.stdout.write(`Created store at ${shownPath(ctx.config.home)}\n`);
    if (r.movedAside?.length) {
      ctx.stderr.write(
        `note: moved aside ${r.movedAside.map(shown).join(' and ')}: the journal of a store.db that is no longer there (it would have damaged the new one). Delete them once you no longer need that store.\n`,
      );
    }
    ctx.stdout.write(
      r.keySource === 'TRACE_KEY'
        ? 'Key: from TRACE_KEY (not written to disk). Keep it: without it the store cannot be read.\n'
        : `Key: ${shown(r.keyFile ?? '')} (mode 0600). Back it up: without it the store cannot be read.\n`,
    );
    ctx.stdout.write('Next: `tracebase import` to import your Codex and Claude Code transcripts.\n');
  },
};
