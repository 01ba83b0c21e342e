// Worker side of the parallel import: read a transcript from a start offset, parse, redact and
// hash its lines, and post batches to the writer. Pure of the store: it never opens it.
import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { Provider } from '../core/types.ts';
import { adapterFor } from '../sources/index.ts';
import { parseObject } from '../sources/json.ts';
import { isBlank, LineReader } from './lines.ts';
import { type PreparedLine, parseStoredLine } from './lines-to-index.ts';
import { toWire, type WireBatch } from './wire.ts';

export interface PrepareJob {
  file: number;
  provider: Provider;
  path: string;
  streamKey: string;
  start: number;
  state: string | undefined;
  maxLine: number | undefined;
  batchBytes: number;
  batchLines: number;
  /** Batches posted but not yet committed (shared with the writer, which decrements it). */
  credits: SharedArrayBuffer;
  maxInFlight: number;
}

export type PrepareMessage =
  | { file: number; kind: 'batch'; batch: WireBatch; end: number; glued: number; state: string; bytesRead: number }
  /** The batch ends where an oversized line starts: the writer finishes the file itself. */
  | { file: number; kind: 'fallback'; batch: WireBatch; end: number; glued: number; state: string; bytesRead: number }
  | { file: number; kind: 'end'; batch: WireBatch; end: number; glued: number; state: string; bytesRead: number }
  | { file: number; kind: 'error'; message: string };

function run(job: PrepareJob): void {
  const port = parentPort!;
  const credits = new Int32Array(job.credits);
  const adapter = adapterFor(job.provider);
  const parser = adapter.createParser(job.path, job.state === undefined ? undefined : (JSON.parse(job.state) as Record<string, unknown>));
  const fd = openSync(job.path, 'r');
  try {
    const reader = new LineReader(fd, job.start, { maxLine: job.maxLine });
    let batch: PreparedLine[] = [];
    let bytes = 0;
    let bytesRead = 0;
    const post = (kind: 'batch' | 'fallback' | 'end', end: number, glued: number) => {
      for (let n = Atomics.load(credits, 0); n >= job.maxInFlight; n = Atomics.load(credits, 0)) Atomics.wait(credits, 0, n, 1000);
      const { batch: wire, transfer } = toWire(batch);
      Atomics.add(credits, 0, 1);
      port.postMessage({ file: job.file, kind, batch: wire, end, glued, state: JSON.stringify(parser.snapshot()), bytesRead } satisfies PrepareMessage, transfer);
      batch = [];
      bytes = 0;
      bytesRead = 0;
    };
    for (const chunk of reader.lines()) {
      if (chunk.kind !== 'line') {
        post('fallback', chunk.offset, 0);
        return;
      }
      bytesRead += chunk.bytes.length + 1;
      if (isBlank(chunk.bytes)) continue;
      batch.push(parseStoredLine(parser, job.provider, job.streamKey, chunk.bytes, chunk.offset));
      bytes += chunk.bytes.length;
      if (bytes >= job.batchBytes || batch.length >= job.batchLines) post('batch', chunk.end, 0);
    }
    const tail = reader.tail();
    let end = tail.offset;
    let glued = 0;
    if (tail.bytes.length > 0 && !isBlank(tail.bytes) && parseObject(tail.bytes.toString('utf8'))) {
      batch.push(parseStoredLine(parser, job.provider, job.streamKey, tail.bytes, tail.offset));
      bytesRead += tail.bytes.length;
      end = tail.offset + tail.bytes.length;
      glued = 1;
    }
    post('end', end, glued);
  } finally {
    closeSync(fd);
  }
}

parentPort?.on('message', (job: PrepareJob) => {
  try {
    run(job);
  } catch (e) {
    parentPort!.postMessage({ file: job.file, kind: 'error', message: String((e as Error)?.message ?? e).split('\n')[0] ?? 'error' } satisfies PrepareMessage);
  }
});
