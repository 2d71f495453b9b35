import { offeredOperations } from '../core.ts';
import { accept, optionalFlag, optionalText, refuse, requiredText, type Parsed } from '../requests.ts';
import { noParameters, rule as ruleOf, type RuleSpec } from '../rules.ts';
import type { ApplyContext, Interaction, MediumTable, OperationRule } from '../types.ts';
import { userDataRules } from '../user-data.ts';
import { agentOf, agentsOf, closingText, removeParticipant, saidOf, say, type Said, type Scribe } from './session.ts';
import { CHAT_STATES, NO_CHAT_DEFECTS, OFFERED_STATE, type ChatDefectSet, type ChatEvent, type ChatMessage, type ChatMessageKind, type ChatSession, type ChatState, type ChatView, type CustomerState } from './types.ts';

type ChatInteraction = Interaction<ChatState, ChatSession>;
type Rule = OperationRule<ChatState, ChatSession, ChatEvent>;
type Context = ApplyContext<ChatState, ChatSession, ChatEvent>;

/** What the chat table needs of the rest of the contact center. */
export interface ChatDesk extends Scribe {
  participantId(): string;
  /** Presents the chat to an agent: the one named (`to`), else the first Ready chat agent who has not rejected it and is not `except`. */
  offer(session: ChatSession, target: { readonly to?: string; readonly except?: string }): void;
  /** The agent a `targetUri` (`.../users/<id>`) or `targetPath` names, with a chat channel; or the refusal. */
  agentByUri(uri: string): Parsed<string>;
  /** Sends transcript entries to the chat's other agents (the acting agent hears them with its referenceId). */
  tell(session: ChatSession, messages: readonly ChatMessage[], except: string): void;
  /** The customer's side moves (Idle is final). */
  customerState(session: ChatSession, state: CustomerState): void;
  /** Another agent's view of the chat ends (removed from a conference). */
  release(session: ChatSession, userId: string): void;
}

const CHATTING: readonly ChatState[] = ['Chatting'];
// After Leave the agent may still transfer, complete, update user data and set the disposition
// [src: ChatLeave latest: "will still allow the agent to update user data and set disposition"].
const ENGAGED: readonly ChatState[] = ['Chatting', 'LeftChat'];

/** A rule of the chat table, from a parser and an effect. */
const rule = <P,>(spec: RuleSpec<ChatState, ChatSession, ChatEvent, P>): Rule => ruleOf(spec);
const none = noParameters;

/**
 * The chat as its agent sees it now: state, the capabilities of that state, participants, user
 * data. With `chat-capabilities-missing-send` the capabilities leave SendMessage out, though it is accepted.
 */
export function chatViewOf(table: MediumTable<ChatState, ChatSession, ChatEvent>, chat: ChatInteraction, defects: ChatDefectSet = NO_CHAT_DEFECTS): ChatView {
  const offered = offeredOperations(table, chat);
  return {
    id: chat.id,
    state: chat.state,
    capabilities: defects.has('chat-capabilities-missing-send') ? offered.filter((name) => name !== 'SendMessage') : offered,
    participants: chat.detail.participants.map((p) => ({ ...p })),
    userData: { ...chat.userData },
  };
}
const lastSegment = (uri: string): string => uri.replace(/\/+$/, '').split('/').pop() ?? '';

/**
 * The chat table: what each operation of `POST /me/chats/{id}` is valid in, where it leads and what
 * it does [src: ChatAccept, ChatReject, ChatSend, ChatSendStartTypingNotification, ChatSingleStepTransfer,
 * ChatComplete, ChatLeave 8.6.0, ChatSendCustomNotice, ChatRemoveParticipantFromConference, Chat*UserData,
 * ChatSetDisposition]. Every answer is `{"statusCode":0}`: no chat page prints a referenceId in the
 * answer; the notifications repeat it.
 */
