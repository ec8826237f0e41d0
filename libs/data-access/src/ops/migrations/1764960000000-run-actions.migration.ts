import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { epochMs, idColumn, json, varchar } from '../../migrations/table-helpers';

/** The operators' audit trail of run actions (ops/run-action.entity.ts). */
export class RunActions1764960000000 implements MigrationInterface {
  name = 'RunActions1764960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'run_actions',
      columns: [idColumn(), varchar('run_id', 40), varchar('action', 16), varchar('actor_id', 40, true), varchar('actor_name', 200),
        epochMs('at'), json('detail')],
      indices: [new TableIndex({ name: 'IDX_run_actions_run', columnNames: ['run_id', 'at'] })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('run_actions');
  }
}
