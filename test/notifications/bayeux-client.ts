/**
 * Promise helpers around the CometD project's own JavaScript client (`cometd` with the Node
 * adapter `cometd-nodejs-client`), used as a browser agent desktop would use it [src: CODE-JS].
 */
import { adapt } from 'cometd-nodejs-client';
import { CometD, type Message } from 'cometd';

adapt();

export interface TestClient {
  readonly cometd: CometD;
  readonly received: Message[];
  /** Resolves with the next message whose channel starts with the prefix (already received ones count). */
  next(channelPrefix?: string, timeoutMs?: number): Promise<Message>;
  subscribe(channel: string): Promise<Message>;
  publish(channel: string, data: unknown): Promise<Message>;
  disconnect(): Promise<Message>;
}

export function newClient(url: string, requestHeaders: Record<string, string> = {}): CometD {
  const cometd = new CometD();
  // Long-polling only, as GWS 8.5 supports and agent desktops configure it [src: COMETDDEP, CODE-JS].
  cometd.unregisterTransport('websocket');
  cometd.unregisterTransport('callback-polling');
  cometd.configure({ url, logLevel: 'warn', requestHeaders });
  return cometd;
}

export function handshake(cometd: CometD): Promise<Message> {
  return new Promise((resolve) => {
    cometd.handshake((reply) => {
      if (reply.successful !== true) cometd.disconnect();
      resolve(reply);
    });
  });
}

export function basic(username: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

/** A handshaken client; throws when the handshake is refused. */
export async function connect(url: string, requestHeaders: Record<string, string>): Promise<TestClient> {
  const cometd = newClient(url, requestHeaders);
  const reply = await handshake(cometd);
  if (reply.successful !== true) throw new Error(`handshake refused: ${JSON.stringify(reply)}`);
  const received: Message[] = [];
  const waiters: (() => void)[] = [];
  let consumed = 0;
  const onMessage = (message: Message) => {
    received.push(message);
    for (const waiter of waiters.splice(0)) waiter();
  };
  return {
    cometd,
    received,
    next(channelPrefix = '/', timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const look = (): boolean => {
          while (consumed < received.length) {
            const message = received[consumed++];
            if (message !== undefined && message.channel.startsWith(channelPrefix)) {
              clearTimeout(timer);
              resolve(message);
              return true;
            }
          }
          return false;
        };
        const timer = setTimeout(() => reject(new Error(`no message on ${channelPrefix} within ${timeoutMs} ms`)), timeoutMs);
        const wait = () => {
          if (!look()) waiters.push(wait);
        };
        wait();
      });
    },
    subscribe(channel) {
      return new Promise((resolve) => {
        cometd.subscribe(channel, onMessage, (reply) => resolve(reply));
      });
    },
    publish(channel, data) {
      return new Promise((resolve) => {
        cometd.publish(channel, data, (reply) => resolve(reply));
      });
    },
    disconnect() {
      return new Promise((resolve) => {
        cometd.disconnect((reply) => resolve(reply));
      });
    },
  };
}
