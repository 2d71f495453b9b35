import { describe, expect, it } from 'vitest';
import { CHAT_OUTCOMES } from '../../../contracts/chat-outcomes.ts';
import { loadContracts } from '../../../contracts/index.ts';
import type { Published } from '../types.ts';
import { createChatModel, renderChatNotification, type ChatEvent } from './index.ts';

const ROOT = 'http://127.0.0.1:8080/api/v2';
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const contracts = loadContracts();

function harness(ready: string[] = [A]) {
  const queue: (() => void)[] = [];
  const published: Published<ChatEvent>[] = [];
  const agents = new Set([A, B]);
  const model = createChatModel({
    roster: { readyChatAgents: () => ready, hasChatChannel: (userId) => agents.has(userId) },
    clock: { now: () => 1_389_261_492_035 },
    scheduler: { defer: (task) => queue.push(task) },
    publish: (p) => published.push(p),
  });
  const flush = (): void => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) task();
  };
  const request = (): string => {
    const answer = model.request({ operationName: 'RequestChat', nickname: 'Chris', subject: 'Question...' });
    if (!('id' in answer)) throw new Error(JSON.stringify(answer));
    return answer.id;
  };
  /** The messages a user received since the last look, rendered as GWS sends them. */
  const seen = new Map<string, number>();
  const received = (userId: string) => {
    const mine = published.filter((p) => p.userId === userId);
    const from = seen.get(userId) ?? 0;
    seen.set(userId, mine.length);
    return mine.slice(from).map((p) => renderChatNotification(p, ROOT));
  };
  /** A chat offered to A and accepted. */
  const chatting = (): string => {
    const id = request();
    flush();
    expect(model.operate(A, id, { operationName: 'Accept', nickname: 'Kristi' })).toEqual({ statusCode: 0 });
    flush();
    received(A);
    return id;
  };
  return { model, flush, published, request, received, chatting, ready };
}

const schemaOf = (message: { data: Record<string, unknown> }) =>
  `https://gwscheck.dev/schemas/notifications/${message.data['messageType'] === 'MessageLogUpdated' ? 'message-log-updated' : 'chat-state-change'}.json`;

function expectValid(messages: readonly { channel: string; data: Record<string, unknown> }[]): void {
  for (const message of messages) expect(contracts.validate(schemaOf(message), message), JSON.stringify(message)).toEqual([]);
}

describe('a customer\'s chat request', () => {
  it('is checked at once: operationName, nickname and subject are required, userData is key/value pairs', () => {
    const { model } = harness();
    expect(model.request({})).toEqual({ statusCode: 1, statusMessage: 'operationName is missing' });
    expect(model.request({ operationName: 'Chat' })).toMatchObject({ statusCode: 2 });
    expect(model.request({ operationName: 'RequestChat', subject: 's' })).toEqual({ statusCode: 1, statusMessage: 'nickname is missing' });
    expect(model.request({ operationName: 'RequestChat', nickname: 'n' })).toEqual({ statusCode: 1, statusMessage: 'subject is missing' });
    expect(model.request({ operationName: 'RequestChat', nickname: 'n', subject: 's', userData: 'x' })).toMatchObject({ statusCode: 10 });
    expect(model.request({ operationName: 'RequestChat', nickname: 'n', subject: 's', endpoint: 'q', userData: { key: 'value' } })).toMatchObject({ statusCode: 0 });
  });

  it('waits for an agent, is offered to the first Ready chat agent after the delay, as the undocumented offered state', () => {
    const { model, flush, request, received } = harness();
    const id = request();
    expect(model.customerChat(id)).toMatchObject({ state: 'WaitingForAgent', capabilities: ['SendMessage', 'SendStartTypingNotification', 'SendStopTypingNotification', 'Complete'] });
    expect(model.chats(A)).toEqual([]);
    flush();
    const [offer] = received(A);
    expect(offer?.data).toMatchObject({ messageType: 'ChatStateChangeMessage', notificationType: 'StatusChange', chat: { id, state: 'Invited', capabilities: ['Accept', 'Reject'], uri: `${ROOT}/chats/${id}` } });
    expect(offer?.data).not.toHaveProperty('referenceId');
    expectValid(received(A).concat(offer === undefined ? [] : [offer]));
    expect(model.chats(A).map((c) => c.state)).toEqual(['Invited']);
  });

  it('waits while no agent is Ready, and is offered once one is', () => {
    const { model, flush, request, ready } = harness([]);
    const id = request();
    flush();
    expect(model.chats(A)).toEqual([]);
    ready.push(B);
    model.agentsChanged();
    expect(model.chats(B).map((c) => c.id)).toEqual([id]);
    expect(model.all()).toEqual([{ id, state: 'WaitingForAgent', agents: [{ userId: B, state: 'Invited' }] }]);
  });
});

