import { describe, expect, it } from 'vitest';
import { CHAT_CATALOG, CHAT_NOTIFICATION_SCHEMAS, NEEDS_CHAT } from './catalog-chats.ts';
import { CATALOG } from './catalog.ts';
import { CHAT_OUTCOMES } from './chat-outcomes.ts';
import { loadContracts } from './load.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import type { ObservedResponse, Operation, Violation } from './types.ts';

// Documented samples of the Chat and Customer Chat API pages, copied as printed, and wrapped as a
// CometD message ({channel, data}) where the page prints the data object alone.
const contracts = loadContracts();
const notification = (name: string) => `${SCHEMA_BASE}notifications/${name}.json`;
const summary = (violations: readonly Violation[]) => violations.map((v) => `${v.grade} ${v.keyword} ${v.pointer}`);
const byId = (id: string): Operation => {
  const op = CHAT_CATALOG.find((o) => o.id === id);
  if (op === undefined) throw new Error(`no chat catalog entry ${id}`);
  return op;
};
function observed(body: unknown, rawBody = JSON.stringify(body)): ObservedResponse {
  return { httpStatus: 200, headers: { 'content-type': 'application/json' }, rawBody, body, durationMs: 5 };
}
const wrapped = (data: unknown) => ({ channel: '/v2/me/chats', data });

const CHATTING_CAPS = ['Transfer', 'Complete', 'Leave', 'InFocus', 'SendMessage', 'SendStartTypingNotification', 'SendStopTypingNotification'];
const AGENT = { type: 'Agent', nickname: 'Marat', participantId: '009052C5E743004C' };
const CUSTOMER = { type: 'Customer', nickname: 'PersonP', participantId: '009052C5E6D6004A' };
// ChatAccept 8.5.2: "Status changed to Chatting" and "Updated participant list".
const ACCEPTED = { messageType: 'ChatStateChangeMessage', referenceId: 17, notificationType: 'StatusChange', chat: { state: 'Chatting', capabilities: CHATTING_CAPS, id: '0000Na9B26EF002X', uri: 'http://localhost:8080/api/v2/chats/0000Na9B26EF002X', participants: [] } };
const PARTICIPANTS = { messageType: 'ChatStateChangeMessage', notificationType: 'ParticipantsUpdated', chat: { ...ACCEPTED.chat, participants: [AGENT, CUSTOMER] } };
// ChatSend latest, with timestampSeconds read as the number the Java long means.
const SENT = {
  messages: [{ index: 3, from: { nickname: 'TestName', type: 'Agent', participantId: '007352CE72D50290' }, messageType: 'Greeting', text: 'How may I help you?', visibility: 'All', timestamp: '2014-01-09 11:58:12.035+0200', type: 'Text', timestampSeconds: 1389261492035 }],
  notificationType: 'NewMessages', messageType: 'MessageLogUpdated', chatUri: 'http://localhost:8080/api/v2/chats/0000Wa9CAM6W00FN',
};
// ChatSendCustomNotice 8.5.2DRAFT: chatPath, and a sender with uri, path, id and visibility.
const NOTICE = {
  chatPath: '/chats/0000RaB4Q006001F',
  messages: [{
    index: 5, noticeText: 'This is a custom notice',
    from: { participantId: '0093564DA4BB0039', type: 'Agent', uri: 'http://localhost:8090/api/v2/users/4ff5b43c856d4cb2a3d6c20a88740257', visibility: 'All', path: '/users/4ff5b43c856d4cb2a3d6c20a88740257', nickname: 'TestName', id: '0093564DA4BB0039' },
    timestamp: '2015-11-19 12:30:20.000+0200', visibility: 'All', type: 'CustomNotice', timestampSeconds: 1447929020000,
  }],
  notificationType: 'NewMessages', messageType: 'MessageLogUpdated', chatUri: 'http://localhost:8090/api/v2/chats/0000RaB4Q006001F',
};
// ChatUpdateUserData 8.6.0 (userData cut short; its Python None read as null).
const UPDATED = {
  referenceId: 85, messageType: 'ChatStateChangeMessage', notificationType: 'PropertiesUpdated',
  chat: {
    userData: { UserData2: 'DATAUPDATE-@123', UserData1: 987654321, RRequestedSkills: null, Subject: 'Customer support' }, state: 'Chatting',
    capabilities: ['Transfer', 'Leave', 'Invite', 'Consult', 'SetInFocus', 'SetDisposition', 'AttachUserData', 'DeleteUserData', 'UpdateUserData', 'Complete', 'SendMessage', 'SendStartTypingNotification', 'SendStopTypingNotification'],
    uri: 'http://localhost:8080/api/v2/chats/0000Wa9CAM6W00J', participants: [{ nickname: 'test_consult_clientL', type: 'Customer', participantId: '007352CE9A92032E' }], id: '0000Wa9CAM6W00J',
  },
};
// ChatResources latest: a chat of GET /me/chats?fields=*.
const LISTED = {
  state: 'Chatting', id: '0000Na9B26EF002G', uri: 'http://localhost:8080/api/v2/chats/0000Na9B26EF002G',
  participants: [{ type: 'Agent', nickname: 'Agent1', participantId: '009052BDEE4A003E' }, { type: 'Customer', nickname: 'PersonP', participantId: '009052BDEE39003C' }],
  capabilities: ['AttachUserData', 'UpdateUserData', 'DeleteUserData', 'Leave', 'LeaveAndComplete', 'Transfer', 'Invite', 'Consult'], userData: {},
};
// CustomerChatGetChat and CustomerChatResource 8.5.2.
const CUSTOMER_CAPS = ['SendMessage', 'SendStartTypingNotification', 'SendStopTypingNotification', 'Complete'];
const WAITING = { chat: { capabilities: CUSTOMER_CAPS, id: '652492d9-c2d9-44c9-b9ad-0ab7984114bb', participants: [{ nickname: 'Chris', participantId: '1', type: 'Customer' }], state: 'WaitingForAgent' }, statusCode: 0 };
// CustomerChatGetMessages.
const TRANSCRIPT = {
  messages: [
    { from: { nickname: 'Chris', participantId: '1', type: 'Customer' }, index: 1, type: 'ParticipantJoined' },
    { from: { nickname: 'Chris', participantId: '1', type: 'Customer' }, index: 2, text: 'Hello?', type: 'Text' },
    { from: { nickname: 'Kristi Sippola', participantId: '2', type: 'Agent' }, index: 3, type: 'ParticipantJoined' },
  ],
  statusCode: 0,
};

