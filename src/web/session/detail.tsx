// Session detail: what ran, where, for how long and at what token cost, then the timeline.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type ApiError, type FileUse, isAbort, type SessionDetail, type SessionSummary, type ToolUse, type UsagePoint } from '../api.ts';
import { LineChart, type Series } from '../charts/line.tsx';
import { compact, duration, emptyTitle, full, sessionDuration, when } from '../format.ts';
import { listHref, navigate, sessionHref } from '../route.ts';
import { typing, useKeys } from '../keys.ts';
import { ErrorBox } from '../error-box.tsx';
import { Redacted, visible } from '../text.tsx';
import { Timeline } from './timeline.tsx';

export function SessionView({ id, params }: { id: string; params: URLSearchParams }) {
  const [detail, setDetail] = useState<SessionDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [series, setSeries] = useState<UsagePoint[]>([]);
  const [use, setUse] = useState<{ tools: ToolUse[]; files: FileUse[]; filesTotal: number } | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    setUse(null);
    api.session(id, ac.signal).then(setDetail, (e) => !isAbort(e) && setError(e as ApiError));
    api.sessionMetrics(id, ac.signal).then((m) => {
      setSeries(m.series);
      setUse({ tools: m.tools, files: m.files, filesTotal: m.filesTotal });
    }, () => undefined);
    return () => ac.abort();
  }, [id]);

  // A session opens at its top (a phone keeps the list's scroll position otherwise); a link to
  // one of its events scrolls there itself.
  useEffect(() => {
    if (!params.get('event')) window.scrollTo(0, 0);
  }, [id]);

  useKeys((e) => {
    if (e.key === 'Escape' && !typing(e)) navigate(listHref());
  });

  if (error) {
    return (
      <section class="page">
        <a class="back" href={listHref()}>← Sessions</a>
        <ErrorBox error={error} />
      </section>
    );
  }
  if (!detail) return <section class="page"><a class="back" href={listHref()}>← Sessions</a><p class="muted">Loading session…</p></section>;
  const { session: s, children, parent, forkedFrom, forks = [] } = detail;
  const t = s.tokens;
  const redactions = Object.entries(s.redactions);
  return (
    <section class="page" aria-labelledby="s-title">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a class="back" href={listHref()}>← Sessions</a>
        {parent && (
          <>
            <span aria-hidden="true">/</span>
            <a href={sessionHref(parent.id)}>{parent.title ?? parent.id}</a>
          </>
        )}
      </nav>
      <header class="session-head">
        <h1 id="s-title" title={s.title ? visible(s.title) : undefined}>
          <span class={`badge ${s.provider}`}>{s.provider}</span>
          {s.isSubagent && <span class="badge sub">subagent{s.agentType ? ` · ${s.agentType}` : ''}</span>}
          <Redacted text={s.title?.trim() || (s.events === 0 ? emptyTitle(s) : '(untitled session)')} />
        </h1>
        <p class="session-id muted">{s.id}</p>
      </header>
      <dl class="facts">
        <Fact k="Started" v={when(s.startedAt)} title={s.startedAt ?? ''} />
        <Fact k="Duration" v={duration(sessionDuration(s))} />
        <Fact k="Prompts" v={full(s.prompts)} />
        <Fact k="Tool calls" v={full(s.toolCalls)} />
        <Fact k="Errors" v={full(s.toolErrors)} bad={s.toolErrors > 0} />
        <Fact k="Tokens in / out" v={`${compact(t.input)} / ${compact(t.output)}`} title={`input ${full(t.input)} (cache read ${full(t.cacheRead)}, cache write ${full(t.cacheWrite)}), output ${full(t.output)} (reasoning ${full(t.reasoning)})`} />
        {s.subagentTokens.input + s.subagentTokens.output > 0 && (
          <Fact k="Subagent tokens" v={`${compact(s.subagentTokens.input)} / ${compact(s.subagentTokens.output)}`} />
        )}
        {s.forkedFromId && (
          <div class="fact wide">
            <dt>Forked from</dt>
            <dd class="mono">
              {forkedFrom ? (
                <a href={sessionHref(s.forkedFromId)}>{visible(s.forkedFromId)}</a>
              ) : (
                <>
                  {visible(s.forkedFromId)} <span class="muted">(not in this store)</span>
                </>
              )}
            </dd>
          </div>
        )}
        <Fact k="Project" v={s.cwd ?? '–'} mono />
        {s.gitBranch && <Fact k="Branch" v={s.gitBranch} mono />}
        <Fact k="Model" v={s.models.join(', ') || '–'} />
        {s.cliVersion && <Fact k="CLI" v={s.cliVersion} />}
        {redactions.length > 0 && (
          <Fact k="Redacted" v={redactions.map(([k, n]) => `${k} ×${n}`).join(', ')} title="Secrets removed from the index at import" />
        )}
      </dl>
      <TokenChart series={series} />
      {use && use.tools.length > 0 && <ToolsAndFiles {...use} cwd={s.cwd} />}
      <Related id="sub-title" title="Subagents" sessions={children} badge={(c) => <span class="badge sub">{c.agentType ?? 'agent'}</span>} />
      <Related id="forks-title" title="Forks" sessions={forks} badge={() => <span class="badge">fork</span>} />
      <Timeline session={s} children={children} eventId={params.get('event')} />
    </section>
  );
}

