import { Counter, Gauge, type Registry } from 'prom-client';
import type { ProbeResult } from './types.ts';

const TARGET_LABELS = ['target'] as const;

/** What tells one synthetic probe's run series from another's. */
export interface RunSeriesSpec {
  /** `call` or `chat`: the metric names' middle part (`gwscheck_call_probe_runs_total`). */
  readonly medium: 'call' | 'chat';
  readonly outcomes: readonly string[];
  readonly cleanupReasons: readonly string[];
  /** The cleanup counter's help text, naming each reason. */
  readonly cleanupHelp: string;
}

/**
 * The series every synthetic probe (call, chat) has, labelled by target only: runs by outcome,
 * what it left behind by reason, and the timestamps and interval its "three runs in a row" alert
 * measures (timestamps rather than a count of failures in a row, as for the other probes).
 */
export function createRunSeries(registry: Registry, spec: RunSeriesSpec) {
  const registers = [registry];
  const noun = `synthetic-${spec.medium}`;
  const runs = new Counter({ name: `gwscheck_${spec.medium}_probe_runs_total`, help: `Synthetic-${spec.medium} probe runs by outcome.`, labelNames: [...TARGET_LABELS, 'outcome'] as const, registers });
  const cleanupFailures = new Counter({ name: `gwscheck_${spec.medium}_cleanup_failures_total`, help: spec.cleanupHelp, labelNames: [...TARGET_LABELS, 'reason'] as const, registers });
  const lastRun = new Gauge({ name: `gwscheck_${spec.medium}_probe_last_run_timestamp_seconds`, help: `Unix time the last ${noun} run started (0 before the first).`, labelNames: TARGET_LABELS, registers });
  const lastSuccess = new Gauge({ name: `gwscheck_${spec.medium}_probe_last_success_timestamp_seconds`, help: `Unix time the last successful ${noun} run started (0 before the first).`, labelNames: TARGET_LABELS, registers });
  const interval = new Gauge({ name: `gwscheck_${spec.medium}_probe_interval_seconds`, help: `Configured time between two ${noun} runs.`, labelNames: TARGET_LABELS, registers });
  return {
    /** Creates the target's series at 0, so rate() and increase() work from the first scrape. */
    declare(target: string, intervalSeconds: number): void {
      for (const outcome of spec.outcomes) runs.inc({ target, outcome }, 0);
      for (const reason of spec.cleanupReasons) cleanupFailures.inc({ target, reason }, 0);
      lastRun.set({ target }, 0);
      lastSuccess.set({ target }, 0);
      interval.set({ target }, intervalSeconds);
    },
    record(result: ProbeResult, leftBehind: readonly string[]): void {
      const target = result.target;
      runs.inc({ target, outcome: result.outcome });
      lastRun.set({ target }, result.startedAt / 1000);
      if (result.ok) lastSuccess.set({ target }, result.startedAt / 1000);
      for (const reason of leftBehind) cleanupFailures.inc({ target, reason });
    },
  };
}
