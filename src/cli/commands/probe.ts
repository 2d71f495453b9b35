import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import {
  ConfigError,
  loadProberConfig,
  parseListen,
  PROBER_DEFAULTS,
  proberTarget, type ProberConfig, type ProberFlags, type ProberTarget } from '../../config/index.ts';
import { loadContracts } from '../../contracts/index.ts';
import { createProber, parseShard, probeEndpoint, startMetricsServer, type Logger, type ProbeResult, type Shard } from '../../prober/index.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { waitForStopSignal } from '../signals.ts';

const HELP = `Usage: gwscheck probe [options]

Probes GWS nodes on a schedule with the contract catalog's read-only operations and serves the
results as Prometheus metrics. Targets come from --config FILE, or from the environment:
GWS_BASE_URL (API root, e.g. http://gws:8080/api/v2), GWS_USERNAME, GWS_PASSWORD
(and GWS_ADMIN_USERNAME, GWS_ADMIN_PASSWORD for the admin-only probes).
Without either, the prober refuses to start unless --simulator is given.

Options:
  --config FILE          YAML file naming the targets (see the README for its keys)
  --listen HOST:PORT     metrics address (default 127.0.0.1:9464; port 0 picks a free port)
  --interval EXPR        default schedule of every probe: 1s..30s, 1m..30m, 1h..12h dividing
                         their unit, or a six-field cron expression (default 15s; one second is
                         the shortest, node-cron's resolution)
  --timeout DURATION     default per-probe timeout, e.g. 2s or 500ms (default 5s)
  --once                 run every probe once, print a table, exit 0 (all ok) or 1 (any failed)
  --no-schedule          run probes only when Prometheus asks (GET /probe?target=NAME&probe=ID),
                         as blackbox_exporter does; see monitoring/prometheus/prometheus-probe.yml
  --shard INDEX/COUNT    run only this replica's share of the probes (0 <= INDEX < COUNT), split
                         by a stable hash of target and probe
  --simulator            probe an embedded GWS simulator (only when no --config and no GWS_BASE_URL)
  -h, --help             show this help

Endpoints: /metrics, /probe, /-/healthy, /-/ready (after the first round), / (index).
SIGTERM or SIGINT stops scheduling, lets running probes finish (at most 3 s) and exits 0.`;

interface ParsedArgs {
  readonly help: boolean;
  readonly once: boolean;
  readonly schedule: boolean;
  readonly simulator: boolean;
  readonly shard?: Shard;
  readonly flags: ProberFlags;
}

