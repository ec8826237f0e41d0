import { Injectable } from '@nestjs/common';
import { MessageEntity, OutboxProviderIdEntity, OutboxStateEntity } from '@moflow/data-access';
import type { DeliveryReport } from '@moflow/sms';
import { DataSource } from 'typeorm';
import { writeTransaction } from '../runs/sqlite-write-lock';
import { insertRunStep, withSeqRetry } from './run-step-note';

const FINAL = new Set(['delivered', 'undelivered', 'failed']);

/**
 * Applies provider delivery reports to the outbox. A report never moves a message backwards
 * (a late "sent" after "delivered" is ignored) and each change is noted in the run's log.
 * Returns false when no message carries that provider id (the caller answers 404 so providers
 * that retry try again: the report may have overtaken our own write of the id).
 */
@Injectable()
export class DeliveryReportsService {
  constructor(private readonly ds: DataSource) {}

  async apply(channelId: string, report: DeliveryReport): Promise<boolean> {
    const msg = await this.find(channelId, report.providerMessageId);
    if (!msg) return false;
    const next = report.status;
    if (FINAL.has(msg.status) || (next === 'sent' && msg.status === 'sent')) return true;
    if (!['sent', 'sending', 'queued'].includes(msg.status)) return true;
    const detail = `${report.providerStatus}${report.errorCode ? ` (error ${report.errorCode})` : ''}`;
    await withSeqRetry(() => writeTransaction(this.ds, async (m) => {
      await m.getRepository(MessageEntity).update({ id: msg.id }, { status: next, updatedAt: Date.now() });
      await m.getRepository(OutboxStateEntity).update({ messageId: msg.id }, { detail });
      if (msg.runId) {
        await insertRunStep(m, msg.runId, {
          type: 'delivery_report', nodeId: msg.nodeId, reason: `provider reports ${detail}`,
          data: { messageId: msg.id, status: next, providerStatus: report.providerStatus, ...(report.errorCode ? { errorCode: report.errorCode } : {}) },
        });
      }
    }));
    return true;
  }

  /** By key: every part id of every MT is in outbox_provider_ids (messages keeps only the first). */
  private async find(channelId: string, providerId: string): Promise<MessageEntity | null> {
    const ref = await this.ds.getRepository(OutboxProviderIdEntity).findOneBy({ channelId, providerMessageId: providerId });
    return ref ? this.ds.getRepository(MessageEntity).findOneBy({ id: ref.messageId }) : null;
  }
}
