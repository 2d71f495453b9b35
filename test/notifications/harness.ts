import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createNotificationEndpoint,
  type NotificationEndpoint,
  type NotificationEndpointOptions,
  type NotificationIdentity,
} from '../../src/simulator/notifications/index.ts';
import type { Device, StateAppliedEvent } from '../../src/simulator/types.ts';

export const AGENT = { userName: 'ksippo', password: '', userId: '63630bbebf4840d7a0bffd6312bc29ff' };
export const OTHER = { userName: 'lagent', password: 'secret', userId: '7b1c2d3e4f5a4b6c8d9e0f1a2b3c4d5e' };
export const SUPERVISOR = { userName: 'lsupervisor', password: 'supervisor', userId: '5e0f1a2b3c4d4e5f8a9b0c1d2e3f4a5b' };

const SESSION_COOKIES: Record<string, NotificationIdentity> = {
  'sess-agent': { userId: AGENT.userId, roles: ['ROLE_AGENT'] },
};

/** Basic credentials and a JSESSIONID, resolved the way the simulator resolves them. */
export function authenticate(headers: http.IncomingHttpHeaders): NotificationIdentity | undefined {
  const cookie = /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(headers.cookie ?? '')?.[1];
  if (cookie !== undefined) return SESSION_COOKIES[cookie];
  const match = /^Basic (.+)$/.exec(headers.authorization ?? '');
  if (match?.[1] === undefined) return undefined;
  const [userName, ...rest] = Buffer.from(match[1], 'base64').toString('latin1').split(':');
  const password = rest.join(':');
  for (const [user, roles] of [
    [AGENT, ['ROLE_AGENT']],
    [OTHER, ['ROLE_AGENT']],
    [SUPERVISOR, ['ROLE_AGENT', 'ROLE_SUPERVISOR']],
  ] as const) {
    if (user.userName === userName && user.password === password) return { userId: user.userId, roles };
  }
  return undefined;
}

export interface Harness {
  readonly endpoint: NotificationEndpoint;
  /** API root, e.g. http://127.0.0.1:PORT/api/v2 */
  readonly apiRoot: string;
  readonly notificationsUrl: string;
  /** Makes the server stop answering (requests are accepted and never answered) until `serve()`. */
  hang(): void;
  serve(): void;
  close(): Promise<void>;
}

/** A bare HTTP server routing `/api/v2/notifications` (and the `/handshake`... suffixes the CometD client appends) to the endpoint. */
export async function startHarness(options: Partial<NotificationEndpointOptions> = {}): Promise<Harness> {
  const endpoint = createNotificationEndpoint({ authenticate, longPollTimeoutMs: 5000, ...options });
  let hanging = false;
  const server = http.createServer((req, res) => {
    if (hanging) return;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/api/v2/notifications' || path.startsWith('/api/v2/notifications/')) {
      endpoint.handle(req, res);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ statusCode: 6, statusMessage: 'Not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const apiRoot = `http://127.0.0.1:${port}/api/v2`;
  return {
    endpoint,
    apiRoot,
    notificationsUrl: `${apiRoot}/notifications`,
    hang: () => {
      hanging = true;
    },
    serve: () => {
      hanging = false;
    },
    async close() {
      endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function device(id: string, state: 'Ready' | 'NotReady'): Device {
  return {
    id,
    deviceState: 'Active',
    userState:
      state === 'Ready'
        ? { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' }
        : { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' },
    phoneNumber: '5000',
    e164Number: '5000',
    telephonyNetwork: 'Private',
    doNotDisturb: 'Off',
    voiceEnvironmentUri: 'http://127.0.0.1:8090/api/v2/voice-environments/a7f3c2e1-5b4d-4c6a-9e8f-0d1c2b3a4f5e',
    capabilities: ['ForwardCallsOn', 'DoNotDisturbOn'],
  };
}

export const AGENT_DEVICE = '74152ed8-9e3a-4c1b-8f2d-5a6b7c8d9e01';
export const OTHER_DEVICE = '85263fe9-af4b-4d2c-9a3e-6b7c8d9e0f02';

export function applied(userId: string, deviceId: string, state: 'Ready' | 'NotReady'): StateAppliedEvent {
  const d = device(deviceId, state);
  return {
    userId,
    devices: [d],
    channels: [{ channel: 'voice', userState: d.userState, phoneNumber: '5000', switchName: 'SIP_Switch', userActivity: 'Idle' }],
  };
}
