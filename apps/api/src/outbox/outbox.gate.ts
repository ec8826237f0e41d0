import type { ChannelSettingsEntity } from '@moflow/data-access';
import { inQuietHours, quietHoursEnd } from './quiet-hours';
import { TokenBucket } from './token-bucket';

export type GateDecision =
  | { action: 'send' }
  | { action: 'suppress'; reason: string }
  | { action: 'defer'; until: number; reason: string }
  | { action: 'throttle'; until: number };

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
 * Every MT passes here in this order: opt-out (suppressed for good), quiet hours in the
 * recipient's zone (deferred to the opening, unless the contact wrote within the reply window),
 * then the channel's token bucket (retried shortly; not a status change).
 */
export class OutboxGate {
  private readonly buckets = new Map<string, TokenBucket>();

  decide(input: GateInput): GateDecision {
    const { now, settings } = input;
    if (!input.compliance) {
      if (input.optedOut) return { action: 'suppress', reason: 'the contact opted out of this channel' };
      const q = settings.quietHours;
      if (q && inQuietHours(now, input.timeZone, q)) {
        const recent = input.lastInboundAt !== null && now - input.lastInboundAt <= q.replyWindowMinutes * 60_000;
        if (!recent) {
          return { action: 'defer', until: quietHoursEnd(now, input.timeZone, q), reason: `quiet hours ${q.start}-${q.end} in ${input.timeZone ?? 'UTC'}` };
        }
      }
    }
    if (settings.ratePerSecond) {
      const wait = this.bucket(settings).take(now);
      if (wait > 0) return { action: 'throttle', until: now + wait };
    }
    return { action: 'send' };
  }

  private bucket(s: ChannelSettingsEntity): TokenBucket {
    const perSecond = s.ratePerSecond ?? 1;
    const burst = s.rateBurst ?? perSecond;
    let bucket = this.buckets.get(s.channelId);
    if (!bucket || !bucket.matches(perSecond, burst)) {
      bucket = new TokenBucket(perSecond, burst);
      this.buckets.set(s.channelId, bucket);
    }
    return bucket;
  }
}
