import { Module } from '@nestjs/common';
import { DemoSeeder } from './demo.seeder';
import { SeedService } from './seed.service';

@Module({ providers: [SeedService, DemoSeeder] })
export class SeedModule {}
