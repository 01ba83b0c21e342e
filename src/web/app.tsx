import { useEffect, useState } from 'preact/hooks';
import { api, type Health, isAbort } from './api.ts';
import { compact, when } from './format.ts';
import { listHref, useRoute } from './route.ts';
import { SessionView } from './session/detail.tsx';
import { SessionList } from './sessions/list.tsx';
import { currentTheme, setTheme, type Theme } from './theme.ts';
import { UsageView } from './usage.tsx';

export function App() {
  const route = useRoute();
  return (
    <>
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <Header view={route.view} />
      <main id="main" tabIndex={-1}>
        {route.view === 'session' ? (
          <SessionView key={route.id} id={route.id} params={route.params} />
        ) : route.view === 'usage' ? (
          <UsageView params={route.params} />
        ) : (
          <SessionList params={route.params} />
        )}
      </main>
    </>
  );
}

function Header({ view }: { view: string }) {
  const [health, setHealth] = useState<Health | null>(null);
  const [theme, setThemeState] = useState<Theme>(currentTheme);
  useEffect(() => {
    // Fetched again as the user moves (a page left open while `tracebase import` runs showed the counts it opened with).
    let ac = new AbortController();
    const load = () => {
      ac.abort();
      ac = new AbortController();
      api.health(ac.signal).then(setHealth, (e) => { if (!isAbort(e)) setHealth(null); });
    };
    load();
    const onVisible = () => { if (document.visibilityState === 'visible') load(); };
    window.addEventListener('hashchange', load);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      ac.abort();
      window.removeEventListener('hashchange', load);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <header class="topbar">
      <a class="brand" href="#/sessions" aria-label="Tracebase home">
        <svg class="brand-mark" width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="7" fill="#2f5bd3" />
          <path d="M8 10h16M8 16h11M8 22h7" stroke="#fff" stroke-width="3" stroke-linecap="round" />
        </svg>
        <span class="brand-name">Tracebase</span>
      </a>
      <nav aria-label="Views">
        <a href={view === 'sessions' ? '#/sessions' : listHref()} aria-current={view !== 'usage' ? 'page' : undefined}>Sessions</a>
        <a href="#/usage" aria-current={view === 'usage' ? 'page' : undefined}>Token usage</a>
      </nav>
      <span class="spacer" />
      {health && (
        <span class="health" title={`Tracebase ${health.version}`}>
          {compact(health.sessions)} {health.sessions === 1 ? 'session' : 'sessions'} · {compact(health.events)} {health.events === 1 ? 'event' : 'events'}
          {health.lastImportAt ? ` · imported ${when(health.lastImportAt)}` : ''}
        </span>
      )}
      <button
        type="button"
        class="icon-btn"
        aria-label={`Switch to ${next} mode`}
        title={`Switch to ${next} mode`}
        onClick={() => {
          setTheme(next);
          setThemeState(next);
        }}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
