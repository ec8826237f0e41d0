import type { DataSource } from 'typeorm';
import { DAY_MS } from './node-day.entity';
import { COUNTED_STEP_SQL, STEP_HANDLE_SQL } from './node-day-rollup';

/** A half-open time range [from, to) in epoch milliseconds. */
export interface TimeRange { from: number; to: number }

export interface NodeCountRow { nodeId: string; handle: string; count: number }
export interface BucketCountRow { bucket: number; key: string; count: number }
export interface FailureGroupRow { errorCode: string | null; detail: string | null; count: number }

/**
 * Aggregates for the console's analytics, in SQL that means the same on SQLite and PostgreSQL
 * (integer division of bigint epoch ms for buckets, positional GROUP BY, COUNT cast by the caller).
 * Which index serves which query:
 * - runs of a flow in a range      → IDX_runs_flow_started (flow_id, started_at, id)
 * - node counts of whole days       → the run_node_days primary key (flow_id, day, node_id, handle)
 * - steps of the runs of a part day → the run_steps primary key (run_id, seq)
 * - messages of a channel in a range → IDX_messages_channel_created (channel_id, created_at, direction, status)
 * - opt-outs of a channel            → IDX_consent_log_channel_at (channel_id, at)
 */
export class AnalyticsRepository {
  constructor(private readonly ds: DataSource) {}

  private sql(text: string): string {
    if (this.ds.options.type !== 'postgres') return text;
    let i = 0;
    return text.replace(/\?/g, () => `$${++i}`);
  }

  private async rows<T>(text: string, params: unknown[]): Promise<T[]> {
    return (await this.ds.query(this.sql(text), params)) as T[];
  }

  async countRuns(flowId: string, range: TimeRange): Promise<number> {
    const [row] = await this.rows<{ n: string | number }>(
      'SELECT COUNT(*) AS n FROM runs r WHERE r.flow_id = ? AND r.started_at >= ? AND r.started_at < ?', [flowId, range.from, range.to]);
    return Number(row?.n ?? 0);
  }

  /**
   * Visits (handle '') and exits per node of every run started in the range (see node-day-rollup.ts
   * for what counts). Whole UTC days come from run_node_days; only the part days at the edges of the
   * range read the run log, so the cost does not grow with the number of runs in the range.
   */
  async nodeCounts(flowId: string, range: TimeRange): Promise<NodeCountRow[]> {
    const firstDay = Math.ceil(range.from / DAY_MS);
    const endDay = Math.floor(range.to / DAY_MS);
    const parts: Array<{ node_id: string; handle: string; n: string | number }[]> = [];
    const fromLog = (from: number, to: number) => this.rows<{ node_id: string; handle: string; n: string | number }>(
      `SELECT s.node_id, ${STEP_HANDLE_SQL} AS handle, COUNT(*) AS n
       FROM runs r JOIN run_steps s ON s.run_id = r.id
       WHERE r.flow_id = ? AND r.started_at >= ? AND r.started_at < ? AND ${COUNTED_STEP_SQL}
       GROUP BY 1, 2`, [flowId, from, to]);
    if (firstDay < endDay) {
      parts.push(await this.rows(
        'SELECT d.node_id, d.handle, SUM(d.count) AS n FROM run_node_days d WHERE d.flow_id = ? AND d.day >= ? AND d.day < ? GROUP BY 1, 2',
        [flowId, firstDay, endDay]));
      if (range.from < firstDay * DAY_MS) parts.push(await fromLog(range.from, firstDay * DAY_MS));
      if (endDay * DAY_MS < range.to) parts.push(await fromLog(endDay * DAY_MS, range.to));
    } else {
      parts.push(await fromLog(range.from, range.to));
    }
    const out = new Map<string, NodeCountRow>();
    for (const r of parts.flat()) {
      const key = `${r.node_id}\u0000${r.handle}`;
      const cur = out.get(key);
      if (cur) cur.count += Number(r.n);
      else out.set(key, { nodeId: r.node_id, handle: r.handle, count: Number(r.n) });
    }
    return [...out.values()];
  }

  /** Runs started per bucket (bucket = floor(started_at / bucketMs)) and status. */
  async runsOverTime(flowId: string, range: TimeRange, bucketMs: number): Promise<BucketCountRow[]> {
    const rows = await this.rows<{ b: string | number; status: string; n: string | number }>(
      `SELECT r.started_at / ${Math.trunc(bucketMs)} AS b, r.status, COUNT(*) AS n FROM runs r
       WHERE r.flow_id = ? AND r.started_at >= ? AND r.started_at < ? GROUP BY 1, 2 ORDER BY 1`,
      [flowId, range.from, range.to]);
    return rows.map((r) => ({ bucket: Number(r.b), key: r.status, count: Number(r.n) }));
  }

