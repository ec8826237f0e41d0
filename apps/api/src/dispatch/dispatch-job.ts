import type { InboundMessageSnapshot } from '@moflow/flow-engine';

/**
 * Work the dispatcher does. `key` is the contact's E.164 phone: jobs with the same key are handled
 * one at a time in enqueue order, jobs of different contacts in parallel.
 */
export type DispatchJob =
  | {
      kind: 'start';
      key: string;
      runId: string;
      flowId: string;
      /**
       * The version the trigger checked and answered with (and the flow's name then): the run
       * starts exactly that version without reading the flows row again. Absent on jobs queued
       * by older replicas: the live version is read then.
       */
      flowVersion?: number;
      flowName?: string;
      to: string;
      channelId: string | null;
      parameters: Record<string, unknown>;
    }
  | { kind: 'inbound'; key: string; message: InboundMessageSnapshot }
  | { kind: 'timeout'; key: string; runId: string };

/** What handling a job produced (plain JSON: it crosses Redis in the BullMQ transport). */
export interface DispatchResult {
  runId: string | null;
  status: string;
}

export type DispatchHandler = (job: DispatchJob) => Promise<DispatchResult>;

/** The transport: in-process (default) or BullMQ on Redis. The handler code is the same. */
export interface JobQueue {
  readonly transport: 'in-process' | 'bullmq';
  /** Starts consuming; jobs enqueued before this wait for it. */
  start(handler: DispatchHandler): Promise<void>;
  /** Queues a job and resolves with its result once handled (per-key order preserved). */
  dispatch(job: DispatchJob): Promise<DispatchResult>;
  /** Queues a job without waiting for it. */
  enqueue(job: DispatchJob): Promise<void>;
  /** Resolves when nothing is queued or running (tests, graceful shutdown). */
  drain(): Promise<void>;
  /** Jobs queued or running, for the queue-depth metric (shared by every replica on BullMQ). */
  depth(): Promise<number>;
  close(): Promise<void>;
}
