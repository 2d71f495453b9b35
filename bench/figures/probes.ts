// Figures 1 and 2: probe accuracy against a known delay, and the cost of a probe, for gwscheck's
// prober and blackbox_exporter probing the same endpoints on the same seconds.
import { SCALE_ENDPOINTS } from '../lib/scale-plan.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseSchedule } from '../../src/config/index.ts';
import { expandPath, loadContracts } from '../../src/contracts/index.ts';
import { intervalSeconds, probeKey } from '../../src/prober/index.ts';
import { MODULE_AGENT, MODULE_ANONYMOUS, probeOnce, startBlackbox } from '../lib/blackbox.ts';
import { firesAt, msInSecond, probeOffset, type ProbeOffset } from '../lib/offsets.ts';
import { startCpuWindow, type CpuWindow } from '../lib/proc-stats.ts';
import { peerFigure, reportedFigure, type Figure } from '../lib/results.ts';
import { median, percentile } from '../lib/stats.ts';
import { everySecond, untilNextSecond } from '../lib/ticks.ts';
import { addFault, AGENT, basicAuth, removeFault, startFloorWorker, startProberWorker, type SimulatorSet } from '../lib/tools.ts';
import type { FloorWorkerReport } from '../workers/floor.ts';
import type { ProberWorkerReport, ProberWorkerTarget } from '../workers/prober.ts';

export interface ProbeFigureOptions {
  /** Seconds of probing per tool and round. */
  readonly seconds: number;
  /** Rounds of floor, blackbox_exporter, gwscheck in turn, so bursts of other work hit all three alike. */
  readonly rounds: number;
  /** Target names; each probes every endpoint once per interval. */
  readonly targets: number;
  /** The simulator's exact added delay. */
  readonly delayMs: number;
  /**
   * `5s`, as the figures are named. gwscheck's prober shares one pool of connections per server
   * among its target names, so at 8 probes a second on one simulator it reuses a warm connection
   * for nearly every probe; blackbox_exporter and the floor open one for every probe.
   */
  readonly interval: string;
  /**
   * Seconds each tool probes on the schedule before its measured window, so that the window shows
   * the steady state a long-running prober lives in, not the settling after a process start (a new
   * Node.js process spends CPU compiling and collecting its start-up garbage for tens of seconds).
   */
  readonly warmUpSeconds: number;
  readonly log: (line: string) => void;
}

/**
 * CPU per probe no more than blackbox_exporter's at 40 probes every 5 s, in both modes: at this rate
 * the cost is mostly the process waking up for each probe (a bare node:http client pays two thirds
 * of blackbox_exporter's); the half-of-blackbox goals hold at scale (at-scale.ts).
 */
const CPU_GOAL = 1;

/** The at-scale group's four: read-only, one request each, with and without credentials. */
const ENDPOINTS = SCALE_ENDPOINTS;

/** One probe of the plan: what gwscheck's prober runs, and on which seconds. */
interface PlannedProbe {
  readonly target: string;
  /** The operation id, as GET /probe names it. */
  readonly id: string;
  readonly url: string;
  readonly anonymous: boolean;
  readonly schedule: ProbeOffset;
}

function plan(apiRoot: string, targets: number, every: string): PlannedProbe[] {
  const contracts = loadContracts();
  const interval = parseSchedule(every, 'interval');
  const probes: PlannedProbe[] = [];
  for (let i = 0; i < targets; i += 1) {
    const target = `bench-${i}`;
    for (const id of ENDPOINTS) {
      const op = contracts.operation(id);
      const query = new URLSearchParams(op.example.query ?? {}).toString();
      probes.push({
        target,
        id,
        url: `${apiRoot}${expandPath(op, {})}${query ? `?${query}` : ''}`,
        anonymous: op.identity === 'none',
        schedule: probeOffset(intervalSeconds(interval), probeKey(target, id)),
      });
    }
  }
  return probes;
}

interface ToolRun {
  readonly reportedMs: readonly number[];
  readonly failures: number;
  readonly cpu?: CpuWindow;
}

/** Fires, in each second, the planned probes due then, each at its millisecond, as the prober's schedule does. */
function onSchedule<T>(probes: readonly PlannedProbe[], seconds: number, fire: (probe: PlannedProbe) => Promise<T>): Promise<T[]> {
  return everySecond(seconds, 10_000, () => {
    // Woken just after a whole second; a timer a little early or late still names that second.
    const start = Math.round(Date.now() / 1000) * 1000;
    const due = probes.filter((p) => firesAt(p.schedule, start / 1000));
    return Promise.all(due.map((p) => sleep(Math.max(0, start + msInSecond(p.schedule) - Date.now())).then(() => fire(p))));
  });
}

