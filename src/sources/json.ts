// Hand narrowing for the transcript hot path: read only the fields we use, tolerate the rest.

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
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

/** Text form of a value: strings as-is, anything else JSON-encoded. */
/** A value as text: a string as it is, anything else as JSON (a structure nested deeper than
 * JSON.stringify can walk, which JSON.parse accepts, becomes a note instead). */
export function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v);
  } catch {
    return '[a value nested too deeply to show]';
  }
}
