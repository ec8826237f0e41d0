import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

// Benchmarks print figures and assert nothing about speed; run with `npm run bench -w apps/api`.
// Kept out of `npm test` by their own include pattern.
const base = sharedConfig({ testTimeout: 3_600_000 });
export default defineConfig({
  ...base,
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: { ...base.test, include: ['bench/**/*.bench.ts'], reporters: ['default'], fileParallelism: false, hookTimeout: 600_000 },
});
