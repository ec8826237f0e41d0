import { Column, Entity, PrimaryColumn } from 'typeorm';
import { msColumn } from './columns';

/** A host name or CIDR an admin lets lookups reach despite it resolving to a private range. */
@Entity('lookup_allowlist')
export class LookupAllowEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 255, unique: true })
  entry!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @Column({ name: 'created_at', ...msColumn })
  createdAt!: number;
}
