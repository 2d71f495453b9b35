import { isBody, operationName, refuse, requiredText, userDataOf, type Body, type Parsed } from '../interactions/requests.ts';
import type { SupervisorMonitoring, UserData } from './types.ts';

// Request bodies of the Voice API operations, checked as every interaction's are (interactions/requests.ts).

const SIMPLE_CALL_OPS = [
  'Answer', 'Reject', 'Hangup', 'Hold', 'Retrieve', 'CompleteTransfer', 'CompleteConference', 'DeleteUserData',
  'StartCallRecording', 'StopCallRecording', 'PauseCallRecording', 'ResumeCallRecording',
] as const;
const DESTINATION_OPS = ['SingleStepTransfer', 'InitiateTransfer', 'SingleStepConference', 'InitiateConference'] as const;
const DATA_OPS = ['AttachUserData', 'UpdateUserData'] as const;
const CALL_OPS = [
  ...SIMPLE_CALL_OPS, ...DESTINATION_OPS, ...DATA_OPS, 'DeleteUserDataPair', 'SendDtmf', 'SetCallDisposition', 'RemoveParticipantFromConference',
] as const;
const MONITOR_OPS = ['ListenIn', 'Coach', 'BargeIn'] as const;
const DEVICE_OPS = ['DoNotDisturbOn', 'DoNotDisturbOff', 'ForwardCallsOn', 'ForwardCallsOff', ...MONITOR_OPS, 'CancelSupervisorMonitoring'] as const;

export type CallOperationName = (typeof CALL_OPS)[number];
export type DeviceOperationName = (typeof DEVICE_OPS)[number];

export type CallCommand =
  | { readonly op: (typeof SIMPLE_CALL_OPS)[number] }
  | { readonly op: (typeof DESTINATION_OPS)[number]; readonly destination: string; readonly userData?: UserData }
  | { readonly op: (typeof DATA_OPS)[number]; readonly userData: UserData }
  | { readonly op: 'DeleteUserDataPair'; readonly key: string }
  | { readonly op: 'SendDtmf'; readonly digits: string }
  | { readonly op: 'SetCallDisposition'; readonly disposition: string; readonly dispositionKey?: string }
  | { readonly op: 'RemoveParticipantFromConference'; readonly participant: string };

export type DeviceCommand =
  | { readonly op: 'DoNotDisturbOn' | 'DoNotDisturbOff' | 'ForwardCallsOff' | 'CancelSupervisorMonitoring' }
  | { readonly op: 'ForwardCallsOn'; readonly destination: string }
  | { readonly op: (typeof MONITOR_OPS)[number]; readonly monitoring: SupervisorMonitoring };

export interface DialCommand {
  readonly destination: string;
  readonly userData?: UserData;
}

/** `destination` as Dial and the transfers send it: `{"phoneNumber": "15002"}` [src: CallsDial 8.5.2]. */
function phoneDestination(body: Body): Parsed<string> {
  const destination = body['destination'];
  if (destination === undefined) return refuse(1, 'destination is missing');
  const phoneNumber = isBody(destination) ? destination['phoneNumber'] : undefined;
  if (typeof phoneNumber !== 'string' || phoneNumber === '') {
    return refuse(10, `destination ${JSON.stringify(destination)} is not {"phoneNumber": "<number>"}`);
  }
  return { ok: true, command: phoneNumber };
}

function optionalUserData(body: Body): Parsed<UserData | undefined> {
  return body['userData'] === undefined ? { ok: true, command: undefined } : userDataOf(body['userData']);
}

export function parseDial(body: unknown): Parsed<DialCommand> {
  const named = operationName(body, ['Dial'] as const);
  if (!named.ok) return named;
  const destination = phoneDestination(named.command.body);
  if (!destination.ok) return destination;
  const userData = optionalUserData(named.command.body);
  if (!userData.ok) return userData;
  return { ok: true, command: { destination: destination.command, ...(userData.command === undefined ? {} : { userData: userData.command }) } };
}

