import type { ClientResult, GwsClient } from '../client/index.ts';
import { ConfigError, type ProberTarget, type SyntheticCallConfig } from '../config/index.ts';
import type { Contracts, Operation } from '../contracts/index.ts';
import { attributeLeftovers, cleanUp, createSyntheticCallMemory, dialRefused, type SyntheticCallMemory } from './call-cleanup.ts';
import {
  notificationCallObserver,
  pollingCallObserver,
  readCalls,
  type CallObserver,
  type CallObserverFactory,
  type ObservedCall,
} from './call-observer.ts';
import { agentExchange, exchangeOfFailure, type ExchangeLimits } from './exchange.ts';
import { failureOutcome } from './probe.ts';
import { intervalSeconds } from './schedule.ts';
import { probeKey } from './shard.ts';
import type { CallCleanupFailureReason, Clock, Logger, ProbeOutcome, ProbeResult } from './types.ts';

export interface SyntheticCallContext {
  readonly target: string;
  readonly contracts: Contracts;
  /** POST /me/devices/{id}/calls from the catalog: it judges the Dial's answer and its id labels the run. */
  readonly operation: Operation;
  /** The dedicated test agent's client. */
  readonly client: GwsClient;
  readonly clock: Clock;
  readonly observer: CallObserverFactory;
  readonly testNumber: string;
  readonly timeoutMs: number;
  readonly settleTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** Aborted when the prober stops: stop waiting, hang up at once. */
  readonly signal: AbortSignal;
  /** What the probe's earlier runs left to know: one per probe, kept across its runs. */
  readonly memory: SyntheticCallMemory;
  /** The test agent's username: a failed run's `curl` reproduction names it. */
  readonly username?: string | undefined;
  /** How much of a failed run's answer is kept (default DEFAULT_EXCHANGE_LIMITS). */
  readonly exchangeLimits?: ExchangeLimits | undefined;
}
/** After a stop, how long a Dial that was sent may take to show its call, so that it is hung up too. */
const APPEAR_ON_STOP_MS = 1000;

const digitsOf = (n: string): string => n.replace(/\D/g, '');

function post(ctx: SyntheticCallContext, path: string, body: Record<string, unknown>): Promise<ClientResult> {
  return ctx.client.request({ method: 'POST', path, body, auth: 'basic', timeoutMs: ctx.timeoutMs });
}

/** The id of the agent's first device, the one a desktop dials from [src: CallsDial 8.5.2, DevicesList]. */
async function firstDevice(ctx: SyntheticCallContext): Promise<{ id: string } | { id: undefined; result: ClientResult; reason: string }> {
  // Without fields=* GWS lists only the devices' uris [src: RequestParameters 8.5.0].
  const result = await ctx.client.request({ method: 'GET', path: '/me/devices', query: { fields: '*' }, auth: 'basic', timeoutMs: ctx.timeoutMs });
  if (result.kind !== 'response') return { id: undefined, result, reason: result.error };
  const body = result.response.body as { statusCode?: unknown; devices?: { id?: unknown }[] } | undefined;
  const id = Array.isArray(body?.devices) ? body.devices[0]?.id : undefined;
  if (typeof id === 'string' && id !== '') return { id };
  const code = typeof body?.statusCode === 'number' ? `statusCode ${body.statusCode}` : `HTTP ${result.response.httpStatus}`;
  return { id: undefined, result, reason: `GET /me/devices showed no device to dial from (${code})` };
}

/** What a result says of the request it reports: whether it was answered, and its timing. */
function requestPart(request: ClientResult): Pick<ProbeResult, 'responded' | 'durationMs' | 'timings'> {
  return { responded: request.kind === 'response', durationMs: request.timings.total * 1000, timings: request.timings };
}

/** What the Dial's answer said and what became of the call. */
interface CallRun {
  outcome: ProbeOutcome;
  ok: boolean;
  statusCode: number | null;
  violations: ProbeResult['violations'];
  error?: string;
  setupMs: number | null;
  teardownMs: number | null;
}

/**
 * Dials the test number from the test agent's device, measures the time until the call is
 * Established and, after a Hangup, until it is Released. A call to the test number that is there
 * before the Dial is hung up first: one an earlier run's unanswered Dial placed late is counted.
 * Every call the run created is hung up before it returns, also on a timeout, a failure or a stop;
 * `call.cleanedUp` is false when that could not be confirmed.
 */
