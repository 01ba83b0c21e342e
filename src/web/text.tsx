// Text as the index stores it (already redacted): markers made visible, long output clipped.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api, type EventOut } from './api.ts';

const MARKER = /\[REDACTED:[A-Za-z0-9_.-]+\]/g;

/** Characters that would act rather than show: terminal controls, direction overrides that
 * reorder what is shown (`abc\u202egnp.exe` reading as `abcexe.png`), invisible spaces inside a
 * word. Shown escaped, as the CLI shows them. (Tabs, line ends and the joiners emoji and scripts
 * need stay.) */
const ACTING = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
export const visible = (s: string): string =>
  s.replace(ACTING, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });

/** Plain text with every `[REDACTED:kind]` marker rendered as a styled badge. */
export function Redacted({ text: raw }: { text: string }) {
  const text = visible(raw);
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const kind = m[0].slice(10, -1);
    out.push(
      <mark class="redaction" title={`A ${kind} secret was removed at import`} key={m.index}>
        {m[0]}
      </mark>,
    );
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}

/** A search snippet: the terms the server marked « » highlighted, redaction markers styled. */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(/«([^«»]*)»/);
  return <>{parts.map((p, i) => (i % 2 ? <mark class="hit" key={i}><Redacted text={p} /></mark> : <Redacted text={p} key={i} />))}</>;
}

const CLIP_LINES = 12;
const CLIP_CHARS = 1600;

/** Preformatted text clipped to a few lines, with "Show more" for the rest. */
export function Clipped({ text, expanded, onToggle, class: cls = 'pre' }: { text: string; expanded?: boolean; onToggle?: (v: boolean) => void; class?: string }) {
  const [own, setOwn] = useState(false);
  const open = expanded ?? own;
  const toggle = onToggle ?? setOwn;
  const cut = clipPoint(text);
  if (cut === null) return <div class={cls}><Redacted text={text} /></div>;
  const hiddenLines = countLines(text.slice(cut));
  return (
    <div class={cls}>
      <Redacted text={open ? text : `${text.slice(0, cut)}…`} />
      <div>
        <button type="button" class="link-btn more" aria-expanded={open} onClick={() => toggle(!open)}>
          {open ? 'Show less' : `Show more (${hiddenLines > 1 ? `${hiddenLines} more lines` : `${text.length - cut} more characters`})`}
        </button>
      </div>
    </div>
  );
}

function clipPoint(text: string): number | null {
  let idx = -1;
  for (let i = 0; i < CLIP_LINES; i++) {
    idx = text.indexOf('\n', idx + 1);
    if (idx < 0) break;
  }
  const byLines = idx < 0 ? text.length : idx;
  const cut = Math.min(byLines, CLIP_CHARS);
  return cut < text.length - 1 ? cut : null;
}

const countLines = (s: string): number => {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/** Tool arguments: pretty-printed when they are JSON, verbatim otherwise. */
export function prettyArgs(text: string): string {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return text;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return text;
  }
}

/** Whole texts fetched so far, by event id: rows unmount and remount as the timeline scrolls. */
/** Whole texts fetched, by event id; `cut` when even that is not whole (a line over 32 MB). */
const fullTexts = new Map<string, { text: string; cut: boolean }>();

/**
 * An event's text. The index keeps a preview of long text (`truncated`); "Load full text" asks
 * the server for the whole redacted text, derived from the sealed original line.
 */
export function EventText({ e, format, expanded, onToggle, class: cls }: { e: EventOut; format?: (t: string) => string; expanded?: boolean; onToggle?: (v: boolean) => void; class?: string }) {
  const [full, setFull] = useState(() => fullTexts.get(e.id)?.text);
  const [state, setState] = useState<'idle' | 'loading' | 'failed' | 'partial'>(() => (fullTexts.get(e.id)?.cut ? 'partial' : 'idle'));
  const text = full ?? e.text ?? '';
  const shown = format ? format(text) : text;
  const load = () => {
    setState('loading');
    api.event(e.id).then(
      (ev) => {
        // A line over 32 MB gives its skeleton's text (longer than the preview, still cut).
        if (ev.text !== null && (!ev.truncated || ev.text.length > (e.text?.length ?? 0))) {
          fullTexts.set(e.id, { text: ev.text, cut: ev.truncated });
          setFull(ev.text);
        }
        setState(ev.text !== null && !ev.truncated ? 'idle' : 'partial');
      },
      () => setState('failed'),
    );
  };
  return (
    <>
      <Clipped class={cls} text={e.truncated && full === undefined ? `${shown}…` : shown} expanded={expanded} onToggle={onToggle} />
      {e.truncated && (full === undefined || state === 'partial') && (
        <div class="full-text">
          {state === 'partial' ? (
            <span class="muted">
              {full === undefined ? 'Only a preview is indexed' : 'The line is over 32 MB: its long strings are cut here'}; <code>tracebase show {e.id}</code> prints the original line.
            </span>
          ) : (
            <button type="button" class="link-btn more" disabled={state === 'loading'} onClick={load}>
              {state === 'loading' ? 'Loading…' : state === 'failed' ? 'Could not load the full text — retry' : 'Load full text'}
            </button>
          )}
        </div>
      )}
    </>
  );
}
