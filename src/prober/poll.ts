import type { Clock } from './types.ts';

export interface PollOptions {
  readonly clock: Clock;
  readonly pollIntervalMs: number;
  /** Each read's own timeout; a read never runs past the deadline either. */
  readonly timeoutMs: number;
}

/**
 * Reads every `pollIntervalMs` until `read` returns a value or the deadline passes: the value and
 * the epoch ms of the read that found it, or null at the deadline or on abort. `read` gets the
 * timeout its request may take.
 */
export async function pollUntil<T>(
  options: PollOptions,
  deadline: number,
  signal: AbortSignal | undefined,
  read: (timeoutMs: number) => Promise<T | undefined>,
): Promise<{ readonly value: T; readonly at: number } | null> {
  const { clock } = options;
  while (signal?.aborted !== true) {
    const value = await read(Math.max(1, Math.min(options.timeoutMs, deadline - clock.now())));
    const at = clock.now();
    if (value !== undefined) return { value, at };
    if (at + options.pollIntervalMs > deadline) return null;
    await clock.sleep(options.pollIntervalMs, signal);
  }
  return null;
}
