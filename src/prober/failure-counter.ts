import type { Registry } from 'prom-client';
import { FAILURE_REASONS, failureReason } from './failure-reason.ts';
import { CounterFamily, type Exemplar } from './series.ts';
import type { ProbeResult } from './types.ts';

const NAME = 'gwscheck_probe_failures_total';
type FailureLabels = 'target' | 'probe' | 'reason';

/** The run a sample counted, as its exemplar: the run's id, at the run's start. */
export function runExemplar(result: Pick<ProbeResult, 'runId' | 'startedAt'>): Exemplar | undefined {
  return result.runId === undefined ? undefined : { labels: { run_id: result.runId }, timestamp: result.startedAt };
}

/**
 * gwscheck_probe_failures_total of this registry. Every kind of probe counts its failed runs in
 * it (the operation probes' families, the synthetic call's, the synthetic chat's), and a registry
 * holds a name once: whichever family asks first creates it, the others count into the same one.
 */
function failuresOf(registry: Registry): CounterFamily<FailureLabels> {
  const registered: unknown = registry.getSingleMetric(NAME);
  if (registered instanceof CounterFamily) return registered as CounterFamily<FailureLabels>;
  return new CounterFamily({
    name: NAME,
    help: `Failed runs by reason, one of: ${FAILURE_REASONS.join(', ')}. A reason's series appears with its first failure.`,
    labelNames: ['target', 'probe', 'reason'] as const,
    registers: [registry],
  });
}

/** Counts each failed run once, by failureReason(), with the run as the exemplar; a run that held or did not apply counts nothing. */
export function createFailureCounter(registry: Registry) {
  const failures = failuresOf(registry);
  return {
    record(result: ProbeResult): void {
      const reason = failureReason(result);
      if (reason === undefined) return;
      failures.inc({ target: result.target, probe: result.probe, reason }, 1, runExemplar(result));
    },
  };
}
