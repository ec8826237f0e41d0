import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Response shapes for the OpenAPI document; the wire types themselves live in @moflow/api-contract.
class FlowAuthor {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class ProblemResponse {
  @ApiProperty({ example: 'nodes[3].config.url' }) path!: string;
  @ApiProperty({ nullable: true, type: String }) nodeId!: string | null;
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ enum: ['error', 'warning'] }) severity?: 'error' | 'warning';
}

export class ValidateResponseBody {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ type: ProblemResponse, isArray: true }) problems!: ProblemResponse[];
}

export class FlowSummaryResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: ['draft', 'published', 'archived'] }) status!: string;
  @ApiProperty({ nullable: true, type: Number }) publishedVersion!: number | null;
  @ApiProperty() revision!: number;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: FlowAuthor, nullable: true }) updatedBy!: FlowAuthor | null;
  @ApiProperty() runsLast24h!: number;
  @ApiProperty({ type: String, isArray: true }) keywords!: string[];
  @ApiProperty() hasUnpublishedChanges!: boolean;
}

export class FlowResponse extends FlowSummaryResponse {
  @ApiProperty({ allOf: [{ $ref: '#/components/schemas/FlowDefinition' }] }) definition!: unknown;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) tests!: unknown[];
  @ApiProperty() requireTestsToPublish!: boolean;
}

export class FlowVersionResponse {
  @ApiProperty() flowId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ nullable: true, type: FlowAuthor }) publishedBy!: { id: string; email: string } | null;
  @ApiPropertyOptional({ allOf: [{ $ref: '#/components/schemas/FlowDefinition' }] }) definition?: unknown;
}

class NodeChange {
  @ApiProperty() nodeId!: string;
  @ApiProperty({ type: String, isArray: true }) fields!: string[];
}

export class FlowDiffResponse {
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string', enum: ['draft'] }] }) from!: number | 'draft';
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string', enum: ['draft'] }] }) to!: number | 'draft';
  @ApiProperty({ type: String, isArray: true }) nodesAdded!: string[];
  @ApiProperty({ type: String, isArray: true }) nodesRemoved!: string[];
  @ApiProperty({ type: NodeChange, isArray: true }) nodesChanged!: NodeChange[];
  @ApiProperty({ type: String, isArray: true }) edgesAdded!: string[];
  @ApiProperty({ type: String, isArray: true }) edgesRemoved!: string[];
}

export class ImportReportItemResponse {
  @ApiProperty({ description: 'The Moflow flow name' }) flow!: string;
  @ApiProperty({ description: 'Studio widget name, RapidPro node/rule-set label or uuid' }) source!: string;
  @ApiProperty({ enum: ['info', 'warning', 'error'] }) severity!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ description: 'The imported step concerned' }) nodeId?: string;
}

export class ImportedFlowResponse {
  @ApiPropertyOptional({ description: 'The new draft flow (not on a dry run)' }) id?: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: "The source's own name" }) sourceName!: string;
  @ApiPropertyOptional({ allOf: [{ $ref: '#/components/schemas/FlowDefinition' }], description: 'Only on a dry run' }) definition?: unknown;
}

export class ImportFlowsResponseBody {
  @ApiProperty({ enum: ['twilio-studio', 'rapidpro', 'moflow'] }) format!: string;
  @ApiProperty({ type: ImportedFlowResponse, isArray: true }) flows!: ImportedFlowResponse[];
  @ApiProperty({ type: ImportReportItemResponse, isArray: true }) report!: ImportReportItemResponse[];
}

class KeywordClashFlow {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

class KeywordClashChannel {
  @ApiProperty({ description: 'A channel id, or "*" for every channel' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class KeywordClashBody {
  @ApiProperty({ description: 'The keyword as asked' }) keyword!: string;
  @ApiProperty({ description: 'The asked channel that clashes ("*" = every channel)' }) channel!: string;
  @ApiProperty({ type: KeywordClashFlow }) flow!: KeywordClashFlow;
  @ApiProperty({ type: KeywordClashChannel }) otherChannel!: KeywordClashChannel;
  @ApiProperty({ example: '“PIZZA” already starts the published flow “Pizza order” on every channel.' }) message!: string;
}

export class KeywordClashResponseBody {
  @ApiProperty({ type: KeywordClashBody, isArray: true }) clashes!: KeywordClashBody[];
}
