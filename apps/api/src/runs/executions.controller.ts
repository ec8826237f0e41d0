import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { ExecuteFlowResponse } from '@moflow/api-contract';
import { CurrentPrincipal, Roles, Scopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { uuidPipe } from '../common/uuid.pipe';
import { ExecuteFlowDto, ExecuteFlowResponseDto } from './executions.dto';
import { ExecutionsService } from './executions.service';

@ApiTags('runs')
@Controller('api/v1/flows')
export class ExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  /** The REST trigger: starts the live version of the flow for one contact. */
  @Post(':id/executions')
  @HttpCode(201)
  @Roles('admin', 'editor')
  @Scopes('flows:execute')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried call with the same key returns the first run.' })
  @ApiCreatedResponse({ type: ExecuteFlowResponseDto })
  execute(
    @Param('id', uuidPipe('FLOW_NOT_FOUND')) id: string,
    @Body() body: ExecuteFlowDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() caller: Principal,
  ): Promise<ExecuteFlowResponse> {
    return this.executions.execute(id, body, idempotencyKey, caller);
  }
}