function parse(args: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string' },
        listen: { type: 'string' },
        interval: { type: 'string' },
        timeout: { type: 'string' },
        once: { type: 'boolean' },
        'no-schedule': { type: 'boolean' },
        shard: { type: 'string' },
        simulator: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const v = parsed.values;
  let shard: Shard | undefined;
  if (v.shard !== undefined) {
    try {
      shard = parseShard(v.shard);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  const flags: ProberFlags = {
    ...(v.config !== undefined ? { config: v.config } : {}),
    ...(v.listen !== undefined ? { listen: v.listen } : {}),
    ...(v.interval !== undefined ? { interval: v.interval } : {}),
    ...(v.timeout !== undefined ? { timeout: v.timeout } : {}),
  };
  return { help: v.help === true, once: v.once === true, schedule: v['no-schedule'] !== true, simulator: v.simulator === true, ...(shard ? { shard } : {}), flags };
}

function buildVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const stderrLogger: Logger = {
  info: (message) => console.error(`${new Date().toISOString()} info ${message}`),
  warn: (message) => console.error(`${new Date().toISOString()} warn ${message}`),
  error: (message) => console.error(`${new Date().toISOString()} error ${message}`),
};

/** A test agent of its own, so the embedded simulator also shows the state-change probe. */
const SIMULATOR_PROBE_AGENT = {
  id: 'c0ffee00c0ffee00c0ffee00c0ffee00',
  userName: 'gwscheck-probe-agent',
  password: 'probe',
  firstName: 'Probe',
  lastName: 'Agent',
  roles: ['ROLE_AGENT'] as const,
  device: { id: 'c0ffee00-0000-4000-8000-00000000c0de', phoneNumber: '5999' },
  channels: ['voice'] as const,
  loggedIn: { voice: 'NotReady' } as const,
};

interface EmbeddedSimulator {
  readonly target: ProberTarget;
  close(): Promise<void>;
}

async function startEmbeddedSimulator(flags: ProberFlags): Promise<EmbeddedSimulator> {
  const { buildSimulator, listen, DEFAULT_FIXTURES } = await import('../../simulator/index.ts');
  const simulator = buildSimulator({ fixtures: { ...DEFAULT_FIXTURES, users: [...DEFAULT_FIXTURES.users, SIMULATOR_PROBE_AGENT] } });
  const running = await listen(simulator, { host: '127.0.0.1', port: 0 });
  const close = async (): Promise<void> => {
    await running.close();
    simulator.dispose();
  };
  let base: ProberTarget | undefined;
  try {
    // Reuse the file-less config path so --interval and --timeout are validated the same way.
    const env = { GWS_BASE_URL: running.url, GWS_USERNAME: 'ksippo', GWS_PASSWORD: '', GWS_ADMIN_USERNAME: 'admin', GWS_ADMIN_PASSWORD: 'admin' };
    base = loadProberConfig({ flags: { ...flags, listen: '127.0.0.1:0' }, env })?.targets[0];
    if (base === undefined) throw new Error('embedded simulator target could not be configured');
  } catch (error) {
    await close();
    throw error;
  }
  const target = proberTarget({
    ...base,
    name: 'simulator',
    stateChange: {
      agent: { username: SIMULATOR_PROBE_AGENT.userName, password: SIMULATOR_PROBE_AGENT.password },
      schedule: base.defaults.schedule,
      timeoutMs: base.defaults.timeoutMs,
      settleTimeoutMs: 5000,
      pollIntervalMs: 50,
    },
  });
  return { target, close };
}

function table(results: readonly ProbeResult[]): string {
  const header = ['TARGET', 'PROBE', 'OUTCOME', 'STATUSCODE', 'MS', 'FIRST VIOLATION'];
  const rows = results.map((r) => [
    r.target,
    r.probe,
    r.outcome,
    r.statusCode === null ? '-' : String(r.statusCode),
    String(Math.round(r.durationMs)),
    (r.violations[0]?.message ?? r.error ?? '').replace(/\s+/g, ' '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (parsed.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const contracts = loadContracts();
  let config: ProberConfig | undefined;
  try {
    config = loadProberConfig({ flags: parsed.flags, env: process.env, catalog: contracts.catalog });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (config !== undefined && parsed.simulator) {
    throw new UsageError(`--simulator cannot be combined with ${config.source === 'file' ? '--config' : 'GWS_BASE_URL'} (expected one source of targets)`);
  }
  if (config === undefined && !parsed.simulator) {
    throw new UsageError('no target to probe (expected --config FILE, or GWS_BASE_URL with GWS_USERNAME and GWS_PASSWORD, or --simulator for an embedded simulator)');
  }

  let embedded: EmbeddedSimulator | undefined;
  let targets: readonly ProberTarget[];
  let listenAt = config?.listen;
  try {
    if (config === undefined) {
      embedded = await startEmbeddedSimulator(parsed.flags);
      targets = [embedded.target];
      listenAt = parsed.flags.listen !== undefined ? parseListen(parsed.flags.listen, '--listen') : PROBER_DEFAULTS.listen;
    } else {
      targets = config.targets;
    }
  } catch (error) {
    await embedded?.close();
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }

  const registry = new Registry();
  let prober;
  try {
    prober = createProber({
      targets,
      contracts,
      registry,
      // With --once the table says everything; only a failed restore is worth a line of its own.
      logger: parsed.once ? { ...stderrLogger, info: () => undefined, warn: () => undefined } : stderrLogger,
      buildVersion: buildVersion(),
      ...(parsed.shard ? { shard: parsed.shard } : {}),
    });
  } catch (error) {
    await embedded?.close();
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const shardNote = parsed.shard ? ` (shard ${parsed.shard.index}/${parsed.shard.count})` : '';
  if (prober.probes.length === 0) console.error(`gwscheck probe: no probes to run${shardNote}`);

  if (parsed.once) {
    const results = await prober.runOnce();
    await prober.stop();
    await embedded?.close();
    console.log(table(results));
    return results.every((r) => r.ok) ? EXIT.ok : EXIT.contractFailed;
  }

  // Listen for signals before the address is printed: a supervisor may signal as soon as it reads it.
  const signalled = waitForStopSignal();
  const address = listenAt ?? PROBER_DEFAULTS.listen;
  let server;
  try {
    server = await startMetricsServer({
      registry,
      isReady: () => !parsed.schedule || prober.isReady(),
      host: address.host,
      port: address.port,
      probe: probeEndpoint(prober, buildVersion()),
    });
  } catch (error) {
    await embedded?.close();
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`cannot listen on ${address.host}:${address.port} (${code})`);
  }
  const targetNames = [...new Set(prober.probes.map((p) => p.target))];
  console.log(`gwscheck probe: serving metrics on ${server.url}/metrics`);
  console.log(`gwscheck probe: ${prober.probes.length} probes on ${targetNames.length} target(s): ${targetNames.join(', ')}${shardNote}`);
  if (parsed.schedule) prober.start();
  const signal = await signalled;
  console.error(`gwscheck probe: ${signal}, stopping`);
  await prober.stop();
  await server.close();
  await embedded?.close();
  // Keep-alive sockets to the targets must not hold the process past its shutdown bound.
  setTimeout(() => process.exit(EXIT.ok), 500).unref();
  return EXIT.ok;
}