/** The floor in its own process, on the same schedule, measured over the same kind of window as gwscheck. */
async function runFloor(probes: readonly PlannedProbe[], seconds: number, warmUpSeconds: number): Promise<ToolRun> {
  const auth = basicAuth(AGENT.username, AGENT.password);
  const headersFor = (p: PlannedProbe): Record<string, string> => (p.anonymous ? {} : { authorization: auth });
  const floor = await startFloorWorker({
    probes: probes.map((p) => ({ url: p.url, headers: headersFor(p), schedule: p.schedule })),
  });
  try {
    await sleep(warmUpSeconds * 1000);
    await sleep(untilNextSecond() + 500);
    await floor.ask({ type: 'reset' });
    const window = startCpuWindow(floor.pid);
    await sleep(seconds * 1000);
    const cpu = window();
    const report = await floor.ask<FloorWorkerReport>({ type: 'report' });
    return { reportedMs: report.durationsMs, failures: report.failedRuns, cpu };
  } finally {
    await floor.stop();
  }
}

async function runBlackbox(probes: readonly PlannedProbe[], seconds: number, warmUpSeconds: number): Promise<ToolRun> {
  const blackbox = await startBlackbox(AGENT.username, AGENT.password);
  try {
    const fire = (p: PlannedProbe) => probeOnce(blackbox.url, p.url, p.anonymous ? MODULE_ANONYMOUS : MODULE_AGENT);
    await Promise.all(probes.map(fire));
    if (warmUpSeconds > 0) await onSchedule(probes, warmUpSeconds, fire);
    const window = startCpuWindow(blackbox.tool.pid);
    const results = await onSchedule(probes, seconds, fire);
    const cpu = window();
    return { reportedMs: results.map((p) => p.reportedMs), failures: results.filter((p) => !p.success).length, cpu };
  } finally {
    await blackbox.stop();
  }
}

function benchTargets(apiRoot: string, targets: number): ProberWorkerTarget[] {
  return Array.from({ length: targets }, (_v, i) => ({
    name: `bench-${i}`,
    baseUrl: apiRoot,
    username: AGENT.username,
    password: AGENT.password,
    include: [...ENDPOINTS],
  }));
}

async function runGwscheck(apiRoot: string, targets: number, seconds: number, interval: string, warmUpSeconds: number): Promise<ToolRun> {
  const prober = await startProberWorker({ targets: benchTargets(apiRoot, targets), interval, timeoutMs: 5000 });
  try {
    // After the first round (at start) and the warm-up on the schedule, the window starts between two whole seconds.
    await sleep(warmUpSeconds * 1000);
    await sleep(untilNextSecond() + 500);
    await prober.tool.ask({ type: 'reset' });
    const window = startCpuWindow(prober.tool.pid);
    // Prometheus scrapes the prober about once per interval; blackbox_exporter's /probe answer is its scrape.
    const scrapeEvery = intervalSeconds(parseSchedule(interval, 'interval'));
    for (let i = 0; i < seconds; i += 1) {
      if (i % scrapeEvery === 0) await fetch(prober.metricsUrl).then((r) => r.text());
      await sleep(untilNextSecond() + 500);
    }
    const cpu = window();
    const report = await prober.tool.ask<ProberWorkerReport>({ type: 'report' });
    return { reportedMs: report.durationsMs, failures: report.failedRuns, cpu };
  } finally {
    await prober.tool.stop();
  }
}

