/**
 * Request/response shapes of the public REST API, shared by apps/api (which validates them),
 * apps/editor and e2e. Field names here are the wire format: change them only with both sides.
 *
 * Conventions:
 * - All routes live under /api/v1; JSON bodies; timestamps are ISO-8601 strings.
 * - Editor sessions: POST /api/v1/auth/login sets an HTTP-only session cookie `moflow_session` and a
 *   readable cookie `moflow_csrf`; unsafe requests with the session cookie must echo the latter in the
 *   `X-CSRF-Token` header. Machines use `Authorization: Bearer <api key>` (no CSRF).
 * - Errors: `ApiError` with an HTTP 4xx status; validation errors list every problem with its path.
 */
import type { FlowDefinitionInput } from '@moflow/flow-spec';

export type Role = 'admin' | 'editor' | 'ops';

export interface ApiError {
  statusCode: number;
  /** Stable machine code, e.g. FLOW_NOT_FOUND, VALIDATION_FAILED, REVISION_CONFLICT. */
  code: string;
  message: string;
  problems?: ProblemDto[];
  /** Extra detail per code, e.g. the conflicting save for REVISION_CONFLICT. */
  details?: Record<string, unknown>;
}

export interface ProblemDto {
  path: string;
  nodeId: string | null;
  code: string;
  message: string;
  severity?: 'error' | 'warning';
}

// ---- auth -------------------------------------------------------------------------------------
export interface LoginRequest { email: string; password: string }
export interface UserDto { id: string; email: string; name: string | null; role: Role; createdAt: string }
export interface SessionDto { user: UserDto; csrfToken: string }
export interface CreateUserRequest { email: string; password: string; name?: string; role: Role }
export interface ApiKeyDto {
  id: string; name: string; scopes: string[]; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null;
  /** Null: never expires. */
  expiresAt: string | null;
  /** Who created it; null for keys made by the system or by a user since deleted (whose keys are revoked). */
  createdBy: { id: string; email: string } | null;
}
/** Returned once at creation: `key` is never shown again. */
export interface CreatedApiKeyDto extends ApiKeyDto { key: string }
export interface CreateApiKeyRequest { name: string; scopes: ApiKeyScope[]; /** 1–3650; omitted: never expires. */ expiresInDays?: number }
export type ApiKeyScope = 'flows:execute' | 'flows:read' | 'runs:read';

// ---- flows ------------------------------------------------------------------------------------
export type FlowStatus = 'draft' | 'published' | 'archived';

export interface FlowSummaryDto {
  id: string;
  name: string;
  description: string | null;
  status: FlowStatus;
  /** Latest published version number, or null. */
  publishedVersion: number | null;
  /** Draft revision counter: bumps on every save. */
  revision: number;
  updatedAt: string;
  updatedBy: { id: string; email: string; name: string | null } | null;
  runsLast24h: number;
  keywords: string[];
  hasUnpublishedChanges: boolean;
}

export interface FlowDto extends FlowSummaryDto {
  definition: FlowDefinitionInput;
  /** Test cases saved with the flow. */
  tests: FlowTestCaseDto[];
  requireTestsToPublish: boolean;
}

export interface CreateFlowRequest { name: string; description?: string; definition?: FlowDefinitionInput }
/** Draft save: `baseRevision` is the revision the editor loaded; a stale one answers 409 REVISION_CONFLICT
 * with details `{ currentRevision, savedBy: {email, name}, savedAt }`. */
