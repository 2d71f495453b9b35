// The state-change probe learns the outcome from the DeviceStateChangeMessage, as an agent desktop
// does [src: COMETD 8.5.2]: a notification that never comes is async_timeout even when a GET would
// show the state, and sessions are counted and always closed.
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSchedule, type ProberTarget } from '../../src/config/index.ts';
import { createProber } from '../../src/prober/index.ts';
import { createProberMetrics } from '../../src/prober/metrics.ts';
import {
  PROBE_AGENT,
  sample,
  sharedContracts,
  simulatorTarget,
  startProxyWithoutNotifications,
  startSimulator,
  type TestSimulator,
} from '../prober/harness.ts';

let sim: TestSimulator;
let proxy: Awaited<ReturnType<typeof startProxyWithoutNotifications>> | undefined;

beforeAll(async () => {
  sim = await startSimulator({ asyncDelayMs: 40 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await sim.clearFaults();
  await fetch(`${sim.origin}/__simulator/defects`, { method: 'PUT', body: JSON.stringify({ defects: [] }) });
  if (proxy !== undefined) {
    await proxy.close();
    proxy = undefined;
  }
});

function target(url: string, settleTimeoutMs = 1500): ProberTarget {
  return simulatorTarget(url, {
    include: [],
    stateChange: {
      agent: { username: PROBE_AGENT.userName, password: PROBE_AGENT.password },
      schedule: parseSchedule('1m', 'interval'),
      timeoutMs: 1000,
      settleTimeoutMs,
      pollIntervalMs: 20,
    },
  });
}

async function probeOnce(t: ProberTarget, warnings: string[] = []) {
  const registry = new Registry();
  const prober = createProber({
    targets: [t],
    contracts: sharedContracts(),
    registry,
    // The target is a field of the event; the line a text log shows starts with it.
    logger: {
      info: () => undefined,
      warn: (m, fields) => warnings.push(fields?.target !== undefined ? `${String(fields.target)}: ${m}` : m),
      error: (m, fields) => warnings.push(fields?.target !== undefined ? `${String(fields.target)}: ${m}` : m),
    },
  });
  const [result] = await prober.runOnce();
  await prober.stop();
  return { result, registry };
}

describe('the state-change probe over notifications', () => {
  it('measures the settle time from the notification and leaves no session open', async () => {
    const warnings: string[] = [];
    const { result, registry } = await probeOnce(target(sim.url), warnings);
    expect(result).toMatchObject({ ok: true, outcome: 'success', stateChange: { operation: 'Ready', restored: true } });
    expect(result?.stateChange?.settleMs).toBeGreaterThanOrEqual(35);
    expect(warnings).toEqual([]);
    expect(await sample(registry, 'gwscheck_notification_sessions', { target: 'sim' })).toBe(0);
    expect(await sample(registry, 'gwscheck_notification_sessions_leaked_total', { target: 'sim' })).toBe(0);
    expect(await sample(registry, 'gwscheck_state_change_settle_seconds_count', { operation: 'Ready' })).toBe(1);
  });

  it('a dropped notification is async_timeout, though the state did change', async () => {
    await sim.fault({ type: 'notification-dropped', route: '/v2/me/devices', times: 1 });
    const { result, registry } = await probeOnce(target(sim.url, 400));
    expect(result).toMatchObject({ ok: false, outcome: 'async_timeout', statusCode: 0 });
    expect(result?.stateChange?.restored).toBe(true);
    expect(await sample(registry, 'gwscheck_probe_runs_total', { outcome: 'async_timeout' })).toBe(1);
  });

  it('a notification announcing the wrong state is async_timeout', async () => {
    await fetch(`${sim.origin}/__simulator/defects`, { method: 'PUT', body: JSON.stringify({ defects: ['notification-wrong-state'] }) });
    const { result } = await probeOnce(target(sim.url, 300));
    expect(result).toMatchObject({ ok: false, outcome: 'async_timeout' });
  });

  it('polls where the target has no CometD endpoint, and says so once', async () => {
    proxy = await startProxyWithoutNotifications(sim.url);
    const url = proxy.url;
    const warnings: string[] = [];
    const registry = new Registry();
    const prober = createProber({
      targets: [target(url)],
      contracts: sharedContracts(),
      registry,
      // The target is a field of the event; the line a text log shows starts with it.
    logger: {
      info: () => undefined,
      warn: (m, fields) => warnings.push(fields?.target !== undefined ? `${String(fields.target)}: ${m}` : m),
      error: (m, fields) => warnings.push(fields?.target !== undefined ? `${String(fields.target)}: ${m}` : m),
    },
    });
    const [first] = await prober.runOnce();
    const [second] = await prober.runOnce();
    await prober.stop();
    expect(first).toMatchObject({ ok: true, outcome: 'success' });
    expect(second).toMatchObject({ ok: true, outcome: 'success' });
    expect(warnings).toEqual(['sim: no CometD notifications (no CometD endpoint: HTTP 404 to the handshake); the state-change probe polls GET /me/devices instead']);
    expect(warnings.join('\n')).not.toContain(PROBE_AGENT.password);
  });
});

describe('notification session metrics', () => {
  it('show open sessions and count a leaked one', async () => {
    const registry = new Registry();
    const metrics = createProberMetrics(registry, '0.0.0');
    metrics.declare({ target: 'node-a', probe: 'post-me-channels-voice', kind: 'state-change', intervalSeconds: 60 });
    expect(await sample(registry, 'gwscheck_notification_sessions', { target: 'node-a' })).toBe(0);
    expect(await sample(registry, 'gwscheck_notification_sessions_leaked_total', { target: 'node-a' })).toBe(0);
    const counter = metrics.notificationSessions('node-a');
    counter.opened();
    counter.opened();
    expect(await sample(registry, 'gwscheck_notification_sessions', { target: 'node-a' })).toBe(2);
    counter.closed(true);
    counter.closed(false);
    expect(await sample(registry, 'gwscheck_notification_sessions', { target: 'node-a' })).toBe(0);
    expect(await sample(registry, 'gwscheck_notification_sessions_leaked_total', { target: 'node-a' })).toBe(1);
  });
});
