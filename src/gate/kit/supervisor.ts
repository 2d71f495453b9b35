import type { TestContext } from 'vitest';
import { type Operation } from '../../contracts/index.ts';
import { CALL_OUTCOMES, type ExpectedOutcome } from '../../contracts/outcomes.ts';
import { withRestore } from './agent.ts';
import { newCallCheck, readCalls, type CallFlow, type FlowIdentity } from './call-flow.ts';
import { asJson, expectOutcome, listOf, sendAcknowledged, valueAt } from './interaction-flow.ts';
import { eventually } from './eventually.ts';
import { ruleViolation, type Gate } from './harness.ts';
import { monitoringDevices } from '../leftovers.ts';
import type { Exchange, GateSession } from './http.ts';

type Test = TestContext['task'];
type Json = Readonly<Record<string, unknown>>;

/** An inbound call shows as a StatusChange to Ringing, as Answer's shows Established [src: CallsMessageType]. */
export const RINGING: ExpectedOutcome = { ...(CALL_OUTCOMES['Answer'] as ExpectedOutcome), shows: { pointer: '/state', value: 'Ringing' } };

/** The supervisor as a flow identity, when one is configured. */
export function supervisorIdentity(gate: Gate): FlowIdentity | undefined {
  const credentials = gate.context.target.supervisor;
  return gate.supervisor === undefined || credentials === undefined ? undefined : { session: gate.supervisor, credentials };
}

/** What the supervisor's login holds now: devices that monitor someone, and calls. */
interface SupervisorSide {
  readonly exchange: Exchange;
  readonly deviceIds: readonly string[];
  readonly monitoring: readonly string[];
  readonly calls: readonly Json[];
}

async function readSupervisor(supervisor: GateSession): Promise<SupervisorSide> {
  const exchange = await supervisor.send({ method: 'GET', path: '/me/devices', query: { fields: '*' } });
  const devices = listOf(asJson(exchange.response.body)?.['devices']);
  const calls = await supervisor.send({ method: 'GET', path: '/me/calls', query: { fields: '*' } });
  return {
    exchange,
    deviceIds: devices.map((d) => d['id']).filter((id): id is string => typeof id === 'string'),
    monitoring: monitoringDevices(exchange.response.body),
    calls: listOf(asJson(calls.response.body)?.['calls']),
  };
}

const describeSide = (side: SupervisorSide): string =>
  [
    ...side.monitoring.map((id) => `monitoring on device ${id}`),
    ...side.calls.map((c) => `call ${String(c['id'])} ${String(c['state'])}`),
  ].join(', ');

/**
 * Why the supervisor cannot be used now: it already monitors someone or holds a call, which the
 * gate must not end; undefined when it is free.
 */
export async function supervisorBusy(identity: FlowIdentity): Promise<string | undefined> {
  const side = await readSupervisor(identity.session);
  const busy = describeSide(side);
  return busy === '' ? undefined : `the supervisor ${identity.credentials.username} is busy (${busy}); the gate does not end what it did not start`;
}

/**
 * Cancels the supervisor's monitoring (CancelSupervisorMonitoring [src: SupervisorListenIn]) and
 * hangs up its calls, then waits until GET shows neither. Throws one line naming what is left.
 */
export async function restoreSupervisor(gate: Gate, supervisor: GateSession): Promise<void> {
  const deadlineMs = gate.context.asyncDeadlineMs;
  const side = await readSupervisor(supervisor);
  if (side.monitoring.length === 0 && side.calls.length === 0) return;
  const quietly = (request: Parameters<GateSession['send']>[0]) => supervisor.send(request).catch(() => undefined);
  await Promise.all([
    ...side.monitoring.map((id) => quietly({ method: 'POST', path: `/me/devices/${encodeURIComponent(id)}`, body: { operationName: 'CancelSupervisorMonitoring' } })),
    ...side.calls.map((c) => quietly({ method: 'POST', path: `/me/calls/${encodeURIComponent(String(c['id']))}`, body: { operationName: 'Hangup' } })),
  ]);
  const settled = await eventually(() => readSupervisor(supervisor), (s) => s.monitoring.length === 0 && s.calls.length === 0, { deadlineMs });
  if (!settled.ok) throw new Error(`the supervisor still shows ${describeSide(settled.last)} ${deadlineMs} ms after CancelSupervisorMonitoring and Hangup`);
}

/**
 * Runs a contract that has the supervisor monitor or call, then cancels its monitoring and hangs
 * up its calls, also when the contract threw. A clean-up that fails fails the contract.
 */
export async function withSupervisorRestored(gate: Gate, task: Test, identity: FlowIdentity, body: () => Promise<void>): Promise<void> {
  await withRestore(gate, task, body, () => restoreSupervisor(gate, identity.session), 'could not clean up the supervisor');
}

