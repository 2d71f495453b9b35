import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSchedule, type ProberTarget } from '../../src/config/index.ts';
import { createProber } from '../../src/prober/index.ts';
import { pollingObserver, type StateObserverFactory } from '../../src/prober/state-change.ts';
import { PROBE_AGENT, eventually, sample, sharedContracts, simulatorTarget, startSimulator, type TestSimulator } from './harness.ts';
import { runLateChangeTrial } from './late-change-trial.ts';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startSimulator({ asyncDelayMs: 60 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await sim.clearFaults();
});

function stateChangeTarget(settleTimeoutMs = 2000, timeoutMs = 1000): ProberTarget {
  return simulatorTarget(sim.url, {
    include: [],
    stateChange: {
      agent: { username: PROBE_AGENT.userName, password: PROBE_AGENT.password },
      schedule: parseSchedule('1m', 'interval'),
      timeoutMs,
      settleTimeoutMs,
      pollIntervalMs: 20,
    },
  });
}

async function agentState(): Promise<string | undefined> {
  const auth = Buffer.from(`${PROBE_AGENT.userName}:${PROBE_AGENT.password}`).toString('base64');
  const res = await fetch(`${sim.url}/me/devices?fields=*`, { headers: { authorization: `Basic ${auth}` } });
  const body = (await res.json()) as { devices?: { userState?: { state?: string } }[] };
  return body.devices?.[0]?.userState?.state;
}

describe('the opt-in state-change probe', () => {
  it('is off unless configured: the default probes are all read-only', () => {
    const prober = createProber({ targets: [simulatorTarget(sim.url)], contracts: sharedContracts(), registry: new Registry() });
    const readOnly = new Set(sharedContracts().catalog.filter((op) => op.readOnly).map((op) => op.id));
    expect(prober.probes.length).toBeGreaterThan(5);
    for (const p of prober.probes) {
      expect(p.kind).toBe('operation');
      expect(readOnly.has(p.probe)).toBe(true);
    }
  });

  it('moves the test agent, measures the settle time, and restores the starting state', async () => {
    expect(await agentState()).toBe('NotReady');
    const registry = new Registry();
    const prober = createProber({ targets: [stateChangeTarget()], contracts: sharedContracts(), registry });
    expect(prober.probes.map((p) => p.kind)).toEqual(['state-change']);
    const [result] = await prober.runOnce();
    await prober.stop();
    expect(result).toMatchObject({ ok: true, outcome: 'success', statusCode: 0, probe: 'post-me-channels-voice' });
    expect(result?.stateChange?.operation).toBe('Ready');
    expect(result?.stateChange?.restored).toBe(true);
    // The simulator applies an operation after 60 ms; polling sees it at or after that.
    expect(result?.stateChange?.settleMs).toBeGreaterThanOrEqual(55);
    expect(await agentState()).toBe('NotReady');
    const labels = { probe: 'post-me-channels-voice', operation: 'Ready' };
    expect(await sample(registry, 'gwscheck_state_change_settle_seconds_count', labels)).toBe(1);
    for (const reason of ['restore_not_confirmed', 'stopped_mid_change', 'late_change']) {
      expect(await sample(registry, 'gwscheck_state_restore_failures_total', { probe: 'post-me-channels-voice', reason })).toBe(0);
    }
    expect(await sample(registry, 'gwscheck_probe_runs_total', { probe: 'post-me-channels-voice', outcome: 'async_timeout' })).toBe(0);
  });

  it('an accepted operation that never takes effect → async_timeout, agent still in its state', async () => {
    await sim.fault({ type: 'async-never-applied', route: '/me/channels/voice', method: 'POST' });
    const registry = new Registry();
    const prober = createProber({ targets: [stateChangeTarget(300)], contracts: sharedContracts(), registry });
    const [result] = await prober.runOnce();
    await prober.stop();
    expect(result).toMatchObject({ ok: false, outcome: 'async_timeout', statusCode: 0 });
    expect(result?.stateChange?.settleMs).toBeNull();
    expect(result?.stateChange?.restored).toBe(true);
    expect(await sample(registry, 'gwscheck_probe_runs_total', { probe: 'post-me-channels-voice', outcome: 'async_timeout' })).toBe(1);
    expect(await sample(registry, 'gwscheck_state_change_settle_seconds_count', { operation: 'Ready' })).toBeUndefined();
  });

  it('a restore that never takes effect is counted and logged', async () => {
    // The observer is pluggable: this one breaks the server right after the change is seen.
    const sabotage: StateObserverFactory = (context) => {
      const inner = pollingObserver(context);
      let seen = false;
      return {
        async waitFor(match, deadline, signal) {
          const at = await inner.waitFor(match, deadline, signal);
          if (at !== null && !seen) {
            seen = true;
            await sim.fault({ type: 'async-never-applied', route: '/me/channels/voice', method: 'POST' });
          }
          return at;
        },
        close: () => inner.close(),
      };
    };
    const registry = new Registry();
    const errors: string[] = [];
    const prober = createProber({
      targets: [stateChangeTarget(250)],
      contracts: sharedContracts(),
      registry,
      stateObserver: sabotage,
      logger: { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) },
    });
    const [result] = await prober.runOnce();
    await prober.stop();
    expect(result).toMatchObject({ ok: true, outcome: 'success' });
    expect(result?.stateChange).toMatchObject({ restored: false, restoreFailures: ['restore_not_confirmed'] });
    expect(await sample(registry, 'gwscheck_state_restore_failures_total', { probe: 'post-me-channels-voice', reason: 'restore_not_confirmed' })).toBe(1);
    expect(errors.join('\n')).toMatch(/could not be restored/);
    expect(errors.join('\n')).not.toContain(PROBE_AGENT.password);
  });

  it('a change answered after the timeout: afterwards the agent is in its original state, or a restore failure is counted', async () => {
    // The test before this one leaves the agent where its sabotaged restore did.
    const original = await agentState();
    expect(['Ready', 'NotReady']).toContain(original);
    // The change's answer comes after the probe gave up; GWS applies it all the same.
    await sim.fault({ type: 'latency', fixedMs: 3000, method: 'POST', route: '/me/channels/voice', times: 1 });
    const registry = new Registry();
    const prober = createProber({ targets: [stateChangeTarget(3000, 2000)], contracts: sharedContracts(), registry });
    const sentBy = Date.now();
    const [result] = await prober.runOnce();
    await prober.stop();
    expect(result).toMatchObject({ ok: false, outcome: 'timeout', responded: false });
    // Watch the agent until well after the late change landed (3 s after it was sent, plus the 60 ms delay).
    const seen = await statesUntil(sentBy + 4000);
    const failures = await sample(registry, 'gwscheck_state_restore_failures_total', { probe: 'post-me-channels-voice', reason: 'restore_not_confirmed' });
    expect(failures === 1 || seen.every((s) => s === original), `restore failures ${failures}, states ${seen.join(' ')}`).toBe(true);
    // The probe waited for the late outcome, so it could restore and confirm it.
    expect(result?.stateChange?.restored).toBe(true);
    expect(failures).toBe(0);
    expect(seen.every((s) => s === original)).toBe(true);
  });
});

