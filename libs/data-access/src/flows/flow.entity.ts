import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from '../common/columns';

export type FlowStatusValue = 'draft' | 'published' | 'archived';

/** A flow and its working draft. Published versions live in flow_versions and never change. */
@Entity('flows')
@Index('IDX_flows_updated', ['updatedAt'])
export class FlowEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: FlowStatusValue;

  /** The draft as the editor saved it; may be invalid (work in progress). */
  @Column({ type: 'simple-json' })
  definition!: Record<string, unknown>;

  /** sha256 of the canonical draft JSON: compared with the live version's to tell unpublished changes. */
  @Column({ name: 'definition_hash', type: 'varchar', length: 64 })
  definitionHash!: string;

  /** Bumps on every draft save; the optimistic-lock token of UpdateFlowRequest.baseRevision. */
  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'published_version', type: 'integer', nullable: true })
  publishedVersion!: number | null;

  /** definition_hash of the draft that became the live version: differs from definitionHash = unpublished changes. */
  @Column({ name: 'published_hash', type: 'varchar', length: 64, nullable: true })
  publishedHash!: string | null;

  @Column({ type: 'simple-json' })
  tests!: unknown[];

  @Column({ name: 'require_tests_to_publish', type: 'boolean' })
  requireTestsToPublish!: boolean;

  @Column({ name: 'created_by_id', type: 'varchar', length: 40, nullable: true })
  createdById!: string | null;

  @Column({ name: 'updated_by_id', type: 'varchar', length: 40, nullable: true })
  updatedById!: string | null;

  @Column({ name: 'created_at', ...epochMsColumn })
  createdAt!: number;

  @Column({ name: 'updated_at', ...epochMsColumn })
  updatedAt!: number;
}
