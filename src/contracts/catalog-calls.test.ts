import { describe, expect, it } from 'vitest';
import { CALL_OUTCOMES, DEVICE_OUTCOMES, SUPERVISOR_OUTCOMES, outcomeOfRequest } from './call-outcomes.ts';
import { CATALOG, operationId } from './catalog.ts';
import { CALL_CATALOG, CALL_NOTIFICATION_SCHEMAS } from './catalog-calls.ts';
import { loadContracts } from './load.ts';
import { pathParams } from './paths.ts';

const contracts = loadContracts();
const op = (id: string) => {
  const found = CALL_CATALOG.find((o) => o.id === id);
  if (found === undefined) throw new Error(`no call catalog entry ${id}`);
  return found;
};
const requestOf = (id: string) => op(id).requestSchema ?? '';

describe('call catalog', () => {
  it('lists every call, device and supervisor operation once, each in the main catalog once', () => {
    expect(CALL_CATALOG.map((o) => `${o.method} ${o.path}`)).toEqual([
      'GET /me/devices/{id}',
      'POST /me/devices/{id}',
      'POST /me/devices/{id}/calls',
      'GET /me/calls/{id}',
      'POST /me/calls/{id}',
      'POST /users/{id}/channels/{channel}',
      'GET /users/{id}/skills/{skillId}',
    ]);
    expect(CALL_CATALOG.map((o) => o.id)).toEqual(CALL_CATALOG.map((o) => operationId(o.method, o.path)));
    for (const o of CALL_CATALOG) expect(CATALOG.filter((c) => c.id === o.id), o.id).toEqual([o]);
    expect(new Set(CATALOG.map((o) => o.id)).size).toBe(CATALOG.length);
  });

  it('marks every POST state-changing (never probed unless opted in) and tags the area', () => {
    for (const o of CALL_CATALOG) {
      expect(o.readOnly, o.id).toBe(o.method === 'GET');
      expect(o.tags.includes('changes-state'), o.id).toBe(o.method === 'POST');
      expect(o.tags.some((t) => t === 'call' || t === 'device' || t === 'supervisor' || t === 'admin'), o.id).toBe(true);
      expect(o.statusCodes, o.id).toEqual(expect.arrayContaining([0, 6, 20]));
      expect(o.summary, o.id).toMatch(/\[[^\]]+\]$/);
    }
    expect(op('post-users-id-channels-channel').identity).toBe('admin');
    expect(op('post-me-devices-id').tags).toEqual(expect.arrayContaining(['device', 'supervisor']));
  });

  it('names existing schemas, each response built on the envelope, and finds every path parameter', () => {
    const ids = new Set(contracts.schemaIds());
    for (const o of CALL_CATALOG) {
      for (const id of [o.responseSchema, ...(o.requestSchema === undefined ? [] : [o.requestSchema])]) expect(ids.has(id), id).toBe(true);
      for (const name of pathParams(o.path)) {
        expect(o.example.params?.[name] ?? o.paramSources?.[name], `${o.id} {${name}}`).toBeDefined();
      }
    }
    for (const id of CALL_NOTIFICATION_SCHEMAS) expect(ids.has(id), id).toBe(true);
  });

  it('has example bodies that meet their request schemas', () => {
    for (const o of CALL_CATALOG.filter((c) => c.requestSchema !== undefined)) {
      expect(contracts.validate(o.requestSchema ?? '', o.example.body), o.id).toEqual([]);
    }
  });
});

describe('expected outcomes', () => {
  it('name an existing notification schema for every operation the request schemas accept', () => {
    const ids = new Set(contracts.schemaIds());
    const operationsOf = (id: string): string[] => {
      const names: string[] = [];
      for (const name of ['Dial', ...Object.keys(CALL_OUTCOMES), ...Object.keys(DEVICE_OUTCOMES), ...Object.keys(SUPERVISOR_OUTCOMES), 'Nope']) {
        const body = { operationName: name };
        if (!contracts.validate(requestOf(id), body).some((v) => v.pointer === '/operationName')) names.push(name);
      }
      return names;
    };
    expect(operationsOf('post-me-calls-id').sort()).toEqual(Object.keys(CALL_OUTCOMES).filter((n) => n !== 'Dial').sort());
    expect(operationsOf('post-me-devices-id').sort()).toEqual(Object.keys(DEVICE_OUTCOMES).sort());
    expect(operationsOf('post-users-id-channels-channel').sort()).toEqual(Object.keys(SUPERVISOR_OUTCOMES).sort());
    for (const outcome of [...Object.values(CALL_OUTCOMES), ...Object.values(DEVICE_OUTCOMES), ...Object.values(SUPERVISOR_OUTCOMES)]) {
      expect(ids.has(outcome.schema), outcome.schema).toBe(true);
    }
  });
});

