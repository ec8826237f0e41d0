/**
 * Drafts may be incomplete (an empty reply, a match case without values): the server keeps them
 * and so must the editor. Valid definitions get the schema's defaults; an invalid node keeps what
 * it has on top of its type's default config, so it can be opened, fixed and shown with problems.
 */
import { flowDefinitionSchema, nodeConfigSchemas, nodeTypes, type FlowDefinition, type FlowNode, type NodeType } from '@moflow/flow-spec';
import { entryOf } from '../catalogue/node-catalogue';

export class DefinitionImportError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function normaliseDefinition(input: unknown): FlowDefinition {
  const strict = flowDefinitionSchema.safeParse(input);
  if (strict.success) return strict.data;
  if (!isRecord(input)) throw new DefinitionImportError('definition: must be a JSON object');
  if (input.specVersion !== 1) throw new DefinitionImportError(`specVersion: must be 1 (got ${JSON.stringify(input.specVersion)})`);
  if (!Array.isArray(input.nodes)) throw new DefinitionImportError('nodes: must be an array');
  if (!Array.isArray(input.edges)) throw new DefinitionImportError('edges: must be an array');
  const nodes = input.nodes.map((raw, i): FlowNode => {
    if (!isRecord(raw)) throw new DefinitionImportError(`nodes[${i}]: must be an object`);
    const type = raw.type;
    if (typeof type !== 'string' || !(nodeTypes as string[]).includes(type))
      throw new DefinitionImportError(`nodes[${i}].type: unknown node type ${JSON.stringify(type)} (expected one of ${nodeTypes.join(', ')})`);
    if (typeof raw.id !== 'string' || raw.id === '') throw new DefinitionImportError(`nodes[${i}].id: must be a non-empty string`);
    const t = type as NodeType;
    const rawConfig = isRecord(raw.config) ? raw.config : {};
    const parsed = nodeConfigSchemas[t].safeParse(rawConfig);
    const config = parsed.success ? parsed.data : { ...entryOf(t).defaultConfig(), ...rawConfig };
    const pos = isRecord(raw.position) && typeof raw.position.x === 'number' && typeof raw.position.y === 'number'
      ? { x: raw.position.x, y: raw.position.y } : { x: 0, y: i * 140 };
    return { id: raw.id, type: t, position: pos, ...(typeof raw.label === 'string' ? { label: raw.label } : {}), ...(typeof raw.review === 'string' ? { review: raw.review } : {}), config } as FlowNode;
  });
  const edges = input.edges.map((raw, i) => {
    if (!isRecord(raw) || typeof raw.source !== 'string' || typeof raw.target !== 'string')
      throw new DefinitionImportError(`edges[${i}]: must have string "source" and "target"`);
    return { id: typeof raw.id === 'string' ? raw.id : `e_${i + 1}`, source: raw.source, target: raw.target,
      sourceHandle: typeof raw.sourceHandle === 'string' ? raw.sourceHandle : 'next' };
  });
  return { specVersion: 1, nodes, edges };
}
