import type { ContactEntity, IdempotencyKeyEntity, InboxMessageEntity, RunEntity, TurnBatchContext } from '@moflow/data-access';
import { newId, sessionKey } from '@moflow/data-access';
import {
  defaultPorts, routeInbound, type EnginePorts, type RunEvent, type InboundMessageSnapshot, type ResumeEvent, type RunResult, type RunState, type SecretValue, type TriggerInfo,
} from '@moflow/flow-engine';
import { analyzeText, classifyComplianceKeyword } from '@moflow/sms';
import { providerAnswersComplianceKeywords } from '@moflow/providers';
import type { ChannelRuntime } from '../channels/channel-registry.service';
import { contactSnapshot } from '../contacts/contacts.service';
import { COMPLIANCE_NODE } from '../outbox/outbox.tokens';
import type { PublishedFlow } from '../flows/flow-source';
import { RETRY_NODE, retryDefinition } from './retry-definition';
import type { RouteTable } from './route-table';
import { stoppedReason, stoppedResume, stoppedStart } from './stopped-turn';
import { flowKey, type TurnEngine } from './turn-engine';
import { channelKey, TurnFragment } from './turn-fragment';

/** One unit of work for the pipeline; items of one contact run in order. */
export type TurnItem =
  | { kind: 'mo'; phone: string; inbox: InboxMessageEntity }
  | { kind: 'timeout'; phone: string; runId: string }
  | { kind: 'start'; phone: string; runId: string; flow: PublishedFlow; channelId: string | null; parameters: Record<string, unknown>; idempotency: IdempotencyKeyEntity | null }
  /** An operator runs a failed run on from a lookup (run actions). */
  | { kind: 'retry'; phone: string; runId: string; nodeId: string; note: string };

/** Items a caller submits and waits for (answered after the commit holding their run). */
export type SubmittedItem = Extract<TurnItem, { kind: 'start' | 'retry' }>;

export interface TurnOutcome { runId: string | null; status: string }

/** What contact turns need from the host: resolved once per batch, shared by every contact. */
export interface TurnHost {
  engine: TurnEngine;
  routes: RouteTable;
  /** Ports every turn shares (lookups' HTTP, data tables, the clock); the turn adds its own. */
  ports: Pick<EnginePorts, 'http' | 'tables' | 'clock'>;
  /** A secret's value and the hosts it may go to (the engine refuses any other). */
  revealSecret(name: string): Promise<SecretValue | undefined>;
  flowVersion(flowId: string, version: number, name: string): Promise<PublishedFlow>;
  channel(channelId: string): Promise<ChannelRuntime | null>;
  newContact(phone: string): ContactEntity;
}

export function snapshotOf(r: InboxMessageEntity): InboundMessageSnapshot {
  return { id: r.id, text: r.text, from: r.from, to: r.to, channelId: r.channelId, receivedAt: new Date(r.receivedAt).toISOString() };
}

/**
 * The turns of ONE contact in a batch, in arrival order, entirely in memory: routing (a pure
 * decision over the batch's bulk reads), the engine, and the resulting writes in a fragment.
 * Nothing here touches the database; the pump writes every contact's fragment in one transaction.
 */
export class ContactTurns {
  readonly fragment = new TurnFragment();
  readonly outcomes: TurnOutcome[] = [];
  /** Wait timeouts and REST starts among this contact's items (the pump's bookkeeping). */
  readonly timeoutRunIds: string[] = [];
  readonly startRunIds: string[] = [];
  private readonly startOutcomes = new Map<string, TurnOutcome>();
  private contact: ContactEntity;
  private readonly original: string;
  /** Port calls in flight that may take long (HTTP lookups, their backoff sleeps). */
  private slowCalls = 0;
  /** Told when this contact starts or stops waiting on slow I/O (the pump does not wait for those). */
  onSlowIo: ((waiting: boolean) => void) | null = null;

  constructor(private readonly host: TurnHost, private readonly ctx: TurnBatchContext, readonly phone: string) {
    const found = ctx.contactsByPhone.get(phone);
    this.contact = found ?? host.newContact(phone);
    if (!found) this.fragment.writes.newContacts.push(this.contact);
    this.original = JSON.stringify(contactSnapshot(this.contact));
  }

  /** Whether a turn of this contact waits on an HTTP lookup or its backoff right now. */
  get waitingOnSlowIo(): boolean {
    return this.slowCalls > 0;
  }

  outcomeOfStart(runId: string): TurnOutcome | undefined {
    return this.startOutcomes.get(runId);
  }

