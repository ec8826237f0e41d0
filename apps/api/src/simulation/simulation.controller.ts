import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FlowTestCaseDto, RunTestsResponse, SimulateResponse } from '@moflow/api-contract';
import { FlowEntity } from '@moflow/data-access';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { FlowTestRunner } from './flow-test.runner';
import { SimulateDto } from './simulation.dto';
import { SimulationService } from './simulation.service';

@ApiTags('flows')
@Roles('admin', 'editor', 'ops')
@Controller('api/v1/flows')
export class SimulationController {
  constructor(private readonly simulation: SimulationService, private readonly tests: FlowTestRunner, private readonly ds: DataSource) {}

  /** Runs the draft (or `definition`) for a made-up contact: sends nothing, stores nothing. */
  @Post(':id/simulate')
  @HttpCode(200)
  @ApiOkResponse({ description: 'SimulateResponse: transcript, events, status, vars, path.' })
  @ApiResponse({ status: 422, description: 'FLOW_INVALID (the definition has problems), or TURN_STOPPED: a turn used more processing than ENGINE_TURN_BUDGET_MS allows (a runaway expression) and was stopped; details.reason says which limit.' })
  async simulate(@Param('id', uuidPipe('FLOW_NOT_FOUND')) id: string, @Body() body: SimulateDto): Promise<SimulateResponse> {
    const { definition, ...rest } = body;
    return this.simulation.simulate(await this.simulation.definitionFor(id, definition), rest);
  }

  /** Runs the test cases saved with the flow against its draft. */
  @Post(':id/tests/run')
  @HttpCode(200)
  @ApiOkResponse({ description: 'RunTestsResponse: pass/fail per case with the first difference (a case whose turn was stopped fails with the reason).' })
  async runTests(@Param('id', uuidPipe('FLOW_NOT_FOUND')) id: string): Promise<RunTestsResponse> {
    const flow = await this.ds.getRepository(FlowEntity).findOneBy({ id });
    if (!flow) throw new DomainException(ErrorCode.FLOW_NOT_FOUND, `No flow with id ${id}.`);
    const definition = await this.simulation.definitionFor(id, undefined);
    return this.tests.run(definition, flow.tests as FlowTestCaseDto[]);
  }
}
