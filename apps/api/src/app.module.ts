import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { CoreModule } from './config/core.module';
import { DatabaseModule } from './database/database.module';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { createValidationPipe } from './errors/validation.pipe';
import { featureModules } from './feature-modules';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { SeedModule } from './seed/seed.module';
import { SharedStateModule } from './shared-state/shared-state.module';

/** apps/api/{src,dist}/ → apps/editor/dist: same depth from the sources and the build. */
export const editorDist = join(__dirname, '..', '..', 'editor', 'dist');

function editorModules(rootPath: string): DynamicModule[] {
  if (!existsSync(join(rootPath, 'index.html'))) return [];
  // The SPA fallback must never swallow API, health or metrics paths: those 404 as JSON.
  return [ServeStaticModule.forRoot({
    rootPath, exclude: ['/api/{*path}', '/health/{*path}', '/metrics'],
    // Files under assets/ carry a content hash in their names: browsers keep them without asking
    // again, so a page load asks only for index.html (always revalidated: it names the new hashes).
    serveStaticOptions: { setHeaders: (res, path) => res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache') },
  })];
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), DatabaseModule, MetricsModule, SharedStateModule, AuthModule, HealthModule, ...featureModules, SeedModule, ...editorModules(config.editorDist ?? editorDist)],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