  async run(items: readonly TurnItem[]): Promise<void> {
    for (const i of items) {
      if (i.kind === 'timeout') this.timeoutRunIds.push(i.runId);
      if (i.kind === 'start' || i.kind === 'retry') this.startRunIds.push(i.runId);
    }
    for (const item of items) {
      const now = Date.now();
      if (item.kind === 'mo') this.outcomes.push(await this.inbound(item.inbox, now));
      else if (item.kind === 'timeout') this.outcomes.push(await this.timeout(item.runId, now));
      else {
        const outcome = item.kind === 'start' ? await this.start(item, now) : await this.retry(item, now);
        this.startOutcomes.set(item.runId, outcome);
        this.outcomes.push(outcome);
      }
    }
    const after = contactSnapshot(this.contact);
    if (JSON.stringify(after) !== this.original && !this.fragment.writes.newContacts.includes(this.contact)) {
      this.fragment.writes.contactUpdates.push({ ...this.contact, updatedAt: Date.now() });
    }
  }

  private async inbound(inbox: InboxMessageEntity, now: number): Promise<TurnOutcome> {
    const message = snapshotOf(inbox);
    const channelId = message.channelId;
    const runtime = await this.host.channel(channelId);
    if (runtime) this.addresses.set(channelId, runtime.channel.address);
    const w = this.fragment.writes;
    w.handledInbox.push(inbox.id);
    w.inboundTouches.push({ contactId: this.contact.id, channelId, at: inbox.receivedAt });
    const ticketId = this.ctx.openTickets.get(this.contact.id);
    if (ticketId) {
      w.threadEntries.push({ id: newId(), ticketId, direction: 'in', text: message.text, messageId: message.id, authorId: null, at: inbox.receivedAt });
      w.ticketDetails.push({ ticketId, assigneeId: null, updatedAt: inbox.receivedAt, closedAt: null, forwardStatus: 'none', forwardAttempts: 0 });
    }

    let waiting = this.waitingRun(channelId);
    if (waiting && collectDue(waiting, now)) {
      // The collecting window closed but its timer has not fired yet: close it first, then route afresh.
      await this.resume(waiting, { kind: 'timeout' }, now, null);
      waiting = this.waitingRun(channelId);
    }
    const compliance = runtime ? classifyComplianceKeyword(message.text, runtime.settings.keywords) : null;
    const keyword = this.host.routes.keyword(message.text, channelId);
    const decision = routeInbound({
      compliance, optedOut: this.optedOut(channelId),
      waiting: waiting ? { runId: waiting.id, collects: await this.collects(waiting) } : null,
      keyword: keyword ? { keyword: keyword.result.value ?? '', interrupt: keyword.interrupt } : null,
      catchAll: this.host.routes.catchAll(channelId) !== null,
    });
    let runId: string | null = null;
    let status: string = decision.rule;
    switch (decision.rule) {
      case 'help':
        if (runtime) this.complianceReply(runtime, message, runtime.settings.helpText, now);
        break;
      case 'opt_out':
      case 'opt_in': {
        const optedOut = decision.rule === 'opt_out';
        if (waiting && decision.endsWaitingRun === waiting.id) {
          this.cancel(waiting, `the contact opted out (${compliance?.word})`, now);
          runId = waiting.id;
        }
        const changed = this.optedOut(channelId) !== optedOut;
        if (changed) {
          w.optChanges.push({ contactId: this.contact.id, channelId, optedOut, at: now });
          w.consentEvents.push({
            id: newId(), contactId: this.contact.id, phone: this.contact.phone, channelId, action: optedOut ? 'opt_out' : 'opt_in', source: 'keyword',
            keyword: compliance?.word ?? null, messageId: message.id, actorId: null, at: now,
          });
          this.ctx.channelStates.set(`${this.contact.id}|${channelId}`, { contactId: this.contact.id, channelId, optedOut, optChangedAt: now, lastInboundAt: now });
          // One confirmation per change: a second STOP from an opted-out contact gets no answer.
          if (runtime) this.complianceReply(runtime, message, optedOut ? runtime.settings.optOutText : runtime.settings.optInText, now);
        } else status = 'unchanged';
        break;
      }
      case 'waiting_session':
      case 'collecting': {
        const run = await this.resume(waiting!, { kind: 'reply', message }, now, message.id);
        runId = waiting!.id;
        status = decision.rule === 'collecting' ? 'waiting' : run.status;
        break;
      }
      case 'keyword':
      case 'catch_all': {
        const flow = decision.rule === 'keyword' ? keyword!.flow : this.host.routes.catchAll(channelId)!;
        if (waiting && decision.endsWaitingRun === waiting.id) this.cancel(waiting, `interrupted: ${decision.reason}`, now);
        const trigger: TriggerInfo = decision.rule === 'keyword'
          ? { kind: 'keyword', keyword: keyword!.result.value, matchMode: flow.trigger?.match, matchedBy: keyword!.result.matchedBy }
          : { kind: 'catch_all' };
        const run = await this.begin(newId(), flow, channelId, message, trigger, now);
        runId = run.id;
        status = run.status;
        break;
      }
      case 'unhandled':
        break;
    }
    w.messages.push({
      id: message.id, direction: 'in', channelId, contactId: this.contact.id, runId, nodeId: `$rule:${decision.rule}`, from: message.from, to: message.to,
      text: message.text, status: decision.rule === 'unhandled' ? 'unhandled' : 'handled', encoding: null, segments: null, provider: inbox.provider,
      providerMessageId: inbox.providerMessageId, createdAt: inbox.receivedAt, updatedAt: now,
    });
    if (runId && ['waiting_session', 'collecting', 'keyword', 'catch_all'].includes(decision.rule)) {
      this.fragment.note(runId, 'inbound_routed', `rule ${decision.rule}: ${decision.reason}`, { rule: decision.rule, messageId: message.id }, now);
    }
    return { runId, status: decision.rule === 'unhandled' ? 'unhandled' : status };
  }

