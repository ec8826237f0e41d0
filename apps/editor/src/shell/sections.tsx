/**
 * The one list of console sections: each nav entry's path, label, icon, roles and page. Add a page by
 * adding an entry here; the sidebar, the role check and the routing all follow from this list.
 */
import { lazy, type ReactNode } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { LucideIcon } from 'lucide-react';
import { Activity, BarChart3, Hourglass, LockKeyhole, ShieldCheck, Table2, KeyRound, LifeBuoy, MessagesSquare, RadioTower, ScrollText, UserCog, Users, Workflow } from 'lucide-react';
import type { UserDto } from '@moflow/api-contract';
import { permissions } from '../auth/permissions';
import { prefetchRunsRoute } from '../runs/runs-prefetch';
import type { NavMeta } from './nav';

// Each page is its own chunk, loaded when first shown (or preloaded for the address the app opens
// on): the first page draws without parsing the editor, the charts and every other page first.
const loadAnalyticsPage = () => import('../analytics/AnalyticsPage');
const AnalyticsPage = lazy(() => loadAnalyticsPage().then((m) => ({ default: m.AnalyticsPage })));
const loadConsentPage = () => import('../console/ConsentPage');
const ConsentPage = lazy(() => loadConsentPage().then((m) => ({ default: m.ConsentPage })));
const loadContactsPage = () => import('../console/ContactsPage');
const ContactsPage = lazy(() => loadContactsPage().then((m) => ({ default: m.ContactsPage })));
const loadMessagesPage = () => import('../console/MessagesPage');
const MessagesPage = lazy(() => loadMessagesPage().then((m) => ({ default: m.MessagesPage })));
const loadTicketsPage = () => import('../console/TicketsPage');
const TicketsPage = lazy(() => loadTicketsPage().then((m) => ({ default: m.TicketsPage })));
const loadFlowsPage = () => import('../pages/FlowsPage');
const FlowsPage = lazy(() => loadFlowsPage().then((m) => ({ default: m.FlowsPage })));
const loadRunPage = () => import('../runs/RunPage');
const RunPage = lazy(() => loadRunPage().then((m) => ({ default: m.RunPage })));
const loadRunsPage = () => import('../runs/RunsPage');
const RunsPage = lazy(() => loadRunsPage().then((m) => ({ default: m.RunsPage })));
const loadWaitingPage = () => import('../runs/WaitingPage');
const WaitingPage = lazy(() => loadWaitingPage().then((m) => ({ default: m.WaitingPage })));
const loadApiKeysPage = () => import('../settings/ApiKeysPage');
const ApiKeysPage = lazy(() => loadApiKeysPage().then((m) => ({ default: m.ApiKeysPage })));
const loadChannelsPage = () => import('../settings/ChannelsPage');
const ChannelsPage = lazy(() => loadChannelsPage().then((m) => ({ default: m.ChannelsPage })));
const loadDataTablesPage = () => import('../settings/DataTablesPage');
const DataTablesPage = lazy(() => loadDataTablesPage().then((m) => ({ default: m.DataTablesPage })));
const loadAllowlistPage = () => import('../settings/AllowlistPage');
const AllowlistPage = lazy(() => loadAllowlistPage().then((m) => ({ default: m.AllowlistPage })));
const loadSecretsPage = () => import('../settings/SecretsPage');
const SecretsPage = lazy(() => loadSecretsPage().then((m) => ({ default: m.SecretsPage })));
const loadUsersPage = () => import('../settings/UsersPage');
const UsersPage = lazy(() => loadUsersPage().then((m) => ({ default: m.UsersPage })));

export interface PageContext {
  user: UserDto;
  /** Path segments after the entry's own path (e.g. a ticket id). */
  rest: string[];
  query: Record<string, string>;
}

export interface NavEntry extends NavMeta {
  icon: LucideIcon;
  render: (ctx: PageContext) => ReactNode;
  /** Starts loading the page's code (`rest`: path segments after the entry's path). */
  preload: (rest: string[]) => Promise<unknown>;
  /** Starts the page's first data requests, alongside its code (pages on the hot path of ops). */
  prefetch?: (qc: QueryClient, rest: string[], query: Record<string, string>) => void;
}

export const sections: NavEntry[] = [
  { path: 'flows', label: 'Flows', icon: Workflow, group: 'main', roles: permissions.readFlows, preload: loadFlowsPage, render: ({ user }) => <FlowsPage user={user} /> },
  {
    path: 'runs', label: 'Runs', icon: Activity, group: 'main', roles: permissions.readRuns,
    preload: (rest) => (rest[0] ? loadRunPage() : loadRunsPage()), prefetch: prefetchRunsRoute, render: ({ user, rest, query }) => (rest[0] ? <RunPage key={rest[0]} id={rest[0]} user={user} /> : <RunsPage query={query} user={user} />),
  },
  { path: 'analytics', label: 'Analytics', icon: BarChart3, group: 'main', roles: permissions.readRuns, preload: loadAnalyticsPage, render: ({ user, rest }) => <AnalyticsPage user={user} rest={rest} /> },
  { path: 'waiting', label: 'Waiting', icon: Hourglass, group: 'main', roles: permissions.readRuns, preload: loadWaitingPage, render: ({ user }) => <WaitingPage user={user} /> },
  { path: 'messages', label: 'Messages', icon: MessagesSquare, group: 'main', roles: permissions.readMessages, preload: loadMessagesPage, render: ({ user, query }) => <MessagesPage user={user} query={query} /> },
  { path: 'tickets', label: 'Tickets', icon: LifeBuoy, group: 'main', roles: permissions.handleTickets, preload: loadTicketsPage, render: (ctx) => <TicketsPage {...ctx} /> },
  { path: 'contacts', label: 'Contacts', icon: Users, group: 'main', roles: permissions.manageContacts, preload: loadContactsPage, render: (ctx) => <ContactsPage {...ctx} /> },
  { path: 'consent', label: 'Consent log', icon: ScrollText, group: 'main', roles: permissions.manageContacts, preload: loadConsentPage, render: ({ query }) => <ConsentPage query={query} /> },
  { path: 'settings/channels', label: 'Channels', icon: RadioTower, group: 'settings', roles: permissions.manageChannels, preload: loadChannelsPage, render: ({ rest }) => <ChannelsPage rest={rest} /> },
  { path: 'settings/data-tables', label: 'Data tables', icon: Table2, group: 'settings', roles: permissions.manageDataTables, preload: loadDataTablesPage, render: ({ rest }) => <DataTablesPage rest={rest} /> },
  { path: 'settings/secrets', label: 'Secrets', icon: LockKeyhole, group: 'settings', roles: permissions.manageSecrets, preload: loadSecretsPage, render: () => <SecretsPage /> },
  { path: 'settings/lookup-allowlist', label: 'Lookup allow-list', icon: ShieldCheck, group: 'settings', roles: permissions.manageLookupAllowlist, preload: loadAllowlistPage, render: () => <AllowlistPage /> },
  { path: 'settings/users', label: 'Users', icon: UserCog, group: 'settings', roles: permissions.manageUsers, preload: loadUsersPage, render: ({ user }) => <UsersPage user={user} /> },
  { path: 'settings/api-keys', label: 'API keys', icon: KeyRound, group: 'settings', roles: permissions.manageApiKeys, preload: loadApiKeysPage, render: () => <ApiKeysPage /> },
];
