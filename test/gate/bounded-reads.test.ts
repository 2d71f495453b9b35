// Every read the gate makes ends at its deadline or its size cap: a trickled body and a 50 MB body
// fail the contract naming the cause within about the --timeout, instead of holding the gate.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GateRequestError, GateSession } from '../../src/gate/kit/http.ts';
import type { ContractReport } from '../../src/reporters/index.ts';
import { runCli } from './cli.ts';

type Mode = 'trickle' | 'huge' | 'huge-declared';
const FIFTY_MB = 50 * 1024 * 1024;
const PASSWORD = 'Bounded-Pw-5e2a!';

let server: http.Server;
let mode: Mode = 'trickle';
let root: string;
const sockets = new Set<Socket>();
const work = mkdtempSync(join(tmpdir(), 'gwscheck-bounded-'));

/** Writes `left` bytes as fast as the socket takes them, and stops when the client hangs up. */
function pour(res: http.ServerResponse, left: number): void {
  const piece = Buffer.alloc(64 * 1024, 0x20);
  while (left > 0 && !res.destroyed) {
    left -= piece.length;
    if (!res.write(piece)) {
      res.once('drain', () => pour(res, left));
      return;
    }
  }
  if (!res.destroyed) res.end('}');
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if ((req.url ?? '').endsWith('/diagnostics/version')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"statusCode":0,"version":"8.5.201.09"}');
      return;
    }
    if (mode === 'trickle') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"statusCode":0,');
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', ...(mode === 'huge-declared' ? { 'content-length': String(FIFTY_MB + 18) } : {}) });
    res.write('{"statusCode":0,"x":');
    pour(res, FIFTY_MB);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

async function failure(session: GateSession): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await session.send({ method: 'GET', path: '/me' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe('GateSession: bounded reads', () => {
  test('a trickled body ends at the deadline, headers and body together', async () => {
    mode = 'trickle';
    const { error, ms } = await failure(new GateSession(root, { username: 'agent', password: PASSWORD }, 800));
    expect(error).toBeInstanceOf(GateRequestError);
    expect((error as Error).message).toBe('GET /me: timeout: no complete response within 800 ms');
    expect(ms).toBeGreaterThanOrEqual(790);
    expect(ms).toBeLessThan(800 + 700);
  });

  test.each(['huge', 'huge-declared'] as const)('a 50 MB body (%s) fails at the size cap, naming it', async (which) => {
    mode = which;
    const { error, ms } = await failure(new GateSession(root, { username: 'agent', password: PASSWORD }, 3000));
    expect(error).toBeInstanceOf(GateRequestError);
    expect((error as Error).message).toMatch(/^GET \/me: too_large: response body .*over the 4194304-byte limit \(maxBodyBytes\)$/);
    expect(ms).toBeLessThan(3000);
  });

  test('the cap is the caller\'s to set', async () => {
    mode = 'huge';
    const { error } = await failure(new GateSession(root, undefined, 3000, { maxBodyBytes: 1000 }));
    expect((error as Error).message).toContain('over the 1000-byte limit');
  });
});

describe('gwscheck contract --timeout 3000: bounded reads', () => {
  const passwordFile = join(work, 'password');
  writeFileSync(passwordFile, PASSWORD);

  test.each([
    ['trickle', 'no complete response within 3000 ms'],
    ['huge', 'over the 4194304-byte limit'],
  ] as const)('a %s body: the contract fails naming the cause, within about 3 s', async (which, cause) => {
    mode = which;
    const reports = join(work, which);
    const args = ['contract', '--base-url', root, '--username', 'agent', '--password-file', passwordFile, '--timeout', '3000'];
    const started = performance.now();
    const result = await runCli([...args, '--grep', '^get-me: answers', '--notifications', 'off', '--reports', reports]);
    const wallMs = performance.now() - started;
    expect(result.status).toBe(1);
    const report = JSON.parse(readFileSync(join(reports, 'contract-report.json'), 'utf8')) as ContractReport;
    const failed = report.results.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.id)).toHaveLength(1);
    expect(failed[0]?.message).toContain(cause);
    expect(failed[0]?.durationMs).toBeLessThan(3000 + 1000);
    // The whole run: vitest's start-up plus one bounded contract, far from the minutes an unbounded read took.
    expect(wallMs).toBeLessThan(30_000);
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });
});
