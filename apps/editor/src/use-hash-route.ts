import { startTransition, useEffect, useState } from 'react';

/**
 * Hash routes (#/flows, #/flows/:id, #/tickets/:id?status=open …) so the API can serve index.html
 * for "/" without rewrite rules. The flow editor is its own full-screen page; every other path is a
 * console section, resolved against the nav entries in shell/sections.tsx.
 */
export interface SectionRoute { page: 'section'; segments: string[]; query: Record<string, string> }
export type Route = { page: 'flows' } | { page: 'flow'; id: string } | SectionRoute;

function decode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const path = q < 0 ? body : body.slice(0, q);
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : body.slice(q + 1)));
  const segments = path.split('/').filter(Boolean).map(decode);
  if (segments[0] === 'flows' && segments[1]) return { page: 'flow', id: segments[1] };
  if (segments.length === 0 || (segments[0] === 'flows' && Object.keys(query).length === 0)) return { page: 'flows' };
  return { page: 'section', segments, query };
}

/** The hash for a console path and optional query; empty query values are left out. */
export function hrefFor(segments: readonly string[], query: Record<string, string | undefined> = {}): string {
  const qs = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')).toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    // A transition: while the next page's code loads, the current page stays instead of a Suspense
    // fallback (a committed fallback delays the page replacing it by React's 300 ms reveal throttle).
    const onChange = () => startTransition(() => setRoute(parseHash(window.location.hash)));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export function navigate(route: Route | string): void {
  if (typeof route === 'string') window.location.hash = route;
  else if (route.page === 'flow') window.location.hash = `#/flows/${encodeURIComponent(route.id)}`;
  else if (route.page === 'flows') window.location.hash = '#/flows';
  else window.location.hash = hrefFor(route.segments, route.query);
}
