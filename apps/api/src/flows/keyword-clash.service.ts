import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { KeywordClashDto, KeywordClashResponse } from '@moflow/api-contract';
import { ChannelEntity, FlowEntity, FlowKeywordEntity } from '@moflow/data-access';
import { In, Repository } from 'typeorm';
import { claimsCollide, foldKeyword } from './keyword-index';

/**
 * Which of some keywords another published flow already claims, for the trigger panel as the
 * marketer types (publishing checks the same rule again, in its transaction).
 */
@Injectable()
export class KeywordClashService {
  constructor(
    @InjectRepository(FlowKeywordEntity) private readonly keywords: Repository<FlowKeywordEntity>,
    @InjectRepository(FlowEntity) private readonly flows: Repository<FlowEntity>,
    @InjectRepository(ChannelEntity) private readonly channels: Repository<ChannelEntity>,
  ) {}

  async clashes(keywords: string[], channels: string[], flowId: string | null): Promise<KeywordClashResponse> {
    const asked = [...new Map(keywords.filter((k) => k.trim()).map((k) => [foldKeyword(k), k.trim()])).entries()];
    if (!asked.length) return { clashes: [] };
    const listening = channels.length ? [...new Set(channels)] : ['*'];
    const taken = (await this.keywords.findBy({ keyword: In(asked.map(([folded]) => folded)) })).filter((t) => t.flowId !== flowId);
    const hits: { keyword: string; channel: string; other: FlowKeywordEntity }[] = [];
    for (const [folded, keyword] of asked) {
      for (const channel of listening) {
        const other = taken.find((t) => claimsCollide({ keyword: folded, channel }, t));
        if (other) hits.push({ keyword, channel, other });
      }
    }
    if (!hits.length) return { clashes: [] };
    const owners = new Map((await this.flows.findBy({ id: In([...new Set(hits.map((h) => h.other.flowId))]) })).map((f) => [f.id, f]));
    const channelIds = [...new Set(hits.map((h) => h.other.channel).filter((c) => c !== '*'))];
    const names = new Map(channelIds.length ? (await this.channels.findBy({ id: In(channelIds) })).map((c) => [c.id, c.name]) : []);
    return {
      clashes: hits.map(({ keyword, channel, other }): KeywordClashDto => {
        const flowName = owners.get(other.flowId)?.name ?? other.flowId;
        const channelName = other.channel === '*' ? null : names.get(other.channel) ?? null;
        const on = other.channel === '*' ? 'on every channel' : `on channel ${channelName ? `“${channelName}”` : other.channel}`;
        return {
          keyword, channel, flow: { id: other.flowId, name: flowName }, otherChannel: { id: other.channel, name: channelName },
          message: `“${keyword}” already starts the published flow “${flowName}” ${on}.`,
        };
      }),
    };
  }
}
