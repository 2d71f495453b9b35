import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProber } from '../../src/prober/index.ts';
import type { ProbeOutcome } from '../../src/prober/types.ts';
import { PROBE_AGENT, sample, sharedContracts, simulatorTarget, startSimulator, type TestSimulator } from './harness.ts';
import { parseSchedule } from '../../src/config/index.ts';

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startSimulator({ asyncDelayMs: 5 });
});
afterAll(async () => {
  await sim.close();
});

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('soak: hundreds of fast probes under mixed faults', () => {
  it('keeps running, keeps memory flat and never leaves a promise rejection unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    // Each fault hits a share of requests, so every round mixes outcomes.
    for (const spec of [
      { type: 'hang', rate: 0.05 },
      { type: 'reset', rate: 0.05 },
      { type: 'http-5xx-html', rate: 0.05 },
      { type: 'not-json', rate: 0.05 },
      { type: 'status-code', statusCode: 4, rate: 0.05 },
      { type: 'mutate', op: 'retype', pointer: '/statusCode', rate: 0.05 },
      { type: 'large-body', bytes: 300_000, rate: 0.05 },
      { type: 'latency', fixedMs: 30, jitterMs: 30, rate: 0.2 },
    ] as const) {
      await sim.fault(spec);
    }
    const registry = new Registry();
    const prober = createProber({
      targets: [
        simulatorTarget(sim.url, {
          name: 'soak',
          defaults: { schedule: parseSchedule('15s', 'interval'), timeoutMs: 150 },
          maxBodyBytes: 64 * 1024,
          stateChange: {
            agent: { username: PROBE_AGENT.userName, password: PROBE_AGENT.password },
            schedule: parseSchedule('15s', 'interval'),
            timeoutMs: 150,
            settleTimeoutMs: 300,
            pollIntervalMs: 10,
          },
        }),
      ],
      contracts: sharedContracts(),
      registry,
    });
    const outcomes = new Map<ProbeOutcome, number>();
    let runs = 0;
    let baseline = 0;
    const rounds = 40;
    try {
      for (let round = 0; round < rounds; round += 1) {
        if (round === 10) baseline = heapAfterGc();
        for (const result of await prober.runOnce()) {
          runs += 1;
          outcomes.set(result.outcome, (outcomes.get(result.outcome) ?? 0) + 1);
        }
      }
      const after = heapAfterGc();
      expect(runs).toBeGreaterThanOrEqual(rounds * prober.probes.length - 5);
      expect(runs).toBeGreaterThan(400);
      // Flat: the last 30 rounds may not hold on to what they allocated.
      expect(after - baseline).toBeLessThan(16 * 1024 * 1024);
      for (const outcome of ['success', 'timeout', 'network_error', 'http_error', 'status_code_error', 'schema_violation'] as const) {
        expect(outcomes.get(outcome) ?? 0, `outcome ${outcome}`).toBeGreaterThan(0);
      }
      const counted = await sample(registry, 'gwscheck_probe_runs_total', { probe: 'get-me', outcome: 'success' });
      expect(counted).toBeGreaterThan(0);
    } finally {
      await prober.stop();
      await sim.clearFaults();
      await new Promise((resolve) => setImmediate(resolve));
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
