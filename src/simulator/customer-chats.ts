import type { IncomingHttpHeaders } from 'node:http';
import { fail, ok, type Reply } from './envelope.ts';
import { errors } from './errors.ts';
import { renderCustomerChat, renderMessage } from './interactions/index.ts';
import type { Json } from './shapes.ts';
import type { ContactCenter } from './state.ts';

/** A request of the Customer Chat API: no credentials, the ContactCenterId header instead. */
export interface CustomerRequest {
  readonly method: string;
  /** The path below the API prefix, e.g. `/chats/<id>/messages`. */
  readonly path: string;
  readonly search: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly bodyText: string;
  /** The API prefix, e.g. `/api/v2`: RequestChat's `path` starts with it. */
  readonly prefix: string;
}

const CHAT_PATH = /^\/chats(?:\/([^/]+)(\/messages)?)?\/?$/;

function objectBody(text: string): Json | Reply {
  try {
    const value = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    return errors.invalidInput('Request body must be a JSON object');
  } catch {
    return errors.invalidInput('Request body is not valid JSON');
  }
}

const isReply = (value: Json | Reply): value is Reply => Object.hasOwn(value, 'httpStatus');

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The Customer Chat API below the prefix: `POST /chats` RequestChat, `GET /chats/{id}` GetChat,
 * `GET /chats/{id}/messages` GetMessages (`?index=N`), `POST /chats/{id}` SendMessage, typing
 * notifications and Complete [src: CustomerChatRequestChat, CustomerChatGetChat, CustomerChatGetMessages,
 * CustomerChatSendMessage, CustomerChatComplete]. Every request carries the ContactCenterId header
 * and no Authorization; the simulator models one contact center and takes any non-empty id. Answers
 * undefined for a path that is not the Customer Chat API's.
 */
export function customerChats(request: CustomerRequest, center: ContactCenter): Reply | undefined {
  const match = CHAT_PATH.exec(request.path);
  if (match === null) return undefined;
  const header = request.headers['contactcenterid'];
  if (typeof header !== 'string' || header.trim() === '') return fail(1, 'Missing required HTTP header: ContactCenterId');
  const [, rawId, messages] = match;
  const id = rawId === undefined ? undefined : decoded(rawId);
  const allowed = id === undefined ? ['POST'] : messages === undefined ? ['GET', 'POST'] : ['GET'];
  if (!allowed.includes(request.method)) return errors.methodNotSupported(request.method, request.path, allowed);

  if (request.method === 'POST') {
    const body = objectBody(request.bodyText);
    if (isReply(body)) return body;
    if (id === undefined) {
      const answer = center.chats.request(body);
      return 'id' in answer ? ok({ id: answer.id, path: `${request.prefix}/chats/${answer.id}` }) : answerOf(answer);
    }
    return answerOf(center.chats.customerOperate(id, body));
  }
  if (id === undefined) return undefined;
  if (messages === undefined) {
    const chat = center.chats.customerChat(id);
    return chat === undefined ? errors.notFound(`Chat ${id}`) : ok({ chat: renderCustomerChat(chat) });
  }
  const index = request.search.get('index');
  if (index !== null && !/^\d+$/.test(index)) return errors.invalidInput(`index ${JSON.stringify(index)} is not a non-negative integer`);
  const found = center.chats.customerMessages(id, index === null ? undefined : Number(index));
  return found === undefined ? errors.notFound(`Chat ${id}`) : ok({ messages: found.map(renderMessage) });
}

/** An operation's answer: exactly `{"statusCode":0}`, or the error envelope. */
function answerOf(outcome: { readonly statusCode: number; readonly statusMessage?: string }): Reply {
  return outcome.statusCode === 0 ? ok() : fail(outcome.statusCode, outcome.statusMessage ?? 'Operation failed');
}