  /**
   * Of the runs started in the range that entered `fromNode`, how many entered `toNode` after it
   * (later in the run log than their first visit of `fromNode`). Each run counts once.
   */
  async funnel(flowId: string, range: TimeRange, fromNode: string, toNode: string): Promise<{ entered: number; reached: number }> {
    const [row] = await this.rows<{ entered: string | number; reached: string | number | null }>(
      `SELECT COUNT(*) AS entered,
              SUM(CASE WHEN EXISTS (SELECT 1 FROM run_steps b WHERE b.run_id = a.run_id AND b.seq > a.first_seq AND b.node_id = ? AND b.type = 'step_entered')
                  THEN 1 ELSE 0 END) AS reached
       FROM (SELECT s.run_id, MIN(s.seq) AS first_seq FROM runs r JOIN run_steps s ON s.run_id = r.id
             WHERE r.flow_id = ? AND r.started_at >= ? AND r.started_at < ? AND s.node_id = ? AND s.type = 'step_entered'
             GROUP BY s.run_id) a`,
      [toNode, flowId, range.from, range.to, fromNode]);
    return { entered: Number(row?.entered ?? 0), reached: Number(row?.reached ?? 0) };
  }

  /** MOs ('in') and MTs ('out') of a channel per bucket. */
  async messagesOverTime(channelId: string, range: TimeRange, bucketMs: number): Promise<BucketCountRow[]> {
    const rows = await this.rows<{ b: string | number; direction: string; n: string | number }>(
      `SELECT m.created_at / ${Math.trunc(bucketMs)} AS b, m.direction, COUNT(*) AS n FROM messages m
       WHERE m.channel_id = ? AND m.created_at >= ? AND m.created_at < ? GROUP BY 1, 2 ORDER BY 1`,
      [channelId, range.from, range.to]);
    return rows.map((r) => ({ bucket: Number(r.b), key: r.direction, count: Number(r.n) }));
  }

  /** MTs of a channel created in the range, by their status now. */
  async mtStatuses(channelId: string, range: TimeRange): Promise<Map<string, number>> {
    const rows = await this.rows<{ status: string; n: string | number }>(
      `SELECT m.status, COUNT(*) AS n FROM messages m
       WHERE m.channel_id = ? AND m.created_at >= ? AND m.created_at < ? AND m.direction = 'out' GROUP BY 1`,
      [channelId, range.from, range.to]);
    return new Map(rows.map((r) => [r.status, Number(r.n)]));
  }

  /**
   * Failed and undelivered MTs grouped by the provider's error code from a delivery report, else by
   * the sender's detail (the caller turns a detail into a code: it may quote a number).
   */
  async failures(channelId: string, range: TimeRange, maxGroups: number): Promise<FailureGroupRow[]> {
    const rows = await this.rows<{ code: string | null; detail: string | null; n: string | number }>(
      `SELECT (SELECT MIN(d.error_code) FROM delivery_parts d WHERE d.message_id = m.id AND d.error_code IS NOT NULL) AS code,
              o.detail, COUNT(*) AS n
       FROM messages m LEFT JOIN outbox_state o ON o.message_id = m.id
       WHERE m.channel_id = ? AND m.created_at >= ? AND m.created_at < ? AND m.direction = 'out' AND m.status IN ('failed', 'undelivered')
       GROUP BY 1, 2 ORDER BY 3 DESC LIMIT ?`,
      [channelId, range.from, range.to, maxGroups]);
    return rows.map((r) => ({ errorCode: r.code, detail: r.detail, count: Number(r.n) }));
  }

  /** Opt-outs recorded on the channel in the range, and the distinct contacts who wrote to it then. */
  async optOuts(channelId: string, range: TimeRange): Promise<{ optOuts: number; contactsWriting: number }> {
    const [[out], [writing]] = await Promise.all([
      this.rows<{ n: string | number }>(
        `SELECT COUNT(*) AS n FROM consent_log c WHERE c.channel_id = ? AND c.at >= ? AND c.at < ? AND c.action = 'opt_out'`,
        [channelId, range.from, range.to]),
      this.rows<{ n: string | number }>(
        `SELECT COUNT(DISTINCT m.contact_id) AS n FROM messages m
         WHERE m.channel_id = ? AND m.created_at >= ? AND m.created_at < ? AND m.direction = 'in'`,
        [channelId, range.from, range.to]),
    ]);
    return { optOuts: Number(out?.n ?? 0), contactsWriting: Number(writing?.n ?? 0) };
  }
}
