import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse, ApiBadRequestResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { FlowDiffDto, FlowDto, FlowSummaryDto, FlowVersionDto, ImportFlowsResponse, KeywordClashResponse, ValidateResponse } from '@moflow/api-contract';
import { CurrentPrincipal, Roles, Scopes } from '../auth/auth.decorators';
import { actorId, type Principal } from '../auth/principal';
import { uuidPipe } from '../common/uuid.pipe';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';
import { CreateFlowDto, DiffQueryDto, DuplicateFlowDto, ImportFlowsQueryDto, KeywordClashRequestDto, ListFlowsQueryDto, PublishFlowDto, RollbackFlowDto, UpdateFlowDto } from './flow.dto';
import { FlowImportService } from './flow-import.service';
import { FlowDiffResponse, FlowResponse, FlowSummaryResponse, FlowVersionResponse, ImportFlowsResponseBody, KeywordClashResponseBody, ValidateResponseBody } from './flow-responses';
import { KeywordClashService } from './keyword-clash.service';
import { isRecord } from './flow-json';
import { FlowPublisher } from './flow-publisher.service';
import { SecretBindingCheck } from '../secrets/secret-binding.check';
import { FlowsService } from './flows.service';
import { FlowValidator } from './flow-validation';

const READERS = ['admin', 'editor', 'ops'] as const;
const WRITERS = ['admin', 'editor'] as const;
const flowId = uuidPipe('FLOW_NOT_FOUND');

function versionNumber(raw: string): number {
  if (!/^[1-9]\d{0,8}$/.test(raw)) throw new DomainException(ErrorCode.FLOW_VERSION_NOT_FOUND, `"${raw}" is not a version number.`);
  return Number(raw);
}

const side = (raw: string): number | 'draft' => (raw === 'draft' ? 'draft' : Number(raw));

@ApiTags('flows')
@Controller('api/v1/flows')
export class FlowsController {
  constructor(
    private readonly flows: FlowsService,
    private readonly publisher: FlowPublisher,
    private readonly importer: FlowImportService,
    private readonly clashes: KeywordClashService,
    private readonly validator: FlowValidator,
    private readonly secretBindings: SecretBindingCheck,
  ) {}

  @Get()
  @Roles(...READERS)
  @Scopes('flows:read')
  @ApiOkResponse({ type: FlowSummaryResponse, isArray: true })
  list(@Query() query: ListFlowsQueryDto): Promise<FlowSummaryDto[]> {
    return this.flows.list(query.status, query.includeArchived === 'true');
  }

  @Post()
  @Roles(...WRITERS)
  @ApiCreatedResponse({ type: FlowResponse })
  create(@Body() body: CreateFlowDto, @CurrentPrincipal() who: Principal): Promise<FlowDto> {
    return this.flows.create(body, actorId(who));
  }

  /** Body: `{ definition }` or the definition itself. Always 200: the answer is the list of problems. */
  @Post('validate')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiBody({ schema: { oneOf: [{ type: 'object', properties: { definition: { $ref: '#/components/schemas/FlowDefinition' } } }, { $ref: '#/components/schemas/FlowDefinition' }] } })
  @ApiOkResponse({ type: ValidateResponseBody })
  async validate(@Body() body: unknown): Promise<ValidateResponse> {
    const definition = isRecord(body) && 'definition' in body && !('nodes' in body) ? body.definition : body;
    const result = await this.validator.response(definition);
    const bindings = await this.secretBindings.problems(definition);
    if (bindings.length === 0) return result;
    return { valid: result.valid && bindings.every((p) => p.severity === 'warning'), problems: [...result.problems, ...bindings] };
  }

  /** Always 200: the answer lists the keywords other published flows already start with (empty when none). */
  @Post('keyword-clashes')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Which of these keywords another published flow already claims, on which channel' })
  @ApiOkResponse({ type: KeywordClashResponseBody })
  keywordClashes(@Body() body: KeywordClashRequestDto): Promise<KeywordClashResponse> {
    return this.clashes.clashes(body.keywords, body.channels ?? [], body.flowId ?? null);
  }

