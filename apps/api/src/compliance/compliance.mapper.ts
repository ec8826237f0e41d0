import type { ConsentEventDto, ContactDetailDto, ContactDto } from '@moflow/api-contract';
import type { ConsentEventEntity, ContactChannelStateEntity, ContactEntity } from '@moflow/data-access';

/** Times leave the API as ISO-8601 strings, as everywhere else (rows keep epoch milliseconds). */
const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function mapContact(c: ContactEntity): ContactDto {
  return { ...c, createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt) };
}

export function mapContactWithChannels(c: ContactEntity, channels: ContactChannelStateEntity[]): ContactDetailDto {
  return {
    ...mapContact(c),
    channels: channels.map((s) => ({ ...s, optChangedAt: iso(s.optChangedAt), lastInboundAt: iso(s.lastInboundAt) })),
  };
}

export function mapConsent(e: ConsentEventEntity): ConsentEventDto {
  return { ...e, at: iso(e.at) };
}

