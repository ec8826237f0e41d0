import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataRowDto, DataTableDto, Page } from '@moflow/api-contract';
import { Roles } from '../auth/auth.decorators';
import { DataRowPageResponse, DataRowResponse, DataTableResponse, ImportResultResponse } from './data-tables.responses';
import { CreateDataTableDto, ImportCsvDto, PutRowDto, RowsQuery, UpdateDataTableDto } from './data-tables.dto';
import { DataTablesService } from './data-tables.service';

/** Reading is for the people who build flows too (admin, editor); changing tables is for admins. */
@ApiTags('data tables')
@Roles('admin', 'editor')
@Controller('api/v1/data-tables')
export class DataTablesController {
  constructor(private readonly tables: DataTablesService) {}

  @Get()
  @ApiOperation({ summary: 'Data tables with their row counts and the flows that look rows up in them' })
  @ApiOkResponse({ type: DataTableResponse, isArray: true })
  list(): Promise<DataTableDto[]> {
    return this.tables.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a data table: name, columns, key column' })
  @ApiOkResponse({ type: DataTableResponse })
  create(@Body() dto: CreateDataTableDto): Promise<DataTableDto> {
    return this.tables.create(dto);
  }

  @Get(':name')
  @ApiOkResponse({ type: DataTableResponse })
  get(@Param('name') name: string): Promise<DataTableDto> {
    return this.tables.get(name);
  }

  @Patch(':name')
  @Roles('admin')
  @ApiOperation({ summary: 'Change the description or the column list (the key column stays)' })
  @ApiOkResponse({ type: DataTableResponse })
  update(@Param('name') name: string, @Body() dto: UpdateDataTableDto): Promise<DataTableDto> {
    return this.tables.update(name, dto);
  }

  @Delete(':name')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the table and its rows; 409 DATA_TABLE_IN_USE while a flow looks rows up in it' })
  async remove(@Param('name') name: string): Promise<void> {
    await this.tables.remove(name);
  }

  @Get(':name/rows')
  @ApiOperation({ summary: 'Rows in key order, keyset pages' })
  @ApiOkResponse({ type: DataRowPageResponse })
  rows(@Param('name') name: string, @Query() q: RowsQuery): Promise<Page<DataRowDto>> {
    return this.tables.rows(name, q);
  }

  @Put(':name/rows/:key')
  @Roles('admin')
  @ApiOperation({ summary: 'Add or replace the row with this key' })
  @ApiOkResponse({ type: DataRowResponse, description: 'The row as stored.' })
  putRow(@Param('name') name: string, @Param('key') key: string, @Body() dto: PutRowDto): Promise<DataRowDto> {
    return this.tables.putRow(name, key, dto.row);
  }

  @Delete(':name/rows/:key')
  @Roles('admin')
  @HttpCode(204)
  async deleteRow(@Param('name') name: string, @Param('key') key: string): Promise<void> {
    await this.tables.deleteRow(name, key);
  }

  @Post(':name/import')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import CSV (JSON body {csv, mode}): every line is checked before anything is written' })
  @ApiOkResponse({ type: ImportResultResponse })
  importCsv(@Param('name') name: string, @Body() dto: ImportCsvDto): Promise<{ imported: number; mode: 'merge' | 'replace'; rowCount: number }> {
    return this.tables.importCsv(name, dto);
  }

  @Get(':name/export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The whole table as CSV, key order' })
  async exportCsv(@Param('name') name: string): Promise<string> {
    return this.tables.exportCsv(name);
  }
}
