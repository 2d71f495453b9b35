import { describe, expect, it } from 'vitest';
import { CALL_OUTCOMES, DEVICE_OUTCOMES, outcomeOfRequest, type ExpectedOutcome } from '../../contracts/call-outcomes.ts';
import { loadContracts, SCHEMA_BASE } from '../../contracts/index.ts';
import { CALL_DEFECTS, createCallModel, renderCall, renderCallMessage, renderDeviceControl } from './index.ts';
import type { CallDefect, CallModelEvent, CallSnapshot, Line } from './types.ts';

const ROOT = 'http://127.0.0.1:8080/api/v2';
const A: Line = { userId: 'a'.repeat(32), deviceId: '631608b3-ceb1-472b-ba05-2ae39555b0d1', phoneNumber: '5000', supervisor: false };
const B: Line = { userId: 'b'.repeat(32), deviceId: '74152ed8-858f-4a33-9e96-36213a678d30', phoneNumber: '5001', supervisor: false };
const S: Line = { userId: 'c'.repeat(32), deviceId: 'efe1ab32-53f9-43ce-b65e-5768c61f7d4a', phoneNumber: '5002', supervisor: true };
const TEST = '15002';
const contracts = loadContracts();

function harness(defects: readonly CallDefect[] = []) {
  let now = 1_700_000_000_000;
  const queue: (() => void)[] = [];
  const events: CallModelEvent[] = [];
  const model = createCallModel({
    lines: [A, B, S], clock: { now: () => now }, scheduler: { defer: (task) => queue.push(task) },
    publish: (event) => events.push(event), defects,
  });
  const flush = (): void => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) task();
  };
  /** The call notifications a user received since the last look, as `state notificationType`. */
  const seen = new Map<string, number>();
  const callEvents = (line: Line): { type: string; call: CallSnapshot }[] => {
    const mine = events.flatMap((e) => (e.kind === 'call' && e.userId === line.userId ? [{ type: e.notificationType, call: e.call }] : []));
    const from = seen.get(line.userId) ?? 0;
    seen.set(line.userId, mine.length);
    return mine.slice(from);
  };
  const only = (line: Line): CallSnapshot => {
    const calls = model.calls(line.userId);
    expect(calls).toHaveLength(1);
    return calls[0] as CallSnapshot;
  };
  /** A dials B, B answers: both Established. */
  const connected = (): { a: CallSnapshot; b: CallSnapshot } => {
    model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: { phoneNumber: B.phoneNumber } });
    flush();
    expect(model.control(B.userId, only(B).id, { operationName: 'Answer' })).toEqual({ statusCode: 0 });
    flush();
    return { a: only(A), b: only(B) };
  };
  /** A dials the test number, which answers by itself. */
  const established = (): CallSnapshot => {
    expect(model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: { phoneNumber: TEST } })).toEqual({ statusCode: 0 });
    flush();
    return only(A);
  };
  const op = (line: Line, callId: string, body: Record<string, unknown>) => {
    const outcome = model.control(line.userId, callId, body);
    flush();
    return outcome;
  };
  return { model, events, flush, callEvents, only, connected, established, op, advance: (ms: number) => { now += ms; } };
}

const states = (list: { type: string; call: CallSnapshot }[]) => list.map((e) => `${e.call.state} ${e.type}`);
const validCall = (call: CallSnapshot) =>
  contracts.validate(`${SCHEMA_BASE}notifications/call-state-change.json`, renderCallMessage({ kind: 'call', userId: call.userId, notificationType: 'StatusChange', call }, ROOT, '5000'));

