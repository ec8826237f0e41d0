import { Column, Entity, PrimaryColumn, type DataSource, type EntityManager } from 'typeorm';
import { epochMsColumn } from '../common/columns';

/** Named counters shared by every process (e.g. `routing`: bumped when the set of live triggers changes). */
@Entity('app_state')
export class AppStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ ...epochMsColumn })
  value!: number;
}

/** Bumps the routing version in the caller's transaction: every pipeline rebuilds its route table. */
export async function bumpRoutingVersion(m: EntityManager): Promise<void> {
  await m.getRepository(AppStateEntity).increment({ key: 'routing' }, 'value', 1);
}

/** The current routing version (one indexed read per batch, not per message). */
export async function routingVersion(db: DataSource | EntityManager): Promise<number> {
  return (await db.getRepository(AppStateEntity).findOneBy({ key: 'routing' }))?.value ?? 0;
}
