import { createChannelMemory, type ChannelMemory } from './chat-channel.ts';
import { customerPost } from './chat-customer.ts';
import { readChats, type ObservedChat } from './chat-observer.ts';
import { answered, refused } from './chat-step.ts';
import { pollUntil } from './poll.ts';
import type { SyntheticChatContext } from './synthetic-chat.ts';
import type { ChatCleanupFailureReason } from './types.ts';
import { UnsettledRequests } from './unsettled.ts';

/** After a stop, completing the run's chats may take this long at most, so shutdown stays within its bound. */
const CLEANUP_ON_STOP_MS = 1500;

/**
 * What a synthetic-chat probe carries from one run to the next: the RequestChats it sent without an
 * answer (GWS may still open their chats and offer them), the chats it could not confirm completed,
 * and what it left of the chat channel.
 */
export interface SyntheticChatMemory {
  readonly requests: UnsettledRequests<'RequestChat'>;
  /** Ids of chats a run left open: counted then, so not counted again when a later run finds them. */
  readonly leftOpen: Set<string>;
  readonly channel: ChannelMemory;
}

export function createSyntheticChatMemory(): SyntheticChatMemory {
  return { requests: new UnsettledRequests(), leftOpen: new Set(), channel: createChannelMemory() };
}

/** A chat that is still open for the agent: not in the state Complete leads to. */
export const isOpen = (ctx: Pick<SyntheticChatContext, 'operations'>, chat: ObservedChat): boolean => chat.state !== ctx.operations.completed;

/**
 * Counts the probe's chats that a run finds open and did not open itself: one an earlier run left
 * open was counted then; any other one that an earlier RequestChat without an answer explains is a
 * late chat, counted now. Either way each is completed, as one nobody can explain is.
 */
export function lateChats(memory: SyntheticChatMemory, found: readonly ObservedChat[]): ChatCleanupFailureReason[] {
  const failures: ChatCleanupFailureReason[] = [];
  for (const chat of found) {
    if (memory.leftOpen.has(chat.id)) continue;
    if (memory.requests.take(() => true) !== undefined) failures.push('late_chat');
  }
  return failures;
}

/**
 * Forgets what can no longer matter after a read of the agent's chats at `readAt`: RequestChats too
 * old to open a chat now, and left-open chats that are gone (one still there stays counted until it goes).
 */
export function forgetSettled(memory: SyntheticChatMemory, present: readonly ObservedChat[], readAt: number): void {
  memory.requests.forgetBefore(readAt);
  const ids = new Set(present.map((c) => c.id));
  for (const id of memory.leftOpen) if (!ids.has(id)) memory.leftOpen.delete(id);
}

/** What a clean-up did: the chats it found open first, and those still open when it gave up (none when it succeeded). */
export interface CleanUpResult {
  readonly found: readonly ObservedChat[];
  readonly left: readonly ObservedChat[];
}

/** The chats a clean-up ends: its own (known by id, offered or not) and whichever of the agent's open chats `ours` picks. */
export interface CleanUpScope {
  readonly created: ReadonlySet<string>;
  readonly ours: (chat: ObservedChat) => boolean;
  /** Chats whose customer has completed: not completed again. */
  readonly customerDone: Set<string>;
}

/** The customer completes each chat the run opened: one never offered to an agent waits in its queue otherwise [src: CustomerChatComplete]. */
async function completeAsCustomer(ctx: SyntheticChatContext, scope: CleanUpScope): Promise<void> {
  for (const id of scope.created) {
    if (scope.customerDone.has(id)) continue;
    const answer = await customerPost(ctx.customer, id, { operationName: 'Complete' });
    // Without an acknowledgement it is sent again on the next try.
    if (answered(answer) && !refused(answer)) scope.customerDone.add(id);
  }
}

/**
 * Ends the chats of `scope`: the customer completes them (which also withdraws an offer not yet
 * accepted [src: CustomerChatComplete]), then the agent completes a chat it took, or, on the second
 * try, rejects one still offered [src: ChatComplete, ChatReject]. The agent's side is confirmed by
 * reading GET /me/chats (a notification would wait for nothing when the chat is already over); the
 * customer's side is not read again, as the page asks of a completed chat [src: CustomerChatComplete].
 */
export async function cleanUp(ctx: SyntheticChatContext, scope: CleanUpScope): Promise<CleanUpResult> {
  const { ours, customerDone } = scope;
  const deadline = (): number => ctx.clock.now() + (ctx.signal.aborted ? Math.min(CLEANUP_ON_STOP_MS, ctx.settleTimeoutMs) : ctx.settleTimeoutMs);
  let found: readonly ObservedChat[] | undefined;
  let left: readonly ObservedChat[] = [];
  for (let attempt = 0; attempt < 2; attempt += 1) {
    await completeAsCustomer(ctx, scope);
    const read = await readChats(ctx.client, ctx.timeoutMs);
    if (read.chats === undefined) return { found: found ?? [], left: left.length > 0 ? left : (found ?? []) };
    left = read.chats.filter((c) => isOpen(ctx, c) && ours(c));
    found ??= left;
    if (left.length === 0) return { found, left };
    for (const chat of left) {
      if (!customerDone.has(chat.id)) {
        customerDone.add(chat.id);
        await customerPost(ctx.customer, chat.id, { operationName: 'Complete' });
      }
      const operationName = chat.capabilities.includes('Complete') ? 'Complete' : attempt > 0 && chat.capabilities.includes('Reject') ? 'Reject' : undefined;
      if (operationName !== undefined) {
        await ctx.client.request({ method: 'POST', path: `/me/chats/${encodeURIComponent(chat.id)}`, body: { operationName }, auth: 'basic', timeoutMs: ctx.timeoutMs });
      }
    }
    const ids = new Set(left.map((c) => c.id));
    // Not cut short by a stop: ending the chats is what a stop must still do.
    const gone = await pollUntil(ctx, deadline(), undefined, async (timeoutMs) => {
      const now = await readChats(ctx.client, timeoutMs);
      if (now.chats === undefined) return undefined;
      left = now.chats.filter((c) => ids.has(c.id) && isOpen(ctx, c));
      return left.length === 0 ? true : undefined;
    });
    if (gone !== null) return { found, left: [] };
  }
  return { found: found ?? [], left };
}
