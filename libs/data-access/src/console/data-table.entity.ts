import { Column, Entity, PrimaryColumn } from 'typeorm';
import { msColumn } from '../runs/columns';

/**
 * A data table kept in Moflow for `lookup` nodes of kind `table`: its columns and which one is the
 * key. The rows live in `data_rows` (table_name, row_key), where the lookup finds them by key.
 */
@Entity('data_tables')
export class DataTableEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ type: 'simple-json' })
  columns!: string[];

  @Column({ name: 'key_column', type: 'varchar', length: 100 })
  keyColumn!: string;

  @Column({ name: 'created_at', ...msColumn })
  createdAt!: number;

  @Column({ name: 'updated_at', ...msColumn })
  updatedAt!: number;
}
