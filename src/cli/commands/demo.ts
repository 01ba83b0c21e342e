import { existsSync, lstatSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../core/config.ts';
import { isTracebaseError, TracebaseError, UsageError } from '../../core/errors.ts';
import { importAll } from '../../ingest/import.ts';
import { clip, ellipsis } from '../../redact/clip.ts';
import { redactText } from '../../redact/redact.ts';
import { listSessions, searchEvents } from '../../store/queries.ts';
import { storeStats } from '../../store/stats.ts';
import { initStore, openStore } from '../../store/store.ts';
import type { Command } from '../context.ts';
import { underParents } from '../../core/nest.ts';
import { fmtBytes, fmtInt, printJson, shown, shownJson, table } from '../output.ts';
import { jsonOpt } from './shared.ts';

/** The demo corpus ships with the package (same depth from src/ and dist/). */
export const demoDir = (): string => fileURLToPath(new URL('../../../demo/', import.meta.url));

export const demo: Command = {
  name: 'demo',
  summary: 'Import the bundled demo corpus into a temporary store and show what Tracebase finds',
  options: { home: { type: 'string', description: 'Store directory to use instead of a new temporary one' }, ...jsonOpt },
  run(ctx, opts) {
    const dir = demoDir();
    if (!existsSync(dir)) throw new TracebaseError('SOURCE_UNREADABLE', `The demo corpus is missing (${dir}).`, 'Reinstall the package.');
    const named = typeof opts['home'] === 'string' ? opts['home'] : undefined;
    if (named !== undefined) {
      // The demo must never mix its sessions into a real store (or tell anyone to delete one).
      if (named.trim() === '') throw new UsageError('--home needs a directory.', 'Leave --home out to use a new temporary directory.');
      if (existsSync(named) && (!statSync(named).isDirectory() || readdirSync(named).length > 0)) {
        throw new UsageError(
          `--home ${redactText(named)} ${statSync(named).isDirectory() ? 'already exists and is not an empty directory' : 'is a file'}; the demo only writes to a new or empty directory.`,
          'Leave --home out to use a new temporary directory, or name one that does not exist yet.',
        );
      }
    }
    // Absolute, so the commands it suggests work from any folder.
    const home = named !== undefined ? resolve(named) : mkdtempSync(join(tmpdir(), 'tracebase-demo-'));
    // What the demo may take away if it fails: the folder it made, or what it wrote in an empty one (a link to nowhere
    // stays: it is the user's, and nothing was written).
    const made = named === undefined || !lstatExists(home);
    const existed = !made && existsSync(home);
    // Printed like every path: redacted (a path is user data too).
    const shownHome = shown(home);
    const config = resolveConfig({ ...ctx.env, TRACE_HOME: home, TRACE_KEY: undefined });
    /** A demo that failed (a full disk, say) takes away what it wrote, so the same command works once the cause is gone
     * (the folder was new or empty: everything in it is the demo's). */
    const undo = () => {
      try {
        if (made) rmSync(home, { recursive: true, force: true });
        else if (existed) for (const name of readdirSync(home)) rmSync(join(home, name), { recursive: true, force: true });
      } catch {
        // (What cannot be removed stays; the error said what went wrong.)
      }
    };
    try {
      initStore(config);
    } catch (e) {
      undo();
      // (The store's own advice names TRACE_HOME; here the folder was given as --home.)
      if (named === undefined || !isTracebaseError(e)) throw e;
      throw new TracebaseError(e.code, e.message, 'Give --home a new or empty folder of yours, or leave it out to use a new temporary one.', { cause: e });
    }
    let r: ReturnType<typeof importAll>;
    let store: ReturnType<typeof openStore> | undefined;
    try {
      store = openStore(config);
      r = importAll(store, { roots: { codex: [join(dir, 'codex')], claude: [join(dir, 'claude')] } });
    } catch (e) {
      store?.close();
      undo();
      throw e;
    }
    try {
      const out = ctx.stdout;
      const sessions = listSessions(store);
      const events = sessions.reduce((a, s) => a + s.events, 0);
      if (opts['json']) {
        const st = storeStats(store);
        return printJson(out, shownJson({ home, files: r.totals.files, bytesRead: r.totals.bytesRead, events, sessions, redactions: st.redactions }));
      }
      out.write(`Imported the bundled demo transcripts (${r.totals.files} files, ${fmtBytes(r.totals.bytesRead)}, ${fmtInt(events)} events)\n`);
      out.write(`into ${named === undefined ? 'a temporary store' : 'the store'}: ${shownHome}\n\n`);
      // Each sub-agent right under the session that spawned it.
      const ordered = underParents(sessions).map((x) => x.row);
      const shortId = (id: string): string => (id.length > 13 ? `${id.slice(0, 12)}…` : id);
      table(
        out,
        ['started (UTC)', 'provider', 'session', 'model', 'prompts', 'tools', 'errors', 'tokens in', 'cache read', 'tokens out', 'title'],
        ordered.map((s) => [
          s.startedAt?.slice(0, 10) ?? '',
          s.provider,
          s.isSubagent ? `\u21b3 ${s.agentType ?? 'sub-agent'}` : shortId(s.id),
          s.models.join(',') || '(not recorded)',
          s.prompts, s.toolCalls, s.toolErrors, fmtInt(s.tokens.input), fmtInt(s.tokens.cacheRead), fmtInt(s.tokens.output),
          ellipsis((s.title ?? '').replace(/\s+/g, ' '), 40),
        ]),
      );
      out.write('\n\u21b3 = a sub-agent run by the session above it. "errors" = tool calls that failed (non-zero exit or tool error).\n');
      out.write('"tokens in" is every prompt token sent, cache reads included. The 2025 Codex rollout predates model and token records.\n');
      const st = storeStats(store);
      const red = Object.entries(st.redactions);
      const leaky = ordered.filter((s) => Object.keys(s.redactions).length > 0).map((s) => shortId(s.id));
      out.write(`\nSecrets found and replaced by [REDACTED:kind] before indexing: ${red.length ? red.map(([k, n]) => `${k} ×${n}`).join(', ') : 'none'}`);
      out.write(leaky.length ? ` (session${leaky.length > 1 ? 's' : ''} ${leaky.join(', ')}).\n` : '.\n');
      out.write('The original lines stay encrypted in the store; search and listings only ever see the redacted text.\n');
      const failing = searchEvents(store, { query: 'test', kind: 'tool_call', limit: 3, textMax: 100 });
      failing.sort((a, b) => (a.ts ?? '').localeCompare(b.ts ?? ''));
      if (failing.length) {
        out.write('\nTool calls matching "test" (full-text search), oldest first, with their exit codes:\n');
        for (const e of failing) out.write(`  ${e.id}  ${e.tool ?? ''}  exit ${e.exitCode ?? '?'}  ${clip((e.command ?? e.text ?? '').replace(/\s+/g, ' '), 70)}\n`);
      }
      out.write(`\nExplore it:\n  TRACE_HOME=${shownHome} npx tracebase sessions\n  TRACE_HOME=${shownHome} npx tracebase search "secret"\n`);
      out.write(`  TRACE_HOME=${shownHome} npx tracebase show <event id>   # the original line behind an event\n  rm -rf ${shownHome}   # when done\n`);
    } finally {
      store.close();
    }
  },
};

/** Whether anything is at `p`, a link to nowhere too. */
function lstatExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
