import type { DatabaseSync } from 'node:sqlite';
import { TracebaseError } from '../../core/errors.ts';
import { rebuildIndex } from '../../ingest/rebuild.ts';
import { damaged, isDamaged, salvageRaw, withRepairLock } from '../../store/salvage.ts';
import { REPAIR_PENDING } from '../../store/store.ts';
import type { CliContext, Command } from '../context.ts';
import { fmtInt, printJson, progress, shown } from '../output.ts';
import { jsonOpt, withStore } from './shared.ts';

export const indexCmd: Command = {
  name: 'index',
  summary: 'Delete and rebuild the search index from the encrypted raw store',
  options: {
    force: { type: 'boolean', description: 'Rebuild even when sealed segments fail their integrity check or cannot be read (their events leave the index)' },
    ...jsonOpt,
  },
  run(ctx, opts) {
    try {
      return rebuild(ctx, opts);
    } catch (e) {
      if (!isDamaged(e)) throw e;
    }
    // Damaged where an in-place rebuild cannot help: copy the raw records into a new file.
    return withRepairLock(ctx.config, () => {
      try {
        return rebuild(ctx, opts); // another run may have repaired it meanwhile
      } catch (e) {
        if (!isDamaged(e)) throw e;
      }
      const { kept, lost, unreadable, reread } = salvageRaw(ctx.config, { force: opts['force'] === true });
      const rebuilt = lost.filter((t) => t !== 'purged' && t !== 'known_secrets');
      const names: Record<string, string> = { meta: "the store's own record (its key check, checked again against the records)", line_ids: 'line identities', sources: 'checkpoints' };
      const also =
        (rebuilt.length ? ` (${listed(rebuilt.map((t) => names[t] ?? t))} could not be read: rebuilt${rebuilt.includes('sources') ? '; the next import re-reads every transcript, skipping stored lines' : ''})` : '') +
        (lost.includes('purged') ? ' (the list of purged transcripts could not be read: the next import brings them back; purge them again)' : '') +
        (lost.includes('known_secrets') ? " (the secret values learned could not be read: the rebuild learns the stored transcripts' again, a purged session's are forgotten)" : '');
      ctx.stderr.write(`The store was damaged; its encrypted records were copied into a new store.db${also}. The damaged file is kept as ${shown(kept)}.\n`);
      if (unreadable > 0) {
        const which = reread === 'all' ? 'every transcript (skipping the lines still stored)' : reread.length === 0 ? 'their transcripts' : reread.length === 1 ? `the transcript ${shown(reread[0]!)}` : `the ${reread.length} transcripts they came from (${reread.slice(0, 3).map(shown).join(', ')}${reread.length > 3 ? ' and more' : ''})`;
        ctx.stderr.write(`${unreadable} encrypted record(s) could not be read and were left out: run \`tracebase import\` to read ${which} again from disk (a transcript deleted since is lost).\n`);
      }
      try {
        const code = rebuild(ctx, { ...opts, salvaged: true });
        // Records left out: exit 1 says so, as when --force drops a segment that fails its check.
        return unreadable > 0 ? 1 : code;
      } catch (e) {
        if (!isDamaged(e)) throw e;
        throw new TracebaseError(
          'STORE_UNREADABLE',
          `The store is still damaged after copying its records (${String((e as Error).message).split('\n')[0]}).`,
          `Restore store.db from a backup, or move it aside (with its store.db-wal and store.db-shm) and run \`tracebase init && tracebase import\` (your transcripts are untouched). The damaged file is kept as ${kept}.`,
          { cause: e },
        );
      }
    });
  },
};

function rebuild(ctx: CliContext, opts: Record<string, unknown>): number | undefined {
  return withStore(ctx, (store) => {
    const p = progress(ctx);
    const t0 = performance.now();
    // A damaged segment stops the rebuild unless forced: the index may be the only intact copy
    // of its events. After a salvage the index is new anyway: nothing is lost by going on (also
    // when this finishes a repair stopped after its copy).
    const salvaged = opts['salvaged'] === true || store.db.prepare('SELECT 1 FROM meta WHERE k = ?').get(REPAIR_PENDING) !== undefined;
    const onDamaged = opts['force'] === true ? 'drop' : salvaged ? 'skip' : 'stop';
    let r: ReturnType<typeof rebuildIndex>;
    try {
      // (After a repair's copy the store is no longer as it was: a stopped rebuild is finished by the next `index`.)
      const stop = salvaged ? 'Ctrl-C stops it; `tracebase index` then finishes it' : 'Ctrl-C stops it; the store stays as it was';
      r = rebuildIndex(store, (done, total) => p.update(`rebuilding index: ${done}/${total} segments (${stop})`), { onDamaged });
    } finally {
      p.done();
    }
    // The rebuild reads the segments only: check the rest of the file too, indexes included (an
    // index of the raw tables out of step with its table is built again from the table).
    let problems = integrityProblems(store.db);
    if (problems.length && problems.every((m) => INDEX_ENTRY.test(m))) {
      store.db.exec('REINDEX');
      problems = integrityProblems(store.db);
    }
    if (problems.length) throw damaged(`integrity_check: ${problems[0]}`);
    if (opts['json']) {
      printJson(ctx.stdout, { ...r, durationMs: Math.round(performance.now() - t0) });
      return r.damaged || r.missing ? 1 : 0;
    }
    ctx.stdout.write(
      `Rebuilt the index from ${fmtInt(r.segments)} sealed segments: ${fmtInt(r.lines)} lines, ${fmtInt(r.events)} events, ${fmtInt(r.sessions)} sessions in ${((performance.now() - t0) / 1000).toFixed(2)} s.\n`,
    );
    if (r.missing) {
      ctx.stderr.write(`${r.missing} stored line(s) had no sealed record (deleted from store.db): they were forgotten, and the checkpoints of the transcripts still on disk dropped. Run \`tracebase import\` to read them again and store those lines anew (the lines still stored are skipped; a transcript deleted since is lost).\n`);
      if (!r.damaged) return 1;
    }
    if (r.damaged && onDamaged === 'drop') {
      const later = r.reread ? ` (and ${r.reread} later one(s) of the same transcripts, so their lines are stored again in order)` : '';
      ctx.stderr.write(`${r.damaged} segment(s) failed their integrity check and were left out, with their lines${later}. Run \`tracebase import\` to read their transcripts again from disk (a transcript deleted since is lost; or restore store.db from a backup).\n`);
      return 1;
    }
    if (r.damaged) {
      ctx.stderr.write(`${r.damaged} segment(s) failed their integrity check: their lines are not in the index. \`tracebase index --force\` drops them, and then \`tracebase import\` reads their transcripts again from disk.\n`);
      return 1;
    }
    return 0;
  }, { outdatedIndex: true });
}

/** `a`, `a and b`, `a, b and c`. */
const listed = (xs: string[]): string => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

/** What SQLite's full check finds wrong (nothing: an empty list). */
function integrityProblems(db: DatabaseSync): string[] {
  return (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check).filter((m) => m !== 'ok');
}

/** Problems of an index alone, which REINDEX mends from its table. */
const INDEX_ENTRY = /^(?:row \d+ missing from index |wrong # of entries in index |non-unique entry in index )/;
