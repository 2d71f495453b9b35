import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { proberTarget, type ProberTarget } from '../../src/config/index.ts';
import { loadContracts, type Contracts } from '../../src/contracts/index.ts';
import { buildSimulator, listen, type FaultSpec, type SimulatorOptions } from '../../src/simulator/index.ts';
import type { ListenOptions } from '../../src/simulator/listen.ts';
import type { Simulator } from '../../src/simulator/simulator.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';

let contracts: Contracts | undefined;
/** The catalog is compiled once per test file. */
export function sharedContracts(): Contracts {
  contracts ??= loadContracts();
  return contracts;
}

/** A dedicated test agent for the state-change probe, logged in on voice and NotReady. */
export const PROBE_AGENT = {
  id: 'c0ffee00c0ffee00c0ffee00c0ffee01',
  userName: 'probe-agent',
  password: 'probe-secret',
  firstName: 'Probe',
  lastName: 'Agent',
  roles: ['ROLE_AGENT'] as const,
  device: { id: 'c0ffee00-0000-4000-8000-00000000c0d1', phoneNumber: '5998' },
  channels: ['voice'] as const,
  loggedIn: { voice: 'NotReady' } as const,
};

/** A dedicated test agent for the synthetic-chat probe: a chat channel only, logged in and NotReady. */
export const CHAT_AGENT = {
  id: 'c0ffee00c0ffee00c0ffee00c0ffee02',
  userName: 'chat-probe-agent',
  password: 'chat-probe-secret',
  firstName: 'Chat',
  lastName: 'Probe',
  roles: ['ROLE_AGENT'] as const,
  channels: ['chat'] as const,
  loggedIn: { chat: 'NotReady' } as const,
};

/** The contact center id the probe's customer sends; the simulator takes any. */
export const CONTACT_CENTER_ID = 'cfe5ad67-ba6d-4340-81f9-bb680ef5d498';

export interface TestSimulator {
  /** API root. */
  readonly url: string;
  readonly origin: string;
  /** The simulator itself, for its events (`state-applied`). */
  readonly simulator: Simulator;
  fault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  /** Replaces the defect modes in force (e.g. `dial-fails`); an empty list clears them. */
  defects(defects: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** `tls` serves https (the control API then needs the certificate's trust too: fault() does not have it). */
export async function startSimulator(options: SimulatorOptions = {}, tls?: ListenOptions['tls']): Promise<TestSimulator> {
  const simulator = buildSimulator({
    fixtures: { ...DEFAULT_FIXTURES, users: [...DEFAULT_FIXTURES.users, PROBE_AGENT] },
    asyncDelayMs: 20,
    ...options,
  });
  const running = await listen(simulator, { host: '127.0.0.1', port: 0, ...(tls ? { tls } : {}) });
  const control = async (method: string, body?: unknown, path = 'faults'): Promise<void> => {
    const res = await fetch(`${running.origin}/__simulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`control API ${method}: HTTP ${res.status} ${await res.text()}`);
  };
  return {
    url: running.url,
    origin: running.origin,
    simulator,
    fault: async (spec) => {
      // A `down` fault closes every connection at once, the control request's own included.
      if (spec.type === 'down') await control('POST', spec).catch(() => undefined);
      else await control('POST', spec);
    },
    clearFaults: () => control('DELETE'),
    defects: (defects) => control('PUT', { defects }, 'defects'),
    close: async () => {
      await running.close();
      simulator.dispose();
    },
  };
}

/** The seed's agent ksippo (empty password) and admin, as a prober target. */
export function simulatorTarget(url: string, fields: Partial<ProberTarget> = {}): ProberTarget {
  return proberTarget({
    name: 'sim',
    baseUrl: url,
    user: { username: 'ksippo', password: '' },
    admin: { username: 'admin', password: 'admin' },
    ...fields,
  });
}

/** The value of one series in a registry's text output, or undefined when the series is absent. */
export async function sample(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const text = await registry.metrics();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelPart = line.slice(name.length).split('} ')[0] ?? '';
    if (wanted.every((w) => labelPart.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/** Polls `check` until it returns true or the deadline passes. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, everyMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * The simulator behind a proxy without a CometD endpoint (`/notifications` answers 404), as a GWS
 * without notifications. `url` is the proxy's API root.
 */
export async function startProxyWithoutNotifications(apiRoot: string): Promise<{ readonly url: string; close(): Promise<void> }> {
  const backend = new URL(apiRoot);
  const proxy = http.createServer((req, res) => {
    if ((req.url ?? '').startsWith(`${backend.pathname}/notifications`)) {
      req.resume();
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"statusCode":6,"statusMessage":"Not found"}');
      return;
    }
    const upstream = http.request({ host: backend.hostname, port: backend.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${backend.pathname}`,
    close: () => {
      // Keep-alive connections would hold close() open.
      proxy.closeAllConnections();
      return new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'gwscheck.js');
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GWS_')));

export interface ProberCli {
  readonly child: ChildProcessWithoutNullStreams;
  /** Where the metrics server listens, as printed. */
  readonly url: string;
  readonly exited: Promise<number | null>;
  /** Everything printed so far, stdout then stderr. */
  output(): string;
}

/** Starts the `gwscheck probe` daemon as a user does and resolves once it has printed its address. */
export async function startProberCli(args: readonly string[], env: Record<string, string> = {}): Promise<ProberCli> {
  const child = spawn(process.execPath, [BIN, 'probe', ...args], { env: { ...CLEAN_ENV, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed; stderr: ${stderr}`)), 20_000);
    child.stdout.on('data', () => {
      const match = /serving metrics on (http:\/\/\S+)\/metrics/.exec(stdout);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { child, url, exited, output: () => `${stdout}${stderr}` };
}
