/**
 * What the chat spec files import besides ./index.ts: a flow on /v2/me/chats, a chat offered as a
 * customer starts one, operations and their outcomes, and the restore that closes every chat.
 */
export { announcedReference, chatCheck, customerRequest, offerChat, openChatFlow, operateChat, readChats } from './chat-flow.ts';
export { runChatExample, withChatsRestored } from './chat-restore.ts';
export { sendOperation, sendRefused, valueAt } from './interaction-flow.ts';