export interface UpdateFlowRequest {
  baseRevision: number;
  name?: string;
  description?: string | null;
  definition?: FlowDefinitionInput;
  tests?: FlowTestCaseDto[];
  requireTestsToPublish?: boolean;
}
/** POST /api/v1/flows/validate body (the bare definition is accepted too). */
export interface ValidateRequest { definition: FlowDefinitionInput }
export interface ValidateResponse { valid: boolean; problems: ProblemDto[] }
export interface PublishRequest { note?: string }
/** Keywords a trigger wants, checked against the other published flows before publishing. */
export interface KeywordClashRequest { keywords: string[]; channels?: string[]; flowId?: string }
export interface KeywordClashDto {
  /** The keyword as it was asked for. */
  keyword: string;
  /** The asked channel that clashes ("*" = every channel). */
  channel: string;
  flow: { id: string; name: string };
  /** The channel the other flow listens on, with its name when it is one channel. */
  otherChannel: { id: string; name: string | null };
  /** One sentence for the trigger panel. */
  message: string;
}
export interface KeywordClashResponse { clashes: KeywordClashDto[] }
export interface FlowVersionDto { flowId: string; version: number; note: string | null; publishedAt: string; publishedBy: { id: string; email: string } | null; definition?: FlowDefinitionInput }
export interface FlowDiffDto {
  from: number | 'draft';
  to: number | 'draft';
  nodesAdded: string[];
  nodesRemoved: string[];
  nodesChanged: { nodeId: string; fields: string[] }[];
  edgesAdded: string[];
  edgesRemoved: string[];
}
export interface RollbackRequest { version: number }

// ---- running ----------------------------------------------------------------------------------
export interface ExecuteFlowRequest { to: string; channelId?: string; parameters?: Record<string, unknown> }
export interface ExecuteFlowResponse { runId: string; status: RunStatusDto; flowId: string; flowVersion: number }

export interface SimulateRequest {
  /** Simulate this definition instead of the saved draft. */
  definition?: FlowDefinitionInput;
  /** Messages the made-up contact sends, in order; `{ timeout: true }` fires the pending wait's timeout. */
  script: SimulationStepInput[];
  contact?: { phone?: string; name?: string; fields?: Record<string, unknown> };
  channelId?: string;
  /** Mocked lookup responses by node id (in call order when a node is called several times). */
  lookups?: Record<string, { status: number; body: unknown; headers?: Record<string, string> }[]>;
  /** REST parameters when the flow is started without a message. */
  parameters?: Record<string, unknown>;
}
export type SimulationStepInput = { text: string } | { timeout: true };
export interface SimulateResponse {
  transcript: { direction: 'in' | 'out'; text: string; encoding?: 'GSM-7' | 'UCS-2'; segments?: number; nodeId?: string }[];
  events: RunEventDto[];
  status: RunStatusDto;
  vars: Record<string, unknown>;
  /** Node ids in visit order, for painting the path. */
  path: string[];
}

export interface FlowTestCaseDto {
  id: string;
  name: string;
  script: SimulationStepInput[];
  /** Expected outbound texts in order; `match: 'pattern'` treats `text` as a regular expression. */
  expect: { text: string; match?: 'exact' | 'pattern' }[];
  contact?: SimulateRequest['contact'];
  lookups?: SimulateRequest['lookups'];
}
export interface FlowTestResultDto { caseId: string; name: string; passed: boolean; firstDifference: string | null; transcript: SimulateResponse['transcript'] }
export interface RunTestsResponse { passed: number; failed: number; results: FlowTestResultDto[] }

