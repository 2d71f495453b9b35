import type { ClientResult, GwsClient } from '../client/index.ts';
import { PROBE_CHAT_MARK, saysText } from './chat-observer.ts';
import { pollUntil } from './poll.ts';
import type { Clock } from './types.ts';

/** The customer's name in the chat, as the test agent sees it. */
export const CUSTOMER_NICKNAME = 'gwscheck probe';

/** The customer's side of the probe: the Customer Chat API, with no credentials [src: CustomerChatRequestChat]. */
export interface CustomerSide {
  /** A client without credentials: the customer side never sends an Authorization header. */
  readonly client: GwsClient;
  /** Sent as the ContactCenterId header of every request [src: CustomerChatRequestChat]. */
  readonly contactCenterId: string;
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Gap between two reads of GET /chats/{id}/messages: the customer has no notifications, it polls [src: CustomerChatGetMessages]. */
  readonly pollIntervalMs: number;
}

/** RequestChat as the probe's customer sends it: marked, so the agent's side can tell the probe's chats [src: CustomerChatRequestChat]. */
export function requestChatBody(endpoint: string | undefined): Record<string, unknown> {
  return {
    operationName: 'RequestChat',
    nickname: CUSTOMER_NICKNAME,
    subject: 'gwscheck synthetic chat',
    userData: { [PROBE_CHAT_MARK.key]: PROBE_CHAT_MARK.value },
    ...(endpoint !== undefined ? { endpoint } : {}),
  };
}

/** The headers of every customer request: the contact center's id instead of credentials. */
export const customerHeaders = (side: CustomerSide): Readonly<Record<string, string>> => ({ ContactCenterId: side.contactCenterId });

/** `POST /chats` (no id) or `POST /chats/{id}` as the customer. */
export function customerPost(side: CustomerSide, chatId: string | undefined, body: Record<string, unknown>, timeoutMs = side.timeoutMs): Promise<ClientResult> {
  const path = chatId === undefined ? '/chats' : `/chats/${encodeURIComponent(chatId)}`;
  return side.client.request({ method: 'POST', path, body, auth: 'none', headers: customerHeaders(side), timeoutMs });
}

/** The chat id RequestChat answered `{"statusCode":0,"id":...}` with, or undefined [src: CustomerChatRequestChat]. */
export function chatIdOf(result: ClientResult): string | undefined {
  if (result.kind !== 'response') return undefined;
  const body = result.response.body as { statusCode?: unknown; id?: unknown } | undefined;
  return body?.statusCode === 0 && typeof body.id === 'string' && body.id !== '' ? body.id : undefined;
}

/**
 * Epoch ms when the customer's GetMessages showed a Text entry saying `text`, null at the deadline
 * or on abort. Every read asks from index 0: a read that failed loses nothing [src: CustomerChatGetMessages].
 */
export async function waitForCustomerText(side: CustomerSide, chatId: string, text: string, deadline: number, signal?: AbortSignal): Promise<number | null> {
  const seen = await pollUntil(side, deadline, signal, async (timeoutMs) => {
    const result = await side.client.request({
      method: 'GET',
      path: `/chats/${encodeURIComponent(chatId)}/messages`,
      query: { index: '0' },
      auth: 'none',
      headers: customerHeaders(side),
      timeoutMs,
    });
    const messages = result.kind === 'response' ? (result.response.body as { messages?: unknown } | undefined)?.messages : undefined;
    return Array.isArray(messages) && messages.some((m) => saysText(m, text)) ? true : undefined;
  });
  return seen?.at ?? null;
}
