// The opt-in synthetic-call probe against the simulator's real calls: Dial, Established, Hangup,
// Released, and clean-up whatever goes wrong.
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSchedule, type ProberTarget } from '../../src/config/index.ts';
import { createProber } from '../../src/prober/index.ts';
import type { Prober } from '../../src/prober/prober.ts';
import { openNotificationSession, type ReceivedNotification } from '../../src/notifications/index.ts';
import { pollingCallObserver, type CallObserverFactory } from '../../src/prober/call-observer.ts';
import {
  PROBE_AGENT,
  eventually,
  sample,
  sharedContracts,
  simulatorTarget,
  startProxyWithoutNotifications,
  startSimulator,
  type TestSimulator,
} from './harness.ts';

/** The simulator's number that answers by itself (the CallsDial 8.5.2 sample's destination). */
const TEST_NUMBER = '15002';
/** A number no seeded line has: the call goes out and is never answered. */
const SILENT_NUMBER = '+4930999999';
const DIAL = 'post-me-devices-id-calls';

let sim: TestSimulator;
const probers: Prober[] = [];
beforeAll(async () => {
  sim = await startSimulator({ asyncDelayMs: 30 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await Promise.all(probers.splice(0).map((p) => p.stop()));
  await sim.clearFaults();
  await sim.defects([]);
});

function callTarget(fields: { testNumber?: string; settleTimeoutMs?: number } = {}): ProberTarget {
  return simulatorTarget(sim.url, {
    include: [],
    syntheticCall: {
      agent: { username: PROBE_AGENT.userName, password: PROBE_AGENT.password },
      testNumber: fields.testNumber ?? TEST_NUMBER,
      schedule: parseSchedule('1m', 'interval'),
      timeoutMs: 1000,
      settleTimeoutMs: fields.settleTimeoutMs ?? 2000,
      pollIntervalMs: 20,
    },
  });
}

function prober(target: ProberTarget, registry: Registry, extra: { callObserver?: CallObserverFactory; errors?: string[] } = {}): Prober {
  const made = createProber({
    targets: [target],
    contracts: sharedContracts(),
    registry,
    ...(extra.callObserver ? { callObserver: extra.callObserver } : {}),
    logger: { info: () => undefined, warn: () => undefined, error: (m) => extra.errors?.push(m) },
  });
  probers.push(made);
  return made;
}

/** The probe agent's calls that are not released, as GET /me/calls lists them. */
async function agentCalls(url = sim.url): Promise<{ id: string; state: string }[]> {
  const auth = Buffer.from(`${PROBE_AGENT.userName}:${PROBE_AGENT.password}`).toString('base64');
  const res = await fetch(`${url}/me/calls?fields=*`, { headers: { authorization: `Basic ${auth}` } });
  const body = (await res.json()) as { calls?: { id: string; state: string }[] };
  return (body.calls ?? []).filter((c) => c.state !== 'Released');
}

const series = (registry: Registry, name: string, labels: Record<string, string> = {}) => sample(registry, name, { target: 'sim', ...labels });

describe.each([
  ['CometD notifications', undefined],
  ['polling GET /me/calls', pollingCallObserver],
] as const)('the synthetic-call probe, observing by %s', (_, callObserver) => {
  it('dials the test number, measures set-up and tear-down, and leaves no call behind', async () => {
    const registry = new Registry();
    const p = prober(callTarget(), registry, callObserver ? { callObserver } : {});
    expect(p.probes.map((x) => [x.kind, x.probe])).toEqual([['synthetic-call', DIAL]]);
    // Every series exists at 0 before the first run.
    expect(await series(registry, 'gwscheck_call_probe_runs_total', { outcome: 'dial_failed' })).toBe(0);
    expect(await series(registry, 'gwscheck_call_setup_seconds_count')).toBe(0);

    const [result] = await p.runOnce();
    expect(result).toMatchObject({ ok: true, outcome: 'success', statusCode: 0, kind: 'synthetic-call', probe: DIAL });
    // The simulator places the call after 30 ms and the test number answers 30 ms later.
    expect(result?.call?.setupMs).toBeGreaterThanOrEqual(50);
    expect(result?.call?.teardownMs).toBeGreaterThanOrEqual(25);
    expect(result?.call?.cleanedUp).toBe(true);
    expect(await agentCalls()).toEqual([]);
    expect(await series(registry, 'gwscheck_call_probe_runs_total', { outcome: 'success' })).toBe(1);
    expect(await series(registry, 'gwscheck_call_setup_seconds_count')).toBe(1);
    expect(await series(registry, 'gwscheck_call_teardown_seconds_count')).toBe(1);
    expect(await series(registry, 'gwscheck_call_cleanup_failures_total', { reason: 'hangup_not_confirmed' })).toBe(0);
    expect(await series(registry, 'gwscheck_call_cleanup_failures_total', { reason: 'late_call' })).toBe(0);
    // The call probe keeps out of the per-operation series.
    expect(await sample(registry, 'gwscheck_probe_success', { probe: DIAL })).toBeUndefined();
  });
});

describe('the synthetic-call probe without CometD', () => {
  let proxy: Awaited<ReturnType<typeof startProxyWithoutNotifications>> | undefined;
  afterAll(async () => {
    await proxy?.close();
  });

  it('polls GET /me/calls instead and says so once, without the password', async () => {
    proxy = await startProxyWithoutNotifications(sim.url);
    const registry = new Registry();
    const warnings: string[] = [];
    const made = createProber({
      targets: [{ ...callTarget(), baseUrl: proxy.url }],
      contracts: sharedContracts(),
      registry,
      logger: { info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) },
    });
    probers.push(made);
    const [first] = await made.runOnce();
    const [second] = await made.runOnce();
    expect(first).toMatchObject({ ok: true, outcome: 'success' });
    expect(second).toMatchObject({ ok: true, outcome: 'success' });
    expect(warnings).toEqual(['sim: no CometD notifications (no CometD endpoint: HTTP 404 to the handshake); the synthetic-call probe polls GET /me/calls instead']);
    expect(warnings.join('\n')).not.toContain(PROBE_AGENT.password);
  });
});

describe('the synthetic-call probe when the call path breaks', () => {
  it('a Dial that fails after its acknowledgement → dial_failed from the Voice ErrorMessage, no call left', async () => {
    await sim.defects(['dial-fails']);
    const registry = new Registry();
    const started = Date.now();
    const [result] = await prober(callTarget({ settleTimeoutMs: 5000 }), registry).runOnce();
    expect(result).toMatchObject({ ok: false, outcome: 'dial_failed', statusCode: 0 });
    expect(result?.error).toMatch(/Voice service is not available/);
    // The accepted Dial is the run's exchange: as sent, as the test agent, and its acknowledgement.
    expect(result?.exchange).toMatchObject({
      method: 'POST',
      path: expect.stringMatching(/^\/me\/devices\/[^/]+\/calls$/) as unknown,
      httpStatus: 200,
      body: { statusCode: 0 },
      request: { body: expect.stringContaining('"operationName":"Dial"') as unknown, credentials: { username: PROBE_AGENT.userName, passwordVariable: 'GWS_PASSWORD' } },
    });
    // Told by the notification, not by waiting out the 5 s settle timeout.
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result?.call).toEqual({ setupMs: null, teardownMs: null, cleanedUp: true, cleanupFailures: [] });
    expect(await series(registry, 'gwscheck_call_probe_runs_total', { outcome: 'dial_failed' })).toBe(1);
    expect(await series(registry, 'gwscheck_call_setup_seconds_count')).toBe(0);
    expect(await agentCalls()).toEqual([]);
  });

  it('the same fault seen by polling → setup_timeout after the settle timeout', async () => {
    await sim.defects(['dial-fails']);
    const registry = new Registry();
    const [result] = await prober(callTarget({ settleTimeoutMs: 300 }), registry, { callObserver: pollingCallObserver }).runOnce();
    expect(result).toMatchObject({ ok: false, outcome: 'setup_timeout', statusCode: 0 });
    expect(result?.error).toMatch(/no call appeared within 300 ms/);
    expect(await series(registry, 'gwscheck_call_probe_runs_total', { outcome: 'setup_timeout' })).toBe(1);
  });

  it('a number that never answers → setup_timeout, and the dialling call is hung up', async () => {
    const registry = new Registry();
    const [result] = await prober(callTarget({ testNumber: SILENT_NUMBER, settleTimeoutMs: 400 }), registry).runOnce();
    expect(result).toMatchObject({ ok: false, outcome: 'setup_timeout' });
    expect(result?.error).toMatch(/call stayed Dialing/);
    expect(result?.call?.cleanedUp).toBe(true);
    expect(await agentCalls()).toEqual([]);
    expect(await series(registry, 'gwscheck_call_cleanup_failures_total')).toBe(0);
  });

  it('no device to dial from → the failed read decides the outcome, and no Dial is sent', async () => {
    await sim.fault({ type: 'status-code', statusCode: 4, httpStatus: 503, method: 'GET', route: '/me/devices' });
    const registry = new Registry();
    const [result] = await prober(callTarget(), registry).runOnce();
    expect(result).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode: null });
    expect(result?.error).toMatch(/GET \/me\/devices showed no device to dial from \(statusCode 4\)/);
    expect(result?.call).toEqual({ setupMs: null, teardownMs: null, cleanedUp: true, cleanupFailures: [] });
    expect(await agentCalls()).toEqual([]);
  });

  it('a Dial refused with an error envelope → status_code_error, nothing to clean up', async () => {
    await sim.fault({ type: 'status-code', statusCode: 4, httpStatus: 503, method: 'POST', route: '/me/devices/*/calls' });
    const registry = new Registry();
    const [result] = await prober(callTarget(), registry).runOnce();
    expect(result).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode: 4 });
    expect(result?.call).toEqual({ setupMs: null, teardownMs: null, cleanedUp: true, cleanupFailures: [] });
    expect(await agentCalls()).toEqual([]);
  });

  it('a Hangup that is acknowledged but ignored → release_timeout and a counted, logged clean-up failure; the next run clears it', async () => {
    await sim.defects(['hangup-ignored']);
    const registry = new Registry();
    const errors: string[] = [];
    const p = prober(callTarget({ settleTimeoutMs: 300 }), registry, { errors });
    const [result] = await p.runOnce();
    expect(result).toMatchObject({ ok: false, outcome: 'release_timeout' });
    expect(result?.call?.setupMs).not.toBeNull();
    expect(result?.call).toMatchObject({ cleanedUp: false, cleanupFailures: ['hangup_not_confirmed'] });
    expect(await series(registry, 'gwscheck_call_cleanup_failures_total', { reason: 'hangup_not_confirmed' })).toBe(1);
    expect(await series(registry, 'gwscheck_call_teardown_seconds_count')).toBe(0);
    expect(errors.join('\n')).toMatch(/could not be confirmed hung up/);
    expect(errors.join('\n')).not.toContain(PROBE_AGENT.password);
    const [left] = await agentCalls();
    expect(left?.state).toBe('Established');

    // The switch works again: the next run hangs up what the last one left, then dials as usual.
    await sim.defects([]);
    const [next] = await p.runOnce();
    expect(next).toMatchObject({ ok: true, outcome: 'success' });
    // Counted once, by the run that left it.
    expect(next?.call).toMatchObject({ cleanedUp: true, cleanupFailures: [] });
    expect(await agentCalls()).toEqual([]);
    expect(await series(registry, 'gwscheck_call_cleanup_failures_total', { reason: 'hangup_not_confirmed' })).toBe(1);
  });

  it('a Dial answered too late whose call appears after its run: the next run hangs it up before its own Dial and counts late_call', async () => {
    // The Dial reaches the switch 2 s after it was sent; the probe gives up after 1 s.
    await sim.fault({ type: 'latency', fixedMs: 2000, method: 'POST', route: '/me/devices/*/calls', times: 1 });
    const registry = new Registry();
    const errors: string[] = [];
    const p = prober(callTarget({ settleTimeoutMs: 300 }), registry, { errors });
    const [first] = await p.runOnce();
    expect(first).toMatchObject({ ok: false, outcome: 'timeout', call: { cleanedUp: true, cleanupFailures: [] } });
    // The call shows up after the run had confirmed that none was left.
    await eventually(async () => (await agentCalls()).length === 1, 5000);

    const [second] = await p.runOnce();
    expect(second).toMatchObject({ ok: true, outcome: 'success', call: { cleanedUp: true, cleanupFailures: ['late_call'] } });
    expect(await agentCalls()).toEqual([]);
    expect(await series(registry, 'gwscheck_call_cleanup_failures_total', { reason: 'late_call' })).toBe(1);
    expect(await series(registry, 'gwscheck_call_cleanup_failures_total', { reason: 'hangup_not_confirmed' })).toBe(0);
    expect(errors.join('\n')).toMatch(/placed its call after that run had ended/);
    expect(errors.join('\n')).not.toContain(PROBE_AGENT.password);
  });

  it('stopping the prober mid-call still hangs the call up, within the shutdown bound', async () => {
    const registry = new Registry();
    const p = prober(callTarget({ testNumber: SILENT_NUMBER, settleTimeoutMs: 30_000 }), registry);
    p.start();
    await eventually(async () => (await agentCalls()).length === 1, 5000);
    const stopping = Date.now();
    await p.stop();
    expect(Date.now() - stopping).toBeLessThan(5000);
    expect(await agentCalls()).toEqual([]);
    expect(await series(registry, 'gwscheck_call_cleanup_failures_total')).toBe(0);
  });

  it('stopping the prober between the Dial and its call still hangs up the call that appears', async () => {
    // A switch that takes 400 ms to place the call: the stop comes well before it exists.
    const slow = await startSimulator({ asyncDelayMs: 400 });
    const registry = new Registry();
    let stopping: Promise<void> | undefined;
    // Stops the prober the moment the probe starts waiting for its call, before the call exists.
    const stopOnDial: CallObserverFactory = (context) => {
      const inner = pollingCallObserver(context);
      return {
        ...inner,
        waitForCall: (match, deadline, signal) => {
          stopping ??= p.stop();
          return inner.waitForCall(match, deadline, signal);
        },
      };
    };
    const target = { ...callTarget({ testNumber: SILENT_NUMBER, settleTimeoutMs: 30_000 }), baseUrl: slow.url };
    const p = prober(target, registry, { callObserver: stopOnDial });
    // Watches the agent's calls as a desktop would, to see the call appear and go.
    const opened = await openNotificationSession({ baseUrl: slow.url, auth: { kind: 'basic', username: PROBE_AGENT.userName, password: PROBE_AGENT.password } });
    if (!opened.ok) throw new Error(opened.detail);
    const watch = opened.session;
    try {
      expect(await watch.subscribe(['/v2/me/calls'])).toEqual({ ok: true });
      p.start();
      await eventually(() => stopping !== undefined, 5000);
      await stopping;
      const state = (n: ReceivedNotification): string | undefined => (n.message['data'] as { call?: { state?: string } } | undefined)?.call?.state;
      const placed = await watch.waitFor((n) => state(n) === 'Dialing', { timeoutMs: 5000 });
      expect(placed.kind).toBe('received');
      // Hung up by the stopping probe, not left Dialing.
      const released = await watch.waitFor((n) => state(n) === 'Released', { timeoutMs: 3000 });
      expect(released.kind).toBe('received');
      expect(await agentCalls(slow.url)).toEqual([]);
      expect(await series(registry, 'gwscheck_call_cleanup_failures_total')).toBe(0);
    } finally {
      await watch.close();
      await slow.close();
    }
  });
});
