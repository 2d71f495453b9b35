import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/index.ts';

// A self-signed certificate for 127.0.0.1, valid for a century: test fixture only.
const cert = readFileSync(new URL('./fixtures/localhost-cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('./fixtures/localhost-key.pem', import.meta.url), 'utf8');
let server: https.Server;
let baseUrl: string;

beforeAll(async () => {
  server = https.createServer({ cert, key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"statusCode":0,"version":"8.5.200.50"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('https', () => {
  it('measures the TLS handshake on a new connection and none on a reused one', async () => {
    const client = createClient({ baseUrl, ca: cert });
    try {
      const first = await client.request({ method: 'GET', path: '/diagnostics/version' });
      const second = await client.request({ method: 'GET', path: '/diagnostics/version' });
      if (first.kind !== 'response' || second.kind !== 'response') throw new Error('expected responses');
      expect(first.response.body).toEqual({ statusCode: 0, version: '8.5.200.50' });
      expect(first.timings.connect).toBeGreaterThan(0);
      expect(first.timings.tls).toBeGreaterThan(0);
      expect(second.timings.connect).toBe(0);
      expect(second.timings.tls).toBe(0);
    } finally {
      client.close();
    }
  });

  it('reports an untrusted certificate as a network error', async () => {
    const client = createClient({ baseUrl });
    try {
      const result = await client.request({ method: 'GET', path: '/diagnostics/version' });
      expect(result.kind).toBe('network_error');
      if (result.kind !== 'response') expect(result.error).toMatch(/^[A-Z_]+ 127\.0\.0\.1:\d+$/);
    } finally {
      client.close();
    }
  });
});
