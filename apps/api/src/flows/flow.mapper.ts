import type { FlowDto, FlowSummaryDto, FlowTestCaseDto, FlowVersionDto } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import type { FlowEntity, FlowVersionEntity, UserEntity } from '@moflow/data-access';
import { displayKeywords } from './keyword-index';

export interface FlowListContext {
  users: Map<string, UserEntity>;
  runsLast24h: Map<string, number>;
  /** The list's keywords by flow id (flows read without their drafts); otherwise from `flow.definition`. */
  keywords?: Map<string, string[]>;
}

export function mapFlowSummary(flow: FlowEntity, ctx: FlowListContext): FlowSummaryDto {
  const author = flow.updatedById ? ctx.users.get(flow.updatedById) : undefined;
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    status: flow.status,
    publishedVersion: flow.publishedVersion,
    revision: flow.revision,
    updatedAt: new Date(flow.updatedAt).toISOString(),
    updatedBy: author ? { id: author.id, email: author.email, name: author.name } : null,
    runsLast24h: ctx.runsLast24h.get(flow.id) ?? 0,
    keywords: ctx.keywords?.get(flow.id) ?? displayKeywords(flow.definition),
    hasUnpublishedChanges: flow.publishedHash !== flow.definitionHash,
  };
}

export function mapFlow(flow: FlowEntity, ctx: FlowListContext): FlowDto {
  return {
    ...mapFlowSummary(flow, ctx),
    definition: flow.definition as FlowDefinitionInput,
    tests: flow.tests as FlowTestCaseDto[],
    requireTestsToPublish: flow.requireTestsToPublish,
  };
}

export function mapVersion(version: FlowVersionEntity, users: Map<string, UserEntity>, withDefinition: boolean): FlowVersionDto {
  const by = version.publishedById ? users.get(version.publishedById) : undefined;
  return {
    flowId: version.flowId,
    version: version.version,
    note: version.note,
    publishedAt: new Date(version.publishedAt).toISOString(),
    publishedBy: by ? { id: by.id, email: by.email } : null,
    ...(withDefinition ? { definition: version.definition as FlowDefinitionInput } : {}),
  };
}
