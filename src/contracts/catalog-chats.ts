import { ALL_FIELDS, OPERATION, READ, READ_BY_ID, operation } from './catalog-entry.ts';
import { API_MULTIMEDIA } from './features.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import type { Operation, ParamSource } from './types.ts';

/** Tag of the operations that address a chat: they need a chat offered to the agent first, so a monitor never probes them on a quiet agent. */
export const NEEDS_CHAT = 'needs-chat';

/**
 * The ContactCenterId header every Customer Chat API request carries instead of credentials; the
 * value is the contact center's id, here the one of the documented samples [src: CustomerChatRequestChat].
 */
export const EXAMPLE_CONTACT_CENTER: Readonly<Record<string, string>> = Object.freeze({ ContactCenterId: 'cfe5ad67-ba6d-4340-81f9-bb680ef5d498' });

// A chat id exists only while a chat does: the contract that needs one has a chat offered first
// (a customer's RequestChat), then reads the agent's chats (GET /me/chats?fields=*) [src: ChatResources latest].
const FROM_MY_CHATS: ParamSource = { operation: 'get-me-chats', pointer: '/chats/0/id', take: 'value' };
const TAGS = ['chat', 'multimedia'] as const;
// Every Chat API page: "Required Features: api-multimedia" [src: ChatAccept 8.5.2]; the Customer
// Chat API pages: "Required Features: -" [src: CustomerChatRequestChat]. The agent's chat reads are
// Chat API resources [src: ChatResources latest names none].
const MULTIMEDIA = [API_MULTIMEDIA] as const;
// The customer side has no credentials, so no 20; it may miss the header or a parameter (1), name
// an operation the chat does not offer now (2), a chat that does not exist (6), or send a malformed value (10).
const CUSTOMER_READ = [0, 1, 4, 6] as const;
const CUSTOMER_OPERATION = [0, 1, 2, 4, 6, 10] as const;

/** The CometD messages of the Chat API. */
export const CHAT_NOTIFICATION_SCHEMAS: readonly string[] = Object.freeze(
  ['chat-state-change', 'message-log-updated'].map((name) => `${SCHEMA_BASE}notifications/${name}.json`),
);

/**
 * Catalog entries of the Chat API (the agent's side, `api-multimedia`) and of the Customer Chat API
 * (no credentials, the ContactCenterId header), in the order the gate runs them.
 */
export const CHAT_CATALOG: readonly Operation[] = Object.freeze([
  operation({
    method: 'GET', path: '/me/chats', identity: 'user', statusCodes: READ, tags: TAGS, example: ALL_FIELDS, requiredFeatures: MULTIMEDIA,
    summary: 'the agent\'s chats [ChatResources latest]',
  }),
  operation({
    method: 'GET', path: '/me/chats/{id}/messages', identity: 'user', statusCodes: READ_BY_ID, tags: [...TAGS, NEEDS_CHAT],
    summary: 'the transcript of one of the agent\'s chats, from startIndex, count entries [ChatResources latest]',
    paramSources: { id: FROM_MY_CHATS }, requiredFeatures: MULTIMEDIA,
  }),
  operation({
    method: 'POST', path: '/me/chats/{id}', identity: 'user', statusCodes: [...OPERATION, 6], tags: [...TAGS, NEEDS_CHAT],
    summary: 'Accept, Reject, SendMessage, typing notifications, Transfer, Complete, Leave, SendCustomNotice, RemoveParticipantFromConference, user data, SetDisposition [ChatAccept 8.5.2, ChatReject 8.5.2, ChatSend latest, ChatSingleStepTransfer 8.5.2, ChatComplete latest, ChatLeave 8.6.0, ChatRemoveParticipantFromConference latest, ChatUpdateUserData 8.6.0, ChatSetDisposition 8.5.2]',
    // A chat offered to the agent waits for Accept.
    example: { body: { operationName: 'Accept', nickname: 'gwscheck' } },
    paramSources: { id: FROM_MY_CHATS },
    requiredFeatures: MULTIMEDIA,
  }),
  operation({
    method: 'POST', path: '/chats', identity: 'none', statusCodes: [0, 1, 2, 4, 10], tags: [...TAGS, 'customer'],
    summary: 'a customer requests a chat, without credentials [CustomerChatRequestChat]',
    example: { headers: EXAMPLE_CONTACT_CENTER, body: { operationName: 'RequestChat', nickname: 'gwscheck', subject: 'gwscheck contract' } },
  }),
  operation({
    method: 'GET', path: '/chats/{id}', identity: 'none', statusCodes: CUSTOMER_READ, tags: [...TAGS, 'customer', NEEDS_CHAT],
    summary: 'the customer\'s view of a chat [CustomerChatGetChat]',
    example: { headers: EXAMPLE_CONTACT_CENTER }, paramSources: { id: FROM_MY_CHATS },
  }),
  operation({
    method: 'GET', path: '/chats/{id}/messages', identity: 'none', statusCodes: CUSTOMER_READ, tags: [...TAGS, 'customer', NEEDS_CHAT],
    summary: 'the transcript entries the customer has not received yet [CustomerChatGetMessages]',
    example: { headers: EXAMPLE_CONTACT_CENTER, query: { index: '0' } }, paramSources: { id: FROM_MY_CHATS },
  }),
  operation({
    method: 'POST', path: '/chats/{id}', identity: 'none', statusCodes: CUSTOMER_OPERATION, tags: [...TAGS, 'customer', NEEDS_CHAT],
    summary: 'the customer sends a message, typing notifications, or completes the chat [CustomerChatSendMessage, CustomerChatComplete]',
    example: { headers: EXAMPLE_CONTACT_CENTER, body: { operationName: 'SendMessage', text: 'Hello?' } }, paramSources: { id: FROM_MY_CHATS },
  }),
]);
