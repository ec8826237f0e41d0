import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ExecuteFlowRequest, ExecuteFlowResponse, RunStatusDto } from '@moflow/api-contract';
import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class ExecuteFlowDto implements ExecuteFlowRequest {
  @ApiProperty({ example: '+14155550100', description: 'The contact, E.164 (national formats are normalised).' })
  @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(32) to!: string;
  @ApiPropertyOptional({ description: 'Channel to run on (its number sends the replies). Without it: the trigger\'s only channel, else the only real (non-simulator) channel; 400 on channelId when several real channels could send.' })
  @IsOptional() @IsString() @MaxLength(40) channelId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Available to the flow as trigger.parameters.' })
  @IsOptional() @IsObject({ message: 'must be a JSON object' }) parameters?: Record<string, unknown>;
}

export class ExecuteFlowResponseDto implements ExecuteFlowResponse {
  @ApiProperty() runId!: string;
  @ApiProperty({ enum: ['running', 'waiting', 'completed', 'failed', 'expired', 'cancelled'] }) status!: RunStatusDto;
  @ApiProperty() flowId!: string;
  @ApiProperty() flowVersion!: number;
}
