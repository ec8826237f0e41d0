import { Injectable } from '@nestjs/common';
import type { RunEntity } from '@moflow/data-access';
import { csvCell } from '../common/csv-cell';
import { RunQueryService } from './run-query.service';
import type { ListRunsQuery } from './runs.dto';

const FIXED = ['runId', 'flow', 'version', 'status', 'phone', 'channelId', 'startedAt', 'endedAt', 'currentNode', 'error'] as const;
const BATCH = 500;

/**
 * The filtered runs as CSV, one line per run with its variables (the answers people gave) as
 * columns, produced page by page so a million runs never sit in memory. Variable columns are the
 * names seen in the first batch; every line also carries all its vars as JSON in the last column,
 * so a variable first seen later is never lost.
 */
@Injectable()
export class RunExportService {
  constructor(private readonly query: RunQueryService) {}

  async *csv(q: ListRunsQuery): AsyncGenerator<string> {
    let cursor: string | undefined = q.cursor;
    let varNames: string[] | null = null;
    for (;;) {
      const { rows, nextCursor } = await this.query.page({ ...q, cursor }, BATCH);
      if (!varNames) {
        varNames = [...new Set(rows.flatMap((r) => Object.keys(varsOf(r))))].sort();
        yield `${[...FIXED, ...varNames.map((v) => `vars.${v}`), 'vars'].map(csvCell).join(',')}\r\n`;
      }
      const names = varNames;
      if (rows.length) yield rows.map((r) => `${line(r, names)}\r\n`).join('');
      if (!nextCursor) return;
      cursor = nextCursor;
    }
  }
}

function varsOf(r: RunEntity): Record<string, unknown> {
  const vars = (r.state as { vars?: unknown }).vars;
  return vars && typeof vars === 'object' && !Array.isArray(vars) ? (vars as Record<string, unknown>) : {};
}

const cellOf = (v: unknown) => csvCell(v !== null && typeof v === 'object' ? JSON.stringify(v) : v);

function line(r: RunEntity, varNames: readonly string[]): string {
  const vars = varsOf(r);
  const fixed = [r.id, r.flowName, r.flowVersion, r.status, r.contactPhone, r.channelId, new Date(r.startedAt).toISOString(),
    r.endedAt === null ? null : new Date(r.endedAt).toISOString(), r.currentNodeId, r.error];
  return [...fixed.map(cellOf), ...varNames.map((v) => cellOf(vars[v])), csvCell(JSON.stringify(vars))].join(',');
}
