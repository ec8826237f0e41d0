import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ContactEntity, TicketDetailsEntity, TicketEntity, writeTransaction } from '@moflow/data-access';
import { MOFLOW_SIGNATURE_HEADER, signMoflowBody } from '@moflow/providers';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { LookupAllowlistService } from '../lookups/lookup-allowlist.service';

const MAX_ATTEMPTS = 6;
const TIMEOUT_MS = 10_000;

/**
 * Posts tickets opened with `forward: true` to HELPDESK_WEBHOOK_URL as JSON signed like our generic
 * webhooks (X-Moflow-Signature: sha256=<hex HMAC of the body>). A 2xx delivers; anything else is
 * retried with exponential backoff (1 s, 2 s, 4 s...) up to 6 attempts, then marked failed.
 * Attempt counts are stored; the next-attempt time lives in memory (a restart retries at once).
 */
@Injectable()
export class HelpdeskForwarder implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('HelpdeskForwarder');
  private readonly nextAt = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // The same address policy and allow-list as lookups: an admin-set URL must not reach internal services either.
    private readonly lookups: LookupAllowlistService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), 500);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(now = Date.now()): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const pending = await this.ds.getRepository(TicketDetailsEntity).findBy({ forwardStatus: 'pending' });
      for (const d of pending) if ((this.nextAt.get(d.ticketId) ?? 0) <= now) await this.forward(d);
    } catch (err) {
      this.logger.error(`helpdesk forwarding failed: ${(err as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  private async forward(d: TicketDetailsEntity): Promise<void> {
    const target = this.config.helpdesk;
    if (!target) {
      await this.set(d.ticketId, 'failed', d.forwardAttempts);
      this.logger.warn(`ticket ${d.ticketId} asks to be forwarded but HELPDESK_WEBHOOK_URL/SECRET are not configured`);
      return;
    }
    const ticket = await this.ds.getRepository(TicketEntity).findOneBy({ id: d.ticketId });
    if (!ticket) return;
    const contact = await this.ds.getRepository(ContactEntity).findOneBy({ id: ticket.contactId });
    const body = JSON.stringify({
      event: 'ticket.opened',
      ticket: { id: ticket.id, subject: ticket.subject, body: ticket.body, team: ticket.team, priority: ticket.priority, status: ticket.status,
        contactPhone: contact?.phone ?? null, channelId: ticket.channelId, runId: ticket.runId, createdAt: new Date(ticket.createdAt).toISOString() },
    });
    const attempts = d.forwardAttempts + 1;
    let ok = false;
    try {
      const res = await this.lookups.http.request({
        method: 'POST', url: target.url, body, timeoutMs: TIMEOUT_MS, maxResponseBytes: 64 * 1024,
        headers: { 'content-type': 'application/json', [MOFLOW_SIGNATURE_HEADER]: signMoflowBody(body, target.secret), 'x-moflow-delivery': `${ticket.id}:${attempts}` },
      });
      ok = res.status >= 200 && res.status < 300;
      if (!ok) this.logger.warn(`ticket ${ticket.id}: helpdesk webhook answered ${res.status} (attempt ${attempts})`);
    } catch (err) {
      ok = false;
      this.logger.warn(`ticket ${ticket.id}: helpdesk webhook not reached (attempt ${attempts}): ${(err as Error).message}`);
    }
    if (ok) return this.set(d.ticketId, 'delivered', attempts);
    if (attempts >= MAX_ATTEMPTS) return this.set(d.ticketId, 'failed', attempts);
    this.nextAt.set(d.ticketId, Date.now() + 1000 * 2 ** (attempts - 1));
    await this.set(d.ticketId, 'pending', attempts);
  }

  private async set(ticketId: string, forwardStatus: string, forwardAttempts: number): Promise<void> {
    if (forwardStatus !== 'pending') this.nextAt.delete(ticketId);
    await writeTransaction(this.ds, (m) => m.getRepository(TicketDetailsEntity).update({ ticketId }, { forwardStatus, forwardAttempts }));
  }
}
