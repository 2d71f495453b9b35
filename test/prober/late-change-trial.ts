// A bounded trial of the state-change probe against a GWS whose state changes reach it late: the
// simulator holds every POST /me/channels/voice for fixedMs plus up to jitterMs before it applies
// it, while the probe gives up after its timeout. The probe runs back to back; the simulator's own
// record of the agent's state says what each run found at its first read. The short form runs in
// test/prober/state-change.test.ts, the two-minute form by hand: bench/late-changes.ts.
import { Registry } from 'prom-client';
import { parseSchedule } from '../../src/config/index.ts';
import { createProber } from '../../src/prober/index.ts';
import { STATE_RESTORE_FAILURE_REASONS, type ProbeResult, type StateRestoreFailureReason } from '../../src/prober/types.ts';
import { DEFAULT_PIPELINE } from '../../src/simulator/pipeline/index.ts';
import type { StateAppliedEvent } from '../../src/simulator/types.ts';
import { PROBE_AGENT, eventually, sample, sharedContracts, simulatorTarget, startSimulator } from './harness.ts';

export interface LateChangeTrialOptions {
  /** Runs start until this much time has passed (the last one finishes after it). */
  readonly durationMs: number;
  /** Stops early once this many runs found the agent away from its start state. */
  readonly enoughFoundAway?: number;
  /** A run starts this long after the previous one started, or when it ends if that is later; 0: back to back. */
  readonly intervalMs?: number;
  readonly fixedMs: number;
  readonly jitterMs: number;
  readonly timeoutMs: number;
  readonly settleTimeoutMs: number;
  readonly pollIntervalMs: number;
  /** The simulator's delay between handling an operation and applying it. */
  readonly asyncDelayMs: number;
}

export interface LateChangeTrialReport {
  readonly runs: number;
  readonly startState: string;
  /** After a last run without the delay, once nothing sent is still on its way. */
  readonly endState: string;
  /** Runs whose first read found the agent away from its start state: a run before left it so. */
  readonly foundAway: number;
  /** Of those, runs that neither counted late_change nor followed a run that counted a failed restore. */
  readonly uncounted: number;
  /** Runs that counted late_change although their first read found the agent in its start state. */
  readonly falseCounts: number;
  readonly counted: Readonly<Record<StateRestoreFailureReason, number>>;
  readonly outcomes: Readonly<Record<string, number>>;
  /** Requests to POST /me/channels/voice the simulator received (changes, restores, moves back). */
  readonly posts: number;
  readonly elapsedMs: number;
}

const CHANGE_PATH = '/me/channels/voice';

export async function runLateChangeTrial(options: LateChangeTrialOptions): Promise<LateChangeTrialReport> {
  const startState: string = PROBE_AGENT.loggedIn.voice;
  let voice = startState;
  let received = 0;
  let applied = 0;
  // The state the simulator shows when a run's first read (GET /me/devices) reaches it.
  let firstRead: string | undefined;
  let awaitingFirstRead = false;
  const sim = await startSimulator({
    asyncDelayMs: options.asyncDelayMs,
    pipeline: {
      faults: (path, method, core) => {
        if (method === 'POST' && path === CHANGE_PATH) received += 1;
        if (method === 'GET' && path === '/me/devices' && awaitingFirstRead) {
          firstRead = voice;
          awaitingFirstRead = false;
        }
        return DEFAULT_PIPELINE.faults(path, method, core);
      },
    },
  });
  sim.simulator.events.on('state-applied', (event: StateAppliedEvent) => {
    if (event.userId !== PROBE_AGENT.id) return;
    applied += 1;
    voice = event.devices[0]?.userState.state ?? voice;
  });
  const registry = new Registry();
  const prober = createProber({
    targets: [
      simulatorTarget(sim.url, {
        include: [],
        stateChange: {
          agent: { username: PROBE_AGENT.userName, password: PROBE_AGENT.password },
          schedule: parseSchedule('1m', 'interval'),
          timeoutMs: options.timeoutMs,
          settleTimeoutMs: options.settleTimeoutMs,
          pollIntervalMs: options.pollIntervalMs,
        },
      }),
    ],
    contracts: sharedContracts(),
    registry,
  });
  const runs: { found: string; result: ProbeResult | undefined }[] = [];
  const runOne = async (): Promise<void> => {
    firstRead = undefined;
    awaitingFirstRead = true;
    const [result] = await prober.runOnce();
    runs.push({ found: firstRead ?? 'unread', result });
  };
  // Every request received is applied once its delay is over: then nothing sent can land any more.
  const settled = (): Promise<void> => eventually(() => applied >= received, options.fixedMs + options.jitterMs + options.asyncDelayMs + 10_000);
  const started = Date.now();
  let endState: string;
  try {
    await sim.fault({ type: 'latency', fixedMs: options.fixedMs, jitterMs: options.jitterMs, method: 'POST', route: CHANGE_PATH });
    const enough = options.enoughFoundAway ?? Number.POSITIVE_INFINITY;
    while (Date.now() - started < options.durationMs && runs.filter((r) => r.found !== startState).length < enough) {
      const runStarted = Date.now();
      await runOne();
      // The schedule's gap between two runs, in which a late change lands unseen.
      const gap = runStarted + (options.intervalMs ?? 0) - Date.now();
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
    }
    // A change the last run sent may land after it: one more run, once it has, finds it.
    await sim.clearFaults();
    await settled();
    await runOne();
    await settled();
    endState = voice;
  } finally {
    await prober.stop();
    await sim.close();
  }
  return { ...(await tally(runs, startState, registry)), runs: runs.length, startState, endState, posts: received, elapsedMs: Date.now() - started };
}

async function tally(runs: readonly { found: string; result: ProbeResult | undefined }[], startState: string, registry: Registry) {
  let foundAway = 0;
  let uncounted = 0;
  let falseCounts = 0;
  const outcomes: Record<string, number> = {};
  runs.forEach(({ found, result }, i) => {
    const outcome = result?.outcome ?? 'none';
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    const failures = result?.stateChange?.restoreFailures ?? [];
    const countedLate = failures.includes('late_change');
    if (found === startState) {
      if (countedLate) falseCounts += 1;
      return;
    }
    foundAway += 1;
    // A restore the run before could not confirm was counted by that run.
    const countedBefore = (runs[i - 1]?.result?.stateChange?.restoreFailures ?? []).some((r) => r !== 'late_change');
    if (!countedLate && !countedBefore) uncounted += 1;
  });
  const counted = {} as Record<StateRestoreFailureReason, number>;
  for (const reason of STATE_RESTORE_FAILURE_REASONS) counted[reason] = (await sample(registry, 'gwscheck_state_restore_failures_total', { reason })) ?? 0;
  return { foundAway, uncounted, falseCounts, counted, outcomes };
}
