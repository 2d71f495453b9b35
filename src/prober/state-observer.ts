import type { ClientResult, GwsClient } from '../client/index.ts';
import { observedState, type ObservedState } from '../contracts/agent-state.ts';
import type { AgentStateWaiter } from '../notifications/index.ts';
import type { Clock } from './types.ts';

/**
 * How the probe learns that a state took effect. Polling GET /me/devices is the default; a
 * notification listener (CometD `DeviceStateChangeMessage` on /v2/me/devices [src: COMETD]) can
 * take its place without changing the probe.
 */
export interface StateObserver extends AgentStateWaiter {
  /** Resolves once the observer can see a change (e.g. its notification subscription is in place); awaited before the operation is sent. */
  ready?(): Promise<void>;
}

export interface StateObserverContext {
  readonly client: GwsClient;
  readonly clock: Clock;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
}

export type StateObserverFactory = (context: StateObserverContext) => StateObserver;

const DEVICES_QUERY = Object.freeze({ fields: '*' });

/** The first device's voice state, or a one-line reason it could not be read. */
export async function readAgentState(
  client: GwsClient,
  timeoutMs: number,
): Promise<{ state: ObservedState; result: ClientResult } | { state: undefined; result: ClientResult; reason: string }> {
  const result = await client.request({ method: 'GET', path: '/me/devices', query: DEVICES_QUERY, auth: 'basic', timeoutMs });
  if (result.kind !== 'response') return { state: undefined, result, reason: result.error };
  const body = result.response.body as { statusCode?: unknown; devices?: { userState?: { state?: unknown } }[] } | undefined;
  const userState = Array.isArray(body?.devices) ? body.devices[0]?.userState : undefined;
  if (typeof userState?.state !== 'string') {
    const code = typeof body?.statusCode === 'number' ? `statusCode ${body.statusCode}` : `HTTP ${result.response.httpStatus}`;
    return { state: undefined, result, reason: `GET /me/devices?fields=* showed no device userState (${code})` };
  }
  return { state: observedState(userState), result };
}

/** Reads the state every `pollIntervalMs` until it matches or the deadline passes. */
export const pollingObserver: StateObserverFactory = ({ client, clock, pollIntervalMs, timeoutMs }) => ({
  async waitFor(match, deadline, signal) {
    while (signal?.aborted !== true) {
      const read = await readAgentState(client, Math.max(1, Math.min(timeoutMs, deadline - clock.now())));
      const seenAt = clock.now();
      if (read.state !== undefined && match(read.state)) return seenAt;
      if (seenAt + pollIntervalMs > deadline) return null;
      await clock.sleep(pollIntervalMs, signal);
    }
    return null;
  },
  close: () => Promise.resolve(),
});

/** A match for `waitFor`: the state is exactly `state`. */
export const isState = (state: ObservedState) => (seen: ObservedState): boolean => seen === state;
