// Cumulative token use over one session: a step line per measure, hand-made SVG.
import { useRef } from 'preact/hooks';
import { clock, compact, day, full } from '../format.ts';
import { ticks, useWidth } from './size.ts';

export interface Series {
  name: string;
  cls: string;
  points: { t: number; v: number }[];
}

const H = 170;
const PAD = { l: 52, r: 16, t: 12, b: 26 };

export function LineChart({ title, series }: { title: string; series: Series[] }) {
  const box = useRef<HTMLElement>(null);
  const W = useWidth(box);
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return null;
  const t0 = Math.min(...all.map((p) => p.t));
  const t1 = Math.max(...all.map((p) => p.t), t0 + 1);
  const ys = ticks(Math.max(...all.map((p) => p.v), 1));
  const vmax = ys[ys.length - 1]!;
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - v / vmax) * (H - PAD.t - PAD.b);
  // Times of a session that runs over several days carry their day.
  const days = day(new Date(t0).toISOString()) !== day(new Date(t1).toISOString());
  const at = (t: number): string => {
    const iso = new Date(t).toISOString();
    return days ? `${day(iso)} ${clock(iso)}` : clock(iso);
  };
  return (
    <figure class="chart" ref={box}>
      <figcaption>
        {title}
        <span class="legend">
          {series.map((s) => (
            <span key={s.name} class="legend-item">
              <span class={`swatch ${s.cls}`} aria-hidden="true" />
              {s.name} <strong>{full(s.points[s.points.length - 1]?.v ?? 0)}</strong>
            </span>
          ))}
        </span>
      </figcaption>
      <svg width={W} height={H} role="img" aria-label={`${title}: ${series.map((s) => `${s.name} ${full(s.points[s.points.length - 1]?.v ?? 0)}`).join(', ')}`}>
        {ys.map((v) => (
          <g key={v}>
            <line class="grid" x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} />
            <text class="axis" x={PAD.l - 6} y={y(v) + 4} text-anchor="end">{compact(v)}</text>
          </g>
        ))}
        <text class="axis" x={PAD.l} y={H - 6}>{at(t0)}</text>
        <text class="axis" x={W - PAD.r} y={H - 6} text-anchor="end">{at(t1)}</text>
        {series.map((s) => {
          let d = '';
          let prev = 0;
          for (const p of s.points) {
            d += d ? `H${x(p.t).toFixed(1)}V${y(p.v).toFixed(1)}` : `M${x(p.t).toFixed(1)},${y(prev).toFixed(1)}V${y(p.v).toFixed(1)}`;
            prev = p.v;
          }
          return (
            <g key={s.name}>
              <path class={`line ${s.cls}`} d={d} />
              {s.points.length <= 200 &&
                s.points.map((p) => (
                  <circle key={p.t} class={`dot ${s.cls}`} cx={x(p.t)} cy={y(p.v)} r={2.5}>
                    <title>{`${at(p.t)} · ${s.name} ${full(p.v)}`}</title>
                  </circle>
                ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
