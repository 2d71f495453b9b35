import { offsetMs } from '../../src/prober/index.ts';

/**
 * The prober fires an `every` schedule of P seconds at a stable millisecond offset O within the
 * period (epoch-aligned). These helpers let the bench fire the other tools at exactly the moments
 * gwscheck's probes fire.
 */
export interface ProbeOffset {
  /** Milliseconds into the period. */
  readonly offsetMs: number;
  readonly period: number;
}

export function probeOffset(seconds: number, key: string): ProbeOffset {
  return { offsetMs: offsetMs(seconds, key), period: seconds };
}

/** True when the schedule fires within this epoch second. */
export function firesAt(schedule: ProbeOffset, epochSecond: number): boolean {
  return epochSecond % schedule.period === Math.floor(schedule.offsetMs / 1000);
}

/** Milliseconds into its second at which the schedule fires. */
export function msInSecond(schedule: ProbeOffset): number {
  return schedule.offsetMs % 1000;
}
