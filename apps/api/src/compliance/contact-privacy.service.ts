import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConsentEventEntity, ContactChannelStateEntity, ContactEntity, InboxMessageEntity, MessageEntity, RunEntity, RunStepEntity, TicketEntity, TicketThreadEntryEntity, WaitingSessionEntity, writeTransaction, row } from '@moflow/data-access';
import { maskPhone } from '@moflow/sms';
import { DataSource, In, LessThan, Not, type EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { cancelRun } from '../pipeline/run-writer';

const ERASED = '[erased]';
/** What retention leaves where a run quoted a message older than MESSAGE_RETENTION_DAYS. */
const EXPIRED = '[expired]';
const RETENTION_CHUNK = 1_000;

/**
 * Data-subject requests and retention. Export gives everything held about one contact. Erase
 * removes personal data (phone, name, fields, message and ticket texts) but keeps the rows, so
 * counts per flow, node and channel stay right; the consent log keeps its rows with a masked phone.
 * Retention blanks message bodies older than MESSAGE_RETENTION_DAYS, run structure untouched.
 */
@Injectable()
export class ContactPrivacyService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ds: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    if (this.config.messageRetentionDays <= 0) return;
    const run = () => this.applyRetention(Date.now() - this.config.messageRetentionDays * 86_400_000)
      .catch((err: unknown) => this.logger.error(`retention failed: ${(err as Error).message}`));
    void run();
    this.timer = setInterval(run, 3_600_000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async export(contactId: string): Promise<Record<string, unknown>> {
    const contact = await this.contact(contactId);
    const [states, consent, messages, runs, tickets] = await Promise.all([
      this.ds.getRepository(ContactChannelStateEntity).findBy({ contactId }),
      this.ds.getRepository(ConsentEventEntity).find({ where: { contactId }, order: { at: 'ASC' } }),
      this.ds.getRepository(MessageEntity).find({ where: { contactId }, order: { createdAt: 'ASC' } }),
      this.ds.getRepository(RunEntity).find({ where: { contactId }, order: { startedAt: 'ASC' } }),
      this.ds.getRepository(TicketEntity).find({ where: { contactId }, order: { createdAt: 'ASC' } }),
    ]);
    const thread = tickets.length ? await this.ds.getRepository(TicketThreadEntryEntity).findBy({ ticketId: In(tickets.map((t) => t.id)) }) : [];
    return {
      exportedAt: new Date().toISOString(), contact, channels: states, consent,
      messages: messages.map((m) => ({ id: m.id, direction: m.direction, channelId: m.channelId, from: m.from, to: m.to, text: m.text, status: m.status, at: new Date(m.createdAt).toISOString() })),
      runs: runs.map((r) => ({ id: r.id, flowId: r.flowId, flowName: r.flowName, status: r.status, vars: (r.state as { vars?: unknown }).vars ?? {}, startedAt: new Date(r.startedAt).toISOString() })),
      tickets: tickets.map((t) => ({ ...t, thread: thread.filter((e) => e.ticketId === t.id) })),
    };
  }

  async erase(contactId: string): Promise<{ messages: number; runs: number; tickets: number }> {
    const contact = await this.contact(contactId);
    const masked = maskPhone(contact.phone);
    // The id's random tail (its head is a timestamp, shared by contacts made in the same minute): the
    // placeholder takes the unique phone column's place.
    const placeholder = `erased:${contact.id.replace(/-/g, '').slice(-16)}`;
    return writeTransaction(this.ds, async (m) => {
      const waiting = await m.getRepository(WaitingSessionEntity).findBy({ contactId });
      for (const w of waiting) {
        const run = await m.getRepository(RunEntity).findOneBy({ id: w.runId });
        if (run) await cancelRun(m, run, 'the contact was erased');
      }
      const runs = await m.getRepository(RunEntity).findBy({ contactId });
      // What this contact said or was told, and what runs kept of it: run-log texts may quote any of it.
      const said = await m.getRepository(MessageEntity).find({ select: { text: true }, where: { contactId } });
      const scrub = quoteScrubber([contact.phone, contact.name, ...said.map((x) => x.text), ...Object.values(contact.fields ?? {}).map(String),
        ...runs.flatMap((r) => Object.values((r.state as { vars?: Record<string, unknown> }).vars ?? {}).filter((v) => typeof v === 'string') as string[])]);
      if (runs.length) {
        // Steps keep node, handle, reason and timing (the structure); what quoted the contact goes.
        const runIds = runs.map((r) => r.id);
        await m.getRepository(RunStepEntity).update({ runId: In(runIds) }, row<RunStepEntity>({ input: null, output: null, data: {} }));
        // Reasons and errors quote texts (`no case matched "…"`, `Unable to cast value to a number: "…"`).
        const quoting = await m.getRepository(RunStepEntity).find({ select: { runId: true, seq: true, reason: true, error: true }, where: { runId: In(runIds) } });
        for (const st of quoting) {
          const reason = scrub(st.reason);
          const error = scrub(st.error);
          if (reason !== st.reason || error !== st.error) await m.getRepository(RunStepEntity).update({ runId: st.runId, seq: st.seq }, row<RunStepEntity>({ reason, error }));
        }
      }
      for (const r of runs) {
        const error = (r.state as { error?: { message?: string } | null }).error;
        const state = { ...r.state, vars: {}, message: null, contact: { id: contact.id, phone: placeholder, name: null, fields: {}, subscriptions: [], timezone: null },
          ...(error ? { error: { ...error, message: scrub(error.message ?? null) } } : {}) };
        await m.getRepository(RunEntity).update({ id: r.id }, row<RunEntity>({
          contactPhone: placeholder, state, trigger: { kind: (r.trigger as { kind?: string }).kind ?? 'unknown' }, error: scrub(r.error),
        }));
      }
      const msgs = await m.getRepository(MessageEntity).update({ contactId }, { text: ERASED, updatedAt: Date.now() });
      await m.getRepository(MessageEntity).update({ contactId, direction: 'out' }, { to: placeholder.slice(0, 32) });
      await m.getRepository(MessageEntity).update({ contactId, direction: 'in' }, { from: placeholder.slice(0, 32) });
      await m.getRepository(InboxMessageEntity).update({ from: contact.phone }, { text: ERASED, from: placeholder.slice(0, 32), partBytes: null });
      const tickets = await m.getRepository(TicketEntity).findBy({ contactId });
      if (tickets.length) {
        await m.getRepository(TicketEntity).update({ contactId }, { subject: ERASED, body: ERASED });
        await m.getRepository(TicketThreadEntryEntity).update({ ticketId: In(tickets.map((t) => t.id)) }, { text: ERASED });
      }
      await m.getRepository(ConsentEventEntity).update({ contactId }, { phone: masked });
      await m.getRepository(ContactEntity).update({ id: contactId }, row<ContactEntity>({ phone: placeholder, name: null, fields: {}, subscriptions: [], timezone: null, updatedAt: Date.now() }));
      return { messages: msgs.affected ?? 0, runs: runs.length, tickets: tickets.length };
    });
  }

  /**
   * Blanks bodies of messages (and inbox copies, ticket thread) created before `cutoff`. What runs
   * kept of those texts goes too: `vars` values and step reasons or errors that quote them become
   * "[expired]", the run's copy of the message is dropped. Runs still waiting keep their vars (the
   * flow may need them). In chunks, each in its own transaction; returns the messages blanked.
   */
  async applyRetention(cutoff: number): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await writeTransaction(this.ds, async (m) => {
        const old = await m.getRepository(MessageEntity).find({ select: { id: true, runId: true, text: true }, where: { createdAt: LessThan(cutoff), text: Not('') }, take: RETENTION_CHUNK });
        if (old.length === 0) return 0;
        await this.expireRunCopies(m, old);
        await m.getRepository(MessageEntity).update({ id: In(old.map((o) => o.id)) }, { text: '' });
        return old.length;
      });
      total += n;
      if (n < RETENTION_CHUNK) break;
    }
    await writeTransaction(this.ds, async (m) => {
      // Step inputs/outputs quote message texts and replies; node, handle, reason and timing stay.
      await m.getRepository(RunStepEntity).createQueryBuilder().update().set(row<RunStepEntity>({ input: null, output: null, data: {} }))
        .where('at < :cutoff', { cutoff }).andWhere("(input IS NOT NULL OR output IS NOT NULL OR data <> '{}')").execute();
      await m.getRepository(InboxMessageEntity).update({ receivedAt: LessThan(cutoff), text: Not('') }, { text: '', partBytes: null });
      await m.getRepository(TicketThreadEntryEntity).update({ at: LessThan(cutoff), text: Not('') }, { text: '' });
    });
    return total;
  }

  /** Scrubs the runs these expiring messages belong to: vars, the message copy, run error, step reasons and errors. */
  private async expireRunCopies(m: EntityManager, messages: ReadonlyArray<Pick<MessageEntity, 'runId' | 'text'>>): Promise<void> {
    const texts = new Map<string, string[]>();
    for (const msg of messages) if (msg.runId) texts.set(msg.runId, [...(texts.get(msg.runId) ?? []), msg.text]);
    if (texts.size === 0) return;
    const runs = await m.getRepository(RunEntity).find({ select: { id: true, status: true, state: true, error: true }, where: { id: In([...texts.keys()]), status: Not(In(['waiting', 'running'])) } });
    if (runs.length === 0) return;
    for (const r of runs) {
      const scrub = quoteScrubber(texts.get(r.id) ?? [], EXPIRED);
      const state = r.state as { vars?: Record<string, unknown>; message?: unknown; error?: { message?: string } | null };
      const vars = scrubDeep(state.vars ?? {}, scrub) as Record<string, unknown>;
      const error = state.error ? { ...state.error, message: scrub(state.error.message ?? null) } : state.error;
      const next = { ...r.state, vars, message: null, ...(state.error !== undefined ? { error } : {}) };
      if (JSON.stringify(next) !== JSON.stringify(r.state) || scrub(r.error) !== r.error) {
        await m.getRepository(RunEntity).update({ id: r.id }, row<RunEntity>({ state: next, error: scrub(r.error) }));
      }
    }
    const byRun = new Map(runs.map((r) => [r.id, quoteScrubber(texts.get(r.id) ?? [], EXPIRED)]));
    const steps = await m.getRepository(RunStepEntity).find({ select: { runId: true, seq: true, reason: true, error: true }, where: { runId: In([...byRun.keys()]) } });
    for (const st of steps) {
      const scrub = byRun.get(st.runId)!;
      const reason = scrub(st.reason);
      const error = scrub(st.error);
      if (reason !== st.reason || error !== st.error) await m.getRepository(RunStepEntity).update({ runId: st.runId, seq: st.seq }, row<RunStepEntity>({ reason, error }));
    }
  }

  private async contact(id: string): Promise<ContactEntity> {
    const c = await this.ds.getRepository(ContactEntity).findOneBy({ id });
    if (!c) throw new DomainException(ErrorCode.CONTACT_NOT_FOUND);
    return c;
  }
}

