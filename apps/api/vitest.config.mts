import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

// SWC instead of esbuild: Nest and TypeORM need decorator metadata (esbuild does not emit it).
// Each test file boots its own app on its own database; two cores, so two files at a time.
const base = sharedConfig({ testTimeout: 30_000 });
export default defineConfig({
  ...base,
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: { ...base.test, hookTimeout: 60_000, fileParallelism: true, maxWorkers: 2, pool: 'forks' },
});
