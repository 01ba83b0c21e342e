// Hash routes, so every view is a deep link that survives reload and works with back/forward:
//   #/sessions?provider=claude&q=test   #/session/<id>?event=<eventId>   #/usage?since=2026-03-01
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { view: 'sessions'; params: URLSearchParams }
  | { view: 'session'; id: string; params: URLSearchParams }
  | { view: 'usage'; params: URLSearchParams };

/** A path segment decoded; one that is not valid percent-encoding is taken as it is (the server
 * then says there is no such session), rather than blanking the app. */
function decodeOr(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const qi = raw.indexOf('?');
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const params = new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1));
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'session' && parts[1]) return { view: 'session', id: decodeOr(parts[1]), params };
  if (parts[0] === 'usage') return { view: 'usage', params };
  return { view: 'sessions', params };
}

/** Builds a hash, dropping empty parameters so URLs stay short and comparable. */
export function href(path: string, params: Record<string, string | undefined | null> | URLSearchParams = {}): string {
  const qs = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [k, v] of entries) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  const s = qs.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export const sessionHref = (id: string, event?: string | null): string =>
  href(`/session/${encodeURIComponent(id)}`, { event: event ?? undefined });

const CHANGE = 'tracebase:route';

/** Push (a new history entry) or replace (typing, selection) the current location. */
export function navigate(hash: string, opts: { replace?: boolean } = {}): void {
  if (hash === location.hash) return;
  if (opts.replace) history.replaceState(history.state, '', hash);
  else history.pushState(null, '', hash);
  window.dispatchEvent(new Event(CHANGE));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', update);
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('hashchange', update);
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return route;
}

/** The session list URL last shown, so "back to sessions" keeps the user's filters. */
let lastList = '#/sessions';
export const rememberList = (hash: string): void => {
  lastList = hash || '#/sessions';
};
export const listHref = (): string => lastList;
