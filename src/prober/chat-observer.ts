import type { ClientResult, GwsClient } from '../client/index.ts';
import type { Credentials } from '../config/index.ts';
import type { OpenFailure, ReceivedNotification } from '../notifications/index.ts';
import { openRunSession } from './run-session.ts';
import { pollUntil } from './poll.ts';
import type { Clock } from './types.ts';

/** ChatStateChangeMessage and MessageLogUpdated arrive here [src: ChatMessageType 8.5.2]. */
export const CHATS_CHANNEL = '/v2/me/chats';

/**
 * The user data every chat the probe requests carries: the chat resource shows it to the agent
 * [src: CustomerChatRequestChat userData; ChatResources latest], so a run can tell the probe's own
 * chats (an earlier run's too) from any other chat offered to the test agent.
 */
export const PROBE_CHAT_MARK = Object.freeze({ key: 'GwscheckProbe', value: 'synthetic-chat' });

/** What the probe needs of a chat from the agent's side. */
export interface ObservedChat {
  readonly id: string;
  readonly state: string;
  /** The operations the chat offers now, e.g. Accept and Reject while it is offered [src: ChatMessageType 8.5.2]. */
  readonly capabilities: readonly string[];
  /** The chat carries PROBE_CHAT_MARK: the probe requested it. */
  readonly probeChat: boolean;
}

/** A chat's state as an observer reports it; undefined when a read no longer lists the chat (it is over for the agent). */
export type ChatStateMatch = (state: string | undefined) => boolean;

export interface ChatObserver {
  /** Resolves once a change can be seen (the subscription is in place, or polling took over); awaited before RequestChat. */
  ready(): Promise<void>;
  /** Epoch ms by the probe's clock when chat `id` was seen in a state `match` accepts; null at the deadline or on abort. */
  waitForChat(id: string, match: ChatStateMatch, deadline: number, signal?: AbortSignal): Promise<number | null>;
  /** Epoch ms when the agent's transcript of chat `id` showed a Text entry saying `text`; null at the deadline or on abort. */
  waitForText(id: string, text: string, deadline: number, signal?: AbortSignal): Promise<number | null>;
  close(): Promise<void>;
}

export interface ChatObserverContext {
  readonly client: GwsClient;
  readonly clock: Clock;
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
}

export type ChatObserverFactory = (context: ChatObserverContext) => ChatObserver;

const record = (value: unknown): Readonly<Record<string, unknown>> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The id, state and mark of a chat resource as GWS prints it, or undefined without an id and a state [src: ChatResources latest]. */
export function observedChat(raw: unknown): ObservedChat | undefined {
  const chat = record(raw);
  if (typeof chat?.['id'] !== 'string' || typeof chat['state'] !== 'string') return undefined;
  const capabilities = Array.isArray(chat['capabilities']) ? chat['capabilities'].filter((c): c is string => typeof c === 'string') : [];
  return { id: chat['id'], state: chat['state'], capabilities, probeChat: record(chat['userData'])?.[PROBE_CHAT_MARK.key] === PROBE_CHAT_MARK.value };
}

/** Whether a transcript entry is a Text saying `text` [src: ChatSend latest, ChatMessageType 8.5.2]. */
export const saysText = (entry: unknown, text: string): boolean => {
  const message = record(entry);
  return message?.['type'] === 'Text' && message['text'] === text;
};

const CHATS_QUERY = Object.freeze({ fields: '*' });

/** The agent's chats from GET /me/chats?fields=* [src: ChatResources latest], or a one-line reason. */
export async function readChats(
  client: GwsClient,
  timeoutMs: number,
): Promise<{ readonly chats: readonly ObservedChat[]; readonly result: ClientResult } | { readonly chats: undefined; readonly result: ClientResult; readonly reason: string }> {
  const result = await client.request({ method: 'GET', path: '/me/chats', query: CHATS_QUERY, auth: 'basic', timeoutMs });
  if (result.kind !== 'response') return { chats: undefined, result, reason: `GET /me/chats: ${result.error}` };
  const body = record(result.response.body);
  if (body?.['statusCode'] !== 0 || !Array.isArray(body['chats'])) {
    const code = typeof body?.['statusCode'] === 'number' ? `statusCode ${body['statusCode']}` : `HTTP ${result.response.httpStatus}`;
    return { chats: undefined, result, reason: `GET /me/chats?fields=* listed no chats (${code})` };
  }
  return { chats: (body['chats'] as unknown[]).map(observedChat).filter((c): c is ObservedChat => c !== undefined), result };
}

