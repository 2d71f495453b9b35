import { EXIT } from './exit-codes.ts';

/** Resolves with the first SIGINT or SIGTERM, then stops listening for either. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The shell's convention for a process ended by a signal: 128 + its number. */
export const SIGNAL_EXIT = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated } as const;

export interface StopSignals {
  /** Aborted at the first SIGINT or SIGTERM, with the signal's name as its reason. */
  readonly signal: AbortSignal;
  /** Stops listening. */
  dispose(): void;
}

/**
 * Turns the first SIGINT or SIGTERM into an abort, so a run can stop in order; the second ends the
 * process at once (exit 130 or 143) after `warn` has printed one line, for a user who will not wait.
 */
export function onStopSignals(warn: (line: string) => void): StopSignals {
  const controller = new AbortController();
  const listener = (signal: NodeJS.Signals): void => {
    if (signal !== 'SIGINT' && signal !== 'SIGTERM') return;
    if (!controller.signal.aborted) {
      controller.abort(signal);
      return;
    }
    warn(`gwscheck: second ${signal}, exiting now: the agent may not be in its starting state and no report was written`);
    process.exit(SIGNAL_EXIT[signal]);
  };
  process.on('SIGINT', listener);
  process.on('SIGTERM', listener);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', listener);
      process.off('SIGTERM', listener);
    },
  };
}