// ---- runs -------------------------------------------------------------------------------------
export type RunStatusDto = 'running' | 'waiting' | 'completed' | 'failed' | 'expired' | 'cancelled';
export interface RunEventDto { type: string; at: string; nodeId?: string; [key: string]: unknown }
export interface RunSummaryDto {
  id: string;
  flowId: string;
  flowName: string;
  flowVersion: number;
  status: RunStatusDto;
  contactId: string;
  contactPhone: string;
  channelId: string | null;
  trigger: Record<string, unknown>;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  error: string | null;
  currentNodeId: string | null;
}
export interface RunStepDto {
  seq: number;
  nodeId: string | null;
  nodeType: string | null;
  type: string;
  handle: string | null;
  reason: string | null;
  input: string | null;
  output: string | null;
  durationMs: number | null;
  error: string | null;
  at: string;
  data: Record<string, unknown>;
}
export interface MessageDto {
  id: string;
  direction: 'in' | 'out';
  channelId: string | null;
  from: string;
  to: string;
  text: string;
  status: string;
  encoding: string | null;
  segments: number | null;
  createdAt: string;
  updatedAt: string;
  runId: string | null;
  contactId?: string | null;
  /** For an MO: the routing rule that took it (compliance, waiting_run, keyword, catch_all, unhandled...). */
  rule?: string | null;
  provider?: string | null;
  /** The provider's id of the message (an MT sent in parts: the first part's; see providerPartIds). */
  providerMessageId?: string | null;
  providerPartIds?: string[] | null;
  /** For an MT: the sender's last word (why it was suppressed, deferred or failed). For an MO: a warning from
   * the inbox (addressed to another number than the channel's, a multipart message missing parts). */
  detail?: string | null;
}
/** An operator's action on a run, with who did it. */
export interface RunActionDto {
  id: string;
  runId: string;
  action: 'cancel' | 'retry' | 'restart';
  actor: { id: string | null; name: string };
  at: string;
  detail: Record<string, unknown>;
}
export interface RunDetailDto extends RunSummaryDto {
  steps: RunStepDto[];
  messages: MessageDto[];
  vars: Record<string, unknown>;
  actions: RunActionDto[];
}
/** Answer of a run action: the action recorded and the run as it is now (restart: the new run). */
export interface RunActionResultDto { action: RunActionDto; run: RunSummaryDto }
export interface CancelRunsRequest { runIds: string[] }
export interface CancelRunsResultDto { cancelled: string[]; skipped: { runId: string; reason: string }[] }
/** A contact waiting in a run for a reply. */
export interface WaitingSessionDto {
  runId: string;
  flowId: string;
  flowName: string;
  flowVersion: number;
  nodeId: string;
  contactId: string;
  contactPhone: string;
  channelId: string | null;
  /** When the run started waiting at this node (its last update). */
  since: string;
  deadline: string;
}
export interface WaitingSummaryDto {
  total: number;
  /** Per flow and node: how many wait, and the oldest. */
  byNode: { flowId: string; flowName: string; nodeId: string; count: number; oldestSince: string; /** The newest version anyone waits in (to name the step). */ flowVersion: number }[];
}
export interface Page<T> { items: T[]; nextCursor: string | null }
/** GET /api/v1/flows/:id/analytics: one flow over a time range (runs started in [from, to)). */
export interface FlowAnalyticsDto {
  flowId: string;
  from: string;
  to: string;
  /** Runs started in the range. */
  runs: number;
  /** Per node: runs' visits and exits by output ("error" when the step failed there); dropOff = visits − exits. */
  nodes: Record<string, { visits: number; exits: Record<string, number>; dropOff: number }>;
  bucket: 'hour' | 'day';
  /** Runs started per bucket (UTC), by status; buckets without runs are included with zeros. */
  overTime: { start: string; counts: Record<RunStatusDto, number> }[];
}
/** GET /api/v1/flows/:id/funnel: of the runs that entered `fromNode`, how many entered `toNode` later. */
export interface FunnelDto {
  flowId: string; from: string; to: string; fromNode: string; toNode: string; entered: number; reached: number;
  /** reached / entered, null when no run entered `fromNode`. */
  rate: number | null;
}
/** GET /api/v1/channels/:id/analytics: one channel over a time range. */
export interface ChannelAnalyticsDto {
  channelId: string;
  from: string;
  to: string;
  /** MOs and MTs per hour (UTC), hours without traffic included with zeros. */
  perHour: { start: string; mo: number; mt: number }[];
  /** MTs created in the range by their status now; deliveryRate = delivered / (delivered + undelivered + failed), null when none has an outcome. */
  mt: { total: number; byStatus: Record<string, number>; delivered: number; failed: number; deliveryRate: number | null };
  /** Failed or undelivered MTs by error code: the provider's code from a delivery report, else the sender's class of error. */
  failuresByCode: { code: string; count: number }[];
  /** Opt-outs recorded on the channel; optOutRate = optOuts / distinct contacts who wrote in, null when none wrote. */
  optOuts: number;
  contactsWriting: number;
  optOutRate: number | null;
}
export interface FlowStatsDto {
  flowId: string;
  byStatus: Record<RunStatusDto, number>;
  /** Per node: how many runs entered it and left it by each handle. */
  nodes: Record<string, { visits: number; exits: Record<string, number> }>;
}

