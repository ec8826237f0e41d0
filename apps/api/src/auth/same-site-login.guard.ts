import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

/**
 * Login CSRF: a page on another site could post a form to /auth/login and sign the browser in to
 * the attacker's account. Only JSON is taken (a plain form cannot send it without a CORS preflight,
 * which Moflow does not answer), and a browser's Origin / Sec-Fetch-Site must say the request comes
 * from Moflow itself. A guard, so it answers before the body is validated.
 */
@Injectable()
export class SameSiteLoginGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.is('application/json'))
      throw new DomainException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Sign in with a JSON body {"email", "password"} sent as application/json.');
    if (req.get('sec-fetch-site') === 'cross-site') throw new DomainException(ErrorCode.CROSS_SITE_LOGIN);
    const origin = req.get('origin');
    if (origin === undefined) return true; // not a browser's form or fetch: there is no session to forge
    const own = new Set([new URL(this.config.publicUrl).origin, `${req.protocol}://${req.get('host') ?? ''}`]);
    if (!own.has(origin)) throw new DomainException(ErrorCode.CROSS_SITE_LOGIN);
    return true;
  }
}
