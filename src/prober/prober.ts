import type { Registry } from 'prom-client';
import type { ClientOptions, GwsClient } from '../client/index.ts';
import type { ProbeSchedule, ProberTarget, Shard } from '../config/index.ts';
import type { Contracts } from '../contracts/index.ts';
import { maskResult } from './mask.ts';
import { createProberMetrics, type BuildInfo, type ProberMetrics } from './metrics.ts';
import { planProbes, type PlannedProbe, type ProbeInfo } from './plan.ts';
import { probeKey } from './shard.ts';
import { cronScheduler, type ScheduledJob, type Scheduler } from './schedule.ts';
import type { StateObserverFactory } from './state-change.ts';
import { createCallMetrics } from './call-metrics.ts';
import type { CallObserverFactory } from './call-observer.ts';
import { createChatMetrics } from './chat-metrics.ts';
import type { ChatObserverFactory } from './chat-observer.ts';
import { NOT_APPLICABLE, resultFields, silentLogger, systemClock, type ChatCleanupFailureReason, type Clock, type Logger, type LogFields, type ProbeKind, type ProbeResult } from './types.ts';
import { drainRuns } from './drain.ts';
import { FEATURE_SCHEDULE } from './features.ts';
import { intervalSeconds } from './schedule.ts';
import { createRunRecorder, RESULTS_DEFAULTS, type ResultsSettings, type RunHistory } from './results/index.ts';

/** Probes of one round (start-up, --once) in flight at a time. */
const ROUND_CONCURRENCY = 64;

export interface ProberOptions {
  readonly targets: readonly ProberTarget[];
  readonly contracts: Contracts;
  /** Where the metrics go; the prober adds no default Node metrics to it. */
  readonly registry: Registry;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Defaults to node-cron. */
  readonly scheduler?: Scheduler;
  /** Only this replica's share of the probes. */
  readonly shard?: Shard;
  /** How the state-change probe sees the new state; by default its CometD notification, polling where the target has none. */
  readonly stateObserver?: StateObserverFactory;
  /** How the synthetic-call probe sees its call; by default CometD notifications, polling where the target has none. */
  readonly callObserver?: CallObserverFactory;
  /** How the synthetic-chat probe sees its chat on the agent's side; by default CometD notifications, polling where the target has none. */
  readonly chatObserver?: ChatObserverFactory;
  readonly createClient?: (options: ClientOptions) => GwsClient;
  /** The gwscheck version (or version, revision and Node.js version) for gwscheck_build_info. */
  readonly buildVersion?: string | BuildInfo;
  /** How long stop() waits for probes in progress (default 3 s; a state-change probe: see drainMs). */
  readonly drainTimeoutMs?: number;
  /** The targets' passwords are published (an embedded simulator): mask only credential shapes. */
  readonly credentialsArePublic?: boolean;
  /** Additive drift fails a probe, and an unconfirmed endpoint the server lacks fails instead of not applying (`--strict`). */
  readonly strict?: boolean;
  /** How often each target's features (GET /features) are read again after start-up; default every 5 minutes. */
  readonly featureSchedule?: ProbeSchedule;
  /** What the results pages keep (default the last 20 runs of each probe, 32 MiB of failed runs' details); false keeps nothing. */
  readonly results?: ResultsSettings | false;
}

export type { ProbeInfo } from './plan.ts';

export interface Prober {
  readonly probes: readonly ProbeInfo[];
  /** Runs a first round at once, then schedules every probe. */
  start(): void;
  /** Stops scheduling, lets runs in progress finish (bounded), then resolves. Idempotent. */
  stop(): Promise<void>;
  /** Every probe once, up to 64 at a time; resolves with each result (a probe already running is skipped). */
  runOnce(): Promise<ProbeResult[]>;
  /** True once the first round has finished. */
  isReady(): boolean;
  /** Resolves when the first round has finished. */
  firstRound(): Promise<void>;
  /**
   * Runs one probe now (for `GET /probe`) and resolves with its result; a run of it already in
   * progress is not doubled, its result is shared. Undefined when no such probe is planned.
   */
  probeNow(target: string, probe: string): Promise<ProbeResult> | undefined;
  /** The runs the results pages show; undefined when they are off. */
  readonly results: RunHistory | undefined;
  /** The contracts the probes are judged by (their operations name the documentation pages). */
  readonly contracts: Contracts;
}

