// What a command gets: its parsed arguments, the environment, and where to write.
import type { Config } from '../core/config.ts';

export interface Out {
  /** Text, or bytes written as they are (\`show\` prints a transcript's exact original bytes). */
  write(s: string | Uint8Array): void;
  isTTY: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
}

export interface CliContext {
  config: Config;
  env: Record<string, string | undefined>;
  stdout: Out;
  stderr: Out;
  /** Colour only on a TTY and when NO_COLOR is unset. */
  color: boolean;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  description: string;
}

export interface Command {
  name: string;
  summary: string;
  /** More lines for `--help`, after the summary. */
  details?: string;
  /** Positional arguments, e.g. '<provider> <file>'. */
  args?: string;
  /** How to pass an argument that starts with '-' (default `-- -foo`). */
  dashExample?: string;
  options?: Record<string, OptionSpec>;
  /** Returns the exit code; anything that is not a number means 0. */
  run(ctx: CliContext, opts: Record<string, string | boolean | string[] | undefined>, positionals: string[]): unknown;
}
