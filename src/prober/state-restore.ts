import type { ClientResult } from '../client/index.ts';
import { operationFor, stateAfter, type AgentStateOperation, type ObservedState } from '../contracts/agent-state.ts';
import { agentExchange, exchangeOfFailure } from './exchange.ts';
import { failureOutcome } from './probe.ts';
import type { StateChangeProbeContext } from './state-change.ts';
import { isState, pollingObserver } from './state-observer.ts';
import type { ProbeOutcome, ProbeResult, StateRestoreFailureReason } from './types.ts';
import { UnsettledRequests } from './unsettled.ts';

/**
 * What a state-change probe carries from one run to the next: the state it last confirmed the agent
 * in, every operation it sent whose effect it never saw (any of which may still apply), and the
 * change a restore it could not confirm may have left in place.
 */
export interface StateChangeMemory {
  /** The state read before the last change (the one its restore brings back); undefined before the first run. */
  confirmed: ObservedState | undefined;
  readonly unsettled: UnsettledRequests<AgentStateOperation>;
  /** A change whose restore was not confirmed: counted by that run, so not counted again when found. */
  unrestored: AgentStateOperation | undefined;
}

export function createStateChangeMemory(): StateChangeMemory {
  return { confirmed: undefined, unsettled: new UnsettledRequests(), unrestored: undefined };
}

/** After a stop, restoring may take this long at most, so shutdown stays within its bound. */
const RESTORE_ON_STOP_MS = 2000;

/** A move back from an earlier run's change that no read confirmed. */
export interface FailedUndo extends RestoreAttempt {
  readonly seen: ObservedState;
  readonly confirmed: false;
  readonly expected: ObservedState;
  readonly back: AgentStateOperation;
}

/**
 * Compares the state read at the start of a run with the one the probe last confirmed. A difference
 * that a change whose restore failed explains was counted by that run, and is undone; one that an
 * operation sent earlier without a seen effect explains is its own late change: counted and undone.
 * Any other difference is someone else's doing, and the state read becomes the one to restore.
 */
export async function settleEarlierChanges(
  ctx: StateChangeProbeContext,
  seen: ObservedState,
  failures: StateRestoreFailureReason[],
): Promise<{ readonly baseline: ObservedState; readonly undo?: FailedUndo }> {
  const { memory } = ctx;
  const readAt = ctx.clock.now();
  const expected = memory.confirmed;
  const back = expected === undefined ? undefined : operationFor(expected, 'voice');
  const unrestored = memory.unrestored;
  memory.unrestored = undefined;
  let cause: AgentStateOperation | undefined;
  if (expected !== undefined && seen !== expected && back !== undefined) {
    if (unrestored !== undefined && stateAfter(unrestored) === seen) cause = unrestored;
    else {
      cause = memory.unsettled.take((op) => stateAfter(op) === seen)?.request;
      if (cause !== undefined) failures.push('late_change');
    }
  }
  memory.unsettled.forgetBefore(readAt);
  if (expected === undefined || back === undefined || cause === undefined) {
    memory.confirmed = seen;
    return { baseline: seen };
  }
  const undo = await restore(ctx, expected, back, false);
  if (undo.confirmed) return { baseline: expected };
  failures.push('restore_not_confirmed');
  // Still the probe's doing, and counted: the next run tries again.
  memory.unrestored = cause;
  return { baseline: expected, undo: { last: undo.last, confirmed: false, seen, expected, back } };
}

/** The run that could not move the agent back from an earlier run's change: it changes nothing more. */
export function undoFailed(
  ctx: StateChangeProbeContext,
  base: Pick<ProbeResult, 'target' | 'probe' | 'kind' | 'startedAt'>,
  undo: FailedUndo,
  failures: readonly StateRestoreFailureReason[],
): ProbeResult {
  const answer = undo.last;
  const error = `an earlier run's change left the test agent in ${undo.seen} (confirmed ${undo.expected}); ${undo.back} to move it back was not confirmed within ${ctx.settleTimeoutMs} ms`;
  const common = {
    ...base,
    ok: false,
    responded: answer.kind === 'response',
    durationMs: answer.timings.total * 1000,
    timings: answer.timings,
    error,
    stateChange: { operation: 'none', settleMs: null, restored: false, restoreFailures: failures },
  };
  // The restore that was not confirmed is the run's decisive request.
  const exchange = exchangeOfFailure({ ok: false, outcome: 'async_timeout' }, answer, agentExchange(ctx));
  if (answer.kind !== 'response') return { ...common, outcome: failureOutcome(answer.kind), statusCode: null, violations: [], ...exchange };
  const verdict = ctx.contracts.judge(ctx.operation, answer.response, { request: { body: { operationName: undo.back } } });
  // Acknowledged and never shown: the async_timeout of any change.
  const outcome: ProbeOutcome = !verdict.ok && verdict.outcome !== 'slow' ? verdict.outcome : 'async_timeout';
  return { ...common, outcome, statusCode: verdict.statusCode, violations: verdict.violations, ...exchange };
}

export function postOperation(ctx: StateChangeProbeContext, operationName: AgentStateOperation): Promise<ClientResult> {
  return ctx.client.request({
    method: 'POST',
    path: ctx.operation.path,
    body: { operationName },
    auth: 'basic',
    timeoutMs: ctx.timeoutMs,
  });
}

/** GWS answered with its envelope: the request reached it, and an error envelope changed nothing [src: RV852]. */
const answered = (result: ClientResult): boolean =>
  result.kind === 'response' && typeof (result.response.body as { statusCode?: unknown } | undefined)?.statusCode === 'number';

/** What a restore did: whether a read confirmed the state, and the answer to its last request. */
export interface RestoreAttempt {
  readonly confirmed: boolean;
  readonly last: ClientResult;
}

/**
 * Sends the operation back to the state read before the change and waits until a read shows it.
 * A read cannot confirm anything while the change may still arrive after the restore
 * (`unresolved`): that restore is a failure. A restore without an answer is remembered, as any
 * operation that may still apply.
 */
export async function restore(ctx: StateChangeProbeContext, original: ObservedState, back: AgentStateOperation, unresolved: boolean): Promise<RestoreAttempt> {
  // A notification observer would wait for nothing when the change never took effect; a read shows either way.
  const reads = pollingObserver({ client: ctx.client, clock: ctx.clock, pollIntervalMs: ctx.pollIntervalMs, timeoutMs: ctx.timeoutMs });
  const deadline = (): number => ctx.clock.now() + (ctx.signal.aborted ? Math.min(RESTORE_ON_STOP_MS, ctx.settleTimeoutMs) : ctx.settleTimeoutMs);
  let last: ClientResult | undefined;
  // statusCode 0 only means "sent" [src: MAR]: a restore is confirmed by observation, and sent twice if needed.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const sentAt = ctx.clock.now();
    last = await postOperation(ctx, back);
    if (!answered(last)) ctx.memory.unsettled.add(back, sentAt);
    if (unresolved) return { confirmed: false, last };
    if ((await reads.waitFor(isState(original), deadline())) !== null) return { confirmed: true, last };
  }
  return { confirmed: false, last: last as ClientResult };
}
