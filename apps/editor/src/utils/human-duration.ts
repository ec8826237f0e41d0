/** Wait timeouts are stored in seconds; people think in minutes, hours and days. */
export const durationUnits = [
  { unit: 'days', seconds: 86400 },
  { unit: 'hours', seconds: 3600 },
  { unit: 'minutes', seconds: 60 },
  { unit: 'seconds', seconds: 1 },
] as const;
export type DurationUnit = (typeof durationUnits)[number]['unit'];

/** The largest unit that divides the value exactly, so 5400 s reads "90 minutes" and not "1.5 hours". */
export function splitDuration(totalSeconds: number): { amount: number; unit: DurationUnit } {
  for (const u of durationUnits) {
    if (totalSeconds >= u.seconds && totalSeconds % u.seconds === 0) return { amount: totalSeconds / u.seconds, unit: u.unit };
  }
  return { amount: totalSeconds, unit: 'seconds' };
}

export function toSeconds(amount: number, unit: DurationUnit): number {
  const u = durationUnits.find((d) => d.unit === unit);
  return Math.round(amount * (u?.seconds ?? 1));
}

export function formatDuration(totalSeconds: number): string {
  const { amount, unit } = splitDuration(totalSeconds);
  return `${amount} ${amount === 1 ? unit.slice(0, -1) : unit}`;
}
