// Compiles the workspace libs from their TypeScript sources (the "@moflow/source" condition) so the
// editor never needs them prebuilt; /api is proxied to the NestJS server in development.
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * src/boot.ts as a script of its own, ahead of the main one: it starts the session check and the
 * page's first data while the browser still loads and evaluates React (one entry with main.tsx would
 * run it only after the whole main script is in and parsed). main.tsx imports it, so it is one module.
 */
function bootScriptFirst(): Plugin {
  return {
    name: 'moflow-boot-script-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) => {
        const boot = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'boot');
        if (!boot) throw new Error('vite build: the boot chunk is missing');
        return [{ tag: 'script', attrs: { type: 'module', crossorigin: true, src: `/${boot.fileName}` }, injectTo: 'head-prepend' }];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), bootScriptFirst()],
  resolve: {
    conditions: ['@moflow/source', ...defaultClientConditions],
    // The pure libs may use node:crypto (allowed for them); the browser gets a stand-in.
    alias: { 'node:crypto': fileURLToPath(new URL('./src/shims/node-crypto.ts', import.meta.url)) },
  },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
  build: {
    outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000,
    rollupOptions: { input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), boot: fileURLToPath(new URL('./src/boot.ts', import.meta.url)) } },
  },
});