export function createProber(options: ProberOptions): Prober {
  const { registry } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const scheduler = options.scheduler ?? cronScheduler();
  const drainTimeoutMs = options.drainTimeoutMs ?? 3000;
  const metrics: ProberMetrics = createProberMetrics(registry, options.buildVersion ?? '0.0.0');
  // The synthetic-call and synthetic-chat probes have their own series, labelled by target (gwscheck_call_*, gwscheck_chat_*).
  const families = { 'synthetic-call': createCallMetrics(registry), 'synthetic-chat': createChatMetrics(registry) } as const;
  const familyOf = (kind: ProbeKind): Pick<ProberMetrics, 'declare' | 'record'> => (kind === 'synthetic-call' || kind === 'synthetic-chat' ? families[kind] : metrics);
  const record = (result: ProbeResult): void => familyOf(result.kind).record(result);
  const stopping = new AbortController();

  const { planned, clients: allClients, connections, redactFor, features } = planProbes(options, metrics, clock, logger);
  const featureSchedule = options.featureSchedule ?? FEATURE_SCHEDULE;
  const featureIntervalMs = intervalSeconds(featureSchedule) * 1000;
  const featuresOf = new Map(features.map((f) => [f.target, f]));
  for (const p of planned) familyOf(p.kind).declare(p);
  const byKey = new Map(planned.map((p) => [p.key, p]));
  const recorder = createRunRecorder({ probes: planned, settings: options.results ?? RESULTS_DEFAULTS, redactFor });

  const inFlight = new Map<string, Promise<ProbeResult | undefined>>();
  // Probes whose running call is the start-up round's: a tick that meets one is not an overlap of
  // the schedule with itself, so it is not counted as skipped.
  const startUpRuns = new Set<string>();
  const lastOutcome = new Map<string, string>();
  const jobs: ScheduledJob[] = [];
  let started = false;
  let stopped: Promise<void> | undefined;
  let ready = false;
  let resolveFirstRound: () => void = () => undefined;
  const firstRound = new Promise<void>((resolve) => {
    resolveFirstRound = resolve;
  });

  function report(result: ProbeResult): void {
    record(result);
    if (result.serverVersion !== undefined) metrics.targetVersion(result.target, result.serverVersion);
    const key = probeKey(result.target, result.probe);
    const previous = lastOutcome.get(key);
    lastOutcome.set(key, result.ok ? 'ok' : result.outcome);
    // Log changes only: a probe failing every 15 s says so once, and once more when it recovers.
    const about = { target: result.target, probe: result.probe };
    const inapplicable = result.outcome === NOT_APPLICABLE;
    if (inapplicable && previous !== NOT_APPLICABLE) logger.info('probe not applicable', { ...about, reason: result.error });
    if (!result.ok && !inapplicable && previous !== result.outcome) logger.warn('probe failed', resultFields(result));
    if (result.ok && previous !== undefined && previous !== 'ok') {
      logger.info(previous === NOT_APPLICABLE ? 'probe applies again' : 'probe recovered', { ...about, outcome: result.outcome });
    }
    if (result.stateChange?.restored === false) logger.error('the test agent could not be restored to its starting state', about);
    if (result.call?.cleanedUp === false) logger.error('a synthetic call could not be confirmed hung up', about);
    if (result.stateChange?.restoreFailures.includes('late_change') === true) {
      logger.error('a change an earlier run sent applied after that run had ended; this run moves the test agent back', about);
    }
    if (result.call?.cleanupFailures.includes('late_call') === true) logger.error('a Dial an earlier run gave up on placed its call after that run had ended; this run hangs it up', about);
    if (result.chat !== undefined) reportChat(result.chat.cleanupFailures, result.chat.cleanedUp, about);
  }

  function reportChat(failures: readonly ChatCleanupFailureReason[], cleanedUp: boolean, about: LogFields): void {
    if (!cleanedUp) logger.error('a synthetic chat could not be confirmed completed, or the test agent\'s chat channel confirmed back in NotReady', about);
    if (failures.includes('late_chat')) logger.error('a RequestChat an earlier run gave up on opened its chat after that run had ended; this run completes it', about);
    // Counted by this run but left by an earlier one: its chat channel was found Ready, and is put back.
    if (cleanedUp && failures.includes('channel_not_restored')) logger.error('a Ready an earlier run sent applied after that run had ended; this run puts the chat channel back in NotReady', about);
  }

  /** One guarded run: never overlaps its own previous run, never rejects. */
  function runGuarded(p: PlannedProbe, startUp = false): Promise<ProbeResult | undefined> {
    // Draining: no run starts, not even one asked for through /probe.
    if (stopped !== undefined) return Promise.resolve(undefined);
    if (inFlight.has(p.key)) {
      // A round's run that finds the schedule already running the probe has nothing to add.
      if (!startUp && !startUpRuns.has(p.key)) metrics.skipped(p);
      return Promise.resolve(undefined);
    }
    if (startUp) startUpRuns.add(p.key);
    const running = (async (): Promise<ProbeResult | undefined> => {
      const startedAt = clock.now();
      try {
        // The run's id comes first: the metrics and the log of this run can name it.
        const result = recorder.record(maskResult(await p.run(stopping.signal), redactFor(p.target)));
        report(result);
        return result;
      } catch (error) {
        // A request that could not be built (a broken catalog entry, a URL over GWS's 2000-character
        // limit) is no server fault, but the probe did not hold: it fails, counted as http_error,
        // and says why once.
        const message = redactFor(p.target)(error instanceof Error ? error.message : String(error));
        const key = probeKey(p.target, p.probe);
        if (lastOutcome.get(key) !== `error:${message}`) logger.error(`request not sent: ${message}`, { target: p.target, probe: p.probe });
        lastOutcome.set(key, `error:${message}`);
        const failed: ProbeResult = recorder.record({
          target: p.target,
          probe: p.probe,
          kind: p.kind,
          ok: false,
          outcome: 'http_error',
          statusCode: null,
          responded: false,
          durationMs: 0,
          violations: [],
          error: `request not sent: ${message}`,
          startedAt,
        });
        record(failed);
        return failed;
      } finally {
        inFlight.delete(p.key);
        startUpRuns.delete(p.key);
      }
    })();
    inFlight.set(p.key, running);
    return running;
  }

  /**
   * Every probe once, at most ROUND_CONCURRENCY at a time: 10,000 requests at once would hold
   * 10,000 sockets and answers in memory, delay the scheduled runs behind them, and hit each target
   * with all its probes in the same instant.
   */
  async function runOnce(startUp = false): Promise<ProbeResult[]> {
    const results: (ProbeResult | undefined)[] = new Array<ProbeResult | undefined>(planned.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < planned.length) {
        const index = next++;
        results[index] = await runGuarded(planned[index] as PlannedProbe, startUp);
      }
    };
    await Promise.all(Array.from({ length: Math.min(ROUND_CONCURRENCY, planned.length) }, lane));
    return results.filter((r): r is ProbeResult => r !== undefined);
  }

  return {
    probes: planned.map(({ target, probe, kind, settings, intervalSeconds: seconds }) => ({ target, probe, kind, settings, intervalSeconds: seconds })),

    start() {
      if (started) return;
      started = true;
      // Each target's features: read now (the first round's probes wait for it), then on their own schedule.
      for (const f of features) {
        void f.refresh();
        jobs.push(
          scheduler.schedule({
            name: `${f.target} features`,
            key: probeKey(f.target, 'GET /features'),
            schedule: featureSchedule,
            run: () => f.refresh(),
            onSkip: () => undefined,
          }),
        );
      }
      for (const p of planned) {
        jobs.push(
          scheduler.schedule({
            name: `${p.target}/${p.probe}`,
            key: p.key,
            schedule: p.settings.schedule,
            run: async () => {
              await runGuarded(p);
            },
            onSkip: () => metrics.skipped(p),
          }),
        );
      }
      void runOnce(true).then(() => {
        ready = true;
        resolveFirstRound();
      });
    },

    stop() {
      stopped ??= (async () => {
        await Promise.all(jobs.map((job) => job.stop().catch(() => undefined)));
        for (const f of features) f.close();
        const runs = [...inFlight].map(([key, done]) => ({ done, drainMs: byKey.get(key)?.drainMs }));
        if (!(await drainRuns(runs, drainTimeoutMs, () => stopping.abort()))) logger.warn(`stopped with ${inFlight.size} probe(s) still running`);
        stopping.abort();
        // Releases keep-alive connections (and aborts what still hangs) so the process can exit.
        for (const client of allClients) client.close();
        connections.close();
      })();
      return stopped;
    },

    runOnce: () => runOnce(),
    probeNow(target, probe) {
      const p = byKey.get(probeKey(target, probe));
      if (p === undefined) return undefined;
      // Without a schedule (--no-schedule) the features are read when a probe asks and they are older than their interval.
      if (!started) void featuresOf.get(target)?.refreshIfOlderThan(featureIntervalMs);
      const running = inFlight.get(p.key) ?? runGuarded(p);
      // runGuarded resolves undefined only when it met a run in flight, which is shared above.
      return running.then((result) => result ?? Promise.reject(new Error(`${target}/${probe}: no result`)));
    },
    isReady: () => ready,
    firstRound: () => firstRound,
    results: recorder.history,
    contracts: options.contracts,
  };
}
