import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { RunActionDto } from '@moflow/api-contract';
import { RunActionEntity, row as asRow } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';

export type RunAction = RunActionDto['action'];

/** Who did it, in words that stay true after the user is renamed or deleted. */
export function actorOf(p: Principal): { id: string | null; name: string } {
  if (p.kind === 'user') return { id: p.user.id, name: p.user.name ? `${p.user.name} (${p.user.email})` : p.user.email };
  if (p.kind === 'apiKey') return { id: null, name: `API key ${p.apiKey.name}` };
  return { id: null, name: 'metrics scraper' };
}

export function mapRunAction(a: RunActionEntity): RunActionDto {
  return { id: a.id, runId: a.runId, action: a.action as RunAction, actor: { id: a.actorId, name: a.actorName }, at: new Date(a.at).toISOString(), detail: a.detail };
}

/** The operators' audit trail of run actions (table run_actions). */
@Injectable()
export class RunAuditLog {
  constructor(private readonly ds: DataSource) {}

  async record(runId: string, action: RunAction, by: Principal, detail: Record<string, unknown>): Promise<RunActionDto> {
    const actor = actorOf(by);
    const row: RunActionEntity = { id: randomUUID(), runId, action, actorId: actor.id, actorName: actor.name, at: Date.now(), detail };
    await this.ds.getRepository(RunActionEntity).insert(asRow(row));
    return mapRunAction(row);
  }

  async forRun(runId: string): Promise<RunActionDto[]> {
    const rows = await this.ds.getRepository(RunActionEntity).find({ where: { runId }, order: { at: 'ASC' } });
    return rows.map(mapRunAction);
  }
}
