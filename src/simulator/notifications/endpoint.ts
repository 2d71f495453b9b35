import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import cometd from 'cometd-nodejs-server';
import type { CometDServer, ServerChannel, ServerMessage, ServerSession } from 'cometd-nodejs-server';
import type { Reply } from '../envelope.ts';
import { errors } from '../errors.ts';
import type { StateAppliedEvent } from '../types.ts';
import { channelMatches, maySubscribe } from './channels.ts';
import { malformed, notificationsFor, withWrongState, type Notification } from './messages.ts';

/** Who a notification request belongs to, as the simulator's Basic/JSESSIONID check resolved it. */
export interface NotificationIdentity {
  readonly userId: string;
  readonly roles?: readonly string[];
}

/** Resolves a transport request's Basic header or session cookie; undefined when neither is valid. */
export type NotificationAuthenticator = (headers: IncomingHttpHeaders) => NotificationIdentity | undefined;

export const NOTIFICATION_FAULT_TYPES = ['notification-dropped', 'notification-delayed', 'notification-malformed'] as const;
export type NotificationFaultType = (typeof NOTIFICATION_FAULT_TYPES)[number];

/** What happens to one notification about to be delivered. */
export type NotificationFault =
  | { readonly type: 'notification-dropped' }
  | { readonly type: 'notification-delayed'; readonly delayMs: number }
  | { readonly type: 'notification-malformed' };

/** Deliberately wrong notification behaviours, for the gate's self-test. */
export const NOTIFICATION_DEFECT_MODES = ['notification-wrong-state', 'notification-malformed', 'notification-wrong-user'] as const;
export type NotificationDefect = (typeof NOTIFICATION_DEFECT_MODES)[number];

export interface NotificationEndpointOptions {
  readonly authenticate: NotificationAuthenticator;
  /** Consulted once per notification and channel; absent or undefined: deliver normally. */
  readonly faultFor?: (channel: string) => NotificationFault | undefined;
  /** Active defect modes, read at every publish (unknown names are ignored). */
  readonly defects?: () => Iterable<string>;
  /** How long a /meta/connect is held when nothing is to be sent (default 30000, the CometD default). */
  readonly longPollTimeoutMs?: number;
  /** How long a session lives without a /meta/connect before the server drops it (default 10000). */
  readonly maxIntervalMs?: number;
  /** Largest accepted transport request body (default 64 KiB). */
  readonly maxBodyBytes?: number;
  /** HTTP status for a transport request without valid credentials (default 403, as the REST API). */
  readonly authFailureStatus?: 401 | 403;
}

export interface NotificationEndpoint {
  /** Serves one Bayeux long-polling request (handshake, connect, subscribe, unsubscribe, disconnect). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Sends the notifications of an applied state change to the sessions of the user concerned. */
  publish(event: StateAppliedEvent): void;
  /** Sends ready-made notifications (call messages, Voice errors) to the sessions of one user. */
  publishTo(userId: string, notifications: readonly Notification[]): void;
  /** Sessions that completed a handshake and have not disconnected or expired. */
  readonly sessionCount: number;
  /** Disconnects every session (answering held long-polls) and stops the session sweeper; a later request starts afresh. */
  close(): void;
}

interface Connected {
  readonly session: ServerSession;
  readonly identity: NotificationIdentity;
}

const IDENTITY = Symbol('gwscheck.notificationIdentity');
type HandshakeMessage = ServerMessage & { [IDENTITY]?: NotificationIdentity };

