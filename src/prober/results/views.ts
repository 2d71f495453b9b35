import type { FailureReason } from '../failure-reason.ts';
import type { ProbeOutcome } from '../types.ts';
import { failureView, type FailureView, type OperationLookup } from './failure.ts';
import { RECENT_RUNS, type KeptRun, type ProbeRecord, type RunHistory } from './history.ts';

/** The JSON shapes of the results pages (docs/prober.md, "Results pages"). */
export interface RecentRunView {
  readonly id: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly outcome: ProbeOutcome;
  readonly ok: boolean;
}

export interface LastRunView extends RecentRunView {
  readonly reason: FailureReason | null;
}

export interface ProbeSummaryView {
  readonly target: string;
  readonly probe: string;
  readonly kind: string;
  readonly intervalSeconds: number;
  readonly lastRun: LastRunView | null;
  readonly lastSuccessAt: string | null;
  readonly lastFailureAt: string | null;
  /** The last RECENT_RUNS runs at most, oldest first. */
  readonly recent: readonly RecentRunView[];
}

export interface RunView extends LastRunView {
  readonly durationMs: number;
  readonly statusCode: number | null;
  /** Null for a run that did not fail, or a failed run whose details are no longer kept. */
  readonly failure: FailureView | null;
}

export interface ProbeRunsView {
  readonly target: string;
  readonly probe: string;
  readonly kind: string;
  readonly intervalSeconds: number;
  readonly runsKept: number;
  /** Newest first. */
  readonly runs: readonly RunView[];
}

export function isoTime(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}

function recentOf(run: KeptRun): RecentRunView {
  return { id: run.id, startedAt: new Date(run.startedAt).toISOString(), outcome: run.outcome, ok: run.ok };
}

export function probeSummary(record: ProbeRecord): ProbeSummaryView {
  const { info, runs } = record;
  const last = runs[0];
  return {
    target: info.target,
    probe: info.probe,
    kind: info.kind,
    intervalSeconds: info.intervalSeconds,
    lastRun: last === undefined ? null : { ...recentOf(last), reason: last.reason },
    lastSuccessAt: isoTime(record.lastSuccessAt),
    lastFailureAt: isoTime(record.lastFailureAt),
    recent: runs.map(recentOf).reverse(),
  };
}

export function runView(run: KeptRun, record: ProbeRecord, operation: OperationLookup): RunView {
  return {
    ...recentOf(run),
    reason: run.reason,
    durationMs: run.durationMs,
    statusCode: run.statusCode,
    failure: failureView(run, record.info, operation),
  };
}

/** The JSON of `/probes`, in pieces: one per probe, so that 10,000 probes are never one string. */
export function* probesJson(history: RunHistory): Generator<string> {
  yield `{"runsKept":${history.runsKept},"probes":[`;
  for (let i = 0; i < history.probes.length; i += 1) yield `${i === 0 ? '' : ','}${JSON.stringify(probeSummary(history.probeAt(i, RECENT_RUNS)))}`;
  yield ']}\n';
}

/** The JSON of `/probes/{target}/{probe}`, one piece per run. */
export function* probeRunsJson(record: ProbeRecord, runsKept: number, operation: OperationLookup): Generator<string> {
  const { info } = record;
  const head: Omit<ProbeRunsView, 'runs'> = { target: info.target, probe: info.probe, kind: info.kind, intervalSeconds: info.intervalSeconds, runsKept };
  yield `${JSON.stringify(head).slice(0, -1)},"runs":[`;
  for (const [i, run] of record.runs.entries()) yield `${i === 0 ? '' : ','}${JSON.stringify(runView(run, record, operation))}`;
  yield ']}\n';
}
