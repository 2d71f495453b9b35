import { msInSecond, type ProbeOffset } from './offsets.ts';

export interface Paced {
  readonly schedule: ProbeOffset;
}

/** Stops the pacer; an item already handed to `fire` is not called back. */
export type StopPacer = () => void;

/**
 * Fires every item at its moment on the epoch-aligned schedule gwscheck's prober uses (its second
 * within the period, its millisecond within that second), walking each second's items in order
 * with one timer, as the prober does: at 10,000 probes every 15 s a timer per probe would make the
 * pacer's own cost part of what a lean client is measured against. A second the process reaches
 * late is still served, every item in it late, so lateness shows instead of probes going missing.
 * `fire` gets the epoch millisecond the item was due.
 */
export function pace<T extends Paced>(items: readonly T[], fire: (item: T, dueAt: number) => void, now: () => number = Date.now): StopPacer {
  const period = items[0]?.schedule.period ?? 1;
  if (items.some((item) => item.schedule.period !== period)) throw new Error(`pacer: every item needs the same period (expected ${period} s)`);
  const buckets: T[][] = Array.from({ length: period }, () => []);
  for (const item of items) buckets[Math.floor(item.schedule.offsetMs / 1000)]?.push(item);
  for (const bucket of buckets) bucket.sort((a, b) => msInSecond(a.schedule) - msInSecond(b.schedule));

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let second = Math.ceil(now() / 1000);
  const wait = (ms: number, then: () => void): void => {
    timer = setTimeout(then, Math.max(0, ms));
  };
  const serve = (): void => {
    const base = second * 1000;
    const bucket = buckets[second % period] ?? [];
    let next = 0;
    const step = (): void => {
      if (stopped) return;
      // The clock is read again after every fire: a slow fire makes the items after it late, not early.
      for (let item = bucket[next]; item !== undefined; item = bucket[next]) {
        const dueAt = base + msInSecond(item.schedule);
        const at = now();
        if (dueAt > at) {
          wait(dueAt - at, step);
          return;
        }
        next += 1;
        fire(item, dueAt);
      }
      second += 1;
      wait(second * 1000 - now(), serve);
    };
    step();
  };
  wait(second * 1000 - now(), serve);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
