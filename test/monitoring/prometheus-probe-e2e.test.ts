// The multi-target exporter pattern against a real Prometheus: two prober replicas that do not
// schedule, and the shipped prometheus-probe.yml whose hashmod relabelling sends each probe's
// GET /probe to exactly one of them.
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { proberTarget } from '../../src/config/index.ts';
import { loadContracts } from '../../src/contracts/index.ts';
import { createProber, probeEndpoint, startMetricsServer } from '../../src/prober/index.ts';
import type { Prober } from '../../src/prober/prober.ts';
import type { MetricsServer } from '../../src/prober/server.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import type { Simulator } from '../../src/simulator/simulator.ts';
import { eventually, startPrometheus, type RunningPrometheus } from './prometheus-harness.ts';
import { PROMETHEUS_PROBE_CONFIG, RULES_FILE } from './promql.ts';

const TARGETS = ['gws-1', 'gws-2', 'gws-3', 'gws-4'] as const;
const PROBES = ['get-diagnostics-version', 'get-me', 'get-me-channels'] as const;
const ALL = TARGETS.flatMap((t) => PROBES.map((p) => `${t}/${p}`)).sort();
const DEADLINE = { deadlineMs: 25_000 } as const;

interface Replica {
  readonly prober: Prober;
  readonly registry: Registry;
  readonly server: MetricsServer;
}

interface ScrapeConfig {
  job_name: string;
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
  relabel_configs?: { source_labels?: string[]; regex?: string; replacement?: string; target_label?: string; action?: string }[];
}

let simulator: Simulator | undefined;
let gws: RunningSimulator | undefined;
const replicas: Replica[] = [];
let prometheus: RunningPrometheus | undefined;

