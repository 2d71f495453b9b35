// The four ways the at-scale figures run the same plan, each tool in a process of its own: the
// node:http floor and gwscheck on their own schedules, blackbox_exporter and gwscheck
// `--no-schedule` asked GET /probe at the same moments by the lean driver.
import { setTimeout as sleep } from 'node:timers/promises';
import { MODULE_AGENT, MODULE_ANONYMOUS, startBlackbox } from './blackbox.ts';
import { measureIngest, type IngestWindow } from './prometheus.ts';
import { startCpuWindow, type CpuWindow } from './proc-stats.ts';
import { floorProbesOf, proberTargetsOf, type ScaleProbe } from './scale-plan.ts';
import { scrapeAndDrop } from './scrape.ts';
import { startWorkerWithSpecFile } from './spec-file.ts';
import { untilNextSecond } from './ticks.ts';
import { AGENT, startProberWorker } from './tools.ts';
import type { FloorWorkerReport } from '../workers/floor.ts';
import type { DrivenProbe, ProbeDriverReport, ProbeDriverSpec } from '../workers/probe-driver.ts';
import type { ProberWorkerReport, ProberWorkerSpec } from '../workers/prober.ts';

export interface ScaleWindowOptions {
  readonly intervalSeconds: number;
  /** The measured window. */
  readonly seconds: number;
  /**
   * Probing on the schedule before the window. One whole period asks every probe once, so no
   * first request (a new client, a login, a first connection) falls in the window.
   */
  readonly warmUpSeconds: number;
}

/** What one tool did in its measured window. */
export interface ToolWindow {
  /** Probes that finished in the window, whatever their outcome. */
  readonly finished: number;
  /** Of those, the ones that did not succeed (with the driver: no whole answer counts too). */
  readonly failed: number;
  readonly cpu: CpuWindow;
  /** Scheduled tools: their own start minus the moment due. /probe: the driver's send minus it. */
  readonly latenessMs: readonly number[];
  /** /probe only: from the driver's send to the answer's last byte. */
  readonly answerMs: readonly number[];
  /** /probe only: what the driver itself spent in the window, charged to no tool. */
  readonly driverCpuSeconds: number | null;
  /** gwscheck only: the size of its last /metrics page in the window, in bytes. */
  readonly metricsBytes: number | null;
}

/** gwscheck scheduled, and what a real Prometheus spent scraping it afterwards. */
export interface ScheduledWindow extends ToolWindow {
  readonly ingest: IngestWindow | null;
}

/**
 * Through the window, the prober's /metrics scraped once per interval, as Prometheus scrapes it:
 * resolves with the last page's size in bytes (null with nothing to scrape).
 */
async function throughWindow(options: ScaleWindowOptions, metricsUrl: string | undefined): Promise<number | null> {
  const endAt = performance.now() + options.seconds * 1000;
  let bytes: number | null = null;
  while (performance.now() < endAt) {
    if (metricsUrl !== undefined) bytes = await scrapeAndDrop(metricsUrl);
    await sleep(Math.max(0, Math.min(options.intervalSeconds * 1000, endAt - performance.now())));
  }
  return bytes;
}

/**
 * After the warm-up, the window starts a quarter of a second before a whole second: away from the
 * pacers' ticks, and a window shorter than a second (the smoke run's) still holds one.
 */
async function warmUp(options: ScaleWindowOptions): Promise<void> {
  await sleep(options.warmUpSeconds * 1000);
  await sleep((untilNextSecond() + 750) % 1000);
}

export async function runFloorAtScale(plan: readonly ScaleProbe[], options: ScaleWindowOptions): Promise<ToolWindow> {
  const floor = await startWorkerWithSpecFile('node:http floor', 'floor', { probes: floorProbesOf(plan) });
  try {
    await warmUp(options);
    await floor.ask({ type: 'reset' });
    const window = startCpuWindow(floor.pid);
    await throughWindow(options, undefined);
    const cpu = window();
    const report = await floor.ask<FloorWorkerReport>({ type: 'report' });
    return {
      finished: report.durationsMs.length + report.failedRuns,
      failed: report.failedRuns,
      cpu,
      latenessMs: report.latenessMs,
      answerMs: [],
      driverCpuSeconds: null,
      metricsBytes: null,
    };
  } finally {
    await floor.stop();
  }
}

