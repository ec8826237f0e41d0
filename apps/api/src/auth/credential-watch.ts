import { Inject, Injectable } from '@nestjs/common';
import { filter, from, interval, exhaustMap, take, type Observable } from 'rxjs';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { ApiKeysService } from './api-keys.service';
import type { Principal } from './principal';
import { SessionsService } from './sessions.service';

/**
 * A stream is authorised once, when it opens; this re-checks the credential behind it on a short
 * interval, so logging out, a revoked key, an expired session or a deleted user ends the stream.
 */
@Injectable()
export class CredentialWatch {
  constructor(
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Emits once, when the credential has ended. */
  ended(principal: Principal): Observable<unknown> {
    return interval(this.config.streamRecheckMs).pipe(
      exhaustMap(() => from(this.stillValid(principal))),
      filter((valid) => !valid),
      take(1),
    );
  }

  private async stillValid(p: Principal): Promise<boolean> {
    try {
      if (p.kind === 'user') return await this.sessions.stillValid(p.session.id);
      if (p.kind === 'apiKey') return await this.apiKeys.stillValid(p.apiKey.id);
      return false;
    } catch {
      return true; // the database is briefly unreachable: keep the stream, check again next time
    }
  }
}