describe('a change that applies after its run', () => {
  it('is found by the next run, counted as late_change and undone before that run changes anything', async () => {
    const original = await agentState();
    expect(['Ready', 'NotReady']).toContain(original);
    // The change reaches GWS 2 s after it was sent and applies then; the probe gives up after 1 s
    // and waits 300 ms more for it to show.
    await sim.fault({ type: 'latency', fixedMs: 2000, method: 'POST', route: '/me/channels/voice', times: 1 });
    const registry = new Registry();
    const errors: string[] = [];
    const prober = createProber({
      targets: [stateChangeTarget(300, 1000)],
      contracts: sharedContracts(),
      registry,
      logger: { info: () => undefined, warn: () => undefined, error: (m) => errors.push(m) },
    });
    try {
      const [first] = await prober.runOnce();
      // Its restore was confirmed before the change applied.
      expect(first).toMatchObject({ ok: false, outcome: 'timeout', stateChange: { restored: true, restoreFailures: [] } });
      await eventually(async () => (await agentState()) !== original, 5000);

      const [second] = await prober.runOnce();
      expect(second).toMatchObject({ ok: true, outcome: 'success', stateChange: { restored: true, restoreFailures: ['late_change'] } });
      expect(await agentState()).toBe(original);
      expect(await sample(registry, 'gwscheck_state_restore_failures_total', { probe: 'post-me-channels-voice', reason: 'late_change' })).toBe(1);
      expect(await sample(registry, 'gwscheck_state_restore_failures_total', { probe: 'post-me-channels-voice', reason: 'restore_not_confirmed' })).toBe(0);
      expect(errors.join('\n')).toMatch(/a change an earlier run sent applied after that run had ended/);
      expect(errors.join('\n')).not.toContain(PROBE_AGENT.password);
    } finally {
      await prober.stop();
    }
  });

  it('change POSTs delayed 110 to 410 ms against a 100 ms timeout: the agent ends where it started, and every run that found it elsewhere counted it', async () => {
    // The 1100 + 0..3000 ms against 1 s, ten times faster; bench/late-changes.ts runs it at full scale.
    // A settle timeout this short leaves most changes unseen when their run restores: about one run
    // in five leaves the agent elsewhere, so such runs come within seconds. Runs start 300 ms apart,
    // as a schedule starts them, so that a late change lands between two runs.
    const trial = await runLateChangeTrial({
      durationMs: 20_000,
      enoughFoundAway: 2,
      intervalMs: 300,
      fixedMs: 110,
      jitterMs: 300,
      timeoutMs: 100,
      settleTimeoutMs: 20,
      pollIntervalMs: 10,
      asyncDelayMs: 5,
    });
    const summary = JSON.stringify(trial);
    expect(trial.foundAway, summary).toBeGreaterThanOrEqual(1);
    expect(trial.uncounted, summary).toBe(0);
    expect(trial.falseCounts, summary).toBe(0);
    expect(trial.endState, summary).toBe(trial.startState);
  });
});

/** The agent's voice state, read every 50 ms until `until` (epoch ms): at least one read. */
async function statesUntil(until: number): Promise<(string | undefined)[]> {
  const seen: (string | undefined)[] = [];
  do {
    seen.push(await agentState());
    await new Promise((resolve) => setTimeout(resolve, 50));
  } while (Date.now() < until);
  return seen;
}
