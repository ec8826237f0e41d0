import type { ChannelSettingsEntity } from '@moflow/data-access';
import { inQuietHours, quietHoursEnd } from './quiet-hours';

export type PolicyDecision =
  | { action: 'send' }
  | { action: 'suppress'; reason: string }
  | { action: 'defer'; until: number; reason: string };

export interface GateInput {
  now: number;
  settings: ChannelSettingsEntity;
  /** Compliance MTs (STOP confirmation, HELP) skip opt-out and quiet hours; they still count for the rate. */
  compliance: boolean;
  optedOut: boolean;
  timeZone: string | null;
  /** When the contact last wrote on this channel. */
  lastInboundAt: number | null;
}

/**
 * Every MT passes the gate in this order: opt-out (suppressed for good), quiet hours in the
 * recipient's zone (deferred to the opening, unless the contact wrote within the reply window),
 * then the channel's token bucket (retried shortly; not a status change). The first two are this
 * pure decision; the rate is taken afterwards for the whole batch of a channel at once
 * (`RateLimiter.take`, in memory or in Redis), in the same order.
 */
export function gatePolicy(input: GateInput): PolicyDecision {
  const { now, settings } = input;
  if (input.compliance) return { action: 'send' };
  if (input.optedOut) return { action: 'suppress', reason: 'the contact opted out of this channel' };
  const q = settings.quietHours;
  if (q && inQuietHours(now, input.timeZone, q)) {
    const recent = input.lastInboundAt !== null && now - input.lastInboundAt <= q.replyWindowMinutes * 60_000;
    if (!recent) {
      return { action: 'defer', until: quietHoursEnd(now, input.timeZone, q), reason: `quiet hours ${q.start}-${q.end} in ${input.timeZone ?? 'UTC'}` };
    }
  }
  return { action: 'send' };
}

/** The channel's token bucket, or null when the channel has no rate limit. */
export function channelRate(settings: ChannelSettingsEntity): { perSecond: number; burst: number } | null {
  if (!settings.ratePerSecond) return null;
  const perSecond = settings.ratePerSecond;
  return { perSecond, burst: settings.rateBurst ?? perSecond };
}
