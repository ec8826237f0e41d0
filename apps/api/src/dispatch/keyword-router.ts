import { Injectable, Logger } from '@nestjs/common';
import { FlowKeywordEntity } from '@moflow/data-access';
import { findKeyword, type KeywordTrigger, type TextMatchResult, type TextMatchSpec } from '@moflow/flow-engine';
import { DataSource, In } from 'typeorm';
import { FlowSource, type PublishedFlow } from '../runs/flow-source';

export interface KeywordHit { flow: PublishedFlow; result: TextMatchResult; interrupt: boolean }

/**
 * Default routing of an inbound text to a flow: the keyword index rows of the channel (and "*")
 * grouped per flow trigger, matched with the engine's findKeyword using the trigger's own options.
 */
@Injectable()
export class KeywordRouter {
  private readonly logger = new Logger('KeywordRouter');

  constructor(private readonly ds: DataSource, private readonly flows: FlowSource) {}

  async match(text: string, channelId: string): Promise<KeywordHit | null> {
    const rows = await this.ds.getRepository(FlowKeywordEntity).findBy({ channel: In([channelId, '*']) });
    if (rows.length === 0) return null;
    const groups = new Map<string, { flowId: string; version: number; match: string; keywords: string[] }>();
    for (const r of rows) {
      const id = `${r.flowId}@${r.flowVersion}#${r.nodeId}`;
      const g = groups.get(id) ?? { flowId: r.flowId, version: r.flowVersion, match: r.match, keywords: [] };
      g.keywords.push(r.keyword);
      groups.set(id, g);
    }
    const triggers: KeywordTrigger[] = [];
    const flowsById = new Map<string, PublishedFlow>();
    for (const [id, g] of groups) {
      const flow = await this.flows.version(g.flowId, g.version);
      flowsById.set(id, flow);
      const t = flow.trigger;
      const spec: TextMatchSpec = {
        mode: g.match as TextMatchSpec['mode'], values: g.keywords,
        foldAccents: t?.foldAccents ?? true, foldLookalikes: t?.foldLookalikes ?? true, typoTolerance: t?.typoTolerance ?? false,
      };
      triggers.push({ id, spec });
    }
    try {
      const hit = findKeyword(text, triggers);
      if (!hit) return null;
      const flow = flowsById.get(hit.id)!;
      return { flow, result: hit.result, interrupt: flow.trigger?.interrupt ?? false };
    } catch (err) {
      // A broken trigger spec must not stop every inbound message; it is logged with its name.
      this.logger.error(`keyword matching failed: ${(err as Error).message}`);
      return null;
    }
  }
}
