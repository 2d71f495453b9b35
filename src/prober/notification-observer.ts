import type { Credentials } from '../config/index.ts';
import { createNotificationStateObserver, type NotificationSessionCounter, type OpenFailure } from '../notifications/index.ts';
import { pollingObserver, type StateObserverFactory } from './state-change.ts';

export interface NotificationObserverOptions {
  /** API root of the target. */
  readonly baseUrl: string;
  /** The dedicated test agent. */
  readonly agent: Credentials;
  /** Counts the sessions (gwscheck_notification_sessions, ..._leaked_total). */
  readonly counter?: NotificationSessionCounter;
  /** Told when a run polls instead: no endpoint, a refused handshake, no connection. */
  readonly onFallback?: (failure: OpenFailure) => void;
}

/**
 * The state-change probe learns the outcome as an agent desktop does: from the
 * DeviceStateChangeMessage on /v2/me/devices [src: COMETD 8.5.2, NOTREADY]. Each run opens its own
 * session before the operation and closes it afterwards; where no session can be opened, the run
 * polls GET /me/devices instead.
 */
export function notificationObserver(options: NotificationObserverOptions): StateObserverFactory {
  return (context) =>
    createNotificationStateObserver({
      baseUrl: options.baseUrl,
      auth: { kind: 'basic', username: options.agent.username, password: options.agent.password },
      handshakeTimeoutMs: context.timeoutMs,
      now: () => context.clock.now(),
      fallback: () => pollingObserver(context),
      ...(options.counter !== undefined ? { counter: options.counter } : {}),
      ...(options.onFallback !== undefined ? { onFallback: options.onFallback } : {}),
    });
}
