import { Module } from '@nestjs/common';
import { DataTablesController } from './data-tables.controller';
import { DataTablesService } from './data-tables.service';

/** Data tables kept in Moflow for `lookup` nodes of kind `table`. */
@Module({ controllers: [DataTablesController], providers: [DataTablesService] })
export class DataTablesModule {}
