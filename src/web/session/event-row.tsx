// One timeline row: a prompt, assistant text, reasoning summary, a tool call (with its result
// and any subagent it started), or a bookkeeping line. Rows are pure: state lives in the timeline.
import type { EventOut, SessionSummary } from '../api.ts';
import { clock, compact, duration, errorLabel } from '../format.ts';
import { sessionHref } from '../route.ts';
import { EventText, prettyArgs, Redacted } from '../text.tsx';

export interface TimelineItem {
  ev: EventOut;
  /** Results paired with a tool call by callId. */
  results: EventOut[];
  /** Subagent sessions this tool call started. */
  spawned: SessionSummary[];
}

export interface RowState {
  /** The date, on the first event of each day of a session that spans several. */
  day?: string;
  selected: boolean;
  open: boolean;
  more: boolean;
  onSelect: () => void;
  onToggle: () => void;
  onMore: (v: boolean) => void;
}

const LABEL: Record<string, string> = {
  user_prompt: 'Prompt',
  assistant_text: 'Assistant',
  reasoning: 'Reasoning summary',
  tool_call: 'Tool call',
  tool_result: 'Tool result',
  system: 'System',
  meta: 'Context',
  usage: 'Usage',
  hook: 'Hook',
  wrapper: 'Wrapper',
  custom: 'Custom',
  unknown: 'Unknown line',
};

export const kindLabel = (kind: string): string => LABEL[kind] ?? kind;

/** Kinds shown as one line (context, hooks, lifecycle) until opened. */
export const COMPACT: ReadonlySet<string> = new Set(['system', 'meta', 'usage', 'hook', 'wrapper', 'custom', 'unknown']);

export const failed = (e: EventOut): boolean => e.isError || (e.exitCode !== null && e.exitCode !== 0);

export function EventRow({ item, st }: { item: TimelineItem; st: RowState }) {
  const e = item.ev;
  const bad = failed(e) || item.results.some(failed);
  const cls = `ev ev-${e.kind}${bad ? ' ev-error' : ''}${st.selected ? ' selected' : ''}${e.duplicate ? ' ev-dup' : ''}`;
  return (
    <article class={cls} id={`ev-${e.id}`} data-event={e.id} aria-label={`${LABEL[e.kind] ?? e.kind}${e.tool ? ` ${e.tool}` : ''}${bad ? ', failed' : ''}`}>
      <a class="ev-time" href={sessionHref(e.sessionId, e.id)} title={`${e.ts ?? ''} · link to this event`} onClick={(ev) => { ev.preventDefault(); st.onSelect(); }}>
        {st.day && <span class="ev-day">{st.day}</span>}
        {clock(e.ts) || '—'}
      </a>
      <div class="ev-body">
        {e.kind === 'tool_call' ? <ToolCall item={item} st={st} /> : COMPACT.has(e.kind) ? <Compact e={e} st={st} /> : <Plain e={e} st={st} />}
      </div>
    </article>
  );
}

function Plain({ e, st }: { e: EventOut; st: RowState }) {
  const label = e.kind === 'tool_result' ? `Result${e.tool ? ` of ${e.tool}` : ''}` : LABEL[e.kind] ?? e.kind;
  return (
    <>
      <div class="ev-head">
        <span class="ev-kind">{label}</span>
        {e.kind === 'assistant_text' && e.model && <span class="ev-model">{e.model}</span>}
        {e.kind !== 'user_prompt' && e.kind !== 'assistant_text' && e.kind !== 'reasoning' && <span class="ev-sub">{e.subtype}</span>}
        {e.kind === 'tool_result' && <Status e={e} />}
        {e.duplicate && <span class="chip">duplicate stream</span>}
      </div>
      {/* A repeat of the other stream carries no preview (truncated, no text): it loads on request. */}
      {e.text || e.truncated ? <EventText e={e} class={`pre text-${e.kind}`} expanded={st.more} onToggle={st.onMore} /> : null}
    </>
  );
}

