import type { TestContext } from 'vitest';
import type { Credentials } from '../../config/index.ts';
import { SCHEMA_BASE, type ExpectedOutcome, type Operation } from '../../contracts/index.ts';
import type { NotificationSession, ReceivedNotification } from '../../notifications/index.ts';
import { eventually } from './eventually.ts';
import { ruleViolation, type Gate } from './harness.ts';
import type { Exchange, GateRequest, GateSession } from './http.ts';
import { failOnNotification, watchTopics } from './notifications.ts';

type Test = TestContext['task'];
type Json = Readonly<Record<string, unknown>>;

/** The topics of call control: calls, devices (DND, forwarding, agent state), channels [src: CallsMessageType, DevicesAttribs, AgentStateControl*]. */
const CALL_TOPICS = ['/v2/me/calls', '/v2/me/devices', '/v2/me/channels'] as const;
const MESSAGE_SCHEMA = `${SCHEMA_BASE}notifications/message.json`;

/** One contract's view of one identity (the agent unless named): its device and, where the server has CometD, a subscription opened before any operation. */
export interface CallFlow {
  readonly gate: Gate;
  readonly task: Test;
  readonly operation: Operation;
  readonly deviceId: string;
  /** The device as GET /me/devices?fields=* showed it when the flow opened. */
  readonly device: Json;
  /** Whose device and notifications these are; operations go out as this session unless another is named. */
  readonly sender: GateSession;
  readonly session: NotificationSession | undefined;
  close(): Promise<void>;
}

/** A second identity a flow can be opened as (the supervisor). */
export interface FlowIdentity {
  readonly session: GateSession;
  readonly credentials: Credentials;
}

/** What an operation is to lead to, and how to find and read back the item that shows it. */
export interface OutcomeCheck {
  readonly outcome: ExpectedOutcome;
  /** The operation as the failure names it, e.g. `Hold on call 0123`. */
  readonly what: string;
  /** The value `outcome.shows` must have (null: the attribute is gone). */
  readonly value: string | null;
  /** The item of a message's `data` this contract is about (the call, the agent's device, the voice channel). */
  item(data: Json): Json | undefined;
  /** Reads the item back with a GET. */
  read(): Promise<{ readonly exchange: Exchange; readonly item: Json | undefined }>;
  /** What the GET must show, when it is not the announced value itself (a Dial may be answered before the GET). */
  readShows?(item: Json | undefined): boolean;
}

const asJson = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
const listOf = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asJson).filter((v): v is Json => v !== undefined) : []);

/** The value at a JSON pointer (`/supervisorMonitoringState/state`); undefined when absent. */
export function valueAt(item: Json | undefined, pointer: string): unknown {
  let current: unknown = item;
  for (const key of pointer.split('/').slice(1)) current = asJson(current)?.[key];
  return current;
}

function shows(check: OutcomeCheck, item: Json | undefined): boolean {
  if (item === undefined) return false;
  if (check.outcome.shows === undefined) return true;
  const actual = valueAt(item, check.outcome.shows.pointer);
  return check.value === null ? actual === undefined : actual === check.value;
}

function dataOf(notification: ReceivedNotification): Json {
  return asJson(notification.message['data']) ?? {};
}

/** Is this the kind of message the outcome names: topic, messageType and notificationType [src: CallsMessageType, NOTREADY]? */
function ofKind(outcome: ExpectedOutcome, notification: ReceivedNotification): boolean {
  if (notification.channel !== outcome.topic) return false;
  const data = dataOf(notification);
  if (outcome.topic === '/v2/me/calls') {
    return data['messageType'] === 'CallStateChangeMessage' && (outcome.notificationType === undefined || data['notificationType'] === outcome.notificationType);
  }
  return outcome.topic !== '/v2/me/devices' || data['messageType'] === 'DeviceStateChangeMessage';
}

