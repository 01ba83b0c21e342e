import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { isTracebaseError, translateFsError } from '../../core/errors.ts';
import { hasUnreadLines } from '../../ingest/behind.ts';
import { findFileList } from '../../ingest/import.ts';
import { type Refusal, refusedFile } from '../../ingest/import-file.ts';
import { storedPath } from '../../ingest/safe-names.ts';
import { keyFingerprint, parseKey } from '../../store/crypto.ts';
import { checkIntegrity, fileHealth } from '../../store/stats.ts';
import { REDACTION_RULES } from '../../redact/patterns.ts';
import { READING_RULES } from '../../sources/reading.ts';
import { indexReadingRules, indexRedactionRules, openStore } from '../../store/store.ts';
import type { CliContext, Command } from '../context.ts';
import { fmtInt, paint, printJson, shownJson, shownPath } from '../output.ts';
import { jsonOpt } from './shared.ts';

function onPath(env: Record<string, string | undefined>, name: string): string | null {
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

const mode = (p: string): string | null => (existsSync(p) ? (statSync(p).mode & 0o777).toString(8).padStart(4, '0') : null);

/** What to do about a file an import refuses whole. */
const REFUSAL_FIX: Record<Refusal, string> = {
  utf16: 'UTF-16 text: convert it with `iconv -f UTF-16 -t UTF-8`',
  binary: 'binary data, no transcript: check the path',
  cr: "lines ended by a carriage return alone: convert them with `tr '\\r' '\\n'`",
};

export const doctor: Command = {
  name: 'doctor',
  summary: 'Check paths, key, store integrity, coverage, malformed lines and tools on PATH',
  options: { ...jsonOpt },
  run(ctx: CliContext, opts) {
    const c = ctx.config;
    const checks: { name: string; ok: boolean; detail: string }[] = [];
    const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
    // (Opening the store makes a folder other users could read private again: said as it was and as it is.)
    const dirMode = mode(c.home);
    const addDirectory = () => {
      const now = mode(c.home);
      // (A file where the folder belongs: its mode is not the point; the store's own check says what it is.)
      const file = dirMode !== null && !statSync(c.home, { throwIfNoEntry: false })?.isDirectory();
      const detail = dirMode === null ? 'not there: run `tracebase init`' : file ? 'a file, not a folder' : dirMode === '0700' ? 'mode 0700' : now === '0700' ? `mode was ${dirMode}, 0700 now` : `mode ${now}; should be 0700: chmod 700 it`;
      checks.unshift({ name: 'store directory', ok: dirMode === '0700' && !file, detail: `${c.home} (${detail})` });
    };
    const report: Record<string, unknown> = { home: c.home };
    let store: ReturnType<typeof openStore> | undefined;
    /** Transcripts with whole lines after their checkpoint (coverage), which are no unfinished line. */
    let behindPaths = new Set<string>();
    try {
      store = openStore(c, { onNotice: (m) => add(m.startsWith('The key file') ? 'key file mode' : 'store modes', false, m), reportUnfixable: true });
      add('key', true, `${store.keySource}, fingerprint ${store.keyFingerprint}`);
      // A key file beside a TRACE_KEY that opens the store: a backup the user may count on. It must hold the same key.
      if (store.keySource === 'TRACE_KEY' && existsSync(c.keyFile)) {
        let other: string;
        try {
          other = keyFingerprint(parseKey(readFileSync(c.keyFile, 'utf8'), `Key file ${c.keyFile}`));
        } catch {
          other = 'none (not a key)';
        }
        add('key file', other === store.keyFingerprint, other === store.keyFingerprint
          ? `${c.keyFile} holds the same key as TRACE_KEY`
          : `${c.keyFile} holds another key than TRACE_KEY (fingerprint ${other}): without TRACE_KEY the store would not open. Keep the key TRACE_KEY holds; to make the file hold it: \`printf '%s\\n' "$TRACE_KEY" > ${c.keyFile}\``);
      }
    } catch (e) {
      // (The key is checked first: an outdated index means the key matched.)
      if (isTracebaseError(e) && e.code === 'INDEX_OUTDATED') add('key', true, 'matches the store');
      // (A file system error, as opening another user's store meets: said as the other commands say it.)
      const t = translateFsError(e, 'opening the store');
      add(isTracebaseError(t) && t.code === 'INDEX_OUTDATED' ? 'index layout' : 'key / store', false, isTracebaseError(t) ? `${t.message} ${withoutDoctor(t.hint)}` : String((e as Error)?.message ?? e).split('\n')[0]!);
    }
    addDirectory();
    if (store) {
      // Each check on its own: a damaged database fails the checks it breaks, not doctor itself.
      const check = (name: string, fn: () => void) => {
        try {
          fn();
        } catch (e) {
          const t = translateFsError(e, `checking ${name}`);
          add(name, false, isTracebaseError(t) ? `${t.message} ${withoutDoctor(t.hint)}` : String((e as Error)?.message ?? e).split('\n')[0]!);
        }
      };
      try {
        check('store integrity', () => {
          const integ = checkIntegrity(store);
          add('store integrity', integ.sqlite === 'ok' && integ.damagedSegments.length === 0,
            `sqlite ${integ.sqlite}; ${integ.segments} sealed segments, ${integ.damagedSegments.length} failed authentication${integ.damagedSegments.length ? ` (ids ${integ.damagedSegments.join(', ')})` : ''}${
              integ.sqlite !== 'ok'
                ? integ.damagedSegments.length
                  ? // (A plain `index` stops at a damaged segment: the index may be its only copy.)
                    ' (run `tracebase index --force`: it repairs the file or copies the records into a new one, and drops the failed segments; then `tracebase import` reads their transcripts again)'
                  : ' (run `tracebase index`: it repairs the file or copies the records into a new one)'
                : integ.damagedSegments.length ? ' (`tracebase index --force` drops them; then `tracebase import` reads their transcripts again)' : ''
            }`);
          // The map from line identities to sealed lines (what `show` reads, and what an import skips by).
          const missing = integ.linesWithoutRecord;
          const misplaced = integ.linesMisplaced;
          add('line map', missing === 0 && misplaced === 0, missing === 0 && misplaced === 0
            ? 'every stored line is found where it is sealed'
            : [
                missing ? `${fmtInt(missing)} stored line(s) have no sealed record (deleted from store.db): \`tracebase index --force\` forgets them, then \`tracebase import\` reads the transcripts still on disk again to store them anew` : '',
                misplaced ? `${fmtInt(misplaced)} sealed line(s) are not found where they are (rows of store.db moved or removed): \`tracebase index\` maps them again` : '',
              ].filter(Boolean).join('; '));
        });
        check('redaction rules', () => {
          const rules = indexRedactionRules(store.db);
          add('redaction rules', rules === REDACTION_RULES, rules === REDACTION_RULES
            ? `the index was redacted by the current rules (${REDACTION_RULES})`
            : `the index was redacted by older rules (${rules ?? 'before 2026-11-26'}); the current ones (${REDACTION_RULES}) find more: run \`tracebase index\` to apply them (whole texts shown on request already use them)`);
        });
        check('transcript reading', () => {
          const reading = indexReadingRules(store.db);
          add('transcript reading', reading === READING_RULES, reading === READING_RULES
            ? `the index was built by the current reading of transcripts (${READING_RULES})`
            : `the index was built by an older reading of transcripts (${reading ?? 'before 2026-11-26.1'}); the current one (${READING_RULES}) counts sessions, calls, errors or tokens more exactly: run \`tracebase index\` to rebuild it`);
        });
        const perms = [c.dbFile, c.keyFile, `${c.dbFile}-wal`, `${c.dbFile}-shm`].map((p) => [p, mode(p)] as const).filter(([, m]) => m !== null);
        const loose = perms.filter(([, m]) => m !== '0600');
        add('file modes', loose.length === 0, loose.length ? `not 0600: ${loose.map(([p, m]) => `${p} (${m})`).join(', ')} (chmod 600 them)` : 'files 0600');
        // The transcripts under the roots, listed once for the two checks below; each looked up in
        // the store by its path, so a store of 100,000 transcripts is not held as maps of paths.
        let walked: ReturnType<typeof findFileList> | undefined;
        const walk = () => (walked ??= findFileList(store!));
        /** Stored paths that are not the file's own (a name holding a secret is stored redacted): found. */
        const renamed = new Set<string>();
        const stored = (i: number): string => {
          const path = walk().files.path(i);
          const s = storedPath(path, store!.idKey);
          if (s !== path) renamed.add(s);
          return s;
        };
        /** A stored transcript that is neither found under a root nor on disk. */
        const gone = (p: string): boolean => !renamed.has(p) && !existsSync(p);
        check('coverage', () => {
          const { files, roots, unreadable, purged } = walk();
          const sourceAt = store!.db.prepare('SELECT offset FROM sources WHERE path = ?');
          const missing: string[] = [];
          // Imported, but with lines after the checkpoint: appended since, or an import stopped in
          // the middle (a full disk, a kill), which a rerun continues.
          const behind: string[] = [];
          for (let i = 0; i < files.length; i++) {
            const at = (sourceAt.get(stored(i)) as { offset: number } | undefined)?.offset;
            if (at === undefined) missing.push(files.path(i));
            else if (files.size(i) !== at && hasUnreadLines(files.path(i), at)) behind.push(files.path(i));
          }
          behindPaths = new Set(behind);
          report['filesWithUnreadLines'] = behind;
          const unread = behind.length ? `; ${behind.length} imported with lines not stored yet (added since, or an import stopped in the middle): ${behind.slice(0, 3).join(', ')}${behind.length > 3 ? ' and more' : ''} (run \`tracebase import\`: it continues where it stopped)` : '';
          // A file import cannot open is a permission problem, not one more import away.
          const closed = missing.filter((p) => !canRead(p));
          const denied = closed.length ? `; ${closed.length} of them cannot be read: ${closed.slice(0, 3).join(', ')}${closed.length > 3 ? ' and more' : ''} (check their permissions)` : '';
          // Nor is a file import refuses whole (UTF-16, binary, carriage returns alone): it needs converting first.
          const refused = missing.filter((p) => !closed.includes(p)).flatMap((p) => {
            const why = refusedFile(p);
            return why ? [`${p} (${REFUSAL_FIX[why]})`] : [];
          });
          const notText = refused.length ? `; ${refused.length} of them are refused by import: ${refused.slice(0, 3).join(', ')}${refused.length > 3 ? ' and more' : ''}` : '';
          const blind = unreadable.length ? `; ${unreadable.length} path(s) cannot be read: ${unreadable.map((d) => `${d.path} (${d.code === 'ENOTDIR' ? 'a file where a folder of transcripts belongs: check CODEX_HOME / CLAUDE_CONFIG_DIR, or move it' : d.code === 'EILSEQ' ? 'named in bytes that are not UTF-8: rename it' : d.code === 'ENOTREG' ? 'a named pipe or device under a transcript name' : d.code === 'ETOODEEP' ? 'nested more than 12 folders deep: not looked in' : d.code === 'ELOOP' ? 'a symbolic link loop: point the link at the transcript' : `${d.code}: check its${d.file ? " and its folder's" : ''} permissions`})`).join(', ')}` : '';
          // Imported transcripts no longer there (moved to archived_sessions, deleted by Claude
          // Code's cleanup): nothing to do, but their events stay and the file count keeps them.
          let goneCount = 0;
          for (const { path } of store!.db.prepare('SELECT path FROM sources').iterate() as Iterable<{ path: string }>) if (gone(path)) goneCount++;
          const away = goneCount ? `; ${goneCount} imported transcript(s) are no longer there (moved or deleted: what was imported of them stays in the store)` : '';
          add('coverage', missing.length === 0 && unreadable.length === 0 && behind.length === 0, `${files.length} transcript files under ${roots.map((r) => r.root).join(', ')}; ${missing.length} not imported yet${missing.length > closed.length + refused.length ? ' (run `tracebase import`)' : ''}${denied}${notText}${unread}${purged ? `; ${purged} purged (skipped by import)` : ''}${away}${blind}`);
        });
        check('unfinished lines', () => {
          // A line with no newline yet waits for its end (an agent writing it); one that stays so
          // for an hour is a transcript cut short: its bytes are not stored, so say so.
          const { files } = walk();
          // (Few: the transcripts whose checkpoint stops before their end.)
          const rows = new Map((store!.db.prepare('SELECT path, size, offset FROM sources WHERE size > offset').all() as { path: string; size: number; offset: number }[]).map((r) => [r.path, r]));
          const hourAgo = Date.now() - 3_600_000;
          const cut: string[] = [];
          const found = new Set<string>();
          for (let i = 0; rows.size > 0 && i < files.length; i++) {
            const p = stored(i);
            const r = rows.get(p);
            if (r === undefined) continue;
            found.add(p);
            if (r.size === files.size(i) && files.mtimeMs(i) < hourAgo && !behindPaths.has(files.path(i))) cut.push(files.path(i));
          }
          report['unfinishedLines'] = cut;
          // A transcript gone while its last line waited: that line can no longer be stored.
          const lost = [...rows.keys()].filter((p) => !found.has(p) && gone(p));
          const parts = [
            ...(cut.length ? [`${cut.length} file(s) end in a line with no newline, unchanged for over an hour (cut short?): ${cut.slice(0, 3).join(', ')}${cut.length > 3 ? ' and more' : ''}; that line is stored once it is finished`] : []),
            ...(lost.length ? [`${lost.length} transcript(s) are gone while their last line waited for its end (that line was never stored): ${lost.slice(0, 3).join(', ')}${lost.length > 3 ? ' and more' : ''}`] : []),
          ];
          add('unfinished lines', true, parts.length ? parts.join('; ') : 'none');
        });
        check('malformed lines', () => {
          const problems = fileHealth(store, true);
          report['filesWithProblems'] = problems;
          add('malformed lines', true, problems.length ? `${problems.reduce((a, f) => a + f.malformed, 0)} malformed, ${problems.reduce((a, f) => a + f.unknown, 0)} unknown-type lines in ${problems.length} file(s) (kept encrypted; listed below)` : 'none');
        });
      } finally {
        store.close();
      }
    }
    add('watcher', true, 'none (this version captures by `tracebase import`: nothing to install)');
    for (const tool of ['codex', 'claude']) {
      const p = onPath(ctx.env, tool);
      add(`${tool} on PATH`, true, p ?? 'not found (not needed to import its transcripts)');
    }
    report['checks'] = checks;
    const ok = checks.every((x) => x.ok);
    report['ok'] = ok;
    if (opts['json']) {
      printJson(ctx.stdout, shownJson(report));
      return ok ? 0 : 1;
    }
    // One line per check: a newline in a file name it names could fake another.
    for (const x of checks) ctx.stdout.write(`${x.ok ? paint(ctx, 'green', 'ok  ') : paint(ctx, 'red', 'FAIL')} ${x.name}: ${shownPath(x.detail)}\n`);
    const problems = (report['filesWithProblems'] as ReturnType<typeof fileHealth> | undefined) ?? [];
    for (const f of problems.slice(0, 50)) {
      ctx.stdout.write(`     ${shownPath(f.path)}: ${f.malformed} malformed, ${f.unknown} unknown, ${f.oversized} oversized of ${f.lines} lines\n`);
    }
    return ok ? 0 : 1;
  },
};

/** A hint as doctor shows it: without the advice to run doctor. */
const withoutDoctor = (hint: string | undefined): string => (hint ?? '').replace(/Run `tracebase doctor`[^.]*\.\s*/g, '');

function canRead(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
