import { FROM_ME_USER_ID, OPERATION, READ_BY_ID, operation } from './catalog-entry.ts';
import { API_SUPERVISOR_AGENT_CONTROL, API_SUPERVISOR_MONITORING, API_VOICE, API_VOICE_RECORDING } from './features.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import type { Operation, ParamSource } from './types.ts';

// Call, device and supervisor operations of the GWS Voice API. Every operation addresses a
// resource by id, so 6 (not found) joins the usual operation codes [src: RV852 table].
const OPERATION_BY_ID = [...OPERATION, 6] as const;

const FROM_MY_DEVICES: ParamSource = { operation: 'get-me-devices', pointer: '/devices/0/id', take: 'value' };
// A call id exists only while a call does: the contract that needs one dials first, then reads
// the agent's calls (GET /me/calls?fields=*) [src: RecoveringExistingState 8.6.0].
const FROM_MY_CALLS: ParamSource = { operation: 'get-me-calls', pointer: '/calls/0/id', take: 'value' };

/** Tag of the operations that address a call: they need a call in progress, so a monitor never probes them on a quiet agent. */
export const NEEDS_CALL = 'needs-call';

/**
 * The destination the examples dial: the number of the CallsDial 8.5.2 sample. A target that is to
 * be probed configures a number that answers by itself; the simulator's default test number is this.
 */
export const EXAMPLE_TEST_NUMBER = '15002';

// Required features: every Voice API operation page names api-voice [src: CallsDial 8.5.2, CallsHold
// latest, ForwardCallsOn latest]; the monitoring pages add api-supervisor-monitoring [src:
// SupervisorListenIn latest, SupervisorCoach 8.5.2, SupervisorCancelMonitoring 8.5.2]; the recording
// pages name api-voice-recording alone [src: CallRecordingPauseCallRecording 8.6.0]; supervisor
// agent-state control names api-supervisor-agent-control alone [src: AgentStateControlNotReady 8.5.2,
// AgentStateControlOffline latest]. The device and call reads are Voice API resources [src: DEVRES].
const VOICE = [API_VOICE] as const;
const MONITORING = [API_VOICE, API_SUPERVISOR_MONITORING] as const;
const RECORDING = [API_VOICE_RECORDING] as const;
const MONITORING_OPERATIONS = { ListenIn: MONITORING, Coach: MONITORING, BargeIn: MONITORING, CancelSupervisorMonitoring: MONITORING } as const;
const RECORDING_OPERATIONS = { StartCallRecording: RECORDING, StopCallRecording: RECORDING, PauseCallRecording: RECORDING, ResumeCallRecording: RECORDING } as const;

/** The CometD messages of call control, device control and supervisor agent-state control. */
export const CALL_NOTIFICATION_SCHEMAS: readonly string[] = Object.freeze(
  ['call-state-change', 'channel-state-change-v2', 'voice-error', 'device-dnd-change', 'device-forwarding-change'].map(
    (name) => `${SCHEMA_BASE}notifications/${name}.json`,
  ),
);

/**
 * Catalog entries of call control, device operations and supervisor control, in the order the gate
 * runs them. Every POST is tagged `changes-state` and is never probed unless opted in.
 */
export const CALL_CATALOG: readonly Operation[] = Object.freeze([
  operation({
    method: 'GET', path: '/me/devices/{id}', identity: 'user', statusCodes: READ_BY_ID, tags: ['device'],
    summary: 'one of the agent\'s devices [QueryAgentState 8.5.0, DevicesAttribs]',
    paramSources: { id: FROM_MY_DEVICES },
    requiredFeatures: VOICE,
  }),
  operation({
    method: 'POST', path: '/me/devices/{id}', identity: 'user', statusCodes: OPERATION_BY_ID, tags: ['device', 'supervisor'],
    summary: 'DoNotDisturbOn/Off, ForwardCallsOn/Off; ListenIn, Coach, BargeIn, CancelSupervisorMonitoring for a supervisor [AgentStateDoNotDisturbOn, AgentStateDoNotDisturbOff, ForwardCallsOn, SupervisorListenIn]',
    example: { body: { operationName: 'DoNotDisturbOn' } },
    paramSources: { id: FROM_MY_DEVICES },
    requiredFeatures: VOICE, operationFeatures: MONITORING_OPERATIONS,
  }),
  operation({
    method: 'POST', path: '/me/devices/{id}/calls', identity: 'user', statusCodes: OPERATION_BY_ID, tags: ['call'],
    summary: 'Dial from one of the agent\'s devices [CallsDial 8.5.2]',
    example: { body: { operationName: 'Dial', destination: { phoneNumber: EXAMPLE_TEST_NUMBER } } },
    paramSources: { id: FROM_MY_DEVICES },
    requiredFeatures: VOICE,
  }),
  operation({
    method: 'GET', path: '/me/calls/{id}', identity: 'user', statusCodes: READ_BY_ID, tags: ['call', NEEDS_CALL],
    summary: 'one of the agent\'s calls [CallsDial 8.5.2, CallsHold latest, RecoveringExistingState 8.6.0]',
    paramSources: { id: FROM_MY_CALLS },
    requiredFeatures: VOICE,
  }),
  operation({
    method: 'POST', path: '/me/calls/{id}', identity: 'user', statusCodes: OPERATION_BY_ID, tags: ['call', NEEDS_CALL],
    summary: 'Answer, Reject, Hangup, Hold, Retrieve, transfers, conferences, RemoveParticipantFromConference, user data, SetCallDisposition, SendDtmf, call recording [CallsHold, CallsHangup, CallsReject, SingleStepTransfer, InitiateTransfer, CompleteTransfer, InitiateConference, RemoveParticipantFromConference, AttachUserData, UpdateUserData, DeleteUserDataPair, CallsSetCallDisposition 8.5.2, CallsSendDTMF, CallRecording*]',
    example: { body: { operationName: 'Hold' } },
    paramSources: { id: FROM_MY_CALLS },
    requiredFeatures: VOICE, operationFeatures: RECORDING_OPERATIONS,
  }),
  operation({
    method: 'POST', path: '/users/{id}/channels/{channel}', identity: 'admin', statusCodes: OPERATION_BY_ID, tags: ['supervisor', 'agent-state'],
    summary: 'a supervisor sets an agent\'s channel Ready, NotReady or Offline [AgentStateControlReady, AgentStateControlNotReady, AgentStateControlOffline]',
    example: { params: { channel: 'voice' }, body: { operationName: 'NotReady' } },
    paramSources: { id: FROM_ME_USER_ID },
    requiredFeatures: [API_SUPERVISOR_AGENT_CONTROL],
  }),
  operation({
    method: 'GET', path: '/users/{id}/skills/{skillId}', identity: 'admin', statusCodes: READ_BY_ID,
    summary: 'one skill of a user, admin only [SkillsAPI 8.5.1]',
    paramSources: {
      id: FROM_ME_USER_ID,
      // One of the agent's own skills: a source that needs no parameters itself.
      skillId: { operation: 'get-me-skills', pointer: '/skills/0/id', take: 'value' },
    },
  }),
]);
