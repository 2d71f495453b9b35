import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSchedule } from '../../src/config/index.ts';
import { createClient, type ClientOptions, type GwsClient } from '../../src/client/index.ts';
import { createProber, cronScheduler, offsetMs } from '../../src/prober/index.ts';
import { eventually, sample, sharedContracts, simulatorTarget, startSimulator, type TestSimulator } from './harness.ts';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

// Real node-cron at its one-second resolution: a few seconds per test, waits are polls with deadlines.
describe('the schedule (node-cron)', () => {
  it('runs each probe on its interval and never overlaps a probe with its own previous run', async () => {
    const registry = new Registry();
    // Count requests in flight per path through the client factory the prober is given.
    const inFlight = new Map<string, number>();
    let maxSlowInFlight = 0;
    const countingClient = (options: ClientOptions): GwsClient => {
      const client = createClient(options);
      return {
        ...client,
        request: async (req) => {
          const now = (inFlight.get(req.path) ?? 0) + 1;
          inFlight.set(req.path, now);
          if (req.path === '/me/devices') maxSlowInFlight = Math.max(maxSlowInFlight, now);
          try {
            return await client.request(req);
          } finally {
            inFlight.set(req.path, (inFlight.get(req.path) ?? 1) - 1);
          }
        },
      };
    };
    await sim.fault({ type: 'latency', fixedMs: 2200, route: '/me/devices' });
    const prober = createProber({
      targets: [
        simulatorTarget(sim.url, {
          include: ['get-diagnostics-version', 'get-me-devices'],
          defaults: { schedule: parseSchedule('1s', 'interval'), timeoutMs: 5000 },
        }),
      ],
      contracts: sharedContracts(),
      registry,
      createClient: countingClient,
    });
    prober.start();
    try {
      await prober.firstRound();
      expect(prober.isReady()).toBe(true);
      const version = { probe: 'get-diagnostics-version' };
      const slow = { probe: 'get-me-devices' };
      // The slow probe takes 2.2 s at a 1 s interval: later ticks are skipped and counted.
      await eventually(async () => ((await sample(registry, 'gwscheck_probe_skipped_runs_total', slow)) ?? 0) >= 2, 8000);
      await eventually(async () => ((await sample(registry, 'gwscheck_probe_runs_total', { ...version, outcome: 'success' })) ?? 0) >= 4, 8000);
      expect(await sample(registry, 'gwscheck_probe_skipped_runs_total', version)).toBe(0);
      expect(await sample(registry, 'gwscheck_probe_interval_seconds', version)).toBe(1);
      expect(maxSlowInFlight).toBe(1);
      const lastRun = (await sample(registry, 'gwscheck_probe_last_run_timestamp_seconds', version)) ?? 0;
      expect(Math.abs(Date.now() / 1000 - lastRun)).toBeLessThan(2.5);
    } finally {
      await prober.stop();
      await sim.clearFaults();
    }
  });

  it('stop() stops scheduling and waits for a running probe, within its bound', async () => {
    const registry = new Registry();
    await sim.fault({ type: 'latency', fixedMs: 400, route: '/me' });
    const prober = createProber({
      targets: [simulatorTarget(sim.url, { include: ['get-me'], defaults: { schedule: parseSchedule('1s', 'interval'), timeoutMs: 5000 } })],
      contracts: sharedContracts(),
      registry,
      drainTimeoutMs: 3000,
    });
    prober.start();
    // The first round is in flight now (400 ms); stop lets it finish and records it.
    const started = Date.now();
    await prober.stop();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3000);
    expect(await sample(registry, 'gwscheck_probe_runs_total', { probe: 'get-me', outcome: 'success' })).toBe(1);
    const count = await sample(registry, 'gwscheck_probe_duration_seconds_count', { probe: 'get-me' });
    // No tick after stop: 1.5 s later the count is unchanged.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await sample(registry, 'gwscheck_probe_duration_seconds_count', { probe: 'get-me' })).toBe(count);
    await sim.clearFaults();
  });

  it('stop() gives up on a hung probe after its drain bound', async () => {
    await sim.fault({ type: 'hang', route: '/me' });
    const prober = createProber({
      targets: [simulatorTarget(sim.url, { include: ['get-me'], defaults: { schedule: parseSchedule('1s', 'interval'), timeoutMs: 10_000 } })],
      contracts: sharedContracts(),
      registry: new Registry(),
      drainTimeoutMs: 300,
    });
    prober.start();
    const started = Date.now();
    await prober.stop();
    expect(Date.now() - started).toBeLessThan(1500);
    await sim.clearFaults();
  });
});

describe('the shared tick (one node-cron task for every probe)', () => {
  it('runs 300 jobs of 1 s each once per second at its own millisecond, and skips a job still running', async () => {
    const scheduler = cronScheduler();
    const every = parseSchedule('1s', 'interval');
    const starts = new Map<string, number[]>();
    const lateness: number[] = [];
    let skipped = 0;
    const jobs = Array.from({ length: 300 }, (_, i) => {
      const key = `t\u0000p${i}`;
      return scheduler.schedule({
        name: key,
        key,
        schedule: every,
        run: (dueAt) => {
          const now = Date.now();
          lateness.push(now - dueAt);
          starts.set(key, [...(starts.get(key) ?? []), dueAt]);
          // One job takes 2.5 s: its next two dues meet it still running.
          return key === 't\u0000p0' ? new Promise((resolve) => setTimeout(resolve, 2500)) : Promise.resolve();
        },
        onSkip: () => {
          skipped += 1;
        },
      });
    });
    try {
      await eventually(() => [...starts.values()].filter((list) => list.length >= 3).length >= 299, 8000);
      await eventually(() => skipped >= 2, 8000);
      for (const [key, dues] of starts) {
        // Each due is the job's own millisecond within the second, one second apart.
        for (const due of dues) expect(due % 1000, key).toBe(offsetMs(1, key));
        for (let i = 1; i < dues.length; i += 1) expect((dues[i] ?? 0) - (dues[i - 1] ?? 0), key).toBeGreaterThanOrEqual(1000);
      }
      // Spread over the second: the dues of one second are not one burst.
      const millis = new Set([...starts.keys()].map((key) => offsetMs(1, key)));
      expect(millis.size).toBeGreaterThan(200);
      expect(lateness.every((ms) => ms >= 0)).toBe(true);
    } finally {
      await Promise.all(jobs.map((job) => job.stop()));
    }
    const counted = [...starts.values()].reduce((sum, list) => sum + list.length, 0);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect([...starts.values()].reduce((sum, list) => sum + list.length, 0)).toBe(counted);
  });
});