function Fact({ k, v, title, bad, mono }: { k: string; v: string; title?: string; bad?: boolean; mono?: boolean }) {
  return (
    <div class={v.length > 24 ? 'fact wide' : 'fact'} title={visible(title ?? v)}>
      <dt>{k}</dt>
      <dd class={`${bad ? 'bad' : ''}${mono ? ' mono' : ''}`}>{visible(v)}</dd>
    </div>
  );
}

/** Which tools the session called (calls, failures, time) and which files its calls named. */
function ToolsAndFiles({ tools, files, filesTotal, cwd }: { tools: ToolUse[]; files: FileUse[]; filesTotal: number; cwd: string | null }) {
  const [allFiles, setAllFiles] = useState(false);
  const shown = allFiles ? files : files.slice(0, 10);
  // Paths under the session's project are shown from there (the whole path on hover).
  const base = cwd ? `${cwd.replace(/\/+$/, '')}/` : null;
  const short = (p: string) => (base && p.startsWith(base) && p.length > base.length ? p.slice(base.length) : p);
  return (
    <div class="charts two use">
      <figure class="chart">
        <figcaption>Tools</figcaption>
        <table class="use-table">
          <thead><tr><th>tool</th><th class="num">calls</th><th class="num">errors</th><th class="num">time</th></tr></thead>
          <tbody>
            {tools.map((t) => (
              <tr key={t.name}>
                <td class="mono"><Redacted text={t.name} /></td>
                <td class="num">{full(t.calls)}</td>
                <td class={`num${t.errors ? ' bad' : ''}`}>{t.errors || <span class="muted">0</span>}</td>
                <td class="num">{t.durationMs ? duration(t.durationMs) : <span class="muted">–</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
      <figure class="chart">
        <figcaption>Files named by its calls{filesTotal > 0 ? ` (${full(filesTotal)})` : ''}</figcaption>
        {files.length === 0 ? (
          <p class="muted">No call named a file.</p>
        ) : (
          <table class="use-table">
            <thead><tr><th>file</th><th class="num">calls</th><th>tools</th></tr></thead>
            <tbody>
              {shown.map((f) => (
                <tr key={f.path}>
                  <td class="mono path" title={visible(f.path)}><Redacted text={short(f.path)} /></td>
                  <td class="num">{full(f.calls)}</td>
                  <td class="muted">{f.tools.map(visible).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {files.length > 10 && (
          <button type="button" class="btn more-files" onClick={() => setAllFiles(!allFiles)}>
            {allFiles ? 'Show the first 10' : `Show ${files.length < filesTotal ? `the first ${files.length}` : `all ${files.length}`}`}
          </button>
        )}
      </figure>
    </div>
  );
}

function TokenChart({ series }: { series: UsagePoint[] }) {
  const lines = useMemo((): Series[] | null => {
    const pts = series.flatMap((p) => (p.ts ? [{ ...p, t: Date.parse(p.ts) }] : [])).filter((p) => Number.isFinite(p.t)).sort((a, b) => a.t - b.t);
    if (pts.length === 0) return null;
    // Calls their transcript gives no time still count: from the start, so the lines end at the
    // session's totals.
    let i = 0;
    let o = 0;
    for (const p of series) {
      if (p.counted === false || (p.ts && Number.isFinite(Date.parse(p.ts)))) continue;
      i += p.input;
      o += p.output;
    }
    const input: Series = { name: 'Input', cls: 's0', points: [] };
    const output: Series = { name: 'Output', cls: 's1', points: [] };
    for (const p of pts) {
      if (p.counted === false) continue;
      i += p.input;
      o += p.output;
      input.points.push({ t: p.t, v: i });
      output.points.push({ t: p.t, v: o });
    }
    return [input, output];
  }, [series]);
  if (!lines) return null;
  return (
    <div class="charts two">
      <LineChart title="Input tokens, cumulative" series={[lines[0]!]} />
      <LineChart title="Output tokens, cumulative" series={[lines[1]!]} />
    </div>
  );
}

/** Sessions related to this one (its subagents, its forks): each linked, with its calls, errors and tokens. */
function Related({ id, title, sessions, badge }: { id: string; title: string; sessions: SessionSummary[]; badge: (s: SessionSummary) => ComponentChildren }) {
  if (sessions.length === 0) return null;
  return (
    <section class="children" aria-labelledby={id}>
      <h2 id={id}>
        {title} ({sessions.length})
      </h2>
      <ul>
        {sessions.map((c) => (
          <li key={c.id}>
            <a href={sessionHref(c.id)}>
              {badge(c)} {c.title ?? c.id}
            </a>
            <span class="muted">
              {' '}· {c.toolCalls} tool call{c.toolCalls === 1 ? '' : 's'}{c.toolErrors ? ` · ${c.toolErrors} error${c.toolErrors === 1 ? '' : 's'}` : ''} · {compact(c.tokens.input)} / {compact(c.tokens.output)} tokens
              {c.parentCallId ? ` · started by ${c.parentCallId}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
