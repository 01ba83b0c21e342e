// The CLI entry: parse arguments, run one command, translate errors into one line and an
// exit code (0 ok, 1 failure, 2 usage). The only place that decides exit codes.
import { parseArgs } from 'node:util';
import { resolveConfig } from '../core/config.ts';
import { isTracebaseError, TracebaseError, translateFsError, UsageError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { quoteRedacted } from '../redact/clip.ts';
import { COMMANDS, findCommand } from './commands/index.ts';
import type { CliContext, Command, Out } from './context.ts';
import { shown } from './output.ts';

const wrap = (s: NodeJS.WriteStream): Out => ({
  write: (t) => void s.write(t),
  isTTY: s.isTTY === true,
  ...(s.isTTY && s.columns > 0 ? { columns: s.columns } : {}),
});

/** A reader that stops early (`tracebase recent | head -1`) ends the output, quietly: the write
 * fails later, outside any command's try, so it is caught here. Committed work is kept. */
function quietOnClosedPipe(s: NodeJS.WriteStream): void {
  if (s.listenerCount('error') > 0) return;
  s.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    // Output that cannot be written (a full disk, `> /dev/full`, an I/O error): said, no stack trace.
    const why = e.code === 'ENOSPC' ? 'the disk it goes to is full' : e.code === 'EDQUOT' ? 'the disk quota is used up' : (e.code ?? 'a write error');
    process.stderr.write(`tracebase: could not write the output (${why}). What the command stored is kept; run it again with its output going somewhere with room.\n`);
    process.exit(1);
  });
}

export function defaultContext(env: Record<string, string | undefined> = process.env): CliContext {
  quietOnClosedPipe(process.stdout);
  const stderr = wrap(process.stderr);
  return {
    config: resolveConfig(env),
    env,
    stdout: wrap(process.stdout),
    stderr,
    color: stderr.isTTY && !env['NO_COLOR'],
  };
}

export function usage(bin = 'tracebase'): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `${bin} ${VERSION} — secure local capture and inspection of coding-agent sessions`,
    '',
    `Usage: ${bin} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`${bin} <command> --help\` for a command's options. Store: $TRACE_HOME (default ~/.traces).`,
    '',
  ].join('\n');
}

export function commandHelp(cmd: Command, bin = 'tracebase'): string {
  const lines = [`${bin} ${cmd.name}${cmd.args ? ` ${cmd.args}` : ''}${cmd.options ? ' [options]' : ''}`, '', cmd.summary, ...(cmd.details ? [cmd.details] : []), ''];
  const opts = Object.entries(cmd.options ?? {});
  if (opts.length) {
    lines.push('Options:');
    for (const [name, o] of opts) {
      const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ' <value>' : ''}`;
      lines.push(`  ${flag.padEnd(28)} ${o.description}`);
    }
    lines.push('');
  }
  lines.push('  -h, --help                   Show this help', '');
  return lines.join('\n');
}

export async function main(argv: string[], given?: CliContext, bin = 'tracebase'): Promise<number> {
  let ctx: CliContext;
  try {
    ctx = given ?? defaultContext();
  } catch (e) {
    // The settings themselves cannot be read (a relative TRACE_HOME in a folder deleted since).
    return reportError(wrap(process.stderr), e, bin);
  }
  const [name, ...rest] = argv;
  // No command is a usage error (exit 2), as an unknown one is: the list goes to stderr.
  if (!name) {
    ctx.stderr.write(usage(bin));
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined;
    const cmd = topic ? findCommand(topic) : undefined;
    if (topic && !cmd) {
      ctx.stderr.write(`${bin}: unknown command ${quoteRedacted(topic, 60)}. Run \`${bin} --help\` for the list.\n`);
      return 2;
    }
    ctx.stdout.write(cmd ? commandHelp(cmd, bin) : usage(bin));
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    ctx.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const cmd = findCommand(name);
  if (!cmd) {
    const near = closest(name, COMMANDS.map((c) => c.name));
    ctx.stderr.write(`${bin}: unknown command ${quoteRedacted(name, 60)}.${near ? ` Did you mean \`${bin} ${near}\`?` : ''} Run \`${bin} --help\` for the list.\n`);
    return 2;
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.stdout.write(commandHelp(cmd, bin));
      return 0;
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
      const options = Object.fromEntries(
        Object.entries(cmd.options ?? {}).map(([k, o]) => [
          k,
          { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
        ]),
      );
      parsed = parseArgs({ args: withNegativeValues(rest, cmd), options, allowPositionals: true, strict: true, tokens: true });
    } catch (e) {
      // Node's own text for this one quotes unevenly and reads as if the option were a value.
      const unknown = (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /Unknown option '([^']*)'/.exec(String((e as Error).message))?.[1] : undefined;
      if (unknown !== undefined) {
        // Node names the first letter of a word read as short options (`-test` → `-t`): name the word.
        const word = /^-[^-]$/.test(unknown) ? (rest.find((a) => a.startsWith(unknown) && a !== unknown && !a.includes('=')) ?? unknown) : unknown;
        const dash = cmd.args === undefined ? '' : ` A value that starts with '-' goes after '--' (\`${bin} ${cmd.name} ${cmd.dashExample ?? '-- -foo'}\`).`;
        const near = word.startsWith('--') ? closest(word.slice(2), Object.keys(cmd.options ?? {})) : undefined;
        throw new UsageError(`Unknown option ${quoteRedacted(word, 60)}.${near ? ` Did you mean --${near}?` : ''}`, `Run \`${bin} ${cmd.name} --help\`.${dash}`);
      }
      // `--provider` with nothing after it: Node says "Option '--provider <value>' argument missing".
      const missing = /Option '(-[^ ']+)(?: <value>)?' argument missing/.exec(String((e as Error).message))?.[1];
      if (missing !== undefined) throw new UsageError(`${missing} needs a value.`, `Run \`${bin} ${cmd.name} --help\`.`);
      throw new UsageError(String((e as Error).message), `Run \`${bin} ${cmd.name} --help\`.`);
    }
    refuseRepeated(parsed, cmd, bin);
    // `<a> <b>` takes two, `[query…]` any number, no `args` none: a stray word is a mistake
    // (`tracebase import ~/file.jsonl` would otherwise import everything).
    const most = cmd.args === undefined ? 0 : cmd.args.includes('…') ? Number.POSITIVE_INFINITY : cmd.args.split(' ').length;
    if (parsed.positionals.length > most) {
      const oneFile = cmd.name === 'import' ? ` To import one file: \`${bin} import-file <codex|claude> <file>\`.` : '';
      throw new UsageError(`Unexpected argument ${quoteRedacted(parsed.positionals[most]!, 60)}.`, `Run \`${bin} ${cmd.name} --help\`.${oneFile}`);
    }
    const code = await cmd.run(ctx, parsed.values as Record<string, string | boolean | string[] | undefined>, parsed.positionals);
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    return reportError(ctx.stderr, e, bin);
  }
}

