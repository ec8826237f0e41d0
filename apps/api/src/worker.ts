import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { loadConfig } from './config/load-config';
import type { AppConfig } from './config/app-config';
import { PinoNestLogger } from './logging/logger';
import { WorkerModule } from './worker.module';

export interface StartedWorker {
  app: INestApplicationContext;
  config: AppConfig;
  logger: Logger;
}

/**
 * A worker: the API's modules that hold background work (WorkerModule), without HTTP. It runs the
 * turn pipeline (its share of the contact partitions), wait timeouts and the outbox sender, whatever MOFLOW_PIPELINE says;
 * API replicas with MOFLOW_PIPELINE=off then only ingest and serve. On SIGTERM it stops taking
 * work, finishes the batch in flight and releases its partitions (closing their connection).
 */
export async function startWorker(env: Record<string, string | undefined> = process.env): Promise<StartedWorker> {
  const loaded = loadConfig(env);
  const { logger } = loaded;
  const config: AppConfig = { ...loaded.config, pipeline: 'embedded', seedDemo: false, editorDist: '/nonexistent-no-http-in-workers' };
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new PinoNestLogger(logger.child({ component: 'nest' })), abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.init();
  // "ready": what deploy scripts and the benchmark wait for.
  logger.info({ database: config.database.type, redis: Boolean(config.redisUrl) }, 'Moflow worker ready (turn pipeline, timers, sender; no HTTP)');
  return { app, config, logger };
}
