import type { MessageDto, RunStatusDto, RunStepDto, RunSummaryDto } from '@moflow/api-contract';
import type { MessageEntity, MessageRow, RunEntity, RunStepEntity } from '@moflow/data-access';

const iso = (ms: number) => new Date(ms).toISOString();

export function mapRunSummary(r: RunEntity): RunSummaryDto {
  return {
    id: r.id, flowId: r.flowId, flowName: r.flowName, flowVersion: r.flowVersion, status: r.status as RunStatusDto,
    contactId: r.contactId, contactPhone: r.contactPhone, channelId: r.channelId, trigger: r.trigger,
    startedAt: iso(r.startedAt), updatedAt: iso(r.updatedAt), endedAt: r.endedAt === null ? null : iso(r.endedAt),
    error: r.error, currentNodeId: r.currentNodeId,
  };
}

export function mapRunStep(s: RunStepEntity): RunStepDto {
  return {
    seq: s.seq, nodeId: s.nodeId, nodeType: s.nodeType, type: s.type, handle: s.handle, reason: s.reason, input: s.input,
    output: s.output, durationMs: s.durationMs, error: s.error, at: iso(s.at), data: s.data,
  };
}

/** The router writes the rule that took an MO as node_id `$rule:<rule>`. */
export function routingRuleOf(m: Pick<MessageEntity, 'direction' | 'nodeId'>): string | null {
  return m.direction === 'in' && m.nodeId?.startsWith('$rule:') ? m.nodeId.slice('$rule:'.length) : null;
}

/** A message row; with the extras of the console's MessageRepository when read through it. */
export function mapMessage(m: MessageEntity & Partial<Pick<MessageRow, 'inboxProviderMessageId' | 'detail' | 'partIds'>>): MessageDto {
  return {
    id: m.id, direction: m.direction, channelId: m.channelId, from: m.from, to: m.to, text: m.text, status: m.status,
    encoding: m.encoding, segments: m.segments, createdAt: iso(m.createdAt), updatedAt: iso(m.updatedAt), runId: m.runId,
    contactId: m.contactId, rule: routingRuleOf(m), provider: m.provider, providerMessageId: m.providerMessageId ?? m.inboxProviderMessageId ?? null,
    ...(m.partIds !== undefined ? { providerPartIds: m.partIds } : {}), ...(m.detail !== undefined ? { detail: m.detail } : {}),
  };
}
