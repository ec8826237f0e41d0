import { Suspense } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionDto, UserDto } from '@moflow/api-contract';
import { flowsApi } from './api/flows-api';
import { ApiRequestError } from './api/client';
import { meQuery } from './boot';
import { LoginPage } from './pages/LoginPage';
import { AppShell } from './shell/AppShell';
import { lazyPage } from './shell/lazy-page';
import { resolveEntry, visibleFor } from './shell/nav';
import { sections } from './shell/sections';
import { parseHash, useHashRoute } from './use-hash-route';

const editorPage = lazyPage(() => import('./pages/EditorPage').then((m) => m.EditorPage));

/**
 * Starts loading the code of the page at `hash` (boot.ts has started the session check and the
 * page's first data already): no waterfall of session → code → data. Settles when the page's code is
 * in (or failed to load), so the first render can draw the page without a Suspense fallback.
 */
export function preloadPage(hash: string): Promise<unknown> {
  const route = parseHash(hash);
  const hit = route.page === 'flow' ? null : resolveEntry(sections, route.page === 'flows' ? ['flows'] : route.segments);
  const load = route.page === 'flow' ? editorPage.preload() : hit?.entry.preload(hit.rest);
  // A chunk that fails to load here is loaded (and its error shown) again when the page renders.
  return (load ?? Promise.resolve()).catch(() => undefined);
}

const loading = <p className="centered" role="status">Loading…</p>;

function userOf(me: UserDto | SessionDto): UserDto {
  return 'user' in me ? me.user : me;
}

export function App() {
  const route = useHashRoute();
  const qc = useQueryClient();
  // Without the CSRF cookie there is no session: show the form instead of provoking a 401.
  const me = useQuery(meQuery);
  if (me.isPending) return <p className="centered" role="status">Loading…</p>;
  if (me.error) {
    if (me.error instanceof ApiRequestError && me.error.status === 401) return <LoginPage onLoggedIn={() => qc.invalidateQueries({ queryKey: ['me'] })} />;
    return <p className="centered error" role="alert">Cannot reach the server: {me.error.message}</p>;
  }
  const user = userOf(me.data);
  const logout = async () => { await flowsApi.logout().catch(() => undefined); qc.clear(); await qc.invalidateQueries({ queryKey: ['me'] }); };
  if (route.page === 'flow') return <Suspense fallback={loading}><editorPage.Page key={route.id} flowId={route.id} user={user} /></Suspense>;

  const segments = route.page === 'flows' ? ['flows'] : route.segments;
  const query = route.page === 'section' ? route.query : {};
  const visible = visibleFor(sections, user.role);
  const hit = resolveEntry(sections, segments);
  const allowed = hit && visible.includes(hit.entry) ? hit : null;
  return (
    <AppShell user={user} activePath={allowed?.entry.path ?? null} onLogout={logout}>
      {allowed
        ? <Suspense fallback={loading}>{allowed.entry.render({ user, rest: allowed.rest, query })}</Suspense>
        : <p role="alert" className="error">{hit ? `${hit.entry.label} is not available to your role.` : 'There is no such page.'} <a href="#/flows">Go to flows</a></p>}
    </AppShell>
  );
}