/** gwscheck's prober without a schedule, asked GET /probe at the moments blackbox_exporter is asked. */
async function runGwscheckEndpoint(apiRoot: string, probes: readonly PlannedProbe[], targets: number, seconds: number, interval: string, warmUpSeconds: number): Promise<ToolRun> {
  const prober = await startProberWorker({ targets: benchTargets(apiRoot, targets), interval, timeoutMs: 5000, schedule: false });
  try {
    const base = prober.metricsUrl.replace(/\/metrics$/, '');
    const fire = async (p: PlannedProbe): Promise<void> => {
      const response = await fetch(`${base}/probe?target=${encodeURIComponent(p.target)}&probe=${encodeURIComponent(p.id)}`, { signal: AbortSignal.timeout(10_000) });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`gwscheck /probe answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    };
    await Promise.all(probes.map(fire));
    if (warmUpSeconds > 0) await onSchedule(probes, warmUpSeconds, fire);
    await prober.tool.ask({ type: 'reset' });
    const window = startCpuWindow(prober.tool.pid);
    await onSchedule(probes, seconds, fire);
    const cpu = window();
    const report = await prober.tool.ask<ProberWorkerReport>({ type: 'report' });
    return { reportedMs: report.durationsMs, failures: report.failedRuns, cpu };
  } finally {
    await prober.tool.stop();
  }
}

/** Rounds pooled: every sample, CPU summed over the windows, the highest peak RSS. */
function pooled(runs: readonly ToolRun[]): ToolRun {
  const cpus = runs.flatMap((run) => (run.cpu === undefined ? [] : [run.cpu]));
  return {
    reportedMs: runs.flatMap((run) => run.reportedMs),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    ...(cpus.length === 0
      ? {}
      : {
          cpu: {
            cpuSeconds: cpus.reduce((sum, c) => sum + c.cpuSeconds, 0),
            wallSeconds: cpus.reduce((sum, c) => sum + c.wallSeconds, 0),
            peakRssMiB: Math.max(...cpus.map((c) => c.peakRssMiB)),
          },
        }),
  };
}

function excess(run: ToolRun, delayMs: number): number[] {
  return run.reportedMs.map((ms) => ms - delayMs);
}

export async function probeFigures(simulators: SimulatorSet, options: ProbeFigureOptions): Promise<Figure[]> {
  const apiRoot = simulators.urls[0] ?? '';
  const fault = await addFault(apiRoot, { type: 'latency', fixedMs: options.delayMs, jitterMs: 0 });
  try {
    const probes = plan(apiRoot, options.targets, options.interval);
    options.log(
      `probe accuracy: ${probes.length} probes every ${options.interval}, ${options.rounds} round(s) of ${options.seconds} s per tool, delay ${options.delayMs} ms`,
    );
    const rounds: Record<'floor' | 'blackbox' | 'gwscheck' | 'endpoint', ToolRun[]> = { floor: [], blackbox: [], gwscheck: [], endpoint: [] };
    for (let round = 0; round < options.rounds; round += 1) {
      rounds.floor.push(await runFloor(probes, options.seconds, options.warmUpSeconds));
      rounds.blackbox.push(await runBlackbox(probes, options.seconds, options.warmUpSeconds));
      rounds.gwscheck.push(await runGwscheck(apiRoot, options.targets, options.seconds, options.interval, options.warmUpSeconds));
      rounds.endpoint.push(await runGwscheckEndpoint(apiRoot, probes, options.targets, options.seconds, options.interval, options.warmUpSeconds));
    }
    const [floor, blackbox, gwscheck, endpoint] = [pooled(rounds.floor), pooled(rounds.blackbox), pooled(rounds.gwscheck), pooled(rounds.endpoint)];
    for (const [name, run] of [['node:http floor', floor], ['blackbox_exporter', blackbox], ['gwscheck', gwscheck], ['gwscheck /probe', endpoint]] as const) {
      if (run.failures > 0) options.log(`warning: ${run.failures} of ${run.reportedMs.length} ${name} probes did not succeed`);
    }
    options.log(
      `probes measured: floor ${floor.reportedMs.length}, blackbox_exporter ${blackbox.reportedMs.length}, gwscheck ${gwscheck.reportedMs.length}, gwscheck /probe ${endpoint.reportedMs.length}`,
    );
    const [f, b, g, e] = [excess(floor, options.delayMs), excess(blackbox, options.delayMs), excess(gwscheck, options.delayMs), excess(endpoint, options.delayMs)];
    const perProbeMs = (run: ToolRun): number | null =>
      run.cpu === undefined || run.reportedMs.length === 0 ? null : (run.cpu.cpuSeconds * 1000) / run.reportedMs.length;
    return [
      peerFigure('probe-excess-p50', 'ms', median(g), 'blackbox_exporter', median(b), '<=', 1),
      peerFigure('probe-excess-p99', 'ms', percentile(g, 99), 'blackbox_exporter', percentile(b, 99), '<=', 1),
      reportedFigure('probe-excess-vs-floor-p50', 'ms', median(g), 'node:http floor', median(f)),
      reportedFigure('probe-excess-vs-floor-p99', 'ms', percentile(g, 99), 'node:http floor', percentile(f, 99)),
      peerFigure('probe-cpu-per-probe', 'ms', perProbeMs(gwscheck), 'blackbox_exporter', perProbeMs(blackbox), '<=', CPU_GOAL),
      // What the plainest Node.js client pays for the same probes on the same schedule: a bound on
      // what any prober running on Node.js can reach, however little it does of its own.
      reportedFigure('probe-floor-cpu-per-probe', 'ms', perProbeMs(floor), 'blackbox_exporter', perProbeMs(blackbox)),
      reportedFigure('probe-cpu-vs-floor', 'ms', perProbeMs(gwscheck), 'node:http floor', perProbeMs(floor)),
      reportedFigure('probe-peak-rss', 'MiB', gwscheck.cpu?.peakRssMiB ?? null, 'blackbox_exporter', blackbox.cpu?.peakRssMiB ?? null),
      // The same probes at the same moments, Prometheus-style: each one a GET /probe, as blackbox_exporter is asked.
      peerFigure('probe-endpoint-excess-p50', 'ms', median(e), 'blackbox_exporter', median(b), '<=', 1),
      peerFigure('probe-endpoint-excess-p99', 'ms', percentile(e, 99), 'blackbox_exporter', percentile(b, 99), '<=', 1),
      peerFigure('probe-endpoint-cpu-per-probe', 'ms', perProbeMs(endpoint), 'blackbox_exporter', perProbeMs(blackbox), '<=', CPU_GOAL),
      reportedFigure('probe-endpoint-peak-rss', 'MiB', endpoint.cpu?.peakRssMiB ?? null, 'blackbox_exporter', blackbox.cpu?.peakRssMiB ?? null),
    ];
  } finally {
    await removeFault(apiRoot, fault);
  }
}
