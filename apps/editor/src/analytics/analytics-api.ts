import type { ChannelAnalyticsDto, FlowAnalyticsDto, FunnelDto } from '@moflow/api-contract';
import { api } from '../api/client';
import { queryString } from '../runs/runs-api';

/** A time range as the analytics endpoints take it: ISO-8601, `to` exclusive. */
export interface Range { from: string; to: string }

export const analyticsApi = {
  flow: (flowId: string, r: Range) => api<FlowAnalyticsDto>('GET', `/flows/${encodeURIComponent(flowId)}/analytics${queryString({ ...r })}`),
  funnel: (flowId: string, fromNode: string, toNode: string, r: Range) =>
    api<FunnelDto>('GET', `/flows/${encodeURIComponent(flowId)}/funnel${queryString({ fromNode, toNode, ...r })}`),
  channel: (channelId: string, r: Range) => api<ChannelAnalyticsDto>('GET', `/channels/${encodeURIComponent(channelId)}/analytics${queryString({ ...r })}`),
};
