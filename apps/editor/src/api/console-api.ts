import type {
  ApiKeyDto, AssigneeDto, ConsentEventDto, ContactDetailDto, ContactDto, CreatedApiKeyDto, CreateApiKeyRequest, CreateUserRequest,
  ExecuteFlowResponse, MessageDto, Page, RunSummaryDto, TicketDto, TicketReplyResponse, UserDto,
} from '@moflow/api-contract';
import { api } from './client';

/** Query string of the set values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const id = encodeURIComponent;

export interface MessageFilter { direction?: string; status?: string; channelId?: string; contactId?: string; runId?: string; rule?: string; unhandled?: boolean; cursor?: string; limit?: number }
export interface TicketFilter { status?: string; team?: string; assigneeId?: string; contactId?: string; cursor?: string; limit?: number }
export interface ChannelDto {
  id: string; name: string; kind: string; provider: string; address: string; defaultRegion: string | null; connection: Record<string, unknown>;
  credentialFields: string[]; webhookUrl: string; statusUrl: string; createdAt: string | null; updatedAt: string | null;
  quietHours: { start: string; end: string; replyWindowMinutes: number } | null; rateLimit: { perSecond: number; burst: number } | null;
  helpText?: string; optOutText?: string; optInText?: string; keywords?: ChannelKeywords;
}

export interface ChannelKeywords { optOut: string[]; optIn: string[]; help: string[] }

export interface ProviderFieldDto {
  key: string; in: 'connection' | 'credentials'; label: string; help: string; type: 'string' | 'url' | 'integer' | 'boolean' | 'enum';
  required: boolean; secret: boolean; options?: string[]; default?: string | number | boolean; example?: string | number | boolean; requiredWith?: string;
}
export interface ProviderSchemaDto { provider: string; label: string; description: string; webhookSecret: string | null; fields: ProviderFieldDto[] }
export interface ChannelStatusDto { channelId: string; publicUrlWarning: string | null; smpp?: { state: string; lastError: string | null; lastErrorAt: string | null } }
export interface ChannelBody {
  name?: string; provider?: string; address?: string; kind?: string; defaultRegion?: string;
  connection?: Record<string, unknown>; credentials?: Record<string, unknown>;
  quietHours?: { start: string; end: string; replyWindowMinutes: number } | null; rateLimit?: { perSecond: number; burst: number } | null;
  helpText?: string; optOutText?: string; optInText?: string; keywords?: ChannelKeywords;
}

export const consoleApi = {
  messages: (f: MessageFilter) => api<Page<MessageDto>>('GET', `/messages${qs({ ...f, unhandled: f.unhandled ? 'true' : undefined })}`),
  startFlowForMessage: (messageId: string, flowId: string) => api<ExecuteFlowResponse>('POST', `/messages/${id(messageId)}/start-flow`, { flowId }),

  /** Server-sent events: `ticket`, `ticket_entry`. */
  ticketStreamUrl: '/api/v1/tickets/stream',
  /** Server-sent events: `message`, `message_status`. */
  messageStreamUrl: (contactId?: string) => `/api/v1/messages/stream${qs({ contactId })}`,
  tickets: (f: TicketFilter) => api<Page<TicketDto>>('GET', `/tickets${qs({ ...f })}`),
  ticketTeams: () => api<string[]>('GET', '/tickets/teams'),
  ticketAssignees: () => api<AssigneeDto[]>('GET', '/tickets/assignees'),
  ticket: (ticketId: string) => api<TicketDto>('GET', `/tickets/${id(ticketId)}`),
  updateTicket: (ticketId: string, patch: { status?: string; assigneeId?: string | null }) => api<TicketDto>('PATCH', `/tickets/${id(ticketId)}`, patch),
  replyToTicket: (ticketId: string, text: string) => api<TicketReplyResponse>('POST', `/tickets/${id(ticketId)}/replies`, { text }),

  contacts: (f: { phone?: string; q?: string; cursor?: string; limit?: number }) => api<Page<ContactDto>>('GET', `/contacts${qs({ ...f })}`),
  contact: (contactId: string) => api<ContactDetailDto>('GET', `/contacts/${id(contactId)}`),
  setOptOut: (contactId: string, channelId: string, optedOut: boolean) =>
    api<{ changed: boolean }>('PUT', `/contacts/${id(contactId)}/channels/${id(channelId)}/opt-out`, { optedOut }),
  exportContact: (contactId: string) => api<unknown>('GET', `/contacts/${id(contactId)}/export`),
  eraseContact: (contactId: string) => api<unknown>('DELETE', `/contacts/${id(contactId)}`),
  contactRuns: (contactId: string) => api<Page<RunSummaryDto>>('GET', `/runs${qs({ contact: contactId, limit: 20 })}`),

  consent: (f: { contactId?: string; channelId?: string; action?: string; cursor?: string; limit?: number }) =>
    api<Page<ConsentEventDto>>('GET', `/consent${qs({ ...f })}`),

  channels: () => api<ChannelDto[]>('GET', '/channels'),
  channel: (channelId: string) => api<ChannelDto>('GET', `/channels/${id(channelId)}`),
  providers: () => api<ProviderSchemaDto[]>('GET', '/channels/providers'),
  createChannel: (body: ChannelBody) => api<ChannelDto>('POST', '/channels', body),
  updateChannel: (channelId: string, body: ChannelBody) => api<ChannelDto>('PATCH', `/channels/${id(channelId)}`, body),
  deleteChannel: (channelId: string) => api<void>('DELETE', `/channels/${id(channelId)}`),
  channelStatus: (channelId: string) => api<ChannelStatusDto>('GET', `/channels/${id(channelId)}/status`),
  testMessage: (channelId: string, to: string, text: string) => api<{ messageId: string; status: string }>('POST', `/channels/${id(channelId)}/test-message`, { to, text }),
  message: (messageId: string) => api<MessageDto>('GET', `/messages/${id(messageId)}`),
  users: () => api<UserDto[]>('GET', '/users'),
  createUser: (body: CreateUserRequest) => api<UserDto>('POST', '/users', body),
  apiKeys: () => api<ApiKeyDto[]>('GET', '/api-keys'),
  createApiKey: (body: CreateApiKeyRequest) => api<CreatedApiKeyDto>('POST', '/api-keys', body),
  revokeApiKey: (keyId: string) => api<ApiKeyDto>('DELETE', `/api-keys/${id(keyId)}`),
  updateUser: (userId: string, body: { role?: string; name?: string | null }) => api<UserDto>('PATCH', `/users/${id(userId)}`, body),
  removeUser: (userId: string) => api<void>('DELETE', `/users/${id(userId)}`),

};