/**
 * The URI a monitoring request names as its target: the device's own `uri` where GET shows one,
 * else the API root's /devices/{id}, as the device URIs of the samples read [src: SupervisorListenIn latest, CallsDial 8.5.2 deviceUri].
 */
export function deviceUriOf(flow: CallFlow): string {
  const uri = flow.device['uri'];
  return typeof uri === 'string' && uri !== '' ? uri : `${flow.gate.context.target.baseUrl}/devices/${flow.deviceId}`;
}

const lastSegment = (uri: unknown): string => (typeof uri === 'string' ? (uri.replace(/\/+$/, '').split('/').pop() ?? '') : '');

/** The supervisor's device, as a monitoring operation left it, must name the agent's device as its target [src: DevicesAttribs]. */
export function expectMonitoringTarget(flow: CallFlow, device: Json | undefined, agentDeviceId: string): void {
  const target = valueAt(device, '/supervisorMonitoringState/targetDeviceUri');
  if (lastSegment(target) !== agentDeviceId) {
    flow.gate.fail(flow.task, flow.operation, ruleViolation('status-code', 'monitoring-target', `the supervisor's device shows supervisorMonitoringState targetDeviceUri ${JSON.stringify(target) ?? 'missing'}, not the agent's device ${agentDeviceId} [src: DevicesAttribs, SupervisorListenIn]`, '/device/supervisorMonitoringState/targetDeviceUri'));
  }
}

/**
 * The agent's call shows whether a supervisor listens in (`supervisorListeningIn` [src:
 * CallsMessageType]): polled with GET /me/calls/{id} until it shows `expected` or the deadline passes.
 */
export async function expectListening(flow: CallFlow, callId: string, expected: boolean, after: string): Promise<void> {
  const { gate } = flow;
  const deadlineMs = gate.context.asyncDeadlineMs;
  const read = () => gate.user.send({ method: 'GET', path: `/me/calls/${encodeURIComponent(callId)}` });
  const seen = await eventually(read, (e) => valueAt(asJson(e.response.body), '/call/supervisorListeningIn') === expected, { deadlineMs });
  if (!seen.ok) {
    const shown = valueAt(asJson(seen.last.response.body), '/call/supervisorListeningIn');
    gate.fail(flow.task, flow.operation, ruleViolation('status-code', 'supervisor-listening', `the agent's call ${callId} shows supervisorListeningIn ${JSON.stringify(shown) ?? 'missing'}, not ${String(expected)}, ${deadlineMs} ms after ${after} [src: CallsMessageType]`, '/call/supervisorListeningIn'), seen.last);
  }
}

/**
 * Rings the agent by having the supervisor dial the agent's device phone number [src: CallsDial
 * 8.5.2]; the Dial is judged as `dial` and must be acknowledged. Returns the instant before the Dial.
 */
export async function dialAgentAsSupervisor(flow: CallFlow, dial: Operation, caller: FlowIdentity): Promise<number> {
  const { gate, task } = flow;
  const phoneNumber = flow.device['phoneNumber'];
  if (typeof phoneNumber !== 'string' || phoneNumber === '') {
    return gate.fail(task, dial, ruleViolation('status-code', 'device', `the agent's device ${flow.deviceId} shows no phoneNumber for the supervisor to dial [src: DevicesAttribs]`));
  }
  const side = await readSupervisor(caller.session);
  const from = side.deviceIds[0];
  if (from === undefined) {
    return gate.fail(task, dial, ruleViolation('status-code', 'device', `GET /me/devices?fields=* as ${caller.credentials.username} shows no device to dial the agent from [src: DevicesAttribs]`), side.exchange);
  }
  const body = { operationName: 'Dial', destination: { phoneNumber } };
  return sendAcknowledged({ ...flow, operation: dial }, { method: 'POST', path: `/me/devices/${encodeURIComponent(from)}/calls`, body }, caller.session);
}

/**
 * Waits for an inbound call to ring on the agent's device: a StatusChange Ringing on
 * /v2/me/calls for a call GET /me/calls lists as Ringing (GET alone without CometD). Returns its id.
 */
export async function awaitRinging(flow: CallFlow, sentAt: number, what: string): Promise<string> {
  const { gate, task, operation } = flow;
  const deadlineMs = gate.context.asyncDeadlineMs;
  if (flow.session === undefined) {
    const seen = await eventually(() => readCalls(gate), (r) => r.calls.some((c) => c['state'] === 'Ringing'), { deadlineMs });
    const call = seen.last.calls.find((c) => c['state'] === 'Ringing');
    if (!seen.ok || call === undefined) return gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `GET /me/calls shows no Ringing call ${deadlineMs} ms after ${what}`), seen.last.exchange);
    return String(call['id']);
  }
  const ringing = newCallCheck(flow, RINGING, what, 'Ringing');
  await expectOutcome(flow, ringing, sentAt);
  return ringing.callId();
}
