import type { GateConfig } from '../../config/index.ts';
import type { ShapeComparison } from '../../drift/index.ts';
import type { ContractReport, ContractResult, DriftFinding } from '../../reporters/index.ts';

/**
 * Additive violations of every contract, one finding per operation, pointer and change, with the
 * requests and contracts that saw it. A value in an open list changes from body to body; the
 * finding is about the list, so its message names the first new value seen.
 */
export function additiveDrift(results: readonly ContractResult[]): DriftFinding[] {
  const found = new Map<string, { finding: Omit<DriftFinding, 'requests' | 'contracts'>; requests: Set<string>; contracts: Set<string> }>();
  for (const result of results) {
    for (const v of result.violations) {
      if (v.grade !== 'additive') continue;
      const change = v.keyword === 'enum' ? 'new-enum-value' : 'new-attribute';
      const key = `${result.operation ?? ''}|${change}|${v.pointer}`;
      const entry = found.get(key) ?? { finding: { operation: result.operation, change, pointer: v.pointer, message: v.message }, requests: new Set<string>(), contracts: new Set<string>() };
      if (v.request !== undefined) entry.requests.add(v.request);
      entry.contracts.add(result.name);
      found.set(key, entry);
    }
  }
  return [...found.values()]
    .map(({ finding, requests, contracts }) => ({ ...finding, requests: [...requests].sort(), contracts: [...contracts].sort() }))
    .sort((a, b) => (a.operation ?? '').localeCompare(b.operation ?? '') || a.pointer.localeCompare(b.pointer));
}

/** The tag of contracts about endpoints the GWS documentation does not describe. */
const UNCONFIRMED = 'unconfirmed';

/**
 * A failed contract about an endpoint the documentation does not describe is a warning, like
 * additive drift: a server that lacks the endpoint is not broken by the documented contract.
 * Under --strict it fails.
 */
export function settleOutcome(result: ContractResult, strict: boolean): ContractResult {
  return result.outcome === 'failed' && !strict && result.tags.includes(UNCONFIRMED) ? { ...result, outcome: 'warning' } : result;
}

export interface SummaryInput {
  readonly results: readonly ContractResult[];
  readonly config: GateConfig;
  readonly target: string;
  readonly simulator: boolean;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly comparison: ShapeComparison | null;
  readonly recordedTo: string | null;
  /** The signal that stopped the run, when one did. */
  readonly interruptedBy?: 'SIGINT' | 'SIGTERM';
  /** The features the server enables; null when it lists none. */
  readonly features?: readonly string[] | null;
}

/**
 * The report and its verdict. The gate fails on a failed contract (breaking drift among them), on a
 * flaky one with --fail-on-flaky, and on a removed or retyped attribute since --compare's record;
 * with --strict also on attributes added since then (additive violations already failed their
 * contracts under --strict). An interrupted run never holds: it did not check everything selected.
 */
export function summarise(input: SummaryInput): ContractReport {
  const { config, comparison } = input;
  const results = input.results.map((r) => settleOutcome(r, config.strict));
  const count = (outcome: ContractResult['outcome']): number => results.filter((r) => r.outcome === outcome).length;
  const failed = count('failed');
  const flaky = count('flaky');
  const reasons: string[] = [];
  const notRun = results.filter((r) => r.interrupted === true).length;
  if (input.interruptedBy !== undefined) reasons.push(`interrupted by ${input.interruptedBy}: ${notRun} contract(s) not run`);
  if (failed > 0) reasons.push(`${failed} contract(s) failed`);
  if (flaky > 0 && config.failOnFlaky) reasons.push(`${flaky} contract(s) passed only on a retry (--fail-on-flaky)`);
  if (comparison !== null && comparison.breaking > 0) reasons.push(`${comparison.breaking} attribute(s) removed or retyped since ${comparison.baseline}`);
  if (comparison !== null && comparison.additive > 0 && config.strict) {
    reasons.push(`${comparison.additive} attribute(s) or list value(s) added since ${comparison.baseline} (--strict)`);
  }
  const drift = additiveDrift(results);
  return {
    schemaVersion: 2,
    tool: 'gwscheck',
    summary: {
      verdict: reasons.length === 0 ? 'held' : 'failed',
      total: results.length,
      passed: count('passed'),
      failed,
      skipped: count('skipped'),
      flaky,
      warnings: count('warning'),
      target: input.target,
      simulator: input.simulator,
      startedAt: input.startedAt.toISOString(),
      durationMs: input.durationMs,
      grep: config.grep ?? null,
      tags: [...config.tags],
      strict: config.strict,
      retries: config.retries,
      failOnFlaky: config.failOnFlaky,
      order: config.order,
      ...(input.features === undefined ? {} : { features: input.features }),
      additiveDrift: drift.length,
      ...(input.interruptedBy !== undefined ? { interrupted: { signal: input.interruptedBy, notRun } } : {}),
      reasons,
    },
    results,
    drift: { additive: drift, comparison, recordedTo: input.recordedTo },
  };
}
