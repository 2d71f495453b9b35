import { readFileSync } from 'node:fs';
import { loadProberConfig, type ProberFlags } from '../../config/index.ts';
import { loadContracts } from '../../contracts/index.ts';
import { runProber, type Logger } from '../../prober/index.ts';
import { startEmbeddedSimulator } from '../../simulator/index.ts';
import { parseCommandLine } from '../args.ts';
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
  --timeout DURATION     default per-probe timeout: a whole number with ms, s, m or h, e.g. 2s
                         or 500ms (default 5s; at most 2147483647ms, about 596h)
  --once                 run every probe once, print a table, exit 0 (all ok) or 1 (any failed)
  --no-schedule          run probes only when Prometheus asks (GET /probe?target=NAME&probe=ID),
                         as blackbox_exporter does; see monitoring/prometheus/prometheus-probe.yml
  --shard INDEX/COUNT    run only this replica's share of the probes (0 <= INDEX < COUNT), split
                         by a stable hash of target and probe
  --simulator            probe an embedded GWS simulator (only when no --config and no GWS_BASE_URL)
  --debug                print the stack of an internal error
  -h, --help             show this help

Endpoints: /metrics, /probe, /-/healthy, /-/ready (after the first round), / (index).
SIGTERM or SIGINT stops scheduling, lets running probes finish (at most 3 s) and exits 0.
Every configuration problem is printed, one line each, before exit 2.

Exit codes: 0 every probe ok (--once) or stopped by a signal, 1 a probe failed (--once),
2 usage or configuration error, 4 internal error.`;

function parse(args: readonly string[]): { help: boolean; once: boolean; schedule: boolean; flags: ProberFlags } {
  const v = parseCommandLine('probe', args, {
    config: { type: 'string' },
    listen: { type: 'string' },
    interval: { type: 'string' },
    timeout: { type: 'string' },
    once: { type: 'boolean' },
    'no-schedule': { type: 'boolean' },
    shard: { type: 'string' },
    simulator: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const flags: ProberFlags = {
    ...(v.config !== undefined ? { config: v.config } : {}),
    ...(v.listen !== undefined ? { listen: v.listen } : {}),
    ...(v.interval !== undefined ? { interval: v.interval } : {}),
    ...(v.timeout !== undefined ? { timeout: v.timeout } : {}),
    ...(v.shard !== undefined ? { shard: v.shard } : {}),
    ...(v.simulator === true ? { simulator: true } : {}),
  };
  return { help: v.help === true, once: v.once === true, schedule: v['no-schedule'] !== true, flags };
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

export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (parsed.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const contracts = loadContracts();
  const config = loadProberConfig({ flags: parsed.flags, env: process.env, catalog: contracts.catalog });
  if (config === undefined) {
    throw new UsageError('no target to probe (expected --config FILE, or GWS_BASE_URL with GWS_USERNAME and GWS_PASSWORD, or --simulator for an embedded simulator)');
  }
  const outcome = await runProber({
    config,
    contracts,
    once: parsed.once,
    schedule: parsed.schedule,
    startSimulator: () => startEmbeddedSimulator({ probeAgent: true }),
    waitForStop: waitForStopSignal,
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
    logger: stderrLogger,
    buildVersion: buildVersion(),
  });
  if (outcome.kind === 'once') return outcome.ok ? EXIT.ok : EXIT.contractFailed;
  // Keep-alive sockets to the targets must not hold the process past its shutdown bound.
  setTimeout(() => process.exit(EXIT.ok), 500).unref();
  return EXIT.ok;
}
