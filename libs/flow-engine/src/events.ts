/**
 * The run log is the list of these events, stored by the host. Nodes never mutate host state
 * directly: they report what happened here (goflow's events model).
 */
import type { RunStatus, TriggerInfo } from './run-state';

interface Base {
  /** ms since epoch, from the clock port */
  at: number;
  runId: string;
}

export type RunEvent =
  | (Base & { type: 'run_started'; flowId: string; flowVersion: number; trigger: TriggerInfo })
  | (Base & { type: 'run_resumed'; reason: 'reply' | 'timeout'; text?: string })
  | (Base & { type: 'step_entered'; nodeId: string; nodeType: string; input?: string })
  | (Base & {
      type: 'step_left';
      nodeId: string;
      nodeType: string;
      handle: string | null;
      reason: string;
      durationMs: number;
      output?: string;
    })
  | (Base & {
      type: 'lookup_attempt';
      nodeId: string;
      method: string;
      /** URL with secrets and credentials removed. */
      url: string;
      status: number | null;
      error?: string;
      durationMs: number;
      attempt: number;
    })
  | (Base & {
      type: 'ticket_opened';
      nodeId: string;
      ticketId: string;
      subject: string;
      team: string;
      priority: string;
      /** What the host stores: the ticket comes from this event, not from a side channel. */
      body?: string;
      forward?: boolean;
    })
  | (Base & {
      type: 'reply_queued';
      nodeId: string;
      messageId: string;
      text: string;
      encoding: 'GSM-7' | 'UCS-2';
      segments: number;
      /** Set when the reply node sends from another channel than the run's. */
      channelId?: string;
    })
  | (Base & {
      type: 'wait_started';
      nodeId: string;
      timeoutSeconds: number;
      deadline: number;
      /** Set when the host should collect messages for this long into one reply (see engine-api.ts). */
      collectSeconds?: number;
    })
  | (Base & { type: 'reply_collected'; nodeId: string; messageId: string; count: number; collectUntil: number })
  | (Base & { type: 'wait_ended'; nodeId: string; outcome: 'reply' | 'timeout'; text?: string })
  | (Base & { type: 'vars_set'; nodeId: string; changes: Record<string, unknown> })
  | (Base & { type: 'contact_changed'; nodeId: string; changes: Record<string, unknown> })
  | (Base & { type: 'subscription_changed'; nodeId: string; list: string; subscribed: boolean })
  | (Base & { type: 'run_completed'; status: Extract<RunStatus, 'completed' | 'failed' | 'expired'>; reason?: string })
  | (Base & { type: 'run_failed'; nodeId: string | null; message: string });

export type RunEventType = RunEvent['type'];
