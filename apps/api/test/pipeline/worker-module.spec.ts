/**
 * `apps/worker` mounts WorkerModule, not the API's AppModule: only the modules that hold background
 * work. Whatever the API starts on bootstrap or stops on shutdown (timers, the pipeline, the sender,
 * SMPP binds, sweeps) must be started by a worker too, or a scaled deployment silently loses it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type StartedWorker } from '../../src/worker';
import { createTestApp, TEST_SECRET_KEY, type TestApp } from '../support/test-app';

const HOOKS = ['onModuleInit', 'onApplicationBootstrap', 'onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown'] as const;

/** Class names of the providers (not controllers) that implement a lifecycle hook. */
function hooked(app: INestApplicationContext): Set<string> {
  const names = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const instance = wrapper.instance as Record<string, unknown> | null | undefined;
      if (instance && typeof instance === 'object' && HOOKS.some((h) => typeof instance[h] === 'function')) names.add(instance.constructor.name);
    }
  }
  return names;
}

/** Hooks of modules that only serve HTTP, with why a worker does without them. */
const API_ONLY: Record<string, string> = {
  SeedService: 'the first admin and the demo are seeded by the API (a worker boots with seedDemo off)',
  ServeStaticModule: 'serves the built editor (the API mounts it only when apps/editor/dist exists)',
};

describe('the worker module', () => {
  let api: TestApp;
  let worker: StartedWorker;
  let dir: string;

  beforeAll(async () => {
    api = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'moflow-worker-module-'));
    worker = await startWorker({
      DATABASE_URL: `sqlite:${join(dir, 'moflow.db')}`, MOFLOW_DATA_DIR: dir, MOFLOW_SECRET_KEY: TEST_SECRET_KEY, LOG_LEVEL: 'silent',
    });
  });
  afterAll(async () => {
    await worker?.app.close();
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs every lifecycle hook the API runs, except the listed HTTP-only ones', () => {
    const inApi = hooked(api.app);
    const inWorker = hooked(worker.app);
    expect(inWorker.has('PipelineService')).toBe(true);
    expect(inWorker.has('OutboxSender')).toBe(true);
    expect(inWorker.has('SmppBindingsService')).toBe(true);
    const missing = [...inApi].filter((name) => !inWorker.has(name)).sort();
    expect(missing).toEqual(Object.keys(API_ONLY).filter((name) => inApi.has(name)).sort());
  });

  it('leaves out the modules that only serve HTTP', () => {
    const modules = new Set([...worker.app.get(ModulesContainer).values()].map((m) => m.metatype.name));
    for (const httpOnly of ['FlowsModule', 'ConsoleModule', 'AnalyticsModule', 'DataTablesModule', 'HealthModule', 'SeedModule', 'ServeStaticModule']) {
      expect(modules.has(httpOnly), httpOnly).toBe(false);
    }
    expect(modules.has('RunsModule')).toBe(true);
    expect(modules.has('MessagingModule')).toBe(true);
  });
});
