import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength,
} from 'class-validator';

export const TABLE_NAME = /^[A-Za-z0-9_-]{1,100}$/;
const COLUMN = /^[^\r\n]{1,100}$/;

export class CreateDataTableDto {
  @ApiProperty({ example: 'stores', description: 'Letters, digits, _ and -; what a lookup node names as `table`.' })
  @IsString() @Matches(TABLE_NAME, { message: 'must be 1–100 letters, digits, _ or -' }) name!: string;
  @ApiPropertyOptional({ example: 'Stores by ZIP code' }) @IsOptional() @IsString() @MaxLength(500) description?: string;
  @ApiProperty({ example: ['zip', 'city', 'phone'], description: 'Column names, in order (1–50, unique).' })
  @IsArray() @ArrayMinSize(1, { message: 'must list at least one column' }) @ArrayMaxSize(50) @ArrayUnique({ message: 'must not repeat a column' })
  @IsString({ each: true }) @Matches(COLUMN, { each: true, message: 'each column must be 1–100 characters on one line' }) columns!: string[];
  @ApiProperty({ example: 'zip', description: 'The column a lookup finds rows by; one of `columns`.' }) @IsString() @MinLength(1) @MaxLength(100) keyColumn!: string;
}

export class UpdateDataTableDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) description?: string;
  @ApiPropertyOptional({ description: 'The new column list; it must keep the key column. Values of removed columns stay in the rows until rewritten.' })
  @IsOptional() @IsArray() @ArrayMinSize(1, { message: 'must list at least one column' }) @ArrayMaxSize(50) @ArrayUnique({ message: 'must not repeat a column' })
  @IsString({ each: true }) @Matches(COLUMN, { each: true, message: 'each column must be 1–100 characters on one line' }) columns?: string[];
}

export class RowsQuery {
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt({ message: 'must be an integer' }) @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'Opaque: the nextCursor of the previous page (rows are in key order).' }) @IsOptional() @IsString() @MaxLength(400) cursor?: string;
}

export class PutRowDto {
  @ApiProperty({ example: { city: 'New York', phone: '+12125550100' }, description: 'Values by column (text, number, true/false or null); the key column is set from the path.' })
  @IsObject({ message: 'must be an object of column values' }) row!: Record<string, unknown>;
}

export class ImportCsvDto {
  @ApiProperty({ description: 'The CSV text: a header row naming columns of the table (the key column among them), then one row per line.' })
  @IsString() @MinLength(1, { message: 'must not be empty' }) csv!: string;
  @ApiPropertyOptional({ enum: ['merge', 'replace'], default: 'merge', description: 'merge: add or overwrite rows by key; replace: the CSV becomes the whole table.' })
  @IsOptional() @IsIn(['merge', 'replace'], { message: 'must be merge or replace' }) mode?: 'merge' | 'replace';
}
