import { callCapabilities } from './capabilities.ts';
import type { CallSnapshot, CallState, CallType, Clock, Line, Participant, RecordingState } from './types.ts';

/** The model's mutable view of one call of one agent. */
export interface CallRecord {
  readonly id: string;
  readonly connId: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly createdAt: number;
  readonly callType: CallType;
  readonly dnis: string;
  readonly ani?: string;
  /** The queue the call was delivered through; a direct call has none [src: CallsReject]. */
  readonly queue?: string;
  state: CallState;
  participants: Participant[];
  userData: Record<string, unknown>;
  recordingState?: RecordingState;
  /** Calls of other agents connected to this one (the other party of an internal call). */
  peers: Set<string>;
  /** This call holds for a consultation call (InitiateTransfer, InitiateConference). */
  consult?: { readonly callId: string; readonly completes: 'CompleteTransfer' | 'CompleteConference' };
  /** This is a consultation call: the first call and what completing it does. */
  consultOf?: { readonly callId: string; readonly completes: 'CompleteTransfer' | 'CompleteConference' };
  /** The agent made this call a conference (CompleteConference, SingleStepConference): it may remove parties. */
  ownsConference?: boolean;
  /** Capabilities before the last transition: what a stale server keeps reporting. */
  staleCapabilities?: readonly string[];
}

/** A party as GWS prints it: e164Number empty for internal numbers [src: CallsDial 8.5.2]. */
export function participant(phoneNumber: string): Participant {
  return { e164Number: '', formattedPhoneNumber: phoneNumber, phoneNumber, digits: phoneNumber };
}

const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUV';

/** T-Server style ids: 32-character call ids and 16-hex connIds [src: CallsDial 8.5.2 sample ids]. */
export function createIds(): { callId(): string; connId(): string } {
  let calls = 0;
  let conns = 0;
  return {
    callId(): string {
      calls += 1;
      let n = calls;
      let suffix = '';
      for (let i = 0; i < 6; i++) {
        suffix = (ID_ALPHABET[n % 32] ?? '0') + suffix;
        n = Math.floor(n / 32);
      }
      return `012PUFMMS0ASNAK48O7GK2LAES${suffix}`;
    },
    connId(): string {
      conns += 1;
      return `00710271926${conns.toString(16).padStart(5, '0')}`;
    },
  };
}

export interface RecordView {
  readonly clock: Clock;
  readonly recording: boolean;
  readonly staleCapabilities: boolean;
  /** Devices a supervisor listens in on. */
  readonly listenedDevices: () => ReadonlySet<string>;
}

export function trueCapabilities(record: CallRecord, recording: boolean): readonly string[] {
  const link = record.consult ?? record.consultOf;
  return callCapabilities(
    {
      state: record.state,
      ...(record.recordingState === undefined ? {} : { recordingState: record.recordingState }),
      ...(link === undefined ? {} : { completes: link.completes }),
      consulting: record.consult !== undefined,
      viaQueue: record.queue !== undefined,
      conference: record.ownsConference === true && record.participants.length >= 2,
    },
    recording,
  );
}

export function snapshot(record: CallRecord, capabilities: readonly string[], view: RecordView): CallSnapshot {
  return {
    id: record.id,
    callUuid: record.id,
    connId: record.connId,
    userId: record.userId,
    deviceId: record.deviceId,
    state: record.state,
    callType: record.callType,
    participants: [...record.participants],
    dnis: record.dnis,
    ...(record.ani === undefined ? {} : { ani: record.ani }),
    capabilities: view.staleCapabilities && record.staleCapabilities !== undefined ? record.staleCapabilities : capabilities,
    durationSeconds: Math.max(0, Math.floor((view.clock.now() - record.createdAt) / 1000)),
    mute: 'Off',
    supervisorListeningIn: record.state !== 'Released' && view.listenedDevices().has(record.deviceId),
    monitoredUserMuted: false,
    monitoring: false,
    userData: { ...record.userData },
    ...(record.recordingState === undefined ? {} : { recordingState: record.recordingState }),
  };
}

/** Creates a call record; the id generator and clock come from the model. */
export function newRecord(
  ids: { callId(): string },
  clock: Clock,
  init: { line: Line; connId: string; state: CallState; callType: CallType; other: string; dnis: string; ani?: string; queue?: string; userData?: Readonly<Record<string, unknown>> },
): CallRecord {
  return {
    id: ids.callId(),
    connId: init.connId,
    userId: init.line.userId,
    deviceId: init.line.deviceId,
    createdAt: clock.now(),
    callType: init.callType,
    dnis: init.dnis,
    ...(init.ani === undefined ? {} : { ani: init.ani }),
    ...(init.queue === undefined ? {} : { queue: init.queue }),
    state: init.state,
    participants: [participant(init.other)],
    userData: { ...(init.userData ?? {}) },
    peers: new Set(),
  };
}