/** The tool `pid`, asked by the driver: only the tool's CPU is the tool's. */
async function driven(pid: number, spec: ProbeDriverSpec, options: ScaleWindowOptions, metricsUrl?: string): Promise<ToolWindow> {
  const driver = await startWorkerWithSpecFile('probe driver', 'probe-driver', spec);
  try {
    await warmUp(options);
    await driver.ask({ type: 'reset' });
    const window = startCpuWindow(pid);
    const driverWindow = startCpuWindow(driver.pid);
    const metricsBytes = await throughWindow(options, metricsUrl);
    const cpu = window();
    const driverCpu = driverWindow();
    const report = await driver.ask<ProbeDriverReport>({ type: 'report' });
    return {
      finished: report.answerMs.length,
      failed: report.unsuccessful + report.unanswered,
      cpu,
      latenessMs: report.latenessMs,
      answerMs: report.answerMs,
      driverCpuSeconds: driverCpu.cpuSeconds,
      metricsBytes,
    };
  } finally {
    await driver.stop();
  }
}

/** How long the driver waits for an answer: past both tools' own 5 s probe timeout, so a slow probe is the tool's to report. */
const DRIVER_TIMEOUT_MS = 15_000;

export async function runBlackboxAtScale(plan: readonly ScaleProbe[], options: ScaleWindowOptions): Promise<ToolWindow> {
  const blackbox = await startBlackbox(AGENT.username, AGENT.password);
  try {
    const probes: DrivenProbe[] = plan.map((p) => ({
      path: `/probe?target=${encodeURIComponent(p.url)}&module=${p.anonymous ? MODULE_ANONYMOUS : MODULE_AGENT}`,
      schedule: p.schedule,
    }));
    return await driven(blackbox.tool.pid, { origin: blackbox.url, probes, successLine: '^probe_success 1$', timeoutMs: DRIVER_TIMEOUT_MS }, options);
  } finally {
    await blackbox.stop();
  }
}

function proberSpec(plan: readonly ScaleProbe[], options: ScaleWindowOptions, schedule: boolean): ProberWorkerSpec {
  return { targets: proberTargetsOf(plan), interval: `${options.intervalSeconds}s`, timeoutMs: 5000, schedule };
}

export async function runEndpointAtScale(plan: readonly ScaleProbe[], options: ScaleWindowOptions): Promise<ToolWindow> {
  const prober = await startProberWorker(proberSpec(plan, options, false));
  try {
    const probes: DrivenProbe[] = plan.map((p) => ({ path: `/probe?target=${encodeURIComponent(p.target)}&probe=${encodeURIComponent(p.id)}`, schedule: p.schedule }));
    const origin = new URL(prober.metricsUrl).origin;
    const spec = { origin, probes, successLine: '^gwscheck_probe_success\\{[^}]*\\} 1$', timeoutMs: DRIVER_TIMEOUT_MS };
    // The running totals the rules read come from /metrics in this pattern too (prometheus-probe.yml).
    return await driven(prober.tool.pid, spec, options, prober.metricsUrl);
  } finally {
    await prober.tool.stop();
  }
}

/**
 * gwscheck on its own schedule. With `ingestSeconds`, a real Prometheus then scrapes the same
 * prober (after its window, so that Prometheus's CPU never competes with the measured one).
 */
export async function runScheduledAtScale(plan: readonly ScaleProbe[], options: ScaleWindowOptions, ingestSeconds?: number): Promise<ScheduledWindow> {
  const prober = await startProberWorker(proberSpec(plan, options, true));
  try {
    await warmUp(options);
    await prober.tool.ask({ type: 'reset' });
    const window = startCpuWindow(prober.tool.pid);
    const metricsBytes = await throughWindow(options, prober.metricsUrl);
    const cpu = window();
    const report = await prober.tool.ask<ProberWorkerReport>({ type: 'report' });
    const ingest = ingestSeconds === undefined ? null : await measureIngest(prober.metricsUrl, options.intervalSeconds, ingestSeconds);
    return { finished: report.durationsMs.length, failed: report.failedRuns, cpu, latenessMs: report.latenessMs, answerMs: [], driverCpuSeconds: null, metricsBytes, ingest };
  } finally {
    await prober.tool.stop();
  }
}
