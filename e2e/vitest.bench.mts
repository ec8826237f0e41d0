// `npm run bench`: the editor performance figures (300-node open time, drag frame times), printed.
// Built by hand rather than merged: mergeConfig would append the test files to the bench include.
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.mts';

const shared = sharedConfig({ testTimeout: 300_000 });
export default defineConfig({
  ...shared,
  test: { ...shared.test, include: ['bench/**/*.bench.ts'], globalSetup: ['./support/global-setup.ts'], hookTimeout: 600_000,
    reporters: ['default'], fileParallelism: false },
});
