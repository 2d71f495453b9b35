/**
 * The interaction core and its media: one core runs every medium's table (states, capabilities by
 * state, operations, user data and disposition, outcome notifications with their referenceId).
 */
export { createInteractionCore, createReferenceCounter, offeredOperations, type InteractionCore, type InteractionCoreOptions, type ReferenceCounter } from './core.ts';
export type { ApplyContext, Effect, Interaction, InteractionAnswer, MediumTable, OperationRule, Published, Scheduler } from './types.ts';
export { userDataRules, type UserDataPolicy } from './user-data.ts';
export type { Outcome } from './requests.ts';
export {
  CHAT_DEFECTS,
  CHAT_STATES,
  CHATS_CHANNEL,
  createChatModel,
  OFFERED_STATE,
  renderChat,
  renderChatNotification,
  renderCustomerChat,
  renderMessage,
  type ChatDefect,
  type ChatDefectSet,
  type ChatEvent,
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  type ChatState,
  type ChatView,
  type CustomerChatView,
  type Roster,
} from './chat/index.ts';
export * from './email/index.ts';
export * from './openmedia/index.ts';
export { createRouter, type Router } from './routing.ts';
