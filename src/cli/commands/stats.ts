import { storeStats } from '../../store/stats.ts';
import type { Command } from '../context.ts';
import { counted, fmtBytes, fmtInt, printJson, shownJson, shownPath, table } from '../output.ts';
import { jsonOpt, noSessionsYet, withStore } from './shared.ts';

export const stats: Command = {
  name: 'stats',
  summary: 'Sessions, events, tool calls, tokens and redactions per provider',
  options: { ...jsonOpt },
  run(ctx, opts) {
    return withStore(ctx, (store) => {
      const s = storeStats(store);
      if (opts['json']) return printJson(ctx.stdout, shownJson(s));
      ctx.stdout.write(`Store ${shownPath(s.home)}: ${fmtBytes(s.storeBytes)}, ${counted(s.files, 'file')}, ${counted(s.rawLines, 'raw line')}\n`);
      // (Copies a repair kept: the user deletes them once the repaired store looks right.)
      if (s.keptDamaged.length) ctx.stdout.write(`Not counted: ${counted(s.keptDamaged.length, 'damaged copy', 'damaged copies')} of store.db a repair kept (${s.keptDamaged.join(', ')}); delete once the store looks right.\n`);
      ctx.stdout.write('\n');
      if (s.providers.length === 0) {
        ctx.stdout.write(`${noSessionsYet(store)}\n`);
        return;
      }
      table(
        ctx.stdout,
        ['provider', 'sessions', 'subagents', 'events', 'prompts', 'tool calls', 'tool errors', 'input tok', 'cache read', 'output tok'],
        s.providers.map((p) => [
          p.provider, fmtInt(p.sessions), fmtInt(p.subagents), fmtInt(p.events), fmtInt(p.prompts), fmtInt(p.toolCalls),
          fmtInt(p.toolErrors), fmtInt(p.tokens.input), fmtInt(p.tokens.cacheRead), fmtInt(p.tokens.output),
        ]),
      );
      const red = Object.entries(s.redactions);
      ctx.stdout.write(`\nRedactions: ${red.length ? red.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'}\n`);
    });
  },
};