/** The shipped file with the test's probes, the replicas' ports, 1 s intervals and the rules by path. */
function configFor(ports: readonly number[]): string {
  const shipped = parseYaml(readFileSync(PROMETHEUS_PROBE_CONFIG, 'utf8')) as { global: Record<string, unknown>; scrape_configs: ScrapeConfig[] };
  const addresses = ports.map((port) => `127.0.0.1:${port}`);
  const jobs = shipped.scrape_configs.map((job) => {
    if (job.job_name === 'gwscheck-prober') return { ...job, static_configs: [{ targets: addresses }] };
    const replicaRules = (job.relabel_configs ?? []).filter((r) => r.source_labels?.[0] === '__tmp_replica');
    // One relabelling per replica, in order: the file's addresses are examples.
    expect(replicaRules.map((r) => r.regex)).toEqual(ports.map((_p, i) => String(i)));
    return {
      ...job,
      static_configs: [{ targets: ALL }],
      relabel_configs: (job.relabel_configs ?? []).map((r) =>
        r.source_labels?.[0] === '__tmp_replica' ? { ...r, replacement: addresses[Number(r.regex)] } : r,
      ),
    };
  });
  return stringifyYaml({
    ...shipped,
    global: { ...shipped.global, scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: [RULES_FILE],
    scrape_configs: jobs,
  });
}

async function runsOn(replica: Replica): Promise<Map<string, number>> {
  const runs = await replica.registry.getSingleMetric('gwscheck_probe_runs_total')?.get();
  const byProbe = new Map<string, number>();
  for (const v of runs?.values ?? []) {
    const key = `${String(v.labels['target'])}/${String(v.labels['probe'])}`;
    byProbe.set(key, (byProbe.get(key) ?? 0) + v.value);
  }
  return byProbe;
}

beforeAll(async () => {
  simulator = buildSimulator({});
  gws = await listen(simulator, { host: '127.0.0.1', port: 0 });
  const contracts = loadContracts();
  for (let i = 0; i < 2; i += 1) {
    const registry = new Registry();
    const prober = createProber({
      targets: TARGETS.map((name) =>
        proberTarget({ name, baseUrl: gws?.url ?? '', user: { username: 'lsupervisor', password: 'supervisor' }, include: [...PROBES] }),
      ),
      contracts,
      registry,
      buildVersion: '0.0.0-e2e',
    });
    // Not started: as `gwscheck probe --no-schedule`, it probes only when Prometheus asks.
    const server = await startMetricsServer({ registry, isReady: () => true, host: '127.0.0.1', port: 0, probe: probeEndpoint(prober, '0.0.0-e2e') });
    replicas.push({ prober, registry, server });
  }
  prometheus = await startPrometheus({ probers: [], config: configFor(replicas.map((r) => r.server.address.port)) });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  for (const replica of replicas) {
    await replica.prober.stop();
    await replica.server.close();
  }
  await gws?.close();
  simulator?.dispose();
}, 30_000);

describe('Prometheus drives two prober replicas through GET /probe and hashmod', () => {
  it('scrapes every probe, each through exactly one replica', async () => {
    const prom = prometheus as RunningPrometheus;
    const series = await eventually(
      async () => {
        const result = await prom.query('gwscheck_probe_success{job="gwscheck-probe"} == 1');
        return result.length === ALL.length ? result : undefined;
      },
      { ...DEADLINE, what: 'every probe answered through /probe and succeeding' },
    );
    expect(series.map((s) => `${s.metric['target']}/${s.metric['probe']}`).sort()).toEqual(ALL);
    for (const s of series) expect(s.metric['instance']).toBe(`${s.metric['target']}/${s.metric['probe']}`);

    const [first, second] = [await runsOn(replicas[0] as Replica), await runsOn(replicas[1] as Replica)];
    const ranOn = (key: string): number[] => [first, second].flatMap((runs, i) => ((runs.get(key) ?? 0) > 0 ? [i] : []));
    for (const key of ALL) expect(ranOn(key), key).toHaveLength(1);
    // Both replicas take a share.
    expect(ALL.filter((key) => ranOn(key)[0] === 0).length).toBeGreaterThan(0);
    expect(ALL.filter((key) => ranOn(key)[0] === 1).length).toBeGreaterThan(0);
  });

  it('feeds the shipped rules: availability from the replicas running totals, each name from one job', async () => {
    const prom = prometheus as RunningPrometheus;
    const availability = await eventually(
      async () => {
        const result = await prom.query('target_probe:gwscheck_probe_availability:ratio_rate5m');
        const complete = result.length === ALL.length && result.every((s) => !Number.isNaN(Number(s.value?.[1])));
        return complete ? result : undefined;
      },
      { ...DEADLINE, what: 'availability recorded for every probe' },
    );
    for (const s of availability) expect(Number(s.value?.[1])).toBe(1);
    // No series name comes from both jobs: gauges from /probe, counters and histograms from /metrics.
    const names = await prom.query('group by (__name__, job) ({__name__=~"gwscheck_probe_.+"})');
    const jobsOf = new Map<string, string[]>();
    for (const s of names) jobsOf.set(s.metric['__name__'] ?? '', [...(jobsOf.get(s.metric['__name__'] ?? '') ?? []), s.metric['job'] ?? '']);
    expect(jobsOf.get('gwscheck_probe_success')).toEqual(['gwscheck-probe']);
    expect(jobsOf.get('gwscheck_probe_runs_total')).toEqual(['gwscheck-prober']);
    expect([...jobsOf].filter(([, jobs]) => jobs.length > 1)).toEqual([]);
    // The targets' features, which no single run reports: from the replicas' /metrics.
    const features = await eventually(
      async () => {
        const result = await prom.query('max by (target, job) (gwscheck_target_feature_enabled{feature="api-voice"})');
        return result.length === TARGETS.length ? result : undefined;
      },
      { ...DEADLINE, what: 'every target\'s features scraped' },
    );
    for (const s of features) expect([s.metric['job'], s.value?.[1]]).toEqual(['gwscheck-prober', '1']);
  });
});
