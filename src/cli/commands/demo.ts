import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../core/config.ts';
import { TracebaseError } from '../../core/errors.ts';
import { importAll } from '../../ingest/import.ts';
import { listSessions, searchEvents } from '../../store/queries.ts';
import { storeStats } from '../../store/stats.ts';
import { initStore, openStore } from '../../store/store.ts';
import type { Command } from '../context.ts';
import { fmtBytes, fmtInt, table } from '../output.ts';

/** The demo corpus ships with the package (same depth from src/ and dist/). */
export const demoDir = (): string => fileURLToPath(new URL('../../../demo/', import.meta.url));

export const demo: Command = {
  name: 'demo',
  summary: 'Import the bundled demo corpus into a temporary store and show what Tracebase finds',
  options: { home: { type: 'string', description: 'Store directory to use instead of a new temporary one' } },
  run(ctx, opts) {
    const dir = demoDir();
    if (!existsSync(dir)) throw new TracebaseError('SOURCE_UNREADABLE', `The demo corpus is missing (${dir}).`, 'Reinstall the package.');
    const home = typeof opts['home'] === 'string' ? opts['home'] : mkdtempSync(join(tmpdir(), 'tracebase-demo-'));
    const config = resolveConfig({ ...ctx.env, TRACE_HOME: home, TRACE_KEY: undefined });
    initStore(config);
    const store = openStore(config);
    try {
      const r = importAll(store, { roots: { codex: [join(dir, 'codex')], claude: [join(dir, 'claude')] } });
      const out = ctx.stdout;
      out.write(`Demo store: ${home}\n`);
      out.write(`Imported ${r.totals.files} transcript files (${fmtBytes(r.totals.bytesRead)}): ${fmtInt(r.totals.events)} events.\n\n`);
      const sessions = listSessions(store);
      table(
        out,
        ['provider', 'session', 'model', 'prompts', 'tool calls', 'errors', 'input tok', 'cache read', 'output tok', 'title'],
        sessions.map((s) => [
          s.provider + (s.isSubagent ? ' (sub)' : ''), s.id.length > 24 ? `${s.id.slice(0, 23)}…` : s.id, s.models.join(','),
          s.prompts, s.toolCalls, s.toolErrors, fmtInt(s.tokens.input), fmtInt(s.tokens.cacheRead), fmtInt(s.tokens.output),
          (s.title ?? '').replace(/\s+/g, ' ').slice(0, 40),
        ]),
      );
      const st = storeStats(store);
      const red = Object.entries(st.redactions);
      out.write(`\nSecrets redacted before indexing: ${red.length ? red.map(([k, n]) => `${k} ×${n}`).join(', ') : 'none'}\n`);
      const failing = searchEvents(store, { query: 'test', kind: 'tool_call', limit: 3, textMax: 100 });
      if (failing.length) {
        out.write('\nSearch "test" in tool calls:\n');
        for (const e of failing) out.write(`  ${e.id}  ${e.tool ?? ''}  exit ${e.exitCode ?? '?'}  ${(e.command ?? e.text ?? '').replace(/\s+/g, ' ').slice(0, 70)}\n`);
      }
      out.write(`\nExplore it:\n  TRACE_HOME=${home} npx tracebase sessions\n  TRACE_HOME=${home} npx tracebase search "secret"\n  rm -rf ${home}   # when done\n`);
    } finally {
      store.close();
    }
  },
};
