import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { msColumn } from './columns';

/**
 * The waiting run of a (contact, channel): the primary key makes "at most one waiting session per
 * contact and channel" a database guarantee. `channel_key` is '' for runs without a channel.
 */
@Entity('waiting_sessions')
@Index('IDX_waiting_deadline', ['deadline'])
export class WaitingSessionEntity {
  @PrimaryColumn({ name: 'contact_id', type: 'varchar', length: 40 })
  contactId!: string;

  @PrimaryColumn({ name: 'channel_key', type: 'varchar', length: 40 })
  channelKey!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 40, unique: true })
  runId!: string;

  @Column({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId!: string;

  @Column({ ...msColumn })
  deadline!: number;
}