function summary(notifications: readonly ReceivedNotification[]): string {
  if (notifications.length === 0) return 'none';
  return notifications
    .slice(0, 6)
    .map((n) => {
      const data = dataOf(n);
      const call = asJson(data['call']);
      return [n.channel, data['messageType'], data['notificationType'], call?.['id'], call?.['state']].filter((p) => p !== undefined).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
    })
    .join('; ');
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

/** Sends an operation that must be acknowledged with exactly {"statusCode":0} [src: MAR, RV852]; the instant before sending. */
export async function sendAcknowledged(flow: CallFlow, request: GateRequest, session: GateSession = flow.sender): Promise<number> {
  const sentAt = performance.now();
  const exchange = await session.send(request);
  const exact = exchange.response.rawBody !== '' && JSON.stringify(exchange.response.body) === '{"statusCode":0}';
  const named = asJson(request.body)?.['operationName'];
  const name = typeof named === 'string' ? named : request.method;
  flow.gate.expect(flow.task, flow.operation, exchange, {
    request: request.query === undefined ? {} : { query: request.query },
    extra: exact ? [] : [ruleViolation('envelope', 'operation-ack', `${name} answered ${exchange.response.rawBody.slice(0, 200)}, not exactly {"statusCode":0} [src: MAR]`)],
  });
  return sentAt;
}

/** Sends an operation that must be refused with one of `codes` (an error envelope, nothing changes [src: RV852]). */
export async function sendRefused(flow: CallFlow, request: GateRequest, codes: readonly number[], session: GateSession = flow.sender): Promise<void> {
  const exchange = await session.send(request);
  flow.gate.expect(flow.task, flow.operation, exchange, { expectStatusCodes: codes });
}

/**
 * The asynchronous contract of a call, device or supervisor operation: within the deadline the
 * message the outcome names arrives, meets its schema and shows the value, and a GET afterwards
 * agrees; without CometD the GET alone must show it. A Voice ErrorMessage instead fails as such
 * [src: ErrorHandling 8.5.2]. Returns the item as the GET shows it.
 */
export async function expectOutcome(flow: CallFlow, check: OutcomeCheck, sentAt: number): Promise<Json | undefined> {
  const { gate, task, operation, session } = flow;
  const deadline = gate.context.asyncDeadlineMs;
  const attribute = check.outcome.shows === undefined ? '' : ` ${check.outcome.shows.pointer.slice(1)} ${check.value === null ? 'gone' : check.value}`;
  if (session === undefined) {
    const seen = await eventually(() => check.read(), (r) => shows(check, r.item), { deadlineMs: deadline });
    if (!seen.ok) gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `GET does not show${attribute} ${deadline} ms after ${check.what} was acknowledged`), seen.last.exchange);
    return seen.last.item;
  }
  const result = await session.waitFor((n) => ofKind(check.outcome, n) && shows(check, check.item(dataOf(n))), { after: sentAt, timeoutMs: deadline });
  if (result.kind !== 'received') {
    const since = session.received().filter((n) => n.receivedAt >= sentAt);
    const error = since.find((n) => dataOf(n)['messageType'] === 'ErrorMessage');
    if (error !== undefined) {
      failOnNotification(task, operation, error, [ruleViolation('status-code', 'voice-error', `${check.what} was acknowledged, then failed: ErrorMessage ${JSON.stringify(dataOf(error)).slice(0, 300)} [src: ErrorHandling 8.5.2]`)], sentAt);
    }
    const read = await check.read();
    const kind = check.outcome.notificationType ?? (check.outcome.topic === '/v2/me/devices' ? 'DeviceStateChangeMessage' : 'message');
    return gate.fail(task, operation, ruleViolation('status-code', 'notification', `no ${kind} on ${check.outcome.topic} showing${attribute} within ${deadline} ms after ${check.what} was acknowledged (received: ${summary(since)}; GET then shows ${JSON.stringify(check.outcome.shows === undefined ? read.item : valueAt(read.item, check.outcome.shows.pointer)) ?? 'nothing'})`), read.exchange);
  }
  const violations = [...gate.contracts.validate(MESSAGE_SCHEMA, result.notification.message), ...gate.contracts.validate(check.outcome.schema, result.notification.message)]
    .map((v) => ({ ...v, message: v.message.replace(/^value /, 'notification ') }));
  failOnNotification(task, operation, result.notification, violations, sentAt);
  const read = await check.read();
  if (!(check.readShows?.(read.item) ?? shows(check, read.item))) {
    gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `the notification announced${attribute} after ${check.what}, but GET then shows ${JSON.stringify(check.outcome.shows === undefined ? read.item : valueAt(read.item, check.outcome.shows.pointer)) ?? 'nothing'}`), read.exchange);
  }
  return read.item;
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

export { asJson, listOf };
