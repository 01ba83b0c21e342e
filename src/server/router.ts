// Matches a method and raw path against the route table; path parameters are decoded strictly.
import type { Route } from './context.ts';
import { decodeComponent } from './query.ts';

export type Match =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' };

const segments = (p: string) => p.split('/').filter((s, i) => i > 0 || s !== '');

/** The path routes are matched against: one trailing slash dropped. Checks made before routing
 * (the guard's) must look at this same path, or `/api/events/` would slip past them. */
export const routePath = (rawPath: string): string => (rawPath.length > 1 ? rawPath.replace(/\/$/, '') : rawPath);

export function createRouter(routes: readonly Route[]): (method: string, rawPath: string) => Match {
  const compiled = routes.map((r) => ({ route: r, parts: segments(r.path) }));
  return (method, rawPath) => {
    const parts = segments(routePath(rawPath));
    const allow = new Set<string>();
    for (const { route, parts: pattern } of compiled) {
      if (pattern.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < pattern.length && ok; i++) {
        const p = pattern[i]!;
        const v = parts[i]!;
        if (p.startsWith(':')) {
          if (!v) ok = false;
          else params[p.slice(1)] = decodeComponent(v, `Path segment ${i + 1}`);
        } else ok = p === v;
      }
      if (!ok) continue;
      const m = method === 'HEAD' ? 'GET' : method;
      if (route.method === m) return { kind: 'route', route, params };
      allow.add(route.method);
    }
    return allow.size ? { kind: 'method', allow: [...allow] } : { kind: 'none' };
  };
}
