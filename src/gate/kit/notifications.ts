import type { TestContext } from 'vitest';
import type { Credentials } from '../../config/index.ts';
import { observedState, type ObservedState } from '../../contracts/agent-state.ts';
import type { Operation, Violation } from '../../contracts/index.ts';
import {
  DEVICES_CHANNEL,
  NOTIFICATION_SCHEMA_IDS,
  deviceStates,
  openNotificationSession,
  type NotificationSession,
  type OpenFailure,
  type ReceivedNotification,
} from '../../notifications/index.ts';
import { readVoice } from './agent.ts';
import { ContractViolationError, ruleViolation, type Gate } from './harness.ts';

type Test = TestContext['task'];

/**
 * How the gate observes asynchronous outcomes. auto: through CometD notifications when the server
 * has an endpoint, by polling GETs otherwise (said once); required: a missing endpoint fails the
 * contracts; off: polling only.
 */
export const NOTIFICATION_MODES = ['auto', 'required', 'off'] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

/** A subscription to one identity's `/v2/me/devices`, opened before the operation is sent. */
export interface DeviceWatch {
  /** The first DeviceStateChangeMessage that arrived at or after `after` (a `performance.now()` instant) and that `accept` takes. */
  next(after: number, timeoutMs: number, accept?: (notification: ReceivedNotification) => boolean): Promise<ReceivedNotification | undefined>;
  /** Every device notification that arrived at or after `after`. */
  since(after: number): readonly ReceivedNotification[];
  close(): Promise<void>;
}

export type WatchResult =
  | { readonly kind: 'watching'; readonly watch: DeviceWatch }
  /** Polling takes over; `reason` says why (the notification contracts say it once in the results). */
  | { readonly kind: 'polling'; readonly reason: string }
  | { readonly kind: 'failed'; readonly violation: Violation };

/** Why this run observes by polling, once known (one worker runs every spec file). */
let missingEndpoint: string | undefined;

export function notificationMode(gate: Gate): NotificationMode {
  return gate.context.notifications ?? 'auto';
}

function watchOf(session: NotificationSession): DeviceWatch {
  const devices = (after: number) => session.received().filter((n) => n.channel === DEVICES_CHANNEL && n.receivedAt >= after);
  return {
    async next(after, timeoutMs, accept = () => true) {
      const result = await session.waitFor((n) => n.channel === DEVICES_CHANNEL && accept(n), { after, timeoutMs });
      return result.kind === 'received' ? result.notification : undefined;
    },
    since: devices,
    close: async () => {
      await session.close();
    },
  };
}

function refusal(failure: OpenFailure, who: string, url: string): Violation {
  return ruleViolation('status-code', 'notification-handshake', `CometD handshake at ${url}/notifications as ${who} failed: ${failure.detail}`);
}

/** A subscription of one identity to the topics asked for, or why there is none. */
export type SessionResult =
  | { readonly kind: 'watching'; readonly session: NotificationSession }
  | Exclude<WatchResult, { kind: 'watching' }>;

/**
 * Opens a notification session as `credentials` and subscribes to `channels` [src: COMETD].
 * A server without an endpoint gives `polling` in auto mode (and fails in required mode); a refused
 * or broken handshake with valid credentials is a contract failure.
 */
