// A transcript's reading state, saved (sealed) in its checkpoint between imports: the source
// parser's state plus the redactor's memory of the secrets found in it so far, and what the
// calls so far tell about secrets still to come (a command printing one, a password prompt).
import type { NormalizedEvent, ParsedLine } from '../core/types.ts';
import { SecretMemory } from '../redact/memory.ts';
import { findSecrets, isRepeatable } from '../redact/redact.ts';
import { outputBody, type PrintedTemplates, printedSecrets, printedSecretTemplates, secretName, userShell } from '../redact/printed.ts';
import type { ParserState, SourceAdapter, SourceParser } from '../sources/types.ts';
import type { Store } from '../store/store.ts';
import { readCheckpoint } from './checkpoint.ts';

export interface StreamParser extends SourceParser {
  /** Secrets found so far in this transcript, redacted wherever a later line repeats them bare. */
  readonly memory: SecretMemory;
  /** Parses one line; `size` is its length in the file (its text's when not given: an oversized line's is the
   * placeholder's, a line of bytes that are not UTF-8 is longer as text). */
  parseLine(line: string, offset: number, size?: number): ParsedLine;
  /**
   * Reads what an event tells about secrets, before it is redacted: the output of a command that
   * prints one (`printenv DB_PASSWORD`, `gh auth token`), an answer typed at a password prompt
   * (Codex `write_stdin`). Such values are remembered, so this event and later ones redact them.
   */
  learn(ev: NormalizedEvent): void;
  /**
   * Takes in what a saved state (a checkpoint's) knows of secrets: its memory, and the calls it
   * knows to print or type one. For a rebuild reading a stream that lost lines: what they taught
   * the redactor is in the checkpoints, not in the lines left.
   */
  recall(saved: string): void;
}

const PARSER = 'tb:parser';
const SECRETS = 'tb:secrets';
const PRINTING = 'tb:printing';
const PROMPTED = 'tb:prompted';
/** Set once a printed or typed secret was read in the transcript: its whole texts are then
 * always derived by reading it again (`remembersNothing` is false), as for a non-empty memory. */
const PRINTED_EVER = 'tb:printed';
const TYPED = 'tb:typed';
/** The offset of the last line read, the sessions its reading named so far, and (after a line before it) the fresh
 * reading that may be the file's new content: see `parseLine`. */
const LAST = 'tb:last';
const SEEN = 'tb:seen';
const TRIAL = 'tb:trial';
const NEXT = 'tb:next';
const TRIAL_FROM = 'tb:trial-from';
/** Where the current reading's next line starts, and the readings a fresh one took over from (see `parseLine`). */
const AT = 'tb:at';
const PAST = 'tb:past';
/** Earlier readings kept to go back to, at most. */
const PAST_MAX = 4;
/** A running command's last output line left unfinished, by its process, and the polls (`write_stdin`) of each. */
const TAILS = 'tb:tails';
const POLLS = 'tb:polls';
/** Sessions remembered per reading: enough for a transcript's own and its subagents'. */
const SEEN_MAX = 64;
/** Calls printing a secret whose result has not been read, at most. */
const PRINTING_MAX = 32;
/** The kind a printed or typed secret is counted as: a value named as a secret. */
const PRINTED_KIND = 'secret_assignment';

/** A last output line asking for a secret (`Password: `, `Enter passphrase for key …: `,
 * `[sudo] password for dev: `, `Enter PEM pass phrase:`): the word, then at most whom it is for. Also keys
 * named for a secret (s3cmd's and mc's `Secret Key: `, vault's `Unseal Key (will be hidden): `, `License key: `),
 * what a password unlocks (keepassxc's `Enter password to unlock vault.kdbx: `), and `>` for the colon (cf and
 * ibmcloud login's `Password> `). Not `Access Key: `, the key's public half. */
const SECRET_PROMPT =
  /(?:^|[\s[(])(?:password|passwd|passphrase|pass phrase|passcode|pin|puk|token|secret(?: value| access key)?|(?:secret|unseal|encryption|decryption|license|private|signing|master|recovery)\s+key|api[ _-]?key)(?: again)?(?:\s+(?:for|of|from|to\s+(?:unlock|decrypt|open|access))\s+[^:\n]{1,120})?(?:\s*\([^)\n]{0,80}\))?(?:\s*\[[^\]\n]{0,40}\])?\s*(?::\s*(?:›|»|>)?(?:\s*\[[^\]\n]{0,30}\])?|›|>)\s*$/i;
