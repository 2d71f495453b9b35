// `gwscheck contract` stopped by a signal, as a user or a supervisor stops it: SIGINT to the process
// group (Ctrl-C) before any contract, during a state change and during the last contract, SIGTERM,
// and a second signal. Each time the agent ends as it started, the reports say what did not run,
// and nothing of the run talks to the target after the process has exited.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractReport } from '../../src/reporters/index.ts';
import { buildSimulator, listen, type FaultSpec, type RunningSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import type { Fixtures } from '../../src/simulator/types.ts';
import { completion, spawnCli, type CliRun } from './cli.ts';

const AGENT_PASSWORD = 'Agent-Pw-5e0c1a77!';
const FIXTURES: Fixtures = {
  ...DEFAULT_FIXTURES,
  users: DEFAULT_FIXTURES.users.map((user) => (user.userName === 'ksippo' ? { ...user, password: AGENT_PASSWORD } : user)),
};
const AUTH = `Basic ${Buffer.from(`ksippo:${AGENT_PASSWORD}`).toString('base64')}`;
/** Marks this test's own reads, so that they are not counted as the run's. */
const OBSERVER = 'x-interrupt-test';
/** The four state-changing contracts of the async spec: each moves the agent and restores it. */
const STATE_CONTRACTS = 'answers exactly \\{"statusCode":0\\} and shows';

const work = mkdtempSync(join(tmpdir(), 'gwscheck-interrupt-'));
const passwordFile = join(work, 'agent-password');
writeFileSync(passwordFile, `${AGENT_PASSWORD}\n`);

interface Target {
  readonly running: RunningSimulator;
  /** Requests from the run (not this test's reads), in arrival order. */
  readonly requests: { method: string; path: string; at: number }[];
  /** Resolves at the first request from the run that `match` accepts. */
  firstRequest(match: (method: string, path: string) => boolean): Promise<void>;
}

let target: Target;

async function startTarget(): Promise<Target> {
  const simulator = buildSimulator({ fixtures: FIXTURES });
  const requests: Target['requests'] = [];
  const waiters: { match: (method: string, path: string) => boolean; resolve: () => void }[] = [];
  const seen = (req: IncomingMessage): void => {
    if (req.headers[OBSERVER] !== undefined || (req.url ?? '').startsWith('/__simulator')) return;
    const method = req.method ?? '';
    const path = (req.url ?? '').split('?')[0] ?? '';
    requests.push({ method, path, at: Date.now() });
    for (const waiter of waiters.filter((w) => w.match(method, path))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const running = await listen({ ...simulator, handler: (req, res) => (seen(req), simulator.handler(req, res)) });
  return {
    running,
    requests,
    firstRequest: (match) => new Promise((resolve) => waiters.push({ match, resolve })),
  };
}

beforeEach(async () => {
  target = await startTarget();
});
afterEach(async () => {
  await target.running.close();
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

async function fault(spec: FaultSpec): Promise<void> {
  const res = await fetch(`${target.running.origin}/__simulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  expect(res.ok).toBe(true);
}

/** Every channel's state, as GET /me/channels?fields=* answers it. */
async function channels(): Promise<string> {
  const res = await fetch(`${target.running.url}/me/channels?fields=*`, { headers: { authorization: AUTH, [OBSERVER]: '1' } });
  const body = (await res.json()) as { channels?: { channel?: string; userState?: { state?: string; reason?: unknown } }[] };
  return JSON.stringify((body.channels ?? []).map((c) => [c.channel, c.userState?.state, c.userState?.reason ?? null]));
}

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly done: Promise<CliRun>;
  readonly dir: string;
  /** Resolves once stdout has a progress line numbered `n`. */
  progressLine(n: number): Promise<void>;
}

function startGate(name: string, extra: readonly string[]): Started {
  const dir = join(work, name);
  const child = spawnCli(
    ['contract', '--base-url', target.running.url, '--username', 'ksippo', '--password-file', passwordFile, '--reports', dir, ...extra],
    // CI: one plain progress line per finished contract, numbered.
    { CI: '1' },
    true,
  );
  let stdout = '';
  const watchers: { n: number; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const w of watchers.filter((x) => stdout.includes(`[${x.n}] `))) w.resolve();
  });
  return {
    child,
    done: completion(child),
    dir,
    progressLine: (n) =>
      new Promise((resolve) => {
        if (stdout.includes(`[${n}] `)) resolve();
        else watchers.push({ n, resolve });
      }),
  };
}

function reportOf(dir: string): ContractReport {
  return JSON.parse(readFileSync(join(dir, 'contract-report.json'), 'utf8')) as ContractReport;
}

/**
 * After the exit: for a second, the agent's state stays the starting one and no request of the run
 * reaches the target (no worker lives on).
 */
async function assertLeftAlone(start: string, exitedAt: number): Promise<void> {
  const until = Date.now() + 1000;
  do {
    expect(await channels()).toBe(start);
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < until);
  const late = target.requests.filter((r) => r.at > exitedAt);
  expect(late, late.map((r) => `${r.method} ${r.path}`).join(', ')).toEqual([]);
}

function assertInterruptedReports(dir: string, signal: 'SIGINT' | 'SIGTERM'): ContractReport {
  const report = reportOf(dir);
  expect(report.summary.interrupted?.signal).toBe(signal);
  expect(report.summary.verdict).toBe('failed');
  const marked = report.results.filter((r) => r.interrupted === true);
  expect(report.summary.interrupted?.notRun).toBe(marked.length);
  for (const r of marked) {
    expect(r.outcome).toBe('skipped');
    expect(r.message).toBe(`not run: the run was interrupted by ${signal}`);
  }
  const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
  if (marked.length > 0) expect(junit).toContain(`<skipped message="not run: the run was interrupted by ${signal}"/>`);
  const html = readFileSync(join(dir, 'contract-report.html'), 'utf8');
  if (marked.length > 0) expect(html).toContain('<td>interrupted</td>');
  expect(html).toContain(`interrupted by ${signal}`);
  return report;
}

/** Waits for the stopped run's exit; asserts its exit code (128 + the signal's number) and its reports. */
async function stoppedRun(gate: Started, signal: 'SIGINT' | 'SIGTERM'): Promise<{ run: CliRun; report: ContractReport; exitedAt: number }> {
  const run = await gate.done;
  const exitedAt = Date.now();
  expect(run.status, run.stderr).toBe(signal === 'SIGINT' ? 130 : 143);
  return { run, report: assertInterruptedReports(gate.dir, signal), exitedAt };
}

/** Ctrl-C: SIGINT to every process of the group, as a terminal sends it. */
function ctrlC(child: ChildProcessWithoutNullStreams): void {
  process.kill(-(child.pid ?? 0), 'SIGINT');
}

describe('gwscheck contract stopped by a signal', () => {
  it('SIGINT to the group before any contract: exit 130, every contract marked not run, the agent untouched', async () => {
    const start = await channels();
    const gate = startGate('early', []);
    // The preflight's first request.
    await target.firstRequest(() => true);
    ctrlC(gate.child);
    const run = await gate.done;
    const exitedAt = Date.now();
    expect(run.status, run.stderr).toBe(130);
    expect(run.stderr).toContain('SIGINT: no further contract starts');
    const report = assertInterruptedReports(gate.dir, 'SIGINT');
    expect(report.results.filter((r) => r.outcome !== 'skipped')).toEqual([]);
    expect(run.stdout).toContain('STOP');
    await assertLeftAlone(start, exitedAt);
  }, 60_000);

  it('SIGINT to the group while a state change is in flight: the contract finishes and restores the agent, exit 130', async () => {
    const start = await channels();
    // The first change answers after 1.5 s: the signal comes while it is in flight.
    await fault({ type: 'latency', fixedMs: 1500, method: 'POST', route: '/me/channels/voice', times: 1 });
    const gate = startGate('mid-change', ['--grep', STATE_CONTRACTS]);
    await target.firstRequest((method, path) => method === 'POST' && path.endsWith('/me/channels/voice'));
    ctrlC(gate.child);
    const { report, exitedAt } = await stoppedRun(gate, 'SIGINT');
    // The running contract finished (its restore included; the slow answer may break its latency
    // budget); the other three did not start.
    expect(report.results.filter((r) => r.interrupted !== true)).toHaveLength(1);
    expect(report.summary.interrupted?.notRun).toBe(3);
    await assertLeftAlone(start, exitedAt);
  }, 60_000);

  it('SIGINT to the group as the last contract starts: exit 130, the finished contracts reported, the agent restored', async () => {
    const start = await channels();
    const gate = startGate('near-end', ['--grep', STATE_CONTRACTS]);
    await gate.progressLine(3);
    ctrlC(gate.child);
    const { report, exitedAt } = await stoppedRun(gate, 'SIGINT');
    // The fourth either ran to its end (restore included) or never started.
    const finished = report.results.filter((r) => r.interrupted !== true);
    expect(finished.length).toBeGreaterThanOrEqual(3);
    expect(report.summary.interrupted?.notRun).toBe(4 - finished.length);
    await assertLeftAlone(start, exitedAt);
  }, 60_000);

  it('SIGTERM to the process: exit 143, the reports marked, the agent restored', async () => {
    const start = await channels();
    const gate = startGate('sigterm', ['--grep', STATE_CONTRACTS]);
    await gate.progressLine(1);
    gate.child.kill('SIGTERM');
    const run = await gate.done;
    const exitedAt = Date.now();
    expect(run.status, run.stderr).toBe(143);
    expect(run.stderr).toContain('SIGTERM: no further contract starts');
    const report = assertInterruptedReports(gate.dir, 'SIGTERM');
    expect(report.results.filter((r) => r.interrupted === true).length).toBeGreaterThan(0);
    await assertLeftAlone(start, exitedAt);
  }, 60_000);

  it('a second SIGINT exits at once with one warning line', async () => {
    // The change hangs for 20 s: only the second signal can end the run soon.
    await fault({ type: 'latency', fixedMs: 20_000, method: 'POST', route: '/me/channels/voice', times: 1 });
    const gate = startGate('twice', ['--grep', STATE_CONTRACTS]);
    await target.firstRequest((method, path) => method === 'POST' && path.endsWith('/me/channels/voice'));
    ctrlC(gate.child);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = Date.now();
    ctrlC(gate.child);
    const run = await gate.done;
    expect(run.status, run.stderr).toBe(130);
    expect(Date.now() - second).toBeLessThan(2000);
    const warnings = run.stderr.split('\n').filter((line) => line.includes('second SIGINT'));
    expect(warnings).toEqual(['gwscheck: second SIGINT, exiting now: the agent may not be in its starting state and no report was written']);
  }, 60_000);
});
