import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../common/columns';

/** Named counters shared by every process (e.g. `routing`: bumped when the set of live triggers changes). */
@Entity('app_state')
export class AppStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ ...epochMsColumn })
  value!: number;
}
