import { createServer } from 'node:net';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSchedule, type ProberTarget } from '../../src/config/index.ts';
import { createProber } from '../../src/prober/index.ts';
import type { ProbeResult } from '../../src/prober/types.ts';
import { sample, sharedContracts, simulatorTarget, startSimulator, type TestSimulator } from './harness.ts';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await sim.clearFaults();
});

const defaults = { schedule: parseSchedule('15s', 'interval'), timeoutMs: 1000 };

async function probeOnce(target: ProberTarget, registry = new Registry()): Promise<{ result: ProbeResult; registry: Registry }> {
  const prober = createProber({ targets: [target], contracts: sharedContracts(), registry });
  const results = await prober.runOnce();
  await prober.stop();
  expect(results).toHaveLength(1);
  return { result: results[0] as ProbeResult, registry };
}

function meTarget(fields: Partial<ProberTarget> = {}): ProberTarget {
  return simulatorTarget(sim.url, { include: ['get-me'], defaults, ...fields });
}

describe('every outcome is classified right against the simulator', () => {
  it('success: met the whole contract', async () => {
    const { result, registry } = await probeOnce(meTarget());
    expect(result).toMatchObject({ ok: true, outcome: 'success', statusCode: 0, probe: 'get-me', target: 'sim' });
    expect(await sample(registry, 'gwscheck_probe_success', { probe: 'get-me' })).toBe(1);
    expect(await sample(registry, 'gwscheck_probe_runs_total', { probe: 'get-me', outcome: 'success' })).toBe(1);
    expect(await sample(registry, 'gwscheck_probe_status_code_total', { probe: 'get-me', status_code: '0' })).toBe(1);
  });

  it('hang → timeout at the per-probe timeout', async () => {
    await sim.fault({ type: 'hang', route: '/me' });
    const { result, registry } = await probeOnce(meTarget({ defaults: { ...defaults, timeoutMs: 300 } }));
    expect(result).toMatchObject({ ok: false, outcome: 'timeout', statusCode: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(await sample(registry, 'gwscheck_probe_runs_total', { probe: 'get-me', outcome: 'timeout' })).toBe(1);
    // No response, so no statusCode observation at all: not even "none" (created on first use).
    expect(await sample(registry, 'gwscheck_probe_status_code_total', { probe: 'get-me', status_code: 'none' })).toBeUndefined();
    expect(await sample(registry, 'gwscheck_probe_status_code_total', { probe: 'get-me', status_code: '0' })).toBe(0);
  });

  it('connection refused → network_error', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const { result } = await probeOnce(meTarget({ baseUrl: `http://127.0.0.1:${port}/api/v2` }));
    expect(result).toMatchObject({ ok: false, outcome: 'network_error', statusCode: null });
    expect(result.error).toBeTruthy();
  });

  it('connection reset → network_error', async () => {
    await sim.fault({ type: 'reset', route: '/me' });
    const { result } = await probeOnce(meTarget());
    expect(result).toMatchObject({ ok: false, outcome: 'network_error' });
  });

  it('HTTP 500 with an HTML body → http_error, statusCode none', async () => {
    await sim.fault({ type: 'http-5xx-html', route: '/me' });
    const { result, registry } = await probeOnce(meTarget());
    expect(result).toMatchObject({ ok: false, outcome: 'http_error', statusCode: null });
    expect(await sample(registry, 'gwscheck_probe_status_code_total', { probe: 'get-me', status_code: 'none' })).toBe(1);
  });

  it('a body that is not JSON → http_error', async () => {
    await sim.fault({ type: 'not-json', route: '/me' });
    const { result } = await probeOnce(meTarget());
    expect(result).toMatchObject({ ok: false, outcome: 'http_error', statusCode: null });
  });

  it('wrong Content-Type → a failed run with a content-type violation', async () => {
    await sim.fault({ type: 'wrong-content-type', route: '/me' });
    const { result } = await probeOnce(meTarget());
    expect(result.ok).toBe(false);
    expect(result.outcome).toBe('http_error');
    expect(result.violations.some((v) => v.kind === 'content-type')).toBe(true);
  });

  it('statusCode 4 in an HTTP 200 → status_code_error, status_code="4"', async () => {
    await sim.fault({ type: 'status-code', statusCode: 4, httpStatus: 200, route: '/me' });
    const { result, registry } = await probeOnce(meTarget());
    expect(result).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode: 4 });
    expect(await sample(registry, 'gwscheck_probe_status_code_total', { probe: 'get-me', status_code: '4' })).toBe(1);
    expect(await sample(registry, 'gwscheck_probe_success', { probe: 'get-me' })).toBe(0);
  });

  it('statusCode 21 in an HTTP 200 → status_code_error too (any non-zero statusCode), status_code="other"', async () => {
    await sim.fault({ type: 'status-code', statusCode: 21, httpStatus: 200, route: '/me' });
    const { result, registry } = await probeOnce(meTarget());
    expect(result).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode: 21 });
    expect(await sample(registry, 'gwscheck_probe_status_code_total', { probe: 'get-me', status_code: 'other' })).toBe(1);
  });

  it('a path parameter whose source fails: the probe fails with that request\'s outcome, naming it', async () => {
    await sim.fault({ type: 'status-code', statusCode: 4, httpStatus: 503, route: '/me' });
    const { result } = await probeOnce(simulatorTarget(sim.url, { include: ['get-users-id'], defaults }));
    expect(result).toMatchObject({ ok: false, probe: 'get-users-id', outcome: 'status_code_error', statusCode: 4, responded: true });
    expect(result.error).toMatch(/^resolving \{id\} through get-me: statusCode 4/);
  });

  it('a path parameter whose source lists nothing: not_applicable, naming the source', async () => {
    await sim.fault({ type: 'mutate', op: 'add', pointer: '/devices', value: [], route: '/me/devices' });
    const { result, registry } = await probeOnce(simulatorTarget(sim.url, { include: ['get-devices-id'], defaults }));
    expect(result).toMatchObject({ ok: false, probe: 'get-devices-id', outcome: 'not_applicable', statusCode: 0 });
    expect(result.error).toBe('no {id} to probe: get-me-devices lists none (nothing at /devices/0/id)');
    expect(await sample(registry, 'gwscheck_probe_applicable', { probe: 'get-devices-id' })).toBe(0);
  });

  it('a path parameter whose source lists an item without it: schema_violation, naming the pointer', async () => {
    await sim.fault({ type: 'mutate', op: 'remove', pointer: '/devices/0/id', route: '/me/devices' });
    const { result } = await probeOnce(simulatorTarget(sim.url, { include: ['get-devices-id'], defaults }));
    expect(result).toMatchObject({ ok: false, probe: 'get-devices-id', outcome: 'schema_violation', statusCode: 0 });
    expect(result.error).toMatch(/^resolving \{id\} through get-me-devices: response body \/devices\/0\/id: required attribute is missing$/);
  });

  it('a retyped attribute → schema_violation, counted by keyword and as breaking drift', async () => {
    await sim.fault({ type: 'mutate', op: 'retype', pointer: '/user/enabled', route: '/me' });
    const { result, registry } = await probeOnce(meTarget());
    expect(result).toMatchObject({ ok: false, outcome: 'schema_violation', statusCode: 0 });
    expect(result.violations[0]?.message).toMatch(/enabled/);
    expect(await sample(registry, 'gwscheck_probe_schema_violations_total', { probe: 'get-me', keyword: 'type' })).toBeGreaterThanOrEqual(1);
    expect(await sample(registry, 'gwscheck_probe_drift_total', { probe: 'get-me', grade: 'breaking' })).toBeGreaterThanOrEqual(1);
  });

  it('a removed required attribute → schema_violation with keyword required', async () => {
    await sim.fault({ type: 'mutate', op: 'remove', pointer: '/user/userName', route: '/me' });
    const { result, registry } = await probeOnce(meTarget());
    expect(result).toMatchObject({ ok: false, outcome: 'schema_violation' });
    expect(await sample(registry, 'gwscheck_probe_schema_violations_total', { probe: 'get-me', keyword: 'required' })).toBeGreaterThanOrEqual(1);
  });

  it('an added attribute is additive drift: counted, and the probe still succeeds', async () => {
    await sim.fault({ type: 'mutate', op: 'add', pointer: '/user/newAttribute', value: 'x', route: '/me' });
    const { result, registry } = await probeOnce(meTarget());
    expect(await sample(registry, 'gwscheck_probe_drift_total', { probe: 'get-me', grade: 'additive' })).toBeGreaterThanOrEqual(1);
    expect(await sample(registry, 'gwscheck_probe_drift_total', { probe: 'get-me', grade: 'breaking' })).toBe(0);
    expect(result.ok).toBe(true);
    expect(await sample(registry, 'gwscheck_probe_success', { probe: 'get-me' })).toBe(1);
  });

  it('an answer over the latency budget → slow; past the timeout → timeout', async () => {
    const budget = sharedContracts().operation('get-me').latencyBudgetMs;
    await sim.fault({ type: 'latency', fixedMs: budget + 150, route: '/me' });
    const slow = await probeOnce(meTarget({ defaults: { ...defaults, timeoutMs: budget + 2000 } }));
    expect(slow.result).toMatchObject({ outcome: 'slow', statusCode: 0 });
    expect(await sample(slow.registry, 'gwscheck_probe_runs_total', { probe: 'get-me', outcome: 'slow' })).toBe(1);
    const late = await probeOnce(meTarget({ defaults: { ...defaults, timeoutMs: 200 } }));
    expect(late.result).toMatchObject({ ok: false, outcome: 'timeout' });
  });

  it('a 10 MB body is capped at the response limit → http_error, memory not spent on it', async () => {
    await sim.fault({ type: 'large-body', bytes: 10 * 1024 * 1024, route: '/me' });
    const { result } = await probeOnce(meTarget({ maxBodyBytes: 1024 * 1024, defaults: { ...defaults, timeoutMs: 5000 } }));
    expect(result).toMatchObject({ ok: false, outcome: 'http_error' });
    expect(result.error).toMatch(/large|limit|bytes/i);
  });

  it('a target down for a while and back: failures, then success resumes in the same prober', async () => {
    const registry = new Registry();
    const prober = createProber({ targets: [meTarget()], contracts: sharedContracts(), registry });
    try {
      expect((await prober.runOnce())[0]?.outcome).toBe('success');
      await sim.fault({ type: 'down', durationMs: 600 });
      const during = (await prober.runOnce())[0];
      expect(during?.ok).toBe(false);
      expect(['network_error', 'timeout']).toContain(during?.outcome);
      const deadline = Date.now() + 10_000;
      let last: ProbeResult | undefined;
      while (Date.now() < deadline) {
        last = (await prober.runOnce())[0];
        if (last?.ok === true) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(last?.outcome).toBe('success');
      expect(await sample(registry, 'gwscheck_probe_success', { probe: 'get-me' })).toBe(1);
    } finally {
      await prober.stop();
    }
  });

  it('ids are resolved per the catalog: get-users-id takes the user id from GET /me', async () => {
    const { result } = await probeOnce(simulatorTarget(sim.url, { include: ['get-users-id'], defaults }));
    expect(result).toMatchObject({ ok: true, outcome: 'success', probe: 'get-users-id' });
  });

  it('a failing id source fails the probe with the source outcome, and says so', async () => {
    await sim.fault({ type: 'status-code', statusCode: 4, route: '/me' });
    const { result } = await probeOnce(simulatorTarget(sim.url, { include: ['get-users-id'], defaults }));
    expect(result).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode: 4 });
    expect(result.error).toMatch(/get-me/);
  });
});
