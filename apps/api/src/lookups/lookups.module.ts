import { Module } from '@nestjs/common';
import { LookupAllowlistController } from './lookup-allowlist.controller';
import { LookupAllowlistService } from './lookup-allowlist.service';

@Module({ controllers: [LookupAllowlistController], providers: [LookupAllowlistService], exports: [LookupAllowlistService] })
export class LookupsModule {}
