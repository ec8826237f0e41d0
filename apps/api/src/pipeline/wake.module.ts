import { Module } from '@nestjs/common';
import { WakeBus } from './wake-bus';

/** The wake-up hints between ingest, the turn pipeline and the sender (no dependencies of its own). */
@Module({ providers: [WakeBus], exports: [WakeBus] })
export class WakeModule {}
