// Per-line context shared by the item and event handlers, and the one event constructor.
import type { EventKind, NormalizedEvent, ParsedLine } from '../../core/types.ts';
import type { CodexState } from './state.ts';

export interface LineCtx {
  state: CodexState;
  /** Stream key of the file (basename): makes synthesized ids unique per file. */
  file: string;
  offset: number;
  /** Envelope timestamp, only when it parses as a date. */
  ts: string | undefined;
  out: ParsedLine;
}

export type EventFields = Omit<NormalizedEvent, 'kind' | 'subtype' | 'sessionId' | 'timestamp'>;

/** Append one event for the current session; undefined (and false) fields are left out. */
export function emit(ctx: LineCtx, kind: EventKind, subtype: string, f?: EventFields): NormalizedEvent {
  const ev: NormalizedEvent = { kind, subtype, sessionId: ctx.state.sid };
  if (ctx.ts !== undefined) ev.timestamp = ctx.ts;
  if (f) {
    // Field by field: this runs once per line, Object.entries would allocate per call.
    if (f.role !== undefined) ev.role = f.role;
    if (f.model !== undefined) ev.model = f.model;
    if (f.text !== undefined) ev.text = f.text;
    if (f.tool !== undefined) ev.tool = f.tool;
    if (f.usage !== undefined) ev.usage = f.usage;
    if (f.duplicate) ev.duplicate = true;
    if (f.scaffold) ev.scaffold = true;
    if (f.aborted) ev.aborted = true;
    if (f.spawnedSessionId !== undefined) ev.spawnedSessionId = f.spawnedSessionId;
  }
  ctx.out.events.push(ev);
  return ev;
}

/** Mark the line as a type this parser does not know (raw is still kept by ingest). */
export function unknown(ctx: LineCtx, type: string): void {
  emit(ctx, 'unknown', type);
  ctx.out.unknownType = type;
}

/** Model attribution for model-produced events: the latest turn_context model. */
export const modelOf = (ctx: LineCtx): string | undefined => ctx.state.model;
