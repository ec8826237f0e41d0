/**
 * The first thing the page runs, as its own small script ahead of the app's main one (index.html):
 * it starts the session check and the first data of the address (the runs list, or a run and its
 * flow version) while the browser is still loading and evaluating React and the page's code, so the
 * data is not waiting behind the main script. No React here: only the API client and react-query's
 * cache, which main.tsx then renders from.
 */
import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from './api/client';
import { flowsApi } from './api/flows-api';
import { prefetchFlow } from './api/flow-prefetch';
import { prefetchRunsRoute } from './runs/runs-prefetch';
import { parseHash } from './use-hash-route';

export const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

const noSession = new ApiRequestError(401, { statusCode: 401, code: 'NO_SESSION', message: 'not signed in' });
export function hasSessionCookie(): boolean {
  return document.cookie.split('; ').some((c) => c.startsWith('moflow_csrf='));
}

/** The signed-in user. Without the CSRF cookie there is no session: no request, the sign-in form. */
export const meQuery = {
  queryKey: ['me'],
  queryFn: () => (hasSessionCookie() ? flowsApi.me() : Promise.reject(noSession)),
  // Fresh for the page's first render (no second request right after this one); sign-in and
  // sign-out invalidate it.
  staleTime: 60_000,
};

/** The console paths whose first data is fetched before the app renders (ops' hot path), by first segment. */
const firstData: Record<string, (qc: QueryClient, rest: string[], query: Record<string, string>) => void> = {
  runs: prefetchRunsRoute,
};

void queryClient.prefetchQuery(meQuery);
const route = parseHash(window.location.hash);
if (route.page === 'section' && hasSessionCookie()) firstData[route.segments[0]!]?.(queryClient, route.segments.slice(1), route.query);

/**
 * A flow's JSON is requested as soon as the address names it: on loading the page, and on every
 * address change, from a listener added before React's, so the request is on its way before React
 * renders the editor (which takes it, see api/flow-prefetch). The flows list starts it even earlier,
 * when the pointer goes down on a flow's link.
 */
function prefetchFlowOf(hash: string): void {
  const r = parseHash(hash);
  if (r.page === 'flow' && hasSessionCookie()) prefetchFlow(r.id);
}
prefetchFlowOf(window.location.hash);
window.addEventListener('hashchange', () => prefetchFlowOf(window.location.hash));