describe('the agent\'s chat', () => {
  it('Accept: Chatting with the referenceId, then the typed participants, then the history; the customer sees Chatting', () => {
    const { model, flush, request, received } = harness();
    const id = request();
    flush();
    received(A);
    expect(model.operate(A, id, { operationName: 'Accept' })).toEqual({ statusCode: 1, statusMessage: 'nickname is missing' });
    expect(model.operate(A, id, { operationName: 'Accept', nickname: 'Kristi', saveLAR: 'yes' })).toMatchObject({ statusCode: 10 });
    expect(model.operate(A, id, { operationName: 'Accept', nickname: 'Kristi' })).toEqual({ statusCode: 0 });
    flush();
    const messages = received(A);
    expectValid(messages);
    expect(messages.map((m) => [m.data['notificationType'], m.data['referenceId']])).toEqual([['StatusChange', 1], ['ParticipantsUpdated', undefined], ['NewMessages', undefined]]);
    expect(messages[0]?.data).toMatchObject({ chat: { state: 'Chatting', capabilities: expect.arrayContaining(['SendMessage', 'Complete', 'Leave', 'Transfer', 'SetDisposition']) as unknown } });
    expect(messages[1]?.data).toMatchObject({ chat: { participants: [{ nickname: 'Kristi', type: 'Agent' }, { nickname: 'Chris', type: 'Customer' }] } });
    expect(messages[2]?.data['messages']).toMatchObject([{ index: 1, type: 'ParticipantJoined', from: { type: 'Customer' } }, { index: 2, type: 'ParticipantJoined', from: { type: 'Agent' } }]);
    expect(model.customerChat(id)).toMatchObject({ state: 'Chatting', participants: [{ type: 'Agent' }, { type: 'Customer' }] });
  });

  it('SendMessage and the customer\'s answer come with rising indexes; the customer reads what it has not received yet', () => {
    const { model, flush, chatting, received } = harness();
    const id = chatting();
    expect(model.operate(A, id, { operationName: 'SendMessage', text: 'How may I help you?', messageType: 'Greeting', treatAs: 'Normal' })).toEqual({ statusCode: 0 });
    expect(model.operate(A, id, { operationName: 'SendMessage', text: 'x', treatAs: 'Loud' })).toMatchObject({ statusCode: 10 });
    flush();
    const [sent] = received(A);
    expect(sent?.data).toMatchObject({ messageType: 'MessageLogUpdated', notificationType: 'NewMessages', referenceId: 2, chatUri: `${ROOT}/chats/${id}` });
    expect(sent?.data['messages']).toEqual([{
      index: 3, from: { nickname: 'Kristi', type: 'Agent', participantId: expect.any(String) as unknown }, type: 'Text', text: 'How may I help you?',
      messageType: 'Greeting', visibility: 'All', timestamp: '2014-01-09 09:58:12.035+0000', timestampSeconds: 1_389_261_492_035,
    }]);
    expect(model.customerOperate(id, { operationName: 'SendMessage', text: 'Hello?' })).toEqual({ statusCode: 0 });
    expect(model.customerOperate(id, { operationName: 'SendMessage' })).toEqual({ statusCode: 1, statusMessage: 'text is missing' });
    flush();
    const [answer] = received(A);
    expect(answer?.data).not.toHaveProperty('referenceId');
    expect(answer?.data['messages']).toMatchObject([{ index: 4, type: 'Text', text: 'Hello?', from: { type: 'Customer' } }]);
    expectValid([...(sent === undefined ? [] : [sent]), ...(answer === undefined ? [] : [answer])]);
    expect(model.customerMessages(id)?.map((m) => m.index)).toEqual([1, 2, 3, 4]);
    expect(model.customerMessages(id)).toEqual([]);
    expect(model.customerMessages(id, 3)?.map((m) => m.index)).toEqual([3, 4]);
  });

  it('typing notifications and custom notices are transcript entries', () => {
    const { model, flush, chatting, received } = harness();
    const id = chatting();
    model.operate(A, id, { operationName: 'SendStartTypingNotification' });
    model.operate(A, id, { operationName: 'SendStopTypingNotification' });
    model.operate(A, id, { operationName: 'SendCustomNotice', noticeText: 'This is a custom notice' });
    expect(model.operate(A, id, { operationName: 'SendCustomNotice' })).toMatchObject({ statusCode: 1 });
    flush();
    const messages = received(A);
    expectValid(messages);
    expect(messages.flatMap((m) => m.data['messages'] as { type: string; noticeText?: string }[]).map((m) => [m.type, m.noticeText])).toEqual([
      ['TypingStarted', undefined], ['TypingStopped', undefined], ['CustomNotice', 'This is a custom notice'],
    ]);
  });

  it('Complete: Completed with the referenceId, gone from the agent\'s chats, the customer Idle; later operations refused with 2', () => {
    const { model, flush, chatting, received } = harness();
    const id = chatting();
    expect(model.operate(A, id, { operationName: 'Complete', messageType: 'Bye' })).toEqual({ statusCode: 1, statusMessage: 'text is missing (messageType goes with text)' });
    expect(model.operate(A, id, { operationName: 'Complete', text: 'Thank you', queueName: 'PostProcessingQueue' })).toEqual({ statusCode: 0 });
    flush();
    const messages = received(A);
    expectValid(messages);
    expect(messages[0]?.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 2, chat: { state: 'Completed', capabilities: [] } });
    expect(model.chats(A)).toEqual([]);
    expect(model.customerChat(id)).toMatchObject({ state: 'Idle', capabilities: [] });
    expect(model.customerMessages(id, 0)?.slice(-2).map((m) => [m.type, m.text])).toEqual([['Text', 'Thank you'], ['ParticipantLeft', undefined]]);
    expect(model.operate(A, id, { operationName: 'SendMessage', text: 'late' })).toMatchObject({ statusCode: 2 });
    expect(model.customerOperate(id, { operationName: 'SendMessage', text: 'late' })).toMatchObject({ statusCode: 2 });
    expect(model.operate(A, 'unknown', { operationName: 'Complete' })).toEqual({ statusCode: 6, statusMessage: 'chat unknown not found' });
  });

  it('Leave: LeftChat, where the agent may still set the disposition and complete; the customer is Idle', () => {
    const { model, flush, chatting, received } = harness();
    const id = chatting();
    model.operate(A, id, { operationName: 'Leave' });
    flush();
    const [left] = received(A);
    expect(left?.data).toMatchObject({ notificationType: 'StatusChange', chat: { state: 'LeftChat' } });
    expect((left?.data['chat'] as { capabilities: string[] }).capabilities).toEqual(['Transfer', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition', 'Complete']);
    expect(model.customerChat(id)?.state).toBe('Idle');
    expect(model.operate(A, id, { operationName: 'SetDisposition', disposition: 'Resolved' })).toEqual({ statusCode: 0 });
    flush();
    expect(received(A)[0]?.data).toMatchObject({ notificationType: 'PropertiesUpdated', chat: { userData: { DispositionCode: 'Resolved' } } });
  });

  it('Reject presents the chat to another Ready agent; with none left, the chat waits', () => {
    const { model, flush, request, received, ready } = harness([A, B]);
    const id = request();
    flush();
    expect(model.operate(A, id, { operationName: 'Reject' })).toEqual({ statusCode: 0 });
    flush();
    expect(received(A).map((m) => (m.data['chat'] as { state: string }).state)).toEqual(['Invited', 'Completed']);
    expect(model.chats(B).map((c) => c.state)).toEqual(['Invited']);
    model.operate(B, id, { operationName: 'Reject' });
    flush();
    ready.splice(0);
    model.agentsChanged();
    expect(model.all()[0]).toMatchObject({ state: 'WaitingForAgent', agents: [{ state: 'Completed' }, { state: 'Completed' }] });
  });

  it('Transfer to an agent by URI offers the chat to that agent; an unknown or present target is refused', () => {
    const { model, flush, chatting, received } = harness([A]);
    const id = chatting();
    expect(model.operate(A, id, { operationName: 'Transfer' })).toEqual({ statusCode: 1, statusMessage: 'targetUri or queueName is missing' });
    expect(model.operate(A, id, { operationName: 'Transfer', targetUri: `${ROOT}/users/${'c'.repeat(32)}` })).toMatchObject({ statusCode: 6 });
    expect(model.operate(A, id, { operationName: 'Transfer', targetUri: `${ROOT}/users/${A}` })).toMatchObject({ statusCode: 2 });
    expect(model.operate(A, id, { operationName: 'Transfer', targetUri: `${ROOT}/users/${B}` })).toEqual({ statusCode: 0 });
    flush();
    expect(received(A)[0]?.data).toMatchObject({ referenceId: 2, chat: { state: 'Completed' } });
    expect(model.chats(B).map((c) => c.state)).toEqual(['Invited']);
    expect(model.customerChat(id)?.state).toBe('WaitingForAgent');
  });

  it('RemoveParticipantFromConference is offered only while another agent is in the chat', () => {
    const { model, chatting } = harness();
    const id = chatting();
    expect(model.chats(A)[0]?.capabilities).not.toContain('RemoveParticipantFromConference');
    expect(model.operate(A, id, { operationName: 'RemoveParticipantFromConference', targetUri: `${ROOT}/users/${B}` })).toMatchObject({ statusCode: 2 });
  });

  it('a customer who completes ends an offer not yet accepted', () => {
    const { model, flush, request } = harness();
    const id = request();
    flush();
    expect(model.customerOperate(id, { operationName: 'Complete' })).toEqual({ statusCode: 0 });
    flush();
    expect(model.chats(A)).toEqual([]);
    expect(model.customerChat(id)?.state).toBe('Idle');
  });
});

describe('CHAT_OUTCOMES', () => {
  // Each operation from the state it is valid in, and what the contract says must follow it.
  const bodies: Record<string, Record<string, unknown>> = {
    Accept: { nickname: 'Kristi' },
    SendMessage: { text: 'hello' },
    SendCustomNotice: { noticeText: 'notice' },
    Transfer: { queueName: 'q' },
    AttachUserData: { userData: { k: 'v' } },
    UpdateUserData: { userData: { k: 'w' } },
    DeleteUserData: { keys: ['k'] },
    SetDisposition: { disposition: 'Resolved', dispositionKey: 'DispositionCode' },
  };
  for (const [name, outcome] of Object.entries(CHAT_OUTCOMES)) {
    if (name === 'RemoveParticipantFromConference') continue;
    it(`${name}: its first message is the outcome the contract names`, () => {
      const { model, flush, request, chatting, received } = harness([A, B]);
      const id = name === 'Accept' || name === 'Reject' ? request() : chatting();
      flush();
      received(A);
      const body: Readonly<Record<string, unknown>> = { operationName: name, ...bodies[name] };
      expect(model.operate(A, id, body)).toEqual({ statusCode: 0 });
      flush();
      const first = received(A).find((m) => m.data['referenceId'] !== undefined);
      expect(first).toBeDefined();
      expect(first?.channel).toBe(outcome.topic);
      expect(schemaOf(first ?? { data: {} })).toBe(outcome.schema);
      expect(first?.data['notificationType']).toBe(outcome.notificationType);
      expect(contracts.validate(outcome.schema, first)).toEqual([]);
      if (outcome.shows === undefined) return;
      const item = first?.data['messageType'] === 'MessageLogUpdated' ? (first.data['messages'] as unknown[]).at(-1) : first?.data['chat'];
      const pointer = outcome.shows.pointer.replace(/\{(\w+)\}/g, (_all, key: string) => String(body[key]));
      const value = typeof outcome.shows.value === 'object' && outcome.shows.value !== null ? body[outcome.shows.value.fromRequest] : outcome.shows.value;
      const at = pointer.split('/').slice(1).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], item);
      expect(at).toBe(value);
    });
  }
});
