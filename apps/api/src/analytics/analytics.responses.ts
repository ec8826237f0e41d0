import { ApiProperty } from '@nestjs/swagger';
import type { ChannelAnalyticsDto, FlowAnalyticsDto, FunnelDto, RunStatusDto } from '@moflow/api-contract';

/** OpenAPI shapes of the analytics responses (the wire types live in @moflow/api-contract). */
class RunsBucketResponse {
  @ApiProperty({ description: 'Bucket start (UTC).' }) start!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Runs started in the bucket, per status.' }) counts!: Record<RunStatusDto, number>;
}

export class FlowAnalyticsResponse implements FlowAnalyticsDto {
  @ApiProperty() flowId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ description: 'Runs started in the range.' }) runs!: number;
  @ApiProperty({
    type: 'object', additionalProperties: true,
    description: 'Per step id: { visits, exits: { output: runs }, dropOff } — exits by the output taken ("error" when the step failed); dropOff = visits − exits (runs that stopped or wait there).',
  }) nodes!: FlowAnalyticsDto['nodes'];
  @ApiProperty({ enum: ['hour', 'day'], description: 'hour for ranges up to 3 days, else day.' }) bucket!: 'hour' | 'day';
  @ApiProperty({ type: RunsBucketResponse, isArray: true }) overTime!: FlowAnalyticsDto['overTime'];
}

export class FunnelResponse implements FunnelDto {
  @ApiProperty() flowId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() fromNode!: string;
  @ApiProperty() toNode!: string;
  @ApiProperty({ description: 'Runs that entered fromNode.' }) entered!: number;
  @ApiProperty({ description: 'Of those, runs that entered toNode later.' }) reached!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'reached / entered; null when entered is 0.' }) rate!: number | null;
}

class HourResponse {
  @ApiProperty({ description: 'Hour start (UTC).' }) start!: string;
  @ApiProperty() mo!: number;
  @ApiProperty() mt!: number;
}

class MtOutcomeResponse {
  @ApiProperty() total!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) byStatus!: Record<string, number>;
  @ApiProperty() delivered!: number;
  @ApiProperty({ description: 'failed + undelivered.' }) failed!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'delivered / (delivered + failed + undelivered); null when no MT has an outcome.' }) deliveryRate!: number | null;
}

class FailureCodeResponse {
  @ApiProperty({ description: "The provider's error code from a delivery report, else the class of the send error (HTTP 400, network, timeout...)." }) code!: string;
  @ApiProperty() count!: number;
}

export class ChannelAnalyticsResponse implements ChannelAnalyticsDto {
  @ApiProperty() channelId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: HourResponse, isArray: true }) perHour!: ChannelAnalyticsDto['perHour'];
  @ApiProperty({ type: MtOutcomeResponse }) mt!: ChannelAnalyticsDto['mt'];
  @ApiProperty({ type: FailureCodeResponse, isArray: true }) failuresByCode!: ChannelAnalyticsDto['failuresByCode'];
  @ApiProperty() optOuts!: number;
  @ApiProperty({ description: 'Distinct contacts who sent an MO on the channel in the range.' }) contactsWriting!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'optOuts / contactsWriting; null when nobody wrote.' }) optOutRate!: number | null;
}
