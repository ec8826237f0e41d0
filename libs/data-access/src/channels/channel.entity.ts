import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../common/columns';

/** A number (long code, short code, sender id) and how Moflow talks to its provider. */
@Entity('channels')
export class ChannelEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Provider adapter key: simulator, twilio, vonage, infobip, smpp, generic... */
  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  /** The number or sender id customers text. */
  @Column({ type: 'varchar', length: 32 })
  address!: string;

  @Column({ name: 'default_region', type: 'varchar', length: 2, nullable: true })
  defaultRegion!: string | null;

  /** Non-secret provider settings. */
  @Column({ type: 'simple-json' })
  config!: Record<string, unknown>;

  /** Provider credentials, AES-256-GCM sealed with MOFLOW_SECRET_KEY; never returned by the API. */
  @Column({ name: 'credentials_encrypted', type: 'text', nullable: true })
  credentialsEncrypted!: string | null;

  @Column({ name: 'created_at', ...epochMsColumn })
  createdAt!: number;

  @Column({ name: 'updated_at', ...epochMsColumn })
  updatedAt!: number;
}
