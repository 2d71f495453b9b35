import { performance } from 'node:perf_hooks';
import type { Credentials } from '../config/index.ts';
import { openNotificationSession, type NotificationSession, type OpenFailure, type ReceivedNotification } from '../notifications/index.ts';
import type { Clock } from './types.ts';

/** One run's subscription to one topic, as the agent; `waitFor` answers undefined where there is none. */
export interface RunSession {
  /** Settles once the handshake and subscription are done or have failed (then `onFailure` was told). */
  readonly opened: Promise<void>;
  /** The first notification `predicate` takes, received during the run (before the wait too), until `deadline` on `clock`. */
  waitFor(predicate: (n: ReceivedNotification) => boolean, deadline: number, signal: AbortSignal | undefined): Promise<ReceivedNotification | undefined>;
  /** The clock reading at which a notification arrived (its `receivedAt`). */
  receivedOn(receivedAt: number): number;
  close(): Promise<void>;
}

/**
 * Opens a synthetic probe run's own CometD session as the agent and subscribes to `channel`, as an
 * agent desktop does; a missing endpoint, a refused handshake or subscription is `onFailure`'s,
 * and the run polls instead.
 */
export function openRunSession(
  options: { readonly baseUrl: string; readonly agent: Credentials; readonly channel: string; readonly timeoutMs: number; readonly clock: Clock },
  onFailure: (failure: OpenFailure) => void,
): RunSession {
  let session: NotificationSession | undefined;
  const opened = (async () => {
    const result = await openNotificationSession({
      baseUrl: options.baseUrl,
      auth: { kind: 'basic', username: options.agent.username, password: options.agent.password },
      handshakeTimeoutMs: options.timeoutMs,
    });
    if (!result.ok) return onFailure(result);
    const subscribed = await result.session.subscribe([options.channel]);
    if (!subscribed.ok) {
      await result.session.close();
      return onFailure({ ok: false, failure: 'denied', detail: subscribed.detail });
    }
    session = result.session;
  })();
  return {
    opened,
    async waitFor(predicate, deadline, signal) {
      if (session === undefined || signal?.aborted === true) return undefined;
      const result = await session.waitFor(predicate, { timeoutMs: Math.max(0, deadline - options.clock.now()), ...(signal ? { signal } : {}) });
      return result.kind === 'received' ? result.notification : undefined;
    },
    receivedOn: (receivedAt) => options.clock.now() - (performance.now() - receivedAt),
    async close() {
      await opened;
      await session?.close();
    },
  };
}
