import type { Registry } from 'prom-client';
import { createClient, type ClientOptions, type GwsClient } from '../client/index.ts';
import type { ProberTarget, ProbeSettings } from '../config/index.ts';
import type { Contracts, Identity } from '../contracts/index.ts';
import { maskResult, targetRedactor } from './mask.ts';
import { selectOperations, stateChangeOperation } from './select.ts';
import { createProberMetrics, type ProberMetrics } from './metrics.ts';
import { runOperationProbe, type ParamCache, type TargetClients } from './probe.ts';
import { cronScheduler, intervalSeconds, type ScheduledJob, type Scheduler } from './schedule.ts';
import { inShard, probeKey, type Shard } from './shard.ts';
import { drainRuns } from './drain.ts';
import { notificationObserver } from './notification-observer.ts';
import { runStateChangeProbe, type StateObserverFactory } from './state-change.ts';
import { describeResult, silentLogger, systemClock, type Clock, type Logger, type ProbeKind, type ProbeResult } from './types.ts';

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
  readonly createClient?: (options: ClientOptions) => GwsClient;
  /** The gwscheck version for gwscheck_build_info. */
  readonly buildVersion?: string;
  /** How long stop() waits for probes in progress (default 3 s; a state-change probe: see drainMs). */
  readonly drainTimeoutMs?: number;
  /** The targets' passwords are published (an embedded simulator): mask only credential shapes. */
  readonly credentialsArePublic?: boolean;
}

/** A probe the prober runs: one operation (or the state-change probe) on one target. */
export interface ProbeInfo {
  readonly target: string;
  readonly probe: string;
  readonly kind: ProbeKind;
  readonly settings: ProbeSettings;
  readonly intervalSeconds: number;
}

export interface Prober {
  readonly probes: readonly ProbeInfo[];
  /** Runs a first round at once, then schedules every probe. */
  start(): void;
  /** Stops scheduling, lets runs in progress finish (bounded), then resolves. Idempotent. */
  stop(): Promise<void>;
  /** Every probe once, concurrently; resolves with each result (a probe already running is skipped). */
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
}

interface PlannedProbe extends ProbeInfo {
  readonly key: string;
  readonly run: (signal: AbortSignal) => Promise<ProbeResult>;
  /** How long stop() lets a run go on before its signal aborts: a change must be done before a restore. */
  readonly drainMs?: number;
}

