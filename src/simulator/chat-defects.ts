/**
 * The chat defects seen on the wire rather than in the chat model: the answer of an operation, the
 * topic and referenceId of a notification, participants without their type. The model's own (an
 * operation acknowledged and dropped, a message lost, ...) are in `interactions/chat`.
 */
import type { Reply } from './envelope.ts';
import type { ChatDefectSet } from './interactions/index.ts';
import type { Notification } from './notifications/messages.ts';
import type { Json } from './shapes.ts';

/** Where `chat-notification-wrong-topic` publishes chat notifications: the calls' topic. */
const WRONG_TOPIC = '/v2/me/calls';

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A rendered chat whose participants lost their `type` (`chat-participant-untyped`). */
export function untypedParticipants(chat: Json, defects: ChatDefectSet): Json {
  if (!defects.has('chat-participant-untyped') || !Array.isArray(chat['participants'])) return chat;
  const participants = (chat['participants'] as unknown[]).map((p) => (isJson(p) ? Object.fromEntries(Object.entries(p).filter(([key]) => key !== 'type')) : p));
  return { ...chat, participants };
}

/**
 * The answer of `POST /me/chats/{id}` as a broken server shapes it: `{"status":0}` for Reject, as
 * the ChatReject page prints it (`chat-reject-answers-status`), or `{"statusCode":0,"status":0}`
 * for every operation (`chat-ack-extra-status`).
 */
export function chatAnswer(reply: Reply, operationName: unknown, defects: ChatDefectSet): Reply {
  if (reply.body['statusCode'] !== 0) return reply;
  if (operationName === 'Reject' && defects.has('chat-reject-answers-status')) return { ...reply, body: { status: 0 } };
  return defects.has('chat-ack-extra-status') ? { ...reply, body: { ...reply.body, status: 0 } } : reply;
}

/**
 * Chat notifications as a broken server sends them: on the calls' topic
 * (`chat-notification-wrong-topic`), with the first referenceId a user's chat notifications
 * carried on every later one (`chat-reference-stuck`), participants without their type (`chat-participant-untyped`).
 */
export function chatNotificationDefects(defects: () => ChatDefectSet): (userId: string, notification: Notification) => Notification {
  const firstReference = new Map<string, unknown>();
  return (userId, notification) => {
    const active = defects();
    let data: Json = { ...notification.data };
    if (active.has('chat-reference-stuck') && data['referenceId'] !== undefined) {
      if (!firstReference.has(userId)) firstReference.set(userId, data['referenceId']);
      data['referenceId'] = firstReference.get(userId);
    }
    const chat = data['chat'];
    if (isJson(chat)) data = { ...data, chat: untypedParticipants(chat, active) };
    return { channel: active.has('chat-notification-wrong-topic') ? WRONG_TOPIC : notification.channel, data };
  };
}
