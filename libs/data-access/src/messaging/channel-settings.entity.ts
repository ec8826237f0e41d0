import { Column, Entity, PrimaryColumn } from 'typeorm';
import { msColumn } from '../runs/columns';

export type ChannelKind = 'short_code' | 'long_number' | 'alphanumeric';

/** Quiet hours in the recipient's local time; `start`/`end` are "HH:MM" (a window may cross midnight). */
export interface QuietHours {
  start: string;
  end: string;
  /** A reply to a message the contact sent within this many minutes is not held back. */
  replyWindowMinutes: number;
}

export interface ChannelKeywords {
  optOut: string[];
  optIn: string[];
  help: string[];
}

/**
 * The messaging side of a channel (1:1 with `channels`): what compliance and the sender need.
 * Kept beside the core channel row rather than in it so the core schema stays the server's own.
 */
@Entity('channel_settings')
export class ChannelSettingsEntity {
  @PrimaryColumn({ name: 'channel_id', type: 'varchar', length: 40 })
  channelId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ChannelKind;

  @Column({ name: 'quiet_hours', type: 'simple-json', nullable: true })
  quietHours!: QuietHours | null;

  /** Token bucket: refill rate (messages per second) and bucket size. */
  @Column({ name: 'rate_per_second', type: 'integer', nullable: true })
  ratePerSecond!: number | null;

  @Column({ name: 'rate_burst', type: 'integer', nullable: true })
  rateBurst!: number | null;

  @Column({ name: 'help_text', type: 'text' })
  helpText!: string;

  @Column({ name: 'opt_out_text', type: 'text' })
  optOutText!: string;

  @Column({ name: 'opt_in_text', type: 'text' })
  optInText!: string;

  @Column({ type: 'simple-json' })
  keywords!: ChannelKeywords;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;
}
