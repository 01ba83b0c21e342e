// Worker side of the parallel import: read a transcript from a start offset, parse, redact and
// hash its lines, and post batches to the writer. Pure of the store: it never opens it.
import { createSecretKey } from 'node:crypto';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { Provider } from '../core/types.ts';
import { adapterFor } from '../sources/index.ts';
import { createSealer } from '../store/crypto.ts';
import { type SealedSegment, sealJoined } from '../store/raw.ts';
import { parseObject } from '../sources/json.ts';
import { chunkSizeFor, denseLine, isBlank, LineReader, READ_NO_WAIT } from './lines.ts';
import { type PreparedLine, parseStoredLine } from './lines-to-index.ts';
import { SecretMemory, STORE_MEMORY_MAX } from '../redact/memory.ts';
import { openStreamParser } from './stream-parser.ts';
import { JoinedLines, toWire, type WireBatch } from './wire.ts';

export interface PrepareJob {
  file: number;
  provider: Provider;
  /** Where the file is read from. */
  path: string;
  /** The name the store and the parser know it by (`storedPath`). */
  name: string;
  /** Inode of the file the writer opened: the worker reads it only if the path still names it. */
  ino: number;
  streamKey: string;
  start: number;
  state: string | undefined;
  /** Values the store knows that this worker was not sent yet (see store/known-secrets.ts). */
  known?: [string, string][];
  maxLine: number | undefined;
  batchBytes: number;
  batchLines: number;
  /** Batches posted but not yet committed (shared with the writer, which decrements it). */
  credits: SharedArrayBuffer;
  maxInFlight: number;
}

interface BatchMessage {
  file: number;
  batch: WireBatch;
  /** The batch's lines sealed as one segment, for when none of them turns out to be stored already. */
  segment: SealedSegment | undefined;
  end: number;
  glued: number;
  state: string;
  bytesRead: number;
  /** (On 'end') the file ends in a line still being written. */
  waiting?: boolean;
}

export type PrepareMessage =
  | (BatchMessage & { kind: 'batch' })
  /** The batch ends where an oversized line starts: the writer finishes the file itself. */
  | (BatchMessage & { kind: 'fallback' })
  | (BatchMessage & { kind: 'end' })
  | { file: number; kind: 'error'; message: string };

/** `b` itself when it is a whole buffer (transferable as is), else a copy. */
const ownBuffer = (b: Uint8Array): Uint8Array => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b));

const sealer = createSealer(Buffer.from((workerData as { key: Uint8Array }).key));
const idKeyBytes = (workerData as { idKey?: Uint8Array }).idKey;
const idKey = idKeyBytes ? createSecretKey(Buffer.from(idKeyBytes)) : undefined;
/** The store's memory of secrets, as this worker knows it: what the writer sent, and what the transcripts it read taught. */
const known = new SecretMemory(STORE_MEMORY_MAX);

function run(job: PrepareJob): void {
  const port = parentPort!;
  const credits = new Int32Array(job.credits);
  const adapter = adapterFor(job.provider);
  for (const [v, kind] of job.known ?? []) known.add(v, kind);
  known.takeLearned();
  const parser = openStreamParser(adapter, job.name, job.state);
  parser.memory.shareWith(known);
  // The path may name another file by now (replaced, or gone): the writer, which checked the
  // file it opened against its checkpoint, finishes it from there instead.
  const elsewhere = () => {
    Atomics.add(credits, 0, 1);
    port.postMessage({ file: job.file, kind: 'fallback', batch: toWire([], new JoinedLines(0)).batch, segment: undefined, end: job.start, glued: 0, state: JSON.stringify(parser.snapshot()), bytesRead: 0 } satisfies PrepareMessage);
  };
  let fd: number;
  try {
    fd = openSync(job.path, READ_NO_WAIT);
  } catch {
    elsewhere();
    return;
  }
  const st = fstatSync(fd);
  if (st.ino !== job.ino) {
    closeSync(fd);
    elsewhere();
    return;
  }
  try {
    // The read buffer is reused: each line is copied once, into the batch's joined lines. Both
    // sized to what there is to read (most transcripts are small).
    const remaining = st.size - job.start;
    const reader = new LineReader(fd, job.start, { maxLine: job.maxLine, reuseChunk: true, chunkSize: chunkSizeFor(remaining) });
    const joined = new JoinedLines(Math.min(job.batchBytes + (job.batchBytes >> 2), chunkSizeFor(remaining)));
    let batch: PreparedLine[] = [];
    let bytes = 0;
    let bytesRead = 0;
    const post = (kind: 'batch' | 'fallback' | 'end', end: number, glued: number, waiting = false) => {
      for (let n = Atomics.load(credits, 0); n >= job.maxInFlight; n = Atomics.load(credits, 0)) Atomics.wait(credits, 0, n, 1000);
      // Sealed from the joined lines before they are handed over; transferred in buffers of their own.
      const sealed = batch.length ? sealJoined(sealer, job.streamKey, batch, joined.joined()) : undefined;
      const segment = sealed && { ...sealed, uid: new Uint8Array(sealed.uid), sealed: ownBuffer(sealed.sealed) };
      const { batch: wire, transfer } = toWire(batch, joined);
      if (segment) transfer.push(segment.sealed.buffer as ArrayBuffer);
      Atomics.add(credits, 0, 1);
      port.postMessage({ file: job.file, kind, batch: wire, segment, end, glued, state: JSON.stringify(parser.snapshot()), bytesRead, ...(waiting ? { waiting } : {}) } satisfies PrepareMessage, transfer);
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
      const line = parseStoredLine(parser, job.provider, job.streamKey, chunk.bytes, chunk.offset, idKey);
      line.bytes = joined.add(chunk.bytes);
      batch.push(line);
      bytes += chunk.bytes.length;
      if (bytes >= job.batchBytes || batch.length >= job.batchLines) post('batch', chunk.end, 0);
    }
    const tail = reader.tail();
    let end = tail.offset;
    let glued = 0;
    if (tail.bytes.length > 0 && !isBlank(tail.bytes) && !denseLine(tail.bytes) && parseObject(tail.bytes.toString('utf8'))) {
      const line = parseStoredLine(parser, job.provider, job.streamKey, tail.bytes, tail.offset, idKey);
      line.bytes = joined.add(tail.bytes);
      batch.push(line);
      bytesRead += tail.bytes.length;
      end = tail.offset + tail.bytes.length;
      glued = 1;
    }
    post('end', end, glued, glued === 0 && tail.bytes.length > 0 && !isBlank(tail.bytes));
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
