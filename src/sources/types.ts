// The contract every source folder implements: discover → read → parse → normalized records.
// Sources are pure: they never import the store, and they keep no global state.
import type { ParsedLine, Provider } from '../core/types.ts';

/** JSON-serializable parser state, saved in the per-file checkpoint so an incremental
 * re-import that starts mid-file parses exactly as a full read would. Keep it small. */
export type ParserState = Record<string, unknown>;

export interface SourceParser {
  /** Parse one physical line (no trailing newline). `offset` is the byte offset of its start. */
  parseLine(line: string, offset: number): ParsedLine;
  /** State to resume with after the last line given to `parseLine`. */
  snapshot(): ParserState;
}

export interface SourceEnv {
  home: string;
  env: Record<string, string | undefined>;
}

export interface SourceAdapter {
  provider: Provider;
  /** Directories `tracebase import` scans by default. */
  defaultRoots(env: SourceEnv): string[];
  /** Whether a file found under a root is a transcript of this provider. */
  isTranscript(path: string): boolean;
  /**
   * Identity of the stream a file holds, independent of the directory it sits in, so a
   * moved or re-read transcript never duplicates (e.g. 'rollout-…-<uuid>', '<session>/agent-<id>').
   */
  streamKey(path: string): string;
  /** Files that are one JSON document rewritten whole on every save: split into item lines. */
  splitDocument?(path: string, text: string): string[] | undefined;
  /** `saved` is the state from the checkpoint when resuming mid-file. */
  createParser(path: string, saved?: ParserState): SourceParser;
  /** The session whose facts a file beside this transcript gives (Claude's `agent-<id>.meta.json`), by name only. */
  sidecarSession?(path: string): string | undefined;
  /** Those facts, read from the file beside it; undefined when there is none. */
  sidecarFacts?(path: string): { agentType?: string } | undefined;
}
