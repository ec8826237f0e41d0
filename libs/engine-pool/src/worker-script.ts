/**
 * Where the worker thread's code is. Built (dist), turn-worker.js sits beside this file. Run from
 * TypeScript source (tests, dev), it is bundled once per process with esbuild into a temporary
 * CommonJS file, so workers run the same source the tests import.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let built: string | undefined;

export function turnWorkerScript(): string {
  const compiled = join(__dirname, 'turn-worker.js');
  if (existsSync(compiled)) return compiled;
  if (built) return built;
  const source = join(__dirname, 'turn-worker.ts');
  if (!existsSync(source)) throw new Error(`engine pool: neither ${compiled} nor ${source} exists`);
  const dir = mkdtempSync(join(tmpdir(), 'moflow-turn-worker-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'turn-worker.cjs');
  // a dev dependency, present wherever the TypeScript source is run
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [source], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    conditions: ['@moflow/source'], outfile, logLevel: 'warning',
  });
  built = outfile;
  return built;
}
