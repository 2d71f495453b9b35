// From a latency or a failure in Prometheus to the failing exchange: a real Prometheus with
// exemplar storage scrapes a real prober (OpenMetrics, as it asks for) whose target, the simulator,
// starts breaking get-me's contract. The exemplars Prometheus keeps name runs, and each of those
// runs is on the prober's page of its probe with the violation it found.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { parseSchedule, proberTarget } from '../../src/config/index.ts';
import { loadContracts } from '../../src/contracts/index.ts';
import { createProber, startMetricsServer } from '../../src/prober/index.ts';
import type { Prober } from '../../src/prober/prober.ts';
import { resultsPages } from '../../src/prober/results/index.ts';
import type { MetricsServer } from '../../src/prober/server.ts';
import type { ReportedViolation } from '../../src/reporters/index.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import type { Simulator } from '../../src/simulator/simulator.ts';
import { eventually, startPrometheus, type PromExemplars, type RunningPrometheus } from './prometheus-harness.ts';

const TARGET = 'sim';
const DEADLINE = { deadlineMs: 20_000, intervalMs: 500 } as const;
/** What the simulator's retype fault breaks: GET /me answers a number where the schema has a string. */
const RETYPED = '/user/id';

/** The JSON of GET /probes/{target}/{probe}, as far as this test reads it. */
interface ProbeRunsJson {
  readonly target: string;
  readonly probe: string;
  readonly runs: readonly {
    readonly id: string;
    readonly ok: boolean;
    readonly outcome: string;
    readonly reason: string | null;
    readonly failure: { readonly violations: readonly ReportedViolation[] } | null;
  }[];
}

let simulator: Simulator | undefined;
let gws: RunningSimulator | undefined;
let prober: Prober | undefined;
let metrics: MetricsServer | undefined;
let prometheus: RunningPrometheus | undefined;
let testStart = 0;

function prom(): RunningPrometheus {
  if (prometheus === undefined) throw new Error('Prometheus not started');
  return prometheus;
}

function proberUrl(): string {
  if (metrics === undefined) throw new Error('prober not started');
  return metrics.url;
}

/** The run ids of the exemplars Prometheus keeps for `expr` since the test started. */
async function exemplarRunIds(expr: string): Promise<{ series: PromExemplars[]; runIds: string[] }> {
  const series = await prom().queryExemplars(expr, testStart, Math.ceil(Date.now() / 1000) + 1);
  const runIds = series.flatMap((s) => s.exemplars.map((e) => e.labels['run_id'])).filter((id): id is string => id !== undefined);
  return { series, runIds };
}

/** The run is on the page, failed on the retyped attribute, the violation named with its pointer and keyword. */
function expectFailedRun(page: ProbeRunsJson, id: string): void {
  const run = page.runs.find((r) => r.id === id);
  expect(run, `run ${id} on /probes/${TARGET}/get-me`).toBeDefined();
  expect([run?.ok, run?.outcome, run?.reason]).toEqual([false, 'schema_violation', 'schema']);
  const violation = run?.failure?.violations.find((v) => v.kind === 'schema');
  expect(violation?.pointer, JSON.stringify(run?.failure?.violations)).toBe(RETYPED);
  expect(violation?.keyword).toBe('type');
}

async function probeRuns(probe: string): Promise<ProbeRunsJson> {
  const response = await fetch(`${proberUrl()}/probes/${encodeURIComponent(TARGET)}/${encodeURIComponent(probe)}`, { headers: { accept: 'application/json' } });
  expect(response.status).toBe(200);
  return (await response.json()) as ProbeRunsJson;
}

beforeAll(async () => {
  testStart = Math.floor(Date.now() / 1000) - 1;
  simulator = buildSimulator({});
  gws = await listen(simulator, { host: '127.0.0.1', port: 0 });
  const contracts = loadContracts();
  const registry = new Registry();
  prober = createProber({
    targets: [
      proberTarget({
        name: TARGET,
        baseUrl: gws.url,
        user: { username: 'lsupervisor', password: 'supervisor' },
        include: ['get-me', 'get-me-channels'],
        defaults: { schedule: parseSchedule('1s', 'interval'), timeoutMs: 2000 },
      }),
    ],
    contracts,
    registry,
    buildVersion: '0.0.0-e2e',
  });
  const history = prober.results;
  metrics = await startMetricsServer({
    registry,
    isReady: () => prober?.isReady() ?? false,
    host: '127.0.0.1',
    port: 0,
    ...(history === undefined ? {} : { results: resultsPages(history, contracts.catalog) }),
  });
  prober.start();
  prometheus = await startPrometheus({ probers: [`127.0.0.1:${metrics.address.port}`] });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await prober?.stop();
  await metrics?.close();
  await gws?.close();
  simulator?.dispose();
}, 30_000);

