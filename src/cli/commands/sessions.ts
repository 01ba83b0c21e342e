import { iterateSessions, sessionCounts } from '../../store/queries.ts';
import type { Command } from '../context.ts';
import { underParents } from '../../core/nest.ts';
import { fmtInt, printJsonl, table } from '../output.ts';
import { dateOpt, intOpt, noSessionsYet, providerOpt, withStore } from './shared.ts';

export const sessions: Command = {
  name: 'sessions',
  summary: 'List sessions (newest first); --json prints one JSON object per line',
  options: {
    provider: { type: 'string', description: 'codex or claude' },
    since: { type: 'string', description: 'Sessions active at or after DATE (or 7d / 12h)' },
    limit: { type: 'string', description: 'At most N sessions' },
    all: { type: 'boolean', description: 'Include sessions with no events, nor subagents with any (an agent its parent spawned that never wrote a line) (a summary-only file has its summary as an event: listed anyway)' },
    json: { type: 'boolean', description: 'One JSON object per session (JSONL)' },
  },
  run(ctx, opts) {
    const filter = {
      provider: providerOpt(opts['provider']),
      since: dateOpt(opts['since'], 'since')?.toISOString(),
      limit: intOpt(opts['limit'], 'limit'),
      includeEmpty: opts['all'] === true,
    };
    return withStore(ctx, (store) => {
      if (opts['json']) return printJsonl(ctx.stdout, iterateSessions(store, filter));
      // What the table shows of each session, not the whole summary (100,000 of them: ~400 MB).
      const rows: Listed[] = [];
      for (const s of iterateSessions(store, filter)) {
        rows.push({
          id: s.id,
          parentId: s.parentId,
          isSubagent: s.isSubagent,
          bare: !s.title && s.events === 0,
          cells: [
            s.startedAt?.slice(0, 16).replace('T', ' ') ?? '',
            s.provider,
            s.id,
            fmtInt(s.events),
            fmtInt(s.toolCalls),
            fmtInt(s.toolErrors),
            `${fmtInt(s.tokens.input)}/${fmtInt(s.tokens.output)}`,
            s.title ? s.title.replace(/\s+/g, ' ') : '',
          ],
        });
      }
      if (rows.length === 0) {
        ctx.stdout.write(`${emptyListMessage(sessionCounts(store), filter, () => noSessionsYet(store))}\n`);
        return;
      }
      const parents = new Set(rows.map((r) => r.parentId));
      table(
        ctx.stdout,
        ['started (UTC)', 'provider', 'id', 'events', 'tools', 'errors', 'tokens in/out', 'title'],
        underParents(rows).map(({ row: s, depth }) => {
          const c = s.cells;
          // A subagent right under the session that ran it (↳); one whose parent is not listed: (sub).
          c[1] = depth > 0 ? `${'  '.repeat(depth - 1)}\u21b3 ${c[1]}` : c[1] + (s.isSubagent ? ' (sub)' : '');
          // A session known only by its subagents' files (its own transcript missing) says so.
          if (s.bare && parents.has(s.id)) c[c.length - 1] = SUBAGENTS_ONLY;
          return c;
        }),
      );
    });
  },
};

const SUBAGENTS_ONLY = '(only its subagents have events)';

/** A session as the table lists it. */
interface Listed {
  id: string;
  parentId: string | null;
  isSubagent: boolean;
  /** No title and no events of its own. */
  bare: boolean;
  cells: string[];
}

/** Why the list is empty: nothing imported, filters that match nothing, or only sessions without events. */
function emptyListMessage(n: { listed: number; all: number }, f: { provider?: string; since?: string; includeEmpty: boolean }, none: () => string): string {
  if (n.all === 0) return none();
  if (f.provider !== undefined || f.since !== undefined) {
    const more = !f.includeEmpty && n.all > n.listed ? `; \`--all\` adds ${fmtInt(n.all - n.listed)} without events` : '';
    return `No sessions match these filters (${fmtInt(f.includeEmpty ? n.all : n.listed)} in the store, subagents included${more}).`;
  }
  return `No sessions with events; \`--all\` lists the ${fmtInt(n.all)} without any (agents spawned that never wrote a line).`;
}
