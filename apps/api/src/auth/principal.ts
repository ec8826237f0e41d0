import type { ApiKeyEntity, SessionEntity, UserEntity } from '@moflow/data-access';

/** Who is calling: a signed-in user, a machine with an API key, or a metrics scraper. */
export type Principal =
  | { kind: 'user'; user: UserEntity; session: SessionEntity }
  | { kind: 'apiKey'; apiKey: ApiKeyEntity }
  | { kind: 'metrics' };

/** The user id to record as author of a change, or null for machines. */
export function actorId(principal: Principal): string | null {
  return principal.kind === 'user' ? principal.user.id : null;
}