describe('dialling', () => {
  it('acknowledges at once and applies later: Dialing, then the test number answers by itself', () => {
    const h = harness();
    expect(h.model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: { phoneNumber: TEST } })).toEqual({ statusCode: 0 });
    expect(h.events).toEqual([]);
    h.flush();
    expect(states(h.callEvents(A))).toEqual(['Dialing StatusChange', 'Established StatusChange']);
    const call = h.only(A);
    expect(call).toMatchObject({ state: 'Established', callType: 'Internal', dnis: TEST, participants: [{ phoneNumber: TEST }] });
    expect(call.capabilities).toEqual(expect.arrayContaining(['Hold', 'Hangup', 'SendDtmf', 'StartCallRecording']));
    expect(call.capabilities).not.toContain('Retrieve');
    expect(validCall(call)).toEqual([]);
  });

  it('rings the callee\'s device when dialling a seeded user; Answer connects both; Hangup releases both', () => {
    const h = harness();
    h.model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: { phoneNumber: B.phoneNumber } });
    h.flush();
    expect(states(h.callEvents(A))).toEqual(['Dialing StatusChange']);
    const ringing = h.only(B);
    expect(ringing).toMatchObject({ state: 'Ringing', ani: A.phoneNumber, dnis: B.phoneNumber, connId: h.only(A).connId });
    expect(ringing.capabilities).toContain('Answer');
    h.callEvents(B);
    expect(h.op(B, ringing.id, { operationName: 'Answer' })).toEqual({ statusCode: 0 });
    expect(states(h.callEvents(B))).toEqual(['Established StatusChange']);
    expect(states(h.callEvents(A))).toEqual(['Established StatusChange']);
    expect(h.op(A, h.only(A).id, { operationName: 'Hangup' })).toEqual({ statusCode: 0 });
    expect(states(h.callEvents(A))).toEqual(['Released StatusChange']);
    expect(states(h.callEvents(B))).toEqual(['Released StatusChange']);
    expect(h.model.calls(A.userId)).toEqual([]);
    expect(h.model.calls(B.userId)).toEqual([]);
  });

  it('an external number stays Dialing as an Outbound call; an inbound call rings from the control API', () => {
    const h = harness();
    h.model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: { phoneNumber: '+4930123456' }, userData: { case: 7 } });
    h.flush();
    expect(h.only(A)).toMatchObject({ state: 'Dialing', callType: 'Outbound', userData: { case: 7 } });
    const rung = h.model.ring(B.deviceId, '+15551234567', { queue: 'sales' });
    expect(rung.statusCode).toBe(0);
    expect(h.model.call(B.userId, rung.callId ?? '')).toMatchObject({ state: 'Ringing', callType: 'Inbound', ani: '+15551234567', userData: { queue: 'sales' } });
    expect(h.model.ring('no-such-device', '1')).toMatchObject({ statusCode: 6 });
  });

  it('refuses a bad Dial: missing destination 1, bad destination 10, unknown or foreign device 6', () => {
    const h = harness();
    expect(h.model.dial(A.userId, A.deviceId, { operationName: 'Dial' })).toMatchObject({ statusCode: 1 });
    expect(h.model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: '15002' })).toMatchObject({ statusCode: 10 });
    expect(h.model.dial(A.userId, A.deviceId, {})).toMatchObject({ statusCode: 1 });
    expect(h.model.dial(A.userId, A.deviceId, { operationName: 'Call' })).toMatchObject({ statusCode: 2 });
    expect(h.model.dial(A.userId, B.deviceId, { operationName: 'Dial', destination: { phoneNumber: TEST } })).toMatchObject({ statusCode: 6 });
    h.flush();
    expect(h.events).toEqual([]);
  });
});

