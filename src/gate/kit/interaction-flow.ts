/**
 * The one flow of every interaction medium (calls, chats, ...): send an operation, check its
 * acknowledgement, then expect the outcome the medium's outcome table names, through the message on
 * the medium's topic (matched by the ack's referenceId where there is one) and a GET that agrees, or
 * through the GET alone where the server has no CometD. A medium adds only how to open its flow and
 * how to find its item in a message and a read (call-flow.ts, chat-flow.ts).
 */
import type { TestContext } from 'vitest';
import { SCHEMA_BASE, type Operation } from '../../contracts/index.ts';
import { type ExpectedOutcome } from '../../contracts/outcomes.ts';
import type { NotificationSession, ReceivedNotification } from '../../notifications/index.ts';
import { eventually } from './eventually.ts';
import { ruleViolation, type Gate } from './harness.ts';
import type { Exchange, GateRequest, GateSession } from './http.ts';
import { failOnNotification } from './notifications.ts';

type Test = TestContext['task'];
export type Json = Readonly<Record<string, unknown>>;

const MESSAGE_SCHEMA = `${SCHEMA_BASE}notifications/message.json`;

/**
 * One contract's conversation about interactions (calls, chats, ...): the operation it judges, the
 * session operations go out as, and, where the server has CometD, a subscription to the medium's
 * topics opened before any operation.
 */
export interface InteractionFlow {
  readonly gate: Gate;
  readonly task: Test;
  readonly operation: Operation;
  /** Operations go out as this session unless another is named. */
  readonly sender: GateSession;
  readonly session: NotificationSession | undefined;
  close(): Promise<void>;
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
  /**
   * Without CometD: what a GET must show to be taken as the outcome, for an outcome whose message
   * names no attribute (user data, participants); the contract judges the item afterwards.
   */
  pollUntil?(item: Json | undefined): boolean;
  /** What the GET must show, when it is not the announced value itself (a Dial may be answered before the GET). */
  readShows?(item: Json | undefined): boolean;
}

export const asJson = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);
export const listOf = (value: unknown): Json[] => (Array.isArray(value) ? value.map(asJson).filter((v): v is Json => v !== undefined) : []);

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

/** The messageType an outcome's message carries on its topic [src: CallsMessageType, NOTREADY, ChatMessageType, EmailMessageType, OpenMediaAPIMessageType]. */
function messageTypeOf(outcome: ExpectedOutcome): string | undefined {
  switch (outcome.topic) {
    case '/v2/me/calls':
      return 'CallStateChangeMessage';
    case '/v2/me/devices':
      return 'DeviceStateChangeMessage';
    case '/v2/me/chats':
      return outcome.notificationType === 'NewMessages' ? 'MessageLogUpdated' : 'ChatStateChangeMessage';
    case '/v2/me/emails':
      return 'EmailStateChangeMessage';
    case '/v2/me/openmedia':
      return 'OpenmediaStateChangeMessage';
    case '/v2/me/channels':
      return undefined;
  }
}

/**
 * Is this the message the outcome names: topic, messageType and notificationType, and, when the
 * operation's acknowledgement carried a referenceId, the same referenceId where the message carries
 * one [src: ChatMessageType 8.5.2: notifications repeat the request's referenceId]?
 */
function ofKind(outcome: ExpectedOutcome, notification: ReceivedNotification, referenceId?: number): boolean {
  if (notification.channel !== outcome.topic) return false;
  const data = dataOf(notification);
  const messageType = messageTypeOf(outcome);
  if (messageType !== undefined && data['messageType'] !== messageType) return false;
  if (outcome.notificationType !== undefined && outcome.topic !== '/v2/me/devices' && data['notificationType'] !== outcome.notificationType) return false;
  return referenceId === undefined || data['referenceId'] === undefined || data['referenceId'] === referenceId;
}

function summary(notifications: readonly ReceivedNotification[]): string {
  if (notifications.length === 0) return 'none';
  return notifications
    .slice(0, 6)
    .map((n) => {
      const data = dataOf(n);
      const item = ['call', 'chat', 'email', 'openmedia'].map((key) => asJson(data[key])).find((i) => i !== undefined);
      return [n.channel, data['messageType'], data['notificationType'], item?.['id'], item?.['state']].filter((p) => p !== undefined).map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
    })
    .join('; ');
}

/** An operation as it was acknowledged: the instant before sending, and the referenceId its outcome repeats, if the ack carried one. */
export interface Acknowledged {
  readonly sentAt: number;
  readonly referenceId?: number;
}

/**
 * Sends an operation that must be acknowledged with exactly {"statusCode":0} [src: MAR, RV852], or,
 * where `withReference`, {"statusCode":0,"referenceId":N} [src: ChatAttachUserData 8.5.2]; the
 * ack's referenceId, if any, names the notification that reports the outcome.
 */
