/**
 * Third-party SMS segment vectors (TwilioDevEd/message-segment-calculator, MIT) live outside the
 * project in `../shared/data/sms-segments` (origin and licence in its README) and are never copied
 * in. From a git worktree under /work/wt the folder is one level further up; MOFLOW_SMS_SEGMENTS_DIR
 * overrides both. Tests that use them report themselves skipped, with this reason, when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../..');

export const segmentsDir: string | null = [
  process.env['MOFLOW_SMS_SEGMENTS_DIR'],
  resolve(repoRoot, '../shared/data/sms-segments'),
  resolve(repoRoot, '../../shared/data/sms-segments'),
].find((d): d is string => !!d && existsSync(d)) ?? null;

export const segmentsSkipReason = `skipped: Twilio segment vectors not found (looked for ../shared/data/sms-segments from ${repoRoot}; set MOFLOW_SMS_SEGMENTS_DIR)`;

if (!segmentsDir) console.warn(segmentsSkipReason);

/** The parsed file, or null when the shared folder is absent. */
export function readSegmentsFile<T>(name: string): T | null {
  return segmentsDir ? (JSON.parse(readFileSync(join(segmentsDir, name), 'utf8')) as T) : null;
}
