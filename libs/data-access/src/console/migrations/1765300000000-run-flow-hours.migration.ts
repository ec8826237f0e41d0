import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { flowHourRollupSelect } from '../flow-hour.entity';

/**
 * run_flow_hours: runs started per flow and per hour (see console/flow-hour.entity.ts), filled from
 * the runs already stored (one pass over `runs`).
 */
export class RunFlowHours1765300000000 implements MigrationInterface {
  name = 'RunFlowHours1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'run_flow_hours',
      columns: [
        { name: 'flow_id', type: 'varchar', length: '40', isPrimary: true },
        { name: 'hour', type: 'integer', isPrimary: true },
        { name: 'count', type: 'integer' },
      ],
    }));
    const schema = (q.connection.options as { schema?: string }).schema;
    const t = (name: string) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
    await q.query(`INSERT INTO ${t('run_flow_hours')} (flow_id, hour, count) ${flowHourRollupSelect(t)}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('run_flow_hours');
  }
}
