import { randomUUID } from 'node:crypto';
import type { ClientResult } from '../client/index.ts';
import { chatIdOf, customerHeaders, customerPost, requestChatBody, waitForCustomerText } from './chat-customer.ts';
import type { ChatObserver } from './chat-observer.ts';
import { endsRun, judgeStep, notSeen, type StepVerdict } from './chat-step.ts';
import type { SyntheticChatContext } from './synthetic-chat.ts';
import type { ChatMessageDirection } from './types.ts';

/** The agent's name in the chat, as the customer sees it [src: ChatAccept 8.5.2: nickname]. */
export const AGENT_NICKNAME = 'gwscheck probe agent';

/** What one conversation did: its steps in order, and what it measured and opened. */
export interface Conversation {
  readonly steps: readonly StepVerdict[];
  readonly deliveryMs: number | null;
  readonly messageMs: Readonly<Record<ChatMessageDirection, number | null>>;
  /** RequestChat's answer and when it was sent (undefined when it was never sent). */
  readonly requested?: { readonly result: ClientResult; readonly sentAt: number };
}

/** What the conversation shares with the run's clean-up: the chats it opened, and those whose customer completed. */
export interface ConversationLedger {
  readonly created: Set<string>;
  readonly customerDone: Set<string>;
}

/**
 * A customer requests a chat, the test agent is offered it and accepts it, one message goes each
 * way, the customer completes it, then the agent [src: CustomerChatRequestChat, ChatAccept 8.5.2,
 * ChatSend latest, CustomerChatSendMessage, CustomerChatGetMessages, CustomerChatComplete,
 * ChatComplete]. Every answer is judged against its catalog entry; the first step that fails ends
 * the conversation, and the run's clean-up ends the chat.
 */
export async function converse(ctx: SyntheticChatContext, observer: ChatObserver, ledger: ConversationLedger): Promise<Conversation> {
  const steps: StepVerdict[] = [];
  const messageMs: Record<ChatMessageDirection, number | null> = { agent_to_customer: null, customer_to_agent: null };
  let deliveryMs: number | null = null;
  const sent: { requested?: Conversation['requested'] } = {};
  const done = (): Conversation => ({ steps, deliveryMs, messageMs: { ...messageMs }, ...sent });
  /** Records a step; true when the conversation goes on. */
  const holds = (step: StepVerdict): boolean => {
    steps.push(step);
    return !endsRun(step);
  };
  const settled = (from: number): number => from + ctx.settleTimeoutMs;
  const { operations: ops } = ctx;
  const nonce = randomUUID().slice(0, 8);

  const customerSend = async (chatId: string | undefined, body: Record<string, unknown>, what: string): Promise<StepVerdict> => {
    const operation = chatId === undefined ? ops.requestChat : ops.customer;
    const result = await customerPost(ctx.customer, chatId, body);
    return judgeStep(ctx.contracts, operation, result, { body, headers: customerHeaders(ctx.customer), ...(chatId === undefined ? {} : { params: { id: chatId } }) }, what);
  };
  const agentSend = async (chatId: string, body: Record<string, unknown>, what: string): Promise<StepVerdict> => {
    const result = await ctx.client.request({ method: 'POST', path: `/me/chats/${encodeURIComponent(chatId)}`, body, auth: 'basic', timeoutMs: ctx.timeoutMs });
    return judgeStep(ctx.contracts, ops.agent, result, { body, params: { id: chatId } }, what);
  };

  // A notification sent before the subscription is in place would be missed.
  await observer.ready();
  const requestedAt = ctx.clock.now();
  const request = await customerSend(undefined, requestChatBody(ctx.endpoint), 'RequestChat');
  sent.requested = { result: request.request, sentAt: requestedAt };
  const chatId = chatIdOf(request.request);
  if (chatId !== undefined) ledger.created.add(chatId);
  if (!holds(request)) return done();
  if (chatId === undefined) {
    holds(notSeen(request, 'schema_violation', 'RequestChat was answered without a chat id [src: CustomerChatRequestChat]'));
    return done();
  }

  const offeredAt = await observer.waitForChat(chatId, (state) => state !== undefined && state !== ops.completed, settled(requestedAt), ctx.signal);
  if (offeredAt === null) {
    holds(notSeen(request, 'delivery_timeout', `chat ${chatId} was requested but not offered to the test agent within ${ctx.settleTimeoutMs} ms`));
    return done();
  }
  deliveryMs = offeredAt - requestedAt;

  const acceptedAt = ctx.clock.now();
  const accept = await agentSend(chatId, { operationName: 'Accept', nickname: AGENT_NICKNAME }, 'Accept');
  if (!holds(accept)) return done();
  if ((await observer.waitForChat(chatId, (state) => state === ops.chatting, settled(acceptedAt), ctx.signal)) === null) {
    holds(notSeen(accept, 'accept_timeout', `Accept on chat ${chatId} was acknowledged but the chat did not show ${ops.chatting} within ${ctx.settleTimeoutMs} ms`));
    return done();
  }

  const toCustomer = `gwscheck ${nonce}: to the customer`;
  const agentSentAt = ctx.clock.now();
  const agentMessage = await agentSend(chatId, { operationName: 'SendMessage', text: toCustomer }, 'SendMessage by the agent');
  if (!holds(agentMessage)) return done();
  const customerSaw = await waitForCustomerText(ctx.customer, chatId, toCustomer, settled(agentSentAt), ctx.signal);
  if (customerSaw === null) {
    holds(notSeen(agentMessage, 'message_timeout', `the agent's message did not reach the customer's GetMessages within ${ctx.settleTimeoutMs} ms`));
    return done();
  }
  messageMs.agent_to_customer = customerSaw - agentSentAt;

  const toAgent = `gwscheck ${nonce}: to the agent`;
  const customerSentAt = ctx.clock.now();
  const customerMessage = await customerSend(chatId, { operationName: 'SendMessage', text: toAgent }, 'SendMessage by the customer');
  if (!holds(customerMessage)) return done();
  const agentSaw = await observer.waitForText(chatId, toAgent, settled(customerSentAt), ctx.signal);
  if (agentSaw === null) {
    holds(notSeen(customerMessage, 'message_timeout', `the customer's message did not reach the agent's transcript within ${ctx.settleTimeoutMs} ms`));
    return done();
  }
  messageMs.customer_to_agent = agentSaw - customerSentAt;

  // The customer leaves first: an agent's Complete on a chat with no other agent ends the customer's side too [src: ChatComplete].
  const customerComplete = await customerSend(chatId, { operationName: 'Complete' }, 'Complete by the customer');
  if (!holds(customerComplete)) return done();
  ledger.customerDone.add(chatId);
  const completedAt = ctx.clock.now();
  const agentComplete = await agentSend(chatId, { operationName: 'Complete' }, 'Complete by the agent');
  if (!holds(agentComplete)) return done();
  if ((await observer.waitForChat(chatId, (state) => state === undefined || state === ops.completed, settled(completedAt), ctx.signal)) === null) {
    holds(notSeen(agentComplete, 'complete_timeout', `Complete on chat ${chatId} was acknowledged but the chat did not show ${ops.completed} within ${ctx.settleTimeoutMs} ms`));
  }
  return done();
}
