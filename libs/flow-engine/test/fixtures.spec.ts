/**
 * Goflow-style fixtures: each file in test/fixtures is a definition, a trigger, resume events and
 * port scripts in, and the expected events (minus timings), final state and port calls out.
 * After a deliberate behaviour change, regenerate with `UPDATE_FIXTURES=1 npx vitest run` and
 * review the diff like any other code change.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowDefinitionSchema, nodeOutputs } from '@moflow/flow-spec';
import { registeredNodeTypes } from '../src';
import { observed, runFixture, type Fixture } from './support/fixture';

const dir = resolve(__dirname, 'fixtures');
const update = process.env['UPDATE_FIXTURES'] === '1';

describe('node fixtures', () => {
  it('every registered node type has a fixture named after it', () => {
    const types = registeredNodeTypes();
    expect(types.length).toBeGreaterThanOrEqual(9);
    const missing = types.filter((t) => !existsSync(join(dir, `${t}.json`)));
    expect(missing, `add test/fixtures/<type>.json for: ${missing.join(', ')}`).toEqual([]);
  });

  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    it(file.replace(/\.json$/, ''), async () => {
      const path = join(dir, file);
      const fixture = JSON.parse(readFileSync(path, 'utf8')) as Fixture;
      const result = await runFixture(fixture);
      const actual = { events: result.events, ...observed(result) };
      if (update) {
        writeFileSync(path, `${JSON.stringify({ ...fixture, expect: actual }, null, 2)}\n`);
        return;
      }
      expect(fixture.expect, `${file} has no expectations: regenerate with UPDATE_FIXTURES=1 and review`).toBeTruthy();
      expect(result.events).toEqual(fixture.expect.events);
      // every handle the engine took is one the editor's catalogue draws for that node
      if (!fixture.rawDefinition) {
        const def = flowDefinitionSchema.parse(fixture.definition);
        for (const e of result.events as { type: string; nodeId: string; handle: string | null }[]) {
          if (e.type !== 'step_left' || e.handle === null) continue;
          const node = def.nodes.find((n) => n.id === e.nodeId)!;
          expect(nodeOutputs(node).map((o) => o.id), `${file}: handle of ${e.nodeId}`).toContain(e.handle);
        }
      }
      expect(actual.state).toEqual(fixture.expect.state);
      expect(actual.calls).toEqual(fixture.expect.calls);
    });
  }
});