export async function runSyntheticCall(ctx: SyntheticCallContext): Promise<ProbeResult> {
  const startedAt = ctx.clock.now();
  const base = { target: ctx.target, probe: ctx.operation.id, kind: 'synthetic-call' as const, startedAt };
  // A read that fails before the Dial fails the run with that read's outcome; nothing was created.
  const unread = (failed: { readonly result: ClientResult; readonly reason: string }): ProbeResult => {
    const outcome = failed.result.kind === 'response' ? 'status_code_error' : failureOutcome(failed.result.kind);
    return {
      ...base,
      ok: false,
      outcome,
      ...requestPart(failed.result),
      statusCode: null,
      violations: [],
      error: failed.reason,
      call: { setupMs: null, teardownMs: null, cleanedUp: true, cleanupFailures: [] },
      ...exchangeOfFailure({ ok: false, outcome }, failed.result, agentExchange(ctx)),
    };
  };
  const device = await firstDevice(ctx);
  if (device.id === undefined) return unread(device);
  const before = await readCalls(ctx.client, ctx.timeoutMs);
  if (before.calls === undefined) return unread(before);
  const known = new Set(before.calls.map((c) => c.id));
  const toTestNumber = (c: ObservedCall): boolean => c.numbers.includes(digitsOf(ctx.testNumber));
  // A call to the test number that is already there is an earlier run's: it goes before the Dial,
  // which it could otherwise hold up.
  const leftovers = before.calls.filter((c) => toTestNumber(c) && c.state !== 'Released');
  const failures = attributeLeftovers(ctx.memory, leftovers, before.calls, ctx.clock.now());
  const created = new Set(leftovers.map((c) => c.id));
  if (created.size > 0) await cleanUp(ctx, created, known, toTestNumber).catch(() => false);
  const observer = ctx.observer({ client: ctx.client, clock: ctx.clock, pollIntervalMs: ctx.pollIntervalMs, timeoutMs: ctx.timeoutMs });
  let dial: ClientResult | undefined;
  let dialedAt = 0;
  let placed = false;
  let run: CallRun | undefined;
  let cleanedUp = false;
  try {
    // A notification sent before the subscription is in place would be missed.
    await observer.ready();
    const body = { operationName: 'Dial', destination: { phoneNumber: ctx.testNumber } };
    dialedAt = ctx.clock.now();
    dial = await post(ctx, `/me/devices/${encodeURIComponent(device.id)}/calls`, body);
    run = await followCall(ctx, observer, dial, body, dialedAt, (c) => {
      if (known.has(c.id) || !toTestNumber(c)) return false;
      created.add(c.id);
      placed = true;
      return true;
    });
  } finally {
    cleanedUp = await cleanUp(ctx, created, known, toTestNumber).catch(() => false);
    await observer.close().catch(() => undefined);
    rememberRun(ctx.memory, { dial, dialedAt, placed, dialFailed: run?.outcome === 'dial_failed', cleanedUp, created, failures });
  }
  return {
    ...base,
    ok: run.ok,
    outcome: run.outcome,
    ...requestPart(dial),
    statusCode: run.statusCode,
    violations: run.violations,
    ...(run.error !== undefined ? { error: run.error } : {}),
    call: { setupMs: run.setupMs, teardownMs: run.teardownMs, cleanedUp, cleanupFailures: failures },
    // The Dial decides every failed run, also one whose call then never showed or never went.
    ...exchangeOfFailure(run, dial, agentExchange(ctx)),
  };
}

/**
 * What the next run must know of this one: a Dial that showed no call may still place one (unless
 * GWS refused it, or reported its failure), and a call not confirmed hung up is counted now.
 */
function rememberRun(
  memory: SyntheticCallMemory,
  run: { dial: ClientResult | undefined; dialedAt: number; placed: boolean; dialFailed: boolean; cleanedUp: boolean; created: ReadonlySet<string>; failures: CallCleanupFailureReason[] },
): void {
  if (run.dial !== undefined && !run.placed && !run.dialFailed && !dialRefused(run.dial)) memory.dials.add('Dial', run.dialedAt);
  if (run.cleanedUp) return;
  run.failures.push('hangup_not_confirmed');
  for (const id of run.created) memory.leftBehind.add(id);
}

