import { rebuildIndex } from '../../ingest/rebuild.ts';
import { isDamaged, salvageRaw } from '../../store/salvage.ts';
import type { CliContext, Command } from '../context.ts';
import { fmtInt, printJson, progress } from '../output.ts';
import { jsonOpt, withStore } from './shared.ts';

export const indexCmd: Command = {
  name: 'index',
  summary: 'Delete and rebuild the search index from the encrypted raw store',
  options: { ...jsonOpt },
  run(ctx, opts) {
    try {
      return rebuild(ctx, opts);
    } catch (e) {
      if (!isDamaged(e)) throw e;
      // The index tables cannot even be dropped: rebuild in a new file from the raw records.
      const kept = salvageRaw(ctx.config);
      ctx.stderr.write(`The index was damaged; the encrypted records were copied into a new store.db (the damaged file is kept as ${kept}).\n`);
      return rebuild(ctx, opts);
    }
  },
};

function rebuild(ctx: CliContext, opts: Record<string, unknown>): number | undefined {
  return withStore(ctx, (store) => {
    const p = progress(ctx);
    const t0 = performance.now();
    const r = rebuildIndex(store, (done, total) => p.update(`rebuilding index: ${done}/${total} segments`));
    p.done();
    if (opts['json']) {
      printJson(ctx.stdout, { ...r, durationMs: Math.round(performance.now() - t0) });
      return r.damaged ? 1 : 0;
    }
    ctx.stdout.write(
      `Rebuilt the index from ${fmtInt(r.segments)} sealed segments: ${fmtInt(r.lines)} lines, ${fmtInt(r.events)} events, ${fmtInt(r.sessions)} sessions in ${((performance.now() - t0) / 1000).toFixed(2)} s.\n`,
    );
    if (r.damaged) {
      ctx.stderr.write(`${r.damaged} segment(s) failed their integrity check and were skipped; run \`tracebase doctor\`. Their lines are missing from the index until the store is restored from a backup, or the transcripts are imported into a new store.\n`);
      return 1;
    }
    return 0;
  });
}
