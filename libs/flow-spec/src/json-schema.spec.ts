import { describe, expect, it } from 'vitest';
import { flowDefinitionSchema, nodeTypes } from './definition';
import { flowDefinitionJsonSchema, nodeConfigJsonSchema, type JsonSchema } from './json-schema';
import { sampleFlows } from './samples';

type Obj = JsonSchema & { properties?: Record<string, JsonSchema>; required?: string[] };
const asObj = (s: unknown) => s as Obj;

/** A minimal checker for the subset we rely on (type object, required, properties, additionalProperties: false). */
function missingRequired(schema: Obj, value: Record<string, unknown>): string[] {
  return (schema.required ?? []).filter((k) => !(k in value));
}
function unknownKeys(schema: Obj, value: Record<string, unknown>): string[] {
  if (schema.additionalProperties !== false) return [];
  return Object.keys(value).filter((k) => !(k in (schema.properties ?? {})));
}

describe('JSON Schema export', () => {
  it('describes the definition root as the zod schema does', () => {
    const schema = asObj(flowDefinitionJsonSchema());
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['specVersion', 'nodes', 'edges']);
    expect(schema.additionalProperties).toBe(false);
    expect(asObj(schema.properties?.['specVersion']).const).toBe(1);
    const nodes = asObj(schema.properties?.['nodes']);
    expect(nodes.maxItems).toBe(2000);
    const variants = (asObj(nodes.items).oneOf ?? asObj(nodes.items).anyOf) as Obj[];
    expect(variants.map((v) => asObj(v.properties?.['type']).const)).toEqual(nodeTypes);
  });

  it('marks fields with defaults as optional (io: input), and required ones as required', () => {
    const reply = asObj(nodeConfigJsonSchema('reply'));
    expect(reply.required).toEqual(['text']);
    const wait = asObj(nodeConfigJsonSchema('wait'));
    expect(wait.required).toEqual(['timeoutSeconds']);
    expect(asObj(wait.properties?.['timeoutSeconds']).minimum).toBe(1);
    const trigger = asObj(nodeConfigJsonSchema('trigger'));
    expect(trigger.required ?? []).toEqual([]);
    expect(asObj(trigger.properties?.['match']).enum).toContain('first_word');
  });

  it('agrees with zod on the sample flows: every node config has its required fields and no unknown key', () => {
    for (const sample of sampleFlows) {
      expect(flowDefinitionSchema.safeParse(sample.definition).success).toBe(true);
      for (const node of sample.definition.nodes) {
        const schema = asObj(nodeConfigJsonSchema(node.type));
        const variants = (schema.oneOf ?? schema.anyOf) as Obj[] | undefined; // lookup: http | table
        const config = node.config as Record<string, unknown>;
        const candidates = variants ?? [schema];
        const fits = candidates.some((v) => missingRequired(v, config).length === 0 && unknownKeys(v, config).length === 0);
        expect(fits, `${sample.key}: ${node.id}`).toBe(true);
      }
    }
  });

  it('agrees with zod on a config missing a required field', () => {
    const config = { channelId: 'c1' };
    expect(missingRequired(asObj(nodeConfigJsonSchema('reply')), config)).toEqual(['text']);
    expect(flowDefinitionSchema.shape.nodes.element.options[4].shape.config.safeParse(config).success).toBe(false);
  });

  it('returns a copy, so callers may annotate it', () => {
    const a = flowDefinitionJsonSchema() as Record<string, unknown>;
    a['title'] = 'changed';
    expect((flowDefinitionJsonSchema() as Record<string, unknown>)['title']).toBeUndefined();
  });
});
