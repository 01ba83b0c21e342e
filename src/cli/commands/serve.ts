// `tracebase serve` (read-only dashboard + API) and `tracebase agent` (the same with live intake).
// Runs until Ctrl-C / SIGTERM, then drains in-flight requests and closes the store.
import { UsageError } from '../../core/errors.ts';
import type { TracebaseServer } from '../../server/app.ts';
import { DEFAULT_PORT } from '../../server/defaults.ts';
import { isServerError } from '../../server/errors.ts';
import { openStore } from '../../store/store.ts';
import type { CliContext, Command, OptionSpec } from '../context.ts';
import { cliOpen, intOpt } from './shared.ts';

const common: Record<string, OptionSpec> = {
  port: { type: 'string', description: `Port (default ${DEFAULT_PORT}; 0 picks a free one)` },
  host: { type: 'string', description: 'Address to bind (default 127.0.0.1; others need --allow-remote)' },
  'allow-remote': { type: 'boolean', description: 'Allow a non-loopback --host; every API request then needs the printed access token' },
};

async function run(ctx: CliContext, opts: Record<string, unknown>, intake: boolean | undefined): Promise<number> {
  const port = intOpt(opts['port'], 'port', 0, 65_535) ?? DEFAULT_PORT;
  // Loaded here, not with the command table: the server's modules cost every other command memory.
  const { createServer } = await import('../../server/app.ts');
  const store = openStore(ctx.config, cliOpen(ctx));
  try {
    let server: TracebaseServer;
    try {
      server = createServer({
        store,
        config: ctx.config,
        options: {
          port,
          host: opts['host'] as string | undefined,
          allowRemote: opts['allow-remote'] === true ? true : undefined,
          allowIntake: intake,
          log: (line) => ctx.stderr.write(`${line}\n`),
        },
      });
      await server.listen();
    } catch (e) {
      if (isServerError(e) && e.code === 'PORT_IN_USE') {
        ctx.stderr.write(`tracebase: ${e.message}\n`);
        return 1;
      }
      if (isServerError(e)) throw new UsageError(e.message, e.hint);
      throw e;
    }
    const s = server.security;
    // Listening for the stop signals before the URL is out: whoever reads it may stop us at once.
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      const on = (sig: NodeJS.Signals) => {
        process.off('SIGINT', on);
        process.off('SIGTERM', on);
        resolve(sig);
      };
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
    });
    if (server.token) {
      ctx.stdout.write(`Tracebase dashboard: ${server.url}?token=${server.token}\n`);
      ctx.stdout.write(`Access token (send as "Authorization: Bearer <token>"): ${server.token}\n`);
    } else {
      ctx.stdout.write(`Tracebase dashboard: ${server.url}\n`);
    }
    ctx.stderr.write(
      `${s.remote ? 'Serving on the network (token required)' : 'Serving on loopback only'}; intake ${s.allowIntake ? 'ON' : 'off'}; raw blob reads ${s.allowRawBlob ? 'ON' : 'off'}. Ctrl-C stops.\n`,
    );
    const signal = await stopped;
    ctx.stderr.write(`${signal}: finishing in-flight requests, then closing the store.\n`);
    await server.close();
    return 0;
  } finally {
    store.close();
  }
}

export const serve: Command = {
  name: 'serve',
  summary: 'Dashboard and HTTP API on http://127.0.0.1:18427 (read-only unless --allow-intake)',
  options: {
    ...common,
    'allow-intake': { type: 'boolean', description: 'Open the live intake routes (POST /api/events, /api/spans, /api/intake; they answer 501: not in this version)' },
  },
  run: (ctx, opts) => run(ctx, opts, opts['allow-intake'] === true ? true : undefined),
};

export const agent: Command = {
  name: 'agent',
  summary: 'Dashboard and HTTP API with the intake routes open (= serve --allow-intake; intake answers 501 in this version)',
  options: common,
  run: (ctx, opts) => run(ctx, opts, true),
};
