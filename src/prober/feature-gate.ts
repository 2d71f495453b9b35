import type { Contracts, Operation } from '../contracts/index.ts';
import { inapplicableFeature } from './applicability.ts';
import type { TargetFeatures } from './features.ts';
import { NOT_APPLICABLE, type Clock, type ProbeKind, type ProbeResult } from './types.ts';

/**
 * A probe of an operation that needs a feature and fails reads the features again first (the
 * feature may just have been switched off), at most this often per target.
 */
export const FEATURE_RECHECK_MS = 30_000;

/**
 * The operations a probe of `op` may read before its own request, transitively: the sources of its
 * path parameters and the collection of a `memberOf` read. Their features are needed too.
 */
export function sourceOperations(op: Operation, contracts: Contracts): Operation[] {
  const found = new Map<string, Operation>();
  const pending = [op];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const ids = [...Object.values(next.paramSources ?? {}).map((source) => source.operation), ...(next.memberOf === undefined ? [] : [next.memberOf.operation])];
    for (const id of ids) {
      if (id === op.id || found.has(id)) continue;
      const source = contracts.operation(id);
      found.set(id, source);
      pending.push(source);
    }
  }
  return [...found.values()];
}

export interface FeatureGate {
  readonly target: string;
  readonly probe: string;
  readonly kind: ProbeKind;
  /** The operation the probe runs, and those it reads first (sourceOperations). */
  readonly op: Operation;
  readonly sources: readonly Operation[];
  readonly features: TargetFeatures;
  readonly clock: Clock;
}

type ProbeRun = (signal: AbortSignal) => Promise<ProbeResult>;

/**
 * A probe's run behind its target's features: `not_applicable`, without a request, while the
 * target does not enable a feature the operation (or a source of its path) needs. A failed run of
 * an operation probe that needs a feature reads the features again (at most every 30 s per
 * target): a feature switched off since the last read makes the run not apply rather than fail.
 * The state-change probe's failed run only triggers that read, for its next run: the run may have
 * moved its agent, and what it found stands.
 */
export function gateOnFeatures(gate: FeatureGate, run: ProbeRun): ProbeRun {
  const { op, sources, features } = gate;
  if (op.requiredFeatures.length === 0 && sources.every((source) => source.requiredFeatures.length === 0)) return run;
  return async (signal) => {
    const reason = inapplicableFeature(op, await features.current(), sources);
    if (reason !== undefined) {
      return {
        target: gate.target,
        probe: gate.probe,
        kind: gate.kind,
        ok: false,
        outcome: NOT_APPLICABLE,
        statusCode: null,
        responded: false,
        durationMs: 0,
        violations: [],
        error: reason,
        startedAt: gate.clock.now(),
      };
    }
    const result = await run(signal);
    if (result.ok || result.outcome === NOT_APPLICABLE || !result.responded || signal.aborted) return result;
    if (gate.kind !== 'operation') {
      void features.refreshIfOlderThan(FEATURE_RECHECK_MS);
      return result;
    }
    const now = inapplicableFeature(op, await features.refreshIfOlderThan(FEATURE_RECHECK_MS), sources);
    return now === undefined ? result : { ...result, ok: false, outcome: NOT_APPLICABLE, violations: [], error: now };
  };
}
