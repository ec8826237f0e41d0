import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nodeDayRollupSelect } from '../node-day-rollup';

/**
 * run_node_days: node visits and exits per flow and per day the run started (see
 * console/node-day.entity.ts), filled from the run log already stored. The backfill reads every step
 * once; on a large run log it makes this migration take a while (about a second per million steps).
 */
export class RunNodeDays1765200000000 implements MigrationInterface {
  name = 'RunNodeDays1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'run_node_days',
      columns: [
        { name: 'flow_id', type: 'varchar', length: '40', isPrimary: true },
        { name: 'day', type: 'integer', isPrimary: true },
        { name: 'node_id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'handle', type: 'varchar', length: '64', isPrimary: true },
        { name: 'count', type: 'integer' },
      ],
    }));
    const schema = (q.connection.options as { schema?: string }).schema;
    const t = (name: string) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
    await q.query(`INSERT INTO ${t('run_node_days')} (flow_id, day, node_id, handle, count) ${nodeDayRollupSelect(t)}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('run_node_days');
  }
}