export async function watchTopics(gate: Gate, channels: readonly string[], credentials: Credentials = gate.context.target.user): Promise<SessionResult> {
  const mode = notificationMode(gate);
  if (mode === 'off') {
    missingEndpoint ??= 'notifications are off (--notifications off): asynchronous outcomes are checked by polling';
    return { kind: 'polling', reason: missingEndpoint };
  }
  if (missingEndpoint !== undefined && mode === 'auto') return { kind: 'polling', reason: missingEndpoint };
  const baseUrl = gate.context.target.baseUrl;
  const opened = await openNotificationSession({
    baseUrl,
    auth: { kind: 'basic', username: credentials.username, password: credentials.password },
    handshakeTimeoutMs: gate.context.timeoutMs,
  });
  if (!opened.ok) {
    if (opened.failure === 'no-endpoint' && mode === 'auto') {
      missingEndpoint = `no CometD endpoint at ${baseUrl}/notifications (${opened.detail}): asynchronous outcomes are checked by polling`;
      return { kind: 'polling', reason: missingEndpoint };
    }
    return { kind: 'failed', violation: refusal(opened, credentials.username, baseUrl) };
  }
  const subscribed = await opened.session.subscribe(channels);
  if (!subscribed.ok) {
    await opened.session.close();
    return { kind: 'failed', violation: ruleViolation('status-code', 'notification-subscribe', subscribed.detail) };
  }
  return { kind: 'watching', session: opened.session };
}

/** Opens a notification session as `credentials` and subscribes to /v2/me/devices [src: COMETD]. */
export async function watchDevices(gate: Gate, credentials: Credentials = gate.context.target.user): Promise<WatchResult> {
  const result = await watchTopics(gate, [DEVICES_CHANNEL], credentials);
  return result.kind === 'watching' ? { kind: 'watching', watch: watchOf(result.session) } : result;
}

/** The device ids a DeviceStateChangeMessage is about. */
function announcedDeviceIds(notification: ReceivedNotification): string[] {
  const devices = (notification.message as { data?: { devices?: unknown } }).data?.devices;
  return Array.isArray(devices) ? devices.map((d) => String((d as { id?: unknown } | null)?.id)) : [];
}

/**
 * What is wrong with the notification that should announce `expected`: the shape of any GWS
 * notification and of DeviceStateChangeMessage [src: CALLMSG, NOTREADY, DEVRES], then the state.
 */
