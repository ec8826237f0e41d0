import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { FlowEntity } from './flow.entity';

/**
 * The keyword index: which published flow a keyword starts, per channel ("*" = every channel).
 * Rebuilt for a flow on every publish/rollback, emptied on archive. The dispatcher reads it to route
 * an inbound first word without loading every flow.
 */
@Entity('flow_keywords')
@Index('IDX_flow_keywords_keyword', ['keyword', 'channel'])
@Index('IDX_flow_keywords_flow', ['flowId'])
export class FlowKeywordEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id!: string;

  @ForeignKey(() => FlowEntity, { name: 'FK_flow_keywords_flow', onDelete: 'CASCADE' })
  @Column({ name: 'flow_id', type: 'varchar', length: 40 })
  flowId!: string;

  @Column({ name: 'flow_version', type: 'integer' })
  flowVersion!: number;

  /** Upper-cased, trimmed keyword as the trigger declares it. */
  @Column({ type: 'varchar', length: 100 })
  keyword!: string;

  /** A channel id, or "*" for every channel. */
  @Column({ type: 'varchar', length: 40 })
  channel!: string;

  /** The trigger node that declares it. */
  @Column({ name: 'node_id', type: 'varchar', length: 64 })
  nodeId!: string;

  /** The trigger's match mode (first_word, exact...), for the dispatcher. */
  @Column({ type: 'varchar', length: 20 })
  match!: string;
}