  /** Body: the export file itself. 201 with the new drafts; `?dryRun=true` answers 200 and stores nothing. */
  @Post('import')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Import flows from Twilio Studio, RapidPro/TextIt or a Moflow export as drafts, with a report' })
  @ApiBody({ description: 'The JSON export: a Twilio Studio flow definition, a RapidPro/TextIt export, or a Moflow flow export', schema: { type: 'object', additionalProperties: true } })
  @ApiCreatedResponse({ type: ImportFlowsResponseBody, description: 'Drafts created: flows[] has id, name, sourceName' })
  @ApiOkResponse({ type: ImportFlowsResponseBody, description: 'Dry run: flows[] has name, sourceName, definition' })
  @ApiBadRequestResponse({ description: 'IMPORT_UNREADABLE / MALFORMED_JSON: not a readable export (the message says what was expected)' })
  @ApiUnprocessableEntityResponse({ description: 'IMPORT_UNKNOWN_FORMAT (names the formats known) or IMPORT_UNSUPPORTED_VERSION' })
  async importFlows(@Body() body: unknown, @Query() query: ImportFlowsQueryDto, @Res({ passthrough: true }) res: Response, @CurrentPrincipal() who: Principal): Promise<ImportFlowsResponse> {
    const dryRun = query.dryRun === 'true';
    const result = await this.importer.import(body, dryRun, actorId(who));
    res.status(dryRun ? 200 : 201);
    return result;
  }

  @Get(':id')
  @Roles(...READERS)
  @Scopes('flows:read')
  @ApiOkResponse({ type: FlowResponse })
  get(@Param('id', flowId) id: string): Promise<FlowDto> {
    return this.flows.get(id);
  }

  /** Draft save (PUT and PATCH are the same partial update guarded by baseRevision). */
  @Put(':id')
  @Roles(...WRITERS)
  @ApiOkResponse({ type: FlowResponse })
  update(@Param('id', flowId) id: string, @Body() body: UpdateFlowDto, @CurrentPrincipal() who: Principal): Promise<FlowDto> {
    return this.flows.update(id, body, actorId(who));
  }

  @Patch(':id')
  @Roles(...WRITERS)
  @ApiOkResponse({ type: FlowResponse })
  patch(@Param('id', flowId) id: string, @Body() body: UpdateFlowDto, @CurrentPrincipal() who: Principal): Promise<FlowDto> {
    return this.flows.update(id, body, actorId(who));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...WRITERS)
  async remove(@Param('id', flowId) id: string): Promise<void> {
    await this.flows.remove(id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOkResponse({ type: FlowResponse })
  publish(@Param('id', flowId) id: string, @Body() body: PublishFlowDto, @CurrentPrincipal() who: Principal): Promise<FlowDto> {
    return this.publisher.publish(id, body.note ?? null, actorId(who));
  }

  @Get(':id/versions')
  @Roles(...READERS)
  @Scopes('flows:read')
  @ApiOkResponse({ type: FlowVersionResponse, isArray: true })
  versions(@Param('id', flowId) id: string): Promise<FlowVersionDto[]> {
    return this.flows.listVersions(id);
  }

  @Get(':id/versions/:version')
  @Roles(...READERS)
  @Scopes('flows:read')
  @ApiOkResponse({ type: FlowVersionResponse })
  version(@Param('id', flowId) id: string, @Param('version') version: string): Promise<FlowVersionDto> {
    return this.flows.getVersion(id, versionNumber(version));
  }

  @Get(':id/diff')
  @Roles(...READERS)
  @Scopes('flows:read')
  @ApiOkResponse({ type: FlowDiffResponse })
  diff(@Param('id', flowId) id: string, @Query() query: DiffQueryDto): Promise<FlowDiffDto> {
    return this.flows.diff(id, side(query.from), side(query.to));
  }

  @Post(':id/rollback')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOkResponse({ type: FlowResponse })
  rollback(@Param('id', flowId) id: string, @Body() body: RollbackFlowDto, @CurrentPrincipal() who: Principal): Promise<FlowDto> {
    return this.publisher.rollback(id, body.version, actorId(who));
  }

  @Post(':id/duplicate')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'A new draft with this flow\'s draft definition and tests' })
  @ApiCreatedResponse({ type: FlowResponse })
  duplicate(@Param('id', flowId) id: string, @Body() body: DuplicateFlowDto, @CurrentPrincipal() who: Principal): Promise<FlowDto> {
    return this.flows.duplicate(id, body.name, actorId(who));
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Roles(...WRITERS)
  @ApiOkResponse({ type: FlowResponse })
  archive(@Param('id', flowId) id: string, @CurrentPrincipal() who: Principal): Promise<FlowDto> {
    return this.publisher.archive(id, actorId(who));
  }
}
