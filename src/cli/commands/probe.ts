import { loadProberConfig, type ProberFlags } from '../../config/index.ts';
import { loadContracts } from '../../contracts/index.ts';
import { createLogger, isLogFormat, LOG_FORMATS, runProber, type LogFormat } from '../../prober/index.ts';
import { startEmbeddedSimulator } from '../../simulator/index.ts';
import { parseCommandLine } from '../args.ts';
import { buildInfo } from '../build-info.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { waitForStopSignal } from '../signals.ts';

const HELP = `Usage: gwscheck probe [options]

Probes GWS nodes on a schedule with the contract catalog's read-only operations and serves the
results as Prometheus metrics. Targets come from --config FILE, or from the environment:
GWS_BASE_URL (API root, e.g. http://gws:8080/api/v2), GWS_USERNAME, GWS_PASSWORD
(and GWS_ADMIN_USERNAME, GWS_ADMIN_PASSWORD for the admin-only probes); GWS_TARGET_NAME names
that target in the metrics (default: the base URL's host).
Without either, the prober refuses to start unless --simulator is given.

Options:
  --config FILE          YAML file naming the targets (see the README for its keys)
  --listen HOST:PORT     metrics address (default 127.0.0.1:9464; port 0 picks a free port)
  --interval EXPR        default schedule of every probe: 1s..30s, 1m..30m, 1h..12h dividing
                         their unit, or a six-field cron expression (default 15s; one second is
                         the shortest, node-cron's resolution)
  --timeout DURATION     default per-probe timeout: a whole number with ms, s, m or h, e.g. 2s
                         or 500ms (default 5s; at most 2147483647ms, about 596h)
  --once                 run every probe once, print a table, exit 0 (all ok) or 1 (any failed);
                         a probe that does not apply (the probe user has no device, no voice
                         channel, no admin role) is listed as not_applicable with why, not failed
  --no-schedule          run probes only when Prometheus asks (GET /probe?target=NAME&probe=ID),
                         as blackbox_exporter does; see monitoring/prometheus/prometheus-probe.yml
  --shard INDEX/COUNT    run only this replica's share of the probes (0 <= INDEX < COUNT), split
                         by a stable hash of target and probe
  --simulator            probe an embedded GWS simulator (only when no --config and no GWS_BASE_URL)
  --strict               as contract --strict: additive drift fails a probe, and an unconfirmed
                         endpoint the server does not have fails instead of being not_applicable
  --results-runs N       runs of each probe the results pages keep (/probes), 1 to 1000
                         (default 20)
  --results-detail-bytes BYTES
                         byte budget of the failed runs' details on the results pages, e.g.
                         33554432 or 32MiB, 0 to 1GiB (default 32MiB; the oldest go first)
  --no-results-pages     no /probes, /probes/{target}/{probe} and /runs/{id} pages (404), and
                         no run kept for them
  --log-format FORMAT    text (default) or json: one line per event, the target and probe as
                         fields (json: {"time","level","msg","target","probe",...}); the
                         start-up lines go to stdout, every other event to stderr
  --debug                print the stack of an internal error
  -h, --help             show this help

Endpoints: /metrics, /probe, /-/healthy, /-/ready (after the first round), / (index), and the
results pages /probes, /probes/{target}/{probe}, /runs/{id} (HTML, or JSON with
Accept: application/json; no credentials on them).
SIGTERM or SIGINT stops scheduling, lets running probes finish (at most 3 s) and exits 0.
Every configuration problem is printed, one line each, before exit 2.

Exit codes: 0 every probe ok or not applicable (--once) or stopped by a signal, 1 a probe
failed (--once), 2 usage or configuration error, 4 internal error.`;

interface Parsed {
  readonly help: boolean;
  readonly once: boolean;
  readonly schedule: boolean;
  readonly logFormat: LogFormat;
  readonly flags: ProberFlags;
}

function parse(args: readonly string[]): Parsed {
  const v = parseCommandLine('probe', args, {
    config: { type: 'string' },
    listen: { type: 'string' },
    interval: { type: 'string' },
    timeout: { type: 'string' },
    once: { type: 'boolean' },
    'no-schedule': { type: 'boolean' },
    shard: { type: 'string' },
    simulator: { type: 'boolean' },
    strict: { type: 'boolean' },
    'log-format': { type: 'string' },
    'results-runs': { type: 'string' },
    'results-detail-bytes': { type: 'string' },
    'no-results-pages': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const flags: ProberFlags = {
    ...(v.config !== undefined ? { config: v.config } : {}),
    ...(v.listen !== undefined ? { listen: v.listen } : {}),
    ...(v.interval !== undefined ? { interval: v.interval } : {}),
    ...(v.timeout !== undefined ? { timeout: v.timeout } : {}),
    ...(v.shard !== undefined ? { shard: v.shard } : {}),
    ...(v.simulator === true ? { simulator: true } : {}),
    ...(v.strict === true ? { strict: true } : {}),
    ...(v['results-runs'] !== undefined ? { resultsRuns: v['results-runs'] } : {}),
    ...(v['results-detail-bytes'] !== undefined ? { resultsDetailBytes: v['results-detail-bytes'] } : {}),
    ...(v['no-results-pages'] === true ? { noResultsPages: true } : {}),
  };
  const logFormat = v['log-format'] ?? 'text';
  if (!isLogFormat(logFormat)) throw new UsageError(`--log-format "${logFormat}" is not one of ${LOG_FORMATS.join(', ')}`);
  return { help: v.help === true, once: v.once === true, schedule: v['no-schedule'] !== true, logFormat, flags };
}

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
  // Start-up lines name the address: stdout, where a supervisor or script waits for them.
  const startUp = createLogger({ format: parsed.logFormat, write: (line) => console.log(line) });
  const outcome = await runProber({
    config,
    contracts,
    once: parsed.once,
    schedule: parsed.schedule,
    startSimulator: () => startEmbeddedSimulator({ probeAgent: true }),
    waitForStop: waitForStopSignal,
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
    logger: createLogger({ format: parsed.logFormat, write: (line) => console.error(line) }),
    announce: (message, fields) => startUp.info(message, fields),
    buildVersion: buildInfo(),
  });
  if (outcome.kind === 'once') return outcome.ok ? EXIT.ok : EXIT.contractFailed;
  // Keep-alive sockets to the targets must not hold the process past its shutdown bound.
  setTimeout(() => process.exit(EXIT.ok), 500).unref();
  return EXIT.ok;
}
