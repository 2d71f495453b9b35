import type { TestContext } from 'vitest';
import { type Operation } from '../../contracts/index.ts';
import { CHAT_OUTCOMES, outcomeOfRequest } from '../../contracts/outcomes.ts';
import { eventually } from './eventually.ts';
import { ruleViolation, type Gate } from './harness.ts';
import type { Exchange, GateRequest } from './http.ts';
import { asJson, expectOutcome, listOf, sendOperation, type InteractionFlow, type Json, type OutcomeCheck } from './interaction-flow.ts';
import { watchTopics } from './notifications.ts';

type Test = TestContext['task'];

/** ChatStateChangeMessage and MessageLogUpdated arrive here [src: ChatMessageType 8.5.2]. */
const CHAT_TOPIC = '/v2/me/chats';

/** The agent's side of chats: a subscription to /v2/me/chats opened before any operation. */
export async function openChatFlow(gate: Gate, task: Test, operation: Operation): Promise<InteractionFlow> {
  const watching = await watchTopics(gate, [CHAT_TOPIC]);
  if (watching.kind === 'failed') gate.fail(task, operation, watching.violation);
  const session = watching.kind === 'watching' ? watching.session : undefined;
  return { gate, task, operation, sender: gate.user, session, close: async () => void (await session?.close()) };
}

/** The agent's chats as GET /me/chats?fields=* shows them [src: ChatResources latest]. */
export async function readChats(gate: Gate): Promise<{ readonly exchange: Exchange; readonly chats: readonly Json[] }> {
  const exchange = await gate.user.send({ method: 'GET', path: '/me/chats', query: { fields: '*' } });
  return { exchange, chats: listOf(asJson(exchange.response.body)?.['chats']) };
}

/** The transcript of one of the agent's chats [src: ChatResources latest]. */
async function readTranscript(gate: Gate, chatId: string): Promise<{ readonly exchange: Exchange; readonly messages: readonly Json[] }> {
  const exchange = await gate.user.send({ method: 'GET', path: `/me/chats/${encodeURIComponent(chatId)}/messages` });
  return { exchange, messages: listOf(asJson(exchange.response.body)?.['messages']) };
}

/** Whether a message names this chat: a ChatStateChangeMessage by its chat's id, a MessageLogUpdated by its chatUri or chatPath. */
function aboutChat(data: Json, chatId: string): boolean {
  const chat = asJson(data['chat']);
  if (chat !== undefined) return chat['id'] === chatId;
  const where = [data['chatUri'], data['chatPath']].find((v): v is string => typeof v === 'string');
  return where !== undefined && decodeURIComponent(where.replace(/\/+$/, '').split('/').pop() ?? '') === chatId;
}

/**
 * How an operation on one chat shows: a ChatStateChangeMessage's chat (state, participants, user
 * data) and GET /me/chats, or the newest transcript entry of a MessageLogUpdated and GET
 * /me/chats/{id}/messages. A chat that has left the agent's list reads as Completed.
 */
export function chatCheck(flow: InteractionFlow, chatId: string, body: Readonly<Record<string, unknown>>): OutcomeCheck {
  const name = String(body['operationName']);
  const known = CHAT_OUTCOMES[name];
  if (known === undefined) throw new Error(`no expected outcome for chat operation ${name}`);
  const outcome = outcomeOfRequest(known, body);
  const value = outcome.shows === undefined || typeof outcome.shows.value !== 'string' ? null : outcome.shows.value;
  const transcript = outcome.notificationType === 'NewMessages';
  return {
    outcome,
    what: `${name} on chat ${chatId}`,
    value,
    item: (data) => {
      if (!aboutChat(data, chatId)) return undefined;
      return transcript ? listOf(data['messages']).at(-1) : asJson(data['chat']);
    },
    read: async () => {
      if (transcript) {
        const { exchange, messages } = await readTranscript(flow.gate, chatId);
        return { exchange, item: messages.at(-1) };
      }
      const { exchange, chats } = await readChats(flow.gate);
      return { exchange, item: chats.find((c) => c['id'] === chatId) ?? { id: chatId, state: 'Completed' } };
    },
  };
}

