// `npm run test:chaos`: crash and scale tests against real processes (SIGKILL, Redis restarts,
// SMPP), and the checks that need the built server as a real process (its log output). Their own config and report (reports/chaos.json, summed by tools/test-all.mjs) because
// they take minutes and start their own servers; one file at a time on 2 cores.
import { defineConfig } from 'vitest/config';
import { sharedConfig } from '../vitest.shared.mts';

const shared = sharedConfig({ testTimeout: 300_000 });
export default defineConfig({
  ...shared,
  test: {
    ...shared.test, include: ['chaos/**/*.spec.ts'], globalSetup: ['./chaos/build.global-setup.ts'], hookTimeout: 600_000,
    fileParallelism: false, reporters: ['default', ['json', { outputFile: 'reports/chaos.json' }]],
  },
});