  private async timeout(runId: string, now: number): Promise<TurnOutcome> {
    const run = this.fragment.announced.get(runId) ?? this.ctx.runsById.get(runId);
    if (!run || run.status !== 'waiting') {
      // A session left behind by a run that no longer waits: drop it, or it would be due forever.
      this.fragment.endSession(runId);
      return { runId, status: 'skipped' };
    }
    if ((run.waitDeadline ?? Number.POSITIVE_INFINITY) > now) return { runId, status: 'skipped' };
    const resumed = await this.resume(run, { kind: 'timeout' }, now, null);
    return { runId, status: resumed.status };
  }

  private async start(item: Extract<TurnItem, { kind: 'start' }>, now: number): Promise<TurnOutcome> {
    // At most one waiting session per (contact, channel): a new run replaces the old one.
    if (item.channelId) {
      const runtime = await this.host.channel(item.channelId);
      if (runtime) this.addresses.set(item.channelId, runtime.channel.address);
    }
    const waiting = this.waitingRun(item.channelId);
    if (waiting) this.cancel(waiting, `superseded by run ${item.runId}`, now);
    if (item.idempotency) this.fragment.writes.idempotencyKeys.push(item.idempotency);
    const run = await this.begin(item.runId, item.flow, item.channelId, null, { kind: 'rest', parameters: item.parameters }, now);
    return { runId: run.id, status: run.status };
  }

  private async retry(item: Extract<TurnItem, { kind: 'retry' }>, now: number): Promise<TurnOutcome> {
    const run = this.fragment.announced.get(item.runId) ?? this.ctx.runsById.get(item.runId);
    if (!run) return { runId: item.runId, status: 'skipped' };
    const flow = await this.host.flowVersion(run.flowId, run.flowVersion, run.flowName);
    const stored = run.state as unknown as RunState;
    // A stand-in wait whose timeout leads to the lookup: the engine walks on from it through resume().
    const state: RunState = { ...stored, contact: contactSnapshot(this.contact), status: 'waiting', waiting: { nodeId: RETRY_NODE, deadline: now, since: now }, error: null, endedAt: null };
    const secrets = new Set<string>();
    const result = await this.host.engine.resume(retryDefinition(flow.definition, item.nodeId), state, { kind: 'timeout' }, this.ports(secrets), null)
      .catch((err: unknown) => this.stopped(err, () => stoppedResume(state, stoppedReason(err)!, now)));
    const events = result.events.flatMap((e): RunEvent[] => {
      if ('nodeId' in e && e.nodeId === RETRY_NODE) return [];
      if (e.type === 'run_resumed') return [{ ...e, type: 'run_retried', nodeId: item.nodeId, reason: item.note } as unknown as RunEvent];
      return [e];
    });
    const written = this.record({ ...result, events }, false, run.flowName, run, secrets, null, now);
    return { runId: written.id, status: written.status };
  }

  private async begin(runId: string, flow: PublishedFlow, channelId: string | null, message: InboundMessageSnapshot | null, trigger: TriggerInfo, now: number): Promise<RunEntity> {
    const secrets = new Set<string>();
    const params = {
      runId, flowId: flow.flowId, flowVersion: flow.version, definition: flow.definition, contact: contactSnapshot(this.contact), channelId, message, trigger,
    };
    const result = await this.host.engine.start(params, this.ports(secrets), flowKey(flow.flowId, flow.version))
      .catch((err: unknown) => this.stopped(err, () => stoppedStart(params, stoppedReason(err)!, now)));
    return this.record(result, true, flow.name, null, secrets, message?.id ?? null, now);
  }

