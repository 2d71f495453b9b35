import cron, { type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { ProbeSchedule } from '../config/index.ts';
import { stableHash } from './shard.ts';

/** A scheduled job that can be stopped; stopping never waits for a run in progress. */
export interface ScheduledJob {
  stop(): Promise<void>;
}

export interface ScheduleRequest {
  /** Unique job name (target and probe). */
  readonly name: string;
  /** Spreads `every` schedules over their period so probes of a large estate do not fire together. */
  readonly key: string;
  readonly schedule: ProbeSchedule;
  /** One run, given the epoch milliseconds it was due; must not reject (the prober wraps every run). */
  readonly run: (dueAt: number) => Promise<void>;
  /** Called instead of `run` when the previous run of the same job is still going. */
  readonly onSkip: () => void;
}

/** Runs jobs on a schedule. The default is node-cron; tests may drive ticks by hand. */
export interface Scheduler {
  schedule(request: ScheduleRequest): ScheduledJob;
}

/**
 * Where an `every` schedule fires within its period, in milliseconds: a stable hash of `key`, so
 * 1,000 probes at 15 s fall due about one every 15 ms rather than 67 at once on each second.
 */
export function offsetMs(seconds: number, key: string): number {
  return avalanche(stableHash(key)) % (seconds * 1000);
}

/** MurmurHash3's finaliser: FNV-1a's low bits clump for keys that differ in one character. */
function avalanche(hash: number): number {
  let h = hash;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Epoch milliseconds of the latest firing of an `every` schedule at or before `now`. */
export function lastDue(seconds: number, key: string, now: number): number {
  const period = seconds * 1000;
  const offset = offsetMs(seconds, key);
  return now - ((((now - offset) % period) + period) % period);
}

/** Seconds between two runs: exact for `every`, the gap between the next two runs for cron. */
export function intervalSeconds(schedule: ProbeSchedule): number {
  if (schedule.kind === 'every') return schedule.seconds;
  const task = cron.createTask(schedule.expression, () => undefined);
  const [a, b] = task.getNextRuns(2);
  void task.destroy();
  return a !== undefined && b !== undefined ? (b.getTime() - a.getTime()) / 1000 : 0;
}

/** node-cron's own WARN lines (a late tick) would repeat every second under load. */
const quietLogger: CronLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

interface Entry {
  readonly request: ScheduleRequest;
  running: boolean;
  stopped: boolean;
}

/** Starts one run of a job unless its previous run is still going (then counts the skip). */
function fire(entry: Entry, dueAt: number): void {
  if (entry.stopped) return;
  if (entry.running) {
    entry.request.onSkip();
    return;
  }
  entry.running = true;
  void entry.request.run(dueAt).finally(() => {
    entry.running = false;
  });
}

/** `every` jobs of one period, bucketed by the second of the period they fall due in. */
interface PeriodBuckets {
  readonly seconds: number;
  /** Key: second within the period (sparse: a 12 h period has 43,200 seconds). */
  readonly bySecond: Map<number, { ms: number; entry: Entry }[]>;
}

/** Catch-up bound: a tick held up longer than this (a suspended process) does not replay the gap. */
const MAX_CATCH_UP_SECONDS = 5;

/**
 * node-cron stays the clock, but as one task per distinct expression instead of one per probe:
 * one every-second tick dispatches every `every` job due in that second, each at its own
 * millisecond offset; each custom cron expression gets one task for all the jobs that share it.
 * A tick that arrives late (busy event loop) still dispatches every second it missed, at once.
 */
export function cronScheduler(): Scheduler {
  const periods = new Map<number, PeriodBuckets>();
  const byExpression = new Map<string, { task: ScheduledTask; entries: Set<Entry> }>();
  let everyTask: ScheduledTask | undefined;
  let everyJobs = 0;
  let lastSecond = Math.floor(Date.now() / 1000);
  const timers = new Set<NodeJS.Timeout>();

  const dispatchSecond = (second: number): void => {
    const start = second * 1000;
    const due: { ms: number; entry: Entry }[] = [];
    for (const period of periods.values()) due.push(...(period.bySecond.get(second % period.seconds) ?? []));
    if (due.length === 0) return;
    due.sort((a, b) => a.ms - b.ms);
    // One timer walks the second's sorted list, so a second with 700 runs costs a few timers, not 700.
    let next = 0;
    const step = (): void => {
      const elapsed = Date.now() - start;
      while (next < due.length && (due[next]?.ms ?? 0) <= elapsed) {
        const item = due[next] as { ms: number; entry: Entry };
        next += 1;
        fire(item.entry, start + item.ms);
      }
      if (next < due.length) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          step();
        }, (due[next]?.ms ?? 0) - elapsed);
        timers.add(timer);
      }
    };
    step();
  };

  const tick = (): void => {
    const now = Math.floor(Date.now() / 1000);
    const from = Math.max(lastSecond + 1, now - MAX_CATCH_UP_SECONDS);
    for (let second = from; second <= now; second += 1) dispatchSecond(second);
    lastSecond = Math.max(lastSecond, now);
  };

  function scheduleEvery(entry: Entry, seconds: number): () => void {
    let period = periods.get(seconds);
    if (period === undefined) {
      period = { seconds, bySecond: new Map() };
      periods.set(seconds, period);
    }
    const offset = offsetMs(seconds, entry.request.key);
    const second = Math.floor(offset / 1000);
    const bucket = period.bySecond.get(second) ?? [];
    period.bySecond.set(second, bucket);
    bucket.push({ ms: offset % 1000, entry });
    everyJobs += 1;
    if (everyTask === undefined) {
      lastSecond = Math.floor(Date.now() / 1000);
      everyTask = cron.schedule('* * * * * *', tick, { name: 'gwscheck-every', logger: quietLogger, suppressMissedWarning: true });
    }
    return () => {
      const at = bucket.findIndex((item) => item.entry === entry);
      if (at >= 0) bucket.splice(at, 1);
      everyJobs -= 1;
    };
  }

  function scheduleCron(entry: Entry, expression: string): () => void {
    let group = byExpression.get(expression);
    if (group === undefined) {
      const entries = new Set<Entry>();
      const task = cron.schedule(
        expression,
        () => {
          const dueAt = Math.floor(Date.now() / 1000) * 1000;
          for (const e of entries) fire(e, dueAt);
        },
        { name: `gwscheck-cron ${expression}`, logger: quietLogger, suppressMissedWarning: true },
      );
      group = { task, entries };
      byExpression.set(expression, group);
    }
    group.entries.add(entry);
    return () => group.entries.delete(entry);
  }

  async function release(): Promise<void> {
    if (everyJobs === 0 && everyTask !== undefined) {
      const task = everyTask;
      everyTask = undefined;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await task.stop();
      await task.destroy();
    }
    for (const [expression, group] of byExpression) {
      if (group.entries.size > 0) continue;
      byExpression.delete(expression);
      await group.task.stop();
      await group.task.destroy();
    }
  }

  return {
    schedule(request) {
      const entry: Entry = { request, running: false, stopped: false };
      const remove = request.schedule.kind === 'every' ? scheduleEvery(entry, request.schedule.seconds) : scheduleCron(entry, request.schedule.expression);
      return {
        async stop() {
          if (entry.stopped) return;
          entry.stopped = true;
          remove();
          await release();
        },
      };
    },
  };
}