/** Judges the Dial's answer, waits for Established, hangs up and waits for Released. */
async function followCall(
  ctx: SyntheticCallContext,
  observer: CallObserver,
  dial: ClientResult,
  body: Record<string, unknown>,
  sentAt: number,
  ours: (call: ObservedCall) => boolean,
): Promise<CallRun> {
  const none = { setupMs: null, teardownMs: null } as const;
  let judged: Omit<CallRun, 'setupMs' | 'teardownMs'>;
  if (dial.kind !== 'response') {
    judged = { outcome: failureOutcome(dial.kind), ok: false, statusCode: null, violations: [], error: dial.error };
  } else {
    const verdict = ctx.contracts.judge(ctx.operation, dial.response, { request: { body } });
    judged = { outcome: verdict.outcome, ok: verdict.ok, statusCode: verdict.statusCode, violations: verdict.violations };
    // An error envelope means no call was placed [src: RV852].
    if (verdict.statusCode !== null && verdict.statusCode !== 0) return { ...judged, ok: false, ...none };
  }
  // Without an answer the Dial may still be placed: the wait also finds that call, to hang it up.
  let seen: ObservedCall | undefined;
  const sighting = await observer.waitForCall((c) => {
    if (!ours(c)) return false;
    seen = c;
    return c.state === 'Established';
  }, sentAt + ctx.settleTimeoutMs, ctx.signal);
  if (sighting === null && seen === undefined && ctx.signal.aborted) {
    // Stopped before the call showed: it may still be placed, and must not be left behind.
    const reads = pollingCallObserver({ client: ctx.client, clock: ctx.clock, pollIntervalMs: ctx.pollIntervalMs, timeoutMs: ctx.timeoutMs });
    await reads.waitForCall(ours, ctx.clock.now() + Math.min(APPEAR_ON_STOP_MS, ctx.settleTimeoutMs));
  }
  if (!judged.ok && judged.outcome !== 'slow') return { ...judged, ...none };
  if (sighting?.kind === 'error') return { ...judged, outcome: 'dial_failed', ok: false, error: `Dial failed after its acknowledgement: ${sighting.detail}`, ...none };
  if (sighting === null) {
    const error = `Dial to ${ctx.testNumber} was accepted but ${seen === undefined ? 'no call appeared' : `call stayed ${seen.state}`} within ${ctx.settleTimeoutMs} ms`;
    return { ...judged, outcome: 'setup_timeout', ok: false, error, ...none };
  }
  const setupMs = sighting.at - sentAt;
  const hangupAt = ctx.clock.now();
  const hangup = await post(ctx, `/me/calls/${encodeURIComponent(sighting.call.id)}`, { operationName: 'Hangup' });
  const releasedAt = await observer.waitForRelease(sighting.call.id, hangupAt + ctx.settleTimeoutMs, ctx.signal);
  if (releasedAt === null) {
    const answer = hangup.kind === 'response' ? `HTTP ${hangup.response.httpStatus}` : hangup.error;
    return { ...judged, outcome: 'release_timeout', ok: false, error: `Hangup (${answer}) but the call was not Released within ${ctx.settleTimeoutMs} ms`, setupMs, teardownMs: null };
  }
  return { ...judged, setupMs, teardownMs: releasedAt - hangupAt };
}

/** The catalog entry of the Dial the synthetic-call probe sends [src: CallsDial 8.5.2]. */
export function dialOperation(contracts: Contracts): Operation {
  const op = contracts.catalog.find((o) => o.method === 'POST' && o.path === '/me/devices/{id}/calls');
  if (op === undefined) throw new ConfigError('the catalog has no POST /me/devices/{id}/calls operation for the synthetic-call probe');
  return op;
}

export interface SyntheticCallPlanOptions {
  readonly target: ProberTarget;
  readonly config: SyntheticCallConfig;
  readonly contracts: Contracts;
  /** The test agent's client, with the probe's request timeout. */
  readonly client: GwsClient;
  readonly clock: Clock;
  /** Replaces the default (CometD notifications, polling where the target has none). */
  readonly observer?: CallObserverFactory | undefined;
  readonly logger: Logger;
  /** Masks the target's credentials in a log line. */
  readonly redact: (text: string) => string;
}

/** The synthetic-call probe of one target, as the prober schedules it. */
export function planSyntheticCall(options: SyntheticCallPlanOptions) {
  const { target, config } = options;
  const operation = dialOperation(options.contracts);
  let polling = false;
  // Kept across runs: a Dial one run gave up on may place its call after it, and the next must know it.
  const memory = createSyntheticCallMemory();
  const observer =
    options.observer ??
    notificationCallObserver({
      baseUrl: target.baseUrl,
      agent: config.agent,
      // Said once: every run would otherwise repeat it.
      onFallback: (failure) => {
        if (polling) return;
        polling = true;
        options.logger.warn(`${target.name}: no CometD notifications (${options.redact(failure.detail)}); the synthetic-call probe polls GET /me/calls instead`);
      },
    });
  return {
    target: target.name,
    probe: operation.id,
    kind: 'synthetic-call' as const,
    settings: { schedule: config.schedule, timeoutMs: config.timeoutMs },
    intervalSeconds: intervalSeconds(config.schedule),
    key: probeKey(target.name, operation.id),
    run: (signal: AbortSignal): Promise<ProbeResult> =>
      runSyntheticCall({
        target: target.name,
        contracts: options.contracts,
        operation,
        client: options.client,
        clock: options.clock,
        observer,
        testNumber: config.testNumber,
        timeoutMs: config.timeoutMs,
        settleTimeoutMs: config.settleTimeoutMs,
        pollIntervalMs: config.pollIntervalMs,
        signal,
        memory,
        username: config.agent.username,
      }),
  };
}
