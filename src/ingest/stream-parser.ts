// A transcript's reading state, saved (sealed) in its checkpoint between imports: the source
// parser's state plus the redactor's memory of the secrets found in it so far.
import { SecretMemory } from '../redact/memory.ts';
import type { ParserState, SourceAdapter, SourceParser } from '../sources/types.ts';
import type { Store } from '../store/store.ts';
import { readCheckpoint } from './checkpoint.ts';

export interface StreamParser extends SourceParser {
  /** Secrets found so far in this transcript, redacted wherever a later line repeats them bare. */
  readonly memory: SecretMemory;
}

const PARSER = 'tb:parser';
const SECRETS = 'tb:secrets';

/** The parser for `path`, resumed from a saved state (a checkpoint's, as `JSON.stringify(snapshot())`). */
export function openStreamParser(adapter: SourceAdapter, path: string, saved?: string): StreamParser {
  let state: ParserState | undefined;
  let memory = new SecretMemory();
  if (saved !== undefined) {
    const o = JSON.parse(saved) as ParserState;
    // A checkpoint written before the memory holds the parser's state alone.
    if (o && typeof o === 'object' && PARSER in o) {
      state = (o[PARSER] as ParserState | null) ?? undefined;
      memory = SecretMemory.from(o[SECRETS]);
    } else state = o;
  }
  const parser = adapter.createParser(path, state);
  return {
    memory,
    parseLine: (line, offset) => parser.parseLine(line, offset),
    snapshot: () => ({ [PARSER]: parser.snapshot(), [SECRETS]: memory.toJSON() }),
  };
}

/** Whether a saved state shows the memory empty (then it was empty at every line before it:
 * values are only forgotten to make room). A state from before the memory tells nothing. */
export function remembersNothing(saved: string): boolean {
  const o = JSON.parse(saved) as ParserState;
  return !!o && typeof o === 'object' && PARSER in o && Array.isArray(o[SECRETS]) && (o[SECRETS] as unknown[]).length === 0;
}

/**
 * A saved state that starts a fresh parse with `memory` remembered (a file read again from its
 * start, or a new path of a known transcript): what the stream's stored lines taught the
 * redactor still holds for the lines read next, as it does when `tracebase index` reads the
 * stored lines in order.
 */
export function freshWithMemory(memory: SecretMemory): string | undefined {
  return memory.size === 0 ? undefined : JSON.stringify({ [PARSER]: null, [SECRETS]: memory.toJSON() });
}

/** The memory a saved state holds (empty for a state from before the memory). */
export function memoryOf(saved: string): SecretMemory {
  const o = JSON.parse(saved) as ParserState;
  return o && typeof o === 'object' && PARSER in o ? SecretMemory.from(o[SECRETS]) : new SecretMemory();
}

/** What a stream's stored lines taught the redactor: the memories of its checkpoints (every
 * path the transcript was read from), oldest first. */
export function storedMemory(store: Store, streamId: number): SecretMemory {
  const memory = new SecretMemory();
  const rows = store.statement('SELECT path FROM sources WHERE stream_id = ? ORDER BY imported_at').all(streamId) as { path: string }[];
  for (const { path } of rows) {
    const cp = readCheckpoint(store, path);
    if (cp) memory.merge(memoryOf(cp.state));
  }
  return memory;
}
