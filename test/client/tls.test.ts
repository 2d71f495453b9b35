import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
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
  it('reads the earliest notAfter of the presented chain, on a new and on a reused connection', async () => {
    const client = createClient({ baseUrl, tls: { ca: cert } });
    const expected = Date.parse(new X509Certificate(cert).validTo) / 1000;
    try {
      const first = await client.request({ method: 'GET', path: '/diagnostics/version' });
      const second = await client.request({ method: 'GET', path: '/diagnostics/version' });
      expect(second.timings.reused).toBe(true);
      expect([first.certNotAfter, second.certNotAfter]).toEqual([expected, expected]);
    } finally {
      client.close();
    }
  });

  it('sends a client certificate when configured, and the server sees it', async () => {
    const mutual = https.createServer({ cert, key, ca: cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 0, subject: peer.subject.CN }));
    });
    await new Promise<void>((resolve) => mutual.listen(0, '127.0.0.1', resolve));
    const root = `https://127.0.0.1:${(mutual.address() as AddressInfo).port}/api/v2`;
    const withCert = createClient({ baseUrl: root, tls: { ca: cert, cert, key } });
    const without = createClient({ baseUrl: root, tls: { ca: cert } });
    try {
      const ok = await withCert.request({ method: 'GET', path: '/me' });
      expect(ok.kind === 'response' ? ok.response.body : ok).toEqual({ statusCode: 0, subject: '127.0.0.1' });
      const refused = await without.request({ method: 'GET', path: '/me' });
      expect(refused.kind).toBe('network_error');
    } finally {
      withCert.close();
      without.close();
      mutual.closeAllConnections();
      await new Promise<void>((resolve) => mutual.close(() => resolve()));
    }
  });

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

  it('reports an untrusted certificate as a network error that says TLS and why', async () => {
    const client = createClient({ baseUrl });
    try {
      const result = await client.request({ method: 'GET', path: '/diagnostics/version' });
      expect(result.kind).toBe('network_error');
      if (result.kind !== 'response') expect(result.error).toMatch(/^TLS [A-Z_]+ \(self[- ]signed certificate.*\) 127\.0\.0\.1:\d+$/);
    } finally {
      client.close();
    }
  });
});
