/**
 * CPU time of one thread of this process, from Linux's /proc (utime + stime, in clock ticks of
 * 10 ms). The watchdog confirms with it that a turn past its budget by the wall clock really used
 * that much processing: a worker starved of CPU (a loaded machine, its lower priority) is slow, not
 * runaway. null where there is no /proc (the wall clock decides alone).
 */
import { readFileSync, readlinkSync } from 'node:fs';

const TICK_MS = 10;

/** This thread's id, as /proc names it; null off Linux. */
export function ownThreadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** CPU milliseconds thread `tid` of this process has used, or null when it cannot be read. */
export function threadCpuMs(tid: number): number | null {
  try {
    const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    const ticks = Number(fields?.[11]) + Number(fields?.[12]);
    return Number.isFinite(ticks) ? ticks * TICK_MS : null;
  } catch {
    return null;
  }
}
