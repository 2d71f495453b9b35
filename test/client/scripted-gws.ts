import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A tiny GWS that plays a scripted conversation: Basic or JSESSIONID authentication, CSRF
 * protection as the 8.5.2 page describes it [src: CSRFAPI], and knobs the test turns between
 * requests (drop every session, rotate the token, give cookies a Max-Age).
 */
export const AGENT = { username: 'scripted-agent', password: 'S3cret-Pässword!' } as const;

export interface SeenRequest {
  readonly method: string;
  /** Path below /api/v2, query included. */
  readonly path: string;
  readonly authorization: boolean;
  readonly cookie: string | undefined;
  readonly csrf: string | undefined;
  readonly body: string;
}

interface Session {
  readonly id: string;
  token: string;
  /** A new token not yet handed out. */
  rotated: boolean;
}

const USER_ID = '0123456789abcdef0123456789abcdef';
const STATES = {
  Ready: { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' },
  NotReady: { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' },
} as const;

export interface ScriptedGws {
  readonly baseUrl: string;
  readonly seen: SeenRequest[];
  /** Forget every session, as a restarted or failed-over GWS does. */
  dropSessions(): void;
  /** Give every session a new CSRF token, handed out on the next response of any kind. */
  rotateTokens(): void;
  /** Max-Age for the next session cookies (undefined: a session cookie without expiry). */
  cookieMaxAge: number | undefined;
  /** A statusMessage for the next answers to GET /me, e.g. one echoing what the client sent. */
  echoOnMe: ((authorization: string | undefined) => string) | undefined;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startScriptedGws(): Promise<ScriptedGws> {
  const sessions = new Map<string, Session>();
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let agentState: keyof typeof STATES = 'NotReady';
  const expected = `Basic ${Buffer.from(`${AGENT.username}:${AGENT.password}`, 'latin1').toString('base64')}`;

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, body: string, gws: ScriptedGws): void => {
    const path = (req.url ?? '').replace(/^\/api\/v2/, '');
    const method = req.method ?? 'GET';
    const cookieId = /JSESSIONID=([^;\s]+)/.exec(req.headers.cookie ?? '')?.[1];
    const csrf = typeof req.headers['x-csrf-token'] === 'string' ? req.headers['x-csrf-token'] : undefined;
    seen.push({ method, path, authorization: req.headers.authorization !== undefined, cookie: cookieId, csrf, body });

    const headers: Record<string, string | string[]> = {};
    let session = cookieId === undefined ? undefined : sessions.get(cookieId);
    if (session === undefined && req.headers.authorization === expected) {
      session = { id: randomUUID(), token: randomUUID(), rotated: false };
      sessions.set(session.id, session);
      const maxAge = gws.cookieMaxAge === undefined ? '' : `; Max-Age=${gws.cookieMaxAge}`;
      headers['set-cookie'] = [`JSESSIONID=${session.id}; Path=/; HttpOnly${maxAge}`];
    }
    if (session === undefined) {
      send(res, 403, { statusCode: 20, statusMessage: 'Access denied' });
      return;
    }
    // The token goes out on every GET [src: CSRFAPI] and, once rotated, on the next answer of any kind.
    if (method === 'GET' || session.rotated) {
      headers['x-csrf-header'] = 'X-CSRF-TOKEN';
      headers['x-csrf-token'] = session.token;
      session.rotated = false;
    }
    if (method !== 'GET' && csrf !== session.token) {
      send(res, 403, { statusCode: 3, statusMessage: 'Missing or invalid Csrf token' }, headers);
      return;
    }
    const route = path.split('?')[0];
    if (method === 'GET' && route === '/me') {
      if (gws.echoOnMe !== undefined) {
        send(res, 200, { statusCode: 2, statusMessage: gws.echoOnMe(req.headers.authorization) }, headers);
        return;
      }
      const user = {
        id: USER_ID,
        userName: AGENT.username,
        firstName: 'Scripted',
        lastName: 'Agent',
        roles: ['ROLE_AGENT'],
        enabled: true,
        changePasswordOnFirstLogin: false,
        uri: `http://${req.headers.host ?? '127.0.0.1'}/api/v2/users/${USER_ID}`,
        path: `/users/${USER_ID}`,
      };
      send(res, 200, { statusCode: 0, user }, headers);
    } else if (method === 'GET' && route === '/me/devices') {
      const device = {
        id: '74152ed8-3b9c-4a55-a4b0-0c4b0f1d9e21',
        deviceState: 'Active',
        userState: STATES[agentState],
        phoneNumber: '5000',
        e164Number: '5000',
        telephonyNetwork: 'Private',
        doNotDisturb: 'Off',
        voiceEnvironmentUri: `http://${req.headers.host ?? '127.0.0.1'}/api/v2/voice-environments/0f3c2b1a-5d4e-4f6a-8b7c-9d0e1f2a3b4c`,
        capabilities: ['ForwardCallsOn'],
      };
      send(res, 200, { statusCode: 0, devices: [device] }, headers);
    } else if (method === 'POST' && route === '/me/channels/voice') {
      const operation = (JSON.parse(body || '{}') as { operationName?: unknown }).operationName;
      if (operation !== 'Ready' && operation !== 'NotReady') {
        send(res, 400, { statusCode: 2, statusMessage: `unknown operation ${String(operation)}` }, headers);
        return;
      }
      agentState = operation;
      send(res, 200, { statusCode: 0 }, headers);
    } else {
      send(res, 404, { statusCode: 6, statusMessage: 'Not found' }, headers);
    }
  };

  let baseUrl = '';
  const gws: ScriptedGws = {
    get baseUrl() {
      return baseUrl;
    },
    seen,
    dropSessions: () => sessions.clear(),
    rotateTokens: () => {
      for (const session of sessions.values()) {
        session.token = randomUUID();
        session.rotated = true;
      }
    },
    cookieMaxAge: undefined,
    echoOnMe: undefined,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8'), gws));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
  return gws;
}
