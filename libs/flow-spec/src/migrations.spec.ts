import { describe, expect, it } from 'vitest';
import { MigrationRegistry, SpecVersionError, migrateDefinition } from './migrations';
import { CURRENT_SPEC_VERSION } from './definition';

describe('MigrationRegistry', () => {
  function chain() {
    const registry = new MigrationRegistry(4);
    const calls: number[] = [];
    // Registered out of order on purpose: the registry must order by version, not by registration.
    registry.register(2, (d) => {
      calls.push(2);
      return { ...d, trail: [...(d['trail'] as string[]), 'two'], nodes: (d['steps'] as unknown[]) ?? [] };
    });
    registry.register(0, (d) => {
      calls.push(0);
      return { ...d, trail: ['zero'] };
    });
    registry.register(1, (d) => {
      calls.push(1);
      expect(d['specVersion']).toBe(1);
      return { ...d, trail: [...(d['trail'] as string[]), 'one'], steps: d['items'] };
    });
    registry.register(3, (d) => {
      calls.push(3);
      const { steps: _steps, items: _items, ...rest } = d;
      return rest;
    });
    return { registry, calls };
  }

  it('applies the chain in version order, each step seeing the previous output', () => {
    const { registry, calls } = chain();
    const input = { specVersion: 0, items: ['a'] };
    const result = registry.migrate(input);
    expect(calls).toEqual([0, 1, 2, 3]);
    expect(result.applied).toEqual([0, 1, 2, 3]);
    expect(result.definition).toEqual({ specVersion: 4, trail: ['zero', 'one', 'two'], nodes: ['a'] });
    expect(input).toEqual({ specVersion: 0, items: ['a'] }); // the caller's object is untouched
  });

  it('starts the chain at the stored version', () => {
    const { registry, calls } = chain();
    const result = registry.migrate({ specVersion: 2, trail: [], steps: [1] });
    expect(calls).toEqual([2, 3]);
    expect(result.definition['specVersion']).toBe(4);
  });

  it('leaves a current definition alone', () => {
    const { registry, calls } = chain();
    expect(registry.migrate({ specVersion: 4, x: 1 })).toEqual({ definition: { specVersion: 4, x: 1 }, applied: [] });
    expect(calls).toEqual([]);
  });

  it('refuses future, missing, malformed and unmigratable versions with a clear error', () => {
    const registry = new MigrationRegistry(3);
    registry.register(2, (d) => d);
    expect(() => registry.migrate({ specVersion: 4 })).toThrow(/specVersion: 4 is newer than this Moflow supports \(3\)/);
    expect(() => registry.migrate({})).toThrow('specVersion: is required');
    expect(() => registry.migrate({ specVersion: '1' })).toThrow(/must be a non-negative integer, got "1"/);
    expect(() => registry.migrate({ specVersion: 1 })).toThrow('no migration from version 1 to 2');
    expect(() => registry.migrate([])).toThrow(SpecVersionError);
  });

  it('refuses registering twice or outside the supported range', () => {
    const registry = new MigrationRegistry(2);
    registry.register(1, (d) => d);
    expect(() => registry.register(1, (d) => d)).toThrow(/already registered/);
    expect(() => registry.register(2, (d) => d)).toThrow(RangeError);
    expect(() => registry.register(-1, (d) => d)).toThrow(RangeError);
  });
});

describe('migrateDefinition (default registry)', () => {
  it('passes a current definition through and rejects version 0, which never existed', () => {
    expect(migrateDefinition({ specVersion: CURRENT_SPEC_VERSION, nodes: [] })).toEqual({ specVersion: 1, nodes: [] });
    expect(() => migrateDefinition({ specVersion: 0 })).toThrow(SpecVersionError);
  });
});
