import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { MessageEntity } from '@moflow/data-access';
import type { InboundMessageSnapshot } from '@moflow/flow-engine';
import { DataSource } from 'typeorm';
import { ContactsService } from '../contacts/contacts.service';
import { INBOUND_ROUTER, type InboundRouterPort } from '../conversations/conversation.tokens';
import { FlowSource } from '../runs/flow-source';
import { RunService } from '../runs/run.service';
import type { DispatchJob, DispatchResult } from './dispatch-job';
import { KeywordRouter } from './keyword-router';

/**
 * The one handler behind both queue transports. Inbound routing is the simple default until the
 * conversations issue adds routing rules: resume the contact's waiting run on that channel (unless
 * an `interrupt` keyword starts another flow), else start the flow whose keyword matches, else
 * leave the message unhandled.
 */
@Injectable()
export class DispatcherService {
  constructor(
    private readonly ds: DataSource,
    private readonly runs: RunService,
    private readonly flows: FlowSource,
    private readonly contacts: ContactsService,
    private readonly keywords: KeywordRouter,
    /** Conversation rules (compliance first, collecting waits, catch-all) when MessagingModule is mounted. */
    @Optional() @Inject(INBOUND_ROUTER) private readonly router?: InboundRouterPort,
  ) {}

  handle = async (job: DispatchJob): Promise<DispatchResult> => {
    switch (job.kind) {
      case 'start': {
        const flow = job.flowVersion === undefined
          ? await this.flows.live(job.flowId)
          : await this.flows.version(job.flowId, job.flowVersion, job.flowName);
        const run = await this.runs.start({
          runId: job.runId, flow, phone: job.to, channelId: job.channelId, message: null,
          trigger: { kind: 'rest', parameters: job.parameters },
        });
        return { runId: run.id, status: run.status };
      }
      case 'timeout': {
        if (this.router) return this.router.timeout(job.runId);
        const run = await this.runs.resume(job.runId, { kind: 'timeout' });
        return { runId: job.runId, status: run?.status ?? 'skipped' };
      }
      case 'inbound':
        return this.router ? this.router.inbound(job.message) : this.inbound(job.message);
    }
  };

  private async inbound(message: InboundMessageSnapshot): Promise<DispatchResult> {
    const contact = await this.contacts.findOrCreate(message.from);
    const repo = this.ds.getRepository(MessageEntity);
    if (!(await repo.existsBy({ id: message.id }))) {
      const at = Date.parse(message.receivedAt) || Date.now();
      await repo.insert({
        id: message.id, direction: 'in', channelId: message.channelId, contactId: contact.id, runId: null, nodeId: null,
        from: message.from, to: message.to, text: message.text, status: 'received', encoding: null, segments: null,
        provider: null, providerMessageId: null, createdAt: at, updatedAt: at,
      });
    }
    const waiting = await this.runs.waitingRun(contact.id, message.channelId);
    const hit = await this.keywords.match(message.text, message.channelId);
    let runId: string | null = null;
    let status = 'unhandled';
    if (waiting && !(hit?.interrupt)) {
      const run = await this.runs.resume(waiting.id, { kind: 'reply', message });
      runId = waiting.id;
      status = run?.status ?? 'unhandled';
    } else if (hit) {
      const run = await this.runs.start({
        runId: randomUUID(), flow: hit.flow, phone: contact.phone, channelId: message.channelId, message,
        trigger: { kind: 'keyword', keyword: hit.result.value, matchMode: hit.flow.trigger?.match, matchedBy: hit.result.matchedBy },
      });
      runId = run.id;
      status = run.status;
    }
    await repo.update({ id: message.id }, { status: runId ? 'handled' : 'unhandled', runId, updatedAt: Date.now() });
    return { runId, status };
  }
}
