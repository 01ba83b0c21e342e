import { TracebaseError, UsageError } from '../../core/errors.ts';
import { findEvent, parseEventId } from '../../store/queries.ts';
import { findLine, OVERSIZED_PREFIX, openSegment, readBigParts } from '../../store/raw.ts';
import type { Command } from '../context.ts';
import { withStore } from './shared.ts';

export const show: Command = {
  name: 'show',
  summary: 'Decrypt and print the original raw line behind one event (explicit local view, not redacted)',
  args: '<eventId>',
  run(ctx, _opts, pos) {
    if (pos.length !== 1) throw new UsageError('show needs exactly one event id.', 'Find ids with `tracebase search` or `tracebase recent`.');
    const { h, n } = parseEventId(pos[0]!);
    return withStore(ctx, (store) => {
      const loc = findLine(store, h);
      if (!loc || !findEvent(store, h, n)) {
        throw new TracebaseError('RECORD_NOT_FOUND', `No event ${pos[0]} in this store.`, 'Find ids with `tracebase search` or `tracebase recent`.');
      }
      const line = openSegment(store, loc.seg, loc.streamKey)[loc.n];
      if (!line) throw new TracebaseError('RECORD_TAMPERED', 'The sealed segment does not hold the expected line.', 'Run `tracebase doctor`.');
      const text = line.bytes.toString('utf8');
      if (text.startsWith(OVERSIZED_PREFIX)) {
        const offset = Number(/"offset":(\d+)/.exec(text)?.[1] ?? -1);
        for (const part of readBigParts(store, loc.seg.stream_id, loc.streamKey, offset)) ctx.stdout.write(part.toString('utf8'));
        ctx.stdout.write('\n');
        return;
      }
      ctx.stdout.write(`${text}\n`);
    });
  },
};
