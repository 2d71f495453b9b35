import { docLinks, type DocLink, type Operation } from '../../contracts/index.ts';
import { curlCommand, type ContractResult, type ReportedExchange, type ReportedViolation } from '../../reporters/index.ts';
import type { ProbeInfo } from '../plan.ts';
import type { KeptRun } from './history.ts';

/** A failed run's evidence as the JSON pages give it. */
export interface FailureView {
  readonly message: string | null;
  readonly violations: readonly ReportedViolation[];
  readonly exchange: ReportedExchange | null;
  readonly curl: string | null;
  readonly docs: readonly DocLink[];
}

/** The catalog entries the docs links come from, by operation id. */
export type OperationLookup = (id: string) => Operation | undefined;

/** A failed run's evidence; null for a run that did not fail, or whose details are no longer kept. */
export function failureView(run: KeptRun, probe: ProbeInfo, operation: OperationLookup): FailureView | null {
  const detail = run.detail;
  if (run.reason === null || detail === undefined) return null;
  const violations: ReportedViolation[] = detail.violations.map((v) => ({ ...v }));
  const request = detail.exchange?.request;
  return {
    message: detail.message,
    violations,
    exchange: detail.exchange,
    curl: request === undefined ? null : curlCommand(request),
    // As the gate's report: the operation's own pages, then those its violations cite.
    docs: docLinks(operation(probe.probe)?.summary ?? '', ...violations.map((v) => v.message)),
  };
}

/** The failed run as a failed contract, so that the gate report's renderer shows it. */
export function failedContract(run: KeptRun, probe: ProbeInfo, failure: FailureView, operation: OperationLookup): ContractResult {
  return {
    id: `failure-${run.id}`,
    name: `${probe.probe}: ${run.outcome} (${run.reason ?? 'failed'})`,
    operation: operation(probe.probe) === undefined ? null : probe.probe,
    tags: [probe.kind],
    outcome: 'failed',
    message: failure.message,
    violations: failure.violations,
    latencyMs: run.durationMs,
    durationMs: run.durationMs,
    attempts: 1,
    earlierFailures: [],
    exchange: failure.exchange,
    curl: failure.curl,
    docs: failure.docs,
    file: '',
  };
}