describe('the outcome of one request', () => {
  it('takes the pointer and the value a request names: a disposition shows under its dispositionKey', () => {
    const outcome = CALL_OUTCOMES['SetCallDisposition'] ?? fail();
    expect(outcomeOfRequest(outcome, { operationName: 'SetCallDisposition', disposition: 'Referred', dispositionKey: 'DispositionCode' }).shows)
      .toEqual({ pointer: '/userData/DispositionCode', value: 'Referred' });
    // Under the server's own key the attribute is unknown: only the message is expected.
    expect(outcomeOfRequest(outcome, { operationName: 'SetCallDisposition', disposition: 'Referred' })).toEqual({ topic: '/v2/me/calls', schema: outcome.schema, notificationType: 'AttachedDataChanged' });
    expect(outcomeOfRequest(DEVICE_OUTCOMES['ForwardCallsOn'] ?? fail(), { destination: '5001' }).shows).toEqual({ pointer: '/forwardTo', value: '5001' });
    expect(outcomeOfRequest(CALL_OUTCOMES['Hold'] ?? fail(), {})).toEqual(CALL_OUTCOMES['Hold']);
    expect(outcomeOfRequest(CALL_OUTCOMES['StopCallRecording'] ?? fail(), {}).shows).toEqual({ pointer: '/recordingState', value: null });
  });
});

