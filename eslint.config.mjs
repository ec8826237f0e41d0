// Lint rules for the whole workspace. The module-boundary rule encodes ARCHITECTURE.md's dependency
// rules; the pure libs additionally may not import frameworks or Node I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

const frameworkImports = ['@nestjs/*', 'typeorm', 'react', 'react-dom', 'bullmq', 'pg', 'ioredis', 'better-sqlite3', 'express', '@xyflow/*'];
const nodeIo = ['fs', 'fs/*', 'node:fs', 'node:fs/*', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'http2', 'node:http2',
  'child_process', 'node:child_process', 'dgram', 'node:dgram', 'tls', 'node:tls', 'dns', 'node:dns', 'dns/*', 'node:dns/*',
  'worker_threads', 'node:worker_threads', 'cluster', 'node:cluster'];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/reports/**', '**/.nx/**', '**/vite.config.*', '**/vitest.config.*', 'vitest.shared.mts', 'tools/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@nx/enforce-module-boundaries': ['error', {
        enforceBuildableLibDependency: false,
        allow: [],
        depConstraints: [
          { sourceTag: 'scope:flow-spec', onlyDependOnLibsWithTags: [] },
          { sourceTag: 'scope:sms', onlyDependOnLibsWithTags: [] },
          { sourceTag: 'scope:flow-engine', onlyDependOnLibsWithTags: ['scope:flow-spec', 'scope:sms'] },
          // The importer maps definitions only; its corpus replay tests drive the engine.
          { sourceTag: 'scope:flow-import', onlyDependOnLibsWithTags: ['scope:flow-spec', 'scope:flow-engine', 'scope:sms'] },
          { sourceTag: 'scope:api-contract', onlyDependOnLibsWithTags: ['scope:flow-spec'] },
          { sourceTag: 'scope:data-access', onlyDependOnLibsWithTags: ['scope:flow-spec', 'scope:api-contract'] },
          { sourceTag: 'scope:providers', onlyDependOnLibsWithTags: ['scope:sms'] },
          // Runs engine turns in worker threads; hosts (api, worker) give it ports.
          { sourceTag: 'scope:engine-pool', onlyDependOnLibsWithTags: ['scope:flow-spec', 'scope:flow-engine', 'scope:sms'] },
          { sourceTag: 'scope:editor', onlyDependOnLibsWithTags: ['scope:flow-spec', 'scope:api-contract', 'scope:sms'] },
          { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
          { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
          { sourceTag: 'type:pure', bannedExternalImports: frameworkImports },
        ],
      }],
    },
  },
  {
    files: ['libs/flow-spec/**/*.ts', 'libs/flow-engine/**/*.ts', 'libs/sms/**/*.ts', 'libs/flow-import/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**', '**/bench/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [], patterns: [
        { group: nodeIo, message: 'Pure libs do no I/O: take a port instead (ARCHITECTURE.md).' },
        { group: frameworkImports, message: 'Pure libs know nothing of NestJS, TypeORM, React or BullMQ (ARCHITECTURE.md).' },
      ] }],
    },
  },
];