/** …but not one asking about it (`Enter a name for the new token:`, `Enter the type of token:`). */
const ABOUT_IT = /\b(?:name|label|description|title|comment|note|count|usage|budget|limit|expir\w*|scope|type|length|select|choose|pick)\b/i;
/** A verb the prompt may open with (`Type password:`), not a word about the secret. */
const IMPERATIVE = /^\W*(?:please\s+)?(?:type|enter|input|provide|paste|give)\b/i;
/** Nor a progress or log line naming one (`Fetching token:`, `npm notice Token:`, `INFO token:`). */
const PROGRESS = /\b(?:fetching|refreshing|validating|loading|generating|checking|rotating|saving|writing|reading|using|creating|revoking|downloading|updating|uploading|storing|sending|setting|getting|requesting|exchanging|caching|loaded|fetched|saved|stored|cached|found|got|read|notice|info|debug|warn|warning)(?:\s+(?:the|your|a|an|new|api))?\s*$/i;
/** A heading that tells how to do something with one (`To convert a private key from PEM to DER format:`, openssl's
 * manual), not a prompt. */
const INSTRUCTION = /\b(?:to|how to)\s+(?:convert|create|generate|use|make|add|remove|delete|import|export|show|print|list|read|write|view|change|set|get|rotate|revoke|verify|check|sign|encrypt|decrypt|extract|load|store|save)\b/i;
/** Colours and cursor moves around a prompt (`ESC[1mPassword:ESC[0m`). */
const TERMINAL = /\x1b\[[0-9;?]*[A-Za-z]/g;
/** A prompt that says its input is not echoed (firebase's `? Enter a value for STRIPE_KEY [input is hidden] `,
 * vault's `(will be hidden)`): a secret, whatever it is called. */
const HIDDEN_INPUT = /[[(](?:input (?:is |will be )?hidden|will be hidden|hidden input|hidden)[\])]\s*:?\s*$/i;
/** A request for a secret by what to do with it, without a colon: `Enter key: ` (llm keys set), `Enter your OpenAI
 * key: `, gh's `? Paste your secret `, cargo login's `please paste the token found on https://crates.io/me below`,
 * pulumi login's `Enter your access token from https://app.pulumi.com/account/tokens`. A few words between the verb
 * and the secret (not `Enter file in which to save the key`, ssh-keygen's path; not an access key or a public one). */
const ASKS_BY_VERB =
  /^\W*(?:please\s+)?(enter|paste|type|input|provide)\s+(?:(?:your|the|a|an|new)\s+)?((?:(?!public\b|publishable\b)[\w.-]+\s+){0,2})(?:password|passphrase|passcode|token|secret|api[ _-]?key|(?<!access\s)key)\b(.*)$/i;
/** The request ASKS_BY_VERB finds in a line, and what follows it; not one about the secret (`Enter the type of token: `,
 * `Paste the token name here: `). */
function askedByVerb(line: string): { paste: boolean; rest: string } | undefined {
  const m = ASKS_BY_VERB.exec(line);
  if (!m || ABOUT_IT.test(m[2]!) || ABOUT_IT.test(/^\W*(\w*)/.exec(m[3]!)![1]!)) return undefined;
  return { paste: /^paste$/i.test(m[1]!), rest: m[3]! };
}
/** A variable asked for by name, as scripts and CLIs do: `Value for DB_PASSWORD: `, `DB_PASSWORD= `, rclone's
 * `secret_access_key> `, vercel's `? What's the value of STRIPE_SECRET_KEY? `: the name judged as the rules judge a
 * `NAME=value` (not `NODE_ENV`, `access_key_id`, `NEXT_PAGE_TOKEN`). */
const NAMED_VALUE = /(?:^|[^\w.-])([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[[^\]\n]{0,40}\]\s*)?(?::|>|=|\?)\s*$/;
/** Whether a name asked for reads as a prompt: a variable's name (UPPER_CASE, snake_case, camelCase) after `:`, `>`,
 * `?`, or alone before `=` (not a script's `export GITHUB_TOKEN=`); a lone word (`authtoken: `, `secretkey> `) after `:` or
 * `>` only, not in a question (`Where should I save the token? `), a path or a shell's prompt (`PS C:\repo\token> `,
 * `…/coreutils/pwd>`), a help line's placeholder (`--password <password>`) or a REPL (`>>> password = `). */
function namedPrompt(line: string, named: RegExpExecArray): boolean {
  const name = named[1]!;
  const sep = /([:>=?])\s*$/.exec(line)![1];
  if (/^\s*(?:PS\s|>>>|\.\.\.)/.test(line)) return false;
  if (sep === '=') return /^\W*[A-Za-z_][A-Za-z0-9_]*\s*=\s*$/.test(line);
  if (/_|[a-z][A-Z]|^[A-Z0-9]+$/.test(name)) return true;
  const before = line[named.index + named[0].indexOf(name) - 1] ?? '';
  return sep !== '?' && !/[<\\/]/.test(before);
}
/** A prompt for a value that says what it is on the lines above: terraform's `  Enter a value: ` under `var.NAME`
 * (or `Token for app.terraform.io:`, terraform login), pulumi login's `    or hit <ENTER> to log in using your
 * browser : ` under the line asking for a token, Pulumi's bare `value: ` (`pulumi config set [--secret] NAME`). */
const VALUE_PROMPT = /^\s*(?:\?\s*)?(?:(?:enter|input|type)\s+(?:a\s+|the\s+)?value|value|or hit <enter>[^:\n]*|)\s*(?::|>)\s*$/i;
/** Terraform's heading for a variable it asks for. */
const TF_VARIABLE = /^var\.([A-Za-z_][\w-]*)\s*$/;

/** Whether one line asks for a secret, as its own words say. */
function asksOnLine(line: string): boolean {
  if (HIDDEN_INPUT.test(line)) return true;
  const m = SECRET_PROMPT.exec(line);
  if (m) {
    const before = line.slice(0, m.index + (/\s/.test(m[0][0]!) ? 1 : 0));
    if (!ABOUT_IT.test(before.replace(IMPERATIVE, '')) && !PROGRESS.test(before) && !INSTRUCTION.test(before)) return true;
  }
  const named = NAMED_VALUE.exec(line);
  // (A variable's name: UPPER_CASE, snake_case or camelCase — a lone word is prose or a path: `Where should I save the
  // token? `, `PS C:\repo\token> `, `--password <password>`, `>>> password = `; and `NAME=` alone on its line, not a
  // script's `export GITHUB_TOKEN=`.)
  if (named && secretName(named[1]!) && namedPrompt(line, named)) {
    const before = line.slice(0, named.index);
    if (!ABOUT_IT.test(before.replace(IMPERATIVE, '')) && !PROGRESS.test(before)) return true;
  }
  const verb = askedByVerb(line);
  // (Pasting is asked for unless the line is an instruction about it, `Paste the token into the settings page to
  // finish.`; another verb asks when a prompt's colon follows: `Enter key: `.)
  return !!verb && ((verb.paste && (!/\binto\b|\.\s*$/.test(verb.rest) || /:\s*$/.test(verb.rest))) || /^\s*(?:\([^)\n]{0,80}\)\s*)?(?:\[[^\]\n]{0,40}\]\s*)?[:›>]\s*$/.test(verb.rest));
}

