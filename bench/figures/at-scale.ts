// Figure 4: the cost of a probe at the rates people run, 1,000 and 10,000 probes every 15 s,
// gwscheck beside blackbox_exporter against the same simulators, with the node:http floor. At 40
// probes every 5 s (figure 2) a process mostly pays for waking up; here it pays for the probes.
import { SCALE_ENDPOINTS, planScaleProbes } from '../lib/scale-plan.ts';
import type { IngestWindow } from '../lib/prometheus.ts';
import { runBlackboxAtScale, runEndpointAtScale, runFloorAtScale, runScheduledAtScale, type ScaleWindowOptions, type ScheduledWindow, type ToolWindow } from '../lib/scale-runs.ts';
import { peerFigure, reportedFigure, type Figure } from '../lib/results.ts';
import { median, percentile } from '../lib/stats.ts';
import type { SimulatorSet } from '../lib/tools.ts';

export interface AtScaleRun extends ScaleWindowOptions {
  readonly probes: number;
  /** Whether the CPU goals apply: they are set at 10,000 probes; at other rates the figures are reported. */
  readonly goals: boolean;
  /** Seconds a real Prometheus is measured scraping the scheduled prober, after its window; none when absent. */
  readonly ingestSeconds?: number;
}

export interface AtScaleOptions {
  readonly runs: readonly AtScaleRun[];
  readonly log: (line: string) => void;
}

/** gwscheck's CPU per probe against blackbox_exporter's at 10,000 probes: scheduled, and asked on /probe. */
const SCHEDULED_CPU_GOAL = 0.5;
const ENDPOINT_CPU_GOAL = 0.75;

const BLACKBOX = 'blackbox_exporter';
const FLOOR = 'node:http floor';

/** Each run's figures, named `at-scale-<probes>-<suffix>`: suffix, unit, peer. */
const SHAPES: readonly (readonly [string, string, string | null])[] = [
  ['cpu-per-probe', 'ms', BLACKBOX],
  ['endpoint-cpu-per-probe', 'ms', BLACKBOX],
  ['floor-cpu-per-probe', 'ms', BLACKBOX],
  ['cpu-vs-floor', 'ms', FLOOR],
  ['peak-rss', 'MiB', BLACKBOX],
  ['endpoint-peak-rss', 'MiB', BLACKBOX],
  ['floor-peak-rss', 'MiB', BLACKBOX],
  ['probes-per-second', 'probes/s', BLACKBOX],
  ['endpoint-probes-per-second', 'probes/s', BLACKBOX],
  ['floor-probes-per-second', 'probes/s', BLACKBOX],
  ['lateness-p50', 'ms', FLOOR],
  ['lateness-p99', 'ms', FLOOR],
  ['driver-lateness-p99', 'ms', BLACKBOX],
  ['answer-p50', 'ms', BLACKBOX],
  ['answer-p99', 'ms', BLACKBOX],
  ['metrics-bytes-per-probe', 'bytes', null],
];

/** The figures of a run with a real Prometheus: suffix and unit. */
const INGEST_SHAPES: readonly (readonly [string, string])[] = [
  ['prometheus-series-per-probe', 'series'],
  ['prometheus-samples-per-second', 'samples/s'],
  ['prometheus-cpu', '%'],
  ['prometheus-peak-rss', 'MiB'],
  ['prometheus-scrape-seconds', 's'],
  ['prometheus-rule-seconds', 's'],
];

/** Every figure the group writes, for the record when it fails before measuring. */
export function atScaleFigureNames(runs: readonly AtScaleRun[]): [string, string, string | null][] {
  return runs.flatMap((run) => [
    ...SHAPES.map(([suffix, unit, peer]): [string, string, string | null] => [`at-scale-${run.probes}-${suffix}`, unit, peer]),
    ...(run.ingestSeconds === undefined ? [] : INGEST_SHAPES.map(([suffix, unit]): [string, string, string | null] => [`at-scale-${run.probes}-${suffix}`, unit, null])),
  ]);
}

function perProbeMs(w: ToolWindow): number | null {
  return w.finished === 0 ? null : (w.cpu.cpuSeconds * 1000) / w.finished;
}

/** Successful probes per second: a tool that falls behind or fails shows it here. */
function achieved(w: ToolWindow): number {
  return (w.finished - w.failed) / w.cpu.wallSeconds;
}

function describe(name: string, w: ToolWindow, expected: number): string {
  const driver = w.driverCpuSeconds === null ? '' : `; the driver used ${((w.driverCpuSeconds / w.cpu.wallSeconds) * 100).toFixed(0)} % of a core`;
  return (
    `${name}: ${w.finished} probes in ${w.cpu.wallSeconds.toFixed(1)} s, ${achieved(w).toFixed(1)} successful/s of ${expected.toFixed(1)} due, ` +
    `${w.failed} not successful, ${((w.cpu.cpuSeconds / w.cpu.wallSeconds) * 100).toFixed(0)} % of a core, peak RSS ${w.cpu.peakRssMiB.toFixed(0)} MiB${driver}`
  );
}

function ingestFigures(run: AtScaleRun, ingest: IngestWindow): Figure[] {
  const name = (suffix: string): string => `at-scale-${run.probes}-${suffix}`;
  return [
    // Head series over probes: the prober's own series and what the shipped recording rules add.
    reportedFigure(name('prometheus-series-per-probe'), 'series', ingest.headSeries / run.probes, null, null),
    reportedFigure(name('prometheus-samples-per-second'), 'samples/s', ingest.samplesPerSecond, null, null),
    reportedFigure(name('prometheus-cpu'), '%', ingest.cpuPercent, null, null),
    reportedFigure(name('prometheus-peak-rss'), 'MiB', ingest.peakRssMiB, null, null),
    reportedFigure(name('prometheus-scrape-seconds'), 's', ingest.scrapeSecondsMax, null, null),
    reportedFigure(name('prometheus-rule-seconds'), 's', ingest.ruleSeconds, null, null),
  ];
}

