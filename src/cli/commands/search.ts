import { UsageError } from '../../core/errors.ts';
import { EVENT_KINDS } from '../../core/types.ts';
import { eventFullText } from '../../ingest/event-text.ts';
import { quoteRedacted } from '../../redact/clip.ts';
import { resolveSessionId, searchEvents, toolNamed } from '../../store/queries.ts';
import type { Command } from '../context.ts';
import { printJsonl, shown } from '../output.ts';
import { dateOpt, intOpt, jsonlOpt, providerOpt, textOpt, withStore } from './shared.ts';

export const search: Command = {
  name: 'search',
  summary: 'Full-text search over redacted events (JSONL); FTS5 syntax plus filters',
  args: '[query…]',
  // Full-text syntax has no `-word`: searched as text, it is literal.
  dashExample: '--literal -- -foo',
  options: {
    provider: { type: 'string', description: 'codex or claude' },
    'session-id': { type: 'string', description: 'Only this session' },
    kind: { type: 'string', description: `Event kind: ${EVENT_KINDS.join(', ')}` },
    tool: { type: 'string', description: 'Tool name, e.g. Bash, exec_command' },
    since: { type: 'string', description: 'Events at or after DATE (or 7d / 12h)' },
    limit: { type: 'string', description: 'Max results (default 50)' },
    literal: { type: 'boolean', description: 'Search the words as typed (no FTS operators)' },
    rank: { type: 'boolean', description: 'Order by relevance instead of the order events were stored in (newest first as imported: each import takes the least recently written transcripts first)' },
    full: { type: 'boolean', description: 'Print each event\'s whole redacted text, not the 300-character preview' },
    ...jsonlOpt,
  },
  run(ctx, opts, pos) {
    const kind = opts['kind'];
    if (kind !== undefined && !(EVENT_KINDS as readonly string[]).includes(String(kind))) {
      throw new UsageError(`Unknown kind ${quoteRedacted(String(kind), 40)}.`, `Use one of: ${EVENT_KINDS.join(', ')}.`);
    }
    const query = pos.join(' ');
    const hasFilter = ['provider', 'session-id', 'kind', 'tool', 'since'].some((k) => opts[k] !== undefined);
    if (!query.trim() && !hasFilter) throw new UsageError('search needs a query or a filter.', 'Example: tracebase search "npm test" --provider codex');
    const filter = {
      query,
      provider: providerOpt(opts['provider']),
      sessionId: textOpt(opts['session-id'], 'session-id'),
      kind: kind as string | undefined,
      tool: textOpt(opts['tool'], 'tool'),
      since: dateOpt(opts['since'], 'since')?.toISOString(),
      limit: intOpt(opts['limit'], 'limit', 1, 10_000),
      literal: opts['literal'] === true,
      rank: opts['rank'] === true,
    };
    return withStore(ctx, (store) => {
      // A mistyped id is said so (exit 1), not answered with nothing.
      // (Or the start of one, as `demo` shows it.)
      if (filter.sessionId !== undefined) filter.sessionId = resolveSessionId(store, filter.sessionId);
      const rows = searchEvents(store, filter);
      if (rows.length === 0) {
        const tool = filter.tool === undefined ? undefined : toolNamed(store, filter.tool);
        if (tool && !tool.found) {
          ctx.stderr.write(`note: no event in this store is a call to a tool named ${shown(filter.tool!)}${tool.names.length ? `; tools seen, most used first: ${tool.names.map(shown).join(', ')}${tool.more ? ` and ${tool.more} more` : ''}` : ''}.\n`);
        } else if (ctx.stderr.isTTY) ctx.stderr.write('No events match.\n');
      }
      printJsonl(ctx.stdout, opts['full'] ? rows.map((r) => {
              if (!r.truncated) return r;
              const whole = eventFullText(store, r.id);
              return { ...r, text: whole.text, truncated: whole.truncated };
            }) : rows);
    });
  },
};
