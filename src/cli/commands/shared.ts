// Small helpers the command modules share.
import { parseDate } from '../../core/dates.ts';
import { UsageError } from '../../core/errors.ts';
import { PROVIDERS, type Provider } from '../../core/types.ts';
import { quoteRedacted } from '../../redact/clip.ts';
import { type OpenOptions, openStore, type Store } from '../../store/store.ts';
import type { CliContext } from '../context.ts';
import { paint, shown } from '../output.ts';

/** What the CLI opens a store with: what opening fixed is said on stderr. */
export const cliOpen = (ctx: CliContext, opts: OpenOptions = {}): OpenOptions => ({ ...opts, onNotice: (m) => ctx.stderr.write(`${paint(ctx, 'yellow', 'note:')} ${shown(m)}\n`) });

export function withStore<T>(ctx: CliContext, fn: (store: Store) => T, opts?: OpenOptions): T {
  const store = openStore(ctx.config, cliOpen(ctx, opts));
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

export async function withStoreAsync<T>(ctx: CliContext, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore(ctx.config, cliOpen(ctx));
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** A string option that, when given, must say something (`--session-id ""` is a mistake, not "any"). */
export function textOpt(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} needs a value.`);
  return v;
}

/** A provider name in any case (`Claude`). `other`: the command's other argument, for a hint when
 * the two were given the wrong way round (`import-file <file> claude`). */
export function providerOpt(v: unknown, other?: string): Provider | undefined {
  if (v === undefined) return undefined;
  const given = typeof v === 'string' ? v.toLowerCase() : '';
  if (!(PROVIDERS as readonly string[]).includes(given)) {
    const swapped = other !== undefined && (PROVIDERS as readonly string[]).includes(other.toLowerCase());
    throw new UsageError(
      `Unknown provider ${quoteRedacted(String(v), 40)}.`,
      swapped ? `The provider comes first: \`import-file ${other!.toLowerCase()} <file>\`.` : `Use one of: ${PROVIDERS.join(', ')}.`,
    );
  }
  return given as Provider;
}

export function intOpt(v: unknown, name: string, min = 1, max = 1_000_000): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}.`);
  }
  return n;
}

/** Accepts ISO dates/times and relative forms like 7d, 12h, 30m. */
export function dateOpt(v: unknown, name: string, now = Date.now()): Date | undefined {
  if (v === undefined) return undefined;
  const text = String(v).trim();
  const d = parseDate(text, now);
  if (!d) {
    // A well-formed day that is not on the calendar (2026-02-30) is told as such.
    const day = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
    const [y, m, dd] = day ? [Number(day[1]), Number(day[2]), Number(day[3])] : [0, 0, 0];
    if (day && m >= 1 && m <= 12 && dd >= 1 && dd <= 31 && new Date(Date.UTC(y, m - 1, dd)).getUTCDate() !== dd) {
      throw new UsageError(`--${name}: ${day[0].slice(0, 10)} is not a day of the calendar.`, 'Check the day of the month.');
    }
    throw new UsageError(`--${name} must be a date like 2026-01-31 or 2026-01-31T12:00:00Z, or an age like 7d, 12h or 30m (at most 6 digits).`);
  }
  return d;
}

/** What a listing of an empty store says (the store is read only when it has no session). */
export function noSessionsYet(store: Store): string {
  const files = (store.db.prepare('SELECT count(*) AS n FROM sources').get() as { n: number }).n;
  if (files === 0) return 'No sessions yet. Run `tracebase import` (or `tracebase demo` to see a sample).';
  const lines = store.db.prepare('SELECT 1 FROM line_ids LIMIT 1').get() !== undefined;
  const them = files === 1 ? 'the transcript imported so far' : `the ${files} transcripts imported so far`;
  return lines
    ? `No sessions yet: ${them} ${files === 1 ? 'holds' : 'hold'} no session (\`tracebase doctor\` shows what was read).`
    : `No sessions yet: ${them} ${files === 1 ? 'is' : 'are'} empty. A session appears once its agent writes to it; run \`tracebase import\` again then.`;
}

export const jsonOpt = { json: { type: 'boolean', description: 'Print JSON instead of text' } } as const;
/** For commands whose output is JSONL already: `--json` is accepted, so scripts can pass it everywhere. */
export const jsonlOpt = { json: { type: 'boolean', description: 'Accepted for scripts: the output is always JSONL' } } as const;
