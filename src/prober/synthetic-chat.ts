import type { GwsClient } from '../client/index.ts';
import type { ProberTarget, SyntheticChatConfig } from '../config/index.ts';
import type { Contracts } from '../contracts/index.ts';
import { prepareChannel, restoreChannel } from './chat-channel.ts';
import { cleanUp, createSyntheticChatMemory, forgetSettled, isOpen, lateChats, type CleanUpResult, type SyntheticChatMemory } from './chat-cleanup.ts';
import { converse, type Conversation, type ConversationLedger } from './chat-conversation.ts';
import { chatIdOf, type CustomerSide } from './chat-customer.ts';
import { notificationChatObserver, readChats, type ChatObserverFactory, type ObservedChat } from './chat-observer.ts';
import { chatOperations, decisive, decisiveExchange, readFailure, refused, type ChatOperations, type StepVerdict } from './chat-step.ts';
import type { ExchangeLimits } from './exchange.ts';
import { intervalSeconds } from './schedule.ts';
import { probeKey } from './shard.ts';
import type { ChatCleanupFailureReason, Clock, Logger, ProbeResult } from './types.ts';

export interface SyntheticChatContext {
  readonly target: string;
  readonly contracts: Contracts;
  readonly operations: ChatOperations;
  /** The dedicated test agent's client. */
  readonly client: GwsClient;
  /** The customer's side: a client without credentials and the contact center's id. */
  readonly customer: CustomerSide;
  readonly clock: Clock;
  readonly observer: ChatObserverFactory;
  /** RequestChat's `endpoint` (the queue), when configured. */
  readonly endpoint?: string | undefined;
  readonly timeoutMs: number;
  readonly settleTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** Aborted when the prober stops: stop waiting, end the chat and restore the channel at once. */
  readonly signal: AbortSignal;
  /** What the probe's earlier runs left to know: one per probe, kept across its runs. */
  readonly memory: SyntheticChatMemory;
  /** The test agent's username: a failed run's `curl` reproduction names it. */
  readonly username?: string | undefined;
  /** How much of a failed run's answer is kept (default DEFAULT_EXCHANGE_LIMITS). */
  readonly exchangeLimits?: ExchangeLimits | undefined;
}

/** The run's own RequestChat may have opened a chat it never learned the id of: no answer, or an answer without an id. */
function mayHaveOpened(conversation: Conversation | undefined): { readonly sentAt: number } | undefined {
  const requested = conversation?.requested;
  if (requested === undefined || chatIdOf(requested.result) !== undefined || refused(requested.result)) return undefined;
  return requested;
}

/** What the chats of a run came to: the conversation, whether every chat of the probe's is confirmed over, or the read that failed first. */
interface SettledChats {
  readonly conversation?: Conversation;
  readonly cleanedUp: boolean;
  readonly failedRead?: StepVerdict;
}

/**
 * Runs `talk` between two clean-ups. Before it, what earlier runs left: a chat of the probe's still
 * open, counted when an earlier RequestChat without an answer explains it. After it, every chat of
 * the probe's still open, this run's own and any that appeared meanwhile, whatever `talk` did.
 */
async function withChatsSettled(ctx: SyntheticChatContext, failures: ChatCleanupFailureReason[], talk: (ledger: ConversationLedger) => Promise<Conversation>): Promise<SettledChats> {
  const before = await readChats(ctx.client, ctx.timeoutMs);
  if (before.chats === undefined) return { cleanedUp: true, failedRead: readFailure(before.result, before.reason) };
  const open = before.chats.filter((c) => isOpen(ctx, c));
  const leftovers = new Set(open.filter((c) => c.probeChat).map((c) => c.id));
  failures.push(...lateChats(ctx.memory, open.filter((c) => leftovers.has(c.id))));
  forgetSettled(ctx.memory, open, ctx.clock.now());
  const ledger: ConversationLedger = { created: new Set(), customerDone: new Set() };
  let conversation: Conversation | undefined;
  let end: CleanUpResult = { found: [], left: [] };
  try {
    // What an earlier run left goes before this run's chat, which it could otherwise hold up.
    if (leftovers.size > 0) await cleanUp(ctx, { created: new Set(), ours: (c) => leftovers.has(c.id), customerDone: ledger.customerDone });
    conversation = await talk(ledger);
  } finally {
    const scope = { created: ledger.created, ours: (c: ObservedChat) => c.probeChat || ledger.created.has(c.id), customerDone: ledger.customerDone };
    end = await cleanUp(ctx, scope).catch(() => ({ found: [], left: [...ledger.created].map((id) => ({ id, state: '', capabilities: [], probeChat: true })) }));
    let appeared = end.found.filter((c) => !ledger.created.has(c.id) && !leftovers.has(c.id));
    const own = mayHaveOpened(conversation);
    // The first chat of the probe's that appeared during the run is this run's own, when its RequestChat had no answer.
    if (own !== undefined && appeared.length > 0) appeared = appeared.slice(1);
    else if (own !== undefined) ctx.memory.requests.add('RequestChat', own.sentAt);
    failures.push(...lateChats(ctx.memory, appeared));
    // Counted once: a chat an earlier run left open and counted is not counted again while it stays.
    if (end.left.some((c) => !ctx.memory.leftOpen.has(c.id))) failures.push('complete_not_confirmed');
    for (const chat of end.left) ctx.memory.leftOpen.add(chat.id);
  }
  return { conversation, cleanedUp: end.left.length === 0 };
}

