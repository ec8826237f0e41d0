import { Injectable } from '@nestjs/common';
import type { FlowStatsDto, Page, RunDetailDto, RunStatusDto, RunSummaryDto } from '@moflow/api-contract';
import { ContactEntity, HOUR_MS, MessageEntity, RunEntity, RunFlowHourEntity, RunNodeStatEntity, RunStepEntity } from '@moflow/data-access';
import { normalizeAddress } from '@moflow/sms';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { DomainException, problem } from '../errors/domain.exception';
import type { FlowRunCounterPort } from '../flows/flow-ports';
import { ErrorCode } from '../errors/error-codes';
import { RunAuditLog } from './run-audit';
import { mapMessage, mapRunStep, mapRunSummary } from '../mappers/run.mapper';
import { errorFilter, keyset, searchMessageText } from './run-text-search';
import { runStatuses, type ListRunsQuery } from './runs.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The run-log queries. All lists are newest first with a keyset cursor on (started_at, id), never
 * OFFSET, so page 1000 costs what page 1 costs. Which index serves which filter (see run.entity.ts):
 * - none / time range / error text  → IDX_runs_started, IDX_runs_error_started (partial, failed runs only)
 * - flowId (+version)              → IDX_runs_flow_started
 * - flowId + status                 → IDX_runs_flow_status_started
 * - status                          → IDX_runs_status_started
 * - contact                         → IDX_runs_contact_started (a phone is resolved to the contact id first)
 * - channelId                       → IDX_runs_channel_started
 * - nodeId visited                  → IDX_run_steps_node_run: ids of the runs for a rare node, else an
 *                                     EXISTS probe per run walking IDX_runs_started (see visited())
 * - stats by status                 → IDX_runs_flow_status_started (covering); per node → run_node_stats
 */
@Injectable()
export class RunQueryService implements FlowRunCounterPort {
  /** Below this many steps at a node, runs are found from the steps side (see visited()). */
  rareNodeSteps = 2000;
  /** Failed runs read per batch when searching error text (see withErrorText()). */
  errorScanBatch = 500;

  constructor(private readonly ds: DataSource, private readonly actions: RunAuditLog) {}

  async list(q: ListRunsQuery): Promise<Page<RunSummaryDto>> {
    const { rows, nextCursor } = await this.page(q, q.limit ?? 50);
    return { items: rows.map(mapRunSummary), nextCursor };
  }

  /** One keyset page of whole run rows (state included: the CSV export reads vars from it). */
  async page(q: Omit<ListRunsQuery, 'limit'>, limit: number): Promise<{ rows: RunEntity[]; nextCursor: string | null }> {
    const qb = this.ds.getRepository(RunEntity).createQueryBuilder('r');
    if (q.flowId) qb.andWhere('r.flow_id = :flowId', { flowId: q.flowId });
    if (q.version !== undefined) qb.andWhere('r.flow_version = :version', { version: q.version });
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.channelId) qb.andWhere('r.channel_id = :channelId', { channelId: q.channelId });
    if (q.contact) qb.andWhere('r.contact_id = :contactId', { contactId: await this.contactId(q.contact) });
    if (q.from) qb.andWhere('r.started_at >= :fromMs', { fromMs: Date.parse(q.from) });
    if (q.to) qb.andWhere('r.started_at < :toMs', { toMs: Date.parse(q.to) });
    if (q.errorsOnly === 'true') qb.andWhere('r.error IS NOT NULL');
    if (q.nodeId) await this.visited(qb, q.nodeId);
    const after = q.cursor ? decodeCursor(q.cursor) : null;
    if (q.text) {
      const found = await searchMessageText(this.ds, qb, q.text, after, limit, q.error ? errorFilter(q.error) : null);
      return { rows: found.rows, nextCursor: found.resumeAt ? encodeCursor(found.resumeAt[0], found.resumeAt[1]) : null };
    }
    const rows = q.error
      ? await this.withErrorText(qb, q.error, after, limit + 1)
      : await keyset(qb, after).orderBy('r.started_at', 'DESC').addOrderBy('r.id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last.startedAt, last.id) : null };
  }

  /**
   * Error text: planners guess a `LIKE '%x%'` selectivity and then often sort every failed run
   * (PostgreSQL took 260 ms at 1 M runs). Instead walk the failed runs newest first in batches
   * through the partial index IDX_runs_error_started, reading only (started_at, id, error), match
   * in memory, and load the full rows of the page. Cost grows with how rare the text is, not with
   * the table.
   */
  private async withErrorText(qb: SelectQueryBuilder<RunEntity>, text: string, after: [number, string] | null, want: number): Promise<RunEntity[]> {
    const needle = text.toLowerCase();
    const ids: string[] = [];
    let from = after;
    for (;;) {
      const batch = await keyset(qb.clone(), from).andWhere('r.error IS NOT NULL')
        .select(['r.id', 'r.startedAt', 'r.error']).orderBy('r.started_at', 'DESC').addOrderBy('r.id', 'DESC')
        .limit(this.errorScanBatch).getMany();
      for (const r of batch) if (r.error?.toLowerCase().includes(needle) && ids.push(r.id) >= want) break;
      const last = batch[batch.length - 1];
      if (ids.length >= want || batch.length < this.errorScanBatch || !last) break;
      from = [last.startedAt, last.id];
    }
    if (ids.length === 0) return [];
    const rows = await this.ds.getRepository(RunEntity).createQueryBuilder('r').where('r.id IN (:...ids)', { ids })
      .orderBy('r.started_at', 'DESC').addOrderBy('r.id', 'DESC').getMany();
    return rows;
  }

