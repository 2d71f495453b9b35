import { redactDeep } from '../../client/index.ts';
import { failureReason } from '../failure-reason.ts';
import type { ProbeInfo } from '../plan.ts';
import { probeKey } from '../shard.ts';
import type { ProbeResult } from '../types.ts';
import { DetailStore, type RunDetail } from './details.ts';
import { RunRing, type RunRow } from './ring.ts';
import { runIdOf, runIds, type RunIds } from './run-ids.ts';

/** How much the results pages keep: the last `runs` runs of each probe, failed runs' details within `detailBytes`. */
export interface ResultsSettings {
  /** 1 to 1000. */
  readonly runs: number;
  /** The byte budget of every failed run's details together. */
  readonly detailBytes: number;
}

export const RESULTS_DEFAULTS: ResultsSettings = Object.freeze({ runs: 20, detailBytes: 32 * 1024 * 1024 });
/** The runs of each probe `/probes` shows: a small timeline, however many runs are kept. */
export const RECENT_RUNS = 20;
export const MAX_RUNS_KEPT = 1000;

/** One kept run: its row and, for a failed run whose details are still kept, those. */
export interface KeptRun extends RunRow {
  readonly id: string;
  readonly detail: RunDetail | undefined;
}

/** A probe's kept runs and when it last held and last failed. */
export interface ProbeRecord {
  readonly info: ProbeInfo;
  /** Epoch milliseconds, null before the first. */
  readonly lastSuccessAt: number | null;
  readonly lastFailureAt: number | null;
  /** Newest first. */
  readonly runs: readonly KeptRun[];
}

/** The run history the results pages read; the prober feeds it with `record`. */
export interface RunHistory {
  readonly runsKept: number;
  /** The probes in the order the pages list them. */
  readonly probes: readonly ProbeInfo[];
  /** A probe's record with its newest `limit` runs (all kept ones by default), or undefined for a probe the prober does not run. */
  probe(target: string, probe: string, limit?: number): ProbeRecord | undefined;
  /** The same by the probe's position in `probes`. */
  probeAt(index: number, limit?: number): ProbeRecord;
  /** The probe a kept run belongs to; undefined for an id this process did not give or a run no longer kept. */
  locate(runId: string): ProbeInfo | undefined;
}

/** Gives each reported run its id and, when the pages are on, keeps it. */
export interface RunRecorder {
  /** The result with its `runId`. */
  readonly record: (result: ProbeResult) => ProbeResult;
  /** Undefined when the results pages are off: nothing is kept. */
  readonly history: RunHistory | undefined;
}

export interface RunRecorderOptions {
  readonly probes: readonly ProbeInfo[];
  /** false: the results pages are off, runs only get their ids. */
  readonly settings: ResultsSettings | false;
  /** The target's credential redaction, applied once more to what a page will show. */
  readonly redactFor: (target: string) => (text: string) => string;
  readonly ids?: RunIds;
}

export function createRunRecorder(options: RunRecorderOptions): RunRecorder {
  const ids = options.ids ?? runIds();
  const { settings } = options;
  if (settings === false) return { record: (result) => ({ ...result, runId: ids.next().id }), history: undefined };
  if (!Number.isInteger(settings.runs) || settings.runs < 1 || settings.runs > MAX_RUNS_KEPT) {
    throw new Error(`runs kept ${settings.runs} is out of range (expected 1 to ${MAX_RUNS_KEPT})`);
  }
  const probes = options.probes;
  const indexOf = new Map(probes.map((p, i) => [probeKey(p.target, p.probe), i]));
  const ring = new RunRing(probes.length, settings.runs);
  const details = new DetailStore(settings.detailBytes);

  function record(result: ProbeResult): ProbeResult {
    const { id, seq } = ids.next();
    const index = indexOf.get(probeKey(result.target, result.probe));
    if (index === undefined) return { ...result, runId: id };
    const reason = failureReason(result) ?? null;
    const evicted = ring.push(index, {
      seq,
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      outcome: result.outcome,
      ok: result.ok,
      statusCode: result.statusCode,
      reason,
    });
    if (evicted !== undefined) details.drop(evicted);
    if (reason !== null) {
      const detail: RunDetail = { message: result.error ?? null, violations: result.violations, exchange: result.exchange ?? null };
      details.keep(seq, redactDeep(detail, options.redactFor(result.target)));
    }
    return { ...result, runId: id };
  }

  function probeAt(index: number, limit = ring.runs): ProbeRecord {
    const info = probes[index];
    if (info === undefined) throw new RangeError(`no probe at ${index}`);
    const runs: KeptRun[] = [];
    for (let age = 0, kept = Math.min(ring.kept(index), limit); age < kept; age += 1) {
      const row = ring.at(index, age);
      runs.push({ ...row, id: runIdOf(ids.tag, row.seq), detail: row.reason === null ? undefined : details.get(row.seq) });
    }
    const last = ring.lastTimes(index);
    return { info, lastSuccessAt: last.success, lastFailureAt: last.failure, runs };
  }

  const history: RunHistory = {
    runsKept: ring.runs,
    probes,
    probe(target, probe, limit) {
      const index = indexOf.get(probeKey(target, probe));
      return index === undefined ? undefined : probeAt(index, limit);
    },
    probeAt,
    locate(runId) {
      const seq = ids.seqOf(runId);
      const index = seq === undefined ? undefined : ring.probeOf(seq);
      return index === undefined ? undefined : probes[index];
    },
  };
  return { record, history };
}
