import { z } from 'zod';
import { idSchema, positionSchema } from './common';
import { endConfigSchema } from './nodes/end';
import { lookupConfigSchema } from './nodes/lookup';
import { matchConfigSchema } from './nodes/match';
import { replyConfigSchema } from './nodes/reply';
import { setConfigSchema } from './nodes/set';
import { subscribeConfigSchema } from './nodes/subscribe';
import { ticketConfigSchema } from './nodes/ticket';
import { triggerConfigSchema } from './nodes/trigger';
import { waitConfigSchema } from './nodes/wait';

export const CURRENT_SPEC_VERSION = 1 as const;

/** One config schema per node type; the keys are the node `type` strings. */
export const nodeConfigSchemas = {
  trigger: triggerConfigSchema,
  match: matchConfigSchema,
  lookup: lookupConfigSchema,
  ticket: ticketConfigSchema,
  reply: replyConfigSchema,
  wait: waitConfigSchema,
  set: setConfigSchema,
  subscribe: subscribeConfigSchema,
  end: endConfigSchema,
} as const;

export type NodeType = keyof typeof nodeConfigSchemas;
export const nodeTypes = Object.keys(nodeConfigSchemas) as NodeType[];

function nodeSchema<T extends NodeType>(type: T) {
  return z
    .object({
      id: idSchema,
      type: z.literal(type),
      /** Editor position; the engine ignores it. */
      position: positionSchema.default({ x: 0, y: 0 }),
      /** Optional label shown on the canvas and in run logs. */
      label: z.string().max(100).optional(),
      /** What a person should check on this step (set by the importer); the canvas marks it until removed. */
      review: z.string().max(500).optional(),
      config: nodeConfigSchemas[type] as (typeof nodeConfigSchemas)[T],
    })
    .strict();
}

export const flowNodeSchema = z.discriminatedUnion('type', [
  nodeSchema('trigger'),
  nodeSchema('match'),
  nodeSchema('lookup'),
  nodeSchema('ticket'),
  nodeSchema('reply'),
  nodeSchema('wait'),
  nodeSchema('set'),
  nodeSchema('subscribe'),
  nodeSchema('end'),
]);

export const flowEdgeSchema = z
  .object({
    id: idSchema,
    source: idSchema,
    /** The output handle of the source node (`next`, a match case id, `other`, `reply`, `timeout`, ...). */
    sourceHandle: z.string().min(1).max(64).default('next'),
    target: idSchema,
  })
  .strict();

export const flowDefinitionSchema = z
  .object({
    specVersion: z.literal(CURRENT_SPEC_VERSION),
    nodes: z.array(flowNodeSchema).max(2000, 'a flow may have at most 2000 nodes'),
    edges: z.array(flowEdgeSchema).max(5000, 'a flow may have at most 5000 edges'),
  })
  .strict();

/** A flow definition as stored (defaults applied). */
export type FlowDefinition = z.infer<typeof flowDefinitionSchema>;
/** A flow definition as written by hand (defaults optional). */
export type FlowDefinitionInput = z.input<typeof flowDefinitionSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type NodeOfType<T extends NodeType> = Extract<FlowNode, { type: T }>;
export type NodeConfig<T extends NodeType> = NodeOfType<T>['config'];