export async function sendOperation(flow: InteractionFlow, request: GateRequest, options: { readonly session?: GateSession; readonly withReference?: boolean } = {}): Promise<Acknowledged> {
  const sentAt = performance.now();
  const exchange = await (options.session ?? flow.sender).send(request);
  const body = asJson(exchange.response.body);
  const referenceId = options.withReference === true && Number.isInteger(body?.['referenceId']) ? (body?.['referenceId'] as number) : undefined;
  const expected = referenceId === undefined ? '{"statusCode":0}' : `{"statusCode":0,"referenceId":${referenceId}}`;
  const exact = exchange.response.rawBody !== '' && JSON.stringify(exchange.response.body) === expected;
  const named = asJson(request.body)?.['operationName'];
  const name = typeof named === 'string' ? named : request.method;
  const wanted = options.withReference === true ? 'exactly {"statusCode":0}, or with a referenceId' : 'exactly {"statusCode":0}';
  flow.gate.expect(flow.task, flow.operation, exchange, {
    request: request.query === undefined ? {} : { query: request.query },
    extra: exact ? [] : [ruleViolation('envelope', 'operation-ack', `${name} answered ${exchange.response.rawBody.slice(0, 200)}, not ${wanted} [src: MAR]`)],
  });
  return { sentAt, ...(referenceId === undefined ? {} : { referenceId }) };
}

/** Sends an operation that must be acknowledged with exactly {"statusCode":0} [src: MAR, RV852]; the instant before sending. */
export async function sendAcknowledged(flow: InteractionFlow, request: GateRequest, session: GateSession = flow.sender): Promise<number> {
  return (await sendOperation(flow, request, { session })).sentAt;
}

/** Sends an operation that must be refused with one of `codes` (an error envelope, nothing changes [src: RV852]). */
export async function sendRefused(flow: InteractionFlow, request: GateRequest, codes: readonly number[], session: GateSession = flow.sender): Promise<void> {
  const exchange = await session.send(request);
  flow.gate.expect(flow.task, flow.operation, exchange, { expectStatusCodes: codes });
}

/**
 * The asynchronous contract of a call, device or supervisor operation: within the deadline the
 * message the outcome names arrives, meets its schema and shows the value, and a GET afterwards
 * agrees; without CometD the GET alone must show it. A Voice ErrorMessage instead fails as such
 * [src: ErrorHandling 8.5.2]. Returns the item as the GET shows it.
 */
export async function expectOutcome(flow: InteractionFlow, check: OutcomeCheck, sentAt: number, referenceId?: number): Promise<Json | undefined> {
  const { gate, task, operation, session } = flow;
  const deadline = gate.context.asyncDeadlineMs;
  const attribute = check.outcome.shows === undefined ? '' : ` ${check.outcome.shows.pointer.slice(1)} ${check.value === null ? 'gone' : check.value}`;
  if (session === undefined) {
    // Without a message to wait for, the GET is polled until it shows the outcome: a first GET taken
    // before the change applied is not the outcome.
    const seen = await eventually(() => check.read(), (r) => check.pollUntil?.(r.item) ?? shows(check, r.item), { deadlineMs: deadline });
    if (!seen.ok) gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `GET does not show${attribute} ${deadline} ms after ${check.what} was acknowledged`), seen.last.exchange);
    return seen.last.item;
  }
  const result = await session.waitFor((n) => ofKind(check.outcome, n, referenceId) && shows(check, check.item(dataOf(n))), { after: sentAt, timeoutMs: deadline });
  if (result.kind !== 'received') {
    const since = session.received().filter((n) => n.receivedAt >= sentAt);
    const error = since.find((n) => dataOf(n)['messageType'] === 'ErrorMessage');
    if (error !== undefined) {
      failOnNotification(task, operation, error, [ruleViolation('status-code', 'voice-error', `${check.what} was acknowledged, then failed: ErrorMessage ${JSON.stringify(dataOf(error)).slice(0, 300)} [src: ErrorHandling 8.5.2]`)], sentAt);
    }
    const read = await check.read();
    const kind = check.outcome.notificationType ?? messageTypeOf(check.outcome) ?? 'message';
    const reference = referenceId === undefined ? '' : ` with referenceId ${referenceId}`;
    return gate.fail(task, operation, ruleViolation('status-code', 'notification', `no ${kind}${reference} on ${check.outcome.topic} showing${attribute} within ${deadline} ms after ${check.what} was acknowledged (received: ${summary(since)}; GET then shows ${JSON.stringify(check.outcome.shows === undefined ? read.item : valueAt(read.item, check.outcome.shows.pointer)) ?? 'nothing'})`), read.exchange);
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
