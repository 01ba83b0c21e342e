// A transcript's reading state, saved (sealed) in its checkpoint between imports: the source
// parser's state plus the redactor's memory of the secrets found in it so far, and what the
// calls so far tell about secrets still to come (a command printing one, a password prompt).
import type { NormalizedEvent } from '../core/types.ts';
import { SecretMemory } from '../redact/memory.ts';
import { isRepeatable } from '../redact/redact.ts';
import { outputBody, type PrintedTemplates, printedSecrets, printedSecretTemplates } from '../redact/printed.ts';
import type { ParserState, SourceAdapter, SourceParser } from '../sources/types.ts';
import type { Store } from '../store/store.ts';
import { readCheckpoint } from './checkpoint.ts';

export interface StreamParser extends SourceParser {
  /** Secrets found so far in this transcript, redacted wherever a later line repeats them bare. */
  readonly memory: SecretMemory;
  /**
   * Reads what an event tells about secrets, before it is redacted: the output of a command that
   * prints one (`printenv DB_PASSWORD`, `gh auth token`), an answer typed at a password prompt
   * (Codex `write_stdin`). Such values are remembered, so this event and later ones redact them.
   */
  learn(ev: NormalizedEvent): void;
}

const PARSER = 'tb:parser';
const SECRETS = 'tb:secrets';
const PRINTING = 'tb:printing';
const PROMPTED = 'tb:prompted';
/** Set once a printed or typed secret was read in the transcript: its whole texts are then
 * always derived by reading it again (`remembersNothing` is false), as for a non-empty memory. */
const PRINTED_EVER = 'tb:printed';
/** Calls printing a secret whose result has not been read, at most. */
const PRINTING_MAX = 32;
/** The kind a printed or typed secret is counted as: a value named as a secret. */
const PRINTED_KIND = 'secret_assignment';

/** A last output line asking for a secret (`Password: `, `Enter passphrase for key …: `,
 * `[sudo] password for dev: `, `Enter PEM pass phrase:`): the word, then at most whom it is for. */
const SECRET_PROMPT = /(?:^|[\s[(])(?:password|passphrase|pass phrase|passcode|pin|token|secret|api[ _-]?key)(?:\s+(?:for|of)\s+[^:\n]{1,120})?(?:\s*\([^)\n]{0,20}\))?\s*:\s*$/i;
/** …but not one asking about it (`Enter a name for the new token:`, `Token usage:`). */
const ABOUT_IT = /\b(?:name|label|description|title|comment|note|id|count|usage|budget|limit|expir\w*|scope|type|length)\b/i;

function asksForSecret(output: string): boolean {
  const line = (output.trimEnd().split('\n').at(-1) ?? '').slice(-200);
  const m = SECRET_PROMPT.exec(line);
  return m !== null && !ABOUT_IT.test(line.slice(0, m.index));
}

/** What a Codex `write_stdin` call types (its `chars`, without the Enter that ends them). */
function typed(input: string | undefined): string | undefined {
  if (!input?.startsWith('{')) return undefined;
  try {
    const chars = (JSON.parse(input) as { chars?: unknown }).chars;
    return typeof chars === 'string' ? chars.replace(/[\r\n]+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** Values remembered from one event's printed output, at most: a listing (`pwgen 20 100`) must
 * not push out the secrets remembered before it. */
const LEARNED_PER_EVENT = 8;

/** The parser for `path`, resumed from a saved state (a checkpoint's, as `JSON.stringify(snapshot())`). */
export function openStreamParser(adapter: SourceAdapter, path: string, saved?: string): StreamParser {
  let state: ParserState | undefined;
  let memory = new SecretMemory();
  const printing = new Map<string, PrintedTemplates>();
  let prompted = false;
  let printedEver = false;
  if (saved !== undefined) {
    const o = JSON.parse(saved) as ParserState;
    // A checkpoint written before the memory holds the parser's state alone.
    if (o && typeof o === 'object' && PARSER in o) {
      state = (o[PARSER] as ParserState | null) ?? undefined;
      memory = SecretMemory.from(o[SECRETS]);
      const p = o[PRINTING];
      if (Array.isArray(p)) for (const x of p) if (Array.isArray(x) && typeof x[0] === 'string' && Array.isArray(x[1])) printing.set(x[0], x[1].filter(Array.isArray));
      prompted = o[PROMPTED] === true;
      printedEver = o[PRINTED_EVER] === true;
    } else state = o;
  }
  const parser = adapter.createParser(path, state);
  /** The values are redacted in this event whatever they look like; generated-looking ones are
   * also remembered for later lines (a word such as `password` would blank out the word). */
  const learnFrom = (ev: NormalizedEvent, values: string[], chase = isRepeatable) => {
    if (values.length === 0) return;
    printedEver = true;
    ev.printed = [...(ev.printed ?? []), ...values];
    let n = 0;
    for (const v of values) if (n < LEARNED_PER_EVENT && chase(v) && ++n) memory.add(v, PRINTED_KIND);
  };
  return {
    memory,
    parseLine: (line, offset) => parser.parseLine(line, offset),
    learn(ev) {
      const tool = ev.tool;
      if (!tool || ev.duplicate) return;
      if (ev.kind === 'tool_call') {
        const templates = printedSecretTemplates(tool.command);
        if (templates && tool.callId) {
          printing.delete(tool.callId);
          printing.set(tool.callId, templates);
          if (printing.size > PRINTING_MAX) printing.delete(printing.keys().next().value!);
        }
        const answer = tool.name === 'write_stdin' ? typed(tool.input) : undefined;
        // (An empty poll between the prompt and the answer types nothing.)
        if (answer === '') return;
        // Typed at a prompt for it, a passphrase of words is chased too (not a lone word: `exit`).
        if (prompted && answer && answer.length >= 4 && answer.length <= 1024 && !/[\n\x00-\x08]/.test(answer)) {
          learnFrom(ev, [answer], (v) => isRepeatable(v) || (v.length >= 8 && !/^[a-z]+$/i.test(v)));
        }
        prompted = false;
      } else if (ev.kind === 'tool_result' && ev.text !== undefined) {
        const body = outputBody(ev.text);
        const templates = (tool.callId !== undefined ? printing.get(tool.callId) : undefined) ?? printedSecretTemplates(tool.command);
        if (templates) learnFrom(ev, printedSecrets(templates, body));
        // (A poll that printed nothing leaves the prompt where it was.)
        if (body.trim() !== '') prompted = asksForSecret(body);
      }
    },
    snapshot: () => ({
      [PARSER]: parser.snapshot(),
      [SECRETS]: memory.toJSON(),
      ...(printing.size > 0 ? { [PRINTING]: [...printing] } : {}),
      ...(prompted ? { [PROMPTED]: true } : {}),
      ...(printedEver ? { [PRINTED_EVER]: true } : {}),
    }),
  };
}

/** Whether a saved state shows the memory empty (then it was empty at every line before it:
 * values are only forgotten to make room) and no printed secret ever read. A state from before
 * the memory tells nothing. */
export function remembersNothing(saved: string): boolean {
  const o = JSON.parse(saved) as ParserState;
  return !!o && typeof o === 'object' && PARSER in o && Array.isArray(o[SECRETS]) && (o[SECRETS] as unknown[]).length === 0 && o[PRINTED_EVER] !== true;
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
