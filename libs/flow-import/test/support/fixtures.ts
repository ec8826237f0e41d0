import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFlowsFromText, type ImportResult } from '../../src';

export function fixtureText(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');
}

export function importFixture(name: string): ImportResult {
  return importFlowsFromText(fixtureText(name));
}
