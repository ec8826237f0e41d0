import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ApiKeyScope, Role } from '@moflow/api-contract';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { METRICS_TOKEN_KEY, PUBLIC_KEY, ROLES_KEY, SCOPES_KEY } from './auth.decorators';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from './principal';
import { SessionsService } from './sessions.service';
import { API_KEY_PREFIX, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, sameSecret } from './tokens';

/**
 * The caller behind `Authorization: Bearer …` on a route, or the refusal: an API key needs every
 * scope the route declares (a route without @Scopes refuses keys); any other bearer is accepted
 * only as the metrics token on routes that take it. Shared by the guard and the routes served in
 * front of Nest (runs/fast-trigger.ts), so both refuse alike.
 */
export async function bearerPrincipal(
  bearer: string, route: { scopes: readonly ApiKeyScope[] | undefined; metricsToken: string | null | undefined }, apiKeys: ApiKeysService,
): Promise<Principal> {
  if (bearer.startsWith(API_KEY_PREFIX)) {
    const apiKey = await apiKeys.authenticate(bearer);
    if (!apiKey) throw new DomainException(ErrorCode.UNAUTHENTICATED, 'The API key is unknown, revoked or expired.');
    const needed = route.scopes ?? [];
    const missing = needed.filter((scope) => !apiKey.scopes.includes(scope));
    if (needed.length === 0) throw new DomainException(ErrorCode.FORBIDDEN_SCOPE, 'API keys cannot use this route; sign in instead.');
    if (missing.length) throw new DomainException(ErrorCode.FORBIDDEN_SCOPE, `This API key lacks the scope ${missing.join(', ')}.`);
    return { kind: 'apiKey', apiKey };
  }
  if (route.metricsToken && sameSecret(bearer, route.metricsToken)) return { kind: 'metrics' };
  throw new DomainException(ErrorCode.UNAUTHENTICATED, 'The bearer token is not valid here.');
}

/** `Authorization: Bearer <token>` → the token. */
export function bearerOf(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Targets = Parameters<Reflector['getAllAndOverride']>[1];
type AuthRequest = Request & { principal?: Principal; cookies?: Record<string, string> };

/**
 * Global guard: every route needs credentials unless marked @Public(). Session users are checked
 * against @Roles (plus CSRF on unsafe methods); API keys against @Scopes (none means refused).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets: Targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthRequest>();

    const bearer = bearerOf(req.headers.authorization);
    if (bearer) {
      req.principal = await this.fromBearer(bearer, targets);
      return true;
    }
    const token = req.cookies?.[SESSION_COOKIE];
    const resolved = token ? await this.sessions.resolve(token) : null;
    if (!resolved) throw new DomainException(ErrorCode.UNAUTHENTICATED);
    if (!SAFE_METHODS.has(req.method)) this.checkCsrf(req, resolved.session.csrfToken);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(resolved.user.role)) {
      throw new DomainException(ErrorCode.FORBIDDEN_ROLE, `Your role (${resolved.user.role}) may not do this; it needs ${roles.join(' or ')}.`);
    }
    req.principal = { kind: 'user', ...resolved };
    return true;
  }

  private fromBearer(bearer: string, targets: Targets): Promise<Principal> {
    return bearerPrincipal(bearer, {
      scopes: this.reflector.getAllAndOverride<ApiKeyScope[] | undefined>(SCOPES_KEY, targets),
      metricsToken: this.reflector.getAllAndOverride<boolean>(METRICS_TOKEN_KEY, targets) ? this.config.metricsToken : null,
    }, this.apiKeys);
  }

  private checkCsrf(req: AuthRequest, expected: string): void {
    const header = req.headers[CSRF_HEADER];
    const cookie = req.cookies?.[CSRF_COOKIE];
    // Double submit: the header must match the cookie (which another site cannot read) and the session.
    if (typeof header !== 'string' || !cookie || !sameSecret(header, cookie) || !sameSecret(header, expected)) {
      throw new DomainException(ErrorCode.CSRF_INVALID);
    }
  }
}
