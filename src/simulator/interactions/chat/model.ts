import { createInteractionCore, createReferenceCounter, offeredOperations, type ReferenceCounter } from '../core.ts';
import { accept, isBody, optionalText, refuse, requiredText, userDataOf, type Outcome, type Parsed } from '../requests.ts';
import { createRouter } from '../routing.ts';
import type { InteractionAnswer, Published, Scheduler } from '../types.ts';
import { chatTable, chatViewOf, type ChatDesk } from './agent-table.ts';
import { customerTable, type CustomerDesk } from './customer-table.ts';
import { createChatIds, newSession, say, type Clock } from './session.ts';
import { NO_CHAT_DEFECTS, OFFERED_STATE, type ChatDefect, type ChatDefectSet, type ChatEvent, type ChatMessage, type ChatSession, type ChatView, type CustomerState } from './types.ts';

/** Who can take chats: the contact center's agents and their chat channel. */
export interface Roster {
  /** Users whose chat channel is Ready now, in a stable order. */
  readyChatAgents(): readonly string[];
  /** The user exists and has a chat channel. */
  hasChatChannel(userId: string): boolean;
}

export interface ChatModelOptions {
  readonly roster: Roster;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly publish: (published: Published<ChatEvent>) => void;
  /** The per-user referenceId sequence, shared with the other media (default: one of its own). */
  readonly references?: ReferenceCounter;
  /** Deliberately wrong behaviours, asked at each use (default: none). */
  readonly defects?: ChatDefectSet;
}

/** The customer's view of a chat [src: CustomerChatGetChat, CustomerChatResource 8.5.2]. */
export interface CustomerChatView {
  readonly id: string;
  readonly state: CustomerState;
  readonly capabilities: readonly string[];
  readonly participants: ChatView['participants'];
}

/** What a customer's chat request carries [src: CustomerChatRequestChat]. */
export interface ChatRequest {
  readonly nickname: string;
  readonly subject: string;
  readonly endpoint?: string;
  readonly userData?: Readonly<Record<string, unknown>>;
  /** Control API only: offer the chat to this agent instead of routing it. */
  readonly to?: string;
}

export interface ChatModel {
  /** `POST /chats` RequestChat: checked now, routed after the delay. */
  request(body: unknown): Outcome | { readonly statusCode: 0; readonly id: string };
  /** A chat from a customer (the control API): routed, or offered to `to`. */
  open(request: ChatRequest): string;
  /** `POST /me/chats/{id}`. */
  operate(userId: string, id: string, body: unknown): InteractionAnswer;
  /** `POST /chats/{id}` from the customer. */
  customerOperate(id: string, body: unknown): Outcome;
  /** The agent's chats that are not completed, oldest first (`GET /me/chats`). */
  chats(userId: string): ChatView[];
  /** The transcript an agent of the chat reads (`GET /me/chats/{id}/messages`), completed chats included. */
  messages(userId: string, id: string): readonly ChatMessage[] | undefined;
  customerChat(id: string): CustomerChatView | undefined;
  /** `GET /chats/{id}/messages`: from `index` on, or what the customer has not received yet. */
  customerMessages(id: string, index?: number): readonly ChatMessage[] | undefined;
  /** Some agent's chat channel changed: chats waiting for an agent are offered again. */
  agentsChanged(): void;
  /** Every chat: the customer's state and each agent's (the control API's list). */
  all(): { id: string; state: CustomerState; agents: { userId: string; state: string }[] }[];
}

/** The customer's key in the core: user ids are 32 hex characters, so it meets no agent. */
const CUSTOMER = 'customer';

/** Operations a defect has the server acknowledge and never apply. */
const DROPPED: Readonly<Record<string, ChatDefect>> = { Accept: 'chat-accept-ignored', Complete: 'chat-complete-ignored' };

/** Refusals a defect turns into an acknowledgement: an operation the state does not offer (2), a chat that does not exist (6). */
const WRONGLY_ACCEPTED: Readonly<Record<number, ChatDefect>> = { 2: 'chat-wrong-state-accepted', 6: 'chat-unknown-id-accepted' };

const requestOf = (body: unknown): Parsed<ChatRequest> => {
  if (!isBody(body) || body['operationName'] === undefined) return refuse(1, 'operationName is missing');
  if (body['operationName'] !== 'RequestChat') return refuse(2, `unknown operationName ${JSON.stringify(body['operationName'])} (expected RequestChat)`);
  const nickname = requiredText(body, 'nickname');
  if (!nickname.ok) return nickname;
  const subject = requiredText(body, 'subject');
  if (!subject.ok) return subject;
  const endpoint = optionalText(body, 'endpoint');
  if (!endpoint.ok) return endpoint;
  const userData = body['userData'] === undefined ? accept(undefined) : userDataOf(body['userData']);
  if (!userData.ok) return userData;
  return accept({
    nickname: nickname.command, subject: subject.command,
    ...(endpoint.command === undefined ? {} : { endpoint: endpoint.command }),
    ...(userData.command === undefined ? {} : { userData: userData.command }),
  });
};

