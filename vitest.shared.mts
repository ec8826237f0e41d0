// Shared Vitest settings: every project resolves workspace libs from their TypeScript source
// (the "@moflow/source" export condition) and writes a JSON report that tools/test-all.mjs sums.
import { defaultClientConditions, defaultServerConditions, type UserConfig } from 'vite';

export const sourceConditions = ['@moflow/source'];

export function sharedConfig(overrides: { testTimeout?: number; environment?: 'node' | 'jsdom' } = {}): UserConfig {
  return {
    resolve: { conditions: [...sourceConditions, ...defaultClientConditions] },
    ssr: { resolve: { conditions: [...sourceConditions, ...defaultServerConditions], externalConditions: sourceConditions } },
    test: {
      environment: overrides.environment ?? 'node',
      testTimeout: overrides.testTimeout ?? 10_000,
      include: ['src/**/*.spec.ts', 'src/**/*.spec.tsx', 'test/**/*.spec.ts', 'test/**/*.spec.tsx'],
      reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
      allowOnly: false,
      passWithNoTests: true,
    },
  } as UserConfig;
}