function notificationViolations(gate: Gate, notification: ReceivedNotification, expected: string): Violation[] {
  const message = notification.message;
  const shape = [
    ...gate.contracts.validate(NOTIFICATION_SCHEMA_IDS.message, message),
    ...gate.contracts.validate(NOTIFICATION_SCHEMA_IDS.deviceStateChange, message),
  ];
  const seen = new Set<string>();
  const violations = shape
    .filter((v) => {
      const key = `${v.pointer} ${v.keyword}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((v) => ({ ...v, message: v.message.replace(/^value /, 'notification ') }));
  const announced = announcedState(notification);
  if (announced !== undefined && announced !== expected) {
    violations.push(
      ruleViolation('status-code', 'notification-state', `DeviceStateChangeMessage announces ${announced}, not ${expected}`, '/data/devices/0/userState'),
    );
  }
  return violations;
}

/**
 * Records the notification as the contract's offending document and fails with every violation
 * (the breaking ones decide; the additive ones are recorded).
 */
export function failOnNotification(task: Test, operation: Operation, notification: ReceivedNotification, violations: readonly Violation[], sentAt: number): void {
  const breaking = violations.filter((v) => v.grade === 'breaking');
  task.meta.gate = {
    ...task.meta.gate,
    operation: operation.id,
    violations: [...(task.meta.gate?.violations ?? []), ...violations],
    exchange: {
      method: 'NOTIFY',
      path: `/notifications ${notification.channel}`,
      httpStatus: 200,
      contentType: 'application/json',
      body: notification.message,
      latencyMs: Math.round(notification.receivedAt - sentAt),
    },
  };
  if (breaking.length > 0) throw new ContractViolationError(breaking.map((v) => v.message).join('\n'));
}

/** The agent's subscription and, when admin credentials are configured, another user's, opened before an operation. */
export interface Watches {
  readonly agent: DeviceWatch;
  readonly bystander: DeviceWatch | undefined;
  /** Device ids of the agent, to recognise its changes in another user's messages. */
  readonly agentDevices: readonly string[];
  close(): Promise<void>;
}

/**
 * Subscribes the agent (and the admin, as a bystander who must hear nothing of the agent) to
 * /v2/me/devices. `polling` when the server has no endpoint in auto mode; `failed` names the rule.
 */
export async function openWatches(gate: Gate): Promise<{ readonly kind: 'watching'; readonly watches: Watches } | Exclude<WatchResult, { kind: 'watching' }>> {
  const read = await readVoice(gate);
  const devices = (read.exchange.response.body as { devices?: { id?: unknown }[] } | undefined)?.devices ?? [];
  const agent = await watchDevices(gate);
  if (agent.kind !== 'watching') return agent;
  const admin = gate.context.target.admin;
  const other = admin === undefined ? undefined : await watchDevices(gate, admin);
  const bystander = other?.kind === 'watching' ? other.watch : undefined;
  return {
    kind: 'watching',
    watches: {
      agent: agent.watch,
      bystander,
      agentDevices: devices.map((d) => String(d.id)),
      close: async () => {
        await Promise.all([agent.watch.close(), bystander?.close()]);
      },
    },
  };
}

/** The voice state a DeviceStateChangeMessage announces for the agent's first device, if any. */
function announcedState(notification: ReceivedNotification): ObservedState | undefined {
  const userState = deviceStates(notification.message)?.[0];
  return userState === undefined ? undefined : observedState(userState);
}

/**
 * The asynchronous contract through notifications: within the deadline a DeviceStateChangeMessage
 * that meets its schema and announces `expected` reaches the agent and nobody else, and a GET
 * afterwards agrees [src: COMETD; NOTREADY; domain note, faithful simulator item 9]. A message that
 * may be the late announcement of a change sent before this operation (a change to the state the
 * agent already showed is done at once for a GET, not for its notification) is not this
 * operation's outcome and is passed over; any other state announced fails.
 */
export async function expectAnnounced(gate: Gate, task: Test, operation: Operation, watches: Watches, expected: string, sentAt: number): Promise<void> {
  const deadline = gate.context.asyncDeadlineMs;
  const passedOver: ReceivedNotification[] = [];
  const isLate = (n: ReceivedNotification): boolean => {
    const announced = announcedState(n);
    const late = announced !== undefined && announced !== expected && gate.changes.mayBeLateAnnouncement('voice', announced, n.receivedAt, sentAt);
    if (late && !passedOver.includes(n)) passedOver.push(n);
    return late;
  };
  const notification = await watches.agent.next(sentAt, deadline, (n) => !isLate(n));
  const misdelivered = watches.bystander?.since(sentAt).find((n) => announcedDeviceIds(n).some((id) => watches.agentDevices.includes(id)));
  if (misdelivered !== undefined) {
    failOnNotification(task, operation, misdelivered, [
      ruleViolation('status-code', 'notification-user', "the agent's DeviceStateChangeMessage reached the session of another user (the configured admin); notifications on /v2/me/... belong to the user concerned only"),
    ], sentAt);
  }
  if (notification === undefined) {
    const read = await readVoice(gate);
    const late = passedOver.length === 0 ? '' : `; only ${passedOver.map((n) => announcedState(n)).join(', ')} arrived, which earlier changes asked for`;
    gate.fail(task, operation, ruleViolation('status-code', 'notification', `no DeviceStateChangeMessage announcing ${expected} on /v2/me/devices within ${deadline} ms after ${expected} was acknowledged${late} (GET /me/devices then shows ${read.label}) [src: COMETD]`), read.exchange);
  }
  failOnNotification(task, operation, notification, notificationViolations(gate, notification, expected), sentAt);
  const read = await readVoice(gate);
  if (read.label !== expected) {
    gate.fail(task, operation, ruleViolation('status-code', 'state-applied', `DeviceStateChangeMessage announced ${expected}, but GET /me/devices then shows ${read.label}`, '/devices/0/userState'), read.exchange);
  }
}
