// Compiles the workspace libs from their TypeScript sources (the "@moflow/source" condition) so the
// editor never needs them prebuilt; /api is proxied to the NestJS server in development.
import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [react()],
  resolve: {
    conditions: ['@moflow/source', ...defaultClientConditions],
    // The pure libs may use node:crypto (allowed for them); the browser gets a stand-in.
    alias: { 'node:crypto': fileURLToPath(new URL('./src/shims/node-crypto.ts', import.meta.url)) },
  },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
