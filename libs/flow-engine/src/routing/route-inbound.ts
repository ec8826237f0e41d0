/**
 * Which rule handles an inbound message: a pure decision over what the host already loaded for
 * the batch (compliance keyword, the contact's waiting run, the keyword hit, the catch-all flow).
 * The order is the product's promise to marketers and to the law:
 * 1. compliance keywords (STOP, HELP, START…): no flow can override them; YES is an opt-in only
 *    for a contact who is opted out, otherwise an ordinary answer a flow may be waiting for;
 * 2. the contact's waiting run on that channel (collecting when its wait collects replies),
 *    unless 3. matched a trigger marked `interrupt`;
 * 3. keyword triggers; 4. the catch-all flow of the channel; 5. unhandled.
 */
export type RoutingRule = 'opt_out' | 'opt_in' | 'help' | 'waiting_session' | 'collecting' | 'keyword' | 'catch_all' | 'unhandled';

export interface RouteInput {
  /** The compliance keyword the text is, if any (libs/sms classifyComplianceKeyword). */
  compliance: { kind: 'opt_out' | 'opt_in' | 'help'; word: string } | null;
  /** The contact is opted out of this channel. */
  optedOut: boolean;
  /** The contact's waiting run on this channel; `collects` when its wait collects replies. */
  waiting: { runId: string; collects: boolean } | null;
  /** The keyword trigger the text matched, if any. */
  keyword: { keyword: string; interrupt: boolean } | null;
  /** The channel has a catch-all flow. */
  catchAll: boolean;
}

export interface RouteDecision {
  rule: RoutingRule;
  /** In words, for the run log and the message list. */
  reason: string;
  /** A waiting run this decision ends (an interrupting keyword, an opt-out). */
  endsWaitingRun: string | null;
}

export function routeInbound(input: RouteInput): RouteDecision {
  const { compliance, waiting, keyword } = input;
  if (compliance && !(compliance.kind === 'opt_in' && compliance.word === 'YES' && !input.optedOut)) {
    const reason = `compliance keyword ${compliance.word}`;
    return { rule: compliance.kind, reason, endsWaitingRun: compliance.kind === 'opt_out' ? (waiting?.runId ?? null) : null };
  }
  if (waiting && !keyword?.interrupt) {
    return waiting.collects
      ? { rule: 'collecting', reason: 'the reply was collected by the waiting run of this contact and channel', endsWaitingRun: null }
      : { rule: 'waiting_session', reason: 'the reply went to the waiting session of this contact and channel', endsWaitingRun: null };
  }
  if (keyword) {
    return waiting
      ? { rule: 'keyword', reason: `keyword "${keyword.keyword}" of an interrupting trigger ended the waiting run ${waiting.runId}`, endsWaitingRun: waiting.runId }
      : { rule: 'keyword', reason: `keyword "${keyword.keyword}" matched`, endsWaitingRun: null };
  }
  if (input.catchAll) return { rule: 'catch_all', reason: 'no keyword matched: the catch-all flow took it', endsWaitingRun: null };
  return { rule: 'unhandled', reason: 'no waiting run, keyword or catch-all flow', endsWaitingRun: null };
}
