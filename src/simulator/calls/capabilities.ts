import type { CallState, RecordingState, SupervisorMonitoring } from './types.ts';

// Capabilities are the rule the model enforces: an operation is accepted only while the call
// offers it [src: AsyncTelephonyOperations 8.5.1, "capabilities ... operation names that may be
// performed during the call's current state"]. Lists follow the samples of the pages.
const USER_DATA = ['AttachUserData', 'UpdateUserData', 'DeleteUserData', 'DeleteUserDataPair'] as const;
const TRANSFERS = ['SingleStepTransfer', 'InitiateTransfer', 'SingleStepConference', 'InitiateConference'] as const;

/** What capabilities depend on. */
export interface CapabilityInput {
  readonly state: CallState;
  readonly recordingState?: RecordingState;
  /** A consultation call is pending on this call, or this is one: offer the completing operation. */
  readonly completes?: 'CompleteTransfer' | 'CompleteConference';
  /** This call is on hold for a consultation call (InitiateTransfer's first call offers no Retrieve). */
  readonly consulting: boolean;
  /** Delivered through a queue: only such a ringing call may be rejected [src: CallsReject]. */
  readonly viaQueue: boolean;
  /** A conference the agent owns, with two or more other parties [src: RemoveParticipantFromConference]. */
  readonly conference: boolean;
}

function recordingCapabilities(recordingState: RecordingState | undefined, licensed: boolean): string[] {
  if (!licensed) return [];
  if (recordingState === 'Recording') return ['PauseCallRecording', 'StopCallRecording'];
  if (recordingState === 'Paused') return ['ResumeCallRecording', 'StopCallRecording'];
  return ['StartCallRecording'];
}

/** Operations a call offers in its state, recording licensed or not. */
export function callCapabilities(call: CapabilityInput, recordingLicensed: boolean): readonly string[] {
  const completes = call.completes === undefined ? [] : [call.completes];
  switch (call.state) {
    // [src: CallsDial 8.5.2 sample]
    case 'Dialing':
      return ['SendDtmf', ...USER_DATA, 'Hangup', ...completes];
    // Answer page not in the sources read: a ringing call is answered or hung up, and carries data.
    // Reject only where the call came through a queue: "you can't reject direct calls" [src: CallsReject].
    case 'Ringing':
      return ['Answer', ...(call.viaQueue ? ['Reject'] : []), 'Hangup', ...USER_DATA];
    // [src: CallsSendDTMF 8.5.2; CallRecording* samples]. The owner of a conference removes a party
    // (so may a monitoring supervisor, not modelled) [src: RemoveParticipantFromConference]; its
    // sample, a call left with one party, offers no RemoveParticipantFromConference.
    // SetCallDisposition is in no sample's list (that sample prints an Established call's whole
    // list): it is no capability.
    case 'Established':
      return [
        'Hold', ...TRANSFERS, 'SendDtmf', ...USER_DATA, 'Hangup', ...completes,
        ...(call.conference ? ['RemoveParticipantFromConference'] : []),
        ...recordingCapabilities(call.recordingState, recordingLicensed),
      ];
    // [src: CallsHold latest; InitiateTransfer latest: the held first call offers CompleteTransfer, no Retrieve]
    case 'Held':
      return [...(call.consulting ? [] : ['Retrieve']), ...TRANSFERS, ...USER_DATA, 'Hangup', ...completes];
    case 'Released':
      return [];
  }
}

/**
 * Device capabilities: agents DoNotDisturbOn|Off and ForwardCallsOn|Off; supervisors also
 * ListenIn, Coach, BargeIn and, while monitoring, CancelSupervisorMonitoring
 * [src: DevicesAttribs; AgentStateDoNotDisturbOn/Off, ForwardCallsOn, SupervisorListenIn samples].
 */
export function deviceCapabilities(
  device: { readonly doNotDisturb: 'On' | 'Off'; readonly forwardTo?: string; readonly supervisorMonitoring?: SupervisorMonitoring },
  supervisor: boolean,
): readonly string[] {
  const own = [device.doNotDisturb === 'On' ? 'DoNotDisturbOff' : 'DoNotDisturbOn', device.forwardTo === undefined ? 'ForwardCallsOn' : 'ForwardCallsOff'];
  if (!supervisor) return own;
  return [...own, 'ListenIn', 'Coach', 'BargeIn', ...(device.supervisorMonitoring === undefined ? [] : ['CancelSupervisorMonitoring'])];
}
