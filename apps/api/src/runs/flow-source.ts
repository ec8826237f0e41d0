import { Injectable } from '@nestjs/common';
import type { FlowDefinition, TriggerConfig } from '@moflow/flow-spec';
import { FlowEntity, FlowVersionEntity } from '@moflow/data-access';
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

/**
 * Reads published, immutable flow versions. Versions never change once written, so they are
 * cached by (flowId, version); only "which version is live" is read from the flows row each time.
 */
@Injectable()
export class FlowSource {
  private readonly cache = new Map<string, FlowDefinition>();

  constructor(private readonly ds: DataSource) {}

  /** The live version of a flow; refuses drafts and archived flows with a clear code. */
  async live(flowId: string): Promise<PublishedFlow> {
    const flow = await this.ds.getRepository(FlowEntity).findOneBy({ id: flowId });
    if (!flow) throw new DomainException(ErrorCode.FLOW_NOT_FOUND, `No flow with id ${flowId}.`);
    if (flow.status === 'archived') throw new DomainException(ErrorCode.FLOW_ARCHIVED, `Flow "${flow.name}" is archived: it cannot run.`);
    if (flow.publishedVersion === null) {
      throw new DomainException(ErrorCode.FLOW_NOT_PUBLISHED, `Flow "${flow.name}" has no published version: publish it first.`);
    }
    return this.version(flow.id, flow.publishedVersion, flow.name);
  }

  async version(flowId: string, version: number, name?: string): Promise<PublishedFlow> {
    const key = `${flowId}@${version}`;
    let definition = this.cache.get(key);
    if (!definition) {
      const row = await this.ds.getRepository(FlowVersionEntity).findOneBy({ flowId, version });
      if (!row) throw new DomainException(ErrorCode.FLOW_VERSION_NOT_FOUND, `Flow ${flowId} has no version ${version}.`);
      definition = row.definition as FlowDefinition;
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(key, definition);
    }
    const flowName = name ?? (await this.ds.getRepository(FlowEntity).findOneBy({ id: flowId }))?.name ?? flowId;
    return { flowId, name: flowName, version, definition, trigger: triggerOf(definition) };
  }
}

export function triggerOf(definition: FlowDefinition): TriggerConfig | null {
  const node = definition.nodes.find((n) => n.type === 'trigger');
  return node?.type === 'trigger' ? node.config : null;
}
