import type { ClientResult } from '../client/index.ts';
import { pollingCallObserver, readCalls, type ObservedCall } from './call-observer.ts';
import type { SyntheticCallContext } from './synthetic-call.ts';
import type { CallCleanupFailureReason } from './types.ts';
import { UnsettledRequests } from './unsettled.ts';

/** After a stop, clean-up may take this long at most, so shutdown stays within its bound. */
const CLEANUP_ON_STOP_MS = 2000;

/**
 * What a synthetic-call probe carries from one run to the next: the Dials it sent whose call it
 * never saw, any of which may still place one, and the calls it could not confirm hung up.
 */
export interface SyntheticCallMemory {
  readonly dials: UnsettledRequests<'Dial'>;
  /** Ids of calls a run left behind: counted then, so not counted again when a later run finds them. */
  readonly leftBehind: Set<string>;
}

export function createSyntheticCallMemory(): SyntheticCallMemory {
  return { dials: new UnsettledRequests(), leftBehind: new Set() };
}

/**
 * Sorts the calls to the test number that a run finds before its Dial: one an earlier run left
 * behind was counted then; any other one the probe's own unanswered Dial explains is a late call,
 * counted now. Either way each is hung up, as one nobody can explain is.
 */
export function attributeLeftovers(memory: SyntheticCallMemory, leftovers: readonly ObservedCall[], present: readonly ObservedCall[], readAt: number): CallCleanupFailureReason[] {
  const failures: CallCleanupFailureReason[] = [];
  for (const call of leftovers) {
    if (memory.leftBehind.has(call.id)) continue;
    if (memory.dials.take(() => true) !== undefined) failures.push('late_call');
  }
  memory.dials.forgetBefore(readAt);
  // A call that is gone needs no memory; one still there stays counted until it goes.
  const ids = new Set(present.map((c) => c.id));
  for (const id of memory.leftBehind) if (!ids.has(id)) memory.leftBehind.delete(id);
  return failures;
}

/** Whether a Dial's answer rules out a call: an error envelope places none [src: RV852]. */
export function dialRefused(dial: ClientResult): boolean {
  if (dial.kind !== 'response') return false;
  const code = (dial.response.body as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof code === 'number' && code !== 0;
}

/**
 * Hangs up every call the run created that is still there, and confirms by reading GET /me/calls
 * (a notification would wait for nothing when the call is already gone). A read also finds a call
 * whose notification was missed. True when no such call is left.
 */
export async function cleanUp(ctx: SyntheticCallContext, created: Set<string>, known: ReadonlySet<string>, toTestNumber: (c: ObservedCall) => boolean): Promise<boolean> {
  const reads = pollingCallObserver({ client: ctx.client, clock: ctx.clock, pollIntervalMs: ctx.pollIntervalMs, timeoutMs: ctx.timeoutMs });
  const deadline = (): number => ctx.clock.now() + (ctx.signal.aborted ? Math.min(CLEANUP_ON_STOP_MS, ctx.settleTimeoutMs) : ctx.settleTimeoutMs);
  // statusCode 0 only means "sent" [src: MAR]: a Hangup is confirmed by observation, and sent twice if needed.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const now = await readCalls(ctx.client, ctx.timeoutMs);
    if (now.calls === undefined) return false;
    const left = now.calls.filter((c) => c.state !== 'Released' && (created.has(c.id) || (!known.has(c.id) && toTestNumber(c))));
    if (left.length === 0) return true;
    for (const c of left) await ctx.client.request({ method: 'POST', path: `/me/calls/${encodeURIComponent(c.id)}`, body: { operationName: 'Hangup' }, auth: 'basic', timeoutMs: ctx.timeoutMs });
    const gone = await Promise.all(left.map((c) => reads.waitForRelease(c.id, deadline())));
    if (gone.every((at) => at !== null)) return true;
  }
  return false;
}
