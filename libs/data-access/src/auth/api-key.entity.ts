import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../common/columns';

/** A machine credential. The key itself is shown once; only its sha256 is kept. */
@Entity('api_keys')
@Index('UQ_api_keys_key_hash', ['keyHash'], { unique: true })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** The first characters of the key, so people can tell keys apart in lists. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  @Column({ type: 'simple-json' })
  scopes!: string[];

  @Column({ name: 'created_by_id', type: 'varchar', length: 40, nullable: true })
  createdById!: string | null;

  @Column({ name: 'created_at', ...epochMsColumn })
  createdAt!: number;

  @Column({ name: 'last_used_at', ...epochMsColumn, nullable: true })
  lastUsedAt!: number | null;

  @Column({ name: 'revoked_at', ...epochMsColumn, nullable: true })
  revokedAt!: number | null;

  /** Null: never expires (chosen at creation). */
  @Column({ name: 'expires_at', ...epochMsColumn, nullable: true })
  expiresAt!: number | null;
}
