import type { UserDto } from '@moflow/api-contract';

/** The run pages' header until the console shell (issue 10, opsadmin) provides the navigation. */
export function RunsTopbar({ title, user }: { title: string; user: UserDto }) {
  return (
    <header className="topbar">
      <h1>{title}</h1>
      <nav className="topnav" aria-label="Sections">
        <a href="#/flows">Flows</a>
        <a href="#/runs">Runs</a>
        <a href="#/waiting">Waiting</a>
        <a href="#/analytics/channels">Channels</a>
      </nav>
      <span className="spacer" />
      <span className="muted">{user.name ?? user.email} ({user.role})</span>
    </header>
  );
}

export const canAct = (user: UserDto) => user.role === 'ops' || user.role === 'admin';
