// gwscheck's prober in its own process, as `gwscheck probe` runs it (node-cron schedule, the
// contracts' judge(), prom-client metrics served over HTTP), with two read-only taps for the bench:
// every duration the prober reports, and every run's start against the time it was due.
import { Registry } from 'prom-client';
import { parseSchedule, proberTarget } from '../../src/config/index.ts';
import { loadContracts } from '../../src/contracts/index.ts';
import { createProber, cronScheduler, probeEndpoint, startMetricsServer, tuneHeap, type Scheduler } from '../../src/prober/index.ts';
import { onShutdown, serveRequests, workerSpec } from '../lib/worker.ts';

export interface ProberWorkerTarget {
  readonly name: string;
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly include: readonly string[];
}

export interface ProberWorkerSpec {
  readonly targets: readonly ProberWorkerTarget[];
  /** `1s`, `15s`, ... as in the config file. */
  readonly interval: string;
  readonly timeoutMs: number;
  /** false: no schedule, probes run only on GET /probe (the multi-target pattern). Default true. */
  readonly schedule?: boolean;
}

export interface ProberWorkerReport {
  /** Durations as reported in gwscheck_probe_duration_seconds, in ms, since the last reset. */
  readonly durationsMs: number[];
  /** Scheduled run start minus its due time, in ms, since the last reset. */
  readonly latenessMs: number[];
  /** Runs skipped because the previous run of the same probe was still going (whole life). */
  readonly skippedRuns: number;
  /** Of those, the ones skipped before the last reset (start-up: the first round). */
  readonly skippedBeforeReset: number;
  /** Probes whose outcome was not success, since the last reset. */
  readonly failedRuns: number;
}

const spec = workerSpec<ProberWorkerSpec>();
// As `gwscheck probe` does before it starts probing.
tuneHeap();
const interval = parseSchedule(spec.interval, 'interval');
const registry = new Registry();
const contracts = loadContracts();
let durationsMs: number[] = [];
let latenessMs: number[] = [];
let failedRuns = 0;

const cron = cronScheduler();
const timedScheduler: Scheduler = {
  schedule(request) {
    return cron.schedule({
      ...request,
      run: (dueAt) => {
        latenessMs.push(Date.now() - dueAt);
        return request.run(dueAt);
      },
    });
  },
};

const prober = createProber({
  targets: spec.targets.map((t) =>
    proberTarget({
      name: t.name,
      baseUrl: t.baseUrl,
      user: { username: t.username, password: t.password },
      include: t.include,
      defaults: { schedule: interval, timeoutMs: spec.timeoutMs },
    }),
  ),
  contracts,
  registry,
  scheduler: timedScheduler,
});

type Observe = (labels: Record<string, string>, value: number) => void;
const duration = registry.getSingleMetric('gwscheck_probe_duration_seconds') as unknown as { observe: Observe } | undefined;
if (duration === undefined) throw new Error('bench prober worker: the prober registered no gwscheck_probe_duration_seconds');
const observe = duration.observe.bind(duration);
duration.observe = (labels, value) => {
  durationsMs.push(value * 1000);
  observe(labels, value);
};

async function counterSum(name: string, filter: (labels: Record<string, unknown>) => boolean = () => true): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  return values.filter((v) => filter(v.labels)).reduce((sum, v) => sum + v.value, 0);
}

let failedAtReset = 0;
let skippedAtReset = 0;
const failedTotal = (): Promise<number> => counterSum('gwscheck_probe_runs_total', (labels) => labels['outcome'] !== 'success');

const scheduled = spec.schedule !== false;
const server = await startMetricsServer({
  registry,
  isReady: () => !scheduled || prober.isReady(),
  host: '127.0.0.1',
  port: 0,
  probe: probeEndpoint(prober, '0.0.0-bench'),
});
if (scheduled) {
  prober.start();
  await prober.firstRound();
}

serveRequests({
  reset: async () => {
    durationsMs = [];
    latenessMs = [];
    failedAtReset = await failedTotal();
    skippedAtReset = await counterSum('gwscheck_probe_skipped_runs_total');
    return { probes: prober.probes.length };
  },
  report: async (): Promise<ProberWorkerReport> => {
    failedRuns = (await failedTotal()) - failedAtReset;
    return {
      durationsMs,
      latenessMs,
      skippedRuns: await counterSum('gwscheck_probe_skipped_runs_total'),
      skippedBeforeReset: skippedAtReset,
      failedRuns,
    };
  },
});
onShutdown(async () => {
  await prober.stop();
  await server.close();
});
console.log(`READY ${JSON.stringify({ metricsUrl: `${server.url}/metrics`, probes: prober.probes.length })}`);
