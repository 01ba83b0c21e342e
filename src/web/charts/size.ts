import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The pixel width of an element, kept current, so SVG text is drawn at its real size. */
export function useWidth(ref: RefObject<HTMLElement | null>, fallback = 600): number {
  const [w, setW] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => {
      const next = Math.floor(e?.contentRect.width ?? 0);
      if (next > 0) setW(next);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return w;
}

/** Round axis maximum and 3–5 tick values, whole numbers (tokens come whole: a maximum of 1
 * must not read `0, 0, 1, 1, 1`). */
export function ticks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 2.5, 5, 10].map((m) => m * mag).filter(Number.isInteger).find((s) => s >= raw) ?? Math.ceil(raw));
  const out: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) out.push(v);
  return out;
}
