// Hand narrowing for the transcript hot path: read only the fields we use, tolerate the rest.

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** Token counts past this are no counts (a trillion tokens in one call or session). */
const MAX_COUNT = 2 ** 40;
/** Whether every field of `o` named in `fields` that is there is a token count: a whole number,
 * 0 to 2^40 (`1e308`, `-1000` or `0.25` would spoil every total they were added to). */
export const countsValid = (o: Obj, fields: readonly string[]): boolean =>
  fields.every((f) => {
    const v = o[f];
    return v === undefined || v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT);
  });
export const arr = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** A UTF-8 byte order mark some editors and Windows tools put at the start of a file. */
export const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Parse one line as a JSON object; undefined when it is not JSON or not an object. A byte
 * order mark before it (the file's first line) is not part of the JSON. */
export function parseObject(line: string): Obj | undefined {
  try {
    const v: unknown = JSON.parse(withoutBom(line));
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Lines longer than this are not searched for a whole line after a cut-off one. */
const RECOVER_MAX = 1 << 20;

/**
 * A whole JSON object line ending a line that is not JSON: what is left after a line cut off by a
 * crash (or NUL bytes a power loss left) when the program went on writing without a newline
 * (`{"type":"user","mess{"type":"user",…}`). Undefined when there is none: only a line that
 * holds no whole line to its end is malformed all through. A whole line is one that opens with
 * the key the cut-off line opens with (`{"parentUuid"`, `{"timestamp"`): an object inside the
 * cut-off part (its `payload`, a content block) is no line of its own.
 */
export function trailingObject(raw: string): Obj | undefined {
  if (raw.length > RECOVER_MAX) return undefined;
  const line = raw.replace(/^\0+/, '');
  if (line.length < raw.length) {
    const whole = parseObject(line);
    if (whole) return whole;
  }
  const opening = /^\{"[^"\\]{1,64}"/.exec(line)?.[0];
  if (!opening) return undefined;
  let tries = 0;
  for (let at = line.indexOf(opening, 1); at > 0 && tries < 64; at = line.indexOf(opening, at + 1), tries++) {
    const o = parseObject(line.slice(at));
    if (o) return o;
  }
  return undefined;
}

/** Text form of a value: strings as-is, anything else JSON-encoded. */
/** Deeper than any real tool input; JSON.stringify's own limit depends on the thread's stack, so
 * the import worker and `tracebase index` on the main thread would read a line differently. */
const MAX_DEPTH = 256;

/** Whether `v` nests objects or arrays deeper than `max` (walked without recursion). */
function tooDeep(v: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    if (d > max) return true;
    for (const y of Array.isArray(x) ? x : Object.values(x)) if (y !== null && typeof y === 'object') stack.push([y, d + 1]);
  }
  return false;
}

/** A value as text: a string as it is, anything else as JSON (a structure nested deeper than
 * MAX_DEPTH, which JSON.parse accepts, becomes a note instead). */
export function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && tooDeep(v, MAX_DEPTH)) return '[a value nested too deeply to show]';
  return JSON.stringify(v);
}
