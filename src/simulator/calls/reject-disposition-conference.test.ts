import { describe, expect, it } from 'vitest';
import { loadContracts, SCHEMA_BASE } from '../../contracts/index.ts';
import { createCallModel, renderCallMessage } from './index.ts';
import type { CallModelEvent, CallSnapshot, Line } from './types.ts';

// Reject [src: CallsReject], SetCallDisposition [src: CallsSetCallDisposition 8.5.2] and
// RemoveParticipantFromConference [src: RemoveParticipantFromConference] in the pure call model.
const ROOT = 'http://127.0.0.1:8080/api/v2';
const A: Line = { userId: 'a'.repeat(32), deviceId: '631608b3-ceb1-472b-ba05-2ae39555b0d1', phoneNumber: '5000', supervisor: false };
const B: Line = { userId: 'b'.repeat(32), deviceId: '74152ed8-858f-4a33-9e96-36213a678d30', phoneNumber: '5001', supervisor: false };
const S: Line = { userId: 'c'.repeat(32), deviceId: 'efe1ab32-53f9-43ce-b65e-5768c61f7d4a', phoneNumber: '5002', supervisor: true };
const QUEUE = '9000';
const contracts = loadContracts();

function harness() {
  const queue: (() => void)[] = [];
  const events: CallModelEvent[] = [];
  const model = createCallModel({
    lines: [A, B, S], clock: { now: () => 1_700_000_000_000 }, scheduler: { defer: (task) => queue.push(task) },
    publish: (event) => events.push(event),
  });
  const flush = (): void => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) task();
  };
  const op = (line: Line, callId: string, body: Record<string, unknown>) => {
    const outcome = model.control(line.userId, callId, body);
    flush();
    return outcome;
  };
  const only = (line: Line): CallSnapshot => {
    const calls = model.calls(line.userId);
    expect(calls).toHaveLength(1);
    return calls[0] ?? fail();
  };
  /** Every call event of `line` published from now on, as `notificationType state`. */
  const watch = (line: Line): (() => { type: string; call: CallSnapshot }[]) => {
    const from = events.length;
    return () => events.slice(from).flatMap((e) => (e.kind === 'call' && e.userId === line.userId ? [{ type: e.notificationType, call: e.call }] : []));
  };
  /** A dials B and B answers. */
  const connected = (): { a: CallSnapshot; b: CallSnapshot } => {
    model.dial(A.userId, A.deviceId, { operationName: 'Dial', destination: { phoneNumber: B.phoneNumber } });
    flush();
    op(B, only(B).id, { operationName: 'Answer' });
    return { a: only(A), b: only(B) };
  };
  return { model, events, flush, op, only, watch, connected };
}

const valid = (call: CallSnapshot, notificationType: 'StatusChange' | 'ParticipantsUpdated' | 'AttachedDataChanged') =>
  contracts.validate(`${SCHEMA_BASE}notifications/call-state-change.json`, renderCallMessage({ kind: 'call', userId: call.userId, notificationType, call }, ROOT, '5000'));

