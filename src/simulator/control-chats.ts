import type { Reply } from './envelope.ts';
import { isBody, userDataOf } from './interactions/requests.ts';
import type { ContactCenter } from './state.ts';

function reply(httpStatus: number, body: Record<string, unknown>): Reply {
  return { httpStatus, body };
}

const text = (value: unknown, fallback: string): string | undefined => (value === undefined ? fallback : typeof value === 'string' && value !== '' ? value : undefined);

/**
 * `POST /__simulator/chats` `{"nickname":"Chris","subject":"...","userData":{...},"user":"ksippo"}`:
 * a customer's chat, as RequestChat would make it, routed to an agent whose chat channel is Ready,
 * or offered straight to `user` (a user name or id with a chat channel) whatever that channel's
 * state. Every key is optional. Answers `{"chatId":...}`; the offer follows after the async delay.
 */
export function offerChat(center: ContactCenter, value: unknown): Reply {
  if (!isBody(value)) return reply(400, { error: 'body must be {"nickname"?, "subject"?, "userData"?, "user"?}' });
  const nickname = text(value['nickname'], 'Customer');
  const subject = text(value['subject'], 'Simulated chat');
  if (nickname === undefined || subject === undefined) return reply(400, { error: 'nickname and subject must be non-empty strings' });
  const userData = value['userData'] === undefined ? undefined : userDataOf(value['userData']);
  if (userData !== undefined && !userData.ok) return reply(400, { error: 'userData must be an object of key/value pairs' });
  let to: string | undefined;
  if (value['user'] !== undefined) {
    const name = value['user'];
    if (typeof name !== 'string') return reply(400, { error: 'user must be a user name or id' });
    const record = center.byName.get(name) ?? center.users.get(name);
    if (record === undefined) return reply(404, { error: `no user "${name}"` });
    if (!record.channels.includes('chat')) return reply(400, { error: `user "${name}" has no chat channel` });
    to = record.fixture.id;
  }
  const chatId = center.chats.open({ nickname, subject, ...(userData === undefined ? {} : { userData: userData.command }), ...(to === undefined ? {} : { to }) });
  return reply(200, { chatId });
}

/** `GET /__simulator/chats`: every chat, its customer's state and each agent's. */
export function listChats(center: ContactCenter): Reply {
  const nameOf = (userId: string): string => center.users.get(userId)?.fixture.userName ?? userId;
  return reply(200, {
    chats: center.chats.all().map((chat) => ({ id: chat.id, state: chat.state, agents: chat.agents.map((a) => ({ userName: nameOf(a.userId), state: a.state })) })),
  });
}
