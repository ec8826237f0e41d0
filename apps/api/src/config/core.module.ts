import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { SecretBox } from './secret-box.service';
import type { AppConfig } from './app-config';
import { APP_CONFIG } from './config.tokens';

/**
 * The validated configuration for every module: inject `APP_CONFIG` (typed AppConfig) or
 * ConfigService.get('app'). Parsed once before Nest starts, so a wrong setting never half-boots.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ app: config })] })],
      providers: [{ provide: APP_CONFIG, useValue: config }, SecretBox],
      exports: [APP_CONFIG, SecretBox],
    };
  }
}
