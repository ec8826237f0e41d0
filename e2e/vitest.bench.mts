// `npm run bench`: the editor performance figures (300-node open time, drag frame times), printed.
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.mts';

export default mergeConfig(
  defineConfig(sharedConfig({ testTimeout: 300_000 })),
  defineConfig({ test: { include: ['bench/**/*.bench.ts'], globalSetup: ['./support/global-setup.ts'], hookTimeout: 600_000,
    reporters: ['default'], fileParallelism: false } }),
);
