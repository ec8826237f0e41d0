import { Injectable } from '@nestjs/common';
import type { FlowDefinition, TriggerConfig } from '@moflow/flow-spec';
import { FlowEntity, FlowVersionEntity, placeholder, tableOf } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

export interface PublishedFlow {
  flowId: string;
  name: string;
  version: number;
  definition: FlowDefinition;
  trigger: TriggerConfig | null;
}

interface FlowHead { name: string; status: string; publishedVersion: number | null }

/**
 * Reads published, immutable flow versions. Versions never change once written, so they are
 * cached (parsed, with their trigger) by (flowId, version); only "which version is live" is read
 * from the flows row each time, so publish, rollback and archive take effect at once on every
 * replica. That read selects the three columns it needs: the whole row would also parse the draft
 * definition and the test cases (simple-json) on every trigger.
 */
@Injectable()
export class FlowSource {
  private readonly cache = new Map<string, { definition: FlowDefinition; trigger: TriggerConfig | null }>();

  constructor(private readonly ds: DataSource) {}

  /** The live version of a flow; refuses drafts and archived flows with a clear code. */
  async live(flowId: string): Promise<PublishedFlow> {
    const flow = await this.head(flowId);
    if (!flow) throw new DomainException(ErrorCode.FLOW_NOT_FOUND, `No flow with id ${flowId}.`);
    if (flow.status === 'archived') throw new DomainException(ErrorCode.FLOW_ARCHIVED, `Flow "${flow.name}" is archived: it cannot run.`);
    if (flow.publishedVersion === null) {
      throw new DomainException(ErrorCode.FLOW_NOT_PUBLISHED, `Flow "${flow.name}" has no published version: publish it first.`);
    }
    return this.version(flowId, flow.publishedVersion, flow.name);
  }

  private async head(flowId: string): Promise<FlowHead | null> {
    const rows = (await this.ds.query(
      `SELECT "name", "status", "published_version" FROM ${tableOf(this.ds, FlowEntity)} WHERE "id" = ${placeholder(this.ds, 0)}`, [flowId],
    )) as { name: string; status: string; published_version: number | string | null }[];
    const r = rows[0];
    if (!r) return null;
    return { name: r.name, status: r.status, publishedVersion: r.published_version === null ? null : Number(r.published_version) };
  }

  async version(flowId: string, version: number, name?: string): Promise<PublishedFlow> {
    const key = `${flowId}@${version}`;
    let entry = this.cache.get(key);
    if (!entry) {
      const row = await this.ds.getRepository(FlowVersionEntity).findOneBy({ flowId, version });
      if (!row) throw new DomainException(ErrorCode.FLOW_VERSION_NOT_FOUND, `Flow ${flowId} has no version ${version}.`);
      const definition = row.definition as FlowDefinition;
      entry = { definition, trigger: triggerOf(definition) };
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(key, entry);
    }
    const flowName = name ?? (await this.head(flowId))?.name ?? flowId;
    return { flowId, name: flowName, version, definition: entry.definition, trigger: entry.trigger };
  }
}

export function triggerOf(definition: FlowDefinition): TriggerConfig | null {
  const node = definition.nodes.find((n) => n.type === 'trigger');
  return node?.type === 'trigger' ? node.config : null;
}
