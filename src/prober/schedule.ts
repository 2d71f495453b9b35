import cron, { type Logger as CronLogger } from 'node-cron';
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
  /** One run; must not reject (the prober wraps every run). */
  readonly run: () => Promise<void>;
  /** Called instead of `run` when the previous run of the same job is still going. */
  readonly onSkip: () => void;
}

/** Runs jobs on a schedule. The default is node-cron; tests may drive ticks by hand. */
export interface Scheduler {
  schedule(request: ScheduleRequest): ScheduledJob;
}

/**
 * The six-field cron expression of a schedule. An `every` schedule starts at a stable offset
 * within its period (from the hash of `key`), so N probes at 15 s spread over the 15 seconds.
 */
export function cronExpression(schedule: ProbeSchedule, key: string): string {
  if (schedule.kind === 'cron') return schedule.expression;
  const period = schedule.seconds;
  const offset = stableHash(key) % period;
  const second = offset % 60;
  if (period < 60) return `${second}-59/${period} * * * * *`;
  const minute = Math.floor(offset / 60) % 60;
  if (period < 3600) return `${second} ${minute}-59/${period / 60} * * * *`;
  const hour = Math.floor(offset / 3600);
  return `${second} ${minute} ${hour}-23/${period / 3600} * * *`;
}

/** Seconds between two runs: exact for `every`, the gap between the next two runs for cron. */
export function intervalSeconds(schedule: ProbeSchedule): number {
  if (schedule.kind === 'every') return schedule.seconds;
  const task = cron.createTask(schedule.expression, () => undefined);
  const [a, b] = task.getNextRuns(2);
  void task.destroy();
  return a !== undefined && b !== undefined ? (b.getTime() - a.getTime()) / 1000 : 0;
}

/** Overlap is counted by the prober; node-cron's own WARN lines would repeat every tick. */
const quietLogger: CronLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/** node-cron 4 with `noOverlap`: a tick while the previous run is going is skipped and reported. */
export function cronScheduler(): Scheduler {
  return {
    schedule(request) {
      const task = cron.schedule(cronExpression(request.schedule, request.key), () => request.run(), {
        name: request.name,
        noOverlap: true,
        logger: quietLogger,
        // A run that starts late (busy event loop) still runs; the gap shows in last_run_timestamp.
        suppressMissedWarning: true,
      });
      task.on('execution:overlap', () => request.onSkip());
      return {
        async stop() {
          await task.stop();
          await task.destroy();
        },
      };
    },
  };
}
