/**
 * The one list of console sections: each nav entry's path, label, icon, roles and page. Add a page by
 * adding an entry here; the sidebar, the role check and the routing all follow from this list.
 */
import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { Activity, BarChart3, Hourglass, LockKeyhole, ShieldCheck, Table2, KeyRound, LifeBuoy, MessagesSquare, RadioTower, ScrollText, UserCog, Users, Workflow } from 'lucide-react';
import type { UserDto } from '@moflow/api-contract';
import { AnalyticsPage } from '../analytics/AnalyticsPage';
import { permissions } from '../auth/permissions';
import { ConsentPage } from '../console/ConsentPage';
import { ContactsPage } from '../console/ContactsPage';
import { MessagesPage } from '../console/MessagesPage';
import { TicketsPage } from '../console/TicketsPage';
import { FlowsPage } from '../pages/FlowsPage';
import { RunPage } from '../runs/RunPage';
import { RunsPage } from '../runs/RunsPage';
import { WaitingPage } from '../runs/WaitingPage';
import { ApiKeysPage } from '../settings/ApiKeysPage';
import { ChannelsPage } from '../settings/ChannelsPage';
import { DataTablesPage } from '../settings/DataTablesPage';
import { AllowlistPage } from '../settings/AllowlistPage';
import { SecretsPage } from '../settings/SecretsPage';
import { UsersPage } from '../settings/UsersPage';
import type { NavMeta } from './nav';

export interface PageContext {
  user: UserDto;
  /** Path segments after the entry's own path (e.g. a ticket id). */
  rest: string[];
  query: Record<string, string>;
}

export interface NavEntry extends NavMeta {
  icon: LucideIcon;
  render: (ctx: PageContext) => ReactNode;
}

export const sections: NavEntry[] = [
  { path: 'flows', label: 'Flows', icon: Workflow, group: 'main', roles: permissions.readFlows, render: ({ user }) => <FlowsPage user={user} /> },
  {
    path: 'runs', label: 'Runs', icon: Activity, group: 'main', roles: permissions.readRuns,
    render: ({ user, rest, query }) => (rest[0] ? <RunPage key={rest[0]} id={rest[0]} user={user} /> : <RunsPage query={query} user={user} />),
  },
  { path: 'analytics', label: 'Analytics', icon: BarChart3, group: 'main', roles: permissions.readRuns, render: ({ user, rest }) => <AnalyticsPage user={user} rest={rest} /> },
  { path: 'waiting', label: 'Waiting', icon: Hourglass, group: 'main', roles: permissions.readRuns, render: ({ user }) => <WaitingPage user={user} /> },
  { path: 'messages', label: 'Messages', icon: MessagesSquare, group: 'main', roles: permissions.readMessages, render: ({ user, query }) => <MessagesPage user={user} query={query} /> },
  { path: 'tickets', label: 'Tickets', icon: LifeBuoy, group: 'main', roles: permissions.handleTickets, render: (ctx) => <TicketsPage {...ctx} /> },
  { path: 'contacts', label: 'Contacts', icon: Users, group: 'main', roles: permissions.manageContacts, render: (ctx) => <ContactsPage {...ctx} /> },
  { path: 'consent', label: 'Consent log', icon: ScrollText, group: 'main', roles: permissions.manageContacts, render: ({ query }) => <ConsentPage query={query} /> },
  { path: 'settings/channels', label: 'Channels', icon: RadioTower, group: 'settings', roles: permissions.manageChannels, render: ({ rest }) => <ChannelsPage rest={rest} /> },
  { path: 'settings/data-tables', label: 'Data tables', icon: Table2, group: 'settings', roles: permissions.manageDataTables, render: ({ rest }) => <DataTablesPage rest={rest} /> },
  { path: 'settings/secrets', label: 'Secrets', icon: LockKeyhole, group: 'settings', roles: permissions.manageSecrets, render: () => <SecretsPage /> },
  { path: 'settings/lookup-allowlist', label: 'Lookup allow-list', icon: ShieldCheck, group: 'settings', roles: permissions.manageLookupAllowlist, render: () => <AllowlistPage /> },
  { path: 'settings/users', label: 'Users', icon: UserCog, group: 'settings', roles: permissions.manageUsers, render: ({ user }) => <UsersPage user={user} /> },
  { path: 'settings/api-keys', label: 'API keys', icon: KeyRound, group: 'settings', roles: permissions.manageApiKeys, render: () => <ApiKeysPage /> },
];
