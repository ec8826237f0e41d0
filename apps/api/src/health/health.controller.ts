import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  /** The process answers: restart it if not. */
  @Public()
  @Get('live')
  @ApiOkResponse({ description: '{ status: "ok" }' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The database answers: send traffic here only if so. */
  @Public()
  @Get('ready')
  @ApiOkResponse({ description: '{ status: "ok", database: "sqlite" | "postgres" }' })
  @ApiServiceUnavailableResponse({ description: 'DATABASE_UNAVAILABLE' })
  async ready(): Promise<{ status: 'ok'; database: string }> {
    try {
      await this.db.query('SELECT 1');
    } catch (error) {
      throw new DomainException(ErrorCode.DATABASE_UNAVAILABLE, `The database is not reachable: ${(error as Error).message}`);
    }
    return { status: 'ok', database: this.db.options.type === 'postgres' ? 'postgres' : 'sqlite' };
  }
}
