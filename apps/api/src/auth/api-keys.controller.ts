import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ApiKeyDto, CreatedApiKeyDto } from '@moflow/api-contract';
import { uuidPipe } from '../common/uuid.pipe';
import { ApiKeysService } from './api-keys.service';
import { CurrentPrincipal, Roles } from './auth.decorators';
import { ApiKeyResponse, CreateApiKeyDto, CreatedApiKeyResponse } from './auth.dto';
import { actorId, type Principal } from './principal';
import { mapApiKey } from './user.mapper';

@ApiTags('api-keys')
@Roles('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOkResponse({ type: ApiKeyResponse, isArray: true })
  async list(): Promise<ApiKeyDto[]> {
    const keys = await this.keys.list();
    const creators = await this.keys.creators(keys);
    return keys.map((k) => mapApiKey(k, creators));
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  async create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<CreatedApiKeyDto> {
    const { entity, key } = await this.keys.create(body.name, body.scopes, actorId(principal), body.expiresInDays);
    return { ...mapApiKey(entity, await this.keys.creators([entity])), key };
  }

  /** Revokes (keeps the row so lists show when and which key stopped working). */
  @Delete(':id')
  @ApiOkResponse({ type: ApiKeyResponse })
  async revoke(@Param('id', uuidPipe('API_KEY_NOT_FOUND')) id: string): Promise<ApiKeyDto> {
    const entity = await this.keys.revoke(id);
    return mapApiKey(entity, await this.keys.creators([entity]));
  }
}