describe('exemplars: from Prometheus to the failing exchange on the prober', () => {
  it('Prometheus scrapes the OpenMetrics page without a parse error and keeps the run of each probe duration', async () => {
    const { series, runIds } = await eventually(
      async () => {
        const found = await exemplarRunIds(`gwscheck_probe_duration_seconds_bucket{target="${TARGET}"}`);
        return new Set(found.series.map((s) => s.seriesLabels['probe'])).size === 2 ? found : undefined;
      },
      { ...DEADLINE, what: 'duration exemplars of both probes' },
    );
    const [scraped] = await prom().targets();
    expect([scraped?.health, scraped?.lastError]).toEqual(['up', '']);
    // Each exemplar sits on a bucket series and names a run the way the prober names runs.
    for (const s of series) expect(s.seriesLabels['le']).toBeDefined();
    for (const id of runIds) expect(id).toMatch(/^[a-z0-9-]{1,24}$/);
    // The text format, for anyone who does not ask for OpenMetrics, carries none of them.
    const text = await (await fetch(`${proberUrl()}/metrics`)).text();
    expect(text).not.toContain('run_id');
    const openmetrics = await fetch(`${proberUrl()}/metrics`, { headers: { accept: 'application/openmetrics-text;version=1.0.0' } });
    expect(openmetrics.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(await openmetrics.text()).toMatch(/^gwscheck_probe_duration_seconds_bucket\{le="[^"]+",target="sim",probe="get-me"\} \d+ # \{run_id="[a-z0-9-]+"\} [\d.e-]+ \d+(\.\d+)?$/m);
  });

  it('a target that starts failing: the failures counter and the duration name failed runs, each on the probe\'s page with its violation', async () => {
    const response = await fetch(`${gws?.origin ?? ''}/__simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'mutate', op: 'retype', pointer: RETYPED, value: 42, route: '/me' }),
    });
    expect(response.status).toBeLessThan(300);

    const failures = await eventually(
      async () => {
        const found = await exemplarRunIds(`gwscheck_probe_failures_total{target="${TARGET}",probe="get-me"}`);
        return found.runIds.length > 0 ? found : undefined;
      },
      { ...DEADLINE, what: 'an exemplar on gwscheck_probe_failures_total' },
    );
    expect(failures.series.map((s) => s.seriesLabels['reason'])).toEqual(['schema']);
    const outcomes = await exemplarRunIds(`gwscheck_probe_runs_total{target="${TARGET}",probe="get-me"}`);
    expect(outcomes.series.map((s) => s.seriesLabels['outcome'])).toEqual(['schema_violation']);

    // The page keeps the last 20 runs (20 s here): read it at once, while these runs are on it.
    const page = await probeRuns('get-me');
    const failedIds = [...new Set([...failures.runIds, ...outcomes.runIds])];
    for (const id of failedIds) {
      expectFailedRun(page, id);
      // /runs/{id} leads there too: the link Grafana's exemplars open.
      const runUrl = `${proberUrl()}/runs/${id}`;
      const redirect = await fetch(runUrl, { redirect: 'manual' });
      expect(redirect.status).toBe(303);
      expect(new URL(redirect.headers.get('location') ?? '', runUrl).href).toBe(`${proberUrl()}/probes/${TARGET}/get-me#run-${id}`);
    }

    // The duration of get-me, as Grafana's latency panels show it: its latest exemplar is a failed run.
    const latest = await eventually(
      async () => {
        const { series } = await exemplarRunIds(`gwscheck_probe_duration_seconds_bucket{target="${TARGET}",probe="get-me"}`);
        const newest = series.flatMap((s) => s.exemplars).sort((a, b) => b.timestamp - a.timestamp)[0];
        const id = newest?.labels['run_id'];
        const run = id === undefined ? undefined : (await probeRuns('get-me')).runs.find((r) => r.id === id);
        return run?.ok === false ? id : undefined;
      },
      { ...DEADLINE, what: 'a failed run as the latest duration exemplar' },
    );
    expectFailedRun(await probeRuns('get-me'), latest);
    // The other probe keeps holding: its runs are no failures.
    const healthy = await exemplarRunIds(`gwscheck_probe_failures_total{target="${TARGET}",probe="get-me-channels"}`);
    expect(healthy.runIds).toEqual([]);
  });
});