function Compact({ e, st }: { e: EventOut; st: RowState }) {
  const preview = oneLine(e.text ?? '');
  return (
    <>
      <div class="ev-head">
        {e.text ? (
          <button type="button" class="disclosure" aria-expanded={st.open} onClick={st.onToggle}>
            <span class="caret" aria-hidden="true">{st.open ? '▾' : '▸'}</span>
            <span class="ev-kind">{LABEL[e.kind] ?? e.kind}</span>
            <span class="ev-sub">{e.subtype}</span>
            {!st.open && (
              <span class="tool-summary">
                <Redacted text={preview} />
              </span>
            )}
          </button>
        ) : (
          <>
            <span class="ev-kind">{LABEL[e.kind] ?? e.kind}</span>
            <span class="ev-sub">{e.subtype}</span>
          </>
        )}
        {e.isError && <span class="chip fail">{errorLabel(e)}</span>}
        {e.duplicate && <span class="chip">duplicate stream</span>}
      </div>
      {st.open && (e.text || e.truncated) && <EventText e={e} class="pre text-meta" expanded={st.more} onToggle={st.onMore} />}
    </>
  );
}

function ToolCall({ item, st }: { item: TimelineItem; st: RowState }) {
  const e = item.ev;
  const summary = e.command ?? oneLine(e.text ?? '');
  const bodyId = `body-${e.id}`;
  return (
    <>
      <div class="ev-head">
        <button type="button" class="disclosure" aria-expanded={st.open} aria-controls={bodyId} onClick={st.onToggle}>
          <span class="caret" aria-hidden="true">{st.open ? '▾' : '▸'}</span>
          <span class="tool-name">{e.tool ?? 'tool'}</span>
          {summary && (
            <code class="tool-summary">
              <Redacted text={summary} />
            </code>
          )}
        </button>
        <Status e={e} />
      </div>
      {item.spawned.map((c) => (
        <a key={c.id} class="spawned" href={sessionHref(c.id)}>
          <span class="badge sub">subagent</span>
          <span class="agent">{c.agentType ?? 'agent'}</span>
          <span class="spawned-title">{c.title ?? c.id}</span>
          <span class={c.toolErrors ? 'stats bad' : 'stats'}>
            {c.toolCalls} tool call{c.toolCalls === 1 ? '' : 's'}{c.toolErrors ? ` · ${c.toolErrors} error${c.toolErrors === 1 ? '' : 's'}` : ''} · {compact(c.tokens.input + c.tokens.output)} tokens →
          </span>
        </a>
      ))}
      {st.open && (
        <div class="tool-body" id={bodyId}>
          <div class="section-label">Arguments</div>
          {e.text || e.truncated ? <EventText e={e} class="pre" format={prettyArgs} /> : <div class="muted">(none recorded)</div>}
          {item.results.length === 0 ? (
            <div class="muted section-label">No result recorded{e.callId ? ` for ${e.callId}` : ''}.</div>
          ) : (
            item.results.map((r) => (
              <div key={r.id} class={failed(r) ? 'result result-error' : 'result'}>
                <div class="section-label">
                  Result <Status e={r} />
                </div>
                {r.text || r.truncated ? <EventText e={r} class="pre" expanded={st.more} onToggle={st.onMore} /> : <div class="muted">(empty)</div>}
              </div>
            ))
          )}
        </div>
      )}
    </>
  );
}

function Status({ e }: { e: EventOut }) {
  const parts = [];
  if (e.exitCode !== null) {
    parts.push(
      <span key="x" class={`chip ${e.exitCode === 0 ? 'ok' : 'fail'}`} title={`exit code ${e.exitCode}`}>
        exit {e.exitCode}
      </span>,
    );
  }
  if (e.isError && (e.exitCode === null || e.exitCode === 0 || (e.errorKind && e.errorKind !== 'exit_code'))) {
    parts.push(<span key="e" class="chip fail">{errorLabel(e)}</span>);
  }
  if (e.durationMs !== null) parts.push(<span key="d" class="chip dim">{duration(e.durationMs)}</span>);
  return <>{parts}</>;
}

const oneLine = (s: string): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 160 ? `${t.slice(0, 160)}…` : t;
};
