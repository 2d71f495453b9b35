/**
 * The prober gives every sub-minute `every` schedule a cron expression `O-59/P * * * * *`
 * (a stable offset O within the period P). These helpers let the bench fire the other tools on
 * exactly the seconds gwscheck's probes fire, and compute each gwscheck run's due time.
 */
export interface SecondsSchedule {
  readonly offset: number;
  readonly period: number;
}

export function parseSecondsSchedule(expression: string): SecondsSchedule {
  const match = /^(\d+)-59\/(\d+) \* \* \* \* \*$/.exec(expression);
  if (match === null) throw new Error(`cannot follow the cron expression "${expression}" (expected "O-59/P * * * * *", an interval under 60 s)`);
  return { offset: Number(match[1]), period: Number(match[2]) };
}

/** True when the schedule fires at this epoch second. */
export function firesAt(schedule: SecondsSchedule, epochSecond: number): boolean {
  const inMinute = epochSecond % 60;
  return inMinute >= schedule.offset && (inMinute - schedule.offset) % schedule.period === 0;
}

/** Epoch milliseconds of the latest firing at or before `now`. */
export function lastDue(schedule: SecondsSchedule, now: number): number {
  const second = Math.floor(now / 1000);
  for (let back = 0; back <= 120; back += 1) {
    if (firesAt(schedule, second - back)) return (second - back) * 1000;
  }
  throw new Error(`no firing of every ${schedule.period} s at offset ${schedule.offset} in the last two minutes`);
}
