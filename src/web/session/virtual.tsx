// A window-scrolled virtual list: only rows near the viewport are in the DOM. Heights are
// estimated until a row has been rendered once, then measured; the first visible row is kept
// still while estimates are corrected, so scrolling up through fresh rows does not jump.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

const OVERSCAN = 800; // px rendered above and below the viewport
const TOP_GAP = 112; // where a scrolled-to row lands (below the sticky header)

export interface VirtualProps<T> {
  items: T[];
  keyOf: (item: T) => string;
  estimate: (item: T) => number;
  render: (item: T, index: number) => ComponentChildren;
  /** Called when the rendered range comes near the end of the loaded items. */
  onNearEnd?: () => void;
  /** Key of a row to bring into view; `scrollSeq` changes to repeat the request. */
  scrollTo?: { key: string; seq: number } | null;
  label: string;
}

const lowerBound = (a: Float64Array, x: number): number => {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

export function VirtualList<T>({ items, keyOf, estimate, render, onNearEnd, scrollTo, label }: VirtualProps<T>) {
  const outer = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const [range, setRange] = useState({ start: 0, end: Math.min(items.length, 40) });
  /** First row on screen and its position in the list, held still across re-renders. */
  const anchor = useRef<{ key: string; y: number } | null>(null);
  const pending = useRef<{ key: string; tries: number } | null>(null);

  const offsets = useMemo(() => {
    const o = new Float64Array(items.length + 1);
    for (let i = 0; i < items.length; i++) o[i + 1] = o[i]! + (heights.current.get(keyOf(items[i]!)) ?? estimate(items[i]!));
    return o;
  }, [items, version]);

  const computeRange = () => {
    const el = outer.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top;
    const from = Math.max(0, lowerBound(offsets, -top - OVERSCAN) - 1);
    const to = Math.min(items.length, lowerBound(offsets, -top + innerHeight + OVERSCAN) + 1);
    setRange((r) => (r.start === from && r.end === to ? r : { start: from, end: to }));
    for (const row of inner.current?.children ?? []) {
      const rect = row.getBoundingClientRect();
      if (rect.bottom > 0) {
        anchor.current = { key: (row as HTMLElement).dataset['key']!, y: rect.top - top };
        break;
      }
    }
    if (to >= items.length - 30) onNearEnd?.();
  };

  const latest = useRef(computeRange);
  latest.current = computeRange;
  useEffect(() => {
    let frame = 0;
    const onScroll = () => {
      if (!frame) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          latest.current();
        });
      }
    };
    addEventListener('scroll', onScroll, { passive: true });
    addEventListener('resize', onScroll);
    // A width change re-wraps text in every row: re-measure what is on screen.
    let width = 0;
    const ro = new ResizeObserver(([e]) => {
      const w = e?.contentRect.width ?? 0;
      if (w !== width) {
        width = w;
        setVersion((v) => v + 1);
      }
    });
    if (outer.current) ro.observe(outer.current);
    return () => {
      removeEventListener('scroll', onScroll);
      removeEventListener('resize', onScroll);
      ro.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);

  useLayoutEffect(() => {
    // Measure what is rendered; any change re-runs offsets and this effect once more.
    let changed = false;
    for (const row of inner.current?.children ?? []) {
      const key = (row as HTMLElement).dataset['key']!;
      const h = (row as HTMLElement).offsetHeight;
      if (h > 0 && heights.current.get(key) !== h) {
        heights.current.set(key, h);
        changed = true;
      }
    }
    if (changed) {
      setVersion((v) => v + 1);
      return;
    }
    const p = pending.current;
    if (p) {
      const el = inner.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(p.key)}"]`);
      if (el) {
        const delta = el.getBoundingClientRect().top - TOP_GAP;
        if (Math.abs(delta) > 2 && p.tries++ < 6) scrollBy(0, delta);
        else pending.current = null;
      } else {
        const i = items.findIndex((it) => keyOf(it) === p.key);
        if (i < 0 || p.tries++ > 6) pending.current = null;
        else scrollTo_(i);
      }
    } else if (anchor.current) {
      const el = inner.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(anchor.current.key)}"]`);
      const listTop = outer.current?.getBoundingClientRect().top ?? 0;
      // Only once the list is scrolled into: above that, the page scrolls as usual.
      if (el && listTop < 0) {
        const delta = el.getBoundingClientRect().top - listTop - anchor.current.y;
        if (Math.abs(delta) > 0.5) scrollBy(0, delta);
      }
    }
    computeRange();
  });

  const scrollTo_ = (i: number) => {
    const el = outer.current;
    if (!el) return;
    window.scrollTo(0, el.getBoundingClientRect().top + scrollY + offsets[i]! - TOP_GAP);
  };

  useEffect(() => {
    if (!scrollTo) return;
    const el = inner.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(scrollTo.key)}"]`);
    if (el) {
      const r = el.getBoundingClientRect();
      if (r.top >= TOP_GAP && r.bottom <= innerHeight) return; // already fully visible
    }
    pending.current = { key: scrollTo.key, tries: 0 };
    anchor.current = null;
    setVersion((v) => v + 1);
  }, [scrollTo?.key, scrollTo?.seq]);

  const start = Math.min(range.start, items.length);
  const end = Math.min(range.end, items.length);
  return (
    <div ref={outer} class="vlist" role="feed" aria-label={label} style={{ height: `${offsets[items.length]}px` }}>
      <div ref={inner} class="vlist-window" style={{ transform: `translateY(${offsets[start]}px)` }}>
        {items.slice(start, end).map((it, j) => (
          <div key={keyOf(it)} data-key={keyOf(it)} class="vrow">
            {render(it, start + j)}
          </div>
        ))}
      </div>
    </div>
  );
}
