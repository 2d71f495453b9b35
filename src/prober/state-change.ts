import type { ClientResult, GwsClient } from '../client/index.ts';
import { observedState, operationFor, stateAfter, type AgentStateOperation, type ObservedState } from '../contracts/agent-state.ts';
import type { Contracts, Operation } from '../contracts/index.ts';
import type { AgentStateWaiter } from '../notifications/index.ts';
import { failureOutcome } from './probe.ts';
import type { Clock, ProbeOutcome, ProbeResult } from './types.ts';

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

/** What became of the change the probe asked for. */
interface ChangeOutcome {
  readonly outcome: ProbeOutcome;
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly violations: ProbeResult['violations'];
  readonly error?: string;
  readonly settleMs: number | null;
  /**
   * refused: an error envelope, nothing changed [src: RV852]. ordered: the server took it before
   * anything sent later, so a restore sent now lands after it. done: its outcome showed or its
   * deadline passed. unresolved: it may still arrive after a restore (the run was stopped first).
   */
  readonly change: 'refused' | 'ordered' | 'done' | 'unresolved';
}

const is = (state: ObservedState) => (seen: ObservedState) => seen === state;

/**
 * Moves the test agent to a different state, measures the time until the new state shows, and
 * always puts it back to the state read before the change. A restore it cannot confirm is reported
 * in `stateChange.restored`.
 */
export async function runStateChangeProbe(ctx: StateChangeProbeContext): Promise<ProbeResult> {
  const startedAt = ctx.clock.now();
  const base = { target: ctx.target, probe: ctx.operation.id, kind: 'state-change' as const, startedAt };
  const before = await readAgentState(ctx.client, ctx.timeoutMs);
  const original = before.state;
  const back = original === undefined || original === 'LoggedOut' ? undefined : operationFor(original, 'voice');
  if (original === undefined || back === undefined) {
    const reason = original === undefined ? before.reason : `test agent is in state ${original}, which no agent-state operation leaves and re-enters (expected Ready, NotReady, AfterCallWork or AuxWork on voice)`;
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
    const found = await followChange(ctx, observer, next, change, sentAt);
    const restored = found.change === 'refused' ? true : await restore(ctx, original, back, found.change === 'unresolved');
    return {
      ...base,
      ok: found.ok,
      outcome: found.outcome,
      responded: change.kind === 'response',
      statusCode: found.statusCode,
      durationMs: change.timings.total * 1000,
      timings: change.timings,
      violations: found.violations,
      ...(found.error !== undefined ? { error: found.error } : {}),
      stateChange: { operation: next, settleMs: found.settleMs, restored },
    };
  } finally {
    await observer.close();
  }
}

type Judged = Pick<ChangeOutcome, 'outcome' | 'statusCode' | 'violations' | 'error'>;

/** Judges the change's answer and waits until its outcome shows or its deadline passes. */
async function followChange(
  ctx: StateChangeProbeContext,
  observer: StateObserver,
  next: AgentStateOperation,
  change: ClientResult,
  sentAt: number,
): Promise<ChangeOutcome> {
  if (change.kind !== 'response') {
    return awaitLateOutcome(ctx, observer, next, { outcome: failureOutcome(change.kind), statusCode: null, violations: [], error: change.error });
  }
  const verdict = ctx.contracts.judge(ctx.operation, change.response, { request: { body: { operationName: next } } });
  const judged = { outcome: verdict.outcome, statusCode: verdict.statusCode, violations: verdict.violations };
  if (verdict.statusCode === null) return awaitLateOutcome(ctx, observer, next, judged);
  // An error envelope means the state was not modified [src: RV852].
  if (verdict.statusCode !== 0) return { ...judged, ok: false, settleMs: null, change: 'refused' };
  if (!verdict.ok && verdict.outcome !== 'slow') return { ...judged, ok: false, settleMs: null, change: 'ordered' };
  const seenAt = await observer.waitFor(is(stateAfter(next)), sentAt + ctx.settleTimeoutMs, ctx.signal);
  if (seenAt === null) {
    const error = `${next} was accepted but not observed within ${ctx.settleTimeoutMs} ms`;
    return { ...judged, outcome: 'async_timeout', ok: false, error, settleMs: null, change: 'ordered' };
  }
  return { ...judged, ok: verdict.ok, settleMs: seenAt - sentAt, change: 'done' };
}

/**
 * No GWS answer (a timeout, a lost connection, a gateway's error page): the change may still reach
 * GWS and apply. It is done once its late outcome shows or the settle timeout, counted from here,
 * has passed; a restore sent before that could be overtaken by it.
 */
async function awaitLateOutcome(ctx: StateChangeProbeContext, observer: StateObserver, next: AgentStateOperation, judged: Judged): Promise<ChangeOutcome> {
  const seenAt = await observer.waitFor(is(stateAfter(next)), ctx.clock.now() + ctx.settleTimeoutMs, ctx.signal);
  return { ...judged, ok: false, settleMs: null, change: seenAt === null && ctx.signal.aborted ? 'unresolved' : 'done' };
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

/**
 * Sends the operation back to the state read before the change and waits until a read shows it;
 * true when the agent is confirmed back. A read cannot confirm anything while the change may still
 * arrive after the restore (`unresolved`): that restore is a failure.
 */
async function restore(ctx: StateChangeProbeContext, original: ObservedState, back: AgentStateOperation, unresolved: boolean): Promise<boolean> {
  // A notification observer would wait for nothing when the change never took effect; a read shows either way.
  const reads = pollingObserver({ client: ctx.client, clock: ctx.clock, pollIntervalMs: ctx.pollIntervalMs, timeoutMs: ctx.timeoutMs });
  const deadline = (): number => ctx.clock.now() + (ctx.signal.aborted ? Math.min(RESTORE_ON_STOP_MS, ctx.settleTimeoutMs) : ctx.settleTimeoutMs);
  // statusCode 0 only means "sent" [src: MAR]: a restore is confirmed by observation, and sent twice if needed.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    await postOperation(ctx, back);
    if (unresolved) return false;
    if ((await reads.waitFor(is(original), deadline())) !== null) return true;
  }
  return false;
}
