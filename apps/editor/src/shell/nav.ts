import type { Role } from '@moflow/api-contract';

/** One console section: where it lives (`path`, first segments of the hash) and who sees it. */
export interface NavMeta { path: string; label: string; roles: readonly Role[]; group: 'main' | 'settings' }

export function visibleFor<T extends NavMeta>(entries: readonly T[], role: Role): T[] {
  return entries.filter((e) => e.roles.includes(role));
}

/** The entry whose path is the longest prefix of the route's segments, and the segments after it. */
export function resolveEntry<T extends NavMeta>(entries: readonly T[], segments: readonly string[]): { entry: T; rest: string[] } | null {
  let best: { entry: T; rest: string[] } | null = null;
  for (const entry of entries) {
    const parts = entry.path.split('/');
    if (parts.every((p, i) => segments[i] === p) && (!best || parts.length > best.entry.path.split('/').length)) {
      best = { entry, rest: segments.slice(parts.length) };
    }
  }
  return best;
}
