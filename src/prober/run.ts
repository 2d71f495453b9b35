import { Registry } from 'prom-client';
import { ConfigError, proberTarget, type ProberConfig, type ProberTarget } from '../config/index.ts';
import type { Contracts } from '../contracts/index.ts';
import type { BuildInfo } from './metrics.ts';
import { tuneHeap } from './heap.ts';
import { createProber } from './prober.ts';
import { probeEndpoint } from './probe-endpoint.ts';
import { resultsPages } from './results/index.ts';
import { startMetricsServer } from './server.ts';
import { formatResultsTable } from './table.ts';
import { heldOrNotApplicable, type Logger } from './types.ts';

interface Login {
  readonly username: string;
  readonly password: string;
}

/** A GWS simulator started for this run (`--simulator`): its API root and logins. */
export interface RunSimulator {
  readonly url: string;
  readonly user: Login;
  readonly admin?: Login;
  /** A dedicated agent: the state-change probe runs only with one. */
  readonly probeAgent?: Login;
  close(): Promise<void>;
}

export interface RunProberOptions {
  readonly config: ProberConfig;
  readonly contracts: Contracts;
  /** Every probe once, then a table instead of a metrics server. */
  readonly once: boolean;
  /** false: probes run only when Prometheus asks through /probe (`--no-schedule`). */
  readonly schedule: boolean;
  /** Starts the simulator a `simulator` config probes. */
  readonly startSimulator: () => Promise<RunSimulator>;
  /** Starts listening for the signal that stops the daemon; resolves with it. */
  readonly waitForStop: () => Promise<string>;
  /** The --once table. */
  readonly stdout: (line: string) => void;
  /** Messages for the user that are no events of the daemon. */
  readonly stderr: (line: string) => void;
  /** Every event of the running daemon, one line each. */
  readonly logger: Logger;
  /** Start-up events that name the address: on stdout, where a supervisor or a script reads them. */
  readonly announce: Logger['info'];
  readonly buildVersion: string | BuildInfo;
}

export type RunProberOutcome =
  | { readonly kind: 'once'; readonly ok: boolean }
  | { readonly kind: 'stopped'; readonly signal: string };

function simulatorTarget(sim: RunSimulator, config: ProberConfig): ProberTarget {
  const { defaults } = config;
  return proberTarget({
    name: 'simulator',
    baseUrl: sim.url,
    user: sim.user,
    ...(sim.admin ? { admin: sim.admin } : {}),
    defaults,
    ...(sim.probeAgent
      ? { stateChange: { agent: sim.probeAgent, schedule: defaults.schedule, timeoutMs: defaults.timeoutMs, settleTimeoutMs: 5000, pollIntervalMs: 50 } }
      : {}),
  });
}

/**
 * `gwscheck probe` after its flags: starts the simulator if asked, then either runs every probe
 * once and prints the table, or serves metrics until the stop signal. Everything it started is
 * closed on every path out.
 */
export async function runProber(options: RunProberOptions): Promise<RunProberOutcome> {
  const { config, once, logger } = options;
  // A prober that keeps running holds its memory near what it keeps, not four times that, and its
  // runs' short-lived objects die young.
  if (!once) tuneHeap();
  const simulator = config.source === 'simulator' ? await options.startSimulator() : undefined;
  try {
    const targets = simulator ? [simulatorTarget(simulator, config)] : config.targets;
    const registry = new Registry();
    const prober = createProber({
      targets,
      contracts: options.contracts,
      registry,
      // With --once the table says everything; only a failed restore is worth a line of its own.
      logger: once ? { ...logger, info: () => undefined, warn: () => undefined } : logger,
      buildVersion: options.buildVersion,
      ...(config.shard ? { shard: config.shard } : {}),
      ...(config.strict ? { strict: true } : {}),
      // The embedded simulator's seed passwords are published; masking "admin" would only garble text.
      ...(simulator !== undefined ? { credentialsArePublic: true } : {}),
      // --once serves no page: nothing to keep.
      results: !once && config.results.enabled ? { runs: config.results.runs, detailBytes: config.results.detailBytes } : false,
    });
    const shardNote = config.shard ? ` (shard ${config.shard.index}/${config.shard.count})` : '';
    if (prober.probes.length === 0) logger.warn(`no probes to run${shardNote}`);
    if (once) {
      const results = await prober.runOnce();
      await prober.stop();
      options.stdout(formatResultsTable(results));
      return { kind: 'once', ok: results.every(heldOrNotApplicable) };
    }
    // Listen for signals before the address is printed: a supervisor may signal as soon as it reads it.
    const stopped = options.waitForStop();
    const { host, port } = config.listen;
    let server;
    let draining = false;
    try {
      server = await startMetricsServer({
        registry,
        isReady: () => !options.schedule || prober.isReady(),
        isDraining: () => draining,
        host,
        port,
        probe: probeEndpoint(prober, options.buildVersion),
        ...(prober.results !== undefined ? { results: resultsPages(prober.results, options.contracts.catalog) } : {}),
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ConfigError(`cannot listen on ${host}:${port} (${code})`);
    }
    const targetNames = [...new Set(prober.probes.map((p) => p.target))];
    options.announce(`serving metrics on ${server.url}/metrics`, { url: `${server.url}/metrics` });
    options.announce(`${prober.probes.length} probes on ${targetNames.length} target(s): ${targetNames.join(', ')}${shardNote}`, {
      probes: prober.probes.length,
      targets: targetNames.join(','),
    });
    if (options.schedule) prober.start();
    const signal = await stopped;
    draining = true;
    logger.info(`${signal}, stopping: the probes in progress finish, /-/ready answers 503 meanwhile`, { signal });
    await prober.stop();
    await server.close();
    return { kind: 'stopped', signal };
  } finally {
    await simulator?.close();
  }
}
