import { performance } from 'node:perf_hooks';
import { CometD, type Message, type Transport } from 'cometd';
import type { NotificationSessionCounter } from './counter.ts';
import { basicAuthorization } from '../client/index.ts';
import { IsolatedLongPollingTransport, ensureCometDGlobals } from './transport.ts';

/** How the session proves who it is: a Basic header on every transport request, or a session cookie. */
export type NotificationAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** A `Cookie` header value such as `JSESSIONID=...`, from an authenticated REST call. */
  | { readonly kind: 'cookie'; readonly cookie: string }
  | { readonly kind: 'none' };

export interface NotificationOptions {
  /** API root, e.g. http://host:8080/api/v2 */
  readonly baseUrl: string;
  readonly auth: NotificationAuth;
  /** Endpoint below the API root (default `/notifications` [src: CODE-NET, CODE-JS]). */
  readonly path?: string;
  /** Give up on a handshake after this long (default 5000). */
  readonly handshakeTimeoutMs?: number;
  /** Give up waiting for the disconnect reply after this long (default 2000); the session then counts as leaked. */
  readonly disconnectTimeoutMs?: number;
  /** Told about every session opened and closed. */
  readonly counter?: NotificationSessionCounter;
  /** Notifications kept for `waitFor` and `received` (default 500; the oldest go first). */
  readonly bufferLimit?: number;
}

export interface ReceivedNotification {
  readonly channel: string;
  /** The Bayeux message as received: channel, data and whatever else the server sent. */
  readonly message: Readonly<Record<string, unknown>>;
  /** `performance.now()` at arrival. */
  readonly receivedAt: number;
}

/**
 * Why a handshake did not give a session. denied: the server refused (a Bayeux `successful: false`
 * or HTTP 401/403); no-endpoint: something answered that is not a Bayeux endpoint (HTTP 404, 405,
 * 501 or a non-Bayeux 200); unreachable: no connection; timeout: no answer in time;
 * protocol-error: any other HTTP status.
 */
export type HandshakeFailure = 'denied' | 'no-endpoint' | 'unreachable' | 'timeout' | 'protocol-error';

export interface OpenFailure {
  readonly ok: false;
  readonly failure: HandshakeFailure;
  readonly httpStatus?: number;
  /** One line, e.g. `handshake refused: 403::handshake_denied`. */
  readonly detail: string;
}

export type OpenResult = { readonly ok: true; readonly session: NotificationSession } | OpenFailure;

export type SubscribeResult = { readonly ok: true } | { readonly ok: false; readonly channel: string; readonly detail: string };

export interface WaitOptions {
  readonly timeoutMs: number;
  /** Only notifications that arrived at or after this `performance.now()` instant count. */
  readonly after?: number;
  /** Stops waiting early; the result is then a timeout with what came. */
  readonly signal?: AbortSignal;
}

export type WaitResult =
  | { readonly kind: 'received'; readonly notification: ReceivedNotification }
  | { readonly kind: 'timeout'; readonly received: readonly ReceivedNotification[] };

export interface NotificationSession {
  readonly clientId: string;
  /** Subscribes to each channel (wildcards such as `/v2/me/*` and `/**` allowed). */
  subscribe(channels: readonly string[]): Promise<SubscribeResult>;
  /** The first kept notification matching the predicate, waiting up to the deadline for one. */
  waitFor(predicate: (notification: ReceivedNotification) => boolean, options: WaitOptions): Promise<WaitResult>;
  received(): readonly ReceivedNotification[];
  /** Disconnects; clean is false when the server did not confirm in time. Safe to call twice. */
  close(): Promise<{ readonly clean: boolean }>;
}

function requestHeaders(auth: NotificationAuth): Record<string, string> {
  switch (auth.kind) {
    case 'basic':
      return { Authorization: basicAuthorization(auth.username, auth.password) };
    case 'cookie':
      return { Cookie: auth.cookie };
    case 'none':
      return {};
  }
}

export function notificationUrl(baseUrl: string, path = '/notifications'): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

interface FailureInfo {
  readonly httpCode?: number;
  readonly reason?: string;
}

function classify(reply: Message): OpenFailure {
  const failure = (reply as Message & { failure?: FailureInfo }).failure;
  if (failure === undefined) {
    return { ok: false, failure: 'denied', detail: `handshake refused: ${reply.error ?? 'successful: false'}` };
  }
  const status = failure.httpCode ?? 0;
  if (status === 401 || status === 403) {
    return { ok: false, failure: 'denied', httpStatus: status, detail: `handshake refused with HTTP ${status}` };
  }
  if (status === 404 || status === 405 || status === 501 || status === 200) {
    return { ok: false, failure: 'no-endpoint', httpStatus: status, detail: `no CometD endpoint: HTTP ${status} to the handshake` };
  }
  if (status === 0) {
    return { ok: false, failure: 'unreachable', detail: `handshake failed: ${failure.reason || 'connection failed'}` };
  }
  return { ok: false, failure: 'protocol-error', httpStatus: status, detail: `handshake answered HTTP ${status}` };
}

/**
 * The CometD client prints its warnings on the console. Every outcome reaches the caller as a
 * value here, and a refused handshake makes it warn about transport negotiation, which would only
 * mislead a reader of the prober's or the gate's output.
 */
