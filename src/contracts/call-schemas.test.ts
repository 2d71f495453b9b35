import { describe, expect, it } from 'vitest';
import { CALL_CATALOG } from './catalog-calls.ts';
import { loadContracts } from './load.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import type { ObservedResponse, Operation, Violation } from './types.ts';

// Documented samples of the Voice API pages, copied as printed (the mixed-case Offline id too).
const contracts = loadContracts();
const DEVICE_URI = 'http://127.0.0.1:8080/api/v2/devices/631608b3-ceb1-472b-ba05-2ae39555b0d1';
const ENVIRONMENT = 'http://127.0.0.1:8080/api/v2/voice-environments/370ef5e6-9e3c-4d91-9588-7f4dfe67e011';
const READY = { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' };
const NOT_READY = { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' };
const OFFLINE = { id: '0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB', displayName: 'Offline', state: 'LoggedOut' };
const PARTY = (n: string) => ({ e164Number: '', formattedPhoneNumber: n, phoneNumber: n, digits: n });
const USER_DATA_CAPS = ['DeleteUserData', 'AttachUserData', 'DeleteUserDataPair', 'Hangup', 'UpdateUserData'];

function call(id: string, state: string, capabilities: string[], extra: Record<string, unknown> = {}) {
  return {
    id, state, callUuid: id, connId: '007102719260b004', deviceUri: DEVICE_URI, participants: [PARTY('15002')],
    dnis: '15002', callType: 'Internal', capabilities, duration: '0', mute: 'Off',
    supervisorListeningIn: false, monitoredUserMuted: false, monitoring: false,
    uri: `http://127.0.0.1:8080/api/v2/me/calls/${id}`, path: `/calls/${id}`, ...extra,
  };
}
function callMessage(notificationType: string, c: unknown, extra: Record<string, unknown> = {}) {
  return { data: { notificationType, call: c, phoneNumber: '15000', extensions: { BusinessCall: 0 }, messageType: 'CallStateChangeMessage', ...extra }, channel: '/v2/me/calls' };
}
function device(doNotDisturb: string, capabilities: string[], extra: Record<string, unknown> = {}) {
  return {
    id: 'efe1ab32-53f9-43ce-b65e-5768c61f7d4a', deviceState: 'Active', userState: READY, phoneNumber: '5005',
    e164Number: '5005', telephonyNetwork: 'Private', doNotDisturb, voiceEnvironmentUri: ENVIRONMENT, capabilities, ...extra,
  };
}
const deviceMessage = (d: unknown) => ({ data: { messageType: 'DeviceStateChangeMessage', devices: [d] }, channel: '/v2/me/devices' });
const channelMessage = (channel: string, userState: unknown) => ({
  channel: '/v2/me/channels',
  data: { channels: [{ channel, dndState: 'Off', userState }], messageType: 'ChannelStateChangeMessageV2' },
});

const DIALING = call('012PUFMMS0ASNAK48O7GK2LAES000004', 'Dialing', ['SendDtmf', ...USER_DATA_CAPS]);
const HELD = call('012PUFMMS0ASNAK48O7GK2LAES00000I', 'Held', ['SingleStepTransfer', 'InitiateConference', 'Retrieve', 'SingleStepConference', 'InitiateTransfer', ...USER_DATA_CAPS], { duration: '30', dnis: '15000', participants: [PARTY('15001')] });
const ESTABLISHED = call('012PUFMMS0ASNAK48O7GK2LAES00000J', 'Established', ['SingleStepTransfer', 'InitiateConference', 'Hold', 'SingleStepConference', 'InitiateTransfer', 'SendDtmf', ...USER_DATA_CAPS], { duration: '27' });
const PAUSED = call('01RCC3N118B1V0SL8O7GK2LAES00000V', 'Established', ['UpdateUserData', 'SendDtmf', 'InitiateConference', 'Hold', 'SingleStepTransfer', 'InitiateTransfer', 'AttachUserData', 'DeleteUserDataPair', 'SingleStepConference', 'DeleteUserData', 'Hangup', 'ResumeCallRecording', 'StopCallRecording'], { userData: { GSIP_RECORD: 'PAUSED' }, duration: '498', recordingState: 'Paused' });
const TRANSFER_HELD = call('01RCC3N118B1V0SL8O7GK2LAES00000M', 'Held', ['UpdateUserData', 'SwapCalls', 'InitiateConference', 'SingleStepTransfer', 'InitiateTransfer', 'AttachUserData', 'DeleteUserDataPair', 'SingleStepConference', 'DeleteUserData', 'Hangup', 'CompleteTransfer']);
// CallsReject latest: the rejected call, Released with no capabilities, delivered through queue 9000.
const REJECTED = call('013V08JRL498H1OI04000VTAES00000I', 'Released', [], { connId: '0071023821aec012', participants: [PARTY('5005')], dnis: '9000', duration: '5' });
// RemoveParticipantFromConference latest: the owner's call, one party left, with its whole capability list.
const LEFT_WITH_ONE = call('01RCC3N118B1V0SL8O7GK2LAES00000O', 'Established', [
  'UpdateUserData', 'SendDtmf', 'InitiateConference', 'Hold', 'SingleStepTransfer', 'InitiateTransfer', 'AttachUserData', 'DeleteUserDataPair', 'SingleStepConference', 'DeleteUserData', 'Hangup',
], { connId: '0071027198180018', participants: [PARTY('15002')], dnis: '15001', duration: '43' });
// StartCallRecording 8.5.2, revision of 2015-08-28: participants as strings plus participantsInfo, no path.
const CALL_2015 = {
  id: '00RV9H7S6O8V3BSHAG7GK2LAES00002M', connId: '0071022ec8ac8056', state: 'Established', callUuid: '00RV9H7S6O8V3BSHAG7GK2LAES00002M',
  deviceUri: 'http://127.0.0.1:8080/api/v2/devices/55b8023d-573d-48d3-b4ac-e29ba3c5861d',
  uri: 'http://127.0.0.1:8080/api/v2/me/calls/00RV9H7S6O8V3BSHAG7GK2LAES00002M',
  participants: ['5000'],
  participantsInfo: [{ country: { name: '', code: '', callingCode: '' }, formattedPhoneNumber: '5000', location: null, E164digits: '5000', isValidNumber: false }],
  ani: '5000', dnis: '5001', callType: 'Internal',
  capabilities: ['DeleteUserDataPair', 'SingleStepTransfer', 'InitiateConference', 'InitiateTransfer', 'UpdateUserData', 'Hold', 'Hangup', 'DeleteUserData', 'SingleStepConference', 'SendDtmf', 'AttachUserData', 'PauseCallRecording', 'StopCallRecording'],
  userData: { GSIP_RECORD: 'ON' }, duration: '106', mute: 'Off', recordingState: 'Recording',
};

const notification = (name: string) => `${SCHEMA_BASE}notifications/${name}.json`;
const common = (name: string) => `${SCHEMA_BASE}common/${name}.json`;
const summary = (violations: readonly Violation[]) => violations.map((v) => `${v.grade} ${v.keyword} ${v.pointer}`);
const byId = (id: string): Operation => {
  const op = CALL_CATALOG.find((o) => o.id === id);
  if (op === undefined) throw new Error(`no call catalog entry ${id}`);
  return op;
};
function observed(body: unknown): ObservedResponse {
  return { httpStatus: 200, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(body), body, durationMs: 5 };
}

describe('documented samples of the Voice API pages validate', () => {
  const cases: [string, string, unknown][] = [
    ['CallsDial 8.5.2 notification', notification('call-state-change'), callMessage('StatusChange', DIALING)],
    ['CallsHold latest notification', notification('call-state-change'), callMessage('StatusChange', HELD)],
    ['CallsSendDTMF 8.5.2 notification', notification('call-state-change'), callMessage('DtmfSent', ESTABLISHED)],
    ['CallRecordingPauseCallRecording 8.6.0 notification', notification('call-state-change'), { data: { notificationType: 'CallRecordingStateChange', call: PAUSED, phoneNumber: '15000', messageType: 'CallStateChangeMessage' }, channel: '/v2/me/calls' }],
    ['InitiateTransfer latest, the held call', notification('call-state-change'), callMessage('StatusChange', TRANSFER_HELD)],
    ['AttachUserData result', notification('call-state-change'), callMessage('AttachedDataChanged', { ...ESTABLISHED, userData: { UserData1: 'DATA1', UserData2: 123456789 } })],
    ['CallsReject latest notification', notification('call-state-change'), callMessage('StatusChange', REJECTED, { phoneNumber: '5001', extensions: { WrapUpTime: 0, BusinessCall: 0 } })],
    ['CallsSetCallDisposition 8.5.2 notification', notification('call-state-change'), callMessage('AttachedDataChanged', { ...LEFT_WITH_ONE, participants: [PARTY('15001')], dnis: '15000', userData: { DispositionCode: 'Referred' } })],
    ['RemoveParticipantFromConference latest notification', notification('call-state-change'), callMessage('ParticipantsUpdated', LEFT_WITH_ONE)],
    ['AgentStateDoNotDisturbOn latest', notification('device-dnd-change'), deviceMessage(device('On', ['DoNotDisturbOff', 'ForwardCallsOn', 'ListenIn', 'Coach', 'BargeIn']))],
    ['AgentStateDoNotDisturbOff 8.5.2', notification('device-dnd-change'), deviceMessage(device('Off', ['ForwardCallsOn', 'DoNotDisturbOn', 'ListenIn', 'Coach', 'BargeIn']))],
    ['ForwardCallsOn latest', notification('device-forwarding-change'), deviceMessage(device('Off', ['ForwardCallsOff', 'DoNotDisturbOn', 'ListenIn', 'Coach', 'BargeIn'], { forwardTo: '5001' }))],
    ['SupervisorListenIn 8.5.2', notification('device-state-change'), deviceMessage(device('On', ['ForwardCallsOn', 'DoNotDisturbOff', 'ListenIn', 'Coach', 'BargeIn', 'CancelSupervisorMonitoring'], {
      userState: NOT_READY,
      supervisorMonitoringState: { state: 'ListenIn', mode: 'AllCalls', scope: 'Call', targetDeviceUri: 'http://127.0.0.1:8080/api/v2/devices/9c14cad7-17c4-48d0-8492-7cf0ff92c224' },
    }))],
    ['AgentStateControlNotReady 8.5.2', notification('channel-state-change-v2'), channelMessage('email', NOT_READY)],
    ['AgentStateControlOffline latest', notification('channel-state-change-v2'), { channel: '/v2/me/channels', data: { channels: [{ channel: 'chat', userState: OFFLINE }], messageType: 'ChannelStateChangeMessageV2' } }],
    ['a ChannelStateChangeMessageV2 also meets the older channel schema', notification('channels-state-change'), channelMessage('chat', READY)],
    ['Voice ErrorMessage', notification('voice-error'), { channel: '/v2/me/calls', data: { messageType: 'ErrorMessage', errorMessage: 'Voice service is not available at this time', errorCode: 4 } }],
    ['DevicesAttribs: localNumber, forwardTo, monitoring capabilities', common('device'), device('Off', ['ForwardCallsOff', 'DoNotDisturbOn', 'MuteMonitoredUser', 'UnmuteMonitoredUser'], { forwardTo: '5001', localNumber: '5005', type: 'ACDPosition' })],
    ['the Offline userState object', common('user-state'), OFFLINE],
    ['ROLE_APIUSER', common('role'), 'ROLE_APIUSER'],
    ['a multimedia ack with referenceId', `${SCHEMA_BASE}operations/post-me-channels-chat.response.json`, { statusCode: 0, referenceId: 7 }],
  ];
  it.each(cases)('%s', (_name, schemaId, value) => {
    expect(summary(contracts.validate(schemaId, value))).toEqual([]);
  });

  it('the read responses wrap one call, device or skill', () => {
    const skill = { id: '1b6e4d2a-7c3f-4e5a-9b8d-0f1e2d3c4b5a', name: 'Might', level: '0' };
    for (const [id, body] of [
      ['get-me-calls-id', { statusCode: 0, call: HELD }],
      ['get-me-devices-id', { statusCode: 0, device: device('Off', ['DoNotDisturbOn', 'ForwardCallsOn']) }],
      ['get-users-id-skills-skillid', { statusCode: 0, skill }],
    ] as const) {
      expect(contracts.judge(byId(id), observed(body)).violations, id).toEqual([]);
    }
  });
});

describe('the 2015 call shape grades as drift', () => {
  it('in a GET: participants as strings and no path break, participantsInfo is additive; nothing throws', () => {
    const verdict = contracts.judge(byId('get-me-calls-id'), observed({ statusCode: 0, call: CALL_2015 }));
    expect(verdict).toMatchObject({ ok: false, outcome: 'schema_violation' });
    expect(summary(verdict.violations)).toEqual([
      'breaking required /call/path',
      'additive additionalProperties /call/participantsInfo',
      'breaking type /call/participants/0',
    ]);
  });

  it('in a notification, the same way', () => {
    const violations = contracts.validate(notification('call-state-change'), callMessage('CallRecordingStateChange', CALL_2015));
    expect(violations.filter((v) => v.grade === 'breaking').map((v) => v.pointer)).toEqual(['/data/call/path', '/data/call/participants/0']);
  });
});

describe('state rules of calls and devices', () => {
  it('a Held call that still offers Hold breaks the documented rule, with the rule in the message', () => {
    const violations = contracts.validate(common('call'), { ...HELD, capabilities: [...HELD.capabilities, 'Hold'] });
    expect(summary(violations)).toEqual(['breaking not /capabilities']);
    expect(violations[0]?.message).toBe('value /capabilities: breaks the rule: a Held call does not offer Hold [CallsHold]');
  });

  it('an Established call must offer Hold and not Retrieve; a Released call offers nothing', () => {
    expect(summary(contracts.validate(common('call'), { ...ESTABLISHED, capabilities: ['Retrieve', 'Hangup'] }))).toEqual([
      'breaking not /capabilities',
      'breaking contains /capabilities',
    ]);
    expect(summary(contracts.validate(common('call'), { ...ESTABLISHED, state: 'Released', capabilities: ['Hangup'] }))).toEqual(['breaking maxItems /capabilities']);
  });

  it('a device with do-not-disturb On offers DoNotDisturbOff; a forwarding device offers ForwardCallsOff', () => {
    expect(summary(contracts.validate(common('device'), device('On', ['DoNotDisturbOn'])))).toEqual([
      'breaking not /capabilities',
      'breaking contains /capabilities',
    ]);
    expect(summary(contracts.validate(common('device'), device('Off', ['ForwardCallsOn'], { forwardTo: '5001' })))).toEqual([
      'breaking not /capabilities',
      'breaking contains /capabilities',
    ]);
    expect(summary(contracts.validate(notification('device-dnd-change'), deviceMessage(device('Off', ['ForwardCallsOn']))))).toEqual([
      'breaking contains /data/devices/0/capabilities',
    ]);
  });

  it('the string statusCode of the supervisor pages is a documentation slip that breaks the envelope', () => {
    const verdict = contracts.judge(byId('post-users-id-channels-channel'), observed({ statusCode: '0' }));
    expect(verdict.ok).toBe(false);
    expect(verdict.violations.map((v) => `${v.kind} ${v.keyword} ${v.pointer}`)).toContain('envelope type /statusCode');
  });

  it('an exact call or device ack refuses a referenceId; the multimedia ack refuses anything else', () => {
    for (const id of ['post-me-calls-id', 'post-me-devices-id', 'post-me-devices-id-calls']) {
      expect(summary(contracts.judge(byId(id), observed({ statusCode: 0, referenceId: 7 })).violations), id).toEqual(['breaking additionalProperties /referenceId']);
    }
    const chat = `${SCHEMA_BASE}operations/post-me-channels-chat.response.json`;
    expect(summary(contracts.validate(chat, { statusCode: 0, referenceId: 7, extra: 1 }))).toEqual(['breaking additionalProperties /extra']);
    expect(summary(contracts.validate(chat, { statusCode: 0, referenceId: '7' }))).toEqual(['breaking type /referenceId']);
  });
});
