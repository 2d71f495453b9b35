import type { ClientResult, GwsClient, PhaseTimings } from '../client/index.ts';
import type { Contracts, Operation } from '../contracts/index.ts';
import { failureOutcome } from './probe.ts';
import type { Clock, ProbeOutcome, ProbeResult } from './types.ts';

/** The voice agent state as GET /me/devices?fields=* shows it [src: DEVRES, NOTREADY]. */
export interface AgentState {
  readonly state: string;
  readonly workMode?: string;
}

/** The agent-state operations of POST /me/channels/voice [src: READY, NOTREADY, ACW, AUX]. */
export type AgentStateOperation = 'Ready' | 'NotReady' | 'AfterCallWork' | 'AuxWork';

/**
 * How the probe learns that a state took effect. Polling GET /me/devices is the default; a
 * notification listener (CometD `DeviceStateChangeMessage` on /v2/me/devices [src: COMETD]) can
 * take its place without changing the probe.
 */
export interface StateObserver {
  /** Epoch ms when a matching state was first seen, or null at the deadline or on abort. */
  waitFor(match: (state: AgentState) => boolean, deadline: number, signal?: AbortSignal): Promise<number | null>;
  /** Releases whatever the observer holds (a session, a subscription). */
  close(): Promise<void>;
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

/** The first device's userState, or a one-line reason it could not be read. */
export async function readAgentState(
  client: GwsClient,
  timeoutMs: number,
): Promise<{ state: AgentState; result: ClientResult } | { state: undefined; result: ClientResult; reason: string }> {
  const result = await client.request({ method: 'GET', path: '/me/devices', query: DEVICES_QUERY, auth: 'basic', timeoutMs });
  if (result.kind !== 'response') return { state: undefined, result, reason: result.error };
  const body = result.response.body as { statusCode?: unknown; devices?: { userState?: { state?: unknown; workMode?: unknown } }[] } | undefined;
  const userState = Array.isArray(body?.devices) ? body.devices[0]?.userState : undefined;
  if (typeof userState?.state !== 'string') {
    const code = typeof body?.statusCode === 'number' ? `statusCode ${body.statusCode}` : `HTTP ${result.response.httpStatus}`;
    return { state: undefined, result, reason: `GET /me/devices?fields=* showed no device userState (${code})` };
  }
  const workMode = typeof userState.workMode === 'string' ? userState.workMode : undefined;
  return { state: { state: userState.state, ...(workMode !== undefined ? { workMode } : {}) }, result };
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

/** The operation that puts an agent back in `state`; undefined for states no operation reaches. */
export function operationFor(state: AgentState): AgentStateOperation | undefined {
  if (state.workMode === 'AfterCallWork' || state.workMode === 'AuxWork') return state.workMode;
  if (state.state === 'Ready' || state.state === 'NotReady') return state.state;
  return undefined;
}

function matches(operation: AgentStateOperation): (state: AgentState) => boolean {
  return (s) => operationFor(s) === operation;
}

export interface StateChangeProbeContext {
  readonly target: string;
  readonly contracts: Contracts;
  /** POST /me/channels/voice from the catalog: its id is the probe label. */
  readonly operation: Operation;
  /** The dedicated test agent's client. */
  readonly client: GwsClient;
  readonly clock: Clock;
  readonly observer: StateObserverFactory;
  readonly timeoutMs: number;
  readonly settleTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** Aborted when the prober stops: stop waiting for the change, restore at once. */
  readonly signal: AbortSignal;
}

/** After a stop, restoring may take this long at most, so shutdown stays within its bound. */
const RESTORE_ON_STOP_MS = 2000;

/**
 * Moves the test agent to a different state, measures the time until the new state shows, and
 * always puts it back. A failed restore is reported in `stateChange.restored`.
 */
export async function runStateChangeProbe(ctx: StateChangeProbeContext): Promise<ProbeResult> {
  const startedAt = ctx.clock.now();
  const base = { target: ctx.target, probe: ctx.operation.id, kind: 'state-change' as const, startedAt };
  const before = await readAgentState(ctx.client, ctx.timeoutMs);
  const original = before.state === undefined ? undefined : operationFor(before.state);
  if (before.state === undefined || original === undefined) {
    const reason = before.state === undefined ? before.reason : `test agent is in state ${before.state.state}, which no agent-state operation leaves and re-enters (expected Ready or NotReady on voice)`;
    const failed = before.result.kind === 'response' ? 'status_code_error' : failureOutcome(before.result.kind);
    return {
      ...base,
      ok: false,
      outcome: failed,
      responded: before.result.kind === 'response',
      statusCode: null,
      durationMs: before.result.timings.total * 1000,
      timings: before.result.timings,
      violations: [],
      error: reason,
      stateChange: { operation: 'none', settleMs: null, restored: true },
    };
  }
  const next: AgentStateOperation = original === 'Ready' ? 'NotReady' : 'Ready';
  const observer = ctx.observer({ client: ctx.client, clock: ctx.clock, pollIntervalMs: ctx.pollIntervalMs, timeoutMs: ctx.timeoutMs });
  try {
    // A notification sent before the subscription is in place would be missed.
    await observer.ready?.();
    const sentAt = ctx.clock.now();
    const change = await postOperation(ctx, next);
    let outcome: ProbeOutcome;
    let ok = false;
    let settleMs: number | null = null;
    let statusCode: number | null = null;
    let violations: ProbeResult['violations'] = [];
    let error: string | undefined;
    let timings: PhaseTimings = change.timings;
    let mayHaveChanged = true;
    if (change.kind !== 'response') {
      outcome = failureOutcome(change.kind);
      error = change.error;
    } else {
      const verdict = ctx.contracts.judge(ctx.operation, change.response, { request: { body: { operationName: next } } });
      statusCode = verdict.statusCode;
      violations = verdict.violations;
      timings = change.timings;
      outcome = verdict.outcome;
      // An error envelope means the state was not modified [src: RV852].
      mayHaveChanged = statusCode === 0 || statusCode === null;
      if (verdict.ok || outcome === 'slow') {
        const seenAt = await observer.waitFor(matches(next), sentAt + ctx.settleTimeoutMs, ctx.signal);
        if (seenAt === null) {
          outcome = 'async_timeout';
          error = `${next} was accepted but not observed within ${ctx.settleTimeoutMs} ms`;
        } else {
          settleMs = seenAt - sentAt;
          ok = verdict.ok;
        }
      }
    }
    // The restore is confirmed by reading the state: when the change never took effect, the agent
    // is still where the restore puts it, and a notification observer would wait for nothing.
    const restored = mayHaveChanged ? await restore(ctx, pollingObserver({ client: ctx.client, clock: ctx.clock, pollIntervalMs: ctx.pollIntervalMs, timeoutMs: ctx.timeoutMs }), original) : true;
    return {
      ...base,
      ok,
      outcome,
      responded: change.kind === 'response',
      statusCode,
      durationMs: timings.total * 1000,
      timings,
      violations,
      ...(error !== undefined ? { error } : {}),
      stateChange: { operation: next, settleMs, restored },
    };
  } finally {
    await observer.close();
  }
}

function postOperation(ctx: StateChangeProbeContext, operationName: AgentStateOperation): Promise<ClientResult> {
  return ctx.client.request({
    method: 'POST',
    path: ctx.operation.path,
    body: { operationName },
    auth: 'basic',
    timeoutMs: ctx.timeoutMs,
  });
}

/** Sends the original state's operation and waits until it shows; true when the agent is back. */
async function restore(ctx: StateChangeProbeContext, observer: StateObserver, original: AgentStateOperation): Promise<boolean> {
  const deadline = (): number =>
    ctx.signal.aborted ? Math.min(ctx.clock.now() + RESTORE_ON_STOP_MS, ctx.clock.now() + ctx.settleTimeoutMs) : ctx.clock.now() + ctx.settleTimeoutMs;
  // The change may still be on its way (statusCode 0 only means "sent" [src: MAR]); restoring
  // before it lands could be overtaken by it, so a restore is confirmed by observation, twice if needed.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    await postOperation(ctx, original);
    const seenAt = await observer.waitFor(matches(original), deadline());
    if (seenAt !== null) return true;
  }
  return false;
}