/**
 * Run-log texts keep their shape (node, handle, the kind of reason) but lose what they quoted of the
 * contact: a "…" quote (closed, or cut off) that is part of, or contains, something the contact
 * said, was told or had stored becomes "[erased]"; those texts, the phone and the name also go
 * wherever they stand unquoted.
 */
export function quoteScrubber(personal: Array<string | null | undefined>, marker = ERASED): (text: string | null) => string | null {
  const known = [...new Set(personal.filter((p): p is string => typeof p === 'string' && p.trim().length >= 3 && p !== ERASED && p !== EXPIRED))]
    .sort((a, b) => b.length - a.length);
  // Case-sensitive: a node id "age" is not the contact's "AGE 42"; run logs quote texts as they came.
  const isPersonal = (quoted: string): boolean => {
    const core = quoted.replace(/(…|\.\.\.)$/, '').trim();
    return core.length >= 2 && known.some((p) => p.includes(core) || core.includes(p));
  };
  return (text) => {
    if (text === null || known.length === 0) return text;
    let out = '';
    let i = 0;
    for (let open = text.indexOf('"'); open >= 0; open = text.indexOf('"', i)) {
      let close = open + 1;
      while (close < text.length && text[close] !== '"') close += text[close] === '\\' ? 2 : 1;
      const inner = text.slice(open + 1, Math.min(close, text.length));
      out += text.slice(i, open) + (isPersonal(inner) ? `"${marker}"` : text.slice(open, close + 1));
      i = close + 1;
    }
    out += text.slice(Math.min(i, text.length));
    for (const p of known) out = out.split(p).join(marker);
    return out;
  };
}

/** Applies `scrub` to every string inside a JSON value (vars may nest objects and lists). */
function scrubDeep(value: unknown, scrub: (text: string | null) => string | null): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, scrub)]));
  return value;
}
