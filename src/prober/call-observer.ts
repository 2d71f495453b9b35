import type { ClientResult, GwsClient } from '../client/index.ts';
import type { Credentials } from '../config/index.ts';
import type { OpenFailure, ReceivedNotification } from '../notifications/index.ts';
import { openRunSession } from './run-session.ts';
import type { Clock } from './types.ts';

/** Call state changes and the Voice ErrorMessage arrive here [src: CallsMessageType, CallsDial 8.5.2, ErrorHandling 8.5.2]. */
export const CALLS_CHANNEL = '/v2/me/calls';

/** What the probe needs of a call, from a notification or from GET /me/calls. */
export interface ObservedCall {
  readonly id: string;
  readonly state: string;
  /** `dnis` and every participant's numbers, digits only. */
  readonly numbers: readonly string[];
}

export type CallSighting =
  | { readonly kind: 'call'; readonly call: ObservedCall; readonly at: number }
  /** GWS reported an asynchronous failure that names no call, as a failed Dial does [src: ErrorHandling 8.5.2]. */
  | { readonly kind: 'error'; readonly detail: string; readonly at: number };

export interface CallObserver {
  /** Resolves once a change can be seen (the subscription is in place, or polling took over); awaited before the Dial. */
  ready(): Promise<void>;
  /** The first call matching `match` (or a Voice error), null at the deadline or on abort. `at` is epoch ms by the probe's clock. */
  waitForCall(match: (call: ObservedCall) => boolean, deadline: number, signal?: AbortSignal): Promise<CallSighting | null>;
  /** Epoch ms when call `id` was seen Released (or gone from GET /me/calls), null at the deadline or on abort. */
  waitForRelease(id: string, deadline: number, signal?: AbortSignal): Promise<number | null>;
  close(): Promise<void>;
}

export interface CallObserverContext {
  readonly client: GwsClient;
  readonly clock: Clock;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
}

export type CallObserverFactory = (context: CallObserverContext) => CallObserver;

const digits = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value.replace(/\D/g, '') : undefined);

/** The id, state and numbers of a call object as GWS prints it, or undefined when it has no id and state. */
export function observedCall(raw: unknown): ObservedCall | undefined {
  const call = raw as { id?: unknown; state?: unknown; dnis?: unknown; participants?: unknown } | null | undefined;
  if (typeof call?.id !== 'string' || typeof call.state !== 'string') return undefined;
  const numbers = [digits(call.dnis)];
  // Newest pages print participants as objects; 2015 revisions as plain strings [src: CallsDial revisions].
  for (const p of Array.isArray(call.participants) ? (call.participants as unknown[]) : []) {
    if (typeof p === 'string') numbers.push(digits(p));
    else {
      const party = p as { phoneNumber?: unknown; digits?: unknown; e164Number?: unknown } | null;
      numbers.push(digits(party?.phoneNumber), digits(party?.digits), digits(party?.e164Number));
    }
  }
  return { id: call.id, state: call.state, numbers: [...new Set(numbers.filter((n): n is string => n !== undefined))] };
}

const CALLS_QUERY = Object.freeze({ fields: '*' });

/** The agent's calls from GET /me/calls?fields=* [src: RecoveringExistingState 8.6.0], or a one-line reason. */
export async function readCalls(
  client: GwsClient,
  timeoutMs: number,
): Promise<{ readonly calls: readonly ObservedCall[]; readonly result: ClientResult } | { readonly calls: undefined; readonly result: ClientResult; readonly reason: string }> {
  const result = await client.request({ method: 'GET', path: '/me/calls', query: CALLS_QUERY, auth: 'basic', timeoutMs });
  if (result.kind !== 'response') return { calls: undefined, result, reason: result.error };
  const body = result.response.body as { statusCode?: unknown; calls?: unknown } | undefined;
  if (body?.statusCode !== 0 || !Array.isArray(body.calls)) {
    const code = typeof body?.statusCode === 'number' ? `statusCode ${body.statusCode}` : `HTTP ${result.response.httpStatus}`;
    return { calls: undefined, result, reason: `GET /me/calls?fields=* listed no calls (${code})` };
  }
  return { calls: (body.calls as unknown[]).map(observedCall).filter((c): c is ObservedCall => c !== undefined), result };
}

