import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FlowEntity, InboxMessageEntity, MessageEntity, RunEntity, type ContactEntity } from '@moflow/data-access';
import type { InboundMessageSnapshot } from '@moflow/flow-engine';
import { classifyComplianceKeyword, type ComplianceMatch } from '@moflow/sms';
import { DataSource, IsNull, Not } from 'typeorm';
import { ChannelRegistry, type ChannelRuntime } from '../channels/channel-registry.service';
import { ComplianceService } from '../compliance/compliance.service';
import { ContactsService } from '../contacts/contacts.service';
import type { DispatchResult } from '../dispatch/dispatch-job';
import { KeywordRouter } from '../dispatch/keyword-router';
import { InboxService } from '../inbound/inbox.service';
import { OutboxSender } from '../outbox/outbox.sender';
import { COMPLIANCE_NODE } from '../outbox/outbox.tokens';
import { insertRunStep, withSeqRetry } from '../outbox/run-step-note';
import { FlowSource, type PublishedFlow } from '../runs/flow-source';
import { cancelRun } from '../runs/run-writer';
import { RunService } from '../runs/run.service';
import { writeTransaction } from '../runs/sqlite-write-lock';
import { TicketsService } from '../tickets/tickets.service';
import type { InboundRouterPort } from './conversation.tokens';
import { ReplyCollector } from './reply-collector';

export type RoutingRule = 'opt_out' | 'opt_in' | 'help' | 'waiting_session' | 'collecting' | 'keyword' | 'catch_all' | 'unhandled';

/**
 * The order every MO is handled in (the dispatcher guarantees one MO per contact at a time):
 * 1. compliance keywords: no flow can override them;
 * 2. the contact's waiting session on that channel, unless 3. matched a trigger marked `interrupt`;
 * 3. keyword triggers; 4. the catch-all flow; 5. kept as unhandled (GET /api/v1/messages?unhandled=true).
 * The rule that applied is written on the message and in the run's log.
 */
@Injectable()
export class ConversationRouter implements InboundRouterPort {
  constructor(
    private readonly ds: DataSource,
    private readonly runs: RunService,
    private readonly keywords: KeywordRouter,
    private readonly flows: FlowSource,
    private readonly contacts: ContactsService,
    private readonly channels: ChannelRegistry,
    private readonly compliance: ComplianceService,
    private readonly sender: OutboxSender,
    private readonly inbox: InboxService,
    private readonly collector: ReplyCollector,
    private readonly tickets: TicketsService,
  ) {}

  async inbound(message: InboundMessageSnapshot): Promise<DispatchResult> {
    // A second dispatch of the same MO (another replica's start-up sweep, a BullMQ redelivery) runs
    // after the first (same contact key) and finds it handled: never handled twice.
    const stored = await this.ds.getRepository(InboxMessageEntity).findOneBy({ id: message.id });
    if (stored && stored.status !== 'stored') {
      const row = await this.ds.getRepository(MessageEntity).findOneBy({ id: message.id });
      return { runId: row?.runId ?? null, status: 'duplicate' };
    }
    try {
      return await this.route(message);
    } catch (err) {
      await this.inbox.markHandled(message.id, 'failed', (err as Error).message).catch(() => undefined);
      throw err;
    }
  }

  async timeout(runId: string): Promise<DispatchResult> {
    const run = await this.ds.getRepository(RunEntity).findOneBy({ id: runId });
    if (run?.status === 'waiting' && this.collector.isDue(run)) {
      const resumed = await this.collector.flush(run);
      return { runId, status: resumed?.status ?? 'skipped' };
    }
    const resumed = await this.runs.resume(runId, { kind: 'timeout' });
    return { runId, status: resumed?.status ?? 'skipped' };
  }

  private async route(message: InboundMessageSnapshot): Promise<DispatchResult> {
    const contact = await this.contacts.findOrCreate(message.from);
    const at = Date.parse(message.receivedAt) || Date.now();
    const runtime = await this.channels.get(message.channelId);
    await this.recordMo(message, contact, at, runtime);
    await this.tickets.recordInbound(contact.id, message, at);

    const keyword = runtime ? classifyComplianceKeyword(message.text, runtime.settings.keywords) : null;
    if (runtime && keyword && (await this.complianceApplies(keyword, contact, message.channelId))) {
      return this.handleCompliance(keyword, contact, runtime, message);
    }

    let waiting = await this.runs.waitingRun(contact.id, message.channelId);
    if (waiting && this.collector.isDue(waiting)) {
      // The window closed but the poller has not fired yet: close it first, then route this MO afresh.
      await this.collector.flush(waiting);
      waiting = await this.runs.waitingRun(contact.id, message.channelId);
    }
    const hit = await this.keywords.match(message.text, message.channelId);
    if (waiting && !hit?.interrupt) {
      const seconds = await this.collector.collectSeconds(waiting);
      if (seconds > 0) {
        await this.collector.add(waiting, message, seconds);
        return this.done(message, 'collecting', waiting.id, 'waiting');
      }
      const run = await this.runs.resume(waiting.id, { kind: 'reply', message });
      return this.done(message, 'waiting_session', waiting.id, run?.status ?? 'skipped', 'the reply went to the waiting session of this contact and channel');
    }
    if (hit) {
      const run = await this.start(hit.flow, contact, message, {
        kind: 'keyword', keyword: hit.result.value, matchMode: hit.flow.trigger?.match, matchedBy: hit.result.matchedBy,
      });
      const why = waiting ? `keyword "${hit.result.value}" of an interrupting trigger ended the waiting run ${waiting.id}` : `keyword "${hit.result.value}" matched`;
      return this.done(message, 'keyword', run.id, run.status, why);
    }
    const catchAll = await this.catchAll(message.channelId);
    if (catchAll) {
      const run = await this.start(catchAll, contact, message, { kind: 'catch_all' });
      return this.done(message, 'catch_all', run.id, run.status, 'no keyword matched: the catch-all flow took it');
    }
    return this.done(message, 'unhandled', null, 'unhandled');
  }