/**
 * A customer starts a chat, the test agent takes it, one message goes each way and both sides
 * complete it; the chat channel is Ready for the run and restored after it. Every chat of the
 * probe's is completed before the run returns, also after a timeout, a failure or a stop; what could
 * not be confirmed is in `chat.cleanupFailures`.
 */
export async function runSyntheticChat(ctx: SyntheticChatContext): Promise<ProbeResult> {
  const startedAt = ctx.clock.now();
  const failures: ChatCleanupFailureReason[] = [];
  const channel = await prepareChannel(ctx, failures);
  let settled: SettledChats = { cleanedUp: true };
  let restored = true;
  try {
    if (channel.ready) {
      settled = await withChatsSettled(ctx, failures, async (ledger) => {
        const observer = ctx.observer({ client: ctx.client, clock: ctx.clock, pollIntervalMs: ctx.pollIntervalMs, timeoutMs: ctx.timeoutMs });
        try {
          return await converse(ctx, observer, ledger);
        } finally {
          await observer.close().catch(() => undefined);
        }
      });
    }
  } finally {
    if (channel.restore) restored = await restoreChannel(ctx);
    if (!restored) failures.push('channel_not_restored');
  }
  const steps = [...(channel.step ? [channel.step] : []), ...(settled.failedRead ? [settled.failedRead] : []), ...(settled.conversation?.steps ?? [])];
  const failed = steps.some((s) => !s.ok);
  // A run that held reports its RequestChat; one that failed, the step that decided it.
  const shown = failed ? decisive(steps) : (settled.conversation?.steps[0] ?? steps[0]);
  if (shown === undefined) throw new Error('the synthetic-chat run took no step');
  return {
    target: ctx.target,
    probe: ctx.operations.requestChat.id,
    kind: 'synthetic-chat',
    startedAt,
    ok: !failed,
    outcome: shown.outcome,
    statusCode: shown.statusCode,
    violations: shown.violations,
    responded: shown.request.kind === 'response',
    durationMs: shown.request.timings.total * 1000,
    timings: shown.request.timings,
    ...(shown.error !== undefined ? { error: shown.error } : {}),
    chat: {
      deliveryMs: settled.conversation?.deliveryMs ?? null,
      messageMs: settled.conversation?.messageMs ?? { agent_to_customer: null, customer_to_agent: null },
      cleanedUp: settled.cleanedUp && restored,
      cleanupFailures: failures,
    },
    ...decisiveExchange(ctx, failed, shown),
  };
}

export interface SyntheticChatPlanOptions {
  readonly target: ProberTarget;
  readonly config: SyntheticChatConfig;
  readonly contracts: Contracts;
  /** The test agent's client, with the probe's request timeout. */
  readonly client: GwsClient;
  /** A client of the target without credentials, for the customer's side. */
  readonly customerClient: GwsClient;
  readonly clock: Clock;
  /** Replaces the default (CometD notifications, polling where the target has none). */
  readonly observer?: ChatObserverFactory | undefined;
  readonly logger: Logger;
  /** Masks the target's credentials in a log line. */
  readonly redact: (text: string) => string;
}

/** The synthetic-chat probe of one target, as the prober schedules it. */
export function planSyntheticChat(options: SyntheticChatPlanOptions) {
  const { target, config } = options;
  const operations = chatOperations(options.contracts);
  let polling = false;
  // Kept across runs: a RequestChat one run gave up on may open its chat after it, and the next must know it.
  const memory = createSyntheticChatMemory();
  const observer =
    options.observer ??
    notificationChatObserver({
      baseUrl: target.baseUrl,
      agent: config.agent,
      // Said once: every run would otherwise repeat it.
      onFallback: (failure) => {
        if (polling) return;
        polling = true;
        options.logger.warn(`${target.name}: no CometD notifications (${options.redact(failure.detail)}); the synthetic-chat probe polls GET /me/chats instead`);
      },
    });
  const customer: CustomerSide = {
    client: options.customerClient,
    contactCenterId: config.contactCenterId,
    clock: options.clock,
    timeoutMs: config.timeoutMs,
    pollIntervalMs: config.pollIntervalMs,
  };
  const probe = operations.requestChat.id;
  return {
    target: target.name,
    probe,
    kind: 'synthetic-chat' as const,
    settings: { schedule: config.schedule, timeoutMs: config.timeoutMs },
    intervalSeconds: intervalSeconds(config.schedule),
    key: probeKey(target.name, probe),
    run: (signal: AbortSignal): Promise<ProbeResult> =>
      runSyntheticChat({
        target: target.name,
        contracts: options.contracts,
        operations,
        client: options.client,
        customer,
        clock: options.clock,
        observer,
        endpoint: config.endpoint,
        timeoutMs: config.timeoutMs,
        settleTimeoutMs: config.settleTimeoutMs,
        pollIntervalMs: config.pollIntervalMs,
        signal,
        memory,
        username: config.agent.username,
      }),
  };
}
