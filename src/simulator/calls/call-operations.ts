import { participant, type CallRecord } from './records.ts';
import type { CallCommand } from './requests.ts';
import type { CallNotificationType, CallType, DefectSet, Line, UserData } from './types.ts';

/** What the call operations need of the model. */
export interface CallContext {
  readonly defects: DefectSet;
  get(id: string): CallRecord | undefined;
  /** The calls, of any agent, that carry the same connection (they share attached data). */
  legsOf(connId: string): CallRecord[];
  lineByDevice(deviceId: string): Line | undefined;
  lineByNumber(phoneNumber: string): Line | undefined;
  transition(r: CallRecord, mutate: () => void, notificationType?: CallNotificationType): void;
  publish(r: CallRecord, notificationType: CallNotificationType): void;
  release(r: CallRecord): void;
  link(a: CallRecord, b: CallRecord): void;
  /** A consultation call of the agent of `from` to `destination`, created in Dialing, not yet announced. */
  consult(from: CallRecord, destination: string, userData: UserData | undefined): CallRecord;
  /** Announces a new dialling call and puts it through to its destination. */
  putThrough(leg: CallRecord, destination: string): void;
  deliver(target: Line, from: string, caller: CallRecord | undefined, callType: CallType, userData: UserData | undefined): CallRecord | undefined;
}

/**
 * The user-data key of a disposition when the request names none: GWS uses "the disposition key
 * configured for the server"; the simulator's is the one of the sample [src: CallsSetCallDisposition 8.5.2].
 */
export const DEFAULT_DISPOSITION_KEY = 'DispositionCode';

const ownNumber = (ctx: CallContext, r: CallRecord) => ctx.lineByDevice(r.deviceId)?.phoneNumber ?? '';
const peersOf = (ctx: CallContext, r: CallRecord) => [...r.peers].flatMap((id) => ctx.get(id) ?? []);

function unlink(a: CallRecord, b: CallRecord): void {
  a.peers.delete(b.id);
  b.peers.delete(a.id);
}

/** Attached data belongs to the connection: every party's call shows the change [src: AttachUserData]. */
function changeUserData(ctx: CallContext, r: CallRecord, change: (data: Record<string, unknown>) => void): void {
  if (ctx.defects.has('userdata-lost')) {
    ctx.publish(r, 'AttachedDataChanged');
    return;
  }
  for (const leg of ctx.legsOf(r.connId)) ctx.transition(leg, () => change(leg.userData), 'AttachedDataChanged');
}

/** A party's other side now talks to `number` instead of the agent. */
function reconnect(ctx: CallContext, peer: CallRecord, numbers: readonly string[]): void {
  ctx.transition(peer, () => { peer.participants = numbers.map(participant); }, 'ParticipantsUpdated');
}

/**
 * InitiateTransfer and InitiateConference hold the first call (notification Held first) and make a
 * consultation call to the destination [src: InitiateTransfer latest, InitiateConference].
 */
function initiate(ctx: CallContext, r: CallRecord, destination: string, userData: UserData | undefined, completes: 'CompleteTransfer' | 'CompleteConference'): void {
  const consult = ctx.consult(r, destination, userData);
  consult.consultOf = { callId: r.id, completes };
  ctx.transition(r, () => {
    if (r.state === 'Established') r.state = 'Held';
    r.consult = { callId: consult.id, completes };
  });
  ctx.putThrough(consult, destination);
}

/** The pair (first call, consultation call) an operation on either of them completes. */
function consultPair(ctx: CallContext, r: CallRecord): [CallRecord, CallRecord] | undefined {
  const first = r.consultOf === undefined ? r : ctx.get(r.consultOf.callId);
  const consult = first?.consult === undefined ? undefined : ctx.get(first.consult.callId);
  return first === undefined || consult === undefined ? undefined : [first, consult];
}

/**
 * CompleteTransfer connects the parties of both calls and releases the agent's calls
 * [src: CompleteTransfer]. With `transfer-leaves-call` only the consultation call goes.
 */
function completeTransfer(ctx: CallContext, r: CallRecord): void {
  const pair = consultPair(ctx, r);
  if (pair === undefined) return;
  const [first, consult] = pair;
  const firstPeers = peersOf(ctx, first);
  const consultPeers = peersOf(ctx, consult);
  for (const a of firstPeers) {
    unlink(a, first);
    for (const b of consultPeers) ctx.link(a, b);
    reconnect(ctx, a, consult.participants.map((p) => p.phoneNumber));
  }
  for (const b of consultPeers) {
    unlink(b, consult);
    reconnect(ctx, b, first.participants.map((p) => p.phoneNumber));
  }
  if (ctx.defects.has('transfer-leaves-call')) {
    ctx.release(consult);
    return;
  }
  delete first.consult;
  delete consult.consultOf;
  ctx.release(first);
  ctx.release(consult);
}

/** CompleteConference merges the consultation call into the first call and retrieves it. */
function completeConference(ctx: CallContext, r: CallRecord): void {
  const pair = consultPair(ctx, r);
  if (pair === undefined) return;
  const [first, consult] = pair;
  const joined = [...first.participants, ...consult.participants];
  for (const b of peersOf(ctx, consult)) {
    unlink(b, consult);
    ctx.link(b, first);
  }
  delete consult.consultOf;
  ctx.release(consult);
  ctx.transition(first, () => {
    delete first.consult;
    first.state = 'Established';
    first.participants = joined;
    first.ownsConference = true;
  });
}

