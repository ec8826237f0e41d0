import type { Role } from '@moflow/api-contract';

/**
 * What each role may do, as the server enforces it (apps/api @Roles). The UI asks these instead of
 * comparing role names, so a button is never offered to someone the server would refuse.
 */
export const permissions = {
  readFlows: ['admin', 'editor', 'ops'],
  editFlows: ['admin', 'editor'],
  publishFlows: ['admin', 'editor'],
  readRuns: ['admin', 'editor', 'ops'],
  actOnRuns: ['admin', 'ops'],
  readMessages: ['admin', 'editor', 'ops'],
  /** Phone numbers, message texts, vars, text search and the runs CSV; editors see masked runs (personal-data-view.ts). */
  readPersonalData: ['admin', 'ops'],
  readChannelAnalytics: ['admin', 'ops'],
  handleTickets: ['admin', 'ops'],
  manageContacts: ['admin', 'ops'],
  eraseContacts: ['admin'],
  manageChannels: ['admin'],
  manageDataTables: ['admin'],
  manageUsers: ['admin'],
  manageApiKeys: ['admin'],
  manageSecrets: ['admin'],
  manageLookupAllowlist: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}
