import { accept, requiredText, type Parsed } from '../requests.ts';
import type { Effect, MediumTable, OperationRule } from '../types.ts';
import { say, type Scribe } from './session.ts';
import { CUSTOMER_STATES, type ChatMessage, type ChatMessageKind, type ChatSession, type CustomerState } from './types.ts';

type Rule = OperationRule<CustomerState, ChatSession, null>;

/** What the customer's operations need: to reach the agents of the chat. */
export interface CustomerDesk extends Scribe {
  /** Sends transcript entries to every agent of the chat. */
  tell(session: ChatSession, messages: readonly ChatMessage[]): void;
  /** The customer completed the chat: an offer not yet accepted ends, routing stops. */
  gone(session: ChatSession): void;
}

const OPEN: readonly CustomerState[] = ['WaitingForAgent', 'Chatting'];

/**
 * The customer's side of a chat as a table of the interaction core: the Customer Chat API's
 * operations on `POST /chats/{id}` [src: CustomerChatSendMessage, CustomerChatComplete], valid while
 * the chat waits for an agent or is chatting, none once it is Idle [src: CustomerChatResource 8.5.2].
 * The customer has no CometD session: it polls GetChat and GetMessages, so nothing is published to it.
 */
export function customerTable(desk: CustomerDesk): MediumTable<CustomerState, ChatSession, null> {
  const entry = (type: ChatMessageKind, text?: (body: Parameters<Rule['prepare']>[0]) => Parsed<string>): Rule => ({
    validIn: OPEN,
    prepare: (body) => {
      const said = text === undefined ? accept(undefined) : text(body);
      if (!said.ok) return said;
      return accept<Effect<CustomerState, ChatSession, null>>((chat) => {
        const message = say(chat.detail, desk, chat.detail.customer, type, said.command === undefined ? {} : { text: said.command });
        desk.tell(chat.detail, [message]);
      });
    },
  });
  return {
    noun: 'chat',
    states: CUSTOMER_STATES,
    finished: ['Idle'],
    changed: () => null,
    operations: {
      SendMessage: entry('Text', (body) => requiredText(body, 'text')),
      SendStartTypingNotification: entry('TypingStarted'),
      SendStopTypingNotification: entry('TypingStopped'),
      // "Completes the chat. After sending this request, no further requests should be sent" [src: CustomerChatComplete].
      Complete: {
        validIn: OPEN,
        leadsTo: 'Idle',
        prepare: () => accept((chat) => {
          const left = say(chat.detail, desk, chat.detail.customer, 'ParticipantLeft');
          chat.detail.participants = chat.detail.participants.filter((p) => p !== chat.detail.customer);
          desk.tell(chat.detail, [left]);
          desk.gone(chat.detail);
        }),
      },
    },
  };
}
