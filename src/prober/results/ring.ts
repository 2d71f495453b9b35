import type { FailureReason } from '../failure-reason.ts';
import type { ProbeOutcome } from '../types.ts';
import { outcomeCode, outcomeOf, reasonCode, reasonOf } from './codes.ts';

/** What the ring keeps of one run. */
export interface RunRow {
  /** The run's sequence number (its id's), from 1. */
  readonly seq: number;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly outcome: ProbeOutcome;
  readonly ok: boolean;
  readonly statusCode: number | null;
  /** Why a failed run failed; null for a run that held or did not apply. */
  readonly reason: FailureReason | null;
}

/** Bytes the ring spends per kept run: start, sequence and statusCode (8 each), duration (4), outcome and reason (1 each). */
export const BYTES_PER_RUN = 30;

const OK_BIT = 0x80;

/**
 * The last `runs` runs of every probe in one structure of arrays: a slot per probe and run in
 * typed arrays, so that 10,000 probes keeping 20 runs each are a few megabytes in a handful of
 * objects instead of 200,000 objects for the collector to walk.
 */
export class RunRing {
  readonly runs: number;
  private readonly startedAt: Float64Array;
  private readonly seqs: Float64Array;
  /** NaN: the answer had no statusCode. */
  private readonly statusCodes: Float64Array;
  private readonly durations: Float32Array;
  /** The outcome's code, with OK_BIT set for a run that held. */
  private readonly outcomes: Uint8Array;
  private readonly reasons: Uint8Array;
  /** Runs pushed per probe, kept or not. */
  private readonly counts: Float64Array;
  /** NaN until the probe's first such run. */
  private readonly lastSuccess: Float64Array;
  private readonly lastFailure: Float64Array;

  constructor(probes: number, runs: number) {
    if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs kept ${runs} is not a positive whole number`);
    const slots = probes * runs;
    this.runs = runs;
    this.startedAt = new Float64Array(slots);
    this.seqs = new Float64Array(slots);
    this.statusCodes = new Float64Array(slots);
    this.durations = new Float32Array(slots);
    this.outcomes = new Uint8Array(slots);
    this.reasons = new Uint8Array(slots);
    this.counts = new Float64Array(probes);
    this.lastSuccess = new Float64Array(probes).fill(NaN);
    this.lastFailure = new Float64Array(probes).fill(NaN);
  }

  /** Keeps `row` as the probe's newest run; returns the sequence number of the run it pushed out, if one was. */
  push(probe: number, row: RunRow): number | undefined {
    const count = this.counts[probe] ?? 0;
    const slot = probe * this.runs + (count % this.runs);
    const evicted = count >= this.runs ? this.seqs[slot] : undefined;
    this.startedAt[slot] = row.startedAt;
    this.seqs[slot] = row.seq;
    this.statusCodes[slot] = row.statusCode ?? NaN;
    this.durations[slot] = row.durationMs;
    this.outcomes[slot] = outcomeCode(row.outcome) | (row.ok ? OK_BIT : 0);
    this.reasons[slot] = reasonCode(row.reason ?? undefined);
    this.counts[probe] = count + 1;
    if (row.ok) this.lastSuccess[probe] = row.startedAt;
    if (row.reason !== null) this.lastFailure[probe] = row.startedAt;
    return evicted;
  }

  /** How many runs of the probe are kept. */
  kept(probe: number): number {
    return Math.min(this.counts[probe] ?? 0, this.runs);
  }

  /** A kept run of the probe: age 0 is the newest, `kept(probe) - 1` the oldest. */
  at(probe: number, age: number): RunRow {
    const count = this.counts[probe] ?? 0;
    if (age < 0 || age >= this.kept(probe)) throw new RangeError(`run ${age} of probe ${probe} is not kept`);
    const slot = probe * this.runs + ((count - 1 - age) % this.runs);
    const code = this.outcomes[slot] ?? 0;
    const status = this.statusCodes[slot] ?? NaN;
    return {
      seq: this.seqs[slot] ?? 0,
      startedAt: this.startedAt[slot] ?? 0,
      // Float32 keeps about 7 digits: rounded to the microsecond, a duration reads as it was measured.
      durationMs: Math.round((this.durations[slot] ?? 0) * 1000) / 1000,
      outcome: outcomeOf(code & ~OK_BIT),
      ok: (code & OK_BIT) !== 0,
      statusCode: Number.isNaN(status) ? null : status,
      reason: reasonOf(this.reasons[slot] ?? 0),
    };
  }

  /** Start of the probe's last run that held, and of its last failed run; null before the first. */
  lastTimes(probe: number): { readonly success: number | null; readonly failure: number | null } {
    const success = this.lastSuccess[probe] ?? NaN;
    const failure = this.lastFailure[probe] ?? NaN;
    return { success: Number.isNaN(success) ? null : success, failure: Number.isNaN(failure) ? null : failure };
  }

  /** The probe a kept run belongs to, or undefined once the run has left the ring (or never was). */
  probeOf(seq: number): number | undefined {
    // A scan of one typed array: a page request's cost, where an index would cost memory on every run.
    const slot = this.seqs.indexOf(seq);
    return seq >= 1 && slot >= 0 ? Math.floor(slot / this.runs) : undefined;
  }
}
