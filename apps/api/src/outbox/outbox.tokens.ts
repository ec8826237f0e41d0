import type { MessageEntity } from '@moflow/data-access';

/** Where RunService hands a burst's outbox rows once they are committed (see runs/simulator-outbox.sender.ts). */
export const OUTBOX_SENDER = Symbol('OUTBOX_SENDER');

export interface OutboxSenderPort {
  send(messages: readonly MessageEntity[]): Promise<void>;
}

/** `messages.node_id` of MTs that compliance sends itself (STOP confirmation, HELP text): they pass opt-out and quiet hours. */
export const COMPLIANCE_NODE = '$compliance';
/** `messages.node_id` of MTs an operator sent from a ticket. */
export const TICKET_NODE = '$ticket';
