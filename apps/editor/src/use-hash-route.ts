import { useEffect, useState } from 'react';

/** Hash routes (#/flows, #/flows/:id) so the API can serve index.html for "/" without rewrite rules. */
export type Route = { page: 'flows' } | { page: 'flow'; id: string };

export function parseHash(hash: string): Route {
  const m = /^#\/flows\/([^/?]+)/.exec(hash);
  return m?.[1] ? { page: 'flow', id: decodeURIComponent(m[1]) } : { page: 'flows' };
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
  window.location.hash = route.page === 'flow' ? `#/flows/${encodeURIComponent(route.id)}` : '#/flows';
}
