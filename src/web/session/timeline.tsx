// A session's conversation: pages of 500 events fetched as the reader scrolls, tool results
// folded into their calls, subagents attached to the call that started them, virtualized.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type ApiError, type EventOut, isAbort, type SessionSummary } from '../api.ts';
import { day, full } from '../format.ts';
import { navigate, sessionHref } from '../route.ts';
import { typing, useKeys } from '../keys.ts';
import { ErrorBox } from '../error-box.tsx';
import { COMPACT, EventRow, type TimelineItem } from './event-row.tsx';
import { VirtualList } from './virtual.tsx';

const PAGE = 500;

interface Pages {
  events: EventOut[];
  next: string | null;
  done: boolean;
  loading: boolean;
  error: ApiError | null;
}

function useEventPages(sessionId: string) {
  const [pages, setPages] = useState<Pages>({ events: [], next: null, done: false, loading: false, error: null });
  const busy = useRef(false);
  const cur = useRef(pages);
  cur.current = pages;
  const ac = useRef(new AbortController());
  useEffect(() => () => ac.current.abort(), []);
  const loadMore = useCallback((retry = false) => {
    const p = cur.current;
    if (busy.current || p.done || (p.error && !retry)) return;
    busy.current = true;
    setPages((s) => ({ ...s, loading: true, error: null }));
    api.events(sessionId, p.next, PAGE, ac.current.signal).then(
      (page) => {
        busy.current = false;
        setPages((s) => ({ events: s.events.concat(page.items), next: page.nextCursor, done: !page.nextCursor, loading: false, error: null }));
      },
      (e) => {
        busy.current = false;
        if (!isAbort(e)) setPages((s) => ({ ...s, loading: false, error: e as ApiError }));
      },
    );
  }, [sessionId]);
  useEffect(() => loadMore(), [loadMore]);
  return { ...pages, loadMore: () => loadMore(), retry: () => loadMore(true) };
}

/** Bookkeeping lines hidden unless asked for: duplicate streams, token counts, lines with nothing to read. */
const quiet = (e: EventOut): boolean =>
  e.duplicate || e.kind === 'usage' || (!e.text && !e.isError && e.kind !== 'tool_call' && e.kind !== 'tool_result' && e.kind !== 'user_prompt');

function buildItems(events: EventOut[], children: SessionSummary[], showAll: boolean): TimelineItem[] {
  const items: TimelineItem[] = [];
  const calls = new Map<string, TimelineItem>();
  const byCall = new Map<string, SessionSummary[]>();
  for (const c of children) if (c.parentCallId) byCall.set(c.parentCallId, [...(byCall.get(c.parentCallId) ?? []), c]);
  for (const e of events) {
    if (!showAll && quiet(e)) continue;
    if (e.kind === 'tool_result' && e.callId) {
      const call = calls.get(e.callId);
      if (call) {
        call.results.push(e);
        continue;
      }
    }
    const item: TimelineItem = { ev: e, results: [], spawned: [] };
    if (e.kind === 'tool_call' && e.callId && !e.duplicate) {
      calls.set(e.callId, item);
      item.spawned = byCall.get(e.callId) ?? [];
    }
    items.push(item);
  }
  return items;
}

