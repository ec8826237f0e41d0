import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../common/columns';
import { UserEntity } from './user.entity';

/** A browser session. Only the sha256 of the cookie token is stored, so a database leak is no login. */
@Entity('sessions')
@Index('IDX_sessions_user', ['userId'])
@Index('UQ_sessions_token_hash', ['tokenHash'], { unique: true })
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @ForeignKey(() => UserEntity, { name: 'FK_sessions_user', onDelete: 'CASCADE' })
  @Column({ name: 'user_id', type: 'varchar', length: 40 })
  userId!: string;

  /** The double-submit token this session expects in X-CSRF-Token. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  @Column({ name: 'created_at', ...epochMsColumn })
  createdAt!: number;

  @Column({ name: 'expires_at', ...epochMsColumn })
  expiresAt!: number;
}