  /**
   * "Visited node X": for a node few runs reach, fetch those run ids from IDX_run_steps_node_run
   * and look them up by primary key; for a common node, walk the runs newest first and probe each
   * with EXISTS on the same index (a match comes within a few rows). The probe decides which.
   */
  private async visited(qb: SelectQueryBuilder<RunEntity>, nodeId: string): Promise<void> {
    const hits = await this.ds.getRepository(RunStepEntity).createQueryBuilder('s').select('s.run_id', 'runId')
      .where('s.node_id = :nodeId', { nodeId }).limit(this.rareNodeSteps).getRawMany<{ runId: string }>();
    if (hits.length < this.rareNodeSteps) {
      const ids = [...new Set(hits.map((h) => h.runId))];
      if (ids.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('r.id IN (:...visitedIds)', { visitedIds: ids });
      return;
    }
    qb.andWhere('EXISTS (SELECT 1 FROM run_steps s WHERE s.run_id = r.id AND s.node_id = :nodeId)', { nodeId });
  }

  async detail(id: string): Promise<RunDetailDto> {
    const run = await this.ds.getRepository(RunEntity).findOneBy({ id });
    if (!run) throw new DomainException(ErrorCode.RUN_NOT_FOUND, `No run with id ${id}.`);
    const [steps, messages] = await Promise.all([
      this.ds.getRepository(RunStepEntity).find({ where: { runId: id }, order: { seq: 'ASC' } }),
      this.ds.getRepository(MessageEntity).find({ where: { runId: id }, order: { createdAt: 'ASC' } }),
    ]);
    const vars = ((run.state as { vars?: Record<string, unknown> }).vars) ?? {};
    return { ...mapRunSummary(run), steps: steps.map(mapRunStep), messages: messages.map(mapMessage), vars, actions: await this.actions.forRun(id) };
  }

  async stats(flowId: string): Promise<FlowStatsDto> {
    const byStatus = Object.fromEntries(runStatuses.map((s) => [s, 0])) as Record<RunStatusDto, number>;
    const counts = await this.ds.getRepository(RunEntity).createQueryBuilder('r')
      .select('r.status', 'status').addSelect('COUNT(*)', 'n').where('r.flow_id = :flowId', { flowId }).groupBy('r.status')
      .getRawMany<{ status: RunStatusDto; n: string | number }>();
    for (const c of counts) byStatus[c.status] = Number(c.n);
    const nodes: FlowStatsDto['nodes'] = {};
    for (const s of await this.ds.getRepository(RunNodeStatEntity).findBy({ flowId })) {
      const node = (nodes[s.nodeId] ??= { visits: 0, exits: {} });
      if (s.handle === '') node.visits = s.count;
      else node.exits[s.handle] = s.count;
    }
    return { flowId, byStatus, nodes };
  }

  /**
   * FlowRunCounterPort for the flow list's runsLast24h: whole hours from run_flow_hours, and only the
   * part hour at the window's start from `runs` (IDX_runs_flow_started), so a list request reads a
   * row per flow and hour instead of an index entry per run.
   */
  async countRunsSince(flowIds: string[], sinceMs: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (flowIds.length === 0) return out;
    const firstWholeHour = Math.ceil(sinceMs / HOUR_MS);
    const [hours, edge] = await Promise.all([
      this.ds.getRepository(RunFlowHourEntity).createQueryBuilder('h')
        .select('h.flow_id', 'flowId').addSelect('SUM(h.count)', 'n')
        .where('h.flow_id IN (:...flowIds)', { flowIds }).andWhere('h.hour >= :firstWholeHour', { firstWholeHour })
        .groupBy('h.flow_id').getRawMany<{ flowId: string; n: string | number }>(),
      firstWholeHour * HOUR_MS === sinceMs ? Promise.resolve([]) : this.ds.getRepository(RunEntity).createQueryBuilder('r')
        .select('r.flow_id', 'flowId').addSelect('COUNT(*)', 'n')
        .where('r.flow_id IN (:...flowIds)', { flowIds }).andWhere('r.started_at >= :sinceMs', { sinceMs }).andWhere('r.started_at < :edgeEnd', { edgeEnd: firstWholeHour * HOUR_MS })
        .groupBy('r.flow_id').getRawMany<{ flowId: string; n: string | number }>(),
    ]);
    for (const r of [...hours, ...edge]) out.set(r.flowId, (out.get(r.flowId) ?? 0) + Number(r.n));
    return out;
  }

  private async contactId(contact: string): Promise<string> {
    if (UUID.test(contact)) return contact.toLowerCase();
    let phone: string;
    try {
      phone = normalizeAddress(contact, undefined, 'contact').value;
    } catch {
      throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, { problems: [problem('contact', 'must be a contact id or a phone number')] });
    }
    // An unknown phone matches no run; '-' is never an id.
    return (await this.ds.getRepository(ContactEntity).findOneBy({ phone }))?.id ?? '-';
  }
}

export function encodeCursor(startedAt: number, id: string): string {
  return Buffer.from(JSON.stringify([startedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through to the clear error below
  }
  throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, { problems: [problem('cursor', 'is not a cursor this API returned')] });
}
