import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, type ClientResult, type GwsClient } from '../../src/client/index.ts';
import { AGENT, startScriptedGws, type ScriptedGws } from './scripted-gws.ts';

let gws: ScriptedGws;
const clients: GwsClient[] = [];

beforeAll(async () => {
  gws = await startScriptedGws();
});
afterEach(() => {
  gws.seen.length = 0;
  gws.cookieMaxAge = undefined;
  gws.dropSessions();
  for (const client of clients.splice(0)) client.close();
});
afterAll(() => gws.close());

function agent(extra: { now?: () => number; timeoutMs?: number } = {}): GwsClient {
  const client = createClient({ baseUrl: gws.baseUrl, username: AGENT.username, password: AGENT.password, ...extra });
  clients.push(client);
  return client;
}

function ok(result: ClientResult) {
  if (result.kind !== 'response') throw new Error(`expected a response, got ${result.kind}: ${result.error}`);
  return result;
}

/** A server of one handler, for Set-Cookie forms and redirects the scripted GWS does not play. */
async function oneRoute(handler: http.RequestListener): Promise<{ baseUrl: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits += 1;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('session cookie expiry', () => {
  it('drops JSESSIONID once its Max-Age has passed on the clock, and starts a new session with Basic', async () => {
    let now = Date.parse('2026-12-01T06:00:00Z');
    const client = agent({ now: () => now });
    gws.cookieMaxAge = 60;
    ok(await client.request({ method: 'GET', path: '/me' }));
    const first = client.session().cookie;
    expect(first).toBeDefined();
    now += 59_000;
    ok(await client.request({ method: 'GET', path: '/me' }));
    expect(gws.seen.at(-1)?.cookie).toBe(first);
    now += 2_000;
    expect(client.session()).toEqual({});
    ok(await client.request({ method: 'GET', path: '/me' }));
    expect(gws.seen.at(-1)).toMatchObject({ authorization: true, cookie: undefined });
    expect(client.session().cookie).not.toBe(first);
  });

  it.each([
    ['Max-Age=0', 'JSESSIONID=gone; Max-Age=0; Path=/'],
    ['Max-Age below 0', 'JSESSIONID=gone; Max-Age=-1'],
    ['an Expires in the past', 'JSESSIONID=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/'],
    ['an empty value', 'JSESSIONID=; Path=/'],
  ])('forgets the session cookie (and the CSRF token of that session) on %s', async (_name, removal) => {
    let remove = false;
    const server = await oneRoute((_req, res) => {
      const cookie = remove ? removal : 'JSESSIONID=live; Path=/; Expires=Fri, 01 Jan 2100 00:00:00 GMT';
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': cookie, 'x-csrf-token': 'tok-1' });
      res.end('{"statusCode":0}');
    });
    const client = createClient({ baseUrl: server.baseUrl, username: 'u', password: '' });
    try {
      ok(await client.request({ method: 'GET', path: '/me' }));
      expect(client.session()).toEqual({ cookie: 'live', csrf: { header: 'X-CSRF-TOKEN', token: 'tok-1' } });
      remove = true;
      ok(await client.request({ method: 'GET', path: '/me' }));
      // The removing answer carried a token too: it belongs to no session the client holds now.
      expect(client.session()).toEqual({});
    } finally {
      client.close();
      await server.close();
    }
  });
});

describe('session loss and re-login', () => {
  it('retries a request relying on the session once with Basic when the server answers statusCode 20', async () => {
    const client = agent();
    ok(await client.request({ method: 'GET', path: '/me' }));
    const old = client.session().cookie;
    gws.dropSessions();
    gws.seen.length = 0;
    const result = ok(await client.request({ method: 'GET', path: '/me', auth: 'session' }));
    expect(result.response.body).toMatchObject({ statusCode: 0 });
    expect(result.retried).toBe('session-lost');
    expect(gws.seen.map((s) => ({ authorization: s.authorization, cookie: s.cookie === old }))).toEqual([
      { authorization: false, cookie: true },
      { authorization: true, cookie: false },
    ]);
    expect(result.sent?.headers['authorization']).toBe('Basic ***');
    expect(client.session().cookie).not.toBe(old);
  });

  it('times a re-sent request from its first attempt: the slow refusal is in its total', async () => {
    // The session's request is refused (statusCode 20) after 120 ms; the Basic retry is answered at once.
    const server = await oneRoute((req, res) => {
      const basic = req.headers.authorization !== undefined;
      const answer = (): void => {
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'JSESSIONID=s1; Path=/' });
        res.end(basic ? '{"statusCode":0}' : '{"statusCode":20,"statusMessage":"Access denied"}');
      };
      if (basic) answer();
      else setTimeout(answer, 120);
    });
    const client = createClient({ baseUrl: server.baseUrl, username: 'u', password: 'p' });
    try {
      ok(await client.request({ method: 'GET', path: '/me' }));
      const result = ok(await client.request({ method: 'GET', path: '/me', auth: 'session' }));
      expect(result.retried).toBe('session-lost');
      expect(server.hits()).toBe(3);
      // The phases are the retry's; what the total holds beyond them is the first attempt, refusal included.
      expect(result.timings.total - result.timings.processing - result.timings.transfer).toBeGreaterThanOrEqual(0.11);
      expect(result.response.durationMs).toBeCloseTo(result.timings.total * 1000, 6);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('takes the statusCode 20 as it comes with relogin false, without credentials, or when Basic was sent', async () => {
    const client = agent();
    ok(await client.request({ method: 'GET', path: '/me' }));
    gws.dropSessions();
    gws.seen.length = 0;
    const kept = ok(await client.request({ method: 'GET', path: '/me', auth: 'session', relogin: false }));
    expect(kept.response.body).toEqual({ statusCode: 20, statusMessage: 'Access denied' });
    expect(kept.retried).toBeUndefined();

    const wrong = createClient({ baseUrl: gws.baseUrl, username: AGENT.username, password: 'wrong' });
    clients.push(wrong);
    expect(ok(await wrong.request({ method: 'GET', path: '/me' })).response.body).toMatchObject({ statusCode: 20 });
    const anonymous = createClient({ baseUrl: gws.baseUrl });
    clients.push(anonymous);
    expect(ok(await anonymous.request({ method: 'GET', path: '/me', auth: 'session' })).retried).toBeUndefined();
    expect(gws.seen).toHaveLength(3);
  });
});

describe('CSRF protection [src: CSRFAPI]', () => {
  it('fetches a token with GET /me after a CSRF refusal and sends the change once more', async () => {
    const client = agent();
    const result = ok(await client.request({ method: 'POST', path: '/me/channels/voice', body: { operationName: 'Ready' } }));
    expect(result.response.body).toEqual({ statusCode: 0 });
    expect(result.retried).toBe('csrf-token');
    expect(gws.seen.map((s) => `${s.method} ${s.path} csrf=${s.csrf !== undefined}`)).toEqual([
      'POST /me/channels/voice csrf=false',
      'GET /me csrf=false',
      'POST /me/channels/voice csrf=true',
    ]);
    expect(result.sent?.headers['x-csrf-token']).toBe('***');
  });

  it('uses a rotated token from whatever answer carries it, and sends it on PUT/POST/DELETE only', async () => {
    const client = agent();
    ok(await client.request({ method: 'GET', path: '/me' }));
    const first = client.session().csrf?.token;
    gws.rotateTokens();
    // The stale token is refused; the refusal itself hands out the new one, so no GET is needed.
    gws.seen.length = 0;
    const refused = ok(await client.request({ method: 'POST', path: '/me/channels/voice', body: { operationName: 'Ready' } }));
    expect(refused.retried).toBe('csrf-token');
    expect(gws.seen.map((s) => `${s.method} ${s.path}`)).toEqual(['POST /me/channels/voice', 'POST /me/channels/voice']);
    const second = client.session().csrf?.token;
    expect(second).not.toBe(first);
    gws.seen.length = 0;
    ok(await client.request({ method: 'POST', path: '/me/channels/voice', body: { operationName: 'NotReady' } }));
    ok(await client.request({ method: 'GET', path: '/me/devices' }));
    expect(gws.seen.map((s) => s.csrf)).toEqual([second, undefined]);
  });

  it('leaves a refusal alone for withoutCsrf, and retries at most once', async () => {
    const client = agent();
    ok(await client.request({ method: 'GET', path: '/me' }));
    gws.seen.length = 0;
    const refused = ok(await client.request({ method: 'POST', path: '/me/channels/voice', body: { operationName: 'Ready' }, withoutCsrf: true }));
    expect(refused.response.httpStatus).toBe(403);
    expect(gws.seen).toHaveLength(1);

    // A server that refuses every token: one token GET, one retry, then the 403 stands.
    const server = await oneRoute((req, res) => {
      const token = req.method === 'GET' ? { 'x-csrf-token': `t-${Math.random()}` } : {};
      res.writeHead(req.method === 'GET' ? 200 : 403, { 'content-type': 'application/json', ...token });
      res.end(req.method === 'GET' ? '{"statusCode":0}' : '{"statusCode":3,"statusMessage":"Missing or invalid Csrf token"}');
    });
    const stubborn = createClient({ baseUrl: server.baseUrl, username: 'u', password: 'p' });
    try {
      const result = ok(await stubborn.request({ method: 'DELETE', path: '/x' }));
      expect(result.response.httpStatus).toBe(403);
      expect(server.hits()).toBe(3);
    } finally {
      stubborn.close();
      await server.close();
    }
  });
});

describe('redirects', () => {
  it('returns a 3xx as the answer and never follows it', async () => {
    const elsewhere = await oneRoute((_req, res) => res.end('{}'));
    const redirecting = await oneRoute((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.baseUrl}/me` });
      res.end();
    });
    const client = createClient({ baseUrl: redirecting.baseUrl, username: 'u', password: 'p' });
    try {
      const result = ok(await client.request({ method: 'GET', path: '/me' }));
      expect(result.response.httpStatus).toBe(302);
      expect(elsewhere.hits()).toBe(0);
    } finally {
      client.close();
      await elsewhere.close();
      await redirecting.close();
    }
  });
});

describe('credentials stay out of every output', () => {
  it('no password, Basic value, cookie or token in console output, errors or the request as sent', async () => {
    const written: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(' '))),
    );
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    const outcomes: unknown[] = [];
    try {
      const client = agent({ timeoutMs: 300 });
      outcomes.push(await client.request({ method: 'GET', path: '/me' }));
      outcomes.push(await client.request({ method: 'POST', path: '/me/channels/voice', body: { operationName: 'Ready' } }));
      gws.dropSessions();
      outcomes.push(await client.request({ method: 'GET', path: '/me', auth: 'session' }));
      const hanging = await oneRoute(() => undefined);
      const slow = createClient({ baseUrl: hanging.baseUrl, username: AGENT.username, password: AGENT.password, timeoutMs: 100 });
      outcomes.push(await slow.request({ method: 'GET', path: '/me' }));
      slow.close();
      await hanging.close();
      outcomes.push(await slow.request({ method: 'GET', path: '/me' }));
      await client.request({ method: 'GET', path: '/me', query: { pad: 'x'.repeat(2100) } }).catch((error: Error) => outcomes.push(error.message));
    } finally {
      for (const spy of [...spies, stdout, stderr]) spy.mockRestore();
    }
    const cookies = gws.seen.map((s) => s.cookie).filter((c): c is string => c !== undefined);
    const tokens = gws.seen.map((s) => s.csrf).filter((c): c is string => c !== undefined);
    const basic = Buffer.from(`${AGENT.username}:${AGENT.password}`, 'latin1').toString('base64');
    const text = JSON.stringify(outcomes.map((o) => (typeof o === 'object' && o !== null ? { ...o, response: undefined } : o))) + written.join('\n');
    expect(outcomes.map((o) => (typeof o === 'string' ? 'error' : (o as ClientResult).kind))).toEqual([
      'response',
      'response',
      'response',
      'timeout',
      'network_error',
      'error',
    ]);
    expect(cookies.length).toBeGreaterThan(0);
    expect(tokens.length).toBeGreaterThan(0);
    for (const secret of [AGENT.password, basic, ...cookies, ...tokens]) expect(text).not.toContain(secret);
    expect(text).toContain('Basic ***');
    expect(text).toContain('JSESSIONID=***');
  });
});