class QuietCometD extends CometD {
  _warn(): void {}
}

let sessionNumber = 0;

/**
 * Opens a CometD session with the CometD project's own JavaScript client over long-polling, the
 * transport GWS 8.5 supports [src: COMETDDEP]. Never rejects: a failed handshake is a value, and
 * the client is stopped so that it does not retry on its own.
 */
export function openNotificationSession(options: NotificationOptions): Promise<OpenResult> {
  ensureCometDGlobals();
  const client = new QuietCometD(`gwscheck-${++sessionNumber}`);
  client.unregisterTransports();
  client.registerTransport('long-polling', new IsolatedLongPollingTransport() as unknown as Transport);
  client.configure({
    url: notificationUrl(options.baseUrl, options.path),
    logLevel: 'warn',
    requestHeaders: requestHeaders(options.auth),
  });
  const bufferLimit = options.bufferLimit ?? 500;
  const buffer: ReceivedNotification[] = [];
  const waiters = new Set<(n: ReceivedNotification) => void>();
  const seen = new WeakSet<Message>();

  function onMessage(message: Message): void {
    // The client hands Bayeux meta replies to a `/**` subscription too; they are no notifications.
    if (message.channel.startsWith('/meta/')) return;
    // A message that matches several subscriptions (`/v2/me/devices` and `/v2/me/*`) is handed to each.
    if (seen.has(message)) return;
    seen.add(message);
    const notification: ReceivedNotification = {
      channel: message.channel,
      message: { ...message },
      receivedAt: performance.now(),
    };
    buffer.push(notification);
    if (buffer.length > bufferLimit) buffer.shift();
    for (const waiter of [...waiters]) waiter(notification);
  }

  let closing: Promise<{ clean: boolean }> | undefined;
  const session = (clientId: string): NotificationSession => ({
    clientId,
    subscribe(channels) {
      return new Promise((resolve) => {
        let pending = channels.length;
        let settled = false;
        if (pending === 0) resolve({ ok: true });
        client.batch(() => {
          for (const channel of channels) {
            client.subscribe(channel, onMessage, (reply: Message) => {
              if (settled) return;
              if (reply.successful !== true) {
                settled = true;
                resolve({ ok: false, channel, detail: `subscription to ${channel} refused: ${reply.error ?? 'transport failure'}` });
              } else if (--pending === 0) {
                settled = true;
                resolve({ ok: true });
              }
            });
          }
        });
      });
    },
    waitFor(predicate, waitOptions) {
      const after = waitOptions.after ?? Number.NEGATIVE_INFINITY;
      const matches = (n: ReceivedNotification) => n.receivedAt >= after && predicate(n);
      const kept = buffer.find(matches);
      if (kept !== undefined) return Promise.resolve({ kind: 'received', notification: kept });
      return new Promise((resolve) => {
        const { signal } = waitOptions;
        const stop = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
          signal?.removeEventListener('abort', giveUp);
        };
        const waiter = (n: ReceivedNotification) => {
          if (!matches(n)) return;
          stop();
          resolve({ kind: 'received', notification: n });
        };
        const giveUp = () => {
          stop();
          resolve({ kind: 'timeout', received: buffer.filter((n) => n.receivedAt >= after) });
        };
        const timer = setTimeout(giveUp, waitOptions.timeoutMs);
        waiters.add(waiter);
        if (signal?.aborted === true) giveUp();
        else signal?.addEventListener('abort', giveUp, { once: true });
      });
    },
    received: () => [...buffer],
    close() {
      closing ??= new Promise((resolve) => {
        let done = false;
        const finish = (clean: boolean) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          options.counter?.closed(clean);
          resolve({ clean });
        };
        const timer = setTimeout(() => finish(false), options.disconnectTimeoutMs ?? 2000);
        client.disconnect((reply: Message) => finish(reply.successful === true));
      });
      return closing;
    },
  });

  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: OpenResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const timer = setTimeout(() => {
      client.disconnect();
      settle({ ok: false, failure: 'timeout', detail: `no handshake reply within ${options.handshakeTimeoutMs ?? 5000} ms` });
    }, options.handshakeTimeoutMs ?? 5000);
    client.handshake((reply: Message) => {
      if (settled) return;
      if (reply.successful === true) {
        options.counter?.opened();
        settle({ ok: true, session: session(client.getClientId() ?? '') });
      } else {
        // Stop the client's own re-handshake loop.
        client.disconnect();
        settle(classify(reply));
      }
    });
  });
}

/**
 * Runs `use` with an open session and always closes it afterwards, also when `use` throws.
 * A failed handshake is returned, not thrown.
 */
export async function withNotificationSession<T>(
  options: NotificationOptions,
  use: (session: NotificationSession) => Promise<T>,
): Promise<{ readonly ok: true; readonly value: T; readonly clean: boolean } | OpenFailure> {
  const opened = await openNotificationSession(options);
  if (!opened.ok) return opened;
  let value: T;
  try {
    value = await use(opened.session);
  } catch (error) {
    await opened.session.close();
    throw error;
  }
  const { clean } = await opened.session.close();
  return { ok: true, value, clean };
}