/** `--limit -1` is read as `--limit=-1`, so the option's own check answers it (Node's parser
 * would call the value ambiguous, as if it were another option). */
function withNegativeValues(args: string[], cmd: Command): string[] {
  const takesValue = new Set<string>();
  for (const [name, o] of Object.entries(cmd.options ?? {})) {
    if (o.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (o.short) takesValue.add(`-${o.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.push(...args.slice(i));
      break;
    }
    const next = args[i + 1];
    if (takesValue.has(a) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** An option that takes one value, given twice, is a mistake rather than "the last one wins". */
function refuseRepeated(parsed: ReturnType<typeof parseArgs>, cmd: Command, bin: string): void {
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const o = cmd.options?.[t.name];
    if (!o || o.multiple || o.type !== 'string') continue;
    if (seen.has(t.name)) throw new UsageError(`--${t.name} is given more than once.`, `Give it once. Run \`${bin} ${cmd.name} --help\`.`);
    seen.add(t.name);
  }
}

function reportError(stderr: Out, raw: unknown, bin: string): number {
  const e = translateFsError(raw, 'running this command');
  if (isTracebaseError(e)) {
    stderr.write(`${bin}: ${shown(e.message)}\n`);
    if (e.hint) stderr.write(`  ${shown(e.hint)}\n`);
    return e.code === 'USAGE' || e.code === 'QUERY_INVALID' ? 2 : 1;
  }
  const code = (e as { code?: string })?.code;
  if (code === 'EPIPE') return 0;
  const msg = shown(String((e as Error)?.message ?? e).split('\n')[0] ?? 'unknown error');
  stderr.write(`${bin}: unexpected error: ${msg}\n  This is a bug; please report it with \`${bin} doctor\` output (it contains no transcript content).\n`);
  return 1;
}

export function requireArgs(positionals: string[], n: number, what: string): void {
  if (positionals.length < n) throw new UsageError(`Missing ${what}.`);
}

export { TracebaseError };

/** The name of `names` within two edits of `given` (a typo: `serch`, `--limt`), if exactly one is the closest. */
export function closest(given: string, names: readonly string[]): string | undefined {
  const dist = (a: string, b: string): number => {
    const d = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = d[0]!;
      d[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = d[j]!;
        d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
      }
    }
    return d[b.length]!;
  };
  if (given.length > 40) return undefined;
  const scored = names.map((n) => ({ n, d: dist(given.toLowerCase(), n) })).filter((x) => x.d <= 2).sort((a, b) => a.d - b.d);
  return scored.length > 0 && (scored.length === 1 || scored[0]!.d < scored[1]!.d) ? scored[0]!.n : undefined;
}