/** Whether a program's last output line asks for a password, passphrase, PIN, token or key. */
export function asksForSecret(output: string): boolean {
  // Quoted parts (`'https://dev@github.com'`, `"prod"`) stand for a word: a colon inside one ends nothing.
  const lines = output
    .replace(TERMINAL, '')
    .trimEnd()
    .split('\n')
    .slice(-24)
    .map((l) => l.slice(-240).replace(/'[^'\n]{0,200}'|"[^"\n]{0,200}"/g, 'Q'));
  const line = lines.at(-1) ?? '';
  if (asksOnLine(line)) return true;
  if (!VALUE_PROMPT.test(line)) return false;
  // The subject of a value prompt: terraform's variable (its description and a blank line between), else the line
  // just above, as its own words say. Pulumi's lone `value: ` says nothing: its command names the key, and a plain
  // value is set on the command line; asked for, it is taken as a secret.
  const above = lines.slice(0, -1).reverse();
  const tf = above.slice(0, 12).find((l) => TF_VARIABLE.test(l.trim()));
  if (tf) return secretName(TF_VARIABLE.exec(tf.trim())![1]!);
  const subject = above.find((l) => l.trim() !== '');
  if (subject === undefined) return /^value:\s*$/.test(line);
  return asksOnLine(subject) || askedByVerb(subject) !== undefined;
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

/** The process a `write_stdin` call polls (its `session_id`). */
function pollOf(input: string | undefined): string | undefined {
  if (!input?.startsWith('{')) return undefined;
  try {
    const id = (JSON.parse(input) as { session_id?: unknown }).session_id;
    return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

/** The process a unified exec output says is still running (in its header, before `Output:`). */
function runningProcess(text: string): string | undefined {
  const head = text.slice(0, 1000);
  const body = head.indexOf('\nOutput:\n');
  return body >= 0 ? /(?:^|\n)Process running with session ID (\d+)/.exec(head.slice(0, body))?.[1] : undefined;
}

/** The last line of an output that ends with no newline (its end, at most 512 characters). */
function unfinishedLine(body: string): string | undefined {
  if (body === '' || body.endsWith('\n')) return undefined;
  return body.slice(Math.max(body.lastIndexOf('\n') + 1, body.length - 512));
}

/** The parts at the start of `body` of secrets the line `tail` began: found in the line put back together. */
function acrossCut(tail: string, body: string): string[] {
  const nl = body.indexOf('\n');
  const joined = tail + body.slice(0, Math.min(nl < 0 ? body.length : nl, 4096));
  return findSecrets(joined)
    .filter((h) => h.start < tail.length && h.end > tail.length + 3)
    .map((h) => joined.slice(tail.length, h.end));
}

/** Where the templates of a command the user ran at the prompt wait for its output (no call id has this form). */
const USER_SHELL = '\0user-shell';
/** Where a background shell's templates are kept, by its id. */
const BACKGROUND_KEY = '\0background:';
/** Claude Bash's answer to `run_in_background` (`Command running in background with ID: dce0af`, later with where its
 * output goes). */
const BACKGROUND = /running in background with ID: ([\w-]{1,64})/;
/** Where 2.1 writes that shell's output (`Output is being written to: /tmp/claude/…/tasks/b7f3e1a.output`): read later with
 * Read or `cat`. */
const BACKGROUND_FILE = /Output is being written to: (\S{1,1024})/;
const BACKGROUND_READERS = new Set(['BashOutput', 'TaskOutput']);
/** A command that prints a file as it is (its path the last word). */
const FILE_PRINT = /^(?:cat|tail|head)(?:[ \t]+-[\w-]+)*[ \t]+(\S+)[ \t]*$/;

/** The background shell a call reads (see BACKGROUND_KEY): a reader's `bash_id` / `task_id` / `shell_id`, or the output file
 * Read or `cat` prints (`file:<path>`). */
function backgroundRead(tool: NonNullable<NormalizedEvent['tool']>): string | undefined {
  // (Codex's poll of a process its command left running: `write_stdin` with its session id.)
  if (tool.name === 'write_stdin') {
    const polled = pollOf(tool.input);
    return polled !== undefined ? `process:${polled}` : undefined;
  }
  if (tool.name !== undefined && BACKGROUND_READERS.has(tool.name)) {
    const o = inputObject(tool.input);
    const id = o?.bash_id ?? o?.task_id ?? o?.shell_id;
    return typeof id === 'string' ? id : undefined;
  }
  if (tool.name === 'Read') {
    const path = inputObject(tool.input)?.file_path;
    return typeof path === 'string' ? `file:${path}` : undefined;
  }
  const printed = tool.command !== undefined ? FILE_PRINT.exec(tool.command.trim())?.[1] : undefined;
  return printed !== undefined ? `file:${printed.replace(/^(["'])(.*)\1$/, '$2')}` : undefined;
}

function inputObject(input: string | undefined): Record<string, unknown> | undefined {
  if (!input?.startsWith('{')) return undefined;
  try {
    return JSON.parse(input) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Values remembered from one event's printed output, at most: a listing (`pwgen 20 100`) must
 * not push out the secrets remembered before it. */
const LEARNED_PER_EVENT = 8;

/** What a reading's calls told so far about secrets to come (see `learn`): kept per reading. */
interface Calls {
  printing: Map<string, PrintedTemplates>;
  /** What was typed at a prompt, by the write_stdin call that typed it (for its repeats); also the part of a secret a
   * poll's output goes on with (for the repeat of its result). */
  typedByCall: Map<string, string[]>;
  tails: Map<string, string>;
  polls: Map<string, string>;
  prompted: boolean;
}

const noCalls = (): Calls => ({ printing: new Map(), typedByCall: new Map(), tails: new Map(), polls: new Map(), prompted: false });

/** Calls as a saved state holds them (the keys `savedCalls` writes). */
function loadCalls(o: ParserState): Calls {
  const c = noCalls();
  const p = o[PRINTING];
  if (Array.isArray(p)) for (const x of p) if (Array.isArray(x) && typeof x[0] === 'string' && Array.isArray(x[1])) c.printing.set(x[0], x[1].filter(Array.isArray));
  const t = o[TYPED];
  if (Array.isArray(t)) for (const x of t) if (Array.isArray(x) && typeof x[0] === 'string' && Array.isArray(x[1])) c.typedByCall.set(x[0], x[1].filter((v: unknown) => typeof v === 'string'));
  c.prompted = o[PROMPTED] === true;
  for (const [key, map] of [[TAILS, c.tails], [POLLS, c.polls]] as const) {
    const x = o[key];
    if (Array.isArray(x)) for (const e of x) if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string') map.set(e[0], e[1]);
  }
  return c;
}

const savedCalls = (c: Calls): ParserState => ({
  ...(c.printing.size > 0 ? { [PRINTING]: [...c.printing] } : {}),
  ...(c.typedByCall.size > 0 ? { [TYPED]: [...c.typedByCall] } : {}),
  ...(c.prompted ? { [PROMPTED]: true } : {}),
  ...(c.tails.size > 0 ? { [TAILS]: [...c.tails] } : {}),
  ...(c.polls.size > 0 ? { [POLLS]: [...c.polls] } : {}),
});

/** A reading a fresh one took over from: its parser, where its next line starts, its sessions, its calls. */
interface Reading {
  parser: SourceParser;
  at: number;
  seen: Set<string>;
  calls: Calls;
}

/** The parser for `path`, resumed from a saved state (a checkpoint's, as `JSON.stringify(snapshot())`). */
export function openStreamParser(adapter: SourceAdapter, path: string, saved?: string): StreamParser {
  let state: ParserState | undefined;
  let memory = new SecretMemory();
  let calls = noCalls();
  let printedEver = false;
  let last = -1;
  let next = 0;
  /** Where the current reading's next line starts, as a saved state said (-1: not known); after a line, from it. */
  let at = -1;
  let lastLine: string | undefined;
  let lastSize: number | undefined;
  /** Where the reading a trial may take over from goes on (see `parseLine`). */
  let trialFrom = -1;
  let seen = new Set<string>();
  let trialState: ParserState | undefined;
  let pastSaved: unknown[] = [];
  if (saved !== undefined) {
    const o = JSON.parse(saved) as ParserState;
    // A checkpoint written before the memory holds the parser's state alone.
    if (o && typeof o === 'object' && PARSER in o) {
      state = (o[PARSER] as ParserState | null) ?? undefined;
      memory = SecretMemory.from(o[SECRETS]);
      calls = loadCalls(o);
      printedEver = o[PRINTED_EVER] === true;
      if (typeof o[LAST] === 'number') last = o[LAST];
      if (typeof o[NEXT] === 'number') next = o[NEXT];
      if (Array.isArray(o[SEEN])) seen = new Set(o[SEEN].filter((x: unknown) => typeof x === 'string'));
      if (o[TRIAL] !== undefined) trialState = o[TRIAL] as ParserState;
      if (typeof o[TRIAL_FROM] === 'number') trialFrom = o[TRIAL_FROM];
      if (typeof o[AT] === 'number') at = o[AT];
      if (Array.isArray(o[PAST])) pastSaved = o[PAST];
    } else state = o;
  }
  let parser = adapter.createParser(path, state);
  let trial = trialState === undefined ? undefined : adapter.createParser(path, trialState ?? undefined);
  /** Readings a fresh one took over from, newest last. */
  const past: Reading[] = [];
  for (const x of pastSaved) {
    if (!Array.isArray(x) || typeof x[1] !== 'number' || !Array.isArray(x[2])) continue;
    const st = x[0] && typeof x[0] === 'object' ? (x[0] as ParserState) : undefined;
    const c = x[3] && typeof x[3] === 'object' ? loadCalls(x[3] as ParserState) : noCalls();
    past.push({ parser: adapter.createParser(path, st), at: x[1], seen: new Set(x[2].filter((id: unknown) => typeof id === 'string')), calls: c });
  }
  const note = (p: ParsedLine) => {
    if (seen.size >= SEEN_MAX) return;
    for (const id of sessionIds(p)) if (seen.size < SEEN_MAX) seen.add(id);
  };
  /**
   * A file's first line stored again after later ones (the import read the file again from its start, replaced or
   * rewritten, with a fresh parser, and its first line was new) may start another transcript. A reading of the stored
   * lines in order (a rebuild, a whole text derived again) then reads along with a fresh parser, from that line on
   * through lines that follow each other, up to one naming a session, and lets it take over when that session is none
   * the file named before (what the calls before told is not carried over, as in the import's fresh reading; the
   * memory of secrets is). Otherwise (the same transcript rewritten; a stored line after a gap, where lines already
   * stored were skipped and a fresh reading lacks what they told) it goes on with what the earlier lines told.
   * A transcript that comes back after another took over (A, then B, then A whole: the import reads A again from its
   * start, and stores its lines past those stored before) goes on in A's reading, with what A's calls told: a line that
   * does not follow the current reading's last one but follows the last line of a reading taken over from.
   */
  // (Where the next line starts when none is skipped: after a newline, or a carriage return and a newline; `size` is
  // the line's length in the file, its text's when not given. Measured only when asked: most readings never are.)
  const atNow = (): number => (lastLine !== undefined ? last + (lastSize ?? Buffer.byteLength(lastLine)) + 1 : at);
  const parseLine = (line: string, offset: number, size?: number): ParsedLine => {
    if (trial !== undefined && offset !== next && offset !== next + 1) trial = undefined;
    if (trial === undefined && past.length > 0 && offset > 0) {
      const here = atNow();
      let back = past.findLastIndex((r) => offset === r.at || offset === r.at + 1);
      // Where the current reading goes on too (two first lines of one length), the line decides: one that read on in
      // this reading names none of its sessions, and read in the earlier one names one of that one's, goes back (read by
      // copies of both parsers, to see; a line that names no session of its own, as Codex lines, stays).
      if (back >= 0 && (here < 0 || offset === here || offset === here + 1)) {
        const r = past[back]!;
        const probe = (p: SourceParser) => sessionIds(adapter.createParser(path, p.snapshot()).parseLine(line, offset));
        const mine = here < 0 ? [] : probe(parser);
        if (mine.length === 0 || mine.some((id) => seen.has(id)) || !probe(r.parser).some((id) => r.seen.has(id))) back = -1;
      }
      if (back >= 0) {
        const r = past.splice(back, 1)[0]!;
        past.push({ parser, at: here, seen, calls });
        ({ parser, seen, calls } = r);
      }
    }
    if (offset === 0 && last >= 0 && trial === undefined) {
      trial = adapter.createParser(path, undefined);
      trialFrom = atNow();
    }
    last = offset;
    lastLine = line;
    lastSize = size;
    if (trial !== undefined) next = offset + (size ?? Buffer.byteLength(line)) + 1;
    if (trial === undefined) {
      const p = parser.parseLine(line, offset);
      note(p);
      return p;
    }
    const t = trial.parseLine(line, offset);
    const ids = sessionIds(t);
    if (ids.length > 0 && !ids.some((id) => seen.has(id))) {
      past.push({ parser, at: trialFrom, seen, calls });
      if (past.length > PAST_MAX) past.shift();
      parser = trial;
      trial = undefined;
      seen = new Set();
      calls = noCalls();
      note(t);
      return t;
    }
    const p = parser.parseLine(line, offset);
    if (ids.length > 0) trial = undefined;
    note(p);
    return p;
  };
  /** Bounded, insertion-ordered: the newest `PRINTING_MAX` entries. */
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > PRINTING_MAX) map.delete(map.keys().next().value!);
  };
  const rememberPrinting = (tool: NonNullable<NormalizedEvent['tool']>) => {
    const templates = printedSecretTemplates(tool.command);
    if (templates && tool.callId) remember(calls.printing, tool.callId, templates);
  };
  /** The secrets a result's output shows, read as its call's command prints them (or its own
   * command, for a result that names it: Codex `exec_command_end`). */
  const printedBy = (tool: NonNullable<NormalizedEvent['tool']>, body: string): string[] => {
    const templates = (tool.callId !== undefined ? calls.printing.get(tool.callId) : undefined) ?? printedSecretTemplates(tool.command);
    return templates ? printedSecrets(templates, body) : [];
  };
  /** The values are redacted in this event whatever they look like; generated-looking ones are
   * also remembered for later lines (a word such as `password` would blank out the word). */
  const learnFrom = (ev: NormalizedEvent, values: string[], chase = isRepeatable) => {
    if (values.length === 0) return;
    printedEver = true;
    ev.printed = [...(ev.printed ?? []), ...values];
    let n = 0;
    for (const v of values) if (n < LEARNED_PER_EVENT && chase(v) && ++n) memory.add(v, PRINTED_KIND);
  };
  /** A command the user ran at the prompt (see userShell): what it printed, read as it prints it. Claude gives the
   * command and its output on lines of their own: the command's templates wait for the output under USER_SHELL. */
  const learnShell = (ev: NormalizedEvent) => {
    // A hook's command and what it printed (Claude's `hook_success` attachment), given by the parser.
    if (ev.shell) {
      const templates = printedSecretTemplates(ev.shell.command);
      if (templates) learnFrom(ev, printedSecrets(templates, ev.shell.output));
      return;
    }
    const shell = userShell(ev.text);
    if (!shell) return;
    let templates = calls.printing.get(USER_SHELL);
    if (shell.command !== undefined) {
      templates = printedSecretTemplates(shell.command);
      if (templates) remember(calls.printing, USER_SHELL, templates);
      else calls.printing.delete(USER_SHELL);
    }
    if (shell.output === undefined || !templates) return;
    learnFrom(ev, printedSecrets(templates, shell.output));
    calls.printing.delete(USER_SHELL);
  };
  /** A background shell's output read by a later call (Claude's BashOutput / TaskOutput `bash_id`, `task_id`): read as
   * the command that started it prints (remembered by the id its result gave, see BACKGROUND). */
  const rememberPolled = (tool: NonNullable<NormalizedEvent['tool']>) => {
    if (tool.callId === undefined || calls.printing.has(tool.callId)) return;
    const id = backgroundRead(tool);
    const templates = id !== undefined ? calls.printing.get(`${BACKGROUND_KEY}${id}`) : undefined;
    if (templates) remember(calls.printing, tool.callId, templates);
  };
  /** A call's result that says its command went on in the background, under an id (and, from 2.1, into a file): its
   * templates, for that id and that file. */
  const rememberBackground = (tool: NonNullable<NormalizedEvent['tool']>, text: string) => {
    const templates = tool.callId !== undefined ? calls.printing.get(tool.callId) : undefined;
    if (!templates) return;
    const head = text.slice(0, 1400);
    const id = BACKGROUND.exec(head)?.[1];
    if (id === undefined) return;
    remember(calls.printing, `${BACKGROUND_KEY}${id}`, templates);
    const file = BACKGROUND_FILE.exec(head)?.[1];
    if (file !== undefined) remember(calls.printing, `${BACKGROUND_KEY}file:${file}`, templates);
  };
  return {
    memory,
    parseLine,
    learn(ev) {
      const tool = ev.tool;
      if (!tool) {
        learnShell(ev);
        return;
      }
      // A repeat of another stream's event (Codex writes calls and outputs twice; a child rollout
      // replays its parent's lines) is read too: its whole text is derived on request like any
      // other. It leaves the prompt state to the event it repeats.
      if (ev.duplicate) {
        const again = tool.callId !== undefined ? calls.typedByCall.get(tool.callId) : undefined;
        if (again) learnFrom(ev, again);
        if (ev.kind === 'tool_result' && ev.text !== undefined) learnFrom(ev, printedBy(tool, outputBody(ev.text)));
        if (ev.kind === 'tool_call') {
          rememberPrinting(tool);
          rememberPolled(tool);
        }
        return;
      }
      if (ev.kind === 'tool_call') {
        rememberPrinting(tool);
        rememberPolled(tool);
        const polled = tool.name === 'write_stdin' ? pollOf(tool.input) : undefined;
        if (polled !== undefined && tool.callId !== undefined) remember(calls.polls, tool.callId, polled);
        const answer = tool.name === 'write_stdin' ? typed(tool.input) : undefined;
        // (An empty poll between the prompt and the answer types nothing.)
        if (answer === '') return;
        // Typed at a prompt for it, a passphrase of words is chased too (not a lone word: `exit`).
        if (calls.prompted && answer && answer.length >= 4 && answer.length <= 1024 && !/[\n\x00-\x08]/.test(answer)) {
          learnFrom(ev, [answer], (v) => isRepeatable(v) || (v.length >= 8 && !/^[a-z]+$/i.test(v)));
          if (tool.callId !== undefined) remember(calls.typedByCall, tool.callId, [answer]);
        }
        calls.prompted = false;
      } else if (ev.kind === 'tool_result' && ev.text !== undefined) {
        const body = outputBody(ev.text);
        learnFrom(ev, printedBy(tool, body));
        rememberBackground(tool, ev.text);
        // A running command's output read in pieces: a secret cut by where one piece ended goes on in the next poll's.
        // (A poll that printed nothing leaves the line where it was.)
        const process = tool.callId !== undefined && body !== '' ? calls.polls.get(tool.callId) : undefined;
        const tail = process !== undefined ? calls.tails.get(process) : undefined;
        if (process !== undefined) calls.tails.delete(process);
        if (tail !== undefined && tool.callId !== undefined) {
          const rest = acrossCut(tail, body);
          if (rest.length > 0) {
            learnFrom(ev, rest);
            remember(calls.typedByCall, tool.callId, [...(calls.typedByCall.get(tool.callId) ?? []), ...rest]);
          }
        }
        const running = runningProcess(ev.text);
        // A command that prints a secret, still running when its call returned (`op read …` waiting on a prompt): its
        // templates go to the process, for the polls that read the rest of its output.
        const own = tool.callId !== undefined ? calls.printing.get(tool.callId) : undefined;
        const polledProcess = tool.callId !== undefined ? calls.polls.get(tool.callId) : undefined;
        if (running !== undefined && own) remember(calls.printing, `${BACKGROUND_KEY}process:${running}`, own);
        // (Another command now running under that id, or the polled one ended: the id may be another process's next.)
        else if (running !== undefined && polledProcess === undefined) calls.printing.delete(`${BACKGROUND_KEY}process:${running}`);
        if (polledProcess !== undefined && running === undefined) calls.printing.delete(`${BACKGROUND_KEY}process:${polledProcess}`);
        const open = running !== undefined ? unfinishedLine(body) : undefined;
        if (running !== undefined && open !== undefined) remember(calls.tails, running, open);
        // (A poll that printed nothing leaves the prompt where it was.)
        if (body.trim() !== '') calls.prompted = asksForSecret(body);
      }
    },
    recall(saved) {
      const o = JSON.parse(saved) as ParserState;
      if (!o || typeof o !== 'object' || !(PARSER in o)) return;
      memory.merge(SecretMemory.from(o[SECRETS]));
      const p = o[PRINTING];
      if (Array.isArray(p)) for (const x of p) if (Array.isArray(x) && typeof x[0] === 'string' && Array.isArray(x[1]) && !calls.printing.has(x[0])) remember(calls.printing, x[0], x[1].filter(Array.isArray));
      const t = o[TYPED];
      if (Array.isArray(t)) for (const x of t) if (Array.isArray(x) && typeof x[0] === 'string' && Array.isArray(x[1]) && !calls.typedByCall.has(x[0])) remember(calls.typedByCall, x[0], x[1].filter((v: unknown) => typeof v === 'string'));
      if (o[PRINTED_EVER] !== false) printedEver = true;
    },
    snapshot: () => ({
      [PARSER]: parser.snapshot(),
      [SECRETS]: memory.toJSON(),
      ...savedCalls(calls),
      // Always said, true or false: a state without it (written before) tells nothing.
      [PRINTED_EVER]: printedEver,
      ...(last >= 0 ? { [LAST]: last, [SEEN]: [...seen] } : {}),
      ...(trial ? { [TRIAL]: trial.snapshot() ?? null, [NEXT]: next, [TRIAL_FROM]: trialFrom } : {}),
      ...(atNow() >= 0 ? { [AT]: atNow() } : {}),
      ...(past.length > 0 ? { [PAST]: past.map((r) => [r.parser.snapshot() ?? null, r.at, [...r.seen], savedCalls(r.calls)]) } : {}),
    }),
  };
}

/** The sessions a parsed line names (its events' and the sessions it tells about). */
function sessionIds(p: ParsedLine): string[] {
  const ids: string[] = [];
  for (const e of p.events) ids.push(e.sessionId);
  for (const x of p.sessions) ids.push(x.id);
  return ids;
}

/** Whether a saved state shows the memory empty (then it was empty at every line before it:
 * values are only forgotten to make room) and says no printed secret was ever read. A state from
 * before either tells nothing. */
export function remembersNothing(saved: string): boolean {
  const o = JSON.parse(saved) as ParserState;
  return !!o && typeof o === 'object' && PARSER in o && Array.isArray(o[SECRETS]) && (o[SECRETS] as unknown[]).length === 0 && o[PRINTED_EVER] === false;
}

/**
 * A saved state that starts a fresh parse with `memory` remembered (a file read again from its
 * start, or a new path of a known transcript): what the stream's stored lines taught the
 * redactor still holds for the lines read next, as it does when `tracebase index` reads the
 * stored lines in order.
 */
export function freshWithMemory(memory: SecretMemory, printedEver = false): string | undefined {
  return memory.size === 0 && !printedEver ? undefined : JSON.stringify({ [PARSER]: null, [SECRETS]: memory.toJSON(), [PRINTED_EVER]: printedEver });
}

/** Whether a saved state may hold events whose printed secrets only a replay redacts: it says so,
 * or it was written before it would say (a state without the flag). */
export function printedIn(saved: string): boolean {
  const o = JSON.parse(saved) as ParserState;
  return !(o && typeof o === 'object' && PARSER in o && o[PRINTED_EVER] === false);
}

/** The memory a saved state holds (empty for a state from before the memory). */
export function memoryOf(saved: string): SecretMemory {
  const o = JSON.parse(saved) as ParserState;
  return o && typeof o === 'object' && PARSER in o ? SecretMemory.from(o[SECRETS]) : new SecretMemory();
}

/** What a stream's stored lines taught the redactor: the memories of its checkpoints (every
 * path the transcript was read from), oldest first. */
export function storedMemory(store: Store, streamId: number): SecretMemory {
  return storedReading(store, streamId).memory;
}

/** What a stream's checkpoints know of secrets, taken in by `parser` (see StreamParser.recall). */
export function recallStored(parser: StreamParser, store: Store, streamId: number): void {
  const rows = store.statement('SELECT path FROM sources WHERE stream_id = ? ORDER BY imported_at').all(streamId) as { path: string }[];
  for (const { path } of rows) {
    const cp = readCheckpoint(store, path);
    if (cp) parser.recall(cp.state);
  }
}

/** storedMemory, and whether a printed secret was read in the stream's stored lines (see printedIn). */
export function storedReading(store: Store, streamId: number): { memory: SecretMemory; printedEver: boolean } {
  const memory = new SecretMemory();
  let printedEver = false;
  const rows = store.statement('SELECT path FROM sources WHERE stream_id = ? ORDER BY imported_at').all(streamId) as { path: string }[];
  for (const { path } of rows) {
    const cp = readCheckpoint(store, path);
    if (!cp) continue;
    memory.merge(memoryOf(cp.state));
    if (printedIn(cp.state)) printedEver = true;
  }
  return { memory, printedEver };
}
