import { Column, Entity, PrimaryColumn } from 'typeorm';
import { msColumn } from './columns';

/** A person texting a channel. Basic shape; the opt-out engineer extends it. */
@Entity('contacts')
export class ContactEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  /** E.164, unique: the natural key an inbound message arrives with. */
  @Column({ type: 'varchar', length: 32, unique: true })
  phone!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Column({ type: 'simple-json' })
  fields!: Record<string, unknown>;

  @Column({ type: 'simple-json' })
  subscriptions!: string[];

  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone!: string | null;

  @Column({ name: 'created_at', ...msColumn })
  createdAt!: number;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;
}
