import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../common/columns';

export type UserRole = 'admin' | 'editor' | 'ops';

@Entity('users')
@Index('UQ_users_email', ['email'], { unique: true })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  /** Always stored lower-cased so the unique index means "one account per address". */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 16 })
  role!: UserRole;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ name: 'created_at', ...epochMsColumn })
  createdAt!: number;

  @Column({ name: 'updated_at', ...epochMsColumn })
  updatedAt!: number;
}
