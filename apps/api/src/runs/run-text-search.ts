import { MessageEntity, RunEntity } from '@moflow/data-access';
import type { DataSource, SelectQueryBuilder } from 'typeorm';

/** Runs read per batch, and batches per request, when searching message text. */
export const TEXT_SCAN_BATCH = 500;
export const TEXT_SCAN_BATCHES = 40;

/** Rows after the cursor position in (started_at DESC, id DESC) order. */
export function keyset(qb: SelectQueryBuilder<RunEntity>, after: [number, string] | null): SelectQueryBuilder<RunEntity> {
  if (!after) return qb;
  return qb.andWhere('(r.started_at < :cAt OR (r.started_at = :cAt AND r.id < :cId))', { cAt: after[0], cId: after[1] });
}

/** A `LIKE` pattern matching `text` anywhere, with the wildcards in it taken literally (ESCAPE '\\'). */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** In-memory run filter on the error text (the SQL side already holds other filters). */
export function errorFilter(text: string): (r: RunEntity) => boolean {
  const needle = text.toLowerCase();
  return (r) => r.error?.toLowerCase().includes(needle) ?? false;
}

export interface TextSearchPage {
  rows: RunEntity[];
  /** Where the next request should carry on (null: nothing older is left). */
  resumeAt: [number, string] | null;
}

/**
 * Runs (newest first, matching the other filters in `qb`) with a message whose text contains
 * `text`. Message bodies have no full-text index, so the runs are walked in keyset batches and each
 * batch is probed through IDX_messages_run: one query per batch, never a scan of the messages
 * table. A request reads at most TEXT_SCAN_BATCHES batches; when it stops early, the page holds
 * what it found and `resumeAt` lets the reader continue with older runs (cost stays bounded).
 */
export async function searchMessageText(
  ds: DataSource, qb: SelectQueryBuilder<RunEntity>, text: string, after: [number, string] | null, limit: number,
  also: ((r: RunEntity) => boolean) | null,
): Promise<TextSearchPage> {
  const pattern = containsPattern(text);
  const found: RunEntity[] = [];
  let from = after;
  for (let i = 0; i < TEXT_SCAN_BATCHES; i++) {
    const batch = await keyset(qb.clone(), from).orderBy('r.started_at', 'DESC').addOrderBy('r.id', 'DESC').limit(TEXT_SCAN_BATCH).getMany();
    const candidates = also ? batch.filter(also) : batch;
    const hits = candidates.length === 0 ? new Set<string>() : new Set((await ds.getRepository(MessageEntity).createQueryBuilder('m')
      .select('DISTINCT m.run_id', 'runId').where('m.run_id IN (:...ids)', { ids: candidates.map((r) => r.id) })
      .andWhere("LOWER(m.text) LIKE :pattern ESCAPE '\\'", { pattern }).getRawMany<{ runId: string }>()).map((h) => h.runId));
    for (const r of batch) {
      if (!hits.has(r.id)) continue;
      found.push(r);
      // A full page: carry on right after its last run (later runs of this batch are re-read next time).
      if (found.length === limit) return { rows: found, resumeAt: [r.startedAt, r.id] };
    }
    const last = batch[batch.length - 1];
    if (batch.length < TEXT_SCAN_BATCH || !last) return { rows: found, resumeAt: null };
    from = [last.startedAt, last.id];
  }
  return { rows: found, resumeAt: from };
}