/** The viewer's calendar day of an instant, as a key. */
function dayKey(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** A session over several of the viewer's days: its first event of each day, with the date. */
function dayStarts(items: TimelineItem[], session: SessionSummary): Map<string, string> {
  const starts = new Map<string, string>();
  // Unless all of it, start, end and every event, falls on one day (the header's date).
  // (Days told apart by the local date's parts, formatted only where one starts: a long session has
  // tens of thousands of events.)
  const days = new Set([session.startedAt, session.endedAt, ...items.map((it) => it.ev.ts)].map(dayKey).filter(Boolean));
  if (days.size < 2) return starts;
  let last = '';
  for (const it of items) {
    const d = dayKey(it.ev.ts);
    if (d && d !== last) starts.set(it.ev.id, day(it.ev.ts));
    if (d) last = d;
  }
  return starts;
}

function estimate(it: TimelineItem): number {
  if (it.ev.kind === 'tool_call') return 46 + it.spawned.length * 30;
  if (COMPACT.has(it.ev.kind)) return 44;
  const t = it.ev.text ?? '';
  let lines = 0;
  for (const l of t.split('\n', 13)) lines += 1 + Math.floor(l.length / 110);
  return 40 + Math.min(lines, 13) * 20;
}

interface Props {
  session: SessionSummary;
  children: SessionSummary[];
  eventId: string | null;
}

export function Timeline({ session, children, eventId }: Props) {
  const pages = useEventPages(session.id);
  const [showAll, setShowAll] = useState(false);
  const [expandAll, setExpandAll] = useState(false);
  const [flipped, setFlipped] = useState<ReadonlySet<string>>(new Set());
  const [more, setMore] = useState<ReadonlySet<string>>(new Set());
  const [scroll, setScroll] = useState<{ key: string; seq: number } | null>(null);
  const items = useMemo(() => buildItems(pages.events, children, showAll), [pages.events, children, showAll]);
  const days = useMemo(() => dayStarts(items, session), [items, session]);

  const indexOf = useMemo(() => {
    const m = new Map<string, number>();
    items.forEach((it, i) => {
      m.set(it.ev.id, i);
      for (const r of it.results) m.set(r.id, i);
    });
    return m;
  }, [items]);

  // Deep link: page forward until the event is loaded, show it even if it is a quiet one, scroll.
  const selIndex = eventId ? indexOf.get(eventId) : undefined;
  useEffect(() => {
    if (!eventId) return;
    if (selIndex !== undefined) {
      setScroll((s) => ({ key: items[selIndex]!.ev.id, seq: (s?.seq ?? 0) + 1 }));
    } else if (pages.events.some((e) => e.id === eventId)) {
      setShowAll(true);
    } else if (!pages.done && !pages.loading && !pages.error) {
      pages.loadMore();
    }
  }, [eventId, selIndex, pages.events.length, pages.done, pages.loading]);

  // A link to an event the session does not hold: its notice, below the summary and charts, is
  // brought into view once (the link led here).
  const missingEvent = !!eventId && pages.done && !pages.events.some((e) => e.id === eventId);
  const missingRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (missingEvent) missingRef.current?.scrollIntoView({ block: 'center' });
  }, [missingEvent]);

  const select = (id: string) => navigate(sessionHref(session.id, id), { replace: true });
  const toggle = (set: ReadonlySet<string>, id: string) => {
    const n = new Set(set);
    if (!n.delete(id)) n.add(id);
    return n;
  };

  useKeys((e) => {
    if (typing(e)) return;
    const i = selIndex ?? -1;
    if (e.key === 'j' || e.key === 'k') {
      e.preventDefault();
      const next = items[Math.max(0, Math.min(items.length - 1, i + (e.key === 'j' ? 1 : -1)))];
      if (next) select(next.ev.id);
      if (e.key === 'j' && i >= items.length - 5) pages.loadMore();
    } else if ((e.key === 'o' || e.key === 'Enter') && i >= 0 && items[i]?.ev.kind === 'tool_call' && !(e.target as HTMLElement).closest('a, button')) {
      e.preventDefault();
      setFlipped((s) => toggle(s, items[i]!.ev.id));
    }
  });

  // Counted as the session counts events: Codex's repeated stream is loaded but not counted.
  const loaded = useMemo(() => pages.events.reduce((n, e) => n + (e.duplicate ? 0 : 1), 0), [pages.events]);
  return (
    <section class="timeline" aria-labelledby="tl-title">
      <div class="timeline-bar">
        <h2 id="tl-title">Timeline</h2>
        <span class="muted">
          {full(items.length)} shown · {full(loaded)}
          {pages.done ? '' : ` of ~${full(session.events)}`} events loaded
        </span>
        <span class="spacer" />
        <span class="hint" aria-hidden="true"><kbd>j</kbd>/<kbd>k</kbd> move · <kbd>o</kbd> open</span>
        <label class="check">
          <input type="checkbox" checked={expandAll} onChange={(e) => { setExpandAll(e.currentTarget.checked); setFlipped(new Set()); }} />
          <span>Expand tool calls</span>
        </label>
        <label class="check">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
          <span>Show bookkeeping lines</span>
        </label>
      </div>
      {pages.error && <ErrorBox error={pages.error} />}
      {missingEvent && (
        <p class="missing-event" role="status" ref={missingRef}>
          The event this link names is not in this session (purged, or the link is cut short); the whole session is shown.
        </p>
      )}
      <VirtualList
        items={items}
        label={`Events of session ${session.title ?? session.id}`}
        keyOf={(it) => it.ev.id}
        estimate={estimate}
        onNearEnd={pages.loadMore}
        scrollTo={scroll}
        render={(it) => (
          <EventRow
            item={it}
            st={{
              day: days.get(it.ev.id),
              selected: it.ev.id === eventId || it.results.some((r) => r.id === eventId),
              // A link to a result opens its call, so the result shows.
              open: ((expandAll && it.ev.kind === 'tool_call') || it.results.some((r) => r.id === eventId)) !== flipped.has(it.ev.id),
              more: more.has(it.ev.id),
              onSelect: () => select(it.ev.id),
              onToggle: () => setFlipped((s) => toggle(s, it.ev.id)),
              onMore: () => setMore((s) => toggle(s, it.ev.id)),
            }}
          />
        )}
      />
      <div class="timeline-foot" role="status">
        {pages.loading ? 'Loading events…' : pages.done ? (items.length ? 'End of session.' : pages.events.length ? '' : 'This session has no events.') : ''}
        {!pages.loading && pages.done && items.length === 0 && pages.events.length > 0 && (
          <>
            All {full(pages.events.length)} events of this session are bookkeeping lines (repeats of another stream, token counts, lines with nothing to read).{' '}
            <button type="button" class="btn" onClick={() => setShowAll(true)}>
              Show them
            </button>
          </>
        )}
        {!pages.loading && !pages.done && !pages.error && (
          <button type="button" class="btn" onClick={pages.loadMore}>
            Load more events
          </button>
        )}
        {!pages.loading && pages.error && (
          <button type="button" class="btn" onClick={pages.retry}>
            Try again
          </button>
        )}
      </div>
    </section>
  );
}
