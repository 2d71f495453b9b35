// A chat end to end in the running simulator: the customer requests it without credentials, the
// agent whose chat channel is Ready is offered it over CometD, accepts, chats and completes; every
// answer and every notification is judged against the contracts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from 'cometd';
import { loadContracts, type ObservedResponse } from '../../src/contracts/index.ts';
import { SCHEMA_BASE } from '../../src/contracts/schema-ids.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import type { Simulator } from '../../src/simulator/simulator.ts';
import { basic, connect, type TestClient } from '../notifications/bayeux-client.ts';

const KSIPPO = basic('ksippo', '');
const CUSTOMER = { ContactCenterId: 'cfe5ad67-ba6d-4340-81f9-bb680ef5d498' };
const contracts = loadContracts();
const notification = (name: string) => `${SCHEMA_BASE}notifications/${name}.json`;

let simulator: Simulator;
let running: RunningSimulator;
const clients: TestClient[] = [];

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * Sends a request and judges the answer against the catalog entry `operationId`: the statusCodes
 * expected (default success), the schema, the HTTP status beside the statusCode.
 */
async function send(operationId: string, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown, expectStatusCodes: readonly number[] = [0]): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(`${running.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const rawBody = await res.text();
  const parsed = JSON.parse(rawBody) as Record<string, unknown>;
  const response: ObservedResponse = { httpStatus: res.status, headers: Object.fromEntries(res.headers), rawBody, body: parsed, durationMs: Date.now() - started };
  const verdict = contracts.judge(contracts.operation(operationId), response, { expectStatusCodes, httpStatusStrict: true });
  expect(verdict.violations, `${method} ${path} → ${rawBody}`).toEqual([]);
  return { status: res.status, body: parsed };
}

async function chatsClient(): Promise<TestClient> {
  const c = await connect(`${running.url}/notifications`, KSIPPO);
  clients.push(c);
  expect((await c.subscribe('/v2/me/chats')).successful).toBe(true);
  expect((await c.subscribe('/v2/me/channels')).successful).toBe(true);
  return c;
}

/** A chat notification as it arrived: the topic and GWS's `data`. */
interface Notified {
  readonly channel: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The next chat notification, checked against its schema and the schema of every GWS message. */
async function nextChat(c: TestClient): Promise<Notified> {
  const message: Message = await c.next('/v2/me/chats');
  const value: Notified = { channel: message.channel, data: message.data as Record<string, unknown> };
  const name = value.data['messageType'] === 'MessageLogUpdated' ? 'message-log-updated' : 'chat-state-change';
  expect(contracts.validate(notification(name), value), JSON.stringify(value)).toEqual([]);
  expect(contracts.validate(notification('message'), value)).toEqual([]);
  return value;
}

const chatOf = (message: Notified) => message.data['chat'] as { id: string; state: string; capabilities: string[]; participants: { type: string; nickname: string }[] };
const entries = (message: Notified) => message.data['messages'] as { index: number; type: string; text?: string; from: { type: string } }[];

/** The agent logs in on chat and makes it Ready; resolves once the channel notification shows Ready. */
async function readyForChats(c: TestClient): Promise<void> {
  await send('post-me', 'POST', '/me', KSIPPO, { operationName: 'StartContactCenterSession', channels: ['voice', 'chat'] });
  await send('post-me-channels-chat', 'POST', '/me/channels/chat', KSIPPO, { operationName: 'Ready' });
  for (;;) {
    const message = await c.next('/v2/me/channels');
    const channels = (message.data as { channels: { channel: string; userState: { state: string } }[] }).channels;
    if (channels.some((ch) => ch.channel === 'chat' && ch.userState.state === 'Ready')) return;
  }
}

beforeEach(async () => {
  simulator = buildSimulator({ asyncDelayMs: 10 });
  running = await listen(simulator);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).filter((c) => !c.cometd.isDisconnected()).map((c) => c.disconnect()));
  await running.close();
  simulator.dispose();
});

describe('a chat from the customer side to the agent and back', () => {
  it('is offered to the Ready agent, accepted, chatted in and completed, each step announced and readable', async () => {
    const c = await chatsClient();
    await readyForChats(c);

    const requested = await send('post-chats', 'POST', '/chats', CUSTOMER, { operationName: 'RequestChat', nickname: 'Chris', subject: 'Question about billing', userData: { key: 'value' } });
    const id = String(requested.body['id']);
    expect(requested.body).toEqual({ statusCode: 0, id, path: `/api/v2/chats/${id}` });
    expect((await send('get-chats-id', 'GET', `/chats/${id}`, CUSTOMER)).body['chat']).toMatchObject({ state: 'WaitingForAgent' });

    // The offer: a chat in the offered state, which takes Accept or Reject only.
    const offered = await nextChat(c);
    expect(chatOf(offered)).toMatchObject({ id, state: 'Invited', capabilities: ['Accept', 'Reject'] });
    const listed = await send('get-me-chats', 'GET', '/me/chats?fields=*', KSIPPO);
    expect(listed.body['chats']).toMatchObject([{ id, state: 'Invited', userData: { key: 'value' }, uri: `${running.url}/chats/${id}` }]);
    expect((await send('get-me-chats', 'GET', '/me/chats', KSIPPO)).body).toEqual({ statusCode: 0, uris: [`${running.url}/chats/${id}`] });

    // An operation the offered chat does not offer: 2, HTTP 400, nothing changes.
    const early = await send('post-me-chats-id', 'POST', `/me/chats/${id}`, KSIPPO, { operationName: 'SendMessage', text: 'too early' }, [2]);
    expect(early.status).toBe(400);

    await send('post-me-chats-id', 'POST', `/me/chats/${id}`, KSIPPO, { operationName: 'Accept', nickname: 'Kristi' });
    const chatting = await nextChat(c);
    expect(chatting.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 1 });
    expect(chatOf(chatting).state).toBe('Chatting');
    expect(chatOf(chatting).capabilities).toEqual([
      'Transfer', 'Leave', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'SetDisposition', 'Complete',
      'SendMessage', 'SendStartTypingNotification', 'SendStopTypingNotification', 'SendCustomNotice',
    ]);
    const participants = await nextChat(c);
    expect(participants.data['notificationType']).toBe('ParticipantsUpdated');
    expect(chatOf(participants).participants.map((p) => [p.type, p.nickname])).toEqual([['Agent', 'Kristi'], ['Customer', 'Chris']]);
    const history = await nextChat(c);
    expect(entries(history).map((m) => [m.index, m.type, m.from.type])).toEqual([[1, 'ParticipantJoined', 'Customer'], [2, 'ParticipantJoined', 'Agent']]);
    expect((await send('get-chats-id', 'GET', `/chats/${id}`, CUSTOMER)).body['chat']).toMatchObject({
      state: 'Chatting',
      participants: [{ type: 'Agent', nickname: 'Kristi' }, { type: 'Customer', nickname: 'Chris' }],
    });

    // A message of the agent: the next index, the request's referenceId; the customer reads it.
    await send('post-me-chats-id', 'POST', `/me/chats/${id}`, KSIPPO, { operationName: 'SendMessage', text: 'How may I help you?' });
    const sent = await nextChat(c);
    expect(sent.data).toMatchObject({ messageType: 'MessageLogUpdated', notificationType: 'NewMessages', referenceId: 2, chatUri: `${running.url}/chats/${id}` });
    expect(entries(sent).map((m) => [m.index, m.type, m.text])).toEqual([[3, 'Text', 'How may I help you?']]);
    const read = await send('get-chats-id-messages', 'GET', `/chats/${id}/messages`, CUSTOMER);
    expect((read.body['messages'] as { index: number; text?: string }[]).map((m) => [m.index, m.text])).toEqual([[1, undefined], [2, undefined], [3, 'How may I help you?']]);

    // The customer answers: the agent hears it, with the index after.
    await send('post-chats-id', 'POST', `/chats/${id}`, CUSTOMER, { operationName: 'SendMessage', text: 'Hello?' });
    expect(entries(await nextChat(c)).map((m) => [m.index, m.type, m.text, m.from.type])).toEqual([[4, 'Text', 'Hello?', 'Customer']]);
    const transcript = await send('get-me-chats-id-messages', 'GET', `/me/chats/${id}/messages?startIndex=3`, KSIPPO);
    expect((transcript.body['messages'] as { index: number }[]).map((m) => m.index)).toEqual([3, 4]);

    await send('post-me-chats-id', 'POST', `/me/chats/${id}`, KSIPPO, { operationName: 'SetDisposition', disposition: 'Resolved' });
    expect(chatOf(await nextChat(c))).toMatchObject({ state: 'Chatting', userData: { key: 'value', DispositionCode: 'Resolved' } });

    await send('post-me-chats-id', 'POST', `/me/chats/${id}`, KSIPPO, { operationName: 'Complete' });
    const completed = await nextChat(c);
    expect(completed.data).toMatchObject({ notificationType: 'StatusChange', referenceId: 4 });
    expect(chatOf(completed)).toMatchObject({ state: 'Completed', capabilities: [] });
    expect((await send('get-me-chats', 'GET', '/me/chats?fields=*', KSIPPO)).body).toEqual({ statusCode: 0, chats: [] });
    expect((await send('get-chats-id', 'GET', `/chats/${id}`, CUSTOMER)).body['chat']).toMatchObject({ state: 'Idle', capabilities: [] });

    // A completed chat refuses further operations as not valid now (2), an unknown id as not found (6).
    await send('post-me-chats-id', 'POST', `/me/chats/${id}`, KSIPPO, { operationName: 'SendMessage', text: 'late' }, [2]);
    await send('post-chats-id', 'POST', `/chats/${id}`, CUSTOMER, { operationName: 'SendMessage', text: 'late' }, [2]);
    expect((await send('post-me-chats-id', 'POST', '/me/chats/0000Sa9SNOSUCH00', KSIPPO, { operationName: 'Complete' }, [6])).status).toBe(404);
    await send('get-chats-id', 'GET', '/chats/0000Sa9SNOSUCH00', CUSTOMER, undefined, [6]);
    await send('get-me-chats-id-messages', 'GET', '/me/chats/0000Sa9SNOSUCH00/messages', KSIPPO, undefined, [6]);
  });

  it('the Customer Chat API takes no credentials but needs the ContactCenterId header; the agent\'s needs credentials', async () => {
    const missing = await send('post-chats', 'POST', '/chats', {}, { operationName: 'RequestChat', nickname: 'Chris', subject: 'Question' }, [1]);
    expect(missing.body).toEqual({ statusCode: 1, statusMessage: 'Missing required HTTP header: ContactCenterId' });
    await send('post-chats', 'POST', '/chats', CUSTOMER, { operationName: 'RequestChat', nickname: 'Chris' }, [1]);
    await send('post-chats', 'POST', '/chats', CUSTOMER, { operationName: 'Chat', nickname: 'Chris', subject: 'Question' }, [2]);
    await send('get-me-chats', 'GET', '/me/chats', {}, undefined, [20]);
  });

  it('a chat waits while no agent is Ready, then is offered to the agent whose chat channel becomes Ready', async () => {
    const c = await chatsClient();
    const { body } = await send('post-chats', 'POST', '/chats', CUSTOMER, { operationName: 'RequestChat', nickname: 'Chris', subject: 'Question' });
    await readyForChats(c);
    expect(chatOf(await nextChat(c))).toMatchObject({ id: body['id'], state: 'Invited' });
  });

  it('the control API offers a chat to a named agent and lists the chats', async () => {
    const c = await chatsClient();
    const offered = await fetch(`${running.origin}/__simulator/chats`, { method: 'POST', body: JSON.stringify({ user: 'ksippo', nickname: 'Chris' }) });
    const { chatId } = (await offered.json()) as { chatId: string };
    expect(chatOf(await nextChat(c))).toMatchObject({ id: chatId, state: 'Invited' });
    const list = (await (await fetch(`${running.origin}/__simulator/chats`)).json()) as unknown;
    expect(list).toEqual({ chats: [{ id: chatId, state: 'WaitingForAgent', agents: [{ userName: 'ksippo', state: 'Invited' }] }] });
    const unknown = await fetch(`${running.origin}/__simulator/chats`, { method: 'POST', body: JSON.stringify({ user: 'nobody' }) });
    expect(unknown.status).toBe(404);
  });
});
