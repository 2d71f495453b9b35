import { performance } from 'node:perf_hooks';
import { observedState, type ObservedState } from '../contracts/agent-state.ts';
import { DEVICES_CHANNEL, deviceStates } from './messages.ts';
import { openNotificationSession, type NotificationOptions, type NotificationSession, type OpenFailure, type ReceivedNotification } from './session.ts';

/** Anything that can wait for the voice agent state: the prober's polling observer has this shape. */
export interface AgentStateWaiter {
  /** Epoch ms (by the caller's clock) when a matching state was first seen, or null at the deadline or on abort. */
  waitFor(match: (state: ObservedState) => boolean, deadline: number, signal?: AbortSignal): Promise<number | null>;
  close(): Promise<void>;
}

export interface NotificationStateObserver extends AgentStateWaiter {
  /** Resolves once the session is subscribed, or once the fallback has taken over. */
  ready(): Promise<void>;
  /** How the states are being observed: undecided until `ready()` resolves. */
  readonly mode: 'pending' | 'notifications' | 'fallback';
}

export interface NotificationObserverOptions extends NotificationOptions {
  /** The caller's clock, epoch milliseconds. */
  readonly now: () => number;
  /** Takes over when no session can be opened (no endpoint, refused, unreachable). */
  readonly fallback: () => AgentStateWaiter;
  /** Told why, when the fallback takes over. */
  readonly onFallback?: (failure: OpenFailure) => void;
}

/**
 * Observes the agent's state through DeviceStateChangeMessage on /v2/me/devices, the way an agent
 * desktop learns the outcome of an operation [src: COMETD 8.5.2, NOTREADY]. The session opens at
 * creation; `ready()` must resolve before the operation is sent, or its notification could be missed.
 * Each `waitFor` considers only notifications after the one the previous `waitFor` matched, those
 * that arrived before the call included.
 */
export function createNotificationStateObserver(options: NotificationObserverOptions): NotificationStateObserver {
  let mode: NotificationStateObserver['mode'] = 'pending';
  let session: NotificationSession | undefined;
  let fallback: AgentStateWaiter | undefined;
  let lastMatch: ReceivedNotification | undefined;

  const useFallback = (failure: OpenFailure): void => {
    mode = 'fallback';
    fallback = options.fallback();
    options.onFallback?.(failure);
  };

  const opening = (async () => {
    const opened = await openNotificationSession(options);
    if (!opened.ok) {
      useFallback(opened);
      return;
    }
    const subscribed = await opened.session.subscribe([DEVICES_CHANNEL]);
    if (!subscribed.ok) {
      await opened.session.close();
      useFallback({ ok: false, failure: 'denied', detail: subscribed.detail });
      return;
    }
    session = opened.session;
    mode = 'notifications';
  })();

  const toClock = (receivedAt: number): number => options.now() - (performance.now() - receivedAt);

  return {
    get mode() {
      return mode;
    },
    ready: () => opening,
    async waitFor(match, deadline, signal) {
      await opening;
      if (fallback !== undefined) return fallback.waitFor(match, deadline, signal);
      if (session === undefined || signal?.aborted === true) return null;
      const previous = lastMatch;
      const matches = (n: ReceivedNotification): boolean => {
        if (n === previous || n.channel !== DEVICES_CHANNEL) return false;
        // The first device's userState, as GET /me/devices reads it.
        const first = deviceStates(n.message)?.[0];
        return first !== undefined && match(observedState(first));
      };
      const result = await session.waitFor(matches, {
        timeoutMs: Math.max(0, deadline - options.now()),
        ...(previous === undefined ? {} : { after: previous.receivedAt }),
        ...(signal === undefined ? {} : { signal }),
      });
      if (result.kind === 'timeout') return null;
      lastMatch = result.notification;
      return toClock(result.notification.receivedAt);
    },
    async close() {
      await opening;
      await Promise.all([session?.close(), fallback?.close()]);
    },
  };
}
