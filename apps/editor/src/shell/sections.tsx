/**
 * The one list of console sections: each nav entry's path, label, icon, roles and page. Add a page by
 * adding an entry here; the sidebar, the role check and the routing all follow from this list.
 */
import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { Activity, BarChart3, Hourglass, LockKeyhole, ShieldCheck, Table2, KeyRound, LifeBuoy, MessagesSquare, RadioTower, ScrollText, UserCog, Users, Workflow } from 'lucide-react';
import type { UserDto } from '@moflow/api-contract';
import { permissions } from '../auth/permissions';
import { lazyPage } from './lazy-page';
import type { NavMeta } from './nav';

// Each page is its own chunk, loaded when first shown (or preloaded for the address the app opens
// on): the first page draws without parsing the editor, the charts and every other page first.
const analyticsPage = lazyPage(() => import('../analytics/AnalyticsPage').then((m) => m.AnalyticsPage));
const consentPage = lazyPage(() => import('../console/ConsentPage').then((m) => m.ConsentPage));
const contactsPage = lazyPage(() => import('../console/ContactsPage').then((m) => m.ContactsPage));
const messagesPage = lazyPage(() => import('../console/MessagesPage').then((m) => m.MessagesPage));
const ticketsPage = lazyPage(() => import('../console/TicketsPage').then((m) => m.TicketsPage));
const flowsPage = lazyPage(() => import('../pages/FlowsPage').then((m) => m.FlowsPage));
const runPage = lazyPage(() => import('../runs/RunPage').then((m) => m.RunPage));
const runsPage = lazyPage(() => import('../runs/RunsPage').then((m) => m.RunsPage));
const waitingPage = lazyPage(() => import('../runs/WaitingPage').then((m) => m.WaitingPage));
const apiKeysPage = lazyPage(() => import('../settings/ApiKeysPage').then((m) => m.ApiKeysPage));
const channelsPage = lazyPage(() => import('../settings/ChannelsPage').then((m) => m.ChannelsPage));
const dataTablesPage = lazyPage(() => import('../settings/DataTablesPage').then((m) => m.DataTablesPage));
const allowlistPage = lazyPage(() => import('../settings/AllowlistPage').then((m) => m.AllowlistPage));
const secretsPage = lazyPage(() => import('../settings/SecretsPage').then((m) => m.SecretsPage));
const usersPage = lazyPage(() => import('../settings/UsersPage').then((m) => m.UsersPage));

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
}

export const sections: NavEntry[] = [
  { path: 'flows', label: 'Flows', icon: Workflow, group: 'main', roles: permissions.readFlows, preload: flowsPage.preload, render: ({ user }) => <flowsPage.Page user={user} /> },
  {
    path: 'runs', label: 'Runs', icon: Activity, group: 'main', roles: permissions.readRuns,
    preload: (rest) => (rest[0] ? runPage.preload() : runsPage.preload()), render: ({ user, rest, query }) => (rest[0] ? <runPage.Page key={rest[0]} id={rest[0]} user={user} /> : <runsPage.Page query={query} user={user} />),
  },
  { path: 'analytics', label: 'Analytics', icon: BarChart3, group: 'main', roles: permissions.readRuns, preload: analyticsPage.preload, render: ({ user, rest }) => <analyticsPage.Page user={user} rest={rest} /> },
  { path: 'waiting', label: 'Waiting', icon: Hourglass, group: 'main', roles: permissions.readRuns, preload: waitingPage.preload, render: ({ user }) => <waitingPage.Page user={user} /> },
  { path: 'messages', label: 'Messages', icon: MessagesSquare, group: 'main', roles: permissions.readMessages, preload: messagesPage.preload, render: ({ user, query }) => <messagesPage.Page user={user} query={query} /> },
  { path: 'tickets', label: 'Tickets', icon: LifeBuoy, group: 'main', roles: permissions.handleTickets, preload: ticketsPage.preload, render: (ctx) => <ticketsPage.Page {...ctx} /> },
  { path: 'contacts', label: 'Contacts', icon: Users, group: 'main', roles: permissions.manageContacts, preload: contactsPage.preload, render: (ctx) => <contactsPage.Page {...ctx} /> },
  { path: 'consent', label: 'Consent log', icon: ScrollText, group: 'main', roles: permissions.manageContacts, preload: consentPage.preload, render: ({ query }) => <consentPage.Page query={query} /> },
  { path: 'settings/channels', label: 'Channels', icon: RadioTower, group: 'settings', roles: permissions.manageChannels, preload: channelsPage.preload, render: ({ rest }) => <channelsPage.Page rest={rest} /> },
  { path: 'settings/data-tables', label: 'Data tables', icon: Table2, group: 'settings', roles: permissions.manageDataTables, preload: dataTablesPage.preload, render: ({ rest }) => <dataTablesPage.Page rest={rest} /> },
  { path: 'settings/secrets', label: 'Secrets', icon: LockKeyhole, group: 'settings', roles: permissions.manageSecrets, preload: secretsPage.preload, render: () => <secretsPage.Page /> },
  { path: 'settings/lookup-allowlist', label: 'Lookup allow-list', icon: ShieldCheck, group: 'settings', roles: permissions.manageLookupAllowlist, preload: allowlistPage.preload, render: () => <allowlistPage.Page /> },
  { path: 'settings/users', label: 'Users', icon: UserCog, group: 'settings', roles: permissions.manageUsers, preload: usersPage.preload, render: ({ user }) => <usersPage.Page user={user} /> },
  { path: 'settings/api-keys', label: 'API keys', icon: KeyRound, group: 'settings', roles: permissions.manageApiKeys, preload: apiKeysPage.preload, render: () => <apiKeysPage.Page /> },
];
