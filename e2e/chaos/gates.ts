/**
 * Why a crash test cannot run in this checkout, printed in its name and on stderr: never a silent
 * skip. Tests of guarantees that only issue 9's rewritten message path gives run once that path is
 * here (apps/worker exists), or now with CHAOS_FORCE=1 to see today's path fail them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../bench/mo/processes';
import { unavailable, type Mode } from '../bench/mo/stack';

export const rewriteLanded = (): boolean => existsSync(join(repoRoot, 'apps/worker/package.json'));

export function skipReason(mode: Mode, todayFails?: string): string | null {
  const why = unavailable(mode);
  if (why) return why;
  if (todayFails && !rewriteLanded() && process.env.CHAOS_FORCE !== '1') {
    return `today's message path fails it (${todayFails}); it runs once apps/worker (issue 9's rewrite) is in this checkout, or with CHAOS_FORCE=1`;
  }
  return null;
}

/** The describe title: the subject, plus the reason when skipped. */
export function titled(subject: string, reason: string | null): string {
  if (reason) console.warn(`skipped "${subject}": ${reason}`);
  return reason ? `${subject} [skipped: ${reason}]` : subject;
}