/** Reads GET /me/calls every `pollIntervalMs` until `found` returns a value or the deadline passes. */
async function poll<T>(ctx: CallObserverContext, deadline: number, signal: AbortSignal | undefined, found: (calls: readonly ObservedCall[]) => T | undefined): Promise<{ value: T; at: number } | null> {
  while (signal?.aborted !== true) {
    const read = await readCalls(ctx.client, Math.max(1, Math.min(ctx.timeoutMs, deadline - ctx.clock.now())));
    const at = ctx.clock.now();
    const value = read.calls === undefined ? undefined : found(read.calls);
    if (value !== undefined) return { value, at };
    if (at + ctx.pollIntervalMs > deadline) return null;
    await ctx.clock.sleep(ctx.pollIntervalMs, signal);
  }
  return null;
}

/** Observes calls by reading GET /me/calls; a call gone from the list counts as released. Sees no Voice errors. */
export const pollingCallObserver: CallObserverFactory = (ctx) => ({
  ready: () => Promise.resolve(),
  async waitForCall(match, deadline, signal) {
    const seen = await poll(ctx, deadline, signal, (calls) => calls.find(match));
    return seen === null ? null : { kind: 'call', call: seen.value, at: seen.at };
  },
  async waitForRelease(id, deadline, signal) {
    const seen = await poll(ctx, deadline, signal, (calls) => (calls.some((c) => c.id === id && c.state !== 'Released') ? undefined : true));
    return seen?.at ?? null;
  },
  close: () => Promise.resolve(),
});

/** The call, or the Voice error, a notification on /v2/me/calls carries. */
function sighting(n: ReceivedNotification): { call: ObservedCall } | { error: string } | undefined {
  if (n.channel !== CALLS_CHANNEL) return undefined;
  const data = (n.message as { data?: { messageType?: unknown; call?: unknown; callId?: unknown; errorMessage?: unknown; errorCode?: unknown } }).data;
  // An error naming a call is about an operation on that call, not about a Dial that placed none.
  if (data?.messageType === 'ErrorMessage' && data.callId === undefined) {
    const code = typeof data.errorCode === 'number' || typeof data.errorCode === 'string' ? ` (errorCode ${data.errorCode})` : '';
    return { error: `${typeof data.errorMessage === 'string' ? data.errorMessage : 'Voice ErrorMessage'}${code}` };
  }
  if (data?.messageType !== 'CallStateChangeMessage') return undefined;
  const call = observedCall(data.call);
  return call === undefined ? undefined : { call };
}

export interface NotificationCallObserverOptions {
  readonly baseUrl: string;
  readonly agent: Credentials;
  /** Told when a run polls instead: no endpoint, a refused handshake, no connection. */
  readonly onFallback?: (failure: OpenFailure) => void;
}

/**
 * Observes calls as an agent desktop does: CallStateChangeMessage and the Voice ErrorMessage on
 * /v2/me/calls [src: CallsMessageType, ErrorHandling 8.5.2]. Each run opens its own session before
 * the Dial and closes it afterwards; where none can be opened, the run polls GET /me/calls.
 */
export function notificationCallObserver(options: NotificationCallObserverOptions): CallObserverFactory {
  return (ctx) => {
    let fallback: CallObserver | undefined;
    const run = openRunSession({ baseUrl: options.baseUrl, agent: options.agent, channel: CALLS_CHANNEL, timeoutMs: ctx.timeoutMs, clock: ctx.clock }, (failure) => {
      fallback = pollingCallObserver(ctx);
      options.onFallback?.(failure);
    });
    const opening = run.opened;
    const wait = (predicate: (n: ReceivedNotification) => boolean, deadline: number, signal: AbortSignal | undefined) => run.waitFor(predicate, deadline, signal);
    const toClock = (receivedAt: number): number => run.receivedOn(receivedAt);
    return {
      ready: () => opening,
      async waitForCall(match, deadline, signal) {
        await opening;
        if (fallback !== undefined) return fallback.waitForCall(match, deadline, signal);
        const n = await wait((m) => { const s = sighting(m); return s !== undefined && ('error' in s || match(s.call)); }, deadline, signal);
        const s = n === undefined ? undefined : sighting(n);
        if (n === undefined || s === undefined) return null;
        return 'error' in s ? { kind: 'error', detail: s.error, at: toClock(n.receivedAt) } : { kind: 'call', call: s.call, at: toClock(n.receivedAt) };
      },
      async waitForRelease(id, deadline, signal) {
        await opening;
        if (fallback !== undefined) return fallback.waitForRelease(id, deadline, signal);
        const n = await wait((m) => { const s = sighting(m); return s !== undefined && 'call' in s && s.call.id === id && s.call.state === 'Released'; }, deadline, signal);
        return n === undefined ? null : toClock(n.receivedAt);
      },
      async close() {
        await Promise.all([run.close(), fallback?.close()]);
      },
    };
  };
}
