import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSchedule } from '../../src/config/index.ts';
import { createProber, startMetricsServer } from '../../src/prober/index.ts';
import type { MetricsServer } from '../../src/prober/server.ts';
import { CounterFamily } from '../../src/prober/series.ts';
import { PROBE_AGENT, sharedContracts, simulatorTarget, startSimulator, type TestSimulator } from './harness.ts';
import { PROBER_COUNTERS_AND_GAUGES, PROBER_HISTOGRAMS } from '../monitoring/promql.ts';
import { PROMTOOL_BIN } from '../tools.ts';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

// The fixed names that dashboards and alert rules depend on, listed once for every test that pins them.
const METRICS = [...PROBER_COUNTERS_AND_GAUGES, ...PROBER_HISTOGRAMS];

describe('the metrics server', () => {
  let server: MetricsServer;
  let registry: Registry;
  let prober: ReturnType<typeof createProber>;

  beforeAll(async () => {
    registry = new Registry();
    // A hung probe keeps the first round open, so /-/ready can be seen answering 503 first.
    await sim.fault({ type: 'latency', fixedMs: 600, route: '/me/calls' });
    await sim.fault({ type: 'status-code', statusCode: 4, route: '/me/skills' });
    await sim.fault({ type: 'mutate', op: 'retype', pointer: '/user/enabled', route: '/me' });
    await sim.fault({ type: 'mutate', op: 'add', pointer: '/channels/0/newThing', value: 1, route: '/me/channels' });
    await sim.fault({ type: 'not-json', route: '/users' });
    prober = createProber({
      targets: [
        simulatorTarget(sim.url, {
          name: 'gws-a',
          defaults: { schedule: parseSchedule('30s', 'interval'), timeoutMs: 3000 },
          stateChange: {
            agent: { username: PROBE_AGENT.userName, password: PROBE_AGENT.password },
            schedule: parseSchedule('30s', 'interval'),
            timeoutMs: 1000,
            settleTimeoutMs: 2000,
            pollIntervalMs: 20,
          },
          // The seed's supervisor has a device of its own to dial from.
          syntheticCall: {
            agent: { username: 'lsupervisor', password: 'supervisor' },
            testNumber: '15002',
            schedule: parseSchedule('30s', 'interval'),
            timeoutMs: 3000,
            settleTimeoutMs: 2000,
            pollIntervalMs: 20,
          },
        }),
        simulatorTarget(sim.url, { name: 'gws-b', include: ['get-diagnostics-version'] }),
      ],
      contracts: sharedContracts(),
      registry,
      buildVersion: '1.2.3',
    });
    server = await startMetricsServer({ registry, isReady: () => prober.isReady(), host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await prober.stop();
    await server.close();
    await sim.clearFaults();
  });

  it('binds port 0 to a free port and serves health, readiness after the first round, and an index', async () => {
    expect(server.address.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.address.port}`);
    expect((await fetch(`${server.url}/-/ready`)).status).toBe(503);
    prober.start();
    expect((await fetch(`${server.url}/-/healthy`)).status).toBe(200);
    expect((await fetch(`${server.url}/-/ready`)).status).toBe(503);
    await prober.firstRound();
    expect((await fetch(`${server.url}/-/ready`)).status).toBe(200);
    const index = await fetch(`${server.url}/`);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(await index.text()).toContain('href="metrics"');
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('exposes every metric the issue names, and nothing of Node\'s defaults', async () => {
    await prober.firstRound();
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    // Counts are at least one, not exactly one: the prober runs on its real schedule, and a tick may
    // land between its first round and this scrape.
    for (const name of METRICS) expect(text).toContain(`# TYPE ${name} `);
    expect(text).not.toMatch(/^nodejs_|^process_/m);
    expect(text).toContain(`gwscheck_build_info{version="1.2.3",revision="unknown",node="${process.versions.node}"} 1`);
    expect(text).toMatch(/gwscheck_target_info\{target="gws-a",version="8\.5\.\d+\.\d+"\} 1/);
    expect(text).toContain('gwscheck_target_feature_enabled{target="gws-a",feature="api-voice"} 1');
    expect(text).toMatch(/gwscheck_probe_status_code_total\{target="gws-a",probe="get-me-skills",status_code="4"\} [1-9]/);
    expect(text).toMatch(/gwscheck_probe_drift_total\{target="gws-a",probe="get-me-channels",grade="additive"\} [1-9]/);
    expect(text).toMatch(/gwscheck_probe_schema_violations_total\{target="gws-a",probe="get-me",keyword="type"\} [1-9]/);
    expect(text).toMatch(/gwscheck_probe_runs_total\{target="gws-a",probe="get-users",outcome="http_error"\} [1-9]/);
    expect(text).toMatch(/gwscheck_state_change_settle_seconds_count\{target="gws-a",probe="post-me-channels-voice",operation="Ready"\} [1-9]/);
    expect(text).toMatch(/gwscheck_probe_http_phase_seconds\{target="gws-b",probe="get-diagnostics-version",phase="processing"\} \d/);
    // Every outcome series exists for every probe, zeros included.
    for (const outcome of ['success', 'slow', 'schema_violation', 'status_code_error', 'http_error', 'timeout', 'network_error']) {
      expect(text).toContain(`gwscheck_probe_runs_total{target="gws-b",probe="get-diagnostics-version",outcome="${outcome}"}`);
    }
    expect(text).toContain('outcome="async_timeout"');
    for (const outcome of ['success', 'dial_failed', 'setup_timeout', 'release_timeout']) {
      expect(text).toContain(`gwscheck_call_probe_runs_total{target="gws-a",outcome="${outcome}"}`);
    }
    // Labels are bounded: no URL, no credential, no message.
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toContain(PROBE_AGENT.password);
    expect(text).not.toContain('admin:admin');
  });

  it('passes the real `promtool check metrics`', async () => {
    await prober.firstRound();
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const check = spawnSync(PROMTOOL_BIN, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.error, 'promtool must be installed (npm test provides it: test/tools.ts)').toBeUndefined();
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(check.status).toBe(0);
  });
});

describe('a large /metrics page', () => {
  let server: MetricsServer;
  let counter: CounterFamily<'target' | 'probe'>;
  const registry = new Registry();

  beforeAll(async () => {
    counter = new CounterFamily({ name: 'gwscheck_test_large_total', help: 'Many series.', labelNames: ['target', 'probe'], registers: [registry] });
    // About 12 MB of text: far more than a socket takes before the writer must wait for the reader.
    for (let i = 0; i < 120_000; i += 1) counter.inc({ target: `target-${i}`, probe: 'get-diagnostics-version-with-a-long-name' });
    server = await startMetricsServer({ registry, isReady: () => true, host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('arrives whole, chunked, equal to the registry text', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const text = await response.text();
    expect(text).toBe(await registry.metrics());
  });

  it('a scraper that hangs up mid-page leaves the server serving: the next scrape is whole and current', async () => {
    const socket = connect(server.address.port, '127.0.0.1');
    socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n');
    // Read the first bytes, then stop reading and hang up while the server still has most of the page to write.
    await once(socket, 'data');
    socket.destroy();
    counter.inc({ target: 'target-0', probe: 'get-diagnostics-version-with-a-long-name' });
    const text = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(text).toBe(await registry.metrics());
    expect(text).toContain('gwscheck_test_large_total{target="target-0",probe="get-diagnostics-version-with-a-long-name"} 2\n');
  });
});
