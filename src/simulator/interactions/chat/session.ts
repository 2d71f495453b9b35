import { interactionIds } from '../ids.ts';
import { accept, optionalText, refuse, requiredText, type Body, type Parsed } from '../requests.ts';
import type { ChatDefectSet, ChatMessage, ChatMessageKind, ChatParticipant, ChatSession } from './types.ts';

export interface Clock {
  now(): number;
}

/** What writing a transcript entry takes: the time, and the defects in force (a broken server numbers entries wrongly). */
export interface Scribe {
  readonly clock: Clock;
  readonly defects: ChatDefectSet;
}

/** Interaction-server style ids: 16-character chat ids, 16-hex participant ids [src: ChatAccept, ChatSend samples]. */
export function createChatIds(): { chatId(): string; participantId(): string } {
  let participants = 0;
  return {
    chatId: interactionIds('0000Sa9S'),
    participantId: () => `0090${(++participants).toString(16).toUpperCase().padStart(12, '0')}`,
  };
}

export function newSession(init: { id: string; customer: ChatParticipant; subject: string; endpoint?: string; userData: Readonly<Record<string, unknown>> }): ChatSession {
  return {
    id: init.id,
    subject: init.subject,
    customer: init.customer,
    ...(init.endpoint === undefined ? {} : { endpoint: init.endpoint }),
    userData: { ...init.userData },
    participants: [init.customer],
    messages: [],
    rejectedBy: new Set(),
    customerSeen: 0,
  };
}

/** Appends a transcript entry with the next index (with `chat-index-repeats`, the index of the entry before it). */
export function say(session: ChatSession, scribe: Scribe, from: ChatParticipant, type: ChatMessageKind, extra: Pick<ChatMessage, 'text' | 'noticeText' | 'messageType'> = {}): ChatMessage {
  const index = scribe.defects.has('chat-index-repeats') ? (session.messages.at(-1)?.index ?? 1) : session.messages.length + 1;
  const message: ChatMessage = { index, from, type, ...extra, at: scribe.clock.now() };
  session.messages.push(message);
  return message;
}

export const agentsOf = (session: ChatSession): ChatParticipant[] => session.participants.filter((p) => p.type === 'Agent');

export const agentOf = (session: ChatSession, userId: string): ChatParticipant | undefined => agentsOf(session).find((p) => p.userId === userId);

export function removeParticipant(session: ChatSession, participant: ChatParticipant): void {
  session.participants = session.participants.filter((p) => p !== participant);
}

/** Text for the customer with its optional label, as SendMessage takes it: `text`, `messageType`, `treatAs` Normal|System [src: ChatSend latest]. */
export interface Said {
  readonly text: string;
  readonly messageType?: string;
}

export function saidOf(body: Body): Parsed<Said> {
  const text = requiredText(body, 'text');
  if (!text.ok) return text;
  const messageType = optionalText(body, 'messageType');
  if (!messageType.ok) return messageType;
  const treatAs = optionalText(body, 'treatAs', ['Normal', 'System']);
  if (!treatAs.ok) return treatAs;
  return accept({ text: text.command, ...(messageType.command === undefined ? {} : { messageType: messageType.command }) });
}

/**
 * The optional closing text of Complete, Leave and Transfer: `messageType` and `treatAs` "must be
 * provided together with the text parameter" [src: ChatComplete, ChatLeave 8.6.0, ChatSingleStepTransfer 8.5.2].
 */
export function closingText(body: Body): Parsed<Said | undefined> {
  if (body['text'] !== undefined) return saidOf(body);
  const orphan = ['messageType', 'treatAs'].find((name) => body[name] !== undefined);
  return orphan === undefined ? accept(undefined) : refuse(1, `text is missing (${orphan} goes with text)`);
}
