import type { ExpectedOutcome } from './call-outcomes.ts';
import { SCHEMA_BASE } from './schema-ids.ts';

const TOPIC = '/v2/me/chats';
const STATE_CHANGE = `${SCHEMA_BASE}notifications/chat-state-change.json`;
const MESSAGE_LOG = `${SCHEMA_BASE}notifications/message-log-updated.json`;

/** A ChatStateChangeMessage; `shows` points into its `chat`. */
const chat = (notificationType: 'StatusChange' | 'ParticipantsUpdated' | 'PropertiesUpdated', shows?: ExpectedOutcome['shows']): ExpectedOutcome => ({
  topic: TOPIC, schema: STATE_CHANGE, notificationType, ...(shows === undefined ? {} : { shows }),
});
const state = (value: string): ExpectedOutcome => chat('StatusChange', { pointer: '/state', value });
/** A MessageLogUpdated (NewMessages); `shows` points into the new transcript entry. */
const entry = (pointer: string, value: string | { readonly fromRequest: string }): ExpectedOutcome => ({
  topic: TOPIC, schema: MESSAGE_LOG, notificationType: 'NewMessages', shows: { pointer, value },
});

/**
 * By operationName of POST /me/chats/{id}: the first message that follows it on /v2/me/chats,
 * which carries the request's referenceId [src: ChatMessageType 8.5.2]. Accept announces Chatting
 * [src: ChatAccept 8.5.2]; Reject, Complete and Transfer leave the agent's chat Completed
 * [src: ChatReject, ChatComplete]; Leave shows LeftChat [src: ChatLeave 8.6.0]; SendMessage and the
 * typing notifications add a transcript entry [src: ChatSend latest, ChatSendStartTypingNotification
 * 8.5.2], SendCustomNotice a CustomNotice [src: ChatSendCustomNotice]; the user-data operations and
 * SetDisposition report PropertiesUpdated, the disposition a user-data pair under `dispositionKey`
 * [src: ChatSetDisposition 8.5.2, ChatUpdateUserData 8.6.0]; a removed agent leaves `participants`
 * [src: ChatRemoveParticipantFromConference].
 */
export const CHAT_OUTCOMES: Readonly<Record<string, ExpectedOutcome>> = Object.freeze({
  Accept: state('Chatting'),
  Reject: state('Completed'),
  Transfer: state('Completed'),
  Complete: state('Completed'),
  Leave: state('LeftChat'),
  SendMessage: entry('/text', { fromRequest: 'text' }),
  SendStartTypingNotification: entry('/type', 'TypingStarted'),
  SendStopTypingNotification: entry('/type', 'TypingStopped'),
  SendCustomNotice: entry('/noticeText', { fromRequest: 'noticeText' }),
  RemoveParticipantFromConference: chat('ParticipantsUpdated'),
  AttachUserData: chat('PropertiesUpdated'),
  UpdateUserData: chat('PropertiesUpdated'),
  DeleteUserData: chat('PropertiesUpdated'),
  SetDisposition: chat('PropertiesUpdated', { pointer: '/userData/{dispositionKey}', value: { fromRequest: 'disposition' } }),
});
