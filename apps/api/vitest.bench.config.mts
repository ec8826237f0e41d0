import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

// Benchmarks print figures and assert nothing about speed; run with `npm run bench -w apps/api`.
// Kept out of `npm test` by their own include pattern. BENCH_ONLY=trigger (or any file-name prefix:
// run-queries, inbound-mo) runs only the matching benchmark, skipping e.g. the 1M-run seed.
const only = process.env.BENCH_ONLY;
const base = sharedConfig({ testTimeout: 3_600_000 });
export default defineConfig({
  ...base,
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: { ...base.test, include: [only ? `bench/**/${only === 'trigger' ? 'rest-trigger' : only}*.bench.ts` : 'bench/**/*.bench.ts'], reporters: ['default'], fileParallelism: false, hookTimeout: 600_000 },
});