function answer(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.httpStatus, { 'Content-Type': 'application/json', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

function isMessage(value: unknown): value is ServerMessage {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { channel?: unknown }).channel === 'string';
}

/**
 * The simulator's CometD endpoint, on the CometD project's own Node server. Authentication is not a
 * Bayeux concern there, so it is added around it: each transport request is resolved to a user before
 * the server sees it, the handshake is granted only with an identity (security policy `canHandshake`),
 * and later requests must come from the same user. Topics are per user (`/v2/me/...`), which a Bayeux
 * broadcast channel cannot express, so notifications are delivered session by session instead of
 * published on the channel, and clients may not publish at all.
 */
export function createNotificationEndpoint(options: NotificationEndpointOptions): NotificationEndpoint {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const authFailureStatus = options.authFailureStatus ?? 403;
  const connected = new Map<string, Connected>();
  const timers = new Set<NodeJS.Timeout>();
  let server: CometDServer | undefined;

  // The CometD server sweeps sessions on a timer that would keep the process alive; it is created
  // on the first request and dropped again once its last session is gone.
  function cometdServer(): CometDServer {
    server ??= createServer();
    return server;
  }

  function release(): void {
    server?.close();
    server = undefined;
  }

  function createServer(): CometDServer {
    const created = cometd.createCometDServer({
      timeout: options.longPollTimeoutMs ?? 30_000,
      maxInterval: options.maxIntervalMs ?? 10_000,
      // One test process runs many clients that share the Node adapter's cookie jar, hence one
      // BAYEUX_BROWSER id: without this, every client after the first would fall back to slow polling.
      maxSessionsPerBrowser: -1,
    });
    created.policy = {
      canHandshake(_session, message, callback) {
        callback(undefined, (message as HandshakeMessage)[IDENTITY] !== undefined);
      },
      canSubscribe(session: ServerSession, _message: ServerMessage, channel: ServerChannel, callback) {
        const identity = connected.get(session.id)?.identity;
        callback(undefined, identity !== undefined && maySubscribe(channel.name, identity.roles ?? []));
      },
      // GWS pushes; it takes no publications from clients, and a client publish on /v2/me/... would
      // otherwise reach every other user's subscription.
      canPublish(_session, _message, _channel, callback) {
        callback(undefined, false);
      },
    };
    created.addListener('sessionAdded', (session: ServerSession, message: HandshakeMessage) => {
      const identity = message[IDENTITY];
      if (identity !== undefined) connected.set(session.id, { session, identity });
    });
    created.addListener('sessionRemoved', (session: ServerSession) => {
      connected.delete(session.id);
      if (connected.size === 0 && server === created) release();
    });
    return created;
  }

  function process(req: IncomingMessage, res: ServerResponse, parsed: unknown): void {
    const messages = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
    if (messages.length === 0 || !messages.every(isMessage)) {
      answer(res, errors.invalidInput('Expected a JSON array of Bayeux messages, each with a channel', 400));
      return;
    }
    // A handshake opens a session that the other messages would belong to: it travels alone (Bayeux 1.0).
    if (messages.length > 1 && messages.some((m) => m.channel === '/meta/handshake')) {
      answer(res, errors.invalidInput('A /meta/handshake must be the only message of its request', 400));
      return;
    }
    const identity = options.authenticate(req.headers);
    for (const message of messages) {
      if (message.channel === '/meta/handshake') {
        Object.defineProperty(message, IDENTITY, { value: identity, enumerable: false });
        continue;
      }
      const owner = message.clientId === undefined ? undefined : connected.get(message.clientId)?.identity;
      if (identity === undefined || (owner !== undefined && owner.userId !== identity.userId)) {
        answer(res, errors.accessDenied(authFailureStatus));
        return;
      }
    }
    // The transport reads `request.body` when present instead of the stream.
    (req as IncomingMessage & { body?: unknown }).body = messages;
    res.on('close', () => {
      if (connected.size === 0) release();
    });
    cometdServer().handle(req, res);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') {
      answer(res, errors.transportNeedsPost());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let rejected = false;
    req.on('data', (chunk: Buffer) => {
      if (rejected) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        rejected = true;
        answer(res, errors.bodyTooLarge(maxBodyBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (rejected) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        answer(res, errors.invalidInput('Request body is not JSON', 400));
        return;
      }
      process(req, res, parsed);
    });
    req.on('error', () => {
      rejected = true;
    });
  }

  function deliver(notification: Notification, recipientOf: (identity: NotificationIdentity) => boolean): void {
    for (const { session, identity } of connected.values()) {
      if (!recipientOf(identity)) continue;
      const subscribed = session.subscriptions.some((channel) => channelMatches(channel.name, notification.channel));
      if (subscribed) session.deliver(null, notification.channel, notification.data);
    }
  }

  function publishTo(userId: string, notifications: readonly Notification[]): void {
    const defects = new Set(options.defects?.() ?? []);
    const recipientOf = defects.has('notification-wrong-user')
      ? (identity: NotificationIdentity) => identity.userId !== userId
      : (identity: NotificationIdentity) => identity.userId === userId;
    for (const original of notifications) {
      let notification = original;
      if (defects.has('notification-wrong-state')) notification = withWrongState(notification);
      if (defects.has('notification-malformed')) notification = malformed(notification);
      const fault = options.faultFor?.(notification.channel);
      if (fault?.type === 'notification-dropped') continue;
      if (fault?.type === 'notification-malformed') notification = malformed(notification);
      if (fault?.type === 'notification-delayed') {
        const ready = notification;
        const timer = setTimeout(() => {
          timers.delete(timer);
          deliver(ready, recipientOf);
        }, fault.delayMs);
        timers.add(timer);
      } else {
        deliver(notification, recipientOf);
      }
    }
  }

  return {
    handle,
    publish: (event) => publishTo(event.userId, notificationsFor(event)),
    publishTo,
    get sessionCount() {
      return connected.size;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const { session } of [...connected.values()]) session.disconnect();
      connected.clear();
      release();
    },
  };
}
