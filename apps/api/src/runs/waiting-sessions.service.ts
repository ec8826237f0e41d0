import { Injectable } from '@nestjs/common';
import type { Page, WaitingSessionDto, WaitingSummaryDto } from '@moflow/api-contract';
import { RunEntity, WaitingSessionEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import type { WaitingQuery } from './run-ops.dto';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Who waits where and since when: waiting_sessions joined to their runs. The oldest first (those
 * are the ones to look at), keyset on (updated_at, run id): a run's last write is when it began
 * waiting at its current node.
 */
@Injectable()
export class WaitingSessionsService {
  constructor(private readonly ds: DataSource) {}

  async list(q: WaitingQuery): Promise<Page<WaitingSessionDto>> {
    const limit = q.limit ?? 50;
    const qb = this.base(q)
      .select(['r.id AS "runId"', 'r.flow_id AS "flowId"', 'r.flow_name AS "flowName"', 'r.flow_version AS "flowVersion"', 'w.node_id AS "nodeId"',
        'r.contact_id AS "contactId"', 'r.contact_phone AS "contactPhone"', 'r.channel_id AS "channelId"', 'r.updated_at AS "since"', 'w.deadline AS "deadline"'])
      .orderBy('r.updated_at', 'ASC').addOrderBy('r.id', 'ASC').limit(limit + 1);
    if (q.cursor) {
      const [at, id] = decode(q.cursor);
      qb.andWhere('(r.updated_at > :cAt OR (r.updated_at = :cAt AND r.id > :cId))', { cAt: at, cId: id });
    }
    const raw = await qb.getRawMany<Record<string, string | number | null>>();
    const items = raw.slice(0, limit).map((r): WaitingSessionDto => ({
      runId: String(r['runId']), flowId: String(r['flowId']), flowName: String(r['flowName']), flowVersion: Number(r['flowVersion']),
      nodeId: String(r['nodeId']), contactId: String(r['contactId']), contactPhone: String(r['contactPhone']),
      channelId: r['channelId'] === null ? null : String(r['channelId']), since: iso(Number(r['since'])), deadline: iso(Number(r['deadline'])),
    }));
    const last = items[items.length - 1];
    return { items, nextCursor: raw.length > limit && last ? encode(Date.parse(last.since), last.runId) : null };
  }

  async summary(q: WaitingQuery): Promise<WaitingSummaryDto> {
    const rows = await this.base(q)
      .select(['r.flow_id AS "flowId"', 'MAX(r.flow_name) AS "flowName"', 'MAX(r.flow_version) AS "flowVersion"', 'w.node_id AS "nodeId"', 'COUNT(*) AS "count"',
        'MIN(r.updated_at) AS "oldest"'])
      .groupBy('r.flow_id').addGroupBy('w.node_id')
      .getRawMany<{ flowId: string; flowName: string; flowVersion: string | number; nodeId: string; count: string | number; oldest: string | number }>();
    const byNode = rows.map((r) => ({
      flowId: r.flowId, flowName: r.flowName, flowVersion: Number(r.flowVersion), nodeId: r.nodeId, count: Number(r.count), oldestSince: iso(Number(r.oldest)),
    }))
      .sort((a, b) => b.count - a.count || a.oldestSince.localeCompare(b.oldestSince));
    return { total: byNode.reduce((n, r) => n + r.count, 0), byNode };
  }

  private base(q: WaitingQuery) {
    const qb = this.ds.getRepository(WaitingSessionEntity).createQueryBuilder('w').innerJoin(RunEntity, 'r', 'r.id = w.run_id');
    if (q.flowId) qb.andWhere('r.flow_id = :flowId', { flowId: q.flowId });
    if (q.nodeId) qb.andWhere('w.node_id = :nodeId', { nodeId: q.nodeId });
    if (q.channelId) qb.andWhere('r.channel_id = :channelId', { channelId: q.channelId });
    if (q.olderThanMinutes !== undefined) qb.andWhere('r.updated_at <= :olderThan', { olderThan: Date.now() - q.olderThanMinutes * 60_000 });
    return qb;
  }
}

function encode(at: number, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decode(cursor: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // the clear error below
  }
  throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, { problems: [problem('cursor', 'is not a cursor this API returned')] });
}
