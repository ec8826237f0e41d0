import { Column, Entity, PrimaryColumn } from 'typeorm';
import { msColumn } from './columns';

/** A REST trigger call remembered by its Idempotency-Key, scoped to the caller and the flow. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  /** `<caller>:<flowId>`: the same key from two API keys never collides. */
  @PrimaryColumn({ type: 'varchar', length: 120 })
  scope!: string;

  @PrimaryColumn({ name: 'idem_key', type: 'varchar', length: 200 })
  key!: string;

  /** sha256 of the canonical request body: the same key with another body is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'run_id', type: 'varchar', length: 40 })
  runId!: string;

  @Column({ name: 'created_at', ...msColumn })
  createdAt!: number;
}
