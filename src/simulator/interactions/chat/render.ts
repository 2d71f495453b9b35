import type { Published } from '../types.ts';
import type { CustomerChatView } from './model.ts';
import type { ChatEvent, ChatMessage, ChatParticipant, ChatView } from './types.ts';

/** The API root the absolute URIs start with, e.g. `http://127.0.0.1:8080/api/v2`. */
type ApiRoot = string;

/** The topic of every chat notification [src: ChatMessageType 8.5.2]. */
export const CHATS_CHANNEL = '/v2/me/chats';

const trim = (root: ApiRoot): string => root.replace(/\/+$/, '');

/** A chat's URI is under /chats, not /me/chats [src: ChatAccept, ChatResources samples]. */
export const chatUri = (root: ApiRoot, id: string): string => `${trim(root)}/chats/${id}`;

const participant = (p: ChatParticipant): Record<string, unknown> => ({ nickname: p.nickname, type: p.type, participantId: p.participantId });

/** `2014-01-09 11:58:12.035+0200`, as the samples print `timestamp` [src: ChatSend latest]; UTC here. */
function timestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}+0000`;
}

/**
 * A transcript entry: `timestampSeconds` is the epoch in milliseconds despite its name, a JSON
 * number where the pages print a Java long (`1389261492035L`) [src: ChatSend latest].
 */
export function renderMessage(message: ChatMessage): Record<string, unknown> {
  return {
    index: message.index,
    from: participant(message.from),
    type: message.type,
    ...(message.text === undefined ? {} : { text: message.text }),
    ...(message.noticeText === undefined ? {} : { noticeText: message.noticeText }),
    ...(message.messageType === undefined ? {} : { messageType: message.messageType }),
    visibility: 'All',
    timestamp: timestamp(message.at),
    timestampSeconds: message.at,
  };
}

/** The chat resource in REST reads and ChatStateChangeMessage alike [src: ChatResources latest, ChatAccept 8.5.2]. */
export function renderChat(view: ChatView, root: ApiRoot): Record<string, unknown> {
  return {
    id: view.id,
    state: view.state,
    capabilities: [...view.capabilities],
    uri: chatUri(root, view.id),
    participants: view.participants.map(participant),
    userData: { ...view.userData },
  };
}

/** The customer's chat resource: no uri, no userData [src: CustomerChatGetChat]. */
export function renderCustomerChat(view: CustomerChatView): Record<string, unknown> {
  return { capabilities: [...view.capabilities], id: view.id, participants: view.participants.map(participant), state: view.state };
}

/**
 * The CometD message of a chat event, with the `data` wrapper and the channel the samples leave out:
 * ChatStateChangeMessage with the chat, or MessageLogUpdated (NewMessages) with `chatUri` and the
 * new entries; the operation's referenceId on the first message it causes [src: ChatMessageType 8.5.2].
 */
export function renderChatNotification(published: Published<ChatEvent>, root: ApiRoot): { channel: typeof CHATS_CHANNEL; data: Record<string, unknown> } {
  const { event, referenceId } = published;
  const reference = referenceId === undefined ? {} : { referenceId };
  if (event.kind === 'chat') {
    return { channel: CHATS_CHANNEL, data: { messageType: 'ChatStateChangeMessage', notificationType: event.notificationType, ...reference, chat: renderChat(event.chat, root) } };
  }
  return {
    channel: CHATS_CHANNEL,
    data: { messageType: 'MessageLogUpdated', notificationType: 'NewMessages', ...reference, chatUri: chatUri(root, event.chatId), messages: event.messages.map(renderMessage) },
  };
}
