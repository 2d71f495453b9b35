// The description documents written to a temporary directory, and the tools people use on them,
// run from node_modules/.bin as a user runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asyncApiDocument, openApiDocument, serializeDocument } from '../../src/openapi/index.ts';
import { freePort } from '../monitoring/prometheus-harness.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const bin = (name: string): string => join(ROOT, 'node_modules', '.bin', name);

export interface Documents {
  readonly dir: string;
  readonly openapi: string;
  readonly asyncapi: string;
  readonly openapiDocument: Record<string, unknown>;
  readonly asyncapiDocument: Record<string, unknown>;
  remove(): void;
}

/** Both documents of the repository's contracts, as `gwscheck openapi|asyncapi --out` write them. */
export function writeDocuments(prefix: string): Documents {
  const dir = mkdtempSync(join(tmpdir(), `gwscheck-${prefix}-`));
  const openapiDocument = openApiDocument();
  const asyncapiDocument = asyncApiDocument();
  const openapi = join(dir, 'openapi.json');
  const asyncapi = join(dir, 'asyncapi.json');
  writeFileSync(openapi, serializeDocument(openapiDocument, 'json'));
  writeFileSync(asyncapi, serializeDocument(asyncapiDocument, 'json'));
  return { dir, openapi, asyncapi, openapiDocument, asyncapiDocument, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ToolRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a tool: no telemetry, no update notices (the machine has no network but the registry). */
const QUIET = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1', FORCE_COLOR: '0' };

/** Runs a program to its end; the deadline ends a hung one (SIGKILL) instead of the test's timeout. */
export function runTool(command: string, args: readonly string[], cwd: string, timeoutMs = 60_000): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...QUIET }, timeout: timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export interface RunningPrism {
  readonly url: string;
  /** Everything Prism logged so far. */
  log(): string;
  close(): Promise<void>;
}

/**
 * Starts `prism <mode> ...` on 127.0.0.1 and a free port, and resolves once it says it listens.
 * Prism writes one line per route while it starts; the deadline covers a slow start on two cores.
 */
export async function startPrism(mode: 'mock' | 'proxy', args: readonly string[], cwd: string, deadlineMs = 45_000): Promise<RunningPrism> {
  const port = await freePort();
  const child: ChildProcess = spawn(bin('prism'), [mode, '-h', '127.0.0.1', '-p', String(port), ...args], { cwd, env: { ...process.env, ...QUIET } });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism ${mode} did not listen within ${deadlineMs} ms:\n${output.slice(-2000)}`)), deadlineMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(`Prism is listening on http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prism ${mode} exited with ${String(code)} before listening:\n${output.slice(-2000)}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * One address for the gate: REST to `rest` (Prism); what no OpenAPI path describes straight to the
 * simulator at `apiRoot`: its CometD endpoint (`/notifications`, the AsyncAPI document's) and its
 * control API (`/__simulator/...`, beside the API root, which rings inbound calls).
 */
export async function startRouter(rest: string, apiRoot: string): Promise<{ readonly url: string; close(): Promise<void> }> {
  const restUrl = new URL(rest);
  const simulator = new URL(apiRoot);
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const under = (prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);
    const target = under('/notifications')
      ? { host: simulator.hostname, port: simulator.port, path: `${simulator.pathname.replace(/\/$/, '')}${path}` }
      : under('/__simulator')
        ? { host: simulator.hostname, port: simulator.port, path }
        : { host: restUrl.hostname, port: restUrl.port, path };
    const upstream = http.request({ ...target, method: req.method, headers: { ...req.headers, host: `${target.host}:${target.port}` } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
