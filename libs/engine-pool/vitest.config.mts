import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.mts';

// The first test of a run bundles the worker from source (esbuild) and starts threads: slow on a busy machine.
export default defineConfig(sharedConfig({ testTimeout: 60_000 }));
