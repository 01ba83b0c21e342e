// Session list: search, filters, sortable columns, "Load more" paging, keyboard navigation.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type ApiError, isAbort, type SessionQuery, type SessionSort, type SessionSortKey, type SessionSummary } from '../api.ts';
import { underParents } from '../../core/nest.ts';
import { basename, compact, dayEnd, dayStart, duration, emptyTitle, full, sessionDuration, when } from '../format.ts';
import { href, navigate, parseHash, rememberList, sessionHref } from '../route.ts';
import { ErrorBox } from '../error-box.tsx';
import { typing, useKeys } from '../keys.ts';
import { kindLabel } from '../session/event-row.tsx';
import { Redacted, Snippet, visible } from '../text.tsx';
import { FILTER_KEYS, Filters } from './filters.tsx';

const PAGE = 50;
let lastOpened: string | null = null;

function toQuery(p: URLSearchParams): SessionQuery {
  const failures = p.get('failures');
  return {
    q: p.get('q') ?? undefined,
    provider: p.get('provider') ?? undefined,
    project: p.get('project') ?? undefined,
    model: p.get('model') ?? undefined,
    since: dayStart(p.get('since') ?? ''),
    until: dayEnd(p.get('until') ?? ''),
    hasFailures: failures === 'yes' ? true : failures === 'no' ? false : undefined,
    includeSubagents: p.get('subagents') === '1',
    sort: (p.get('sort') as SessionSort | null) ?? '-started',
    limit: PAGE,
  };
}

interface ListState {
  items: SessionSummary[];
  next: string | null;
  loading: boolean;
  error: ApiError | null;
  loaded: boolean;
}
const EMPTY: ListState = { items: [], next: null, loading: true, error: null, loaded: false };

/** The list as it was left (its query, the pages loaded, the selection, the scroll position):
 * coming back to the same list, from a session or with the browser's Back, shows it again as it
 * was instead of its first page. A reload of the page, or another query, fetches it afresh. */
let kept: { key: string; state: ListState; sel: number; scrollY: number } | null = null;