describe('the state machine decides which operation is valid', () => {
  it('Hold gives Held with Retrieve and no Hold; Retrieve gives Established again', () => {
    const h = harness();
    const call = h.established();
    h.callEvents(A);
    expect(h.op(A, call.id, { operationName: 'Hold' })).toEqual({ statusCode: 0 });
    const [held] = h.callEvents(A);
    expect(held?.call.state).toBe('Held');
    expect(held?.call.capabilities).toContain('Retrieve');
    expect(held?.call.capabilities).not.toContain('Hold');
    expect(validCall(held?.call as CallSnapshot)).toEqual([]);
    expect(h.op(A, call.id, { operationName: 'Hold' })).toMatchObject({ statusCode: 2, statusMessage: expect.stringMatching(/^Hold is not valid for a Held call/) as unknown });
    expect(h.op(A, call.id, { operationName: 'Retrieve' })).toEqual({ statusCode: 0 });
    expect(h.only(A).state).toBe('Established');
  });

  it('refuses wrong-state operations with 2 and unknown or foreign call ids with 6', () => {
    const h = harness();
    const call = h.established();
    expect(h.op(A, call.id, { operationName: 'Answer' })).toMatchObject({ statusCode: 2 });
    expect(h.op(A, call.id, { operationName: 'Retrieve' })).toMatchObject({ statusCode: 2 });
    expect(h.op(A, call.id, { operationName: 'CompleteTransfer' })).toMatchObject({ statusCode: 2 });
    expect(h.op(A, 'NOSUCHCALL', { operationName: 'Hold' })).toMatchObject({ statusCode: 6 });
    expect(h.op(B, call.id, { operationName: 'Hold' })).toMatchObject({ statusCode: 6 });
    h.op(A, call.id, { operationName: 'Hangup' });
    expect(h.op(A, call.id, { operationName: 'Hold' })).toMatchObject({ statusCode: 2, statusMessage: expect.stringContaining('Released') as unknown });
    expect(h.model.call(A.userId, call.id)).toMatchObject({ state: 'Released', capabilities: [] });
  });

  it('refuses bad bodies: no operationName 1, unknown 2, missing digits 1, bad digits 10', () => {
    const h = harness();
    const call = h.established();
    expect(h.op(A, call.id, {})).toMatchObject({ statusCode: 1 });
    expect(h.op(A, call.id, { operationName: 'Park' })).toMatchObject({ statusCode: 2 });
    expect(h.op(A, call.id, { operationName: 'SendDtmf' })).toMatchObject({ statusCode: 1 });
    expect(h.op(A, call.id, { operationName: 'SendDtmf', digits: '12#' })).toMatchObject({ statusCode: 10 });
    expect(h.op(A, call.id, { operationName: 'InitiateTransfer', destination: { number: '1' } })).toMatchObject({ statusCode: 10 });
  });

  it('a transition that became invalid after the ack arrives as an error event', () => {
    const h = harness();
    const call = h.established();
    expect(h.model.control(A.userId, call.id, { operationName: 'Hold' })).toEqual({ statusCode: 0 });
    expect(h.model.control(A.userId, call.id, { operationName: 'Hangup' })).toEqual({ statusCode: 0 });
    h.model.releaseAll(A.userId);
    h.flush();
    expect(h.events.filter((e) => e.kind === 'error')).toEqual([
      { kind: 'error', userId: A.userId, statusCode: 2, message: 'Hold is not valid for a Released call', callId: call.id },
      { kind: 'error', userId: A.userId, statusCode: 2, message: 'Hangup is not valid for a Released call', callId: call.id },
    ]);
  });

  it('reports the duration from the clock', () => {
    const h = harness();
    const call = h.established();
    h.advance(30_500);
    expect(renderCall(h.model.call(A.userId, call.id) as CallSnapshot, ROOT)).toMatchObject({
      duration: '30', uri: `${ROOT}/me/calls/${call.id}`, path: `/calls/${call.id}`, deviceUri: `${ROOT}/devices/${A.deviceId}`,
    });
  });
});