describe('request schemas of call control', () => {
  const valid: [string, unknown][] = [
    ['post-me-devices-id-calls', { operationName: 'Dial', destination: { phoneNumber: '15002' } }],
    ['post-me-devices-id-calls', { operationName: 'Dial', destination: { phoneNumber: '15002' }, location: 'SIP_Switch', userData: { a: 1 }, outboundCallerId: '5000' }],
    ...['Answer', 'Reject', 'Hangup', 'Hold', 'Retrieve', 'CompleteTransfer', 'CompleteConference', 'DeleteUserData', 'StartCallRecording', 'StopCallRecording', 'PauseCallRecording', 'ResumeCallRecording'].map(
      (name): [string, unknown] => ['post-me-calls-id', { operationName: name }],
    ),
    ['post-me-calls-id', { operationName: 'SingleStepTransfer', destination: { phoneNumber: '5001' } }],
    ['post-me-calls-id', { operationName: 'InitiateTransfer', destination: { phoneNumber: '15002' }, userData: { k: 'v' } }],
    ['post-me-calls-id', { operationName: 'InitiateConference', destination: { phoneNumber: '15002' } }],
    ['post-me-calls-id', { operationName: 'AttachUserData', userData: { UserData1: 'DATA1', UserData2: 123456789 } }],
    ['post-me-calls-id', { operationName: 'UpdateUserData', userData: [{ key: 'Subject', type: 'str', value: 'x' }] }],
    ['post-me-calls-id', { operationName: 'DeleteUserDataPair', key: 'Subject' }],
    ['post-me-calls-id', { operationName: 'SendDtmf', digits: '5' }],
    // The CallsSetCallDisposition 8.5.2 and RemoveParticipantFromConference samples.
    ['post-me-calls-id', {
      operationName: 'SetCallDisposition', callUri: 'http://127.0.0.1:8080/api/v2/calls/01RCC3N118B1V0SL8O7GK2LAES000006',
      callUuid: '01RCC3N118B1V0SL8O7GK2LAES000006', disposition: 'Referred', dispositionKey: 'DispositionCode',
    }],
    ['post-me-calls-id', { operationName: 'SetCallDisposition', disposition: 'Referred' }],
    ['post-me-calls-id', { operationName: 'RemoveParticipantFromConference', participant: '15001' }],
    ['post-me-devices-id', { operationName: 'DoNotDisturbOff' }],
    ['post-me-devices-id', { operationName: 'ForwardCallsOn', destination: '5001' }],
    ['post-me-devices-id', { operationName: 'ForwardCallsOff' }],
    ['post-me-devices-id', { operationName: 'ListenIn', targetDeviceUri: 'http://localhost:8080/api/v2/devices/9c14cad7-17c4-48d0-8492-7cf0ff92c224' }],
    ['post-me-devices-id', { operationName: 'Coach', targetDeviceUri: 'http://h/api/v2/devices/x', supervisorMonitoringScope: 'Agent', supervisorMonitoringMode: 'NextCall' }],
    ['post-me-devices-id', { operationName: 'CancelSupervisorMonitoring' }],
    ['post-users-id-channels-channel', { operationName: 'Offline' }],
    ['post-users-id-channels-channel', { operationName: 'Ready' }],
  ];
  it.each(valid)('%s accepts %j', (id, body) => {
    expect(contracts.validate(requestOf(id), body)).toEqual([]);
  });

  const invalid: [string, unknown, string][] = [
    ['post-me-devices-id-calls', { operationName: 'Dial' }, 'required /destination'],
    ['post-me-devices-id-calls', { operationName: 'Dial', destination: '15002' }, 'type /destination'],
    ['post-me-calls-id', {}, 'required /operationName'],
    ['post-me-calls-id', { operationName: 'Reject', participant: '15001' }, 'enum /operationName'],
    ['post-me-calls-id', { operationName: 'SetCallDisposition' }, 'required /disposition'],
    ['post-me-calls-id', { operationName: 'SetCallDisposition', disposition: 'Referred', dispositionKey: '' }, 'minLength /dispositionKey'],
    ['post-me-calls-id', { operationName: 'Hangup', disposition: 'Referred' }, 'enum /operationName'],
    ['post-me-calls-id', { operationName: 'RemoveParticipantFromConference' }, 'required /participant'],
    ['post-me-calls-id', { operationName: 'RemoveParticipantFromConference', participant: 15001 }, 'type /participant'],
    ['post-me-calls-id', { operationName: 'SingleStepTransfer' }, 'required /destination'],
    ['post-me-calls-id', { operationName: 'AttachUserData' }, 'required /userData'],
    ['post-me-calls-id', { operationName: 'DeleteUserDataPair' }, 'required /key'],
    ['post-me-calls-id', { operationName: 'SendDtmf' }, 'required /digits'],
    ['post-me-calls-id', { operationName: 'SendDtmf', digits: '5a' }, 'pattern /digits'],
    ['post-me-calls-id', { operationName: 'SendDtmf', dtmfDigits: '5' }, 'required /digits'],
    ['post-me-calls-id', { operationName: 'Hold', digits: '5' }, 'enum /operationName'],
    ['post-me-devices-id', { operationName: 'ForwardCallsOn' }, 'required /destination'],
    ['post-me-devices-id', { operationName: 'ForwardCallsOn', destination: { phoneNumber: '5001' } }, 'type /destination'],
    ['post-me-devices-id', { operationName: 'ListenIn' }, 'required /targetDeviceUri'],
    ['post-me-devices-id', { operationName: 'Coach', targetDeviceUri: 'http://h/x', supervisorMonitoringMode: 'Always' }, 'enum /supervisorMonitoringMode'],
    ['post-users-id-channels-channel', { operationName: 'AfterCallWork' }, 'enum /operationName'],
  ];
  it.each(invalid)('%s refuses %j', (id, body, expected) => {
    expect(contracts.validate(requestOf(id), body).map((v) => `${v.keyword} ${v.pointer}`)).toContain(expected);
  });

  it('Offline is accepted on every channel of the agent', () => {
    for (const channel of ['voice', 'chat', 'email']) {
      const schema = contracts.operation(`post-me-channels-${channel}`).requestSchema ?? '';
      expect(contracts.validate(schema, { operationName: 'Offline' }), channel).toEqual([]);
    }
  });
});

function fail(): never {
  throw new Error('expected a value');
}
