import type { ApiKeyDto, UserDto } from '@moflow/api-contract';
import { isoOrNull, type ApiKeyEntity, type UserEntity } from '@moflow/data-access';

export function mapUser(user: UserEntity): UserDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: new Date(user.createdAt).toISOString() };
}

export function mapApiKey(key: ApiKeyEntity, creators: ReadonlyMap<string, string> = new Map()): ApiKeyDto {
  const email = key.createdById ? creators.get(key.createdById) : undefined;
  return {
    id: key.id,
    name: key.name,
    scopes: key.scopes,
    prefix: key.prefix,
    createdAt: new Date(key.createdAt).toISOString(),
    lastUsedAt: isoOrNull(key.lastUsedAt),
    revokedAt: isoOrNull(key.revokedAt),
    expiresAt: isoOrNull(key.expiresAt),
    createdBy: key.createdById && email ? { id: key.createdById, email } : null,
  };
}
