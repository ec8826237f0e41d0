/**
 * Spec-version migrations, the goflow way: each migration is registered under the version it migrates
 * FROM and returns the definition one version later. Stored definitions are migrated on read, so old
 * flow versions keep running after the spec evolves. There is only spec version 1 today, so the
 * default registry is empty; the mechanism is exercised by tests with their own registry.
 */
import { CURRENT_SPEC_VERSION } from './definition';

export type RawDefinition = Record<string, unknown>;
export type Migration = (definition: RawDefinition) => RawDefinition;

export class SpecVersionError extends Error {
  override readonly name = 'SpecVersionError';
  constructor(message: string, readonly version: unknown) {
    super(message);
  }
}

export interface MigrationResult {
  definition: RawDefinition;
  /** Versions migrated from, in order (empty when the definition was already current). */
  applied: number[];
}

export class MigrationRegistry {
  private readonly migrations = new Map<number, Migration>();

  constructor(readonly currentVersion: number = CURRENT_SPEC_VERSION) {}

  register(from: number, migrate: Migration): void {
    if (!Number.isInteger(from) || from < 0 || from >= this.currentVersion)
      throw new RangeError(`cannot register a migration from specVersion ${from}: must be an integer from 0 to ${this.currentVersion - 1}`);
    if (this.migrations.has(from)) throw new Error(`a migration from specVersion ${from} is already registered`);
    this.migrations.set(from, migrate);
  }

  /** Applies the chain of migrations until the current version; throws SpecVersionError when it cannot. */
  migrate(raw: unknown): MigrationResult {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new SpecVersionError('a flow definition must be a JSON object', undefined);
    let definition = raw as RawDefinition;
    const version = definition['specVersion'];
    if (version === undefined) throw new SpecVersionError('specVersion: is required', version);
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
      throw new SpecVersionError(`specVersion: must be a non-negative integer, got ${JSON.stringify(version)}`, version);
    if (version > this.currentVersion)
      throw new SpecVersionError(
        `specVersion: ${version} is newer than this Moflow supports (${this.currentVersion}); upgrade Moflow to open this flow`,
        version,
      );
    const applied: number[] = [];
    for (let from = version; from < this.currentVersion; from++) {
      const step = this.migrations.get(from);
      if (!step) throw new SpecVersionError(`specVersion: ${version} is not supported: no migration from version ${from} to ${from + 1}`, version);
      // Migrations get a copy so a failed chain never leaves the caller's object half-migrated.
      definition = { ...step(structuredClone(definition)), specVersion: from + 1 };
      applied.push(from);
    }
    return { definition, applied };
  }
}

export const defaultMigrations = new MigrationRegistry();

export function registerMigration(from: number, migrate: Migration): void {
  defaultMigrations.register(from, migrate);
}

/** Brings a stored definition of any supported version to CURRENT_SPEC_VERSION (not validated). */
export function migrateDefinition(raw: unknown): RawDefinition {
  return defaultMigrations.migrate(raw).definition;
}
