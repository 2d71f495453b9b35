import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createProber } from '../../src/prober/index.ts';
import { renderMetrics } from '../../src/prober/series.ts';
import type { ProbeResult } from '../../src/prober/types.ts';
import { sharedContracts, simulatorTarget, startSimulator, type TestSimulator } from './harness.ts';

/** The read-only probes that need api-multimedia [src: ChatAccept 8.5.2, EmailCreate 8.5.2, OpenMediaAPICreate 8.5.2]. */
const MULTIMEDIA_PROBES = ['get-me-chats', 'get-me-emails', 'get-me-openmedia-mediatype'] as const;

/** The features lines of a registry's text, sorted. */
async function featureLines(registry: Registry): Promise<string[]> {
  return (await renderMetrics(registry))
    .split('\n')
    .filter((line) => line.startsWith('gwscheck_target_feature_enabled{'))
    .sort();
}

async function probeOnce(sim: TestSimulator): Promise<{ results: Map<string, ProbeResult>; registry: Registry; lines: string[] }> {
  const registry = new Registry();
  const lines: string[] = [];
  const prober = createProber({
    targets: [simulatorTarget(sim.url)],
    contracts: sharedContracts(),
    registry,
    logger: createLogger({ format: 'text', write: (line) => lines.push(line) }),
  });
  try {
    const results = await prober.runOnce();
    return { results: new Map(results.map((r) => [r.probe, r])), registry, lines };
  } finally {
    await prober.stop();
  }
}

describe('a GWS whose contact center has api-multimedia turned off', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ disabledFeatures: ['api-multimedia'] });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('the probes that need it do not apply, naming the feature; the others run; the features are on /metrics', async () => {
    const { results, registry, lines } = await probeOnce(sim);
    for (const probe of MULTIMEDIA_PROBES) {
      expect(results.get(probe)?.outcome, probe).toBe('not_applicable');
      expect(results.get(probe)?.error, probe).toMatch(/^the target does not enable feature api-multimedia \(not listed by GET \/features\), which GET \/me\/\S+ requires$/);
    }
    expect(results.get('get-me-calls')?.outcome).toBe('success');
    expect(results.get('get-features')?.outcome).toBe('success');
    // A process that never saw api-multimedia listed has no series for it.
    const featureSeries = await featureLines(registry);
    expect(featureSeries).toContain('gwscheck_target_feature_enabled{target="sim",feature="api-voice"} 1');
    expect(featureSeries.filter((line) => line.includes('api-multimedia'))).toEqual([]);
    expect(featureSeries.every((line) => line.endsWith(' 1'))).toBe(true);
    expect(lines.filter((line) => line.includes(' probe not applicable ') && line.includes('api-multimedia'))).toHaveLength(MULTIMEDIA_PROBES.length);
  });
});

describe('a GWS without GET /features (older than 8.5.1)', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
    await sim.fault({ type: 'status-code', statusCode: 6, httpStatus: 404, route: '/features' });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('has no feature series, and every probe runs as before', async () => {
    const { results, registry, lines } = await probeOnce(sim);
    for (const probe of [...MULTIMEDIA_PROBES, 'get-me-calls']) expect(results.get(probe)?.outcome, probe).not.toBe('not_applicable');
    expect(results.get('get-me-chats')?.outcome).toBe('success');
    expect(await featureLines(registry)).toEqual([]);
    expect(lines.filter((line) => line.includes('no features resource'))).toHaveLength(1);
  });
});