describe('Reject', () => {
  it('a call delivered through a queue shows the queue as dnis, offers Reject, and once rejected is Released with no capabilities', () => {
    const h = harness();
    const id = h.model.ring(A.deviceId, '+15551234567', undefined, QUEUE).callId ?? fail();
    const ringing = h.model.call(A.userId, id) ?? fail();
    expect(ringing).toMatchObject({ state: 'Ringing', dnis: QUEUE, ani: '+15551234567', callType: 'Inbound' });
    expect(ringing.capabilities).toEqual(['Answer', 'Reject', 'Hangup', 'AttachUserData', 'UpdateUserData', 'DeleteUserData', 'DeleteUserDataPair']);
    const seen = h.watch(A);
    expect(h.op(A, id, { operationName: 'Reject' })).toEqual({ statusCode: 0 });
    const [released] = seen();
    expect(released).toMatchObject({ type: 'StatusChange', call: { id, state: 'Released', capabilities: [] } });
    expect(valid(released?.call ?? fail(), 'StatusChange')).toEqual([]);
    expect(h.model.calls(A.userId)).toEqual([]);
    expect(h.op(A, id, { operationName: 'Reject' })).toMatchObject({ statusCode: 2, statusMessage: expect.stringMatching(/^Reject is not valid for a Released call/) as unknown });
  });

  it('a direct call cannot be rejected: 2, and nothing changes', () => {
    const h = harness();
    const inbound = h.model.ring(A.deviceId, '+15551234567').callId ?? fail();
    h.model.dial(B.userId, B.deviceId, { operationName: 'Dial', destination: { phoneNumber: S.phoneNumber } });
    h.flush();
    const internal = h.only(S).id;
    for (const [line, id] of [[A, inbound], [S, internal]] as const) {
      expect(h.model.call(line.userId, id)?.capabilities).not.toContain('Reject');
      const seen = h.watch(line);
      expect(h.op(line, id, { operationName: 'Reject' })).toMatchObject({ statusCode: 2, statusMessage: expect.stringMatching(/^Reject is not valid for a Ringing call \(offered: Answer, Hangup/) as unknown });
      expect(seen()).toEqual([]);
      expect(h.model.call(line.userId, id)?.state).toBe('Ringing');
    }
  });

  it('only while it rings: an answered queue call is refused Reject', () => {
    const h = harness();
    const id = h.model.ring(A.deviceId, '+15551234567', undefined, QUEUE).callId ?? fail();
    h.op(A, id, { operationName: 'Answer' });
    expect(h.model.call(A.userId, id)?.capabilities).not.toContain('Reject');
    expect(h.op(A, id, { operationName: 'Reject' })).toMatchObject({ statusCode: 2 });
    expect(h.model.ring(A.deviceId, '+15551234567', undefined, '')).toMatchObject({ statusCode: 10 });
  });
});

describe('SetCallDisposition', () => {
  it('on an active call sets the pair under the key given, or DispositionCode, on every party, announced as AttachedDataChanged', () => {
    const h = harness();
    const { a } = h.connected();
    const seenA = h.watch(A);
    const seenB = h.watch(B);
    const sample = { operationName: 'SetCallDisposition', callUri: `${ROOT}/calls/${a.id}`, callUuid: a.id, disposition: 'Referred', dispositionKey: 'GwscheckDisposition' };
    expect(h.op(A, a.id, sample)).toEqual({ statusCode: 0 });
    expect(h.op(A, a.id, { operationName: 'SetCallDisposition', disposition: 'Sale' })).toEqual({ statusCode: 0 });
    expect(seenA().map((e) => [e.type, e.call.state, e.call.userData])).toEqual([
      ['AttachedDataChanged', 'Established', { GwscheckDisposition: 'Referred' }],
      ['AttachedDataChanged', 'Established', { GwscheckDisposition: 'Referred', DispositionCode: 'Sale' }],
    ]);
    expect(seenB().map((e) => e.type)).toEqual(['AttachedDataChanged', 'AttachedDataChanged']);
    expect(valid(h.only(A), 'AttachedDataChanged')).toEqual([]);
    // No sample's capability list names it: it is accepted without being offered.
    expect(h.only(A).capabilities).not.toContain('SetCallDisposition');
  });

  it('on a released call is acknowledged and announces nothing; bad parameters are refused', () => {
    const h = harness();
    const { a } = h.connected();
    h.op(A, a.id, { operationName: 'Hangup' });
    const seen = h.watch(A);
    expect(h.op(A, a.id, { operationName: 'SetCallDisposition', disposition: 'Referred' })).toEqual({ statusCode: 0 });
    expect(seen()).toEqual([]);
    expect(h.model.call(A.userId, a.id)).toMatchObject({ state: 'Released', userData: {} });
    expect(h.op(A, a.id, { operationName: 'SetCallDisposition' })).toMatchObject({ statusCode: 1, statusMessage: 'disposition is missing' });
    expect(h.op(A, a.id, { operationName: 'SetCallDisposition', disposition: 7 })).toMatchObject({ statusCode: 10 });
    expect(h.op(A, a.id, { operationName: 'SetCallDisposition', disposition: 'Sale', dispositionKey: '' })).toMatchObject({ statusCode: 10 });
    expect(h.op(A, a.id, { operationName: 'SetCallDisposition', disposition: 'Sale', callUuid: 42 })).toMatchObject({ statusCode: 10 });
  });
});

describe('RemoveParticipantFromConference', () => {
  /** A talks to B, consults S, S answers, and A completes the conference. */
  const conference = (h: ReturnType<typeof harness>): CallSnapshot => {
    const { a } = h.connected();
    expect(a.capabilities).not.toContain('RemoveParticipantFromConference');
    h.op(A, a.id, { operationName: 'InitiateConference', destination: { phoneNumber: S.phoneNumber } });
    h.op(S, h.only(S).id, { operationName: 'Answer' });
    h.op(A, a.id, { operationName: 'CompleteConference' });
    return h.only(A);
  };

  it('the owner of a conference removes a party: ParticipantsUpdated without it, and that party\'s call ends', () => {
    const h = harness();
    const owned = conference(h);
    expect(owned.participants.map((p) => p.phoneNumber)).toEqual([B.phoneNumber, S.phoneNumber]);
    expect(owned.capabilities).toContain('RemoveParticipantFromConference');
    expect(h.only(B).capabilities).not.toContain('RemoveParticipantFromConference');
    const seenA = h.watch(A);
    const seenS = h.watch(S);
    expect(h.op(A, owned.id, { operationName: 'RemoveParticipantFromConference', participant: S.phoneNumber })).toEqual({ statusCode: 0 });
    const [updated] = seenA();
    expect(updated).toMatchObject({ type: 'ParticipantsUpdated', call: { id: owned.id, state: 'Established', participants: [{ phoneNumber: B.phoneNumber }] } });
    // One party left: no longer a conference, as in the page's sample.
    expect(updated?.call.capabilities).not.toContain('RemoveParticipantFromConference');
    expect(valid(updated?.call ?? fail(), 'ParticipantsUpdated')).toEqual([]);
    expect(seenS().map((e) => `${e.type} ${e.call.state}`)).toEqual(['StatusChange Released']);
    expect(h.model.calls(S.userId)).toEqual([]);
    expect(h.only(B).state).toBe('Established');
  });

  it('removes a party without a device of its own, added by SingleStepConference', () => {
    const h = harness();
    const { a } = h.connected();
    h.op(A, a.id, { operationName: 'SingleStepConference', destination: { phoneNumber: '+4930123' } });
    expect(h.op(A, a.id, { operationName: 'RemoveParticipantFromConference', participant: '+4930123' })).toEqual({ statusCode: 0 });
    expect(h.only(A).participants.map((p) => p.phoneNumber)).toEqual([B.phoneNumber]);
  });

  it('refuses a party not in the conference and a call that is no conference with 2, a missing participant with 1', () => {
    const h = harness();
    const owned = conference(h);
    const seen = h.watch(A);
    expect(h.op(A, owned.id, { operationName: 'RemoveParticipantFromConference', participant: '5999' })).toMatchObject({ statusCode: 2, statusMessage: expect.stringContaining('5999 is not a party') as unknown });
    expect(h.op(A, owned.id, { operationName: 'RemoveParticipantFromConference' })).toMatchObject({ statusCode: 1 });
    expect(seen()).toEqual([]);
    expect(h.op(B, h.only(B).id, { operationName: 'RemoveParticipantFromConference', participant: A.phoneNumber })).toMatchObject({ statusCode: 2 });
  });
});

function fail(): never {
  throw new Error('expected a value');
}
