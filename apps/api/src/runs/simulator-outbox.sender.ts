import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { MessageEntity } from '@moflow/data-access';
import { DataSource, In } from 'typeorm';
import { OUTBOX_SENDER, type OutboxSenderPort } from '../outbox/outbox.tokens';

/**
 * Stand-in sender until the messaging issue lands its provider adapters and compliance gate:
 * marks queued outbox rows as sent through the built-in `simulator` provider, which records them
 * (the row itself is the record). Replace by the real sender; the outbox contract stays.
 */
@Injectable()
export class SimulatorOutboxSender {
  private readonly logger = new Logger('SimulatorOutbox');

  constructor(private readonly ds: DataSource, @Optional() @Inject(OUTBOX_SENDER) private readonly real?: OutboxSenderPort) {}

  async send(messages: readonly MessageEntity[]): Promise<void> {
    if (messages.length === 0) return;
    // The real sender (outbox/, with the compliance gate and provider adapters) when it is mounted.
    if (this.real) return this.real.send(messages);
    try {
      await this.ds.getRepository(MessageEntity).update(
        { id: In(messages.map((m) => m.id)), status: 'queued' },
        { status: 'sent', provider: 'simulator', updatedAt: Date.now() },
      );
    } catch (err) {
      // The rows stay queued; a real sender retries them. Never fail the run for it.
      this.logger.error(`could not mark ${messages.length} message(s) sent: ${(err as Error).message}`);
    }
  }
}
