import type { Registry } from 'prom-client';
import { createFailureCounter, runExemplar } from './failure-counter.ts';
import { createRunSeries } from './run-series.ts';
import { HistogramFamily } from './series.ts';
import { CALL_CLEANUP_FAILURE_REASONS, SYNTHETIC_CALL_OUTCOMES, type ProbeResult } from './types.ts';

const TARGET_LABELS = ['target'] as const;

/**
 * Call set-up (Dial to Established) usually takes from a few hundred milliseconds (an IVR that
 * answers at once) to a few seconds (a ringing line); the probe's default settle timeout is 15 s.
 */
export const CALL_SETUP_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 10, 15, 30] as const;

/** Tear-down (Hangup to Released) is one switch transaction: well under a second when healthy. */
export const CALL_TEARDOWN_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15] as const;

/**
 * The synthetic-call probe's own series, labelled by target only: there is one such probe per
 * target, and its health is the call path's, not one operation's.
 */
export function createCallMetrics(registry: Registry) {
  const registers = [registry];
  const series = createRunSeries(registry, { medium: 'call', outcomes: SYNTHETIC_CALL_OUTCOMES, cleanupReasons: CALL_CLEANUP_FAILURE_REASONS, cleanupHelp: 'Calls the synthetic-call probe left behind, by reason: hangup_not_confirmed (a run could not confirm its call hung up), late_call (a Dial a run gave up on placed its call after it).' });
  const failures = createFailureCounter(registry);
  const setup = new HistogramFamily({
    name: 'gwscheck_call_setup_seconds',
    help: 'Time from sending the Dial until the call was observed Established.',
    labelNames: TARGET_LABELS,
    buckets: [...CALL_SETUP_BUCKETS],
    registers,
  });
  const teardown = new HistogramFamily({
    name: 'gwscheck_call_teardown_seconds',
    help: 'Time from sending the Hangup until the call was observed Released.',
    labelNames: TARGET_LABELS,
    buckets: [...CALL_TEARDOWN_BUCKETS],
    registers,
  });

  return {
    /** Creates every series of the target's call probe at 0, so rate() and increase() work from the first scrape. */
    declare(p: { readonly target: string; readonly intervalSeconds: number }): void {
      const target = p.target;
      series.declare(target, p.intervalSeconds);
      setup.zero({ target });
      teardown.zero({ target });
    },

    record(result: ProbeResult): void {
      const target = result.target;
      series.record(result, result.call?.cleanupFailures ?? []);
      failures.record(result);
      if (result.call === undefined) return;
      const exemplar = runExemplar(result);
      if (result.call.setupMs !== null) setup.observe({ target }, result.call.setupMs / 1000, exemplar);
      if (result.call.teardownMs !== null) teardown.observe({ target }, result.call.teardownMs / 1000, exemplar);
    },
  };
}

export type CallMetrics = ReturnType<typeof createCallMetrics>;
