/**
 * How long after it was sent a request whose outcome the probe never saw may still take effect.
 * GWS applies operations asynchronously, and a request that timed out on the client may still
 * reach it (a queue, a slow proxy, a node catching up): seconds as a rule, minutes at worst. A
 * read at least this long after the send is the last one that may blame it.
 */
export const LATE_EFFECT_WINDOW_MS = 5 * 60_000;

/** Enough for one request per run of a 1 s probe that never gets an answer within the window. */
const MAX_UNSETTLED = 400;

/** A request sent whose effect the probe never saw. */
export interface UnsettledRequest<T> {
  readonly request: T;
  /** Epoch ms by the probe's clock. */
  readonly sentAt: number;
}

/**
 * The requests a probe sent whose outcome it never saw (no answer, or acknowledged and never
 * observed), kept across its runs: each may still take effect at any later moment, and a later
 * run that finds that effect must know it is the probe's own.
 */
export class UnsettledRequests<T> {
  #entries: UnsettledRequest<T>[] = [];

  get size(): number {
    return this.#entries.length;
  }

  add(request: T, sentAt: number): void {
    this.#entries.push({ request, sentAt });
    if (this.#entries.length > MAX_UNSETTLED) this.#entries.splice(0, this.#entries.length - MAX_UNSETTLED);
  }

  /** Removes and returns the oldest request that explains what a read showed. */
  take(explains: (request: T) => boolean): UnsettledRequest<T> | undefined {
    const index = this.#entries.findIndex((e) => explains(e.request));
    return index === -1 ? undefined : this.#entries.splice(index, 1)[0];
  }

  /** Forgets what can no longer take effect after a read at `readAt`: sent more than the window before it. */
  forgetBefore(readAt: number): void {
    this.#entries = this.#entries.filter((e) => e.sentAt + LATE_EFFECT_WINDOW_MS > readAt);
  }
}