/**
 * The referenceId of the first StatusChange on /v2/me/chats that announced the chat in `state`, if
 * one arrived and carried a referenceId [src: ChatMessageType 8.5.2, ChatAccept 8.5.2 sample].
 */
export function announcedReference(flow: InteractionFlow, chatId: string, state: string): number | undefined {
  const announced = (flow.session?.received() ?? []).map((n) => (n.channel === CHAT_TOPIC ? asJson(n.message['data']) : undefined)).find((data) =>
    data !== undefined && data['messageType'] === 'ChatStateChangeMessage' && data['notificationType'] === 'StatusChange' && aboutChat(data, chatId) && asJson(data['chat'])?.['state'] === state);
  const reference = announced?.['referenceId'];
  return Number.isInteger(reference) ? (reference as number) : undefined;
}

/** Sends an operation on a chat and requires its outcome (CHAT_OUTCOMES), matched by referenceId; the chat or entry as GET then shows it. */
export async function operateChat(flow: InteractionFlow, chatId: string, body: Readonly<Record<string, unknown>>): Promise<Json | undefined> {
  const acked = await sendOperation(flow, { method: 'POST', path: `/me/chats/${encodeURIComponent(chatId)}`, body }, { withReference: true });
  return expectOutcome(flow, chatCheck(flow, chatId, body), acked.sentAt, acked.referenceId);
}

/** A customer's request of the Customer Chat API: no credentials, the contact center's id as a header [src: CustomerChatRequestChat]. */
export function customerRequest(gate: Gate, request: Omit<GateRequest, 'headers' | 'auth'>): Promise<Exchange> {
  return gate.anonymous.send({ ...request, headers: { ContactCenterId: gate.context.target.contactCenterId ?? '' } });
}

/**
 * A chat offered to the agent the way a customer starts one: RequestChat on the Customer Chat API,
 * then the agent's chats list it (its state before Accept is the server's own) [src:
 * CustomerChatRequestChat; ChatAccept: "a new chat invitation"]. Returns the chat id.
 */
export async function offerChat(flow: InteractionFlow, subject = 'gwscheck contract'): Promise<string> {
  const { gate, task, operation } = flow;
  const requested = await customerRequest(gate, { method: 'POST', path: '/chats', body: { operationName: 'RequestChat', nickname: 'gwscheck customer', subject } });
  const id = asJson(requested.response.body)?.['id'];
  if (requested.response.httpStatus !== 200 || asJson(requested.response.body)?.['statusCode'] !== 0 || typeof id !== 'string' || id === '') {
    return gate.fail(task, operation, ruleViolation('status-code', 'chat-offer', `RequestChat on the Customer Chat API answered HTTP ${requested.response.httpStatus} ${requested.response.rawBody.slice(0, 200)}: no chat to offer the agent [src: CustomerChatRequestChat]`), requested);
  }
  const deadlineMs = gate.context.asyncDeadlineMs;
  const seen = await eventually(() => readChats(gate), (r) => r.chats.some((c) => c['id'] === id), { deadlineMs });
  if (!seen.ok) {
    gate.fail(task, operation, ruleViolation('status-code', 'chat-offer', `the agent's chats do not list chat ${id} ${deadlineMs} ms after a customer requested it with the agent's chat channel Ready`), seen.last.exchange);
  }
  return id;
}

/** A customer ends its side of a chat, so that a chat left waiting is never offered to a later contract [src: CustomerChatComplete]. */
export async function completeAsCustomer(gate: Gate, chatId: string): Promise<void> {
  await customerRequest(gate, { method: 'POST', path: `/chats/${encodeURIComponent(chatId)}`, body: { operationName: 'Complete' } }).catch(() => undefined);
}
