import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SimulateRequest, SimulationStepInput } from '@moflow/api-contract';
import { IsArray, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

/** Shape checks here; script items and the definition are checked in depth by the service (with paths). */
export class SimulateDto implements SimulateRequest {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Simulate this definition instead of the saved draft.' })
  @IsOptional() @IsObject({ message: 'must be a flow definition object' }) definition?: SimulateRequest['definition'];
  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [{ text: 'JOIN' }, { timeout: true }] })
  @IsArray({ message: 'must be an array of {text} or {timeout: true}' }) script!: SimulationStepInput[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional() @IsObject({ message: 'must be an object {phone?, name?, fields?}' }) contact?: SimulateRequest['contact'];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) channelId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Mocked responses per lookup node id, in call order.' })
  @IsOptional() @IsObject({ message: 'must map node ids to lists of {status, body}' }) lookups?: SimulateRequest['lookups'];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional() @IsObject({ message: 'must be a JSON object' }) parameters?: Record<string, unknown>;
}