/** The agent's transcript of one chat, GET /me/chats/{id}/messages [src: ChatResources latest]; undefined when it cannot be read. */
async function readTranscript(client: GwsClient, id: string, timeoutMs: number): Promise<readonly unknown[] | undefined> {
  const result = await client.request({ method: 'GET', path: `/me/chats/${encodeURIComponent(id)}/messages`, auth: 'basic', timeoutMs });
  const messages = result.kind === 'response' ? record(result.response.body)?.['messages'] : undefined;
  return Array.isArray(messages) ? messages : undefined;
}

/** Observes chats by reading GET /me/chats and the chat's transcript every `pollIntervalMs`. */
export const pollingChatObserver: ChatObserverFactory = (ctx) => ({
  ready: () => Promise.resolve(),
  async waitForChat(id, match, deadline, signal) {
    const seen = await pollUntil(ctx, deadline, signal, async (timeoutMs) => {
      const read = await readChats(ctx.client, timeoutMs);
      if (read.chats === undefined) return undefined;
      return match(read.chats.find((c) => c.id === id)?.state) ? true : undefined;
    });
    return seen?.at ?? null;
  },
  async waitForText(id, text, deadline, signal) {
    const seen = await pollUntil(ctx, deadline, signal, async (timeoutMs) => {
      const messages = await readTranscript(ctx.client, id, timeoutMs);
      return messages?.some((m) => saysText(m, text)) === true ? true : undefined;
    });
    return seen?.at ?? null;
  },
  close: () => Promise.resolve(),
});

const dataOf = (n: ReceivedNotification): Readonly<Record<string, unknown>> | undefined => (n.channel === CHATS_CHANNEL ? record(n.message['data']) : undefined);

/** The chat a ChatStateChangeMessage carries. */
function changedChat(n: ReceivedNotification): ObservedChat | undefined {
  const data = dataOf(n);
  return data?.['messageType'] === 'ChatStateChangeMessage' ? observedChat(data['chat']) : undefined;
}

/** Whether a MessageLogUpdated adds an entry saying `text` to chat `id`; it names the chat by chatUri or chatPath [src: ChatMessageType 8.5.2]. */
function addsText(n: ReceivedNotification, id: string, text: string): boolean {
  const data = dataOf(n);
  if (data?.['messageType'] !== 'MessageLogUpdated' || !Array.isArray(data['messages'])) return false;
  const where = [data['chatUri'], data['chatPath']].find((v): v is string => typeof v === 'string');
  const named = where?.replace(/\/+$/, '').split('/').pop();
  return named !== undefined && (named === id || named === encodeURIComponent(id)) && (data['messages'] as unknown[]).some((m) => saysText(m, text));
}

export interface NotificationChatObserverOptions {
  readonly baseUrl: string;
  readonly agent: Credentials;
  /** Told when a run polls instead: no endpoint, a refused handshake, no connection. */
  readonly onFallback?: (failure: OpenFailure) => void;
}

/**
 * Observes chats as an agent desktop does: ChatStateChangeMessage and MessageLogUpdated on
 * /v2/me/chats [src: ChatMessageType 8.5.2]. Each run opens its own session before RequestChat and
 * closes it afterwards; where none can be opened, the run polls GET /me/chats instead.
 */
export function notificationChatObserver(options: NotificationChatObserverOptions): ChatObserverFactory {
  return (ctx) => {
    let fallback: ChatObserver | undefined;
    const run = openRunSession({ baseUrl: options.baseUrl, agent: options.agent, channel: CHATS_CHANNEL, timeoutMs: ctx.timeoutMs, clock: ctx.clock }, (failure) => {
      fallback = pollingChatObserver(ctx);
      options.onFallback?.(failure);
    });
    const opening = run.opened;
    // The session keeps what arrived before the wait: an offer announced before its RequestChat's answer still counts.
    const wait = async (predicate: (n: ReceivedNotification) => boolean, deadline: number, signal: AbortSignal | undefined): Promise<number | null> => {
      const n = await run.waitFor(predicate, deadline, signal);
      return n === undefined ? null : run.receivedOn(n.receivedAt);
    };
    return {
      ready: () => opening,
      async waitForChat(id, match, deadline, signal) {
        await opening;
        if (fallback !== undefined) return fallback.waitForChat(id, match, deadline, signal);
        return wait((n) => { const chat = changedChat(n); return chat?.id === id && match(chat.state); }, deadline, signal);
      },
      async waitForText(id, text, deadline, signal) {
        await opening;
        if (fallback !== undefined) return fallback.waitForText(id, text, deadline, signal);
        return wait((n) => addsText(n, id, text), deadline, signal);
      },
      async close() {
        await Promise.all([run.close(), fallback?.close()]);
      },
    };
  };
}