describe('user data, DTMF and recording', () => {
  it('attach, update, delete a pair and delete all, on every party of the connection', () => {
    const h = harness();
    const { a, b } = h.connected();
    h.callEvents(A);
    h.callEvents(B);
    h.op(A, a.id, { operationName: 'AttachUserData', userData: { UserData1: 'DATA1', UserData2: 123456789 } });
    expect(h.callEvents(B).map((e) => [e.type, e.call.userData])).toEqual([['AttachedDataChanged', { UserData1: 'DATA1', UserData2: 123456789 }]]);
    h.op(B, b.id, { operationName: 'UpdateUserData', userData: [{ key: 'UserData1', type: 'str', value: 'NEW' }] });
    h.op(A, a.id, { operationName: 'DeleteUserDataPair', key: 'UserData2' });
    expect(h.only(A).userData).toEqual({ UserData1: 'NEW' });
    expect(h.callEvents(A).map((e) => e.type)).toEqual(['AttachedDataChanged', 'AttachedDataChanged', 'AttachedDataChanged']);
    h.op(A, a.id, { operationName: 'DeleteUserData' });
    expect(h.only(B).userData).toEqual({});
    expect(renderCall(h.only(B), ROOT)).not.toHaveProperty('userData');
  });

  it('SendDtmf reports DtmfSent and leaves the state alone', () => {
    const h = harness();
    const call = h.established();
    h.callEvents(A);
    expect(h.op(A, call.id, { operationName: 'SendDtmf', digits: '5' })).toEqual({ statusCode: 0 });
    expect(states(h.callEvents(A))).toEqual(['Established DtmfSent']);
  });

  it('recording: Start, Pause, Resume, Stop, each a CallRecordingStateChange with matching capabilities', () => {
    const h = harness();
    const call = h.established();
    h.callEvents(A);
    const steps: [string, string | undefined, string[]][] = [
      ['StartCallRecording', 'Recording', ['PauseCallRecording', 'StopCallRecording']],
      ['PauseCallRecording', 'Paused', ['ResumeCallRecording', 'StopCallRecording']],
      ['ResumeCallRecording', 'Recording', ['PauseCallRecording', 'StopCallRecording']],
      ['StopCallRecording', undefined, ['StartCallRecording']],
    ];
    for (const [operationName, recordingState, offered] of steps) {
      expect(h.op(A, call.id, { operationName }), operationName).toEqual({ statusCode: 0 });
      const [event] = h.callEvents(A);
      expect(event?.type).toBe('CallRecordingStateChange');
      expect(event?.call.recordingState).toBe(recordingState);
      expect(event?.call.capabilities).toEqual(expect.arrayContaining(offered));
    }
    expect(h.op(A, call.id, { operationName: 'PauseCallRecording' })).toMatchObject({ statusCode: 2 });
  });
});

describe('transfers and conferences', () => {
  it('InitiateTransfer holds the first call and consults; CompleteTransfer releases both agent calls and joins the others', () => {
    const h = harness();
    const { a, b } = h.connected();
    h.callEvents(A);
    h.callEvents(B);
    expect(h.op(A, a.id, { operationName: 'InitiateTransfer', destination: { phoneNumber: S.phoneNumber } })).toEqual({ statusCode: 0 });
    const first = h.callEvents(A);
    expect(states(first)).toEqual(['Held StatusChange', 'Dialing StatusChange']);
    expect(first[0]?.call.capabilities).toContain('CompleteTransfer');
    expect(first[0]?.call.capabilities).not.toContain('Retrieve');
    expect(first[1]?.call).toMatchObject({ callType: 'Consult', participants: [{ phoneNumber: S.phoneNumber }] });
    const ringing = h.only(S);
    h.op(S, ringing.id, { operationName: 'Answer' });
    expect(h.model.calls(A.userId).map((c) => c.state)).toEqual(['Held', 'Established']);
    expect(h.op(A, a.id, { operationName: 'CompleteTransfer' })).toEqual({ statusCode: 0 });
    expect(h.model.calls(A.userId)).toEqual([]);
    expect(states(h.callEvents(A)).slice(-2)).toEqual(['Released StatusChange', 'Released StatusChange']);
    expect(h.only(B)).toMatchObject({ state: 'Established', participants: [{ phoneNumber: S.phoneNumber }] });
    h.op(B, b.id, { operationName: 'Hangup' });
    expect(h.model.calls(S.userId)).toEqual([]);
  });

  it('InitiateConference then CompleteConference: one Established call with both parties', () => {
    const h = harness();
    const { a } = h.connected();
    h.op(A, a.id, { operationName: 'InitiateConference', destination: { phoneNumber: TEST } });
    const consult = h.model.calls(A.userId)[1];
    expect(consult).toMatchObject({ state: 'Established', callType: 'Consult' });
    expect(consult?.capabilities).toContain('CompleteConference');
    expect(h.op(A, consult?.id ?? '', { operationName: 'CompleteConference' })).toEqual({ statusCode: 0 });
    expect(h.only(A)).toMatchObject({ id: a.id, state: 'Established', participants: [{ phoneNumber: B.phoneNumber }, { phoneNumber: TEST }] });
  });

  it('SingleStepTransfer sends the other party to the destination and ends the agent\'s call', () => {
    const h = harness();
    const { a } = h.connected();
    h.op(A, a.id, { operationName: 'SingleStepTransfer', destination: { phoneNumber: S.phoneNumber } });
    expect(h.model.calls(A.userId)).toEqual([]);
    expect(h.only(B)).toMatchObject({ state: 'Established', participants: [{ phoneNumber: S.phoneNumber }] });
    expect(h.only(S)).toMatchObject({ state: 'Ringing', ani: B.phoneNumber });
  });
});

