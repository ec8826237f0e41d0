import type {
  CreateFlowRequest, FlowDiffDto, KeywordClashRequest, KeywordClashResponse, FlowDto, FlowSummaryDto, FlowVersionDto, ImportFlowsResponse, LoginRequest, Page, PublishRequest,
  RunTestsResponse, SessionDto, SimulateRequest, SimulateResponse, UpdateFlowRequest, UserDto, ValidateResponse,
} from '@moflow/api-contract';
import type { FlowDefinitionInput } from '@moflow/flow-spec';
import { api, rememberCsrf } from './client';

/** Channels are listed by the server; the editor only needs id and name to offer a choice. */
export interface ChannelOption { id: string; name?: string; number?: string; provider?: string }

const listFlows = (includeArchived: boolean) => api<FlowSummaryDto[] | Page<FlowSummaryDto>>('GET', `/flows${includeArchived ? '?includeArchived=true' : ''}`)
  .then((r) => (Array.isArray(r) ? r : r.items));

export const flowsApi = {
  login: async (body: LoginRequest) => {
    const s = await api<SessionDto>('POST', '/auth/login', body);
    rememberCsrf(s.csrfToken);
    return s;
  },
  me: () => api<UserDto | SessionDto>('GET', '/auth/me'),
  logout: () => api<void>('POST', '/auth/logout'),
  /** Without archived flows (the server leaves them out unless asked). */
  list: () => listFlows(false),
  /** With archived flows too: run filters and the flows list's "Show archived" want them. */
  listWithArchived: () => listFlows(true),
  duplicate: (id: string, name?: string) => api<FlowDto>('POST', `/flows/${encodeURIComponent(id)}/duplicate`, name ? { name } : {}),
  archive: (id: string) => api<FlowDto>('POST', `/flows/${encodeURIComponent(id)}/archive`, {}),
  get: (id: string) => api<FlowDto>('GET', `/flows/${encodeURIComponent(id)}`),
  create: (body: CreateFlowRequest) => api<FlowDto>('POST', '/flows', body),
  update: (id: string, body: UpdateFlowRequest) => api<FlowDto>('PUT', `/flows/${encodeURIComponent(id)}`, body),
  remove: (id: string) => api<void>('DELETE', `/flows/${encodeURIComponent(id)}`),
  /** Another engine's export (parsed JSON) in, draft flows and the report out. */
  importFlows: (exported: unknown) => api<ImportFlowsResponse>('POST', '/flows/import', exported),
  keywordClashes: (body: KeywordClashRequest) => api<KeywordClashResponse>('POST', '/flows/keyword-clashes', body),
  validate: (definition: FlowDefinitionInput) => api<ValidateResponse>('POST', '/flows/validate', { definition }),
  /** Answers the flow as it is after publishing (publishedVersion, and the revision to save against next). */
  publish: (id: string, body: PublishRequest) => api<FlowDto>('POST', `/flows/${encodeURIComponent(id)}/publish`, body),
  versions: (id: string) => api<FlowVersionDto[] | Page<FlowVersionDto>>('GET', `/flows/${encodeURIComponent(id)}/versions`)
    .then((r) => (Array.isArray(r) ? r : r.items)),
  version: (id: string, v: number) => api<FlowVersionDto>('GET', `/flows/${encodeURIComponent(id)}/versions/${v}`),
  diff: (id: string, from: number | 'draft', to: number | 'draft') =>
    api<FlowDiffDto>('GET', `/flows/${encodeURIComponent(id)}/diff?from=${from}&to=${to}`),
  rollback: (id: string, version: number) => api<FlowDto>('POST', `/flows/${encodeURIComponent(id)}/rollback`, { version }),
  simulate: (id: string, body: SimulateRequest) => api<SimulateResponse>('POST', `/flows/${encodeURIComponent(id)}/simulate`, body),
  runTests: (id: string) => api<RunTestsResponse>('POST', `/flows/${encodeURIComponent(id)}/tests/run`, {}),
  channels: () => api<ChannelOption[] | Page<ChannelOption>>('GET', '/channels').then((r) => (Array.isArray(r) ? r : r.items)),
};