/** POST /api/v1/flows/import (`?dryRun=true` stores nothing and returns each definition). */
export type ImportFormat = 'twilio-studio' | 'rapidpro' | 'moflow';
export interface ImportReportItemDto {
  /** The Moflow flow name the item belongs to. */
  flow: string;
  /** The source item: Studio widget name, RapidPro node/rule-set label or uuid. */
  source: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
  /** The imported step concerned, when there is one. */
  nodeId?: string;
}
export interface ImportedFlowDto {
  /** Set when stored (not on a dry run). */
  id?: string;
  name: string;
  sourceName: string;
  /** Returned on a dry run. */
  definition?: FlowDefinitionInput;
}
export interface ImportFlowsResponse {
  format: ImportFormat;
  flows: ImportedFlowDto[];
  report: ImportReportItemDto[];
}

// ---- ops console: contacts, consent, tickets, data tables --------------------------------------
export interface ContactDto {
  id: string; phone: string; name: string | null; fields: Record<string, unknown>; subscriptions: string[]; timezone: string | null;
  createdAt: string | null; updatedAt: string | null;
}
export interface ContactChannelStateDto { channelId: string; optedOut: boolean; optChangedAt: string | null; lastInboundAt: string | null }
export interface ContactDetailDto extends ContactDto { channels: ContactChannelStateDto[] }
export interface ConsentEventDto {
  id: string; contactId: string; phone: string; channelId: string; action: 'opt_out' | 'opt_in'; source: string; keyword: string | null;
  messageId: string | null; actorId: string | null; at: string | null;
}
export type TicketStatusDto = 'open' | 'pending' | 'closed';
export interface TicketThreadEntryDto {
  id: string; direction: 'in' | 'out'; text: string; messageId: string | null; authorId: string | null; at: string | null;
  /** The message's status now: an ops reply goes queued → sent → delivered, or suppressed/failed. */
  messageStatus: string | null;
}
export interface AssigneeDto { id: string; name: string | null; email: string }
export interface TicketDto {
  id: string; subject: string; body: string; team: string; priority: string; status: string; assigneeId: string | null; contactId: string;
  contactPhone: string | null; channelId: string | null; runId: string | null; createdAt: string | null; updatedAt: string | null;
  closedAt: string | null; forwardStatus: string; thread?: TicketThreadEntryDto[];
}
export interface TicketReplyResponse { messageId: string; status: string; ticket: TicketDto }
/**
 * `GET /api/v1/tickets/stream` (server-sent events): event `ticket` carries a TicketDto without its
 * thread (a new ticket, or one whose status, assignee or last activity changed); event
 * `ticket_entry` carries a TicketEntryEventDto (an MO or a reply joined a ticket's thread).
 */
export interface TicketEntryEventDto { ticketId: string; entry: TicketThreadEntryDto; updatedAt: string }
/**
 * `GET /api/v1/messages/stream` (server-sent events): event `message` carries a MessageDto (a new MO
 * or MT); event `message_status` carries a MessageStatusEventDto (an MT's status changed: sending,
 * sent, delivered, undelivered, failed, suppressed, deferred, or queued again for a retry).
 */
export interface MessageStatusEventDto {
  id: string; channelId: string | null; runId: string | null; status: string; provider: string | null; providerMessageId: string | null;
  detail: string | null; updatedAt: string;
}
export interface DataTableDto {
  name: string; description: string | null; columns: string[]; keyColumn: string; rowCount: number; createdAt: string | null; updatedAt: string | null;
  /** Flows whose draft or live version has a lookup of kind table on this table. */
  usedBy: Array<{ id: string; name: string }>;
}
export interface DataRowDto { key: string; row: Record<string, unknown>; updatedAt: string | null }
