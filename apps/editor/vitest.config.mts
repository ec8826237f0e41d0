import { defineConfig, mergeConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { sharedConfig } from '../../vitest.shared.mts';

export default mergeConfig(
  defineConfig(sharedConfig({ environment: 'jsdom' })),
  defineConfig({ plugins: [react()], test: { setupFiles: ['./src/test-setup.ts'] } }),
);
