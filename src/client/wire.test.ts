import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchange, type Wire } from './wire.ts';

let server: http.Server;
let url: URL;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"statusCode":0}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/me`);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function freeSockets(agent: http.Agent): Socket[] {
  return Object.values(agent.freeSockets).flatMap((list) => list ?? []);
}

const send = (wire: Wire) =>
  exchange(wire, { method: 'GET', url, headers: {}, body: undefined, timeoutMs: 5000, maxBodyBytes: 1 << 20, onHeaders: () => undefined });

describe('exchange on a kept-alive socket', () => {
  it('leaves no listener of its own on the socket it hands back to the agent', async () => {
    const agent = new http.Agent({ keepAlive: true });
    try {
      const wire: Wire = { transport: http, agent };
      const first = await send(wire);
      expect(first.kind).toBe('response');
      expect(first.timings.reused).toBe(false);
      await new Promise((resolve) => setImmediate(resolve));
      const [socket] = freeSockets(agent);
      expect(socket).toBeDefined();
      // What Node's agent itself keeps on an idle socket; a listener of the exchange would keep its
      // request, answer and body alive for as long as the socket is kept.
      expect(socket?.listenerCount('connect')).toBe(0);
      expect(socket?.listenerCount('secureConnect')).toBe(0);

      const second = await send(wire);
      expect(second.timings.reused).toBe(true);
      expect(second.timings.connect).toBe(0);
    } finally {
      agent.destroy();
    }
  });
});
