/** The vocabulary of the chat medium: states, participants, the transcript, the events it publishes. */

/**
 * The state a chat is in while it is offered to an agent, before Accept or Reject. No stored page
 * shows it (gws-api "Not found in the stored docs"); the Accept and Reject pages call the offer "a
 * new chat invitation", hence `Invited`. Changing the name here changes it everywhere.
 */
export const OFFERED_STATE = 'Invited';

/** Agent-side chat states: offered, then Chatting [src: ChatAccept], LeftChat [src: ChatLeave 8.6.0], Completed [src: ChatComplete, ChatReject]. */
export const CHAT_STATES = [OFFERED_STATE, 'Chatting', 'LeftChat', 'Completed'] as const;
export type ChatState = (typeof CHAT_STATES)[number];

/** Customer-side chat states [src: CustomerChatResource 8.5.2: WaitingForAgent, Chatting, Idle]. */
export const CUSTOMER_STATES = ['WaitingForAgent', 'Chatting', 'Idle'] as const;
export type CustomerState = (typeof CUSTOMER_STATES)[number];

/** A party of a chat [src: ChatAccept sample: {type, nickname, participantId}; CustomerChatGetChat]. */
export interface ChatParticipant {
  readonly nickname: string;
  readonly type: 'Agent' | 'Customer';
  readonly participantId: string;
  /** The agent's user id (absent for the customer). */
  readonly userId?: string;
}

/**
 * Transcript entry types [src: ChatResources latest: Text, ParticipantJoined, ParticipantLeft,
 * TypingStarted, TypingStopped, Notice, ...; ChatSendCustomNotice 8.5.2DRAFT: CustomNotice].
 */
export type ChatMessageKind = 'Text' | 'ParticipantJoined' | 'ParticipantLeft' | 'TypingStarted' | 'TypingStopped' | 'Notice' | 'CustomNotice';

/** One transcript entry; `index` rises by one per entry, the first is 1 [src: CustomerChatGetMessages]. */
export interface ChatMessage {
  readonly index: number;
  readonly from: ChatParticipant;
  readonly type: ChatMessageKind;
  readonly text?: string;
  readonly noticeText?: string;
  /** The sender's own label, shown when given [src: ChatSend latest, includeMessageType]. */
  readonly messageType?: string;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

/** The chat itself, shared by every agent's view of it and by the customer. */
export interface ChatSession {
  readonly id: string;
  readonly subject: string;
  readonly customer: ChatParticipant;
  /** The queue (`endpoint`) the customer asked for; routing ignores it. */
  readonly endpoint?: string;
  readonly userData: Record<string, unknown>;
  participants: ChatParticipant[];
  readonly messages: ChatMessage[];
  /** Agents who rejected the chat: it is presented to another agent [src: ChatReject]. */
  readonly rejectedBy: Set<string>;
  /** The last index the customer's GetMessages handed out [src: CustomerChatGetMessages: "messages that the client has not received yet"]. */
  customerSeen: number;
}

/** A chat as one agent sees it, at the moment it was announced. */
export interface ChatView {
  readonly id: string;
  readonly state: string;
  readonly capabilities: readonly string[];
  readonly participants: readonly ChatParticipant[];
  readonly userData: Readonly<Record<string, unknown>>;
}

/** What the chat medium publishes to an agent: ChatStateChangeMessage or MessageLogUpdated [src: ChatMessageType 8.5.2]. */
export type ChatEvent =
  | { readonly kind: 'chat'; readonly notificationType: string; readonly chat: ChatView }
  | { readonly kind: 'messages'; readonly chatId: string; readonly messages: readonly ChatMessage[] };

/** Defects a broken GWS might have in its chat operations; each is a rule the gate must catch. */
export const CHAT_DEFECTS = [
  'chat-ack-extra-status',
  'chat-reject-answers-status',
  'chat-accept-ignored',
  'chat-accept-misannounced',
  'chat-message-lost',
  'chat-index-repeats',
  'chat-notification-wrong-topic',
  'chat-reference-stuck',
  'chat-participant-untyped',
  'chat-capabilities-missing-send',
  'chat-complete-ignored',
  'chat-customer-misses-agent',
  'chat-unknown-id-accepted',
  'chat-never-offered',
  'chat-wrong-state-accepted',
] as const;
export type ChatDefect = (typeof CHAT_DEFECTS)[number];

/** The chat defects in force, asked at each use so that they can change while chats exist. */
export interface ChatDefectSet {
  has(defect: ChatDefect): boolean;
}

/** A faithful server: no defect. */
export const NO_CHAT_DEFECTS: ChatDefectSet = { has: () => false };
