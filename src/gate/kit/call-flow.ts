import type { TestContext } from 'vitest';
import type { Credentials } from '../../config/index.ts';
import type { Operation } from '../../contracts/index.ts';
import type { ExpectedOutcome } from '../../contracts/outcomes.ts';
import { ruleViolation, type Gate } from './harness.ts';
import type { Exchange, GateSession } from './http.ts';
import { asJson, listOf, valueAt, type InteractionFlow, type Json, type OutcomeCheck } from './interaction-flow.ts';
import { watchTopics } from './notifications.ts';

type Test = TestContext['task'];

/** The topics of call control: calls, devices (DND, forwarding, agent state), channels [src: CallsMessageType, DevicesAttribs, AgentStateControl*]. */
const CALL_TOPICS = ['/v2/me/calls', '/v2/me/devices', '/v2/me/channels'] as const;

/** One contract's view of one identity (the agent unless named): its device and, where the server has CometD, a subscription opened before any operation. */
export interface CallFlow extends InteractionFlow {
  readonly deviceId: string;
  /** The device as GET /me/devices?fields=* showed it when the flow opened. */
  readonly device: Json;
}

/** A second identity a flow can be opened as (the supervisor). */
export interface FlowIdentity {
  readonly session: GateSession;
  readonly credentials: Credentials;
}

/**
 * Opens the flow: reads the device of the agent, or of `as` (GET /me/devices?fields=*), and
 * subscribes to the call, device and channel topics as that identity. Fails the contract when there
 * is no device or the notification endpoint refuses valid credentials.
 */
export async function openCallFlow(gate: Gate, task: Test, operation: Operation, as?: FlowIdentity): Promise<CallFlow> {
  const sender = as?.session ?? gate.user;
  const read = await sender.send({ method: 'GET', path: '/me/devices', query: { fields: '*' } });
  const device = listOf(asJson(read.response.body)?.['devices'])[0];
  const deviceId = valueAt(device, '/id');
  if (device === undefined || typeof deviceId !== 'string' || deviceId === '') {
    const who = as === undefined ? '' : ` as ${as.credentials.username}`;
    return gate.fail(task, operation, ruleViolation('status-code', 'device', `GET /me/devices?fields=*${who} shows no device to dial from or operate [src: DevicesAttribs]`), read);
  }
  const watching = await watchTopics(gate, CALL_TOPICS, as?.credentials);
  if (watching.kind === 'failed') gate.fail(task, operation, watching.violation);
  const session = watching.kind === 'watching' ? watching.session : undefined;
  return { gate, task, operation, deviceId, device, sender, session, close: async () => void (await session?.close()) };
}

/** The call of a CallStateChangeMessage or a GET, by id. */
export function callCheck(flow: CallFlow, callId: string, outcome: ExpectedOutcome, what: string): OutcomeCheck {
  return {
    outcome,
    what,
    value: outcome.shows === undefined || typeof outcome.shows.value !== 'string' ? null : outcome.shows.value,
    item: (data) => {
      const call = asJson(data['call']);
      return call?.['id'] === callId ? call : undefined;
    },
    read: async () => {
      // A released call leaves the agent's calls [src: RecoveringExistingState 8.6.0]; whether it
      // can still be read by id is undocumented.
      if (outcome.shows?.value === 'Released') {
        const { exchange, calls } = await readCalls(flow.gate);
        return { exchange, item: calls.find((c) => c['id'] === callId) ?? { id: callId, state: 'Released' } };
      }
      const exchange = await flow.gate.user.send({ method: 'GET', path: `/me/calls/${encodeURIComponent(callId)}` });
      return { exchange, item: asJson(asJson(exchange.response.body)?.['call']) };
    },
  };
}

/**
 * A call the operation creates: the first call a CallStateChangeMessage announces in `state`, read
 * back by that id from GET /me/calls. `callId()` is the announced id ('' until one is announced).
 */
export function newCallCheck(flow: CallFlow, outcome: ExpectedOutcome, what: string, state: string): OutcomeCheck & { callId(): string } {
  let announced: string | undefined;
  return {
    outcome,
    what,
    value: state,
    item: (data) => {
      const call = asJson(data['call']);
      if (call?.['state'] === state && announced === undefined) announced = String(call['id']);
      return call;
    },
    read: async () => {
      const { exchange, calls } = await readCalls(flow.gate);
      return { exchange, item: calls.find((c) => c['id'] === announced) };
    },
    callId: () => announced ?? '',
  };
}

/** The flow's device in a DeviceStateChangeMessage or GET /me/devices/{id}. */
export function deviceCheck(flow: CallFlow, outcome: ExpectedOutcome, what: string, value: string | null): OutcomeCheck {
  return {
    outcome,
    what,
    value,
    item: (data) => listOf(data['devices']).find((d) => d['id'] === flow.deviceId),
    read: async () => {
      const exchange = await flow.sender.send({ method: 'GET', path: `/me/devices/${encodeURIComponent(flow.deviceId)}` });
      return { exchange, item: asJson(asJson(exchange.response.body)?.['device']) };
    },
  };
}

/** One channel of the agent in a channel message or GET /me/channels?fields=*. */
export function channelCheck(flow: CallFlow, outcome: ExpectedOutcome, what: string, channel: string): OutcomeCheck {
  const pick = (list: unknown) => listOf(list).find((c) => c['channel'] === channel);
  return {
    outcome,
    what,
    value: outcome.shows === undefined || typeof outcome.shows.value !== 'string' ? null : outcome.shows.value,
    item: (data) => pick(data['channels']),
    read: async () => {
      const exchange = await flow.gate.user.send({ method: 'GET', path: '/me/channels', query: { fields: '*' } });
      return { exchange, item: pick(asJson(exchange.response.body)?.['channels']) };
    },
  };
}

/** The agent's calls as GET /me/calls?fields=* shows them [src: RecoveringExistingState 8.6.0]. */
export async function readCalls(gate: Gate): Promise<{ readonly exchange: Exchange; readonly calls: readonly Json[] }> {
  const exchange = await gate.user.send({ method: 'GET', path: '/me/calls', query: { fields: '*' } });
  return { exchange, calls: listOf(asJson(exchange.response.body)?.['calls']) };
}
