/**
 * The one list of console sections: each nav entry's path, label, icon, roles and page. Add a page by
 * adding an entry here; the sidebar, the role check and the routing all follow from this list.
 */
import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import { Workflow } from 'lucide-react';
import type { UserDto } from '@moflow/api-contract';
import { permissions } from '../auth/permissions';
import { FlowsPage } from '../pages/FlowsPage';
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
];