export function SessionList({ params }: { params: URLSearchParams }) {
  const key = params.toString();
  const query = useMemo(() => toQuery(params), [key]);
  const restored = useRef(kept?.key === key ? kept : null);
  const [state, setState] = useState<ListState>(restored.current?.state ?? EMPTY);
  const [sel, setSel] = useState(() => {
    const items = restored.current?.state.items ?? [];
    const i = lastOpened ? items.findIndex((x) => x.id === lastOpened) : -1;
    return i >= 0 ? i : (restored.current?.sel ?? -1);
  });
  /** The rows loaded and the selected one's id, as of the last render (a page's answer arrives later). */
  const current = useRef({ items: state.items, selected: undefined as string | undefined });
  current.current = { items: state.items, selected: state.items[sel]?.id };
  const searchRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => rememberList(location.hash), [key]);

  // What is shown now, kept for when the list is left.
  const shown = useRef({ key, state, sel, scrollY: 0 });
  shown.current = { ...shown.current, key, state, sel };
  useEffect(() => {
    // Not once the route has left the list: the next view's shorter page scrolls it up.
    const onScroll = () => {
      if (parseHash(location.hash).view === 'sessions') shown.current.scrollY = window.scrollY;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.removeEventListener('scroll', onScroll);
      const { key: k, state: st, sel: i, scrollY } = shown.current;
      kept = st.loaded && !st.error && st.items.length ? { key: k, state: { ...st, loading: false }, sel: i, scrollY } : null;
    };
  }, []);

  const load = (cursor: string | null) => {
    abort.current?.abort();
    const ac = new AbortController();
    abort.current = ac;
    setState((s) => ({ ...(cursor ? s : EMPTY), loading: true, error: null }));
    api.sessions({ ...query, cursor: cursor ?? undefined }, ac.signal).then(
      (page) => {
        // (Subagents listed too come right under the session that ran it, when that one is listed: as `tracebase sessions`.
        // A page that brings a parent moves its subagents shown before: the selection stays on its row.)
        const items = underParents(cursor ? [...current.current.items, ...page.items] : page.items).map((r) => r.row);
        setState({ items, next: page.nextCursor, loading: false, error: null, loaded: true });
        const keep = cursor ? current.current.selected : lastOpened;
        const i = keep ? items.findIndex((x) => x.id === keep) : -1;
        if (!cursor || i >= 0) setSel(i);
      },
      (e) => {
        if (!isAbort(e)) setState((s) => ({ ...s, loading: false, loaded: true, error: e as ApiError }));
      },
    );
  };
  useEffect(() => {
    const back = restored.current;
    restored.current = null;
    if (back) {
      // After the restored rows are laid out.
      requestAnimationFrame(() => window.scrollTo(0, back.scrollY));
      return () => abort.current?.abort();
    }
    load(null);
    return () => abort.current?.abort();
  }, [key]);

  const open = (s: SessionSummary) => {
    lastOpened = s.id;
    navigate(sessionHref(s.id, s.match?.eventId));
  };

  const move = (to: number) => {
    const n = state.items.length;
    if (!n) return;
    const i = Math.max(0, Math.min(n - 1, to));
    setSel(i);
    if (i >= n - 5 && state.next && !state.loading) load(state.next);
    const row = tableRef.current?.children[i] as HTMLElement | undefined;
    row?.focus();
  };

  useKeys((e) => {
    if (typing(e)) return;
    const t = e.target as HTMLElement;
    if (e.key === '/') {
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    } else if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault();
      move(sel + 1);
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault();
      move(sel - 1);
    } else if (e.key === 'Enter' && sel >= 0 && !t.closest('a, button')) {
      const s = state.items[sel];
      if (s) {
        e.preventDefault();
        open(s);
      }
    }
  });

  const onSearchKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      move(Math.max(0, sel));
    } else if (e.key === 'Escape') {
      (e.currentTarget as HTMLInputElement).blur();
    }
  };

  const rows = useMemo(() => underParents(state.items), [state.items]);
  const models = useMemo(() => [...new Set(state.items.flatMap((s) => s.models))].sort(), [state.items]);
  const projects = useMemo(() => [...new Set(state.items.map((s) => s.cwd).filter((c): c is string => !!c))].sort(), [state.items]);
  const filtered = FILTER_KEYS.some((k) => params.get(k));
  const sort = query.sort ?? '-started';

  return (
    <section class="page" aria-labelledby="list-title">
      <div class="page-head">
        <h1 id="list-title">Sessions</h1>
        <p class="hint" aria-hidden="true">
          <kbd>/</kbd> search · <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↑</kbd>/<kbd>↓</kbd> move · <kbd>Enter</kbd> open
        </p>
      </div>
      <Filters params={params} searchRef={searchRef} models={models} projects={projects} onSearchKey={onSearchKey} />
      {state.error && <ErrorBox error={state.error} />}
      {state.loaded && !state.error && state.items.length === 0 ? (
        filtered ? (
          <div class="empty" role="status">
            <h2>No sessions match</h2>
            <p>Nothing matches these filters. Try fewer words or a wider date range.</p>
            <a class="btn" href={href('/sessions')}>Clear filters</a>
          </div>
        ) : (
          <NoSessionsYet />
        )
      ) : (
        <div class="table-wrap">
          <table class="sessions" aria-label="Sessions" aria-busy={state.loading}>
            <thead>
              <tr>
                <SortTh label="Start" k="started" sort={sort} params={params} />
                <SortTh label="Duration" k="duration" sort={sort} params={params} num />
                <th class="num" scope="col">Prompts</th>
                <SortTh label="Tool calls" k="toolCalls" sort={sort} params={params} num />
                <SortTh label="Errors" k="errors" sort={sort} params={params} num />
                <SortTh label="Tokens in / out" k="tokens" sort={sort} params={params} num />
                <th scope="col">Project</th>
                <th scope="col">Title</th>
              </tr>
            </thead>
            <tbody ref={tableRef}>
              {rows.map(({ row: s, depth }, i) => (
                <Row key={s.id} s={s} depth={depth} selected={i === sel} onOpen={() => open(s)} onSelect={() => setSel(i)} subagentsListed={query.includeSubagents === true} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="list-foot">
        {state.loaded && state.items.length > 0 && (
          <span class="muted" role="status">
            {state.items.length} session{state.items.length === 1 ? '' : 's'}
            {state.next ? ' shown' : ''}
          </span>
        )}
        {state.next && (
          <button type="button" class="btn" disabled={state.loading} onClick={() => load(state.next)}>
            {state.loading ? 'Loading…' : 'Load more'}
          </button>
        )}
        {state.loading && !state.next && <span class="muted">Loading…</span>}
      </div>
    </section>
  );
}

function SortTh({ label, k, sort, params, num }: { label: string; k: SessionSortKey; sort: string; params: URLSearchParams; num?: boolean }) {
  const on = sort === k || sort === `-${k}`;
  const desc = sort.startsWith('-');
  const nextSort = on ? (desc ? k : `-${k}`) : `-${k}`;
  const next = new URLSearchParams(params);
  if (nextSort === '-started') next.delete('sort');
  else next.set('sort', nextSort);
  return (
    <th scope="col" class={num ? 'num' : undefined} aria-sort={on ? (desc ? 'descending' : 'ascending') : 'none'}>
      <a class="sort" href={href('/sessions', next)} title={`Sort by ${label.toLowerCase()}`}>
        {label}
        <span class="arrow" aria-hidden="true">{on ? (desc ? '▼' : '▲') : ''}</span>
      </a>
    </th>
  );
}

/** An empty store: what to run; after an import that found only empty transcripts, says so. */
function NoSessionsYet() {
  const [imported, setImported] = useState<string | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    api.health(ac.signal).then((h) => setImported(h.lastImportAt), () => undefined);
    return () => ac.abort();
  }, []);
  return imported ? (
    <div class="empty" role="status">
      <h2>No sessions yet</h2>
      <p>The transcripts imported so far ({when(imported)}) are empty or hold no session. A session appears once its agent writes to it; then run</p>
      <pre class="cmd">tracebase import</pre>
      <p class="muted"><code>tracebase doctor</code> shows what was read. Then reload this page.</p>
    </div>
  ) : (
    <div class="empty" role="status">
      <h2>No sessions yet</h2>
      <p>Import the Codex and Claude Code transcripts already on this machine:</p>
      <pre class="cmd">tracebase import</pre>
      <p class="muted">Then reload this page.</p>
      <p>Or look at the bundled demo corpus in a store of its own (stop this server first):</p>
      <pre class="cmd">tracebase demo --home /tmp/tb-demo{'\n'}TRACE_HOME=/tmp/tb-demo tracebase serve</pre>
    </div>
  );
}

function Row({ s, depth, selected, onOpen, onSelect, subagentsListed }: { s: SessionSummary; depth: number; selected: boolean; onOpen: () => void; onSelect: () => void; subagentsListed: boolean }) {
  const t = s.tokens;
  const sub = s.subagentTokens;
  return (
    <tr
      class={selected ? 'selected' : undefined}
      aria-selected={selected}
      tabIndex={-1}
      data-id={s.id}
      onClick={(e) => {
        onSelect();
        if (!(e.target as HTMLElement).closest('a')) onOpen();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) {
          e.preventDefault();
          onOpen();
        }
      }}
    >
      <td class="nowrap" title={s.startedAt ?? ''}>{when(s.startedAt)}</td>
      <td class="num">{duration(sessionDuration(s))}</td>
      <td class="num">{s.prompts}</td>
      <td class="num">{s.toolCalls}</td>
      <td class={`num${s.toolErrors ? ' bad' : ''}`}>{s.toolErrors || <span class="muted">0</span>}</td>
      <td class={`num nowrap${s.events === 0 ? ' muted' : ''}`} title={`input ${full(t.input)} (cache read ${full(t.cacheRead)}, cache write ${full(t.cacheWrite)}) · output ${full(t.output)} (reasoning ${full(t.reasoning)})${sub.input + sub.output ? ` · subagents ${full(sub.input)} / ${full(sub.output)}` : ''}`}>
        {s.events === 0 ? <><span class="muted" title="in its subagents">sub</span> {compact(sub.input)} / {compact(sub.output)}</> : <>{compact(t.input)} <span class="muted">/</span> {compact(t.output)}</>}
      </td>
      <td class="project" title={s.cwd ? visible(s.cwd) : undefined}>{visible(basename(s.cwd))}</td>
      <td class="title-cell" title={s.title ? visible(s.title) : undefined}>
        {depth > 0 && <span class="nest muted" style={{ paddingLeft: `${(depth - 1) * 1.2}em` }} aria-hidden="true">↳ </span>}
        <span class={`badge ${s.provider}`}>{s.provider}</span>
        {s.isSubagent && <span class="badge sub">subagent</span>}
        <a href={sessionHref(s.id, s.match?.eventId)} class="title" onClick={() => { lastOpened = s.id; }}>
          {s.title?.trim() ? <Redacted text={s.title.trim()} /> : <span class="muted">{s.events === 0 ? emptyTitle(s) : '(untitled)'}</span>}
        </a>
        {s.isSubagent && s.parentId && (
          // (Listed by its own start time, it may stand apart from the session that ran it: named here.)
          <div class="hit-line">
            <span class="muted">{s.agentType ? `${visible(s.agentType)} agent run by ` : 'run by '}</span>
            <a href={sessionHref(s.parentId)} class="mono">{visible(s.parentId.length > 13 ? `${s.parentId.slice(0, 12)}…` : s.parentId)}</a>
          </div>
        )}
        {s.match !== undefined && (
          <div class="hit-line" title={s.match ? `First match, ${kindLabel(s.match.kind).toLowerCase()}: ${visible(s.match.snippet.replace(/[«»]/g, ''))}` : undefined}>
            {s.match ? (
              <>
                <span class="muted">{kindLabel(s.match.kind)}{s.match.further ? ' (matched further in)' : ''}: </span>
                <Snippet text={s.match.snippet} />
              </>
            ) : (
              <span class="muted">{subagentsListed ? 'matched in one of its subagents (listed too)' : 'matched in a subagent (list subagents to see it)'}</span>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}