describe('documented samples of the Chat API pages validate', () => {
  const cases: [string, string, unknown][] = [
    ['ChatAccept 8.5.2, StatusChange', notification('chat-state-change'), wrapped(ACCEPTED)],
    ['ChatAccept 8.5.2, ParticipantsUpdated', notification('chat-state-change'), wrapped(PARTICIPANTS)],
    ['ChatLeave 8.6.0, LeftChat', notification('chat-state-change'), wrapped({ messageType: 'ChatStateChangeMessage', referenceId: 17, notificationType: 'StatusChange', chat: { state: 'LeftChat', capabilities: ['Transfer', 'Complete', 'Leave', 'InFocus'], id: '0000Na9B26EF002X', uri: 'http://localhost:8080/api/v2/chats/0000Na9B26EF002X' } })],
    ['ChatUpdateUserData 8.6.0, PropertiesUpdated', notification('chat-state-change'), wrapped(UPDATED)],
    ['ChatSend latest', notification('message-log-updated'), wrapped(SENT)],
    ['ChatSendCustomNotice 8.5.2DRAFT', notification('message-log-updated'), wrapped(NOTICE)],
    ['ChatSendStartTypingNotification 8.5.2', notification('message-log-updated'), wrapped({ ...SENT, messages: [{ index: 4, from: SENT.messages[0]?.from, timestamp: '2014-01-09 12:13:15.009+0200', visibility: 'All', type: 'TypingStarted', timestampSeconds: 1389262395009 }] })],
    ['any chat message is a GWS notification', notification('message'), wrapped(SENT)],
    ['ChatAccept request', byId('post-me-chats-id').requestSchema ?? '', { operationName: 'Accept', nickname: 'agent-nickname' }],
    ['ChatSend request', byId('post-me-chats-id').requestSchema ?? '', { operationName: 'SendMessage', text: 'How may I help you?', messageType: 'Greeting' }],
    ['ChatSingleStepTransfer to an agent', byId('post-me-chats-id').requestSchema ?? '', { operationName: 'Transfer', targetUri: 'http://localhost:8080/api/v2/users/e62d21e405a04274bd6bbcaf78bd8c38' }],
    ['ChatSingleStepTransfer to a queue', byId('post-me-chats-id').requestSchema ?? '', { operationName: 'Transfer', queueName: 'test-queue' }],
    ['ChatComplete with a queue', byId('post-me-chats-id').requestSchema ?? '', { operationName: 'Complete', queueName: 'PostProcessingQueue' }],
    ['ChatSendCustomNotice request', byId('post-me-chats-id').requestSchema ?? '', { operationName: 'SendCustomNotice', noticeText: 'This is a custom notice' }],
    ['ChatRemoveParticipantFromConference request', byId('post-me-chats-id').requestSchema ?? '', { operationName: 'RemoveParticipantFromConference', targetUri: 'http://10.10.15.212:9090/api/v2/users/c30d06daa1ea43b8be79f9b071f30d70' }],
    ['ChatDeleteUserData request', byId('post-me-chats-id').requestSchema ?? '', { operationName: 'DeleteUserData', keys: ['UserData1'] }],
    ['ChatSetDisposition request', byId('post-me-chats-id').requestSchema ?? '', { operationName: 'SetDisposition', dispositionKey: 'DispositionCode', disposition: 'IssueResolved' }],
    ['CustomerChatRequestChat request', byId('post-chats').requestSchema ?? '', { operationName: 'RequestChat', nickname: 'Chris', subject: 'Question...', userData: { key: 'value', key1: 'value1' } }],
    ['CustomerChatSendMessage request', byId('post-chats-id').requestSchema ?? '', { operationName: 'SendMessage', text: 'Hello?' }],
    ['CustomerChatComplete request', byId('post-chats-id').requestSchema ?? '', { operationName: 'Complete' }],
  ];
  it.each(cases)('%s', (_name, schemaId, value) => {
    expect(summary(contracts.validate(schemaId, value))).toEqual([]);
  });

  it('the answers of both APIs as the pages print them', () => {
    for (const [id, body] of [
      ['post-me-chats-id', { statusCode: 0 }],
      ['get-me-chats', { statusCode: 0, chats: [LISTED] }],
      ['post-chats', { id: '652492d9-c2d9-44c9-b9ad-0ab7984114bb', statusCode: 0, path: '/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb' }],
      ['get-chats-id', WAITING],
      ['get-chats-id', { chat: { ...WAITING.chat, participants: [{ nickname: 'Kristi Sippola', participantId: '2', type: 'Agent' }, ...WAITING.chat.participants], state: 'Chatting' }, statusCode: 0 }],
      ['get-chats-id-messages', TRANSCRIPT],
      ['post-chats-id', { statusCode: 0 }],
    ] as const) {
      expect(contracts.judge(byId(id), observed(body)).violations, id).toEqual([]);
    }
  });
});

