import type { Reporter, TestCase } from 'vitest/node';
import { OUTCOME_LABEL, painter, type ContractOutcome } from '../../reporters/index.ts';
import { toContractResult } from './collect.ts';
import { settleOutcome } from './summary.ts';

/** live: a terminal, lines plus a status line rewritten in place; plain: one line each, no escapes; off: --quiet. */
export type ProgressMode = 'live' | 'plain' | 'off';

export interface ProgressOptions {
  readonly root: string;
  /** --strict: a failed unconfirmed contract is a failure, not a warning. */
  readonly strict: boolean;
  readonly mode: Exclude<ProgressMode, 'off'>;
  readonly color: boolean;
  readonly write: (text: string) => void;
  readonly now?: () => number;
}

/** Erase the current terminal line and return to its start. */
const CLEAR_LINE = '\r\u001b[2K';

/**
 * A vitest reporter that prints each contract as it finishes (outcome, name, time), with a running
 * count: on a terminal a status line below the finished ones, in CI a count on every line.
 * It runs in the gate's own process; the specs run in a vitest worker.
 */
export class ContractProgress implements Reporter {
  private readonly counts: Record<ContractOutcome, number> = { passed: 0, failed: 0, warning: 0, flaky: 0, skipped: 0 };
  private done = 0;
  private readonly startedAt: number;
  private readonly paint: ReturnType<typeof painter>;

  constructor(private readonly options: ProgressOptions) {
    this.startedAt = (options.now ?? Date.now)();
    this.paint = painter(options.color);
  }

  onTestCaseResult(test: TestCase): void {
    const found = toContractResult(test, this.options.root);
    if (found === undefined) return;
    const result = settleOutcome(found, this.options.strict);
    this.done += 1;
    this.counts[result.outcome] += 1;
    const label = OUTCOME_LABEL[result.outcome];
    const why =
      result.outcome === 'skipped'
        ? `: ${result.message ?? 'no reason given'}`
        : result.outcome === 'failed' || result.outcome === 'warning'
          ? `\n        ${result.violations[0]?.message ?? (result.message ?? '').split('\n')[0] ?? ''}`
          : '';
    const line = `${this.paint(label.tone, label.word.padEnd(5))} ${result.name} ${this.paint('dim', `(${result.durationMs} ms)`)}${why}`;
    if (this.options.mode === 'plain') {
      this.options.write(`[${this.done}] ${line}\n`);
    } else {
      this.options.write(`${CLEAR_LINE}${line}\n${this.status()}`);
    }
  }

  /** On a terminal the status line names the contract that is running, so a slow one does not look hung. */
  onTestCaseReady(test: TestCase): void {
    if (this.options.mode === 'live') this.options.write(`${CLEAR_LINE}${this.status()}${this.paint('dim', ` · running ${test.name}`)}`);
  }

  onTestRunEnd(): void {
    if (this.options.mode === 'live' && this.done > 0) this.options.write(CLEAR_LINE);
  }

  /** "12 done: 10 passed, 1 failed, 1 skipped · 8.2 s" */
  private status(): string {
    const parts = (Object.keys(this.counts) as ContractOutcome[]).filter((o) => this.counts[o] > 0).map((o) => `${this.counts[o]} ${o}`);
    const seconds = (((this.options.now ?? Date.now)() - this.startedAt) / 1000).toFixed(1);
    return this.paint('bold', `${this.done} done${parts.length > 0 ? `: ${parts.join(', ')}` : ''} · ${seconds} s`);
  }
}
