import { Module } from '@nestjs/common';
import { SecretBindingCheck } from './secret-binding.check';
import { SecretsController } from './secrets.controller';
import { SecretsService } from './secrets.service';

@Module({ controllers: [SecretsController], providers: [SecretsService, SecretBindingCheck], exports: [SecretsService, SecretBindingCheck] })
export class SecretsModule {}