describe('documentation slips of the chat pages grade as drift, never a crash or a silent pass', () => {
  it('ChatReject prints {"status":0}: no statusCode breaks the envelope', () => {
    const verdict = contracts.judge(byId('post-me-chats-id'), observed({ status: 0 }));
    expect(verdict).toMatchObject({ ok: false, outcome: 'schema_violation', statusCode: null });
    expect(verdict.violations.map((v) => `${v.kind} ${v.keyword} ${v.grade}`)).toContain('envelope required breaking');
  });

  it('ChatReject prints the chat uri with spaces ("http: //localhost: 8080/..."): not a URI, it breaks', () => {
    const rejected = { referenceId: 5, chat: { participants: [], state: 'Completed', id: '0000Wa9CAM6W00FF', uri: 'http: //localhost: 8080/api/v2/chats/0000Wa9CAM6W00FF' }, notificationType: 'StatusChange', messageType: 'ChatStateChangeMessage' };
    const violations = contracts.validate(notification('chat-state-change'), wrapped(rejected));
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.every((v) => v.grade === 'breaking' && v.pointer === '/data/chat/uri')).toBe(true);
    expect(contracts.validate(notification('chat-state-change'), wrapped({ ...rejected, chat: { ...rejected.chat, uri: 'http://localhost:8080/api/v2/chats/0000Wa9CAM6W00FF' } }))).toEqual([]);
  });

  it('timestampSeconds printed as a Java long (1389261492035L) is no JSON: as a body it is an http_error, as a string it breaks', () => {
    const printed = '{"statusCode":0,"messages":[{"index":3,"from":{"nickname":"TestName","type":"Agent","participantId":"007352CE72D50290"},"text":"How may I help you?","type":"Text","timestampSeconds":1389261492035L}]}';
    expect(() => JSON.parse(printed) as unknown).toThrow();
    const verdict = contracts.judge(byId('get-me-chats-id-messages'), observed(undefined, printed));
    expect(verdict).toMatchObject({ ok: false, outcome: 'http_error' });
    expect(verdict.violations[0]?.message).toMatch(/^response body is not JSON/);
    const asString = { ...SENT, messages: [{ ...SENT.messages[0], timestampSeconds: '1389261492035L' }] };
    expect(summary(contracts.validate(notification('message-log-updated'), wrapped(asString)))).toEqual(['breaking type /data/messages/0/timestampSeconds']);
  });

  it('a sample printed without the data wrapper and the channel breaks the message shape', () => {
    expect(summary(contracts.validate(notification('message-log-updated'), SENT))).toEqual(['breaking required /channel', 'breaking required /data']);
    expect(summary(contracts.validate(notification('chat-state-change'), ACCEPTED))).toEqual(['breaking required /channel', 'breaking required /data']);
  });

  it('the state rules hold: a Completed or Idle chat offers nothing; a Text entry carries its text', () => {
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/chat.json`, { id: 'c', state: 'Completed', capabilities: ['SendMessage'] }))).toEqual(['breaking maxItems /capabilities']);
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/chat.json`, { id: 'c', state: 'Idle', capabilities: ['Complete'] }))).toEqual(['breaking maxItems /capabilities']);
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/chat-message.json`, { index: 1, from: AGENT, type: 'Text' }))).toEqual(['breaking required /text']);
    // A new state, capability or message type is additive drift, not a break.
    expect(summary(contracts.validate(`${SCHEMA_BASE}common/chat.json`, { id: 'c', state: 'Consulting', capabilities: ['Whisper'] }))).toEqual([
      'additive enum /state',
      'additive enum /capabilities/0',
    ]);
  });

  it('requests: a parameter an operation does not take, or one it needs, is refused', () => {
    const agent = byId('post-me-chats-id').requestSchema ?? '';
    for (const body of [
      { operationName: 'Accept' },
      { operationName: 'Reject', text: 'no' },
      { operationName: 'Transfer' },
      { operationName: 'Complete', messageType: 'Bye' },
      { operationName: 'SendMessage', text: 'x', treatAs: 'Loud' },
      { operationName: 'DeleteUserData', userData: { a: 1 } },
    ]) {
      expect(contracts.validate(agent, body), JSON.stringify(body)).not.toEqual([]);
    }
    expect(contracts.validate(byId('post-chats').requestSchema ?? '', { operationName: 'RequestChat', nickname: 'Chris' })).not.toEqual([]);
  });
});

describe('chat catalog', () => {
  it('lists the agent\'s and the customer\'s endpoints once each, tagged chat and multimedia', () => {
    expect(CHAT_CATALOG.map((o) => `${o.method} ${o.path}`)).toEqual([
      'GET /me/chats', 'GET /me/chats/{id}/messages', 'POST /me/chats/{id}', 'POST /chats', 'GET /chats/{id}', 'GET /chats/{id}/messages', 'POST /chats/{id}',
    ]);
    for (const o of CHAT_CATALOG) {
      expect(CATALOG.filter((c) => c.id === o.id), o.id).toEqual([o]);
      expect(o.tags, o.id).toEqual(expect.arrayContaining(['chat', 'multimedia']));
      // Whatever addresses one chat needs a chat offered first.
      expect(o.tags.includes(NEEDS_CHAT), o.id).toBe(o.path.includes('{id}'));
      expect(o.summary, o.id).toMatch(/\[[^\]]+\]$/);
      if (o.identity === 'none') expect(o.example.headers, o.id).toEqual({ ContactCenterId: expect.any(String) as unknown });
    }
    const ids = new Set(contracts.schemaIds());
    for (const id of CHAT_NOTIFICATION_SCHEMAS) expect(ids.has(id), id).toBe(true);
  });

  it('names, for every chat operation of the request schema, the message that shows its outcome', () => {
    const request = contracts.validate(byId('post-me-chats-id').requestSchema ?? '', { operationName: 'none' });
    expect(request.length).toBeGreaterThan(0);
    for (const [name, outcome] of Object.entries(CHAT_OUTCOMES)) {
      expect(outcome.topic, name).toBe('/v2/me/chats');
      expect(CHAT_NOTIFICATION_SCHEMAS, name).toContain(outcome.schema);
    }
    expect(Object.keys(CHAT_OUTCOMES).sort()).toEqual([
      'Accept', 'AttachUserData', 'Complete', 'DeleteUserData', 'Leave', 'Reject', 'RemoveParticipantFromConference', 'SendCustomNotice', 'SendMessage',
      'SendStartTypingNotification', 'SendStopTypingNotification', 'SetDisposition', 'Transfer', 'UpdateUserData',
    ]);
  });
});
