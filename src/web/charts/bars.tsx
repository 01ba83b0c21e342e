// Tokens per day or week, stacked by model, hand-made SVG.
import { useRef } from 'preact/hooks';
import { compact, full } from '../format.ts';
import { ticks, useWidth } from './size.ts';

const md = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const ymd = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const ym = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' });

/** "Mar 2", or "Mar 2, 2026" where the year changes; labels that are not days stay as they are. */
function dayLabel(day: string, withYear: boolean): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) ? day : (withYear ? ymd : md).format(t);
}

export interface Stack {
  label: string;
  parts: { key: string; value: number }[];
}

const H = 260;
const PAD = { l: 56, r: 12, t: 12, b: 30 };

/** `unit`: what a bar covers; a week's label is its Monday, a month's its first day. */
export function StackedBars({ title, stacks, keys, unit = 'day' }: { title: string; stacks: Stack[]; keys: string[]; unit?: 'day' | 'week' | 'month' }) {
  const box = useRef<HTMLElement>(null);
  const W = useWidth(box, 900);
  const totals = stacks.map((s) => s.parts.reduce((a, p) => a + p.value, 0));
  const ys = ticks(Math.max(1, ...totals));
  const vmax = ys[ys.length - 1]!;
  const plotW = W - PAD.l - PAD.r;
  const slot = plotW / Math.max(1, stacks.length);
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const y = (v: number) => PAD.t + (1 - v / vmax) * (H - PAD.t - PAD.b);
  const every = Math.max(1, Math.ceil(stacks.length / Math.max(1, Math.floor(plotW / 96))));
  const cls = (k: string) => `s${keys.indexOf(k) % 8}`;
  return (
    <figure class="chart" ref={box}>
      <figcaption>
        {title}
        <span class="legend">
          {keys.map((k) => (
            <span key={k} class="legend-item">
              <span class={`swatch ${cls(k)}`} aria-hidden="true" />
              {k}
            </span>
          ))}
        </span>
      </figcaption>
      <svg width={W} height={H} role="img" aria-label={`${title}, ${stacks.length} ${unit}s`}>
        {ys.map((v) => (
          <g key={v}>
            <line class="grid" x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} />
            <text class="axis" x={PAD.l - 6} y={y(v) + 4} text-anchor="end">{compact(v)}</text>
          </g>
        ))}
        {stacks.map((s, i) => {
          const cx = PAD.l + slot * i + slot / 2;
          let acc = 0;
          return (
            <g key={s.label}>
              {s.parts.map((p) => {
                const y0 = y(acc);
                acc += p.value;
                const y1 = y(acc);
                return (
                  <rect key={p.key} class={`bar ${cls(p.key)}`} x={cx - barW / 2} y={y1} width={barW} height={Math.max(0, y0 - y1)}>
                    <title>{`${unit === 'week' ? `week of ${s.label}` : unit === 'month' ? s.label.slice(0, 7) : s.label} · ${p.key}: ${full(p.value)}`}</title>
                  </rect>
                );
              })}
              {i % every === 0 && (
                <text class="axis" x={cx} y={H - 10} text-anchor="middle">
                  {unit === 'month' ? ym.format(Date.parse(`${s.label}T00:00:00Z`)) : dayLabel(s.label, i === 0 || stacks[i - every]?.label.slice(0, 4) !== s.label.slice(0, 4))}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
