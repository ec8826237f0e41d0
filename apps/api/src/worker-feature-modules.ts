import type { DynamicModule, Type } from '@nestjs/common';
import { MessagingModule } from './conversations/messaging.module';
import { EventsModule } from './events/events.module';
import { RunsModule } from './runs/runs.module';

/**
 * The feature modules with background work (timers, the pipeline, the sender, SMPP binds, sweeps):
 * `apps/worker` mounts these (WorkerModule), the API all of `featureModules`. A new module that
 * starts work of its own on bootstrap belongs here too (test/pipeline/worker-module.spec.ts). In a
 * file of its own, so that a worker loads none of the other modules' code.
 */
export const workerFeatureModules: Array<Type<unknown> | DynamicModule> = [RunsModule, MessagingModule, EventsModule];

