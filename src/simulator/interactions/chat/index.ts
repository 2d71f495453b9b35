/** The chat medium: a table on the interaction core, the customer's side, and how chats are rendered. */
export { createChatModel, type ChatModel, type ChatModelOptions, type ChatRequest, type CustomerChatView, type Roster } from './model.ts';
export { CHATS_CHANNEL, renderChat, renderChatNotification, renderCustomerChat, renderMessage } from './render.ts';
export { CHAT_DEFECTS, CHAT_STATES, CUSTOMER_STATES, NO_CHAT_DEFECTS, OFFERED_STATE, type ChatDefect, type ChatDefectSet, type ChatEvent, type ChatMessage, type ChatState, type ChatView, type CustomerState } from './types.ts';
