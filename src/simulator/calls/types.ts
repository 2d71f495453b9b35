/** Public vocabulary of the simulator's call model: calls, device controls, events, options. */

/** Call states of the Voice API [src: CallsDial, CallsHold, CallsSendDTMF samples; RECOVER]. */
export const CALL_STATES = ['Dialing', 'Ringing', 'Established', 'Held', 'Released'] as const;
export type CallState = (typeof CALL_STATES)[number];

export type CallType = 'Internal' | 'Inbound' | 'Outbound' | 'Consult';

/** recordingState while a recording exists [src: CallRecordingPauseCallRecording 8.6.0, StartCallRecording 8.5.2]. */
export type RecordingState = 'Recording' | 'Paused';

/** notificationType of a CallStateChangeMessage [src: CallsMessageType; CODE-JS for ParticipantsUpdated]. */
export const CALL_NOTIFICATION_TYPES = ['StatusChange', 'ParticipantsUpdated', 'AttachedDataChanged', 'DtmfSent', 'CallRecordingStateChange'] as const;
export type CallNotificationType = (typeof CALL_NOTIFICATION_TYPES)[number];

/** A party as the newest pages print it [src: CallsDial 8.5.2]. */
export interface Participant {
  readonly e164Number: string;
  readonly formattedPhoneNumber: string;
  readonly phoneNumber: string;
  readonly digits: string;
}

export type UserData = Readonly<Record<string, unknown>>;

/** One call as one agent sees it (each party of an internal call has its own call, sharing connId). */
export interface CallSnapshot {
  readonly id: string;
  readonly callUuid: string;
  readonly connId: string;
  readonly userId: string;
  readonly deviceId: string;
  readonly state: CallState;
  readonly callType: CallType;
  readonly participants: readonly Participant[];
  readonly dnis: string;
  readonly ani?: string;
  readonly capabilities: readonly string[];
  /** Seconds since the call was created, as GWS's `duration` string counts. */
  readonly durationSeconds: number;
  readonly mute: 'On' | 'Off';
  readonly supervisorListeningIn: boolean;
  readonly monitoredUserMuted: boolean;
  readonly monitoring: boolean;
  readonly userData: UserData;
  readonly recordingState?: RecordingState;
}

/** Supervisor monitoring set up by ListenIn, Coach or BargeIn [src: SupervisorListenIn latest]. */
export interface SupervisorMonitoring {
  readonly state: 'ListenIn' | 'Coach' | 'BargeIn';
  readonly mode: 'NextCall' | 'AllCalls';
  readonly scope: 'Agent' | 'Call';
  readonly targetDeviceId: string;
}

/** The parts of a device that call control owns; the simulator merges them into its device resource. */
export interface DeviceControl {
  readonly deviceId: string;
  readonly userId: string;
  readonly doNotDisturb: 'On' | 'Off';
  readonly forwardTo?: string;
  readonly supervisorMonitoring?: SupervisorMonitoring;
  /** Device capabilities that follow DND, forwarding and the role [src: DevicesAttribs]. */
  readonly capabilities: readonly string[];
}

/** A seeded device a call can be dialled from or ring on. */
export interface Line {
  readonly userId: string;
  readonly deviceId: string;
  readonly phoneNumber: string;
  /** The user holds ROLE_SUPERVISOR: may ListenIn, Coach, BargeIn [src: DevicesAttribs]. */
  readonly supervisor: boolean;
}

/** What the model tells the simulator to publish, to the user named. */
export type CallModelEvent =
  | { readonly kind: 'call'; readonly userId: string; readonly notificationType: CallNotificationType; readonly call: CallSnapshot }
  | { readonly kind: 'device'; readonly userId: string; readonly device: DeviceControl }
  | { readonly kind: 'error'; readonly userId: string; readonly statusCode: number; readonly message: string; readonly callId?: string };

/** The HTTP answer of an operation: the ack, or the error envelope [src: RV852]. */
export type Outcome = { readonly statusCode: 0 } | { readonly statusCode: number; readonly statusMessage: string };

export interface Clock {
  now(): number;
}

/** Runs a transition later, after the simulator's configured delay; the model has no timers. */
export interface Scheduler {
  defer(task: () => void): void;
}

/** Defects a broken GWS might have; each is a rule the gate must catch. */
export const CALL_DEFECTS = [
  'hold-ignored',
  'hangup-ignored',
  'capabilities-stale',
  'userdata-lost',
  'notification-wrong-call',
  'dtmf-not-reported',
  'recording-state-stuck',
  'transfer-leaves-call',
  'dnd-not-applied',
  'forward-not-applied',
  'supervisor-allowed-for-agent',
  'monitoring-not-applied',
  'monitoring-not-cancelled',
  'coach-reported-as-listenin',
  'listening-not-shown',
  'wrong-state-accepted',
  'dial-fails',
  'reject-ignored',
  'direct-call-rejectable',
  'disposition-not-reported',
  'participant-not-removed',
] as const;
export type CallDefect = (typeof CALL_DEFECTS)[number];

/** The defects in force, asked at each use so that they can change while calls exist. */
export interface DefectSet {
  has(defect: CallDefect): boolean;
}

export interface CallModelOptions {
  readonly lines: readonly Line[];
  /** A number that answers by itself (default `15002`, the CallsDial 8.5.2 sample's destination). */
  readonly testNumber?: string;
  /** Call recording is licensed: Established calls offer StartCallRecording (default true). */
  readonly recording?: boolean;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly publish: (event: CallModelEvent) => void;
  /** A list fixed at creation, or a live set. */
  readonly defects?: readonly CallDefect[] | DefectSet;
}

export interface CallModel {
  /** POST /me/devices/{id}/calls. */
  dial(userId: string, deviceId: string, body: unknown): Outcome;
  /** POST /me/calls/{id}. */
  control(userId: string, callId: string, body: unknown): Outcome;
  /** POST /me/devices/{id}. */
  device(userId: string, deviceId: string, body: unknown): Outcome;
  /**
   * Control API: an inbound call from `from` rings on a device (DND and forwarding apply); with
   * `queue`, as delivered through that queue (only such a call may be rejected [src: CallsReject]).
   */
  ring(deviceId: string, from: string, userData?: UserData, queue?: string): Outcome & { readonly callId?: string };
  /** The user's calls that are not released, oldest first (GET /me/calls). */
  calls(userId: string): readonly CallSnapshot[];
  /** One of the user's calls, released ones included (GET /me/calls/{id}). */
  call(userId: string, callId: string): CallSnapshot | undefined;
  deviceControl(deviceId: string): DeviceControl | undefined;
  /** Releases every call of the user now (session end, clean-up), with notifications. */
  releaseAll(userId: string): void;
}
