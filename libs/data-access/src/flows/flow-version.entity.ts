import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { FlowEntity } from './flow.entity';
import { epochMsColumn } from '../common/columns';

/** An immutable published version: runs reference (flowId, version) and must find it unchanged. */
@Entity('flow_versions')
@Index('UQ_flow_versions_flow_version', ['flowId', 'version'], { unique: true })
export class FlowVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @ForeignKey(() => FlowEntity, { name: 'FK_flow_versions_flow', onDelete: 'CASCADE' })
  @Column({ name: 'flow_id', type: 'varchar', length: 40 })
  flowId!: string;

  @Column({ type: 'integer' })
  version!: number;

  /** Validated, defaults applied (flow-spec output), so the engine never re-parses drafts. */
  @Column({ type: 'simple-json' })
  definition!: Record<string, unknown>;

  /** Hash of the draft JSON this version was published from (see FlowEntity.publishedHash). */
  @Column({ name: 'definition_hash', type: 'varchar', length: 64 })
  definitionHash!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'published_by_id', type: 'varchar', length: 40, nullable: true })
  publishedById!: string | null;

  @Column({ name: 'published_at', ...epochMsColumn })
  publishedAt!: number;
}
