import type { NotificationSessionCounter } from './counter.ts';

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

export function notificationUrl(baseUrl: string, path = '/notifications'): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * Opens a CometD session with the CometD project's own JavaScript client over long-polling, the
 * transport GWS 8.5 supports [src: COMETDDEP]. Never rejects: a failed handshake is a value, and
 * the client is stopped so that it does not retry on its own. The client loads with the first
 * session: a gate or prober run that opens none does not pay for it.
 */
export async function openNotificationSession(options: NotificationOptions): Promise<OpenResult> {
  const { openCometDSession } = await import('./cometd-session.ts');
  return openCometDSession(options);
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
