// Figure 3: one prober with many probes over several simulated targets, on its real schedule.
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { proberTarget } from '../../src/config/index.ts';
import { loadContracts } from '../../src/contracts/index.ts';
import { selectOperations } from '../../src/prober/index.ts';
import { startCpuWindow } from '../lib/proc-stats.ts';
import { boundFigure, reportedFigure, type Figure } from '../lib/results.ts';
import { median, percentile } from '../lib/stats.ts';
import { AGENT, startProberWorker, type SimulatorSet } from '../lib/tools.ts';
import type { ProberWorkerReport, ProberWorkerTarget } from '../workers/prober.ts';

/** The bounds a scale run is judged by; they differ between 1,000 and 10,000 probes. */
export interface ScaleGoals {
  readonly latenessP99Ms: number;
  readonly peakRssMiB: number;
  readonly renderP99Ms: number;
}

export interface ScaleOptions {
  /** Prefix of the figure names: `scale` for the 1,000-probe run, `scale-N` for the large one. */
  readonly name: string;
  readonly goals: ScaleGoals;
  readonly probes: number;
  /** `15s` as the issue asks; the smoke run uses `1s`. */
  readonly interval: string;
  readonly intervalSeconds: number;
  readonly seconds: number;
  /** Gap between two timed GETs of /metrics. */
  readonly scrapeEveryMs: number;
  /** The prober's V8 heap bound (`--max-old-space-size`), as docs/prober.md's sizing rule gives it; Node's default when absent. */
  readonly heapMiB?: number;
  readonly log: (line: string) => void;
}

/** Targets named t000, t001, ... with every read-only probe the agent may run, `probes` in all. */
function planTargets(urls: readonly string[], probes: number): ProberWorkerTarget[] {
  const sample = proberTarget({ name: 'plan', baseUrl: urls[0] ?? '', user: { ...AGENT } });
  const ids = selectOperations(sample, loadContracts().catalog).map((op) => op.id);
  const targets: ProberWorkerTarget[] = [];
  for (let left = probes, i = 0; left > 0; left -= ids.length, i += 1) {
    targets.push({
      name: `t${String(i).padStart(3, '0')}`,
      baseUrl: urls[i % urls.length] ?? '',
      username: AGENT.username,
      password: AGENT.password,
      include: ids.slice(0, Math.min(left, ids.length)),
    });
  }
  return targets;
}

/**
 * One GET of /metrics, timed from the request to the last byte, as a lean scraper sees it: raw
 * node:http keeping the bytes as they come (fetch() and decoding 24 MB into a string took this
 * process longer than the prober took to send it). The series are counted after the clock stops.
 */
function timedScrape(url: string): Promise<{ ms: number; series: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = get(url, { timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const ms = performance.now() - started;
        if (response.statusCode !== 200) {
          reject(new Error(`GET ${url} answered HTTP ${response.statusCode ?? 'none'}`));
          return;
        }
        const body = Buffer.concat(chunks);
        let series = 0;
        for (let at = body.indexOf(SERIES_MARK); at >= 0; at = body.indexOf(SERIES_MARK, at + 1)) series += 1;
        resolve({ ms, series });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url}: no whole answer within 30 s`)));
    request.on('error', reject);
  });
}

const SERIES_MARK = Buffer.from('\ngwscheck_probe_');

export async function scaleFigures(simulators: SimulatorSet, options: ScaleOptions): Promise<Figure[]> {
  const targets = planTargets(simulators.urls, options.probes);
  const prober = await startProberWorker({ targets, interval: options.interval, timeoutMs: 5000 }, options.heapMiB === undefined ? [] : [`--max-old-space-size=${options.heapMiB}`]);
  try {
    const heap = options.heapMiB === undefined ? '' : `, --max-old-space-size=${options.heapMiB}`;
    options.log(`${options.name}: ${prober.probes} probes on ${targets.length} targets (${simulators.urls.length} simulators), every ${options.interval}, for ${options.seconds} s${heap}`);
    if (prober.probes !== options.probes) throw new Error(`${options.name}: the prober planned ${prober.probes} probes, expected ${options.probes}`);
    await prober.tool.ask({ type: 'reset' });
    const window = startCpuWindow(prober.tool.pid);
    const renderMs: number[] = [];
    let series = 0;
    const endAt = performance.now() + options.seconds * 1000;
    while (performance.now() < endAt) {
      const scrape = await timedScrape(prober.metricsUrl);
      renderMs.push(scrape.ms);
      series = scrape.series;
      await sleep(Math.max(0, Math.min(options.scrapeEveryMs, endAt - performance.now())));
    }
    const cpu = window();
    const report = await prober.tool.ask<ProberWorkerReport>({ type: 'report' });
    if (report.failedRuns > 0) options.log(`warning: ${report.failedRuns} scale probes did not succeed`);
    if (report.skippedRuns > 0) options.log(`${options.name}: ${report.skippedRuns} runs skipped for overlap, ${report.skippedBeforeReset} of them during the first round`);
    const expectedRate = options.probes / options.intervalSeconds;
    const rate = report.durationsMs.length / cpu.wallSeconds;
    options.log(
      `${options.name}: ${report.durationsMs.length} probes in ${cpu.wallSeconds.toFixed(1)} s, ${report.latenessMs.length} scheduled starts, ${renderMs.length} scrapes of /metrics, lateness p50 ${median(report.latenessMs).toFixed(1)} ms`,
    );
    const { name, goals } = options;
    return [
      boundFigure(`${name}-lateness-p50`, 'ms', median(report.latenessMs), '<', goals.latenessP99Ms),
      boundFigure(`${name}-lateness-p99`, 'ms', percentile(report.latenessMs, 99), '<', goals.latenessP99Ms),
      // A window is not a whole number of periods apart from its edges, hence 5 % slack.
      boundFigure(`${name}-probes-per-second`, 'probes/s', rate, '>=', Math.floor(expectedRate * 0.95 * 10) / 10),
      boundFigure(`${name}-cpu`, '%', (cpu.cpuSeconds / cpu.wallSeconds) * 100, '<', 100),
      boundFigure(`${name}-peak-rss`, 'MiB', cpu.peakRssMiB, '<', goals.peakRssMiB),
      boundFigure(`${name}-metrics-render-p99`, 'ms', percentile(renderMs, 99), '<', goals.renderP99Ms),
      boundFigure(`${name}-skipped-runs`, 'runs', report.skippedRuns, '=', 0),
      reportedFigure(`${name}-series-per-probe`, 'series', series / options.probes, null, null),
    ];
  } finally {
    await prober.tool.stop();
  }
}
