/**
 * The one list of console sections: each nav entry's path, label, icon, roles and page. Add a page by
 * adding an entry here; the sidebar, the role check and the routing all follow from this list.
 */
import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { Activity, Hourglass, Workflow } from 'lucide-react';
import type { UserDto } from '@moflow/api-contract';
import { permissions } from '../auth/permissions';
import { FlowsPage } from '../pages/FlowsPage';
import { RunPage } from '../runs/RunPage';
import { RunsPage } from '../runs/RunsPage';
import { WaitingPage } from '../runs/WaitingPage';
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
    render: ({ user, rest, query }) => (rest[0] ? <RunPage key={rest[0]} id={rest[0]} user={user} /> : <RunsPage query={query} />),
  },
  { path: 'waiting', label: 'Waiting', icon: Hourglass, group: 'main', roles: permissions.readRuns, render: ({ user }) => <WaitingPage user={user} /> },
];
