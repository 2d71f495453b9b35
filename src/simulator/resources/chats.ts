import { chatAnswer, untypedParticipants } from '../chat-defects.ts';
import type { Reply } from '../envelope.ts';
import { errors } from '../errors.ts';
import { renderChat, renderMessage, type ChatView } from '../interactions/index.ts';
import { interactionReply } from './emails.ts';
import { collectionBody, type Entry } from '../shapes.ts';
import { found, type Resource, type ResourceRequest } from './types.ts';

function chatEntry(chat: ChatView, request: ResourceRequest): Entry {
  const fields = untypedParticipants(renderChat(chat, request.root), request.defects);
  return { uri: String(fields['uri']), fields };
}

/** `startIndex` and `count`, optional non-negative integers [src: ChatResources latest]. */
function window(request: ResourceRequest): { readonly start: number; readonly count?: number } | Reply {
  const read = (name: string): number | undefined | Reply => {
    const value = request.search?.get(name) ?? null;
    if (value === null) return undefined;
    return /^\d+$/.test(value) ? Number(value) : errors.invalidInput(`${name} ${JSON.stringify(value)} is not a non-negative integer`);
  };
  const start = read('startIndex');
  const count = read('count');
  if (typeof start === 'object') return start;
  if (typeof count === 'object') return count;
  return { start: start ?? 0, ...(count === undefined ? {} : { count }) };
}

/**
 * The agent's chats [src: ChatResources latest]: `GET /me/chats` (URIs, or the chats with fields=*),
 * `GET /me/chats/{id}/messages`, and every chat operation on `POST /me/chats/{id}` [src: ChatAccept,
 * ChatSend, ChatComplete, ...]. No page shows `GET /me/chats/{id}`, so the simulator serves none.
 */
export const chats: Resource = {
  routes: [
    {
      pattern: '/me/chats',
      access: 'user',
      get: (request, center) => found(collectionBody('chats', center.chats.chats(request.user.fixture.id).map((c) => chatEntry(c, request)), request.query)),
    },
    {
      pattern: '/me/chats/:id',
      access: 'user',
      post: (request, center) => chatAnswer(interactionReply(center.chats.operate(request.user.fixture.id, request.params['id'] ?? '', request.body)), request.body['operationName'], request.defects),
    },
    {
      pattern: '/me/chats/:id/messages',
      access: 'user',
      get: (request, center) => {
        const id = request.params['id'] ?? '';
        const transcript = center.chats.messages(request.user.fixture.id, id);
        if (transcript === undefined) return errors.notFound(`Chat ${id}`);
        const range = window(request);
        if ('httpStatus' in range) return range;
        const from = transcript.filter((m) => m.index >= range.start);
        return found({ statusCode: 0, messages: (range.count === undefined ? from : from.slice(0, range.count)).map(renderMessage) });
      },
    },
  ],
};
