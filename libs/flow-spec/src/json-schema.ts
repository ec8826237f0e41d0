/**
 * JSON Schema of the definition, for the API's OpenAPI document and the editor's config forms.
 * `io: 'input'` describes what a client may send: fields with defaults are optional.
 */
import { z } from 'zod';
import { flowDefinitionSchema, nodeConfigSchemas, type NodeType } from './definition';

export type JsonSchema = z.core.JSONSchema.BaseSchema;

const cache = new Map<string, JsonSchema>();

function cached(key: string, build: () => JsonSchema): JsonSchema {
  let schema = cache.get(key);
  if (!schema) {
    schema = build();
    cache.set(key, schema);
  }
  // Callers (OpenAPI generators) like to annotate schemas in place; never hand out the cached object.
  return structuredClone(schema);
}

export function flowDefinitionJsonSchema(): JsonSchema {
  return cached('flow', () => z.toJSONSchema(flowDefinitionSchema, { io: 'input', unrepresentable: 'any' }));
}

export function nodeConfigJsonSchema(type: NodeType): JsonSchema {
  const schema = nodeConfigSchemas[type];
  if (!schema) throw new Error(`unknown node type "${String(type)}"; known types: ${Object.keys(nodeConfigSchemas).join(', ')}`);
  return cached(`node:${type}`, () => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
}
