import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { FlowEntity } from './flow.entity';
import { epochMsColumn } from '../common/columns';

export type FlowSaveAction = 'create' | 'save' | 'publish' | 'rollback' | 'archive';

/** Audit of every change to a flow: who, when, which revision. Also answers "who saved since" on 409. */
@Entity('flow_saves')
@Index('IDX_flow_saves_flow', ['flowId', 'at'])
export class FlowSaveEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @ForeignKey(() => FlowEntity, { name: 'FK_flow_saves_flow', onDelete: 'CASCADE' })
  @Column({ name: 'flow_id', type: 'varchar', length: 40 })
  flowId!: string;

  @Column({ type: 'varchar', length: 16 })
  action!: FlowSaveAction;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'integer', nullable: true })
  version!: number | null;

  @Column({ name: 'user_id', type: 'varchar', length: 40, nullable: true })
  userId!: string | null;

  @Column({ ...epochMsColumn })
  at!: number;
}
