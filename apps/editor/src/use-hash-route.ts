import { useEffect, useState } from 'react';

/** Hash routes (#/flows, #/flows/:id, #/runs?…) so the API can serve index.html for "/" without rewrite rules. */
export type Route =
  | { page: 'flows' }
  | { page: 'flow'; id: string }
  | { page: 'runs'; query: Record<string, string> }
  | { page: 'run'; id: string }
  | { page: 'waiting' }
  | { page: 'flow-analytics'; id: string }
  | { page: 'channel-analytics' };

function queryOf(search: string | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search ?? ''));
}

export function parseHash(hash: string): Route {
  const [path = '', search] = hash.replace(/^#/, '').split('?', 2);
  let m: RegExpExecArray | null;
  if ((m = /^\/flows\/([^/]+)\/analytics$/.exec(path)) && m[1]) return { page: 'flow-analytics', id: decodeURIComponent(m[1]) };
  if ((m = /^\/flows\/([^/]+)/.exec(path)) && m[1]) return { page: 'flow', id: decodeURIComponent(m[1]) };
  if ((m = /^\/runs\/([^/]+)$/.exec(path)) && m[1]) return { page: 'run', id: decodeURIComponent(m[1]) };
  if (path === '/runs') return { page: 'runs', query: queryOf(search) };
  if (path === '/waiting') return { page: 'waiting' };
  if (path === '/analytics/channels') return { page: 'channel-analytics' };
  return { page: 'flows' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'flows': return '#/flows';
    case 'flow': return `#/flows/${encodeURIComponent(route.id)}`;
    case 'flow-analytics': return `#/flows/${encodeURIComponent(route.id)}/analytics`;
    case 'run': return `#/runs/${encodeURIComponent(route.id)}`;
    case 'runs': {
      const q = new URLSearchParams(Object.entries(route.query).filter(([, v]) => v !== '')).toString();
      return q ? `#/runs?${q}` : '#/runs';
    }
    case 'waiting': return '#/waiting';
    case 'channel-analytics': return '#/analytics/channels';
  }
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

/** Changes the hash without a history entry (filters typed into the runs page). */
export function replaceRoute(route: Route): void {
  const url = `${window.location.pathname}${window.location.search}${hrefOf(route)}`;
  window.history.replaceState(null, '', url);
}