describe('device control', () => {
  const device = (h: ReturnType<typeof harness>, line: Line, body: Record<string, unknown>) => {
    const outcome = h.model.device(line.userId, line.deviceId, body);
    h.flush();
    return outcome;
  };

  it('DoNotDisturbOn: the device says On and offers DoNotDisturbOff; calls to it do not ring', () => {
    const h = harness();
    expect(device(h, B, { operationName: 'DoNotDisturbOn' })).toEqual({ statusCode: 0 });
    expect(h.events.at(-1)).toMatchObject({ kind: 'device', userId: B.userId, device: { doNotDisturb: 'On', capabilities: ['DoNotDisturbOff', 'ForwardCallsOn'] } });
    expect(device(h, B, { operationName: 'DoNotDisturbOn' })).toMatchObject({ statusCode: 2 });
    h.model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: { phoneNumber: B.phoneNumber } });
    h.flush();
    expect(states(h.callEvents(A))).toEqual(['Dialing StatusChange', 'Released StatusChange']);
    expect(h.model.calls(B.userId)).toEqual([]);
    expect(device(h, B, { operationName: 'DoNotDisturbOff' })).toEqual({ statusCode: 0 });
    expect(h.model.deviceControl(B.deviceId)?.doNotDisturb).toBe('Off');
  });

  it('ForwardCallsOn moves calls to the destination; ForwardCallsOff stops it', () => {
    const h = harness();
    expect(device(h, B, { operationName: 'ForwardCallsOn' })).toMatchObject({ statusCode: 1 });
    expect(device(h, B, { operationName: 'ForwardCallsOn', destination: S.phoneNumber })).toEqual({ statusCode: 0 });
    expect(renderDeviceControl(h.model.deviceControl(B.deviceId) ?? fail(), ROOT)).toEqual({ doNotDisturb: 'Off', forwardTo: S.phoneNumber, capabilities: ['DoNotDisturbOn', 'ForwardCallsOff'] });
    h.model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: { phoneNumber: B.phoneNumber } });
    h.flush();
    expect(h.model.calls(B.userId)).toEqual([]);
    expect(h.only(S)).toMatchObject({ state: 'Ringing' });
    expect(device(h, B, { operationName: 'ForwardCallsOff' })).toEqual({ statusCode: 0 });
    expect(device(h, B, { operationName: 'ForwardCallsOff' })).toMatchObject({ statusCode: 2 });
  });

  it('supervisor monitoring: refused for an agent (5), set and cancelled for a supervisor', () => {
    const h = harness();
    const target = `${ROOT}/devices/${A.deviceId}`;
    expect(device(h, B, { operationName: 'ListenIn', targetDeviceUri: target })).toMatchObject({ statusCode: 5 });
    expect(device(h, S, { operationName: 'ListenIn', targetDeviceUri: `${ROOT}/devices/nope` })).toMatchObject({ statusCode: 6 });
    expect(device(h, S, { operationName: 'ListenIn', targetDeviceUri: target })).toEqual({ statusCode: 0 });
    expect(renderDeviceControl(h.model.deviceControl(S.deviceId) ?? fail(), ROOT)).toMatchObject({
      capabilities: ['DoNotDisturbOn', 'ForwardCallsOn', 'ListenIn', 'Coach', 'BargeIn', 'CancelSupervisorMonitoring'],
      supervisorMonitoringState: { state: 'ListenIn', mode: 'AllCalls', scope: 'Call', targetDeviceUri: target },
    });
    expect(h.established().supervisorListeningIn).toBe(true);
    expect(device(h, S, { operationName: 'CancelSupervisorMonitoring' })).toEqual({ statusCode: 0 });
    expect(device(h, S, { operationName: 'CancelSupervisorMonitoring' })).toMatchObject({ statusCode: 2 });
    expect(h.only(A).supervisorListeningIn).toBe(false);
  });
});

