// Token use across sessions: one stacked bar per day (per week over long ranges), a segment per model.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type ApiError, isAbort, type UsageDay } from './api.ts';
import { type Stack, StackedBars } from './charts/bars.tsx';
import { charted, timeBuckets } from './charts/buckets.ts';
import { compact, full } from './format.ts';
import { href, navigate } from './route.ts';
import { ErrorBox } from './error-box.tsx';

const MEASURES = { input: 'Input', output: 'Output', cacheRead: 'Cache read', reasoning: 'Reasoning' } as const;
type Measure = keyof typeof MEASURES;
const OTHER = 'other models';

export function UsageView({ params }: { params: URLSearchParams }) {
  const [rows, setRows] = useState<UsageDay[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const key = params.toString();
  const measure = ((params.get('measure') ?? 'input') in MEASURES ? params.get('measure') ?? 'input' : 'input') as Measure;

  useEffect(() => {
    const ac = new AbortController();
    setError(null);
    api
      // Bars are UTC days (as the server groups them), so the range is UTC days too: bare dates.
      .usageByDay({ since: params.get('since') || undefined, until: params.get('until') || undefined, provider: params.get('provider') ?? undefined }, ac.signal)
      .then((r) => setRows(r.byDay), (e) => !isAbort(e) && setError(e as ApiError));
    return () => ac.abort();
  }, [params.get('since'), params.get('until'), params.get('provider')]);

  const set = (k: string, v: string) => {
    const n = new URLSearchParams(key);
    if (v) n.set(k, v);
    else n.delete(k);
    navigate(href('/usage', n));
  };

  const { stacks, models, totals, unit, active } = useMemo(() => {
    const days = new Map<string, Map<string, number>>();
    const models = new Map<string, number>();
    const totals = { input: 0, output: 0, cacheRead: 0, reasoning: 0 };
    for (const r of rows ?? []) {
      for (const k of Object.keys(totals) as Measure[]) totals[k] += r[k];
      // A call with no time in a session with no start has no day: counted in the totals only.
      if (r.day === null) continue;
      const m = r.model ?? 'unknown model';
      const v = r[measure];
      const d = days.get(r.day) ?? new Map<string, number>();
      days.set(r.day, d);
      d.set(m, (d.get(m) ?? 0) + v);
      models.set(m, (models.get(m) ?? 0) + v);
    }
    // Seven colours stay distinguishable; the long tail of models shares the eighth.
    const ranked = [...models.entries()].sort((a, b) => b[1] - a[1]).map(([m]) => m);
    if (ranked.length > 8) {
      const tail = new Set(ranked.slice(7));
      for (const d of days.values()) {
        let rest = 0;
        for (const m of tail) {
          rest += d.get(m) ?? 0;
          d.delete(m);
        }
        if (rest) d.set(OTHER, rest);
      }
      ranked.splice(7, ranked.length, OTHER);
    }
    const order = ranked;
    // Quiet days (or weeks) between busy ones are empty bars, not left out.
    const buckets = timeBuckets(days.keys());
    const sums = new Map<string, Map<string, number>>(buckets.starts.map((b) => [b, new Map()]));
    for (const [day, d] of days) {
      if (!charted(day)) continue;
      const sum = sums.get(buckets.of(day));
      for (const [m, v] of d) sum?.set(m, (sum.get(m) ?? 0) + v);
    }
    const stacks: Stack[] = buckets.starts.map((b) => ({
      label: b,
      parts: order.filter((m) => sums.get(b)!.has(m)).map((m) => ({ key: m, value: sums.get(b)!.get(m)! })),
    }));
    return { stacks, models: order, totals, unit: buckets.unit, active: days.size };
  }, [rows, measure]);

  return (
    <section class="page" aria-labelledby="u-title">
      <div class="page-head">
        <h1 id="u-title">Token usage</h1>
      </div>
      <form class="filters" aria-label="Usage filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>Measure</span>
          <select value={measure} onChange={(e) => set('measure', e.currentTarget.value === 'input' ? '' : e.currentTarget.value)}>
            {Object.entries(MEASURES).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
        </label>
        <label>
          <span>Provider</span>
          <select value={params.get('provider') ?? ''} onChange={(e) => set('provider', e.currentTarget.value)}>
            <option value="">All</option>
            <option value="claude">Claude Code</option>
            <option value="codex">Codex</option>
          </select>
        </label>
        <label>
          <span>From</span>
          <input type="date" value={params.get('since') ?? ''} onChange={(e) => set('since', e.currentTarget.value)} />
        </label>
        <label>
          <span>To</span>
          <input type="date" value={params.get('until') ?? ''} onChange={(e) => set('until', e.currentTarget.value)} />
        </label>
      </form>
      {error && <ErrorBox error={error} />}
      {rows && (
        <dl class="facts">
          {(Object.keys(MEASURES) as Measure[]).map((k) => (
            <div class="fact" key={k} title={full(totals[k])}>
              <dt>{MEASURES[k]}</dt>
              <dd>{compact(totals[k])}</dd>
            </div>
          ))}
          <div class="fact">
            <dt>Days with use</dt>
            <dd>{active}</dd>
          </div>
        </dl>
      )}
      {rows && active === 0 && (
        <div class="empty" role="status">
          <h2>No token usage in this range</h2>
          <p>Import transcripts with <code>tracebase import</code>, or widen the date range.</p>
        </div>
      )}
      {active > 0 && <StackedBars title={`${MEASURES[measure]} tokens per ${unit}, by model`} stacks={stacks} keys={models} unit={unit} />}
      {!rows && !error && <p class="muted">Loading…</p>}
    </section>
  );
}
