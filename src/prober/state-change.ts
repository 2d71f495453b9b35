import type { ClientResult, GwsClient } from '../client/index.ts';
import { operationFor, stateAfter, type AgentStateOperation } from '../contracts/agent-state.ts';
import type { Contracts, Operation } from '../contracts/index.ts';
import type { ExchangeLimits } from './exchange.ts';
import { exchangeOfFailure } from './exchange.ts';
import { failureOutcome } from './probe.ts';
import { agentExchange } from './exchange.ts';
import { postOperation, restore, settleEarlierChanges, undoFailed, type StateChangeMemory } from './state-restore.ts';
import { isState, readAgentState, type StateObserver, type StateObserverFactory } from './state-observer.ts';
import type { Clock, ProbeOutcome, ProbeResult, StateRestoreFailureReason } from './types.ts';

export { createStateChangeMemory, type StateChangeMemory } from './state-restore.ts';
export { pollingObserver, readAgentState, type StateObserver, type StateObserverContext, type StateObserverFactory } from './state-observer.ts';

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
  /** What the probe's earlier runs left to know: one per probe, kept across its runs. */
  readonly memory: StateChangeMemory;
  /** The test agent's username: a failed run's `curl` reproduction names it. */
  readonly username?: string | undefined;
  /** How much of a failed run's answer is kept (default DEFAULT_EXCHANGE_LIMITS). */
  readonly exchangeLimits?: ExchangeLimits | undefined;
}

/** What became of the change the probe asked for. */
interface ChangeOutcome {
  readonly outcome: ProbeOutcome;
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly violations: ProbeResult['violations'];
  readonly error?: string;
  readonly settleMs: number | null;
  /** Its outcome showed: it cannot apply again later. */
  readonly observed: boolean;
  /**
   * refused: an error envelope, nothing changed [src: RV852]. ordered: the server took it before
   * anything sent later, so a restore sent now lands after it. done: its outcome showed or its
   * deadline passed. unresolved: it may still arrive after a restore (the run was stopped first).
   */
  readonly change: 'refused' | 'ordered' | 'done' | 'unresolved';
}

/**
 * Moves the test agent to a different state, measures the time until the new state shows, and
 * always puts it back to the state read before the change. First it settles what earlier runs
 * left: a state that one of their changes explains (one that applied after its run had ended) is
 * counted and undone before anything else is sent. What it counts is in `stateChange.restoreFailures`.
 */
export async function runStateChangeProbe(ctx: StateChangeProbeContext): Promise<ProbeResult> {
  const startedAt = ctx.clock.now();
  const base = { target: ctx.target, probe: ctx.operation.id, kind: 'state-change' as const, startedAt };
  const failures: StateRestoreFailureReason[] = [];
  const before = await readAgentState(ctx.client, ctx.timeoutMs);
  const earlier = before.state === undefined ? undefined : await settleEarlierChanges(ctx, before.state, failures);
  if (earlier?.undo !== undefined) return undoFailed(ctx, base, earlier.undo, failures);
  const original = earlier?.baseline;
  const back = original === undefined || original === 'LoggedOut' ? undefined : operationFor(original, 'voice');
  if (original === undefined || back === undefined) {
    const reason = before.state === undefined ? before.reason : `test agent is in state ${before.state}, which no agent-state operation leaves and re-enters (expected Ready, NotReady, AfterCallWork or AuxWork on voice)`;
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
      stateChange: { operation: 'none', settleMs: null, restored: true, restoreFailures: failures },
      ...exchangeOfFailure({ ok: false, outcome: failed }, before.result, agentExchange(ctx)),
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
    const restored = found.change === 'refused' ? true : (await restore(ctx, original, back, found.change === 'unresolved')).confirmed;
    if (!restored) failures.push(found.change === 'unresolved' ? 'stopped_mid_change' : 'restore_not_confirmed');
    if (found.change !== 'refused') {
      // A change whose effect never showed may still apply; one its restore may not have undone is counted now.
      if (!found.observed) ctx.memory.unsettled.add(next, sentAt);
      if (!restored) ctx.memory.unrestored = next;
    }
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
      stateChange: { operation: next, settleMs: found.settleMs, restored, restoreFailures: failures },
      // Accepted and never observed included: the change request and its answer are what the run is about.
      ...exchangeOfFailure(found, change, agentExchange(ctx)),
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
  if (verdict.statusCode !== 0) return { ...judged, ok: false, settleMs: null, observed: false, change: 'refused' };
  if (!verdict.ok && verdict.outcome !== 'slow') return { ...judged, ok: false, settleMs: null, observed: false, change: 'ordered' };
  const seenAt = await observer.waitFor(isState(stateAfter(next)), sentAt + ctx.settleTimeoutMs, ctx.signal);
  if (seenAt === null) {
    const error = `${next} was accepted but not observed within ${ctx.settleTimeoutMs} ms`;
    return { ...judged, outcome: 'async_timeout', ok: false, error, settleMs: null, observed: false, change: 'ordered' };
  }
  return { ...judged, ok: verdict.ok, settleMs: seenAt - sentAt, observed: true, change: 'done' };
}

/**
 * No GWS answer (a timeout, a lost connection, a gateway's error page): the change may still reach
 * GWS and apply. It is done once its late outcome shows or the settle timeout, counted from here,
 * has passed; a restore sent before that could be overtaken by it.
 */
async function awaitLateOutcome(ctx: StateChangeProbeContext, observer: StateObserver, next: AgentStateOperation, judged: Judged): Promise<ChangeOutcome> {
  const seenAt = await observer.waitFor(isState(stateAfter(next)), ctx.clock.now() + ctx.settleTimeoutMs, ctx.signal);
  return { ...judged, ok: false, settleMs: null, observed: seenAt !== null, change: seenAt === null && ctx.signal.aborted ? 'unresolved' : 'done' };
}
