import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Run-log sequence numbers are reserved from the run row (`reserveRunSeqs`: one UPDATE … RETURNING
 * per batch) instead of `MAX(seq)` per write. Existing runs continue after their last step.
 */
export class RunsNextSeq1764300000000 implements MigrationInterface {
  name = 'RunsNextSeq1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('runs', new TableColumn({ name: 'next_seq', type: 'integer', isNullable: false, default: 0 }));
    const schema = (q.connection.options as { schema?: string }).schema;
    const t = (name: string) => (schema ? `"${schema}"."${name}"` : `"${name}"`);
    await q.query(`UPDATE ${t('runs')} SET "next_seq" = COALESCE((SELECT MAX(s."seq") + 1 FROM ${t('run_steps')} s WHERE s."run_id" = ${t('runs')}."id"), 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('runs', 'next_seq');
  }
}
