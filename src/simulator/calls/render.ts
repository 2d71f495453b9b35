import type { CallModelEvent, CallSnapshot, DeviceControl } from './types.ts';

/** The API root the resources' absolute URIs start with, e.g. `http://127.0.0.1:8080/api/v2`. */
type ApiRoot = string;

const trim = (root: ApiRoot) => root.replace(/\/+$/, '');

/**
 * The call resource as GWS prints it, in REST reads and in CallStateChangeMessage alike: uri under
 * /me/calls, path /calls/<id>, duration as a string [src: CallsDial 8.5.2, CallsHold latest].
 */
export function renderCall(call: CallSnapshot, apiRoot: ApiRoot): Record<string, unknown> {
  const root = trim(apiRoot);
  return {
    id: call.id,
    state: call.state,
    callUuid: call.callUuid,
    connId: call.connId,
    deviceUri: `${root}/devices/${call.deviceId}`,
    participants: call.participants.map((p) => ({ ...p })),
    dnis: call.dnis,
    ...(call.ani === undefined ? {} : { ani: call.ani }),
    callType: call.callType,
    capabilities: [...call.capabilities],
    duration: String(call.durationSeconds),
    mute: call.mute,
    supervisorListeningIn: call.supervisorListeningIn,
    monitoredUserMuted: call.monitoredUserMuted,
    monitoring: call.monitoring,
    ...(Object.keys(call.userData).length === 0 ? {} : { userData: { ...call.userData } }),
    ...(call.recordingState === undefined ? {} : { recordingState: call.recordingState }),
    uri: `${root}/me/calls/${call.id}`,
    path: `/calls/${call.id}`,
  };
}

/**
 * The device attributes call control owns, to merge into the simulator's device resource:
 * doNotDisturb, forwardTo, capabilities, supervisorMonitoringState [src: DevicesAttribs, SupervisorListenIn].
 */
export function renderDeviceControl(device: DeviceControl, apiRoot: ApiRoot): Record<string, unknown> {
  const monitoring = device.supervisorMonitoring;
  return {
    doNotDisturb: device.doNotDisturb,
    ...(device.forwardTo === undefined ? {} : { forwardTo: device.forwardTo }),
    capabilities: [...device.capabilities],
    ...(monitoring === undefined
      ? {}
      : { supervisorMonitoringState: { state: monitoring.state, mode: monitoring.mode, scope: monitoring.scope, targetDeviceUri: `${trim(apiRoot)}/devices/${monitoring.targetDeviceId}` } }),
  };
}

/**
 * The CometD message of a call or error event: CallStateChangeMessage on /v2/me/calls with the
 * agent's phone number and the extensions of the samples, or the Voice ErrorMessage
 * [src: CallsMessageType; CallsDial 8.5.2; ErrorHandling 8.5.2]. Device events are published by the
 * simulator as DeviceStateChangeMessage with its full device resource, so they have no message here.
 */
export function renderCallMessage(
  event: Exclude<CallModelEvent, { kind: 'device' }>,
  apiRoot: ApiRoot,
  phoneNumber: string,
): { channel: '/v2/me/calls'; data: Record<string, unknown> } {
  if (event.kind === 'error') {
    return {
      channel: '/v2/me/calls',
      data: { messageType: 'ErrorMessage', errorMessage: event.message, errorCode: event.statusCode, ...(event.callId === undefined ? {} : { callId: event.callId }) },
    };
  }
  return {
    channel: '/v2/me/calls',
    data: {
      notificationType: event.notificationType,
      call: renderCall(event.call, apiRoot),
      phoneNumber,
      extensions: { BusinessCall: 0 },
      messageType: 'CallStateChangeMessage',
    },
  };
}
