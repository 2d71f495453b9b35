import type { Violation } from '../../contracts/index.ts';
import type { ReportedExchange } from '../../reporters/index.ts';

/** What a failed run's page shows beyond its row in the ring. */
export interface RunDetail {
  /** The run's one-line error (a network failure, a setup problem), or null. */
  readonly message: string | null;
  readonly violations: readonly Violation[];
  /** The decisive request as sent and the answer as received, or null when the run recorded none. */
  readonly exchange: ReportedExchange | null;
}

/** Per kept detail beside its text: the map entry and the objects that hold it. */
const ENTRY_OVERHEAD_BYTES = 128;

/** The bytes a detail is counted for: its JSON text, plus its entry. */
export function detailBytes(detail: RunDetail): number {
  return Buffer.byteLength(JSON.stringify(detail), 'utf8') + ENTRY_OVERHEAD_BYTES;
}

/**
 * The details of failed runs, by run sequence number, under one byte budget for every probe:
 * when a new detail does not fit, the oldest go first. A detail larger than the whole budget is
 * not kept at all, so that one huge answer does not wipe every other probe's evidence.
 */
export class DetailStore {
  private readonly entries = new Map<number, { readonly detail: RunDetail; readonly bytes: number }>();
  private total = 0;

  constructor(readonly budgetBytes: number) {}

  /** Keeps `detail` for run `seq`; false when it alone is over the budget. */
  keep(seq: number, detail: RunDetail): boolean {
    const bytes = detailBytes(detail);
    if (bytes > this.budgetBytes) return false;
    this.drop(seq);
    // A Map iterates in insertion order: its first entry is the oldest detail.
    for (const [oldest] of this.entries) {
      if (this.total + bytes <= this.budgetBytes) break;
      this.drop(oldest);
    }
    this.entries.set(seq, { detail, bytes });
    this.total += bytes;
    return true;
  }

  get(seq: number): RunDetail | undefined {
    return this.entries.get(seq)?.detail;
  }

  drop(seq: number): void {
    const entry = this.entries.get(seq);
    if (entry === undefined) return;
    this.entries.delete(seq);
    this.total -= entry.bytes;
  }

  /** Bytes counted for the details kept. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }
}
