import { Injectable, Logger } from '@nestjs/common';
import { FlowEntity, FlowKeywordEntity, routingVersion } from '@moflow/data-access';
import { findKeyword, type KeywordTrigger, type TextMatchResult, type TextMatchSpec } from '@moflow/flow-engine';
import { DataSource, IsNull, Not } from 'typeorm';
import { FlowSource, type PublishedFlow } from '../flows/flow-source';

export interface KeywordRoute { flow: PublishedFlow; result: TextMatchResult; interrupt: boolean }

interface Table {
  version: number;
  /** Keyword triggers per channel id ('*' = every channel). */
  triggers: Map<string, KeywordTrigger[]>;
  flows: Map<string, PublishedFlow>;
  /** The catch-all flow per channel id ('*' = every channel); the most recently updated wins. */
  catchAll: Map<string, PublishedFlow>;
}

/**
 * Routing data in memory: the compiled keyword triggers and catch-all flows of every live flow.
 * Rebuilt when publish, rollback or archive bumps the routing version (checked once per batch),
 * so an MO costs no routing query at all.
 */
@Injectable()
export class RouteTable {
  private readonly logger = new Logger('RouteTable');
  private table: Table | null = null;
  private building: Promise<Table> | null = null;

  constructor(private readonly ds: DataSource, private readonly flows: FlowSource) {}

  /** Called once per batch: one read of the routing version, a rebuild only when it moved. */
  async refresh(): Promise<void> {
    const version = await routingVersion(this.ds);
    if (this.table?.version === version) return;
    this.building ??= this.build(version).finally(() => (this.building = null));
    this.table = await this.building;
  }

  keyword(text: string, channelId: string): KeywordRoute | null {
    const table = this.current();
    const triggers = [...(table.triggers.get(channelId) ?? []), ...(table.triggers.get('*') ?? [])];
    if (triggers.length === 0) return null;
    try {
      const hit = findKeyword(text, triggers);
      if (!hit) return null;
      const flow = table.flows.get(hit.id)!;
      return { flow, result: hit.result, interrupt: flow.trigger?.interrupt ?? false };
    } catch (err) {
      // A broken trigger spec must not stop every inbound message; it is logged with its name.
      this.logger.error(`keyword matching failed: ${(err as Error).message}`);
      return null;
    }
  }

  catchAll(channelId: string): PublishedFlow | null {
    const table = this.current();
    return table.catchAll.get(channelId) ?? table.catchAll.get('*') ?? null;
  }

  private current(): Table {
    if (!this.table) throw new Error('RouteTable.refresh() must run before routing');
    return this.table;
  }

  private async build(version: number): Promise<Table> {
    const rows = await this.ds.getRepository(FlowKeywordEntity).find();
    const live = await this.ds.getRepository(FlowEntity).find({
      where: { publishedVersion: Not(IsNull()), status: Not('archived') }, order: { updatedAt: 'DESC' }, select: { id: true, publishedVersion: true, name: true },
    });
    const names = new Map(live.map((f) => [f.id, f.name]));
    const groups = new Map<string, { flowId: string; version: number; channel: string; match: string; keywords: string[] }>();
    for (const r of rows) {
      const id = `${r.flowId}@${r.flowVersion}#${r.nodeId}#${r.channel}`;
      const g = groups.get(id) ?? { flowId: r.flowId, version: r.flowVersion, channel: r.channel, match: r.match, keywords: [] };
      g.keywords.push(r.keyword);
      groups.set(id, g);
    }
    const table: Table = { version, triggers: new Map(), flows: new Map(), catchAll: new Map() };
    for (const [id, g] of groups) {
      const flow = await this.flows.version(g.flowId, g.version, names.get(g.flowId));
      const t = flow.trigger;
      const spec: TextMatchSpec = {
        mode: g.match as TextMatchSpec['mode'], values: g.keywords,
        foldAccents: t?.foldAccents ?? true, foldLookalikes: t?.foldLookalikes ?? true, typoTolerance: t?.typoTolerance ?? false,
      };
      table.flows.set(id, flow);
      const list = table.triggers.get(g.channel) ?? [];
      list.push({ id, spec });
      table.triggers.set(g.channel, list);
    }
    for (const f of live) {
      const flow = await this.flows.version(f.id, f.publishedVersion!, f.name);
      const t = flow.trigger;
      if (!t?.catchAll) continue;
      for (const channel of t.channels) if (!table.catchAll.has(channel)) table.catchAll.set(channel, flow);
    }
    return table;
  }
}
