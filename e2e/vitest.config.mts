// Browser scenarios against the real built server: one server per run (globalSetup), tests one
// at a time because they share it and 2 CPU cores.
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.mts';

export default mergeConfig(
  defineConfig(sharedConfig({ testTimeout: 90_000 })),
  defineConfig({ test: { globalSetup: ['./support/global-setup.ts'], fileParallelism: false, hookTimeout: 600_000 } }),
);
