import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { LookupAllowlistService, type AllowEntryDto } from './lookup-allowlist.service';

export class AddAllowEntryDto {
  @ApiProperty({ example: '10.0.0.0/8', description: 'Host name, IP address or CIDR range that lookups, and the outbound URLs admins set (providers\' baseUrl/tokenUrl, generic gateways, SMSC hosts, event subscriptions, the helpdesk webhook), may reach although private. A change drops kept-alive connections opened under the old list.' })
  @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(255) entry!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) note?: string;
}

export class AllowEntryResponse {
  @ApiProperty() id!: string;
  @ApiProperty() entry!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() createdAt!: string;
}

@ApiTags('settings')
@Roles('admin')
@Controller('api/v1/settings/lookup-allowlist')
export class LookupAllowlistController {
  constructor(private readonly allowlist: LookupAllowlistService) {}

  @Get()
  @ApiOkResponse({ type: AllowEntryResponse, isArray: true })
  list(): Promise<AllowEntryDto[]> {
    return this.allowlist.list();
  }

  @Post()
  @ApiOkResponse({ type: AllowEntryResponse })
  add(@Body() body: AddAllowEntryDto): Promise<AllowEntryDto> {
    return this.allowlist.add(body.entry, body.note ?? null);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id', uuidPipe('ALLOWLIST_ENTRY_NOT_FOUND')) id: string): Promise<void> {
    await this.allowlist.remove(id);
  }
}
