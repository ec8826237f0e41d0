import type { ReactNode } from 'react';
import { LogOut } from 'lucide-react';
import type { UserDto } from '@moflow/api-contract';
import { hrefFor } from '../use-hash-route';
import { visibleFor } from './nav';
import { sections } from './sections';

const roleNames = { admin: 'Admin', editor: 'Editor', ops: 'Operations' } as const;

/** Sidebar with the sections the user's role may see, a top bar with the user, and the page. */
export function AppShell({ user, activePath, onLogout, children }: { user: UserDto; activePath: string | null; onLogout: () => void; children: ReactNode }) {
  const visible = visibleFor(sections, user.role);
  const link = (e: (typeof visible)[number]) => {
    const Icon = e.icon;
    return (
      <li key={e.path}>
        <a href={hrefFor(e.path.split('/'))} aria-current={e.path === activePath ? 'page' : undefined} className="nav-link">
          <Icon size={18} aria-hidden="true" /><span>{e.label}</span>
        </a>
      </li>
    );
  };
  const settings = visible.filter((e) => e.group === 'settings');
  return (
    <div className="shell">
      <nav aria-label="Main" className="sidebar">
        <div className="brand">Moflow</div>
        <ul>{visible.filter((e) => e.group === 'main').map(link)}</ul>
        {settings.length > 0 && <><h2 className="nav-group">Settings</h2><ul>{settings.map(link)}</ul></>}
      </nav>
      <div className="shell-main">
        <header className="topbar">
          <span className="spacer" />
          <span className="muted">{user.name ?? user.email} · {roleNames[user.role]}</span>
          <button type="button" onClick={onLogout} className="icon-button"><LogOut size={16} aria-hidden="true" /> Sign out</button>
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
