import { performance } from 'node:perf_hooks';
import { CometD, type Message, type Transport } from 'cometd';
import { basicAuthorization } from '../client/index.ts';
import { notificationUrl, type NotificationAuth, type NotificationOptions, type NotificationSession, type OpenFailure, type OpenResult, type ReceivedNotification } from './session.ts';
import { IsolatedLongPollingTransport, ensureCometDGlobals } from './transport.ts';

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
 * The CometD session behind openNotificationSession(): the CometD project's own JavaScript client over long-polling, the
 * transport GWS 8.5 supports [src: COMETDDEP]. Never rejects: a failed handshake is a value, and
 * the client is stopped so that it does not retry on its own.
 */
export function openCometDSession(options: NotificationOptions): Promise<OpenResult> {
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

