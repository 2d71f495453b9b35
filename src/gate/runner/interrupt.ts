import { relative } from 'node:path';
import type { Reporter, TestCase, TestModule, TestSpecification } from 'vitest/node';
import type { ContractResult } from '../../reporters/index.ts';
import { runResult, toContractResult } from './collect.ts';
import { STOPPED_NOTE } from '../stop-channel.ts';

/** The signals that stop a gate run: SIGINT (Ctrl-C) and SIGTERM (a supervisor). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The signal an interrupt's AbortSignal was aborted with. */
export function stopSignalOf(signal: AbortSignal | undefined): StopSignal | undefined {
  if (signal?.aborted !== true) return undefined;
  return signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

/**
 * While vitest runs in this process, the SIGINT and SIGTERM listeners it adds are taken off again:
 * vitest's own listener ends the process a millisecond after the signal, before the running
 * contract has restored the agent and before any report is written. The gate decides instead.
 * A listener is added synchronously and a signal arrives through the event loop, so removing it
 * in the next microtask leaves no moment in which vitest's listener could run.
 * Returns the function that stops taking them off.
 */
export function keepSignalsFromVitest(): () => void {
  const known = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
  const added = (event: string | symbol, listener: (...args: unknown[]) => void): void => {
    if ((event !== 'SIGINT' && event !== 'SIGTERM') || known.has(listener)) return;
    queueMicrotask(() => process.off(event, listener));
  };
  process.on('newListener', added);
  return () => {
    process.off('newListener', added);
  };
}

/**
 * A vitest reporter that remembers which contracts the selection chose and which spec files were
 * to run, so an interrupted run can list what it did not finish. A contract counts as selected
 * when it is still to run once its file is collected (--grep and --tag have marked the rest).
 */
export class SelectionTracker implements Reporter {
  private files: string[] = [];
  private readonly collected = new Set<string>();
  private readonly selected: { name: string; file: string; tags: string[] }[] = [];

  constructor(private readonly root: string) {}

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.files = specifications.map((s) => relative(this.root, s.moduleId));
  }

  /** Contracts that finished, kept as they finish: a run abandoned after its grace never reports its end. */
  readonly finished: ContractResult[] = [];

  onTestCaseResult(test: TestCase): void {
    const result = toContractResult(test, this.root);
    if (result !== undefined) this.finished.push(result);
  }

  onTestModuleCollected(module: TestModule): void {
    const file = relative(this.root, module.moduleId);
    this.collected.add(file);
    for (const test of module.children.allTests()) {
      if (test.options.mode === 'run') this.selected.push({ name: test.name, file, tags: [...test.tags] });
    }
  }

  /**
   * The results of an interrupted run: those skipped because the run stopped, each selected contract
   * without a result, and each spec file the run never reached (its contracts unknown) become
   * skipped results marked interrupted.
   */
  interrupted(results: readonly ContractResult[], signal: StopSignal): ContractResult[] {
    const message = `not run: the run was interrupted by ${signal}`;
    const ran = results.map((r) => (r.outcome === 'skipped' && r.message === STOPPED_NOTE ? notRun(r.name, r.file, [...r.tags], message) : r));
    return [...ran, ...this.unfinished(ran, message)];
  }

  private unfinished(results: readonly ContractResult[], message: string): ContractResult[] {
    const done = new Set(results.map((r) => `${r.file}\u0000${r.name}`));
    const missing = this.selected.filter((t) => !done.has(`${t.file}\u0000${t.name}`)).map((t) => notRun(t.name, t.file, t.tags, message));
    // Interrupted before vitest listed the spec files: nothing ran.
    if (this.files.length === 0) return [notRun('every selected contract', 'specs', [], message)];
    const unreached = this.files.filter((file) => !this.collected.has(file)).map((file) => notRun(`${file}: every contract`, file, [], message));
    return [...missing, ...unreached];
  }
}

function notRun(name: string, file: string, tags: string[], message: string): ContractResult {
  const colon = name.indexOf(': ');
  const operation = colon > 0 && !name.startsWith(file) ? name.slice(0, colon) : null;
  return runResult({ name, operation, tags, outcome: 'skipped', interrupted: true, message, violations: [], attempts: 0, file });
}

/**
 * Waits for the run to end; once `interrupt` aborts, at most `graceMs` longer. Resolves false when
 * the grace ran out: the running contract did not finish, and its worker is abandoned.
 */
export function endsWithinGrace(run: Promise<unknown>, interrupt: AbortSignal | undefined, graceMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const startGrace = (): void => {
      timer = setTimeout(() => resolve(false), graceMs);
    };
    if (interrupt?.aborted === true) startGrace();
    else interrupt?.addEventListener('abort', startGrace, { once: true });
    run.then(
      () => resolve(true),
      (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
    ).finally(() => {
      clearTimeout(timer);
      interrupt?.removeEventListener('abort', startGrace);
    });
  });
}
