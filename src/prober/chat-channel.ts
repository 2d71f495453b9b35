import type { ClientResult, GwsClient } from '../client/index.ts';
import { observedState, type ObservedState } from '../contracts/agent-state.ts';
import { answered, endsRun, judgeStep, notSeen, readFailure, refused, type StepVerdict } from './chat-step.ts';
import { pollUntil } from './poll.ts';
import type { SyntheticChatContext } from './synthetic-chat.ts';
import type { ChatCleanupFailureReason } from './types.ts';
import { UnsettledRequests } from './unsettled.ts';

/** After a stop, the restore may take this long at most, so shutdown stays within its bound. */
const RESTORE_ON_STOP_MS = 1500;

/** What the probe carries across runs about the test agent's chat channel. */
export interface ChannelMemory {
  /** Readys sent whose effect the probe never saw (no answer): any may still apply after its run. */
  readonly readySent: UnsettledRequests<'Ready'>;
  /** A run could not confirm the channel back in NotReady, and counted it: the next run puts it back. */
  unrestored: boolean;
}

export const createChannelMemory = (): ChannelMemory => ({ readySent: new UnsettledRequests(), unrestored: false });

/** Where the run left the chat channel: Ready to take the chat or not, and whether it must put NotReady back at its end. */
export interface ChannelPrepared {
  readonly ready: boolean;
  readonly restore: boolean;
  /** The Ready the run sent, or the read or wait that failed. */
  readonly step?: StepVerdict;
}

const CHANNELS_QUERY = Object.freeze({ fields: '*' });

/** The chat channel's state from GET /me/channels?fields=* [src: CHANRES], or a one-line reason. */
async function readChatChannel(
  client: GwsClient,
  timeoutMs: number,
): Promise<{ state: ObservedState; result: ClientResult } | { state: undefined; result: ClientResult; reason: string; noChannel: boolean }> {
  const result = await client.request({ method: 'GET', path: '/me/channels', query: CHANNELS_QUERY, auth: 'basic', timeoutMs });
  if (result.kind !== 'response') return { state: undefined, result, reason: `GET /me/channels: ${result.error}`, noChannel: false };
  const body = result.response.body as { statusCode?: unknown; channels?: { channel?: unknown; userState?: unknown }[] } | undefined;
  const chat = Array.isArray(body?.channels) ? body.channels.find((c) => c.channel === 'chat') : undefined;
  if (chat === undefined) {
    const code = typeof body?.statusCode === 'number' ? `statusCode ${body.statusCode}` : `HTTP ${result.response.httpStatus}`;
    return { state: undefined, result, reason: `GET /me/channels?fields=* showed no chat channel for the test agent (${code})`, noChannel: body?.statusCode === 0 };
  }
  return { state: observedState(chat.userState), result };
}

function waitForChannel(ctx: SyntheticChatContext, state: ObservedState, deadline: number): Promise<{ value: true; at: number } | null> {
  return pollUntil(ctx, deadline, ctx.signal, async (timeoutMs) => ((await readChatChannel(ctx.client, timeoutMs)).state === state ? true : undefined));
}

function post(ctx: SyntheticChatContext, operationName: 'Ready' | 'NotReady'): Promise<ClientResult> {
  return ctx.client.request({ method: 'POST', path: '/me/channels/chat', body: { operationName }, auth: 'basic', timeoutMs: ctx.timeoutMs });
}

/**
 * Makes the test agent's chat channel Ready for the run [src: CHANOP851], unless it already is. A
 * channel found Ready that the probe itself left so (a restore that failed, or a Ready an earlier
 * run sent without an answer that applied late) is put back at the end of this run; a late Ready is
 * counted now. A channel someone else made Ready stays Ready.
 */
export async function prepareChannel(ctx: SyntheticChatContext, failures: ChatCleanupFailureReason[]): Promise<ChannelPrepared> {
  const memory = ctx.memory.channel;
  const read = await readChatChannel(ctx.client, ctx.timeoutMs);
  const readAt = ctx.clock.now();
  if (read.state === undefined) {
    const failed = readFailure(read.result, read.reason);
    return { ready: false, restore: false, step: read.noChannel ? { ...failed, outcome: 'channel_not_ready' } : failed };
  }
  let restore = false;
  if (read.state === 'Ready') {
    if (memory.unrestored) restore = true;
    else if (memory.readySent.take(() => true) !== undefined) {
      failures.push('channel_not_restored');
      restore = true;
    }
  }
  memory.unrestored = false;
  memory.readySent.forgetBefore(readAt);
  if (read.state === 'Ready') return { ready: true, restore };
  if (read.state !== 'NotReady') {
    const error = `the test agent's chat channel is ${read.state} (expected NotReady or Ready: the test agent must be logged in on chat)`;
    return { ready: false, restore: false, step: { ...readFailure(read.result, error), outcome: 'channel_not_ready' } };
  }
  const sentAt = ctx.clock.now();
  const answer = await post(ctx, 'Ready');
  const step = judgeStep(ctx.contracts, ctx.operations.channel, answer, { body: { operationName: 'Ready' } }, 'Ready on the chat channel');
  // An error envelope changed nothing: there is nothing to put back [src: RV852].
  if (refused(answer)) return { ready: false, restore: false, step };
  const seen = await waitForChannel(ctx, 'Ready', sentAt + ctx.settleTimeoutMs);
  if (seen === null) {
    if (!answered(answer)) memory.readySent.add('Ready', sentAt);
    const missing = notSeen(step, 'channel_not_ready', `Ready on the chat channel was not observed within ${ctx.settleTimeoutMs} ms`);
    return { ready: false, restore: true, step: endsRun(step) ? step : missing };
  }
  return { ready: !endsRun(step), restore: true, step };
}

/**
 * Puts the chat channel back in NotReady and confirms it by a read, sending NotReady twice if needed
 * (statusCode 0 only means "sent" [src: MAR]). False when no read confirmed it: real chats could
 * then be offered to the test agent, and the next run puts it back.
 */
export async function restoreChannel(ctx: SyntheticChatContext): Promise<boolean> {
  const deadline = (): number => ctx.clock.now() + (ctx.signal.aborted ? Math.min(RESTORE_ON_STOP_MS, ctx.settleTimeoutMs) : ctx.settleTimeoutMs);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    await post(ctx, 'NotReady');
    // Not cut short by a stop: the restore is what a stop must still do.
    const seen = await pollUntil(ctx, deadline(), undefined, async (timeoutMs) => ((await readChatChannel(ctx.client, timeoutMs)).state === 'NotReady' ? true : undefined));
    if (seen !== null) return true;
  }
  ctx.memory.channel.unrestored = true;
  return false;
}
