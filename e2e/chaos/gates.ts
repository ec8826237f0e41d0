/**
 * Why a crash test cannot run in this checkout, printed in its name and on stderr: never a silent
 * skip. Tests of guarantees that only issue 9's rewritten message path gives run once that path is
 * here (the API reads MOFLOW_PIPELINE), or now with CHAOS_FORCE=1 to see the old path fail them.
 */
import { apiKnowsPipelineSwitch, unavailable, type Mode } from '../bench/mo/stack';

export function skipReason(mode: Mode, todayFails?: string): string | null {
  const why = unavailable(mode);
  if (why) return why;
  if (todayFails && !apiKnowsPipelineSwitch() && process.env.CHAOS_FORCE !== '1') {
    return `the old message path fails it (${todayFails}); it runs once issue 9's pipeline is in this checkout (the API reads MOFLOW_PIPELINE), or with CHAOS_FORCE=1`;
  }
  return null;
}

/** The describe title: the subject, plus the reason when skipped. */
export function titled(subject: string, reason: string | null): string {
  if (reason) console.warn(`skipped "${subject}": ${reason}`);
  return reason ? `${subject} [skipped: ${reason}]` : subject;
}
