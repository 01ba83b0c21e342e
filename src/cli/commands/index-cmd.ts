import { rebuildIndex } from '../../ingest/rebuild.ts';
import type { Command } from '../context.ts';
import { fmtInt, printJson, progress } from '../output.ts';
import { jsonOpt, withStore } from './shared.ts';

export const indexCmd: Command = {
  name: 'index',
  summary: 'Delete and rebuild the search index from the encrypted raw store',
  options: { ...jsonOpt },
  run(ctx, opts) {
    return withStore(ctx, (store) => {
      const p = progress(ctx);
      const t0 = performance.now();
      const r = rebuildIndex(store, (done, total) => p.update(`rebuilding index: ${done}/${total} segments`));
      p.done();
      if (opts['json']) return printJson(ctx.stdout, { ...r, durationMs: Math.round(performance.now() - t0) });
      ctx.stdout.write(
        `Rebuilt the index from ${fmtInt(r.segments)} sealed segments: ${fmtInt(r.lines)} lines, ${fmtInt(r.events)} events, ${fmtInt(r.sessions)} sessions in ${((performance.now() - t0) / 1000).toFixed(2)} s.\n`,
      );
      if (r.damaged) {
        ctx.stderr.write(`${r.damaged} segment(s) failed their integrity check and were skipped; run \`tracebase doctor\`. Their lines are missing from the index until the store is restored from a backup, or the transcripts are imported into a new store.\n`);
        return 1;
      }
    });
  },
};
