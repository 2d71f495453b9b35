export interface EventuallyOptions {
  /** Give up after this long (default 5000 ms). */
  readonly deadlineMs?: number;
  /** First pause between attempts; doubles up to `maxDelayMs` (defaults 50 and 800 ms). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface EventuallyResult<T> {
  readonly ok: boolean;
  /** The last value observed (the matching one when ok). */
  readonly last: T;
  readonly attempts: number;
  readonly elapsedMs: number;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `observe` with exponential backoff until `accept` holds or the deadline passes.
 * Never throws for a value that does not match: the caller words the failure with `last`.
 */
export async function eventually<T>(
  observe: () => Promise<T>,
  accept: (value: T) => boolean,
  options: EventuallyOptions = {},
): Promise<EventuallyResult<T>> {
  const deadlineMs = options.deadlineMs ?? 5000;
  let delay = options.initialDelayMs ?? 50;
  const maxDelay = options.maxDelayMs ?? 800;
  const started = performance.now();
  let attempts = 0;
  for (;;) {
    attempts += 1;
    const last = await observe();
    const elapsedMs = Math.round(performance.now() - started);
    if (accept(last)) return { ok: true, last, attempts, elapsedMs };
    const remaining = deadlineMs - (performance.now() - started);
    if (remaining <= 0) return { ok: false, last, attempts, elapsedMs };
    await pause(Math.min(delay, remaining));
    delay = Math.min(delay * 2, maxDelay);
  }
}
