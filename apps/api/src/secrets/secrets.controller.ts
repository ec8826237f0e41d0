import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { SecretsService, type SecretSummary } from './secrets.service';

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export class PutSecretDto {
  @ApiProperty({ description: 'The value; stored encrypted and never returned.' })
  @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(4096) value!: string;

  @ApiPropertyOptional({
    type: [String], example: ['crm.example.com'],
    description: 'Hosts the secret may be sent to: host names, `*.example.com` (any subdomain) or IP addresses. A lookup that '
      + 'would send it anywhere else is refused. Required for a new secret unless the value is a base URL (then its host); '
      + 'left out on replace, the current hosts stay.',
  })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(253, { each: true }) hosts?: string[];
}

export class SecretResponse {
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], description: 'Hosts the secret may be sent to (empty for a secret stored before binding: a base-URL value then goes to its own host only)' })
  hosts!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** Admin CRUD of named secrets: names, hosts and times only ever leave the server. */
@ApiTags('secrets')
@Roles('admin')
@Controller('api/v1/secrets')
export class SecretsController {
  constructor(private readonly secrets: SecretsService) {}

  @Get()
  @ApiOkResponse({ type: SecretResponse, isArray: true })
  list(): Promise<SecretSummary[]> {
    return this.secrets.list();
  }

  /** Creates or replaces the secret `name` (referenced as {{ secrets.NAME }}). */
  @Put(':name')
  @ApiOkResponse({ type: SecretResponse })
  put(@Param('name') name: string, @Body() body: PutSecretDto): Promise<SecretSummary> {
    return this.secrets.put(checkName(name), body.value, body.hosts);
  }

  @Delete(':name')
  @HttpCode(204)
  async remove(@Param('name') name: string): Promise<void> {
    await this.secrets.remove(checkName(name));
  }
}

function checkName(name: string): string {
  if (!SECRET_NAME.test(name)) {
    throw new DomainException(ErrorCode.VALIDATION_FAILED, undefined, {
      problems: [{ path: 'name', nodeId: null, code: 'invalid', message: 'must be letters, digits and "_" (not starting with a digit), at most 64' }],
    });
  }
  return name;
}