export function createProber(options: ProberOptions): Prober {
  const { contracts, registry } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const scheduler = options.scheduler ?? cronScheduler();
  const makeClient = options.createClient ?? createClient;
  // Said once per target: the state-change probe polls because notifications are unavailable.
  const pollingTargets = new Set<string>();
  const drainTimeoutMs = options.drainTimeoutMs ?? 3000;
  const metrics: ProberMetrics = createProberMetrics(registry, options.buildVersion ?? '0.0.0');
  const stopping = new AbortController();

  const planned: PlannedProbe[] = [];
  const redactors = new Map<string, (text: string) => string>();
  const redactFor = (target: string) => redactors.get(target) ?? ((text: string) => text);
  const allClients: GwsClient[] = [];
  const track = (client: GwsClient): GwsClient => {
    allClients.push(client);
    return client;
  };
  for (const target of options.targets) {
    redactors.set(target.name, targetRedactor(target, options.credentialsArePublic === true));
    const clientOptions = (creds: { username: string; password: string } | undefined): ClientOptions => ({
      baseUrl: target.baseUrl,
      ...(creds ? { username: creds.username, password: creds.password } : {}),
      timeoutMs: target.defaults.timeoutMs,
      maxBodyBytes: target.maxBodyBytes,
    });
    const clients = new Map<Identity, GwsClient>();
    clients.set('none', track(makeClient(clientOptions(undefined))));
    if (target.user) clients.set('user', track(makeClient(clientOptions(target.user))));
    if (target.admin) clients.set('admin', track(makeClient(clientOptions(target.admin))));
    const targetClients: TargetClients = { forIdentity: (identity) => clients.get(identity) };
    const params: ParamCache = new Map();

    for (const op of selectOperations(target, contracts.catalog)) {
      const settings = target.probes[op.id] ?? target.defaults;
      const key = probeKey(target.name, op.id);
      if (!inShard(key, options.shard)) continue;
      planned.push({
        target: target.name,
        probe: op.id,
        kind: 'operation',
        settings,
        intervalSeconds: intervalSeconds(settings.schedule),
        key,
        run: () =>
          runOperationProbe(op, { target: target.name, contracts, clients: targetClients, clock, timeoutMs: settings.timeoutMs, params }),
      });
    }
    const sc = target.stateChange;
    if (sc !== undefined) {
      const op = stateChangeOperation(contracts);
      const key = probeKey(target.name, op.id);
      if (inShard(key, options.shard)) {
        const agentClient = track(makeClient({ ...clientOptions(sc.agent), timeoutMs: sc.timeoutMs }));
        const settings: ProbeSettings = { schedule: sc.schedule, timeoutMs: sc.timeoutMs };
        const observer: StateObserverFactory =
          options.stateObserver ??
          notificationObserver({
            baseUrl: target.baseUrl,
            agent: sc.agent,
            counter: metrics.notificationSessions(target.name),
            onFallback: (failure) => {
              if (pollingTargets.has(target.name)) return;
              pollingTargets.add(target.name);
              logger.warn(`${target.name}: no CometD notifications (${redactFor(target.name)(failure.detail)}); the state-change probe polls GET /me/devices instead`);
            },
          });
        planned.push({
          target: target.name,
          probe: op.id,
          kind: 'state-change',
          settings,
          intervalSeconds: intervalSeconds(sc.schedule),
          key,
          drainMs: sc.timeoutMs + sc.settleTimeoutMs,
          run: (signal) =>
            runStateChangeProbe({
              target: target.name,
              contracts,
              operation: op,
              client: agentClient,
              clock,
              observer,
              timeoutMs: sc.timeoutMs,
              settleTimeoutMs: sc.settleTimeoutMs,
              pollIntervalMs: sc.pollIntervalMs,
              signal,
            }),
        });
      }
    }
  }
  for (const p of planned) metrics.declare(p);
  const byKey = new Map(planned.map((p) => [p.key, p]));

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
    metrics.record(result);
    if (result.serverVersion !== undefined) metrics.targetVersion(result.target, result.serverVersion);
    const key = probeKey(result.target, result.probe);
    const previous = lastOutcome.get(key);
    lastOutcome.set(key, result.ok ? 'ok' : result.outcome);
    // Log changes only: a probe failing every 15 s says so once, and once more when it recovers.
    if (!result.ok && previous !== result.outcome) logger.warn(describeResult(result));
    if (result.ok && previous !== undefined && previous !== 'ok') logger.info(`${result.target}/${result.probe}: ${result.outcome} again`);
    if (result.stateChange?.restored === false) {
      logger.error(`${result.target}/${result.probe}: the test agent could not be restored to its starting state`);
    }
  }

  /** One guarded run: never overlaps its own previous run, never rejects. */
  function runGuarded(p: PlannedProbe, startUp = false): Promise<ProbeResult | undefined> {
    // Draining: no run starts, not even one asked for through /probe.
    if (stopped !== undefined) return Promise.resolve(undefined);
    if (inFlight.has(p.key)) {
      if (!startUpRuns.has(p.key)) metrics.skipped(p);
      return Promise.resolve(undefined);
    }
    if (startUp) startUpRuns.add(p.key);
    const running = (async (): Promise<ProbeResult | undefined> => {
      const startedAt = clock.now();
      try {
        const result = maskResult(await p.run(stopping.signal), redactFor(p.target));
        report(result);
        return result;
      } catch (error) {
        // A request that could not be built (a broken catalog entry, a URL over GWS's 2000-character
        // limit) is no server fault, but the probe did not hold: it fails, counted as http_error,
        // and says why once.
        const message = redactFor(p.target)(error instanceof Error ? error.message : String(error));
        const key = probeKey(p.target, p.probe);
        if (lastOutcome.get(key) !== `error:${message}`) logger.error(`${p.target}/${p.probe}: ${message}`);
        lastOutcome.set(key, `error:${message}`);
        const failed: ProbeResult = {
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
        };
        metrics.record(failed);
        return failed;
      } finally {
        inFlight.delete(p.key);
        startUpRuns.delete(p.key);
      }
    })();
    inFlight.set(p.key, running);
    return running;
  }

  async function runOnce(startUp = false): Promise<ProbeResult[]> {
    const results = await Promise.all(planned.map((p) => runGuarded(p, startUp)));
    return results.filter((r): r is ProbeResult => r !== undefined);
  }

  return {
    probes: planned.map(({ target, probe, kind, settings, intervalSeconds: seconds }) => ({
      target,
      probe,
      kind,
      settings,
      intervalSeconds: seconds,
    })),

    start() {
      if (started) return;
      started = true;
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
        const runs = [...inFlight].map(([key, done]) => ({ done, drainMs: byKey.get(key)?.drainMs }));
        if (!(await drainRuns(runs, drainTimeoutMs, () => stopping.abort()))) logger.warn(`stopped with ${inFlight.size} probe(s) still running`);
        stopping.abort();
        // Releases keep-alive connections (and aborts what still hangs) so the process can exit.
        for (const client of allClients) client.close();
      })();
      return stopped;
    },

    runOnce: () => runOnce(),
    probeNow(target, probe) {
      const p = byKey.get(probeKey(target, probe));
      if (p === undefined) return undefined;
      const running = inFlight.get(p.key) ?? runGuarded(p);
      // runGuarded resolves undefined only when it met a run in flight, which is shared above.
      return running.then((result) => result ?? Promise.reject(new Error(`${target}/${probe}: no result`)));
    },
    isReady: () => ready,
    firstRound: () => firstRound,
  };
}
