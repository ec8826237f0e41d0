import { Injectable } from '@nestjs/common';
import type { ChannelAnalyticsDto, FlowAnalyticsDto, FunnelDto, RunStatusDto } from '@moflow/api-contract';
import { AnalyticsRepository, ChannelEntity, FlowEntity, type TimeRange } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { DomainException, problem } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { runStatuses } from '../runs/runs.dto';
import type { AnalyticsRangeQuery, FunnelQuery } from './analytics.dto';
import { failureCode } from './failure-code';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEFAULT_SPAN = 7 * DAY;

/** Per flow and per channel figures over a time range, each one aggregate query (see AnalyticsRepository). */
@Injectable()
export class AnalyticsService {
  private readonly repo: AnalyticsRepository;

  constructor(private readonly ds: DataSource) {
    this.repo = new AnalyticsRepository(ds);
  }

  async flow(flowId: string, q: AnalyticsRangeQuery): Promise<FlowAnalyticsDto> {
    const range = rangeOf(q, 366);
    await this.requireFlow(flowId);
    const bucket = range.to - range.from <= 3 * DAY ? 'hour' : 'day';
    const bucketMs = bucket === 'hour' ? HOUR : DAY;
    const [runs, counts, series] = await Promise.all([
      this.repo.countRuns(flowId, range),
      this.repo.nodeCounts(flowId, range),
      this.repo.runsOverTime(flowId, range, bucketMs),
    ]);
    const nodes: FlowAnalyticsDto['nodes'] = {};
    for (const c of counts) {
      const node = (nodes[c.nodeId] ??= { visits: 0, exits: {}, dropOff: 0 });
      if (c.handle === '') node.visits += c.count;
      else node.exits[c.handle] = (node.exits[c.handle] ?? 0) + c.count;
    }
    for (const node of Object.values(nodes)) {
      node.dropOff = Math.max(0, node.visits - Object.values(node.exits).reduce((a, b) => a + b, 0));
    }
    const overTime = buckets(range, bucketMs, () => Object.fromEntries(runStatuses.map((s) => [s, 0])) as Record<RunStatusDto, number>);
    for (const row of series) {
      const slot = overTime.get(row.bucket);
      if (slot && row.key in slot) slot[row.key as RunStatusDto] += row.count;
    }
    return {
      flowId, from: iso(range.from), to: iso(range.to), runs, nodes,
      bucket, overTime: [...overTime].map(([b, counts]) => ({ start: iso(b * bucketMs), counts })),
    };
  }

  async funnel(flowId: string, q: FunnelQuery): Promise<FunnelDto> {
    const range = rangeOf(q, 366);
    if (q.fromNode === q.toNode) throw invalid('toNode', 'must be a different step than fromNode');
    await this.requireFlow(flowId);
    const { entered, reached } = await this.repo.funnel(flowId, range, q.fromNode, q.toNode);
    return { flowId, from: iso(range.from), to: iso(range.to), fromNode: q.fromNode, toNode: q.toNode, entered, reached, rate: entered ? reached / entered : null };
  }

  async channel(channelId: string, q: AnalyticsRangeQuery): Promise<ChannelAnalyticsDto> {
    const range = rangeOf(q, 31);
    if (!(await this.ds.getRepository(ChannelEntity).existsBy({ id: channelId }))) throw new DomainException(ErrorCode.CHANNEL_NOT_FOUND);
    const [series, statuses, failures, opt] = await Promise.all([
      this.repo.messagesOverTime(channelId, range, HOUR),
      this.repo.mtStatuses(channelId, range),
      this.repo.failures(channelId, range, 5_000),
      this.repo.optOuts(channelId, range),
    ]);
    const hours = buckets(range, HOUR, () => ({ mo: 0, mt: 0 }));
    for (const row of series) {
      const slot = hours.get(row.bucket);
      if (slot) slot[row.key === 'in' ? 'mo' : 'mt'] += row.count;
    }
    const byCode = new Map<string, number>();
    for (const f of failures) {
      const code = failureCode(f.errorCode, f.detail);
      byCode.set(code, (byCode.get(code) ?? 0) + f.count);
    }
    const byStatus = Object.fromEntries(statuses);
    const n = (s: string) => statuses.get(s) ?? 0;
    const delivered = n('delivered');
    const failed = n('failed') + n('undelivered');
    return {
      channelId, from: iso(range.from), to: iso(range.to),
      perHour: [...hours].map(([b, v]) => ({ start: iso(b * HOUR), ...v })),
      mt: {
        total: [...statuses.values()].reduce((a, b) => a + b, 0), byStatus, delivered, failed,
        deliveryRate: delivered + failed ? delivered / (delivered + failed) : null,
      },
      failuresByCode: [...byCode].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      optOuts: opt.optOuts, contactsWriting: opt.contactsWriting, optOutRate: opt.contactsWriting ? opt.optOuts / opt.contactsWriting : null,
    };
  }

  private async requireFlow(flowId: string): Promise<void> {
    if (!(await this.ds.getRepository(FlowEntity).existsBy({ id: flowId }))) throw new DomainException(ErrorCode.FLOW_NOT_FOUND);
  }
}

function invalid(path: string, message: string): DomainException {
  return new DomainException(ErrorCode.VALIDATION_FAILED, undefined, { problems: [problem(path, message)] });
}

/** [from, to) from the query: default the 7 days before now; `to` after `from`; at most `maxDays` long. */
export function rangeOf(q: AnalyticsRangeQuery, maxDays: number): TimeRange {
  const to = q.to ? Date.parse(q.to) : Date.now();
  const from = q.from ? Date.parse(q.from) : to - DEFAULT_SPAN;
  if (Number.isNaN(to)) throw invalid('to', 'must be an ISO-8601 time');
  if (Number.isNaN(from)) throw invalid('from', 'must be an ISO-8601 time');
  if (to <= from) throw invalid('to', 'must be after from');
  if (to - from > maxDays * DAY) throw invalid('from', `the range may span at most ${maxDays} days`);
  return { from, to };
}

/** Every bucket of the range in order, each with a fresh value. */
function buckets<T>(range: TimeRange, bucketMs: number, make: () => T): Map<number, T> {
  const out = new Map<number, T>();
  for (let b = Math.floor(range.from / bucketMs); b * bucketMs < range.to; b++) out.set(b, make());
  return out;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
