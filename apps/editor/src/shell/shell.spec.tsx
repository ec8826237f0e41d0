import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role, UserDto } from '@moflow/api-contract';
import { parseHash, hrefFor } from '../use-hash-route';
import { AppShell } from './AppShell';
import { resolveEntry, visibleFor, type NavMeta } from './nav';

const user = (role: Role): UserDto => ({ id: 'u1', email: `${role}@x.test`, name: null, role, createdAt: '2026-01-01T00:00:00Z' });

describe('hash routes', () => {
  it('keeps the editor route and reads console paths with their query', () => {
    expect(parseHash('#/flows/abc')).toEqual({ page: 'flow', id: 'abc' });
    expect(parseHash('')).toEqual({ page: 'flows' });
    expect(parseHash('#/flows')).toEqual({ page: 'flows' });
    expect(parseHash('#/tickets/t1?status=open')).toEqual({ page: 'section', segments: ['tickets', 't1'], query: { status: 'open' } });
    expect(parseHash('#/contacts/%E0%A4')).toEqual({ page: 'section', segments: ['contacts', '%E0%A4'], query: {} });
  });
  it('builds hashes that parse back, leaving out empty filters', () => {
    const href = hrefFor(['contacts'], { q: '+44 7700', status: '', x: undefined });
    expect(href).toBe('#/contacts?q=%2B44+7700');
    expect(parseHash(href)).toEqual({ page: 'section', segments: ['contacts'], query: { q: '+44 7700' } });
  });
});

describe('nav entries', () => {
  const entries: NavMeta[] = [
    { path: 'settings', label: 'Settings', roles: ['admin'], group: 'settings' },
    { path: 'settings/users', label: 'Users', roles: ['admin'], group: 'settings' },
    { path: 'tickets', label: 'Tickets', roles: ['admin', 'ops'], group: 'main' },
  ];
  it('resolves the longest matching path and hands the rest to the page', () => {
    expect(resolveEntry(entries, ['settings', 'users', 'u1'])).toEqual({ entry: entries[1], rest: ['u1'] });
    expect(resolveEntry(entries, ['settings', 'keys'])?.entry.path).toBe('settings');
    expect(resolveEntry(entries, ['tick'])).toBeNull();
  });
  it('filters by role', () => {
    expect(visibleFor(entries, 'ops').map((e) => e.path)).toEqual(['tickets']);
    expect(visibleFor(entries, 'editor')).toEqual([]);
  });
});

describe('AppShell', () => {
  const navLabels = (role: Role) => {
    render(<AppShell user={user(role)} activePath="flows" onLogout={() => undefined}><p>page</p></AppShell>);
    const labels = within(screen.getByRole('navigation', { name: 'Main' })).getAllByRole('link').map((a) => a.textContent);
    return labels;
  };
  it('shows ops no user administration, and marks the current page', () => {
    const labels = navLabels('ops');
    expect(labels).toContain('Flows');
    expect(labels).not.toContain('Users');
    expect(labels).not.toContain('API keys');
    expect(screen.getByRole('link', { name: 'Flows' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByText(/Operations/)).toBeInTheDocument();
  });
});
