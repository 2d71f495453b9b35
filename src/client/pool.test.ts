import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './client.ts';
import { createConnectionPool } from './pool.ts';

let server: http.Server;
let baseUrl: string;
let connections = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ statusCode: 0, authorization: req.headers.authorization ?? null }));
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Connections the server accepted while `run` ran. */
async function accepted(run: () => Promise<void>): Promise<number> {
  const before = connections;
  await run();
  return connections - before;
}

describe('a connection pool', () => {
  it('lets clients of different users on one server take turns on one kept-alive connection, each with its own credentials', async () => {
    const pool = createConnectionPool();
    const alice = createClient({ baseUrl, username: 'alice', password: 'a', connections: pool });
    const bob = createClient({ baseUrl, username: 'bob', password: 'b', connections: pool });
    const anonymous = createClient({ baseUrl, connections: pool });
    try {
      const seen: unknown[] = [];
      const opened = await accepted(async () => {
        for (const client of [alice, bob, anonymous, alice]) {
          const result = await client.request({ method: 'GET', path: '/me' });
          if (result.kind !== 'response') throw new Error(result.error);
          seen.push((result.response.body as { authorization: string | null }).authorization);
        }
      });
      expect(opened).toBe(1);
      expect(seen).toEqual([`Basic ${btoa('alice:a')}`, `Basic ${btoa('bob:b')}`, null, `Basic ${btoa('alice:a')}`]);
    } finally {
      pool.close();
    }
  });

  it('keeps clients without a pool on connections of their own', async () => {
    const one = createClient({ baseUrl });
    const two = createClient({ baseUrl });
    try {
      const opened = await accepted(async () => {
        await one.request({ method: 'GET', path: '/me' });
        await two.request({ method: 'GET', path: '/me' });
      });
      expect(opened).toBe(2);
    } finally {
      one.close();
      two.close();
    }
  });

  it('does not share https connections between different TLS settings', () => {
    const pool = createConnectionPool();
    const root = new URL('https://gws.example:8443/api/v2');
    try {
      const trusting = pool.wireFor(root, { ca: 'PEM A' });
      expect(pool.wireFor(root, { ca: 'PEM A' })).toBe(trusting);
      expect(pool.wireFor(root, { ca: 'PEM B' })).not.toBe(trusting);
      expect(pool.wireFor(root, { ca: 'PEM A', serverName: 'gws.internal' })).not.toBe(trusting);
      expect(pool.wireFor(root, { ca: 'PEM A', insecureSkipVerify: true })).not.toBe(trusting);
      expect(pool.wireFor(new URL('https://gws.example:9443/api/v2'), { ca: 'PEM A' })).not.toBe(trusting);
    } finally {
      pool.close();
    }
  });

  it("is left open by a client's close and ended by its own", async () => {
    const pool = createConnectionPool();
    const first = createClient({ baseUrl, connections: pool });
    const second = createClient({ baseUrl, connections: pool });
    await first.request({ method: 'GET', path: '/me' });
    first.close();
    expect(await accepted(async () => void (await second.request({ method: 'GET', path: '/me' })))).toBe(0);
    pool.close();
    expect(await accepted(async () => void (await second.request({ method: 'GET', path: '/me' })))).toBe(1);
    pool.close();
  });

  it('closes a shared connection that has served its time, and opens a fresh one', async () => {
    let clock = 0;
    const pool = createConnectionPool({ maxConnectionAgeMs: 60_000, now: () => clock });
    const client = createClient({ baseUrl, connections: pool });
    const get = async (at: number): Promise<void> => {
      clock = at;
      const result = await client.request({ method: 'GET', path: '/me' });
      if (result.kind !== 'response') throw new Error(result.error);
    };
    try {
      // Opened at 0 and back at once; reused at 30 s; reused at 61 s, then closed; a new one at 62 s.
      expect(await accepted(() => get(0))).toBe(1);
      expect(await accepted(() => get(30_000))).toBe(0);
      expect(await accepted(() => get(61_000))).toBe(0);
      expect(await accepted(() => get(62_000))).toBe(1);
    } finally {
      pool.close();
    }
  });
});