describe('the model produces the outcome the contracts expect of each operation', () => {
  const at = (value: unknown, pointer: string): unknown =>
    pointer.split('/').slice(1).reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
  const expected = (outcome: ExpectedOutcome, request: Record<string, unknown>): unknown => {
    const value = outcome.shows?.value;
    return value !== null && typeof value === 'object' ? request[value.fromRequest] : (value ?? undefined);
  };

  it('for every call operation: the notificationType, and the attribute that shows it, on the call addressed', () => {
    const h = harness();
    const checked = new Set<string>();
    const check = (line: Line, callId: string, request: Record<string, unknown>): void => {
      const name = String(request['operationName']);
      const outcome = CALL_OUTCOMES[name] ?? fail();
      h.callEvents(line);
      expect(h.op(line, callId, request), name).toEqual({ statusCode: 0 });
      const event = h.callEvents(line).find((e) => e.call.id === callId) ?? fail();
      expect(event.type, name).toBe(outcome.notificationType);
      const shows = outcomeOfRequest(outcome, request).shows;
      if (shows !== undefined) expect(at(renderCall(event.call, ROOT), shows.pointer), name).toEqual(shows.value ?? undefined);
      checked.add(name);
    };
    h.callEvents(A);
    h.model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: { phoneNumber: TEST } });
    h.flush();
    expect(h.callEvents(A)[0]?.call.state).toBe(CALL_OUTCOMES['Dial']?.shows?.value);
    checked.add('Dial');
    const call = h.only(A).id;
    for (const request of [
      { operationName: 'Hold' }, { operationName: 'Retrieve' }, { operationName: 'SendDtmf', digits: '12' },
      { operationName: 'AttachUserData', userData: { a: 1 } }, { operationName: 'UpdateUserData', userData: { a: 2 } },
      { operationName: 'DeleteUserDataPair', key: 'a' }, { operationName: 'DeleteUserData' },
      { operationName: 'StartCallRecording' }, { operationName: 'PauseCallRecording' }, { operationName: 'ResumeCallRecording' }, { operationName: 'StopCallRecording' },
      { operationName: 'SetCallDisposition', disposition: 'Referred', dispositionKey: 'DispositionCode' },
      { operationName: 'SingleStepConference', destination: { phoneNumber: '+4930123' } },
      { operationName: 'RemoveParticipantFromConference', participant: '+4930123' },
      { operationName: 'InitiateTransfer', destination: { phoneNumber: '+4930999' } }, { operationName: 'CompleteTransfer' },
    ]) check(A, call, request);
    const { a } = h.connected();
    check(A, a.id, { operationName: 'InitiateConference', destination: { phoneNumber: TEST } });
    check(A, a.id, { operationName: 'CompleteConference' });
    check(A, a.id, { operationName: 'SingleStepTransfer', destination: { phoneNumber: TEST } });
    check(S, h.model.ring(S.deviceId, '+15550000').callId ?? fail(), { operationName: 'Answer' });
    check(S, h.only(S).id, { operationName: 'Hangup' });
    check(S, h.model.ring(S.deviceId, '+15550000', undefined, '9000').callId ?? fail(), { operationName: 'Reject' });
    expect([...checked].sort()).toEqual(Object.keys(CALL_OUTCOMES).sort());
  });

  it('for every device operation: the attribute that shows it', () => {
    const h = harness();
    const requests: [Line, Record<string, unknown>][] = [
      [B, { operationName: 'DoNotDisturbOn' }], [B, { operationName: 'DoNotDisturbOff' }],
      [B, { operationName: 'ForwardCallsOn', destination: '5002' }], [B, { operationName: 'ForwardCallsOff' }],
      ...['ListenIn', 'Coach', 'BargeIn'].map((operationName): [Line, Record<string, unknown>] => [S, { operationName, targetDeviceUri: `${ROOT}/devices/${A.deviceId}` }]),
      [S, { operationName: 'CancelSupervisorMonitoring' }],
    ];
    for (const [line, request] of requests) {
      const name = String(request['operationName']);
      const outcome = DEVICE_OUTCOMES[name] ?? fail();
      expect(h.model.device(line.userId, line.deviceId, request), name).toEqual({ statusCode: 0 });
      h.flush();
      const event = h.events.at(-1);
      expect(event?.kind, name).toBe('device');
      if (event?.kind !== 'device') continue;
      const shown = renderDeviceControl(event.device, ROOT);
      expect(at(shown, outcome.shows?.pointer ?? ''), name).toEqual(expected(outcome, request));
      expect(contracts.validate(outcome.schema, { channel: '/v2/me/devices', data: { messageType: 'DeviceStateChangeMessage', devices: [{ ...DEVICE_BASE, ...shown }] } }), name).toEqual([]);
    }
    expect(requests.map(([, r]) => r['operationName']).sort()).toEqual(Object.keys(DEVICE_OUTCOMES).sort());
  });
});

