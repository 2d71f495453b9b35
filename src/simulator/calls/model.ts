import { applyCallCommand, type CallContext } from './call-operations.ts';
import { createDeviceControls } from './devices.ts';
import { createIds, newRecord, snapshot, trueCapabilities, type CallRecord, type RecordView } from './records.ts';
import { parseCallCommand, parseDial, type CallCommand } from './requests.ts';
import type { CallModel, CallModelOptions, CallNotificationType, CallType, DefectSet, Line, Outcome, UserData } from './types.ts';

/** The destination of the CallsDial 8.5.2 sample: the default number that answers by itself. */
export const DEFAULT_TEST_NUMBER = '15002';

// Released calls stay readable by id (so an operation on one is refused as "not valid for the
// current state", 2, rather than "not found", 6) but leave GET /me/calls; the oldest are forgotten.
const RELEASED_KEPT = 200;
const OK: Outcome = { statusCode: 0 };

/**
 * The simulator's call model: calls, their state machine and capabilities, device controls, and the
 * notifications each transition produces. Pure: it answers an operation at once (ack or refusal)
 * and applies the transition through `scheduler`, publishing through `publish`.
 */
export function createCallModel(options: CallModelOptions): CallModel {
  const given = options.defects ?? [];
  const defects: DefectSet = 'has' in given ? given : new Set(given);
  const testNumber = options.testNumber ?? DEFAULT_TEST_NUMBER;
  const recording = options.recording ?? true;
  const ids = createIds();
  const records = new Map<string, CallRecord>();
  const released: string[] = [];
  const devices = createDeviceControls({ lines: options.lines, scheduler: options.scheduler, publish: options.publish, defects });
  const view: RecordView = {
    clock: options.clock,
    recording,
    staleCapabilities: defects.has('capabilities-stale'),
    listenedDevices: () => devices.listenedDevices(),
  };
  const lineByDevice = (deviceId: string): Line | undefined => options.lines.find((l) => l.deviceId === deviceId);
  const lineByNumber = (phoneNumber: string): Line | undefined => options.lines.find((l) => l.phoneNumber === phoneNumber);
  const capabilitiesOf = (r: CallRecord): readonly string[] => {
    const offered = trueCapabilities(r, recording);
    // A defect offers Reject on a direct ringing call, which "can't" be rejected [src: CallsReject].
    if (r.state === 'Ringing' && !offered.includes('Reject') && defects.has('direct-call-rejectable')) return [...offered, 'Reject'];
    return offered;
  };

  function publish(r: CallRecord, notificationType: CallNotificationType): void {
    let call = snapshot(r, capabilitiesOf(r), view);
    // A notification about some other call than the one that changed.
    if (defects.has('notification-wrong-call')) call = { ...call, id: `${call.id.slice(0, -1)}${call.id.endsWith('Z') ? 'Y' : 'Z'}` };
    options.publish({ kind: 'call', userId: r.userId, notificationType, call });
  }

  function transition(r: CallRecord, mutate: () => void, notificationType: CallNotificationType = 'StatusChange'): void {
    const before = capabilitiesOf(r);
    mutate();
    r.staleCapabilities = before;
    publish(r, notificationType);
  }

  function add(r: CallRecord): CallRecord {
    records.set(r.id, r);
    return r;
  }

  function link(a: CallRecord, b: CallRecord): void {
    a.peers.add(b.id);
    b.peers.add(a.id);
  }

  function release(r: CallRecord): void {
    if (r.state === 'Released') return;
    transition(r, () => {
      r.state = 'Released';
      delete r.recordingState;
    });
    released.push(r.id);
    while (released.length > RELEASED_KEPT) records.delete(released.shift() ?? '');
    for (const link of [r.consult?.callId, r.consultOf?.callId]) {
      const other = link === undefined ? undefined : records.get(link);
      if (other === undefined) continue;
      transition(other, () => {
        delete other.consult;
        delete other.consultOf;
      });
    }
    delete r.consult;
    delete r.consultOf;
    for (const peerId of [...r.peers]) {
      const peer = records.get(peerId);
      r.peers.delete(peerId);
      if (peer === undefined) continue;
      peer.peers.delete(r.id);
      // The other party of a two-party call goes too; a conference keeps its other parties.
      if (peer.peers.size === 0) release(peer);
      else transition(peer, () => { peer.participants = peer.participants.filter((p) => p.phoneNumber !== lineByDevice(r.deviceId)?.phoneNumber); }, 'ParticipantsUpdated');
    }
  }

  /**
   * Rings `target` for a call from `from` (DND refuses it, forwarding moves it once). A call
   * delivered through a queue shows the queue's number as its dnis [src: CallsReject sample, dnis 9000].
   */
  function deliver(
    target: Line, from: string, caller: CallRecord | undefined, callType: CallType, userData: UserData | undefined,
    route: { readonly queue?: string; readonly forwarded?: boolean } = {},
  ): CallRecord | undefined {
    const control = devices.control(target.deviceId);
    if (control?.doNotDisturb === 'On') {
      if (caller !== undefined) release(caller);
      return undefined;
    }
    if (control?.forwardTo !== undefined && route.forwarded !== true) {
      if (caller !== undefined && control.forwardTo === testNumber) answerByItself(caller);
      const next = lineByNumber(control.forwardTo);
      return next === undefined ? undefined : deliver(next, from, caller, callType, userData, { ...route, forwarded: true });
    }
    const leg = add(newRecord(ids, options.clock, {
      line: target, connId: caller?.connId ?? ids.connId(), state: 'Ringing', callType, other: from,
      dnis: route.queue ?? target.phoneNumber, ani: from, ...(route.queue === undefined ? {} : { queue: route.queue }),
      ...(caller !== undefined ? { userData: caller.userData } : userData === undefined ? {} : { userData }),
    }));
    if (caller !== undefined) link(leg, caller);
    publish(leg, 'StatusChange');
    return leg;
  }

  function answerByItself(leg: CallRecord): void {
    options.scheduler.defer(() => {
      if (leg.state === 'Dialing') transition(leg, () => { leg.state = 'Established'; });
    });
  }

  /** Puts a dialling call through to its destination: the test number, a seeded device, or out. */
  function connect(leg: CallRecord, destination: string): void {
    if (destination === testNumber) return answerByItself(leg);
    const target = lineByNumber(destination);
    const from = lineByDevice(leg.deviceId)?.phoneNumber ?? '';
    if (target !== undefined) deliver(target, from, leg, 'Internal', undefined);
  }

  /** A new call of `line` to `destination` in state Dialing; a number no line has makes it Outbound. */
  function originate(line: Line, destination: string, callType: CallType, userData: UserData | undefined): CallRecord {
    const internal = destination === testNumber || lineByNumber(destination) !== undefined;
    return add(newRecord(ids, options.clock, {
      line, connId: ids.connId(), state: 'Dialing', callType: callType === 'Consult' || internal ? callType : 'Outbound',
      other: destination, dnis: destination, ...(userData === undefined ? {} : { userData }),
    }));
  }

  const context: CallContext = {
    defects,
    get: (id) => records.get(id),
    legsOf: (connId) => [...records.values()].filter((r) => r.connId === connId && r.state !== 'Released'),
    lineByDevice,
    lineByNumber,
    transition,
    publish,
    release,
    link,
    consult(from, destination, userData) {
      const line = lineByDevice(from.deviceId);
      if (line === undefined) throw new Error(`call ${from.id} is on device ${from.deviceId}, which no line has`);
      return originate(line, destination, 'Consult', userData ?? from.userData);
    },
    putThrough(leg, destination) {
      publish(leg, 'StatusChange');
      connect(leg, destination);
    },
    deliver: (target, from, caller, callType, userData) => deliver(target, from, caller, callType, userData),
  };

  /**
   * Why the call cannot take `command` now; undefined when it can. An operation the call does not
   * offer in its state: statusCode 2, "a parameter is not valid for the current state" [src: RV852
   * table; gws-api decisions table]. SetCallDisposition is valid in every state, after the release
   * too [src: CallsSetCallDisposition 8.5.2]; a party not in the conference is refused the same way.
   */
  function refusal(r: CallRecord, command: CallCommand, detailed: boolean): string | undefined {
    if (command.op === 'SetCallDisposition') return undefined;
    const offered = capabilitiesOf(r);
    if (!offered.includes(command.op)) return `${command.op} is not valid for a ${r.state} call${detailed ? ` (offered: ${offered.join(', ') || 'none'})` : ''}`;
    if (command.op === 'RemoveParticipantFromConference' && !r.participants.some((p) => p.phoneNumber === command.participant)) {
      return `${command.participant} is not a party of call ${r.id}${detailed ? ` (participants: ${r.participants.map((p) => p.phoneNumber).join(', ')})` : ''}`;
    }
    return undefined;
  }

  function ownCall(userId: string, callId: string): CallRecord | undefined {
    const r = records.get(callId);
    return r !== undefined && r.userId === userId ? r : undefined;
  }

  return {
    dial(userId, deviceId, body) {
      const line = lineByDevice(deviceId);
      if (line === undefined || line.userId !== userId) return { statusCode: 6, statusMessage: `device ${deviceId} not found` };
      const parsed = parseDial(body);
      if (!parsed.ok) return parsed.outcome;
      const { destination, userData } = parsed.command;
      options.scheduler.defer(() => {
        // The failure arrives after the ack, as a Voice ErrorMessage [src: ErrorHandling 8.5.2].
        if (defects.has('dial-fails')) {
          options.publish({ kind: 'error', userId, statusCode: 4, message: 'Voice service is not available at this time' });
          return;
        }
        context.putThrough(originate(line, destination, 'Internal', userData), destination);
      });
      return OK;
    },

    control(userId, callId, body) {
      const r = ownCall(userId, callId);
      if (r === undefined) return { statusCode: 6, statusMessage: `call ${callId} not found` };
      const parsed = parseCallCommand(body);
      if (!parsed.ok) return parsed.outcome;
      const command = parsed.command;
      const refused = refusal(r, command, true);
      if (refused !== undefined && !defects.has('wrong-state-accepted')) return { statusCode: 2, statusMessage: refused };
      options.scheduler.defer(() => {
        const late = refusal(r, command, false);
        if (late === undefined) applyCallCommand(context, r, command);
        // The state changed between the ack and the transition: an asynchronous failure.
        else if (!defects.has('wrong-state-accepted')) options.publish({ kind: 'error', userId, statusCode: 2, message: late, callId });
      });
      return OK;
    },

    device: (userId, deviceId, body) => devices.operate(userId, deviceId, body),

    ring(deviceId, from, userData, queue) {
      const line = lineByDevice(deviceId);
      if (line === undefined) return { statusCode: 6, statusMessage: `device ${deviceId} not found` };
      if (from === '') return { statusCode: 1, statusMessage: 'the calling number is missing' };
      if (queue === '') return { statusCode: 10, statusMessage: 'the queue is an empty string' };
      const leg = deliver(line, from, undefined, 'Inbound', userData, queue === undefined ? {} : { queue });
      return leg === undefined ? OK : { statusCode: 0, callId: leg.id };
    },

    calls: (userId) => [...records.values()]
      .filter((r) => r.userId === userId && r.state !== 'Released')
      .map((r) => snapshot(r, capabilitiesOf(r), view)),

    call(userId, callId) {
      const r = ownCall(userId, callId);
      return r === undefined ? undefined : snapshot(r, capabilitiesOf(r), view);
    },

    deviceControl: (deviceId) => devices.control(deviceId),

    releaseAll(userId) {
      for (const r of [...records.values()]) if (r.userId === userId) release(r);
    },
  };
}