  private async resume(run: RunEntity, event: ResumeEvent, now: number, inReplyTo: string | null): Promise<RunEntity> {
    const flow = await this.host.flowVersion(run.flowId, run.flowVersion, run.flowName);
    const state = run.state as unknown as RunState;
    // The contact may have changed since the run suspended (another flow, an operator).
    state.contact = contactSnapshot(this.contact);
    const secrets = new Set<string>();
    const result = await this.host.engine.resume(flow.definition, state, event, this.ports(secrets), flowKey(flow.flowId, flow.version))
      .catch((err: unknown) => this.stopped(err, () => stoppedResume(state, stoppedReason(err)!, now)));
    return this.record(result, false, run.flowName, run, secrets, inReplyTo, now);
  }

  private record(result: RunResult, isNew: boolean, flowName: string, previous: RunEntity | null, secrets: Set<string>, inReplyTo: string | null, now: number): RunEntity {
    const c = result.state.contact;
    this.contact = { ...this.contact, name: c.name, fields: c.fields, subscriptions: c.subscriptions };
    const run = this.fragment.applyRun({
      state: result.state, events: result.events, isNew, flowName, contact: this.contact, previous, secrets, inReplyTo, now,
      channelAddress: (id) => (id ? (this.addresses.get(id) ?? '') : ''),
    });
    const key = sessionKey(this.contact.id, channelKey(run.channelId));
    if (run.status === 'waiting') this.ctx.waiting.set(key, run);
    else if (this.ctx.waiting.get(key)?.id === run.id) this.ctx.waiting.delete(key);
    return run;
  }

  private cancel(run: RunEntity, reason: string, now: number): void {
    this.fragment.cancelRun(run, reason, now);
    const key = sessionKey(this.contact.id, channelKey(run.channelId));
    if (this.ctx.waiting.get(key)?.id === run.id) this.ctx.waiting.delete(key);
  }

  private complianceReply(runtime: ChannelRuntime, message: InboundMessageSnapshot, text: string, now: number): void {
    // Twilio Advanced Opt-Out: Twilio has answered the keyword already; a second confirmation would confuse.
    if (providerAnswersComplianceKeywords(runtime.channel.provider, runtime.provider)) return;
    const { encoding, segments } = analyzeText(text);
    this.fragment.queueMessage({
      id: newId(), direction: 'out', channelId: runtime.channel.id, contactId: this.contact.id, runId: null, nodeId: COMPLIANCE_NODE,
      from: runtime.channel.address, to: this.contact.phone, text, status: 'queued', encoding, segments, provider: null, providerMessageId: null,
      createdAt: now, updatedAt: now,
    }, message.id);
  }

  /** Channel addresses of this contact's channels (filled as channels are resolved). */
  readonly addresses = new Map<string, string>();

  private waitingRun(channelId: string | null): RunEntity | null {
    return this.ctx.waiting.get(sessionKey(this.contact.id, channelKey(channelId))) ?? null;
  }

  private optedOut(channelId: string): boolean {
    return this.ctx.channelStates.get(`${this.contact.id}|${channelId}`)?.optedOut ?? false;
  }

  private async collects(run: RunEntity): Promise<boolean> {
    const waiting = (run.state as unknown as RunState).waiting;
    const flow = await this.host.flowVersion(run.flowId, run.flowVersion, run.flowName);
    const node = flow.definition.nodes.find((n) => n.id === waiting?.nodeId);
    return node?.type === 'wait' && node.config.collectSeconds > 0;
  }

  /** A turn the engine pool stopped fails its run (the `failed` result); anything else goes up. */
  private stopped(err: unknown, failed: () => RunResult): RunResult {
    if (stoppedReason(err) === null) throw err;
    return failed();
  }

  /** Counts a slow port call while it is in flight. */
  private slow<A extends unknown[], T>(call: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
    return (...args) => {
      if (this.slowCalls++ === 0) this.onSlowIo?.(true);
      return call(...args).finally(() => {
        if (--this.slowCalls === 0) this.onSlowIo?.(false);
      });
    };
  }

  /**
   * Per-turn ports: ids for MTs and tickets (their content is read back from the events), a secrets
   * reader that remembers, and the shared ports with the slow ones counted.
   */
  private ports(secrets: Set<string>): EnginePorts {
    const { http, tables, clock } = this.host.ports;
    return {
      ...defaultPorts,
      tables,
      http: { request: this.slow((req) => http.request(req)) },
      clock: { now: () => clock.now(), sleep: this.slow((ms) => clock.sleep(ms)) },
      messages: { send: async () => ({ messageId: newId() }) },
      tickets: { open: async () => ({ ticketId: newId() }) },
      contacts: { update: async () => undefined, setSubscription: async () => undefined },
      secrets: {
        get: async (name) => {
          const secret = await this.host.revealSecret(name);
          if (secret) secrets.add(secret.value);
          return secret;
        },
      },
    };
  }
}

function collectDue(run: RunEntity, now: number): boolean {
  const w = (run.state as unknown as RunState).waiting;
  return !!w?.collectUntil && (w.collected?.length ?? 0) > 0 && w.collectUntil <= now;
}
