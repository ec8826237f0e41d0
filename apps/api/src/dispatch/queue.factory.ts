import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { BullmqJobQueue } from './bullmq-job.queue';
import type { JobQueue } from './dispatch-job';
import { InProcessJobQueue } from './in-process-job.queue';

/**
 * BullMQ when REDIS_URL is set, else in-process. The Redis prefix is derived from the database,
 * so two deployments (or two test files) sharing one Redis never handle each other's jobs.
 */
export function createJobQueue(config: AppConfig): JobQueue {
  if (!config.redisUrl) return new InProcessJobQueue();
  const db = config.database.type === 'sqlite' ? config.database.path : `${config.database.url}#${config.database.schema ?? ''}`;
  const tag = createHash('sha256').update(db).digest('hex').slice(0, 12);
  return new BullmqJobQueue(config.redisUrl, `moflow-dispatch-${tag}`);
}