/**
 * The chat medium: agents' chats on the interaction core (the chat table), the customer's side on
 * a second core (the customer table), one shared session per chat. A chat is offered to an agent
 * whose chat channel is Ready; with none, it waits until one is.
 */
export function createChatModel(options: ChatModelOptions): ChatModel {
  const { roster, clock, scheduler } = options;
  const defects = options.defects ?? NO_CHAT_DEFECTS;
  const references = options.references ?? createReferenceCounter();
  const ids = createChatIds();
  const router = createRouter<ChatSession>({
    ready: () => roster.readyChatAgents(),
    rejectedBy: (session) => session.rejectedBy,
    deliver: (session, userId) => agents.announce(agents.open({ id: session.id, userId, state: OFFERED_STATE, userData: session.userData, detail: session }), 'StatusChange'),
    // With `chat-never-offered` the chat waits for an agent for ever.
    stuck: () => defects.has('chat-never-offered'),
  });
  const publishTo = (userId: string, event: ChatEvent): void => options.publish({ userId, event });

  const desk: ChatDesk & CustomerDesk = {
    clock,
    defects,
    participantId: () => ids.participantId(),
    offer(session, target) {
      if (customers.get(CUSTOMER, session.id)?.state !== 'Idle') router.offer(session, target);
    },
    agentByUri(uri) {
      const userId = uri.replace(/\/+$/, '').split('/').pop() ?? '';
      return roster.hasChatChannel(userId) ? accept(userId) : refuse(6, `no agent with a chat channel at ${uri}`);
    },
    tell(session, messages, except?: string) {
      for (const agent of session.participants) {
        if (agent.userId !== undefined && agent.userId !== except) publishTo(agent.userId, { kind: 'messages', chatId: session.id, messages });
      }
    },
    customerState(session, state) {
      const customer = customers.get(CUSTOMER, session.id);
      if (customer !== undefined && customer.state !== 'Idle') customers.transition(customer, state);
    },
    release(session, userId) {
      const view = agents.get(userId, session.id);
      if (view !== undefined) agents.transition(view, 'Completed');
    },
    gone(session) {
      router.withdraw(session);
      for (const view of agents.views(session.id)) if (view.state === OFFERED_STATE) agents.transition(view, 'Completed');
    },
  };
  const table = chatTable(desk);
  const customerRules = customerTable(desk);
  const dropped = (name: string): boolean => {
    const defect = DROPPED[name];
    return defect !== undefined && defects.has(defect);
  };
  const agents = createInteractionCore({ table, scheduler, references, publish: options.publish, dropped });
  const customers = createInteractionCore({ table: customerRules, scheduler, references, publish: () => undefined });

  function open(request: ChatRequest): string {
    const id = ids.chatId();
    const customer = { nickname: request.nickname, type: 'Customer' as const, participantId: ids.participantId() };
    const session = newSession({ id, customer, subject: request.subject, userData: request.userData ?? {}, ...(request.endpoint === undefined ? {} : { endpoint: request.endpoint }) });
    customers.open({ id, userId: CUSTOMER, state: 'WaitingForAgent', userData: session.userData, detail: session });
    say(session, desk, customer, 'ParticipantJoined');
    // Routing takes the async delay, as any change does after its answer [src: MAR].
    scheduler.defer(() => desk.offer(session, request.to === undefined ? {} : { to: request.to }));
    return id;
  }

  return {
    request(body) {
      const parsed = requestOf(body);
      return parsed.ok ? { statusCode: 0, id: open(parsed.command) } : parsed.outcome;
    },
    open,
    operate(userId, id, body) {
      const answer = agents.operate(userId, id, body);
      const defect = answer.statusCode === 0 ? undefined : WRONGLY_ACCEPTED[answer.statusCode];
      return defect !== undefined && defects.has(defect) ? { statusCode: 0 } : answer;
    },
    customerOperate(id, body) {
      const answer = customers.operate(CUSTOMER, id, body);
      return 'referenceId' in answer ? { statusCode: 0 } : answer;
    },
    chats: (userId) => agents.owned(userId).map((chat) => chatViewOf(table, chat, defects)),
    messages: (userId, id) => agents.get(userId, id)?.detail.messages,
    customerChat(id) {
      const chat = customers.get(CUSTOMER, id);
      if (chat === undefined) return undefined;
      return { id, state: chat.state, capabilities: offeredOperations(customerRules, chat), participants: chat.detail.participants.map((p) => ({ ...p })) };
    },
    customerMessages(id, index) {
      const session = customers.get(CUSTOMER, id)?.detail;
      if (session === undefined) return undefined;
      const from = index ?? session.customerSeen + 1;
      // With `chat-customer-misses-agent` the agents' messages never reach the customer.
      const out = session.messages.filter((m) => m.index >= from && !(defects.has('chat-customer-misses-agent') && m.from.type === 'Agent' && m.type === 'Text'));
      session.customerSeen = Math.max(session.customerSeen, ...out.map((m) => m.index));
      return out;
    },
    agentsChanged: () => router.agentsChanged(),
    all: () => customers.owned(CUSTOMER, true).map((customer) => ({
      id: customer.id,
      state: customer.state,
      agents: agents.views(customer.id).map((view) => ({ userId: view.userId, state: view.state })),
    })),
  };
}
