import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { ApiKeyScope, Role } from '@moflow/api-contract';
import type { Principal } from './principal';

export const PUBLIC_KEY = 'moflow:public';
export const ROLES_KEY = 'moflow:roles';
export const SCOPES_KEY = 'moflow:scopes';
export const METRICS_TOKEN_KEY = 'moflow:metrics-token';

/** No authentication at all. Keep the list short: health probes, login, provider webhooks (signed). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** Session users with one of these roles pass. Without it, any signed-in user passes. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** API keys pass only with every scope listed; a route without @Scopes refuses API keys. */
export const Scopes = (...scopes: ApiKeyScope[]) => SetMetadata(SCOPES_KEY, scopes);
/** Also accept `Authorization: Bearer <METRICS_TOKEN>` (Prometheus scrapers). */
export const AllowMetricsToken = () => SetMetadata(METRICS_TOKEN_KEY, true);

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!req.principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return req.principal;
});