export function parseCallCommand(body: unknown): Parsed<CallCommand> {
  const named = operationName(body, CALL_OPS);
  if (!named.ok) return named;
  const { body: b, name } = named.command;
  for (const op of DESTINATION_OPS) {
    if (name !== op) continue;
    const destination = phoneDestination(b);
    if (!destination.ok) return destination;
    const userData = optionalUserData(b);
    if (!userData.ok) return userData;
    return { ok: true, command: { op, destination: destination.command, ...(userData.command === undefined ? {} : { userData: userData.command }) } };
  }
  for (const op of DATA_OPS) {
    if (name !== op) continue;
    if (b['userData'] === undefined) return refuse(1, 'userData is missing');
    const userData = userDataOf(b['userData']);
    return userData.ok ? { ok: true, command: { op, userData: userData.command } } : userData;
  }
  if (name === 'DeleteUserDataPair') {
    const key = b['key'];
    if (key === undefined) return refuse(1, 'key is missing');
    return typeof key === 'string' && key !== '' ? { ok: true, command: { op: name, key } } : refuse(10, `key ${JSON.stringify(key)} is not a non-empty string`);
  }
  if (name === 'SendDtmf') {
    // "digits: a string consisting of one or more digits (0-9)" [src: CallsSendDTMF 8.5.2]
    const digits = b['digits'];
    if (digits === undefined) return refuse(1, 'digits is missing');
    return typeof digits === 'string' && /^[0-9]+$/.test(digits)
      ? { ok: true, command: { op: name, digits } }
      : refuse(10, `digits ${JSON.stringify(digits)} is not a string of 0-9`);
  }
  if (name === 'SetCallDisposition') return parseDisposition(b);
  if (name === 'RemoveParticipantFromConference') {
    // "The participant to be removed from the conference call": a number, as the sample sends "15001" [src: RemoveParticipantFromConference]
    const participant = requiredText(b, 'participant');
    return participant.ok ? { ok: true, command: { op: name, participant: participant.command } } : participant;
  }
  const simple = SIMPLE_CALL_OPS.find((op) => op === name);
  return simple === undefined ? refuse(2, `unknown operationName "${name}"`) : { ok: true, command: { op: simple } };
}

/**
 * SetCallDisposition: `disposition`, an optional `dispositionKey` (the server's configured key
 * otherwise), and `callUri`, `callUuid` naming the call again as the sample sends them
 * [src: CallsSetCallDisposition 8.5.2].
 */
function parseDisposition(body: Body): Parsed<CallCommand> {
  const disposition = requiredText(body, 'disposition');
  if (!disposition.ok) return disposition;
  for (const key of ['dispositionKey', 'callUri', 'callUuid']) {
    const given = body[key] === undefined ? undefined : requiredText(body, key);
    if (given !== undefined && !given.ok) return given;
  }
  const key = body['dispositionKey'];
  return { ok: true, command: { op: 'SetCallDisposition', disposition: disposition.command, ...(typeof key === 'string' ? { dispositionKey: key } : {}) } };
}

const lastSegment = (uri: string): string => uri.replace(/\/+$/, '').split('/').pop() ?? '';

export function parseDeviceCommand(body: unknown): Parsed<DeviceCommand> {
  const named = operationName(body, DEVICE_OPS);
  if (!named.ok) return named;
  const { body: b, name } = named.command;
  if (name === 'ForwardCallsOn') {
    // destination is a plain string here [src: ForwardCallsOn latest]
    const destination = b['destination'];
    if (destination === undefined) return refuse(1, 'destination is missing');
    return typeof destination === 'string' && destination !== ''
      ? { ok: true, command: { op: name, destination } }
      : refuse(10, `destination ${JSON.stringify(destination)} is not a phone number string`);
  }
  const monitor = MONITOR_OPS.find((op) => op === name);
  if (monitor !== undefined) {
    // Scope defaults to Call and mode to AllCalls [src: SupervisorListenIn 8.5.2DRAFT, later revisions]
    const target = b['targetDeviceUri'];
    if (target === undefined) return refuse(1, 'targetDeviceUri is missing');
    const scope = b['supervisorMonitoringScope'] ?? 'Call';
    const mode = b['supervisorMonitoringMode'] ?? 'AllCalls';
    if (typeof target !== 'string' || lastSegment(target) === '') return refuse(10, `targetDeviceUri ${JSON.stringify(target)} is not a device URI`);
    if (scope !== 'Agent' && scope !== 'Call') return refuse(10, `supervisorMonitoringScope ${JSON.stringify(scope)} is not Agent or Call`);
    if (mode !== 'NextCall' && mode !== 'AllCalls') return refuse(10, `supervisorMonitoringMode ${JSON.stringify(mode)} is not NextCall or AllCalls`);
    return { ok: true, command: { op: monitor, monitoring: { state: monitor, mode, scope, targetDeviceId: lastSegment(target) } } };
  }
  if (name === 'DoNotDisturbOn' || name === 'DoNotDisturbOff' || name === 'ForwardCallsOff' || name === 'CancelSupervisorMonitoring') {
    return { ok: true, command: { op: name } };
  }
  return refuse(2, `unknown operationName "${name}"`);
}
