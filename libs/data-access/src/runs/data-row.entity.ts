import { Column, Entity, PrimaryColumn } from 'typeorm';
import { msColumn } from './columns';

/** A row of a data table kept in Moflow, found by `lookup` nodes of kind `table` by key. */
@Entity('data_rows')
export class DataRowEntity {
  @PrimaryColumn({ name: 'table_name', type: 'varchar', length: 100 })
  table!: string;

  @PrimaryColumn({ name: 'row_key', type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'simple-json' })
  row!: Record<string, unknown>;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;
}