export function chatTable(desk: ChatDesk): MediumTable<ChatState, ChatSession, ChatEvent> {
  /** A transcript entry from the acting agent, heard by every agent of the chat. */
  const post = (chat: ChatInteraction, context: Context, type: ChatMessageKind, extra: Pick<ChatMessage, 'text' | 'noticeText' | 'messageType'> = {}): void => {
    const from = agentOf(chat.detail, chat.userId);
    if (from === undefined) return;
    const message = say(chat.detail, desk, from, type, extra);
    context.publish({ kind: 'messages', chatId: chat.id, messages: [message] });
    desk.tell(chat.detail, [message], chat.userId);
  };
  const text = (chat: ChatInteraction, context: Context, said: Said | undefined): void => {
    if (said !== undefined) post(chat, context, 'Text', said);
  };
  /** The agent leaves the transcript; the customer's session ends when no agent is left. */
  const leave = (chat: ChatInteraction, context: Context, customerAfter: CustomerState): void => {
    const me = agentOf(chat.detail, chat.userId);
    if (me === undefined) return;
    post(chat, context, 'ParticipantLeft');
    removeParticipant(chat.detail, me);
    if (agentsOf(chat.detail).length === 0) desk.customerState(chat.detail, customerAfter);
  };
  const typing = (type: 'TypingStarted' | 'TypingStopped'): Rule => rule({ validIn: CHATTING, parse: none, apply: (chat, context) => post(chat, context, type) });

  const table: MediumTable<ChatState, ChatSession, ChatEvent> = {
    noun: 'chat',
    states: CHAT_STATES,
    finished: ['Completed'],
    changed: (chat, notificationType) => {
      const view = chatViewOf(table, chat, desk.defects);
      // With `chat-accept-misannounced` Accept applies, but is announced in the state of the offer.
      const misannounced = desk.defects.has('chat-accept-misannounced') && notificationType === 'StatusChange' && chat.state === 'Chatting';
      return { kind: 'chat', notificationType, chat: misannounced ? { ...view, state: OFFERED_STATE } : view };
    },
    operations: {
      // Accepting announces Chatting, the participants, then the history up to the join [src: ChatAccept 8.5.2].
      Accept: rule({
        validIn: [OFFERED_STATE], leadsTo: 'Chatting',
        parse: (body) => {
          const nickname = requiredText(body, 'nickname');
          if (!nickname.ok) return nickname;
          const saveLAR = optionalFlag(body, 'saveLAR');
          return saveLAR.ok ? accept(nickname.command) : saveLAR;
        },
        apply: (chat, context, nickname) => {
          const agent = { nickname, type: 'Agent' as const, participantId: desk.participantId(), userId: chat.userId };
          chat.detail.participants = [agent, ...chat.detail.participants];
          context.publish(table.changed(chat, 'ParticipantsUpdated'));
          const joined = say(chat.detail, desk, agent, 'ParticipantJoined');
          context.publish({ kind: 'messages', chatId: chat.id, messages: [...chat.detail.messages] });
          desk.tell(chat.detail, [joined], chat.userId);
          desk.customerState(chat.detail, 'Chatting');
        },
      }),
      // Rejecting completes the offer and presents the chat to another agent [src: ChatReject].
      Reject: rule({
        validIn: [OFFERED_STATE], leadsTo: 'Completed', parse: none,
        apply: (chat) => {
          chat.detail.rejectedBy.add(chat.userId);
          desk.offer(chat.detail, { except: chat.userId });
        },
      }),
      Transfer: rule({
        validIn: ENGAGED, leadsTo: 'Completed',
        parse: (body, chat) => {
          const uri = optionalText(body, 'targetUri');
          if (!uri.ok) return uri;
          const queue = optionalText(body, 'queueName');
          if (!queue.ok) return queue;
          if (uri.command === undefined && queue.command === undefined) return refuse(1, 'targetUri or queueName is missing');
          const target = uri.command === undefined ? undefined : desk.agentByUri(uri.command);
          if (target !== undefined && !target.ok) return target;
          if (target !== undefined && agentOf(chat.detail, target.command) !== undefined) return refuse(2, `${uri.command ?? ''} is already an agent of this chat`);
          const said = closingText(body);
          return said.ok ? accept({ to: target?.command, said: said.command }) : said;
        },
        apply: (chat, context, { to, said }) => {
          text(chat, context, said);
          leave(chat, context, 'WaitingForAgent');
          desk.offer(chat.detail, to === undefined ? { except: chat.userId } : { to });
        },
      }),
      Leave: rule({
        validIn: CHATTING, leadsTo: 'LeftChat', parse: closingText,
        apply: (chat, context, said) => {
          text(chat, context, said);
          leave(chat, context, 'Idle');
        },
      }),
      ...userDataRules<ChatState, ChatSession, ChatEvent>(
        { validIn: ENGAGED, notificationType: 'PropertiesUpdated', dispositionKey: 'DispositionCode' },
        (chat, notificationType) => table.changed(chat, notificationType),
      ),
      // Complete ends the chat for the customer too, if it has not ended already [src: ChatComplete].
      Complete: rule({
        validIn: ENGAGED, leadsTo: 'Completed',
        parse: (body) => {
          const queue = optionalText(body, 'queueName');
          if (!queue.ok) return queue;
          const saveLAR = optionalFlag(body, 'saveLAR');
          return saveLAR.ok ? closingText(body) : saveLAR;
        },
        apply: (chat, context, said) => {
          text(chat, context, said);
          leave(chat, context, 'Idle');
        },
      }),
      SendMessage: rule({
        validIn: CHATTING, parse: saidOf,
        // With `chat-message-lost` the message is acknowledged and never enters the transcript.
        apply: (chat, context, said) => (desk.defects.has('chat-message-lost') ? undefined : post(chat, context, 'Text', said)),
      }),
      SendStartTypingNotification: typing('TypingStarted'),
      SendStopTypingNotification: typing('TypingStopped'),
      SendCustomNotice: rule({
        validIn: CHATTING,
        parse: (body) => {
          const notice = requiredText(body, 'noticeText');
          if (!notice.ok) return notice;
          const said = closingText(body);
          return said.ok ? accept({ noticeText: notice.command, said: said.command }) : said;
        },
        apply: (chat, context, { noticeText, said }) => {
          post(chat, context, 'CustomNotice', { noticeText });
          text(chat, context, said);
        },
      }),
      // Only while another agent is in the chat (a conference or consultation) [src: ChatRemoveParticipantFromConference].
      RemoveParticipantFromConference: rule({
        validIn: CHATTING,
        offered: (chat) => agentsOf(chat.detail).length > 1,
        parse: (body, chat) => {
          const uri = optionalText(body, 'targetUri');
          if (!uri.ok) return uri;
          const path = optionalText(body, 'targetPath');
          if (!path.ok) return path;
          const named = uri.command ?? path.command;
          if (named === undefined) return refuse(1, 'targetUri or targetPath is missing');
          const target = agentsOf(chat.detail).find((p) => p.userId === lastSegment(named) && p.userId !== chat.userId);
          if (target === undefined) return refuse(2, `${named} is not another agent of this chat`);
          const said = closingText(body);
          return said.ok ? accept({ target, said: said.command }) : said;
        },
        apply: (chat, context, { target, said }) => {
          text(chat, context, said);
          const notice = say(chat.detail, desk, target, 'ParticipantLeft');
          removeParticipant(chat.detail, target);
          context.publish(table.changed(chat, 'ParticipantsUpdated'));
          context.publish({ kind: 'messages', chatId: chat.id, messages: [notice] });
          desk.tell(chat.detail, [notice], chat.userId);
          if (target.userId !== undefined) desk.release(chat.detail, target.userId);
        },
      }),
    },
  };
  return table;
}
