import { Column, Entity, PrimaryColumn } from 'typeorm';
import { msColumn } from '../runs/columns';

/** Per (contact, channel): opt-out state and when the contact last wrote (quiet-hours reply window). */
@Entity('contact_channel_states')
export class ContactChannelStateEntity {
  @PrimaryColumn({ name: 'contact_id', type: 'varchar', length: 40 })
  contactId!: string;

  @PrimaryColumn({ name: 'channel_id', type: 'varchar', length: 40 })
  channelId!: string;

  @Column({ name: 'opted_out', type: 'boolean' })
  optedOut!: boolean;

  @Column({ name: 'opt_changed_at', ...msColumn, nullable: true })
  optChangedAt!: number | null;

  @Column({ name: 'last_inbound_at', ...msColumn, nullable: true })
  lastInboundAt!: number | null;
}
