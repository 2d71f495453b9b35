import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnTool, type Tool } from './child.ts';
import { workerCommand } from './compiled-worker.ts';
import type { FloorWorkerSpec } from '../workers/floor.ts';
import type { ProberWorkerSpec } from '../workers/prober.ts';
import { basicAuthorization } from '../../src/client/index.ts';
import type { FaultSpec } from '../../src/simulator/index.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Node's arguments for a bench worker (see compiled-worker.ts). */
export function workerArgs(name: string, ...args: string[]): string[] {
  return workerCommand(name, args);
}

/** The simulator's seeded agent: `curl -u ksippo:` [src: MAR], i.e. an empty password. */
export const AGENT = { username: 'ksippo', password: '' } as const;

/** The Authorization header gwscheck's client sends, for the peers' requests too. */
export const basicAuth = basicAuthorization;

export interface SimulatorSet {
  /** API roots, one per simulator. */
  readonly urls: readonly string[];
  readonly tool: Tool;
}

/** Adds a fault through the simulator's control API (outside the API prefix); resolves with its id. */
export async function addFault(apiRoot: string, fault: FaultSpec): Promise<string> {
  const response = await fetch(`${new URL(apiRoot).origin}/__simulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
    signal: AbortSignal.timeout(5000),
  });
  const body = (await response.json()) as { id?: string; error?: string };
  if (response.status !== 200 || body.id === undefined) throw new Error(`simulator refused fault ${JSON.stringify(fault)}: ${body.error ?? response.status}`);
  return body.id;
}

export async function removeFault(apiRoot: string, id: string): Promise<void> {
  const response = await fetch(`${new URL(apiRoot).origin}/__simulator/faults/${encodeURIComponent(id)}`, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
  await response.text();
  if (response.status !== 200) throw new Error(`simulator could not remove fault ${id}: HTTP ${response.status}`);
}

/** `count` simulators in one child process, away from the measured tools. */
export async function startSimulators(count: number, faults: readonly FaultSpec[]): Promise<SimulatorSet> {
  const tool = await spawnTool({
    name: 'simulator',
    command: process.execPath,
    args: workerArgs('simulator', JSON.stringify({ count, faults })),
    readyLine: /^READY (.*)$/m,
    readyTimeoutMs: 20_000,
    cwd: REPO_ROOT,
  });
  const { urls } = JSON.parse(tool.readyMatch[1] ?? '{}') as { urls: string[] };
  return { urls, tool };
}

export interface ProberWorker {
  readonly tool: Tool;
  readonly metricsUrl: string;
  readonly probes: number;
}

/** gwscheck's prober in its own process (with these Node.js flags); ready once its first round has finished. */
export async function startProberWorker(spec: ProberWorkerSpec, nodeFlags: readonly string[] = []): Promise<ProberWorker> {
  // The spec goes through a file: at 10,000 probes it is over the kernel's argument limit.
  const specFile = join(mkdtempSync(join(tmpdir(), 'gwscheck-bench-')), 'prober-spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  const tool = await spawnTool({
    name: 'gwscheck prober',
    command: process.execPath,
    args: [...nodeFlags, ...workerArgs('prober', `@${specFile}`)],
    readyLine: /^READY (.*)$/m,
    // Ready after its first round: every probe at once, 10,000 of them in the large scale run.
    readyTimeoutMs: 30_000 + 10 * spec.targets.reduce((sum, t) => sum + t.include.length, 0),
    cwd: REPO_ROOT,
    ipc: true,
  });
  const { metricsUrl, probes } = JSON.parse(tool.readyMatch[1] ?? '{}') as { metricsUrl: string; probes: number };
  return { tool, metricsUrl, probes };
}

/** The node:http floor in its own process, firing on the plan's schedule; ready after its first round. */
export async function startFloorWorker(spec: FloorWorkerSpec): Promise<Tool> {
  return spawnTool({
    name: 'node:http floor',
    command: process.execPath,
    args: workerArgs('floor', JSON.stringify(spec)),
    readyLine: /^READY (.*)$/m,
    readyTimeoutMs: 30_000,
    cwd: REPO_ROOT,
    ipc: true,
  });
}
