import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelEntity } from '@moflow/data-access';
import { FlowsModule } from '../flows/flows.module';
import { DemoSeeder } from './demo.seeder';
import { SeedService } from './seed.service';

@Module({ imports: [TypeOrmModule.forFeature([ChannelEntity]), FlowsModule], providers: [SeedService, DemoSeeder] })
export class SeedModule {}
