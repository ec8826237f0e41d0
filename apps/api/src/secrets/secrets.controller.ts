import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { SecretsService, type SecretSummary } from './secrets.service';

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export class PutSecretDto {
  @ApiProperty({ description: 'The value; stored encrypted and never returned.' })
  @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(4096) value!: string;
}

export class SecretResponse {
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

/** Admin CRUD of named secrets: names and times only ever leave the server. */
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
    return this.secrets.put(checkName(name), body.value);
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
