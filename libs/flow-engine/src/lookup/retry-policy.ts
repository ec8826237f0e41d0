import { HttpPortError } from '../ports';

/** Timeouts, network errors, 5xx and 429 may succeed later; other 4xx never will. */
export function isRetryable(outcome: { status: number } | { error: unknown }): boolean {
  if ('status' in outcome) return outcome.status >= 500 || outcome.status === 429;
  const err = outcome.error;
  return err instanceof HttpPortError ? err.kind === 'timeout' || err.kind === 'network' : false;
}

/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random, so retries of many
 * runs hitting the same failing API spread out instead of arriving in waves.
 */
export function backoffDelay(baseMs: number, retryNumber: number, random: number): number {
  const exp = baseMs * 2 ** (retryNumber - 1);
  return Math.round(exp / 2 + (exp / 2) * random);
}
