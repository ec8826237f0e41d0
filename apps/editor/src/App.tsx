import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionDto, UserDto } from '@moflow/api-contract';
import { flowsApi } from './api/flows-api';
import { ApiRequestError } from './api/client';
import { LoginPage } from './pages/LoginPage';
import { EditorPage } from './pages/EditorPage';
import { AppShell } from './shell/AppShell';
import { resolveEntry, visibleFor } from './shell/nav';
import { sections } from './shell/sections';
import { useHashRoute } from './use-hash-route';

const noSession = new ApiRequestError(401, { statusCode: 401, code: 'NO_SESSION', message: 'not signed in' });
function hasSessionCookie(): boolean {
  return document.cookie.split('; ').some((c) => c.startsWith('moflow_csrf='));
}

function userOf(me: UserDto | SessionDto): UserDto {
  return 'user' in me ? me.user : me;
}

export function App() {
  const route = useHashRoute();
  const qc = useQueryClient();
  // Without the CSRF cookie there is no session: show the form instead of provoking a 401.
  const me = useQuery({ queryKey: ['me'], queryFn: () => (hasSessionCookie() ? flowsApi.me() : Promise.reject(noSession)) });
  if (me.isPending) return <p className="centered" role="status">Loading…</p>;
  if (me.error) {
    if (me.error instanceof ApiRequestError && me.error.status === 401) return <LoginPage onLoggedIn={() => qc.invalidateQueries({ queryKey: ['me'] })} />;
    return <p className="centered error" role="alert">Cannot reach the server: {me.error.message}</p>;
  }
  const user = userOf(me.data);
  const logout = async () => { await flowsApi.logout().catch(() => undefined); qc.clear(); await qc.invalidateQueries({ queryKey: ['me'] }); };
  if (route.page === 'flow') return <EditorPage key={route.id} flowId={route.id} user={user} />;

  const segments = route.page === 'flows' ? ['flows'] : route.segments;
  const query = route.page === 'section' ? route.query : {};
  const visible = visibleFor(sections, user.role);
  const hit = resolveEntry(sections, segments);
  const allowed = hit && visible.includes(hit.entry) ? hit : null;
  return (
    <AppShell user={user} activePath={allowed?.entry.path ?? null} onLogout={logout}>
      {allowed
        ? allowed.entry.render({ user, rest: allowed.rest, query })
        : <p role="alert" className="error">{hit ? `${hit.entry.label} is not available to your role.` : 'There is no such page.'} <a href="#/flows">Go to flows</a></p>}
    </AppShell>
  );
}
