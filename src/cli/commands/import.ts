import { closeSync, existsSync, lstatSync, openSync, readlinkSync, readSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { expandHome } from '../../core/paths.ts';
import type { Provider } from '../../core/types.ts';
import { FileList } from '../../ingest/file-list.ts';
import { findFileList, type ImportReport, type ImportResult } from '../../ingest/import.ts';
import { READ_NO_WAIT } from '../../ingest/lines.ts';
import { importListParallel } from '../../ingest/parallel.ts';
import { noJsonLine } from '../../ingest/report-table.ts';
import { storedPath } from '../../ingest/safe-names.ts';
import { adapterFor } from '../../sources/index.ts';
import { isPurged } from '../../store/purged.ts';
import type { Store } from '../../store/store.ts';
import type { CliContext, Command } from '../context.ts';
import { counted, fmtBytes, fmtInt, JsonItems, paint, printShownJson, progress, shown, shownPath } from '../output.ts';
import { dateOpt, intOpt, jsonOpt, providerOpt, withStoreAsync } from './shared.ts';

type Reported = ImportResult & Pick<ImportReport, 'unreadable' | 'purged'>;

/** Folders set by hand that cannot be right: a typo, or the folder of transcripts itself where the one holding it belongs. */
function rootNotes(ctx: CliContext, roots: ImportReport['roots'] | undefined): string[] {
  if (!roots) return [];
  const notes = homeOneLevelTooDeep(ctx.env, ctx.config.userHome);
  // A folder set by hand that is not there at all (a typo) while another provider's was read:
  // said, not left to a "0 files" nobody reads as a mistake. (One that exists without sessions
  // yet is an agent not run yet.)
  const tooDeep = notes.length > 0;
  for (const [provider, name] of [['codex', 'CODEX_HOME'], ['claude', 'CLAUDE_CONFIG_DIR']] as const) {
    const mine = roots.filter((x) => x.provider === provider);
    if (!tooDeep && ctx.env[name] && mine.length > 0 && mine.every((x) => !existsSync(dirname(x.root)))) {
      notes.push(`${name} is set, but ${[...new Set(mine.map((x) => shownPath(dirname(x.root))))].join(' and ')} does not exist: no ${provider === 'codex' ? 'Codex' : 'Claude Code'} transcripts were read. Is it mistyped?`);
    }
  }
  return notes;
}

function printReport(ctx: CliContext, r: Reported, json: boolean, roots?: ImportReport['roots'], since?: Date): number {
  if (r.notice) ctx.stderr.write(`${paint(ctx, 'yellow', 'note:')} ${r.notice}\n`);
  const notes = rootNotes(ctx, roots);
  // Nothing there to read at all, and a folder set by hand is why: a failure scripts should see (exit 1).
  const misled = notes.length > 0 && roots !== undefined && roots.every((x) => !existsSync(x.root));
  if (json) {
    // Paths come from the file system and are shown like transcript text: redacted. The files'
    // reports are written one by one (200,000 of them made a text of ~100 MB, twice over).
    const { reports, ...rest } = r;
    printShownJson(ctx.stdout, { roots, files: new JsonItems(reports), ...rest, durationMs: Math.round(r.durationMs) });
    // (Said on stderr as in text: an exit 1 for a folder set by hand has its reason.)
    for (const note of notes) ctx.stderr.write(`${paint(ctx, 'yellow', 'note')} ${note}\n`);
  } else {
    const t = r.totals;
    // (In the unit the bytes read are given in.)
    const mibps = r.durationMs > 0 ? t.bytesRead / (1 << 20) / (r.durationMs / 1000) : 0;
    ctx.stdout.write(
      `Imported ${fmtInt(t.imported)} of ${counted(t.files, 'file')} (${fmtInt(t.unchanged)} unchanged): ${counted(t.newLines, 'new line')}, ${counted(t.events, 'event')}, ${fmtBytes(t.bytesRead)} read in ${(r.durationMs / 1000).toFixed(2)} s (${mibps.toFixed(1)} MiB/s).\n`,
    );
    if (r.purged) ctx.stdout.write(`${fmtInt(r.purged)} transcript(s) whose sessions were purged were skipped (\`tracebase import-file\` takes one back).\n`);
    if (t.unfinished) {
      ctx.stdout.write(`${fmtInt(t.unfinished)} Codex rollout document(s) were being saved (no whole JSON yet) and were left for the next import: run \`tracebase import\` again in a moment.\n`);
    }
    if (t.yielded) ctx.stdout.write(`${fmtInt(t.yielded)} file(s) were being imported by another import at the same time: it stores them.\n`);
    if (t.purgedMeanwhile) ctx.stdout.write(`${fmtInt(t.purgedMeanwhile)} file(s) hold sessions that were purged (found as they were read): nothing of them was stored (\`tracebase import-file\` takes one back).\n`);
    if (t.waiting) {
      ctx.stdout.write(`${fmtInt(t.waiting)} file(s) end in a line still being written (no newline yet): it is stored once it is finished, at a later \`tracebase import\`.\n`);
    }
    if (t.reset) {
      ctx.stdout.write(
        `${fmtInt(t.reset)} file(s) had shrunk, been replaced or been edited and were re-read: lines already stored were skipped; lines no longer in them stay in the store, which keeps what it captured (\`tracebase purge\` removes a session).\n`,
      );
    }
    if (t.malformed || t.unknown || t.oversized) {
      ctx.stdout.write(
        `Kept but not understood: ${fmtInt(t.malformed)} malformed line(s), ${fmtInt(t.unknown)} unknown line type(s), ${fmtInt(t.oversized)} oversized line(s). See \`tracebase doctor\`.\n`,
      );
    }
    // (import-file says so of its one file itself.)
    if (roots) {
      const odd = r.reports.allMalformed();
      if (odd.length > 0) {
        const named = odd.slice(0, 5).map((f) => shownPath(f.path)).join(', ');
        ctx.stderr.write(`${paint(ctx, 'yellow', 'note:')} no line of ${odd.length === 1 ? 'this file' : `these ${fmtInt(odd.length)} files`} is a JSON object (kept encrypted, counted as malformed; no session was made of them): ${named}${odd.length > 5 ? ` and ${fmtInt(odd.length - 5)} more` : ''}. ${odd.length === 1 ? 'Is it a transcript?' : 'Are they transcripts?'} \`tracebase doctor\` lists the files holding malformed lines.\n`);
      }
    }
    for (const f of r.reports.errors()) {
      ctx.stderr.write(`${paint(ctx, 'red', 'error')} ${shownPath(f.path)}: ${shown(f.error?.message ?? 'failed')}\n`);
    }
    for (const d of r.unreadable ?? []) {
      const why = d.code === 'ENOTDIR'
        ? 'is a file where a folder of transcripts belongs, so none were read there. Check CODEX_HOME / CLAUDE_CONFIG_DIR, or move the file,'
        : d.code === 'EILSEQ'
          ? 'its name is not UTF-8 (shown with �), so it cannot be opened by it. Rename it'
          : d.code === 'ENOTREG'
            ? 'is no regular file (a named pipe or a device), so it was not read. Put the transcript there as a file'
          : d.code === 'ETOODEEP'
            ? 'is nested more than 12 folders deep under its root, so no transcripts were looked for in it. Move them higher up'
          : d.code === 'ELOOP'
            ? 'is a symbolic link that leads back to itself (a link loop), so it was not read. Point the link at the transcript'
          : d.file
            ? `cannot open this transcript (${d.code}${d.code === 'EACCES' ? ': its folder may be listed but not entered' : ''}), so it was not imported. Check its and its folder's permissions`
          : d.partly
            ? `the listing of this folder failed midway (${d.code}), so some of its transcripts were not imported. Check the disk (a read error) and its permissions`
          : `cannot list this folder (${d.code}), so its transcripts were not imported. Check its permissions`;
      ctx.stderr.write(`${paint(ctx, 'red', 'error')} ${shownPath(d.path)}: ${why} and run \`tracebase import\` again.\n`);
    }
    for (const note of notes) ctx.stderr.write(`${paint(ctx, 'yellow', 'note')} ${note}\n`);
    if (roots && t.files === 0 && !r.purged) {
      ctx.stdout.write(`No transcripts ${since ? `modified since ${since.toISOString()} ` : ''}found under: ${roots.map((x) => shown(x.root)).join(', ')}\n`);
    }
  }
  return r.totals.errors > 0 || (r.unreadable?.length ?? 0) > 0 || misled ? 1 : 0;
}

/** CODEX_HOME or CLAUDE_CONFIG_DIR set to the folder of transcripts itself (`~/.codex/sessions`,
 * `~/.claude/projects`), where the folder holding it belongs: nothing is found, so say why. */
function homeOneLevelTooDeep(env: Record<string, string | undefined>, home: string): string[] {
  const notes: string[] = [];
  const codex = env['CODEX_HOME'] ? resolve(expandHome(env['CODEX_HOME'], home)) : undefined;
  if (codex && /^(?:sessions|archived_sessions)$/.test(basename(codex)) && !existsSync(join(codex, 'sessions'))) {
    notes.push(`CODEX_HOME is ${shownPath(codex)}: it names the folder that holds sessions/ (usually ~/.codex), not sessions/ itself. Try CODEX_HOME=${shownPath(dirname(codex))}.`);
  }
  const claude = env['CLAUDE_CONFIG_DIR'] ? resolve(expandHome(env['CLAUDE_CONFIG_DIR'], home)) : undefined;
  if (claude && basename(claude) === 'projects' && !existsSync(join(claude, 'projects'))) {
    notes.push(`CLAUDE_CONFIG_DIR is ${shownPath(claude)}: it names the folder that holds projects/ (usually ~/.claude), not projects/ itself. Try CLAUDE_CONFIG_DIR=${shownPath(dirname(claude))}.`);
  }
  return notes;
}

/** TRACEBASE_COMMIT_BYTES: input bytes per commit (smaller = more frequent commit points). */
function commitBytesFrom(env: Record<string, string | undefined>): number | undefined {
  const n = Number(env['TRACEBASE_COMMIT_BYTES']);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Ctrl-C (or a plain kill) between batches: say what was kept (the open batch is undone, as after a kill -9). */
function onInterrupt(ctx: CliContext, again = 'tracebase import'): () => void {
  const handler = (signal: NodeJS.Signals) => {
    ctx.stderr.write(`\nInterrupted. Everything committed so far is kept; run \`${again}\` again to continue where it stopped.\n`);
    process.exit(signal === 'SIGTERM' ? 143 : 130);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

function progressFor(ctx: CliContext) {
  const p = progress(ctx);
  return {
    p,
    onProgress: (x: { files: number; totalFiles: number; bytes: number; totalBytes: number }) =>
      p.update(`importing ${x.files}/${x.totalFiles} files, ${fmtBytes(x.bytes)} of ${fmtBytes(x.totalBytes)} (Ctrl-C is safe: a rerun continues)`),
  };
}

export const importCmd: Command = {
  name: 'import',
  summary: 'Import transcripts from ~/.codex/sessions, ~/.codex/archived_sessions and ~/.claude/projects ($CODEX_HOME, $CLAUDE_CONFIG_DIR; incremental)',
  details: 'Reads $CODEX_HOME/sessions and $CODEX_HOME/archived_sessions (CODEX_HOME defaults to ~/.codex) and\n$CLAUDE_CONFIG_DIR/projects (CLAUDE_CONFIG_DIR defaults to ~/.claude). Only appended bytes are read again.',
  options: {
    provider: { type: 'string', description: 'Only this provider: codex or claude' },
    since: { type: 'string', description: 'Only files modified since DATE (2026-01-31, or 7d / 12h)' },
    'max-files': { type: 'string', description: 'At most N files (the most recently modified)' },
    ...jsonOpt,
  },
  run(ctx, opts) {
    const provider = providerOpt(opts['provider']);
    const since = dateOpt(opts['since'], 'since');
    const maxFiles = intOpt(opts['max-files'], 'max-files');
    return withStoreAsync(ctx, async (store) => {
      const { p, onProgress } = progressFor(ctx);
      const release = onInterrupt(ctx);
      const { files, roots, unreadable, purged } = findFileList(store, { providers: provider ? [provider] : undefined, since, maxFiles });
      const r = await importListParallel(store, files, { onProgress, commitBytes: commitBytesFrom(ctx.env) }).finally(release);
      p.done();
      return printReport(ctx, { ...r, ...(unreadable.length ? { unreadable } : {}), ...(purged ? { purged } : {}) }, opts['json'] === true, roots, since);
    });
  },
};

export const importFileCmd: Command = {
  name: 'import-file',
  summary: 'Import one transcript file',
  args: '<codex|claude> <file>',
  options: { ...jsonOpt },
  run(ctx, opts, pos) {
    if (pos.length !== 2 || pos[1]!.trim() === '') throw new UsageError('import-file needs a provider and a file.', 'Example: tracebase import-file claude ~/.claude/projects/-home-me-app/<id>.jsonl');
    const provider = providerOpt(pos[0], pos[1])!;
    const given = resolve(pos[1]!);
    let size = 0;
    let mtimeMs = 0;
    let st: Stats;
    try {
      st = statSync(given);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'there is no such file' : code === 'ELOOP' ? 'its symbolic links loop' : code === 'EACCES' || code === 'EPERM' ? 'permission denied on a folder of its path' : code === 'ENOTDIR' ? 'a part of its path is a file, not a folder' : `it cannot be read (${code ?? 'error'})`;
      // (As typed: resolved, `https://user:pw@host/x` loses a slash, and with it the form that marks the password.)
      throw new UsageError(`${shownPath(pos[1]!)} cannot be imported: ${why}.`, 'Give the path of a transcript file (`tracebase doctor` lists where transcripts are looked for).');
    }
    if (!st.isFile()) {
      throw new UsageError(`${shownPath(given)} cannot be imported: it is ${st.isDirectory() ? 'a folder (`tracebase import` reads folders)' : st.isFIFO() ? 'a named pipe' : 'not a regular file'}.`, 'Give the path of a transcript file.');
    }
    // (Claude Code 2.1 writes one beside each subagent transcript: read with it, no transcript of its own.)
    if (provider === 'claude' && given.endsWith('.meta.json')) {
      throw new UsageError(
        `${shownPath(given)} is a subagent's meta file (its type and description), not a transcript. Nothing was imported.`,
        `Import the transcript beside it, which reads it: \`tracebase import-file claude ${shownPath(`${given.slice(0, -'.meta.json'.length)}.jsonl`)}\`.`,
      );
    }
    size = st.size;
    mtimeMs = st.mtimeMs;
    return withStoreAsync(ctx, async (store) => {
      const { p, onProgress } = progressFor(ctx);
      const path = knownPath(store, given);
      const name = storedPath(path, store.idKey);
      const known = store.statement('SELECT provider FROM sources WHERE path = ?').get(name) as { provider: string } | undefined;
      if (known && known.provider !== provider) {
        throw new UsageError(
          `${shownPath(path)} was imported as a ${known.provider} transcript.`,
          `To import it as ${provider} instead, delete what the first import made (\`tracebase sessions\` lists it; \`tracebase purge --session-id <id>\`), then run this again.`,
        );
      }
      // A first import as the wrong provider would store a session of unknown lines, and tie the
      // file to that provider: refused when the other one reads its lines and this one none.
      const other = provider === 'codex' ? 'claude' : 'codex';
      if (!known) {
        const fit = linesUnderstood(given, [provider, other]);
        if (fit.sampled > 0 && fit[provider] === 0 && fit[other] > 0) {
          throw new UsageError(
            `${shownPath(given)} reads as a ${other === 'claude' ? 'Claude Code' : 'Codex'} transcript (${fit[other]} of its first ${fit.sampled} lines), not a ${provider === 'claude' ? 'Claude Code' : 'Codex'} one. Nothing was imported.`,
            `Run \`tracebase import-file ${other} ${/[\s'"]/.test(given) ? `'${shownPath(given).replace(/'/g, "'\\''")}'` : shownPath(given)}\`.`,
          );
        }
      }
      // Named on purpose: a transcript whose session was purged comes back once a part of it is stored.
      const adapter = adapterFor(provider);
      const wasPurged = isPurged(store, provider, adapter.streamKey(name));
      const release = onInterrupt(ctx, `tracebase import-file ${provider} …`);
      const r = await importListParallel(store, FileList.of([{ adapter, path, size, mtimeMs, takeBack: true }]), { onProgress, commitBytes: commitBytesFrom(ctx.env) }).finally(release);
      p.done();
      if (wasPurged) {
        ctx.stderr.write(isPurged(store, provider, adapter.streamKey(name))
          ? `${paint(ctx, 'yellow', 'note:')} its session was purged before and nothing of it was stored, so \`tracebase import\` still skips it.\n`
          : `${paint(ctx, 'yellow', 'note:')} its session was purged before; imported again as asked (\`tracebase import\` will read it again too). If it is a subagent's transcript, \`tracebase index\` links it again to the call that started it.\n`);
      }
      const t = r.totals;
      if (noJsonLine(r.reports.get(0), size)) {
        ctx.stderr.write(`${paint(ctx, 'yellow', 'note:')} none of its ${fmtInt(t.lines)} lines is a JSON object (kept encrypted, counted as malformed; no session was made of them): is it a transcript? \`tracebase doctor\` lists it with the files holding malformed lines.\n`);
      } else if (t.newLines > 0 && t.unknown === t.newLines) {
        const other = provider === 'codex' ? 'claude' : 'codex';
        ctx.stderr.write(`${paint(ctx, 'yellow', 'note:')} none of its ${fmtInt(t.newLines)} lines is a ${provider} line type (kept encrypted, counted as unknown). If it is a ${other} transcript, purge the session it made and run \`tracebase import-file ${other} …\`.\n`);
      }
      return printReport(ctx, r, opts['json'] === true);
    });
  },
};

/** How many of a file's first lines (at most 50, in its first 4 MB) each provider's parser
 * understands (a known line type, not malformed). */
function linesUnderstood(path: string, providers: Provider[]): Record<Provider, number> & { sampled: number } {
  const out = { sampled: 0, codex: 0, claude: 0 };
  let text: string;
  let whole: boolean;
  try {
    const fd = openSync(path, READ_NO_WAIT);
    try {
      // (A first line can be long: a pasted image, a big tool output.)
      const buf = Buffer.alloc(4 << 20);
      const n = readSync(fd, buf, 0, buf.length, 0);
      whole = n < buf.length;
      text = buf.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return out;
  }
  // A whole-document transcript (TS-era Codex `.json`) is its items; a file read whole keeps its last line.
  const items = whole ? adapterFor('codex').splitDocument?.(path, text) : undefined;
  const lines = (items ?? (whole ? text.split('\n') : text.split('\n').slice(0, -1))).filter((l) => l.trim() !== '').slice(0, 50);
  out.sampled = lines.length;
  for (const provider of providers) {
    const parser = adapterFor(provider).createParser(path);
    for (const line of lines) {
      try {
        const r = parser.parseLine(line, 0);
        if (!r.malformed && r.unknownType === undefined) out[provider]++;
      } catch {
        // a line a parser cannot read counts as not understood
      }
    }
  }
  return out;
}

/**
 * The path a file named through a symlink is known by: the link's own when it was imported by it
 * (`import` reads a link in a transcript folder as it finds it), else the file it links to when
 * that was, else the name as given. A link named elsewhere must not make its transcript a second
 * stream. Only the file's own links are followed, not its folders' (a linked ~/.claude is the
 * path `import` uses).
 */
function knownPath(store: Store, given: string): string {
  const imported = (p: string) => store.statement('SELECT 1 FROM sources WHERE path = ?').get(storedPath(p, store.idKey)) !== undefined;
  if (imported(given)) return given;
  const target = linkTarget(given);
  return target !== given && imported(target) ? target : given;
}

function linkTarget(path: string): string {
  for (let hops = 0; hops < 40; hops++) {
    try {
      if (!lstatSync(path).isSymbolicLink()) return path;
      path = resolve(dirname(path), readlinkSync(path));
    } catch {
      return path; // a missing target is reported by the caller
    }
  }
  return path;
}
