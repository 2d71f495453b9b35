import { SCHEMA_BASE } from './schema-ids.ts';

/**
 * What an accepted call, device or supervisor operation leads to: the message it must be followed
 * by (topic, schema, notificationType) and the value a later GET must show. The gate matches each
 * operation to its message with this, as it does for agent state.
 */
export interface ExpectedOutcome {
  readonly topic: '/v2/me/calls' | '/v2/me/devices' | '/v2/me/channels' | '/v2/me/chats' | '/v2/me/emails' | '/v2/me/openmedia';
  readonly schema: string;
  /** `data.notificationType` of a CallStateChangeMessage, ChatStateChangeMessage, MessageLogUpdated, EmailStateChangeMessage or OpenmediaStateChangeMessage. */
  readonly notificationType?: 'StatusChange' | 'ParticipantsUpdated' | 'AttachedDataChanged' | 'DtmfSent' | 'CallRecordingStateChange' | 'PropertiesUpdated' | 'NewMessages' | 'EmailSaved' | 'AttachmentAdded';
  /**
   * The attribute that shows the change, as a JSON pointer into the call, device, channel, chat,
   * email or open-media item, and its value afterwards: a string, `null` (the attribute is gone), or
   * the request's parameter. A `{name}` segment of the pointer is the request's parameter of that
   * name (`/userData/{dispositionKey}`). A parameter name with dots names a member of an object
   * parameter (`email.subject`: the `subject` of the request's `email`).
   */
  readonly shows?: { readonly pointer: string; readonly value: string | null | { readonly fromRequest: string } };
}

const schema = (name: string) => `${SCHEMA_BASE}notifications/${name}.json`;
const call = (notificationType: ExpectedOutcome['notificationType'], shows?: ExpectedOutcome['shows']): ExpectedOutcome => ({
  topic: '/v2/me/calls', schema: schema('call-state-change'), notificationType, ...(shows === undefined ? {} : { shows }),
});
const state = (value: string) => call('StatusChange', { pointer: '/state', value });
const recording = (value: string | null) => call('CallRecordingStateChange', { pointer: '/recordingState', value });
const device = (name: string, pointer: string, value: string | null | { readonly fromRequest: string }): ExpectedOutcome => ({
  topic: '/v2/me/devices', schema: schema(name), shows: { pointer, value },
});
const channel = (value: string): ExpectedOutcome => ({
  topic: '/v2/me/channels', schema: schema('channel-state-change-v2'), shows: { pointer: '/userState/state', value },
});

/**
 * By operationName. Call operations show on the call they address; a rejected call is Released
 * [src: CallsReject]; a disposition is a user-data pair under `dispositionKey`, announced as
 * AttachedDataChanged [src: CallsSetCallDisposition 8.5.2]; a removed party leaves `participants`
 * (ParticipantsUpdated [src: RemoveParticipantFromConference]); InitiateTransfer and
 * InitiateConference show Held on the first call first [src: InitiateTransfer latest];
 * CompleteTransfer releases the agent's calls [src: CompleteTransfer]; the attached-data operations
 * all report AttachedDataChanged; recording reports CallRecordingStateChange with recordingState
 * [src: CallsDial 8.5.2, CallsHold latest, CallsSendDTMF 8.5.2, CallRecording* pages; CallsMessageType].
 */
export const CALL_OUTCOMES: Readonly<Record<string, ExpectedOutcome>> = Object.freeze({
  Dial: state('Dialing'),
  Answer: state('Established'),
  Hangup: state('Released'),
  Hold: state('Held'),
  Retrieve: state('Established'),
  SingleStepTransfer: state('Released'),
  InitiateTransfer: state('Held'),
  CompleteTransfer: state('Released'),
  InitiateConference: state('Held'),
  CompleteConference: state('Established'),
  SingleStepConference: call('ParticipantsUpdated'),
  AttachUserData: call('AttachedDataChanged'),
  UpdateUserData: call('AttachedDataChanged'),
  DeleteUserData: call('AttachedDataChanged'),
  DeleteUserDataPair: call('AttachedDataChanged'),
  SendDtmf: call('DtmfSent'),
  StartCallRecording: recording('Recording'),
  PauseCallRecording: recording('Paused'),
  ResumeCallRecording: recording('Recording'),
  StopCallRecording: recording(null),
  Reject: state('Released'),
  SetCallDisposition: call('AttachedDataChanged', { pointer: '/userData/{dispositionKey}', value: { fromRequest: 'disposition' } }),
  RemoveParticipantFromConference: call('ParticipantsUpdated'),
});

/** By operationName of POST /me/devices/{id} [src: AgentStateDoNotDisturbOn/Off, ForwardCallsOn, SupervisorListenIn]. */
export const DEVICE_OUTCOMES: Readonly<Record<string, ExpectedOutcome>> = Object.freeze({
  DoNotDisturbOn: device('device-dnd-change', '/doNotDisturb', 'On'),
  DoNotDisturbOff: device('device-dnd-change', '/doNotDisturb', 'Off'),
  ForwardCallsOn: device('device-forwarding-change', '/forwardTo', { fromRequest: 'destination' }),
  ForwardCallsOff: device('device-forwarding-change', '/forwardTo', null),
  ListenIn: device('device-state-change', '/supervisorMonitoringState/state', 'ListenIn'),
  Coach: device('device-state-change', '/supervisorMonitoringState/state', 'Coach'),
  BargeIn: device('device-state-change', '/supervisorMonitoringState/state', 'BargeIn'),
  CancelSupervisorMonitoring: device('device-state-change', '/supervisorMonitoringState', null),
});

/** By operationName of POST /users/{id}/channels/{channel}: the agent's channel message [src: AgentStateControl* pages]. */
export const SUPERVISOR_OUTCOMES: Readonly<Record<string, ExpectedOutcome>> = Object.freeze({
  Ready: channel('Ready'),
  NotReady: channel('NotReady'),
  Offline: channel('LoggedOut'),
});

/**
 * The outcome of one request: `shows` with its pointer and value taken from the request's
 * parameters where they name one. Without such a parameter (a disposition under the server's own
 * key) the outcome names no attribute, only the message.
 */
export function outcomeOfRequest(outcome: ExpectedOutcome, request: Readonly<Record<string, unknown>>): ExpectedOutcome {
  const { shows, ...message } = outcome;
  if (shows === undefined) return outcome;
  const parameter = (name: string): string | undefined => {
    let value: unknown = request;
    for (const key of name.split('.')) value = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  let complete = true;
  const pointer = shows.pointer.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const value = parameter(name);
    if (value === undefined) complete = false;
    return value ?? '';
  });
  const value = shows.value !== null && typeof shows.value === 'object' ? parameter(shows.value.fromRequest) : shows.value;
  return complete && value !== undefined ? { ...message, shows: { pointer, value } } : message;
}
