import { ApiProperty } from '@nestjs/swagger';
import type { DataRowDto, DataTableDto, Page } from '@moflow/api-contract';

/** OpenAPI shapes of the data-table responses (the wire types live in @moflow/api-contract). */
class FlowRefResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class DataTableResponse implements DataTableDto {
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ type: [String] }) columns!: string[];
  @ApiProperty() keyColumn!: string;
  @ApiProperty() rowCount!: number;
  @ApiProperty({ nullable: true, type: String }) createdAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) updatedAt!: string | null;
  @ApiProperty({ type: FlowRefResponse, isArray: true, description: 'Flows whose draft or live version looks rows up in this table.' }) usedBy!: Array<{ id: string; name: string }>;
}

export class DataRowResponse implements DataRowDto {
  @ApiProperty() key!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) row!: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) updatedAt!: string | null;
}

export class DataRowPageResponse implements Page<DataRowDto> {
  @ApiProperty({ type: DataRowResponse, isArray: true }) items!: DataRowDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor!: string | null;
}

export class ImportResultResponse {
  @ApiProperty({ description: 'Rows written from the file.' }) imported!: number;
  @ApiProperty({ enum: ['merge', 'replace'] }) mode!: 'merge' | 'replace';
  @ApiProperty({ description: 'Rows in the table now.' }) rowCount!: number;
}
