import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientResult, type GwsClient } from '../../src/client/index.ts';
import { MAX_URL_LENGTH } from '../../src/client/client.ts';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const TOKEN = '4a92be65-ec55-4aa2-b9df-9518fd870f2f';
const PASSWORD = 'pässwörd';
const seen: Seen[] = [];
const sockets = new Set<Socket>();
/** An answer whose JSON takes tens of milliseconds to parse: a list of 100,000 small items. */
const MANY_ITEMS = { statusCode: 0, items: Array.from({ length: 100_000 }, (_v, i) => ({ id: `item-${i}`, n: i, ok: i % 2 === 0 })) };
let server: http.Server;
let baseUrl: string;

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

// A tiny stand-in server: each path exercises one client behaviour.
function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const path = (req.url ?? '').replace(/^\/api\/v2/, '').split('?')[0];
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
  switch (path) {
    case '/me':
      json(res, 200, { statusCode: 0 }, {
        'set-cookie': ['JSESSIONID=abc123; Path=/; HttpOnly'],
        'x-csrf-header': 'X-CSRF-TOKEN',
        'x-csrf-token': TOKEN,
      });
      return;
    case '/logout':
      json(res, 200, { statusCode: 0 }, { 'set-cookie': ['JSESSIONID=; Max-Age=0; Path=/'] });
      return;
    case '/slow':
      setTimeout(() => json(res, 200, { statusCode: 0 }), 120);
      return;
    case '/hang':
      return;
    case '/many-items':
      json(res, 200, MANY_ITEMS);
      return;
    case '/big':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"statusCode":0,"pad":"${'x'.repeat(4096)}"}`);
      return;
    case '/big-chunked': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const piece = 'x'.repeat(1024);
      let sent = 0;
      const push = (): void => {
        if (sent++ > 64 || res.destroyed) {
          res.end();
          return;
        }
        res.write(piece, push);
      };
      push();
      return;
    }
    case '/reset':
      req.socket.destroy();
      return;
    case '/html':
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<html><body>Internal Server Error</body></html>');
      return;
    default:
      json(res, 200, { statusCode: 0, echo: path });
  }
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function response(result: ClientResult) {
  if (result.kind !== 'response') throw new Error(`expected a response, got ${result.kind}: ${result.error}`);
  return result;
}

function lastSeen(): Seen {
  const last = seen.at(-1);
  if (last === undefined) throw new Error('the server saw no request');
  return last;
}

describe('createClient', () => {
  it('rejects a base URL that is not http(s) or carries credentials, without echoing them', () => {
    expect(() => createClient({ baseUrl: 'localhost:8080' })).toThrow(/not an http\(s\) URL/);
    expect(() => createClient({ baseUrl: 'http://u:secret@127.0.0.1/api/v2' })).toThrow(/must not carry credentials/);
    try {
      createClient({ baseUrl: 'http://u:secret@127.0.0.1/api/v2' });
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });

  it('sends Basic credentials encoded as ISO-8859-1, JSON bodies and lower-cased response headers', async () => {
    const client = createClient({ baseUrl: `${baseUrl}/`, username: 'ksippo', password: PASSWORD });
    try {
      const result = response(await client.request({ method: 'POST', path: '/echo', body: { operationName: 'Ready' } }));
      const sent = lastSeen();
      const expected = `Basic ${Buffer.from(`ksippo:${PASSWORD}`, 'latin1').toString('base64')}`;
      expect(sent.headers.authorization).toBe(expected);
      expect(expected).not.toBe(`Basic ${Buffer.from(`ksippo:${PASSWORD}`, 'utf8').toString('base64')}`);
      expect(sent.url).toBe('/api/v2/echo');
      expect(sent.headers['content-type']).toBe('application/json');
      expect(JSON.parse(sent.body)).toEqual({ operationName: 'Ready' });
      expect(result.response.httpStatus).toBe(200);
      expect(result.response.headers['content-type']).toBe('application/json;charset=UTF-8');
      expect(result.response.body).toEqual({ statusCode: 0, echo: '/echo' });
    } finally {
      client.close();
    }
  });

  it('sends an empty password as user: (curl -u ksippo:) and nothing with auth none', async () => {
    const client = createClient({ baseUrl, username: 'ksippo', password: '' });
    try {
      await client.request({ method: 'GET', path: 'me' });
      expect(lastSeen().headers.authorization).toBe(`Basic ${Buffer.from('ksippo:').toString('base64')}`);
      await client.request({ method: 'GET', path: '/x', auth: 'none' });
      expect(lastSeen().headers.authorization).toBeUndefined();
      expect(lastSeen().headers.cookie).toBeUndefined();
    } finally {
      client.close();
    }
  });

  it('sends a raw body exactly as given and encodes the query', async () => {
    const client = createClient({ baseUrl });
    try {
      await client.request({ method: 'POST', path: '/raw', rawBody: '{"operationName":', query: { fields: 'id,userName' } });
      expect(lastSeen().body).toBe('{"operationName":');
      expect(new URL(lastSeen().url, 'http://x').searchParams.get('fields')).toBe('id,userName');
    } finally {
      client.close();
    }
  });

  it('keeps JSESSIONID, uses it for session auth, and forgets it on expiry and on resetSession', async () => {
    const client = createClient({ baseUrl, username: 'ksippo', password: '' });
    try {
      await client.request({ method: 'GET', path: '/me' });
      await client.request({ method: 'GET', path: '/other', auth: 'session' });
      expect(lastSeen().headers.cookie).toBe('JSESSIONID=abc123');
      expect(lastSeen().headers.authorization).toBeUndefined();

      await client.request({ method: 'GET', path: '/logout' });
      await client.request({ method: 'GET', path: '/other', auth: 'session' });
      expect(lastSeen().headers.cookie).toBeUndefined();

      await client.request({ method: 'GET', path: '/me' });
      client.resetSession();
      expect(client.session().csrf?.token).toBeUndefined();
      await client.request({ method: 'GET', path: '/other' });
      expect(lastSeen().headers.cookie).toBeUndefined();
    } finally {
      client.close();
    }
  });

  it('picks up the CSRF token from a GET and sends it on POST, PUT and DELETE only', async () => {
    const client = createClient({ baseUrl, username: 'ksippo', password: '' });
    try {
      await client.request({ method: 'POST', path: '/before' });
      expect(lastSeen().headers['x-csrf-token']).toBeUndefined();
      await client.request({ method: 'GET', path: '/me' });
      expect(client.session().csrf?.token).toBe(TOKEN);
      for (const method of ['POST', 'PUT', 'DELETE'] as const) {
        await client.request({ method, path: '/op', body: {} });
        expect(lastSeen().headers['x-csrf-token']).toBe(TOKEN);
        expect(lastSeen().headers.cookie).toBe('JSESSIONID=abc123');
      }
      await client.request({ method: 'GET', path: '/read' });
      expect(lastSeen().headers['x-csrf-token']).toBeUndefined();
    } finally {
      client.close();
    }
  });

  it('keeps no session when keepSession is false', async () => {
    const client = createClient({ baseUrl, username: 'ksippo', password: '', keepSession: false });
    try {
      await client.request({ method: 'GET', path: '/me' });
      await client.request({ method: 'POST', path: '/op' });
      expect(lastSeen().headers.cookie).toBeUndefined();
      expect(client.session().csrf?.token).toBeUndefined();
    } finally {
      client.close();
    }
  });

  it('measures phases: a new connection has a connect phase, a reused one reports 0', async () => {
    const client = createClient({ baseUrl });
    try {
      const first = response(await client.request({ method: 'GET', path: '/slow' }));
      const second = response(await client.request({ method: 'GET', path: '/slow' }));
      for (const { timings } of [first, second]) {
        expect(timings.tls).toBe(0);
        expect(timings.processing).toBeGreaterThanOrEqual(0.1);
        expect(timings.transfer).toBeGreaterThanOrEqual(0);
        expect(timings.total).toBeGreaterThanOrEqual(timings.connect + timings.processing);
      }
      expect(first.timings.connect).toBeGreaterThan(0);
      expect(second.timings.connect).toBe(0);
      expect(first.response.durationMs).toBeCloseTo(first.timings.total * 1000, 6);
    } finally {
      client.close();
    }
  });

  it("times the request to its answer's last byte: parsing the answer is not in its duration", async () => {
    const client = createClient({ baseUrl, maxBodyBytes: 64 * 1024 * 1024 });
    try {
      response(await client.request({ method: 'GET', path: '/many-items' }));
      const { timings, response: answer } = response(await client.request({ method: 'GET', path: '/many-items' }));
      const parseStartedAt = performance.now();
      JSON.parse(answer.rawBody);
      const parseMs = performance.now() - parseStartedAt;
      // On a reused connection, what the total holds beyond the time to first byte and the transfer
      // is only the request's hand-over to the socket: far less than one parse of the answer.
      const beyondPhasesMs = (timings.total - timings.processing - timings.transfer) * 1000;
      expect(timings.connect).toBe(0);
      expect(beyondPhasesMs).toBeGreaterThanOrEqual(0);
      expect(beyondPhasesMs).toBeLessThan(parseMs / 2);
    } finally {
      client.close();
    }
  });

  it('reports a hang as a timeout', async () => {
    const client = createClient({ baseUrl, timeoutMs: 5000 });
    try {
      const result = await client.request({ method: 'GET', path: '/hang', timeoutMs: 100 });
      expect(result.kind).toBe('timeout');
      if (result.kind !== 'response') expect(result.error).toBe('no complete response within 100 ms');
      expect(result.timings.total).toBeGreaterThanOrEqual(0.09);
    } finally {
      client.close();
    }
  });

  it('cuts off a body over maxBodyBytes, declared or chunked', async () => {
    const client = createClient({ baseUrl, maxBodyBytes: 2048 });
    try {
      const declared = await client.request({ method: 'GET', path: '/big' });
      expect(declared.kind).toBe('too_large');
      const chunked = await client.request({ method: 'GET', path: '/big-chunked' });
      expect(chunked.kind).toBe('too_large');
      response(await client.request({ method: 'GET', path: '/small' }));
    } finally {
      client.close();
    }
  });

  it('reports a connection reset and a refused connection as network errors without credentials', async () => {
    const client = createClient({ baseUrl, username: 'ksippo', password: PASSWORD });
    try {
      const reset = await client.request({ method: 'GET', path: '/reset' });
      expect(reset.kind).toBe('network_error');
      if (reset.kind !== 'response') expect(reset.error).toMatch(/^ECONNRESET 127\.0\.0\.1:\d+$/);
    } finally {
      client.close();
    }

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refusedClient = createClient({ baseUrl: `http://127.0.0.1:${port}/api/v2`, username: 'ksippo', password: PASSWORD });
    const refused = await refusedClient.request({ method: 'GET', path: '/me' });
    refusedClient.close();
    expect(refused.kind).toBe('network_error');
    if (refused.kind !== 'response') {
      expect(refused.error).toBe(`ECONNREFUSED 127.0.0.1:${port}`);
      expect(refused.error).not.toContain(PASSWORD);
    }
  });

  it('returns a non-JSON error page as a response with no parsed body', async () => {
    const client = createClient({ baseUrl });
    try {
      const result = response(await client.request({ method: 'GET', path: '/html' }));
      expect(result.response.httpStatus).toBe(500);
      expect(result.response.headers['content-type']).toBe('text/html');
      expect(result.response.body).toBeUndefined();
      expect(result.response.rawBody).toContain('Internal Server Error');
    } finally {
      client.close();
    }
  });

  it('refuses a URL over 2000 characters unless allowLongUrl', async () => {
    const client: GwsClient = createClient({ baseUrl });
    try {
      const count = seen.length;
      const long = { fields: 'x'.repeat(MAX_URL_LENGTH) };
      await expect(client.request({ method: 'GET', path: '/me', query: long })).rejects.toThrow(
        /over GWS's 2000-character limit/,
      );
      expect(seen.length).toBe(count);
      const sent = response(await client.request({ method: 'GET', path: '/long', query: long, allowLongUrl: true }));
      expect(sent.response.httpStatus).toBe(200);
      expect(lastSeen().url.length).toBeGreaterThan(MAX_URL_LENGTH);
    } finally {
      client.close();
    }
  });
});
