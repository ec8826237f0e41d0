import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateFlowRequest, FlowTestCaseDto, KeywordClashRequest, PublishRequest, RollbackRequest, SimulationStepInput, UpdateFlowRequest } from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';

const definitionDoc = { description: 'A flow definition (see components.schemas.FlowDefinition). Drafts may be invalid.', type: 'object', additionalProperties: true } as const;

export class FlowTestExpectationDto {
  @ApiProperty() @IsString() @MaxLength(4000) text!: string;
  @ApiPropertyOptional({ enum: ['exact', 'pattern'] }) @IsOptional() @IsIn(['exact', 'pattern'], { message: 'must be exact or pattern' }) match?: 'exact' | 'pattern';
}

export class FlowTestCaseInput implements FlowTestCaseDto {
  @ApiProperty() @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(64) id!: string;
  @ApiProperty() @IsString() @MaxLength(200) name!: string;
  @ApiProperty({ description: '{ text } or { timeout: true } steps', type: 'array', items: { type: 'object' } })
  @IsArray() @ArrayMaxSize(100) @IsObject({ each: true, message: 'each step must be an object' })
  script!: SimulationStepInput[];
  @ApiProperty({ type: FlowTestExpectationDto, isArray: true })
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => FlowTestExpectationDto)
  expect!: FlowTestExpectationDto[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() contact?: FlowTestCaseDto['contact'];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() lookups?: FlowTestCaseDto['lookups'];
}

export class CreateFlowDto implements CreateFlowRequest {
  @ApiProperty() @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional(definitionDoc) @IsOptional() @IsObject({ message: 'must be a JSON object' }) definition?: FlowDefinitionInput;
}

export class UpdateFlowDto implements UpdateFlowRequest {
  @ApiProperty({ description: 'The revision the editor loaded; a stale one answers 409 REVISION_CONFLICT.' })
  @IsInt({ message: 'must be an integer' }) @Min(0) baseRevision!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(2000) description?: string | null;
  @ApiPropertyOptional(definitionDoc) @IsOptional() @IsObject({ message: 'must be a JSON object' }) definition?: FlowDefinitionInput;
  @ApiPropertyOptional({ type: FlowTestCaseInput, isArray: true })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => FlowTestCaseInput)
  tests?: FlowTestCaseInput[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() requireTestsToPublish?: boolean;
}

export class PublishFlowDto implements PublishRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class RollbackFlowDto implements RollbackRequest {
  @ApiProperty() @IsInt({ message: 'must be an integer' }) @Min(1) version!: number;
}

export class DiffQueryDto {
  @ApiProperty({ description: 'A version number or "draft"' }) @Matches(/^([1-9]\d{0,8}|draft)$/, { message: 'must be a version number or "draft"' }) from!: string;
  @ApiProperty({ description: 'A version number or "draft"' }) @Matches(/^([1-9]\d{0,8}|draft)$/, { message: 'must be a version number or "draft"' }) to!: string;
}

export class ListFlowsQueryDto {
  @ApiPropertyOptional({ enum: ['draft', 'published', 'archived'], description: 'Only flows in this state' })
  @IsOptional() @IsIn(['draft', 'published', 'archived'], { message: 'must be draft, published or archived' }) status?: 'draft' | 'published' | 'archived';
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Without a status, archived flows are left out unless this is true' })
  @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' }) includeArchived?: 'true' | 'false';
}

export class DuplicateFlowDto {
  @ApiPropertyOptional({ description: 'Name of the copy; default "Copy of <name>"' })
  @IsOptional() @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(200) name?: string;
}

export class ImportFlowsQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: store nothing, answer 200 with each definition' })
  @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' }) dryRun?: 'true' | 'false';
}

export class KeywordClashRequestDto implements KeywordClashRequest {
  @ApiProperty({ type: String, isArray: true, example: ['PIZZA'] })
  @IsArray({ message: 'must be a list of keywords' }) @ArrayMaxSize(100) @IsString({ each: true, message: 'each keyword must be text' })
  @MaxLength(100, { each: true }) keywords!: string[];
  @ApiPropertyOptional({ type: String, isArray: true, description: 'Channel ids the trigger listens on; "*" or none = every channel' })
  @IsOptional() @IsArray({ message: 'must be a list of channel ids' }) @ArrayMaxSize(100) @IsString({ each: true, message: 'each channel must be text' })
  @MaxLength(40, { each: true }) channels?: string[];
  @ApiPropertyOptional({ description: 'The flow being edited: its own published keywords are not a clash' })
  @IsOptional() @IsUUID('all', { message: 'must be a flow id' }) flowId?: string;
}