/** SingleStepTransfer: the other party goes to the destination and the agent's call ends [src: SingleStepTransfer]. */
function singleStepTransfer(ctx: CallContext, r: CallRecord, destination: string): void {
  const target = ctx.lineByNumber(destination);
  for (const peer of peersOf(ctx, r)) {
    unlink(peer, r);
    reconnect(ctx, peer, [destination]);
    if (target !== undefined) ctx.deliver(target, ownNumber(ctx, peer), peer, 'Internal', undefined);
  }
  ctx.release(r);
}

/**
 * Reject sends a ringing call back to the queue it came from: the agent's call is Released with no
 * capabilities [src: CallsReject]. A caller's own call waits in the queue, which the simulator does
 * not route further, so it stays as it is.
 */
function reject(ctx: CallContext, r: CallRecord): void {
  if (ctx.defects.has('reject-ignored')) return;
  for (const peer of peersOf(ctx, r)) unlink(peer, r);
  ctx.release(r);
}

/**
 * On an active call the disposition is a user-data pair, announced as AttachedDataChanged; on a
 * released call GWS only reports it (EventUserEvent), with no notification [src: CallsSetCallDisposition 8.5.2].
 */
function setDisposition(ctx: CallContext, r: CallRecord, disposition: string, key: string): void {
  if (r.state === 'Released') return;
  if (!ctx.defects.has('disposition-not-reported')) return changeUserData(ctx, r, (data) => { data[key] = disposition; });
  for (const leg of ctx.legsOf(r.connId)) leg.userData[key] = disposition;
}

/**
 * The owner's conference call loses the party (ParticipantsUpdated [src:
 * RemoveParticipantFromConference]); a removed agent's own call ends.
 */
function removeParticipant(ctx: CallContext, r: CallRecord, phoneNumber: string): void {
  if (ctx.defects.has('participant-not-removed')) {
    ctx.publish(r, 'ParticipantsUpdated');
    return;
  }
  const removed = peersOf(ctx, r).find((peer) => ownNumber(ctx, peer) === phoneNumber);
  if (removed !== undefined) unlink(r, removed);
  ctx.transition(r, () => { r.participants = r.participants.filter((p) => p.phoneNumber !== phoneNumber); }, 'ParticipantsUpdated');
  if (removed !== undefined) ctx.release(removed);
}

function record(ctx: CallContext, r: CallRecord, next: 'Recording' | 'Paused' | undefined): void {
  if (ctx.defects.has('recording-state-stuck')) {
    ctx.publish(r, 'CallRecordingStateChange');
    return;
  }
  ctx.transition(r, () => {
    if (next === undefined) delete r.recordingState;
    else r.recordingState = next;
  }, 'CallRecordingStateChange');
}

/** Applies an accepted call operation (the call offers it now) and publishes what follows. */
export function applyCallCommand(ctx: CallContext, r: CallRecord, command: CallCommand): void {
  switch (command.op) {
    case 'Answer':
      ctx.transition(r, () => { r.state = 'Established'; });
      for (const peer of peersOf(ctx, r)) if (peer.state === 'Dialing') ctx.transition(peer, () => { peer.state = 'Established'; });
      return;
    case 'Reject':
      return reject(ctx, r);
    case 'Hangup':
      if (!ctx.defects.has('hangup-ignored')) ctx.release(r);
      return;
    case 'Hold':
      if (!ctx.defects.has('hold-ignored')) ctx.transition(r, () => { r.state = 'Held'; });
      return;
    case 'Retrieve':
      ctx.transition(r, () => { r.state = 'Established'; });
      return;
    case 'SingleStepTransfer':
      return singleStepTransfer(ctx, r, command.destination);
    case 'SingleStepConference': {
      const target = ctx.lineByNumber(command.destination);
      ctx.transition(r, () => {
        r.participants = [...r.participants, participant(command.destination)];
        r.ownsConference = true;
      }, 'ParticipantsUpdated');
      if (target !== undefined) ctx.deliver(target, ownNumber(ctx, r), r, 'Internal', undefined);
      return;
    }
    case 'InitiateTransfer':
      return initiate(ctx, r, command.destination, command.userData, 'CompleteTransfer');
    case 'InitiateConference':
      return initiate(ctx, r, command.destination, command.userData, 'CompleteConference');
    case 'CompleteTransfer':
      return completeTransfer(ctx, r);
    case 'CompleteConference':
      return completeConference(ctx, r);
    // Attach and Update both set the pairs given; DeleteUserData removes every pair.
    case 'AttachUserData':
    case 'UpdateUserData':
      return changeUserData(ctx, r, (data) => Object.assign(data, command.userData));
    case 'DeleteUserData':
      return changeUserData(ctx, r, (data) => { for (const key of Object.keys(data)) delete data[key]; });
    case 'DeleteUserDataPair':
      return changeUserData(ctx, r, (data) => { delete data[command.key]; });
    case 'SendDtmf':
      // The digits leave no trace on the call; the notification says they were sent [src: CallsSendDTMF 8.5.2].
      if (!ctx.defects.has('dtmf-not-reported')) ctx.publish(r, 'DtmfSent');
      return;
    case 'StartCallRecording':
    case 'ResumeCallRecording':
      return record(ctx, r, 'Recording');
    case 'PauseCallRecording':
      return record(ctx, r, 'Paused');
    case 'StopCallRecording':
      return record(ctx, r, undefined);
    case 'SetCallDisposition':
      return setDisposition(ctx, r, command.disposition, command.dispositionKey ?? DEFAULT_DISPOSITION_KEY);
    case 'RemoveParticipantFromConference':
      return removeParticipant(ctx, r, command.participant);
  }
}