function figuresOf(run: AtScaleRun, floor: ToolWindow, blackbox: ToolWindow, endpoint: ToolWindow, scheduled: ScheduledWindow): Figure[] {
  const name = (suffix: string): string => `at-scale-${run.probes}-${suffix}`;
  const cpuFigure = (suffix: string, tool: ToolWindow, goal: number): Figure =>
    run.goals ? peerFigure(name(suffix), 'ms', perProbeMs(tool), BLACKBOX, perProbeMs(blackbox), '<=', goal) : reportedFigure(name(suffix), 'ms', perProbeMs(tool), BLACKBOX, perProbeMs(blackbox));
  const bb = blackbox.cpu.peakRssMiB;
  return [
    cpuFigure('cpu-per-probe', scheduled, SCHEDULED_CPU_GOAL),
    cpuFigure('endpoint-cpu-per-probe', endpoint, ENDPOINT_CPU_GOAL),
    reportedFigure(name('floor-cpu-per-probe'), 'ms', perProbeMs(floor), BLACKBOX, perProbeMs(blackbox)),
    reportedFigure(name('cpu-vs-floor'), 'ms', perProbeMs(scheduled), FLOOR, perProbeMs(floor)),
    reportedFigure(name('peak-rss'), 'MiB', scheduled.cpu.peakRssMiB, BLACKBOX, bb),
    reportedFigure(name('endpoint-peak-rss'), 'MiB', endpoint.cpu.peakRssMiB, BLACKBOX, bb),
    reportedFigure(name('floor-peak-rss'), 'MiB', floor.cpu.peakRssMiB, BLACKBOX, bb),
    reportedFigure(name('probes-per-second'), 'probes/s', achieved(scheduled), BLACKBOX, achieved(blackbox)),
    reportedFigure(name('endpoint-probes-per-second'), 'probes/s', achieved(endpoint), BLACKBOX, achieved(blackbox)),
    reportedFigure(name('floor-probes-per-second'), 'probes/s', achieved(floor), BLACKBOX, achieved(blackbox)),
    // Each process's own timer against the moment due: gwscheck's scheduler, and the floor's.
    reportedFigure(name('lateness-p50'), 'ms', median(scheduled.latenessMs), FLOOR, median(floor.latenessMs)),
    reportedFigure(name('lateness-p99'), 'ms', percentile(scheduled.latenessMs, 99), FLOOR, percentile(floor.latenessMs, 99)),
    // The driver's sends in the two /probe runs: it kept the schedule for both tools alike.
    reportedFigure(name('driver-lateness-p99'), 'ms', percentile(endpoint.latenessMs, 99), BLACKBOX, percentile(blackbox.latenessMs, 99)),
    // What Prometheus would wait for: the send to the answer's last byte, the probe itself included.
    reportedFigure(name('answer-p50'), 'ms', median(endpoint.answerMs), BLACKBOX, median(blackbox.answerMs)),
    reportedFigure(name('answer-p99'), 'ms', percentile(endpoint.answerMs, 99), BLACKBOX, percentile(blackbox.answerMs, 99)),
    reportedFigure(name('metrics-bytes-per-probe'), 'bytes', scheduled.metricsBytes === null ? null : scheduled.metricsBytes / run.probes, null, null),
    ...(scheduled.ingest === null ? [] : ingestFigures(run, scheduled.ingest)),
  ];
}

export async function atScaleFigures(simulators: SimulatorSet, options: AtScaleOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const run of options.runs) {
    const plan = planScaleProbes(simulators.urls, run.probes, run.intervalSeconds);
    const expected = run.probes / run.intervalSeconds;
    options.log(
      `at-scale-${run.probes}: ${plan.length} probes (${SCALE_ENDPOINTS.length} per target name, ${simulators.urls.length} simulators) every ${run.intervalSeconds} s, ` +
        `${run.warmUpSeconds} s of warm-up and ${run.seconds} s measured per tool`,
    );
    const floor = await runFloorAtScale(plan, run);
    options.log(describe('  node:http floor', floor, expected));
    const blackbox = await runBlackboxAtScale(plan, run);
    options.log(describe('  blackbox_exporter', blackbox, expected));
    const endpoint = await runEndpointAtScale(plan, run);
    options.log(describe('  gwscheck /probe', endpoint, expected));
    const scheduled = await runScheduledAtScale(plan, run, run.ingestSeconds);
    options.log(describe('  gwscheck scheduled', scheduled, expected));
    const ingest = scheduled.ingest;
    if (ingest !== null) {
      options.log(
        `  prometheus on the same prober for ${run.ingestSeconds ?? 0} s: ${ingest.headSeries} head series, ${ingest.samplesPerSecond.toFixed(0)} samples/s, ` +
          `${ingest.cpuPercent.toFixed(0)} % of a core, peak RSS ${ingest.peakRssMiB.toFixed(0)} MiB, scrape ${ingest.scrapeSecondsMax.toFixed(2)} s, rules ${ingest.ruleSeconds.toFixed(2)} s`,
      );
    }
    figures.push(...figuresOf(run, floor, blackbox, endpoint, scheduled));
  }
  return figures;
}
