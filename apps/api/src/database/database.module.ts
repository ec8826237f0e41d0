import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serializeSqliteTransactions, SqliteDurability } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { dataSourceOptions, ensurePostgresSchema } from './data-source-options';

/** The TypeORM DataSource (SQLite file or PostgreSQL) with migrations applied. Global via TypeOrmModule. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        await ensurePostgresSchema(config.database);
        // A database that is down should stop start-up quickly with its error, not retry for 30 s.
        return { ...dataSourceOptions(config.database), retryAttempts: 1, retryDelay: 500 };
      },
      // SQLite: every commit's fsync off the event loop, checkpoints in a worker thread (SqliteDurability).
      dataSourceFactory: async (options) => {
        const ds = await new DataSource(options!).initialize();
        serializeSqliteTransactions(ds);
        SqliteDurability.enable(ds);
        return ds;
      },
    }),
  ],
})
export class DatabaseModule {}
