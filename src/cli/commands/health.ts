import { SOURCES } from '../../sources/index.ts';
import { storeCounts } from '../../store/session-list.ts';
import { fileHealth, storeStats } from '../../store/stats.ts';
import type { Command } from '../context.ts';
import { fmtInt, printJson, shownPath } from '../output.ts';
import { jsonOpt, withStore } from './shared.ts';

export const health: Command = {
  name: 'health',
  summary: 'Capture health: counts, last import, files with problems, watcher state',
  options: { ...jsonOpt },
  run(ctx, opts) {
    return withStore(ctx, (store) => {
      const s = storeStats(store);
      // The same counts as GET /api/health: main sessions and subagents apart.
      const counts = storeCounts(store);
      const problems = fileHealth(store, true);
      const out = {
        ok: true,
        lastImportAt: counts.lastImportAt,
        files: s.files,
        sessions: counts.sessions,
        subagents: counts.subagents,
        events: counts.events,
        filesWithProblems: problems.length,
        malformedLines: problems.reduce((a, f) => a + f.malformed, 0),
        unknownLines: problems.reduce((a, f) => a + f.unknown, 0),
        oversizedLines: problems.reduce((a, f) => a + f.oversized, 0),
        watcher: { installed: false, running: false },
      };
      if (opts['json']) return printJson(ctx.stdout, out);
      ctx.stdout.write(
        [
          `last import: ${out.lastImportAt ?? `none (no transcript file in the store; \`tracebase import\` reads ${SOURCES.flatMap((a) => a.defaultRoots({ home: store.config.userHome, env: store.config.env })).map(shownPath).join(', ')})`}`,
          `files: ${fmtInt(out.files)}  sessions: ${fmtInt(out.sessions)} (+ ${fmtInt(out.subagents)} subagents)  events: ${fmtInt(out.events)}`,
          `lines kept but not understood: ${fmtInt(out.malformedLines)} malformed, ${fmtInt(out.unknownLines)} unknown type, ${fmtInt(out.oversizedLines)} oversized (in ${out.filesWithProblems} file(s); details: tracebase doctor)`,
          'watcher: none (this version captures by `tracebase import`; run it again to bring new lines in)',
          '',
        ].join('\n'),
      );
    });
  },
};
