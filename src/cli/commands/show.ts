import { UsageError } from '../../core/errors.ts';
import { eventId, parseEventId } from '../../store/queries.ts';
import { rawEventChunks } from '../../store/raw-event.ts';
import type { Command } from '../context.ts';
import { jsonStringPart, terminalSafe } from '../output.ts';
import { withStore } from './shared.ts';

export const show: Command = {
  name: 'show',
  summary: 'Decrypt and print the original raw line behind one event (explicit local view, not redacted)',
  args: '<eventId>',
  options: { json: { type: 'boolean', description: 'Print {id, line} as JSON (the line as a string) instead of the raw bytes' } },
  run(ctx, opts, pos) {
    if (pos.length !== 1) throw new UsageError('show needs exactly one event id.', 'Find ids with `tracebase search` or `tracebase recent`.');
    const key = parseEventId(pos[0]!); // a malformed id is a usage error, before the store is opened
    return withStore(ctx, (store) => {
      const chunks = rawEventChunks(store, pos[0]!);
      const first = chunks.next(); // errors (unknown id, tampering) surface before any output
      // The original bytes as they are: decoding each stored part of a long line on its own
      // would break a character that straddles two parts (and any invalid UTF-8 in the line).
      if (opts['json']) {
        // The line as a JSON string (any bytes that are not UTF-8 become U+FFFD; a byte order mark is kept), for scripts: written part by part,
        // as printJson would write it whole (a line of 600 MB is longer than a string may be; a hunt saw "a bug").
        const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
        ctx.stdout.write(`{\n  "id": "${eventId(key.h, key.n)}",\n  "line": "`);
        if (!first.done) ctx.stdout.write(jsonStringPart(utf8.decode(first.value, { stream: true })));
        for (const part of chunks) ctx.stdout.write(jsonStringPart(utf8.decode(part, { stream: true })));
        ctx.stdout.write(`${jsonStringPart(utf8.decode())}"\n}\n`);
        return;
      }
      // On a terminal, controls in the line (a malformed one can hold a raw ESC) are shown escaped.
      const decoder = ctx.stdout.isTTY ? new TextDecoder('utf-8', { ignoreBOM: true }) : undefined;
      const write = (part: Uint8Array) => ctx.stdout.write(decoder ? terminalSafe(decoder.decode(part, { stream: true })) : part);
      if (!first.done) write(first.value);
      for (const part of chunks) write(part);
      ctx.stdout.write(decoder ? `${terminalSafe(decoder.decode())}\n` : '\n');
    });
  },
};