  /** YES is an opt-in only for a contact who is opted out: otherwise it is an ordinary answer a flow may be waiting for. */
  private async complianceApplies(keyword: ComplianceMatch, contact: ContactEntity, channelId: string): Promise<boolean> {
    if (keyword.kind !== 'opt_in' || keyword.word !== 'YES') return true;
    return this.compliance.isOptedOut(contact.id, channelId);
  }

  private async handleCompliance(keyword: ComplianceMatch, contact: ContactEntity, runtime: ChannelRuntime, message: InboundMessageSnapshot): Promise<DispatchResult> {
    const channelId = message.channelId;
    const reply = (text: string) => this.sender.queue({ channelId, contactId: contact.id, to: contact.phone, text, nodeId: COMPLIANCE_NODE, inReplyTo: message.id });
    if (keyword.kind === 'help') {
      await reply(runtime.settings.helpText);
      return this.done(message, 'help', null, 'help');
    }
    const optedOut = keyword.kind === 'opt_out';
    const changed = await this.compliance.change({ contact, channelId, optedOut, source: 'keyword', keyword: keyword.word, messageId: message.id });
    let endedRun: string | null = null;
    if (optedOut) {
      const waiting = await this.runs.waitingRun(contact.id, channelId);
      if (waiting) {
        await writeTransaction(this.ds, (m) => cancelRun(m, waiting, `the contact opted out (${keyword.word})`));
        endedRun = waiting.id;
      }
    }
    // One confirmation per change: a second STOP from an opted-out contact gets no answer.
    if (changed) await reply(optedOut ? runtime.settings.optOutText : runtime.settings.optInText);
    return this.done(message, keyword.kind, endedRun, changed ? keyword.kind : 'unchanged');
  }

  private start(flow: PublishedFlow, contact: ContactEntity, message: InboundMessageSnapshot, trigger: Parameters<RunService['start']>[0]['trigger']): Promise<RunEntity> {
    return this.runs.start({ runId: randomUUID(), flow, phone: contact.phone, channelId: message.channelId, message, trigger });
  }

  /** The live flow whose trigger is catch-all on this channel (or "*"); the most recently updated wins. */
  private async catchAll(channelId: string): Promise<PublishedFlow | null> {
    const live = await this.ds.getRepository(FlowEntity).find({
      where: { publishedVersion: Not(IsNull()), status: Not('archived') }, order: { updatedAt: 'DESC' }, select: { id: true, publishedVersion: true, name: true },
    });
    for (const f of live) {
      const flow = await this.flows.version(f.id, f.publishedVersion!, f.name);
      const t = flow.trigger;
      if (t?.catchAll && (t.channels.includes('*') || t.channels.includes(channelId))) return flow;
    }
    return null;
  }

  /** The MO row (a redelivery after a crash finds it already there) and the contact's last-inbound time, in one write. */
  private async recordMo(message: InboundMessageSnapshot, contact: ContactEntity, at: number, runtime: ChannelRuntime | null): Promise<void> {
    await writeTransaction(this.ds, async (m) => {
      await m.createQueryBuilder().insert().into(MessageEntity).values({
        id: message.id, direction: 'in', channelId: message.channelId, contactId: contact.id, runId: null, nodeId: null,
        from: message.from, to: message.to, text: message.text, status: 'received', encoding: null, segments: null,
        provider: runtime?.channel.provider ?? null, providerMessageId: null, createdAt: at, updatedAt: at,
      }).orIgnore().execute();
      await this.compliance.touchInbound(contact.id, message.channelId, at, m);
    });
  }

  /** Records the rule on the MO, closes its inbox row and notes the rule in the run log: one write. */
  private async done(message: InboundMessageSnapshot, rule: RoutingRule, runId: string | null, status: string, reason?: string): Promise<DispatchResult> {
    const handled = rule === 'unhandled' ? 'unhandled' : 'handled';
    const now = Date.now();
    await withSeqRetry(() => writeTransaction(this.ds, async (m) => {
      await m.getRepository(MessageEntity).update({ id: message.id }, { status: handled, runId, nodeId: `$rule:${rule}`, updatedAt: now });
      await m.getRepository(InboxMessageEntity).update({ id: message.id }, { status: 'handled', updatedAt: now });
      if (runId && reason) await insertRunStep(m, runId, { type: 'inbound_routed', reason: `rule ${rule}: ${reason}`, data: { rule, messageId: message.id } });
    }));
    return { runId, status: rule === 'unhandled' ? 'unhandled' : status };
  }
}