// The rest of a device resource, which the simulator owns [src: AgentStateDoNotDisturbOn sample].
const DEVICE_BASE = {
  id: 'efe1ab32-53f9-43ce-b65e-5768c61f7d4a', deviceState: 'Active', userState: { state: 'Ready' }, phoneNumber: '5005',
  e164Number: '5005', telephonyNetwork: 'Private', voiceEnvironmentUri: `${ROOT}/voice-environments/370ef5e6-9e3c-4d91-9588-7f4dfe67e011`,
};

describe('defect modes', () => {
  type Harness = ReturnType<typeof harness>;
  // Each scenario answers "did the server misbehave?" from what a client can observe.
  const broken: Record<CallDefect, (h: Harness) => boolean> = {
    'hold-ignored': (h) => h.op(A, h.established().id, { operationName: 'Hold' }).statusCode === 0 && h.only(A).state === 'Established',
    'hangup-ignored': (h) => h.op(A, h.established().id, { operationName: 'Hangup' }).statusCode === 0 && h.model.calls(A.userId).length === 1,
    'capabilities-stale': (h) => !h.established().capabilities.includes('Hold'),
    'userdata-lost': (h) => {
      h.op(A, h.established().id, { operationName: 'AttachUserData', userData: { k: 'v' } });
      return h.only(A).userData['k'] !== 'v';
    },
    'notification-wrong-call': (h) => {
      const id = h.established().id;
      const last = h.events.at(-1);
      return last?.kind === 'call' && last.call.id !== id;
    },
    'dtmf-not-reported': (h) => {
      h.op(A, h.established().id, { operationName: 'SendDtmf', digits: '5' });
      return !h.events.some((e) => e.kind === 'call' && e.notificationType === 'DtmfSent');
    },
    'recording-state-stuck': (h) => {
      h.op(A, h.established().id, { operationName: 'StartCallRecording' });
      return h.only(A).recordingState !== 'Recording';
    },
    'transfer-leaves-call': (h) => {
      const { a } = h.connected();
      h.op(A, a.id, { operationName: 'InitiateTransfer', destination: { phoneNumber: TEST } });
      h.op(A, a.id, { operationName: 'CompleteTransfer' });
      return h.model.calls(A.userId).length > 0;
    },
    'dnd-not-applied': (h) => {
      h.model.device(B.userId, B.deviceId, { operationName: 'DoNotDisturbOn' });
      h.flush();
      return h.model.deviceControl(B.deviceId)?.doNotDisturb === 'Off';
    },
    'forward-not-applied': (h) => {
      h.model.device(B.userId, B.deviceId, { operationName: 'ForwardCallsOn', destination: TEST });
      h.flush();
      return h.model.deviceControl(B.deviceId)?.forwardTo === undefined;
    },
    'supervisor-allowed-for-agent': (h) => h.model.device(B.userId, B.deviceId, { operationName: 'Coach', targetDeviceUri: `${ROOT}/devices/${A.deviceId}` }).statusCode === 0,
    'monitoring-not-applied': (h) => {
      h.model.device(S.userId, S.deviceId, { operationName: 'ListenIn', targetDeviceUri: `${ROOT}/devices/${A.deviceId}` });
      h.flush();
      return h.model.deviceControl(S.deviceId)?.supervisorMonitoring === undefined;
    },
    'monitoring-not-cancelled': (h) => {
      h.model.device(S.userId, S.deviceId, { operationName: 'BargeIn', targetDeviceUri: `${ROOT}/devices/${A.deviceId}` });
      h.flush();
      h.model.device(S.userId, S.deviceId, { operationName: 'CancelSupervisorMonitoring' });
      h.flush();
      return h.model.deviceControl(S.deviceId)?.supervisorMonitoring !== undefined;
    },
    'coach-reported-as-listenin': (h) => {
      h.model.device(S.userId, S.deviceId, { operationName: 'Coach', targetDeviceUri: `${ROOT}/devices/${A.deviceId}` });
      h.flush();
      return h.model.deviceControl(S.deviceId)?.supervisorMonitoring?.state === 'ListenIn';
    },
    'listening-not-shown': (h) => {
      const id = h.established().id;
      h.model.device(S.userId, S.deviceId, { operationName: 'ListenIn', targetDeviceUri: `${ROOT}/devices/${A.deviceId}` });
      h.flush();
      return h.model.call(A.userId, id)?.supervisorListeningIn === false;
    },
    'wrong-state-accepted': (h) => h.op(A, h.established().id, { operationName: 'Answer' }).statusCode === 0,
    'reject-ignored': (h) => {
      const id = h.model.ring(A.deviceId, '+15550000', undefined, '9000').callId ?? fail();
      return h.op(A, id, { operationName: 'Reject' }).statusCode === 0 && h.model.call(A.userId, id)?.state === 'Ringing';
    },
    'direct-call-rejectable': (h) => h.op(A, h.model.ring(A.deviceId, '+15550000').callId ?? fail(), { operationName: 'Reject' }).statusCode === 0,
    'disposition-not-reported': (h) => {
      h.op(A, h.established().id, { operationName: 'SetCallDisposition', disposition: 'Sale' });
      return !h.events.some((e) => e.kind === 'call' && e.notificationType === 'AttachedDataChanged');
    },
    'participant-not-removed': (h) => {
      const id = h.established().id;
      h.op(A, id, { operationName: 'SingleStepConference', destination: { phoneNumber: '+4930123' } });
      h.op(A, id, { operationName: 'RemoveParticipantFromConference', participant: '+4930123' });
      return h.only(A).participants.some((p) => p.phoneNumber === '+4930123');
    },
    'dial-fails': (h) => {
      h.model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: { phoneNumber: TEST } });
      h.flush();
      return h.model.calls(A.userId).length === 0 && h.events.some((e) => e.kind === 'error' && e.statusCode === 4);
    },
  };

  it.each(CALL_DEFECTS)('%s shows only when switched on', (defect) => {
    expect(broken[defect](harness([defect]))).toBe(true);
    expect(broken[defect](harness())).toBe(false);
  });

  it('are ten or more, each with a scenario', () => {
    expect(CALL_DEFECTS.length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(broken).sort()).toEqual([...CALL_DEFECTS].sort());
  });
});

function fail(): never {
  throw new Error('expected a value');
}
