import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class TestMessageDto {
  @ApiProperty({ example: '+447700900123', description: 'Where to send the test (any format; national numbers use the channel region).' })
  @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(32) to!: string;
  @ApiPropertyOptional({ example: 'Test from Moflow', default: 'Test message from Moflow.' })
  @IsOptional() @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(1600) text?: string;
}

export class ChannelStatusDto {
  @ApiProperty() channelId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why the provider may not reach the webhook URL built from PUBLIC_URL, or null.' })
  publicUrlWarning!: string | null;
  @ApiPropertyOptional({ description: 'SMPP only: the live bind.' })
  smpp?: { state: 'bound' | 'not bound'; lastError: string | null; lastErrorAt: string | null };
}
