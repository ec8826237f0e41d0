import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ProblemDto, ValidateResponse } from '@moflow/api-contract';
import { ChannelEntity, ChannelSettingsEntity } from '@moflow/data-access';
import { validateFlow, type ComplianceClassifier, type ValidationResult } from '@moflow/flow-spec';
import { classifyComplianceKeyword, type ComplianceExtraWords } from '@moflow/sms';
import { In, Repository } from 'typeorm';

interface ChannelWords { id: string; name: string | null; words: ComplianceExtraWords }

/**
 * The compliance rules' view of a text, as publishing checks it: the default words everywhere, then
 * each channel's own words where the flow listens on that channel (`*`: every channel).
 */
export function complianceClassifier(channelWords: readonly ChannelWords[]): ComplianceClassifier {
  return (text, channels) => {
    const standard = classifyComplianceKeyword(text);
    if (standard) return standard;
    const everywhere = !channels || channels.length === 0 || channels.includes('*');
    for (const c of channelWords) {
      if (!everywhere && !channels.includes(c.id)) continue;
      const hit = classifyComplianceKeyword(text, c.words);
      if (hit) return { ...hit, channel: { id: c.id, name: c.name } };
    }
    return null;
  };
}

/** validateFlow with the compliance words (defaults and each channel's own), for validate and publish. */
@Injectable()
export class FlowValidator {
  constructor(
    @InjectRepository(ChannelSettingsEntity) private readonly settings: Repository<ChannelSettingsEntity>,
    @InjectRepository(ChannelEntity) private readonly channels: Repository<ChannelEntity>,
  ) {}

  async validate(definition: unknown): Promise<ValidationResult> {
    return validateFlow(definition, { compliance: complianceClassifier(await this.channelWords()) });
  }

  async response(definition: unknown): Promise<ValidateResponse> {
    const result = await this.validate(definition);
    return { valid: result.ok, problems: result.problems.map((p): ProblemDto => ({ ...p })) };
  }

  /** Channels with words of their own (a handful of rows: read per validation, never per message). */
  private async channelWords(): Promise<ChannelWords[]> {
    const rows = (await this.settings.find()).filter((r) => r.keywords && (r.keywords.optOut?.length || r.keywords.optIn?.length || r.keywords.help?.length));
    if (!rows.length) return [];
    const names = new Map((await this.channels.findBy({ id: In(rows.map((r) => r.channelId)) })).map((c) => [c.id, c.name]));
    return rows.map((r) => ({ id: r.channelId, name: names.get(r.channelId) ?? null, words: r.keywords }));
  }
}
