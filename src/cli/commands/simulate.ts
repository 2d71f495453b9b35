import { ConfigError, parseDuration, parseWholeNumber, Problems, readPemFile, type DurationRule } from '../../config/index.ts';
import { parseCommandLine } from '../args.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { waitForStopSignal } from '../signals.ts';
import {
  buildSimulator,
  DEFECT_MODES,
  FAULT_TYPES,
  FaultSpecError,
  FixtureError,
  listen,
  loadFixturesFile,
  parseFaultArg,
  SimulatorOptionError,
  SYSTEM_FEATURES,
  validateDefects,
  validateDisabledFeatures,
  type FaultSpec,
  type ListenOptions,
  type SimulatorOptions,
} from '../../simulator/index.ts';

/** An accepted operation lands within an hour at the latest; 0 applies it at once. */
const ASYNC_DELAY: DurationRule = { minMs: 0, maxMs: 3_600_000, bareMilliseconds: true };

const HELP = `Usage: gwscheck simulate [options]

Runs a GWS 8.5 REST API simulator (seed users: ksippo with an empty password, lsupervisor/supervisor, admin/admin).

Options:
  --host HOST                  address to listen on (default 127.0.0.1)
  --port N                     port; 0 picks a free one (default 8090)
  --prefix PATH                API root path (default /api/v2, e.g. /cloud-web/api/v2)
  --async-delay DURATION       delay before an accepted operation takes effect: 0 to 1h, e.g. 200ms
                               or 2s; a bare number is milliseconds (default 50)
  --auth-failure-status 401|403  HTTP status for missing or wrong credentials (default 403)
  --csrf                       require the X-CSRF-TOKEN header on POST/PUT/DELETE
  --url-limit N                longest accepted URL in characters (default 2000)
  --error-http-status mapped|always-200  HTTP status beside error statusCodes (default mapped)
  --tls-cert FILE              serve HTTPS with this PEM certificate (chain); needs --tls-key
  --tls-key FILE               the PEM private key of that certificate
  --fixtures FILE              JSON file with users, skills and initial agent state
  --fault SPEC                 fault to inject (repeatable); JSON or TYPE[,key=value...]
                               types: ${FAULT_TYPES.join(', ')}
                               e.g. --fault 'status-code,statusCode=4,route=/me/**,rate=0.5'
                               --fault 'latency,fixedMs=1100,jitterMs=3000,method=POST,route=/me/channels/voice'
                               (delays=request, the default: the operation applies late; delays=answer: it
                               applies at once and only the answer is late)
  --defect NAME                deliberately wrong behaviour (repeatable): ${DEFECT_MODES.join(', ')}
  --disable-feature NAME       a feature the contact center does not have (repeatable; all are on by
                               default): GET /features leaves it out, its reads answer statusCode 6
                               and its operations 2; one of ${SYSTEM_FEATURES.join(', ')}
  --debug                      print the stack of an internal error
  -h, --help                   show this help

Control API (outside the prefix): POST/GET/DELETE /__simulator/faults, DELETE /__simulator/faults/ID,
PUT/GET /__simulator/defects, POST /__simulator/reset, POST/GET /__simulator/calls (ring an inbound call).

Every configuration problem is printed, one line each, before exit 2.
Exit codes: 0 stopped by SIGINT or SIGTERM, 2 usage or configuration error, 4 internal error.`;

/** A simulator option error is a usage error like any other: exit 2, one line. */
function asConfigError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FixtureError || error instanceof FaultSpecError || error instanceof SimulatorOptionError) {
      throw new ConfigError(error.message);
    }
    throw error;
  }
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new ConfigError(`${flag} "${value}" must be ${allowed.join(' or ')}`);
}

interface Parsed {
  readonly help: boolean;
  readonly host: string;
  readonly port: number;
  readonly options: SimulatorOptions;
  readonly tls?: ListenOptions['tls'];
}

/** The certificate and key of --tls-cert/--tls-key, read now: a bad file is a start-up error. */
function readTlsPair(certFile: string | undefined, keyFile: string | undefined): ListenOptions['tls'] {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new ConfigError(`${certFile === undefined ? '--tls-key' : '--tls-cert'} is set but ${certFile === undefined ? '--tls-cert' : '--tls-key'} is not (expected both to serve HTTPS)`);
  }
  const problems = new Problems();
  const cert = problems.check(() => readPemFile(certFile, '--tls-cert', 'the certificate'));
  const key = problems.check(() => readPemFile(keyFile, '--tls-key', 'its private key'));
  problems.throwIfAny();
  return { cert: cert ?? '', key: key ?? '' };
}

function parse(args: readonly string[]): Parsed {
  const v = parseCommandLine('simulate', args, {
    host: { type: 'string' },
    port: { type: 'string' },
    prefix: { type: 'string' },
    'async-delay': { type: 'string' },
    'auth-failure-status': { type: 'string' },
    csrf: { type: 'boolean' },
    'url-limit': { type: 'string' },
    'error-http-status': { type: 'string' },
    fixtures: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    fault: { type: 'string', multiple: true },
    defect: { type: 'string', multiple: true },
    'disable-feature': { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help === true) return { help: true, host: '', port: 0, options: {} };
  const problems = new Problems();
  const check = <T>(value: string | undefined, fn: (text: string) => T): T | undefined =>
    value === undefined ? undefined : problems.check(() => fn(value));
  const port = check(v.port, (t) => parseWholeNumber(t, '--port', 0, 65535));
  const asyncDelayMs = check(v['async-delay'], (t) => parseDuration(t, '--async-delay', ASYNC_DELAY));
  const authFailureStatus = problems.check(() => oneOf('--auth-failure-status', v['auth-failure-status'], ['401', '403'] as const));
  const urlLimit = check(v['url-limit'], (t) => parseWholeNumber(t, '--url-limit', 1, 1_000_000));
  const errorHttpStatus = problems.check(() => oneOf('--error-http-status', v['error-http-status'], ['mapped', 'always-200'] as const));
  const fixtures = check(v.fixtures, (file) => asConfigError(() => loadFixturesFile(file)));
  const faults = (v.fault ?? []).map((spec) => problems.check(() => asConfigError(() => parseFaultArg(spec))));
  const defects = problems.check(() => asConfigError(() => validateDefects(v.defect ?? [])));
  const disabledFeatures = problems.check(() => asConfigError(() => validateDisabledFeatures(v['disable-feature'] ?? [])));
  const tls = problems.check(() => readTlsPair(v['tls-cert'], v['tls-key']));
  problems.throwIfAny();
  const options: SimulatorOptions = {
    ...(v.prefix === undefined ? {} : { prefix: v.prefix }),
    ...(asyncDelayMs === undefined ? {} : { asyncDelayMs }),
    ...(authFailureStatus === undefined ? {} : { authFailureStatus: authFailureStatus === '401' ? 401 : 403 }),
    ...(v.csrf === true ? { csrf: true } : {}),
    ...(urlLimit === undefined ? {} : { urlLimit }),
    ...(errorHttpStatus === undefined ? {} : { errorHttpStatus }),
    ...(fixtures === undefined ? {} : { fixtures }),
    faults: faults.filter((f): f is FaultSpec => f !== undefined),
    defects: defects ?? [],
    ...(disabledFeatures === undefined || disabledFeatures.length === 0 ? {} : { disabledFeatures }),
  };
  return { help: false, host: v.host ?? '127.0.0.1', port: port ?? 8090, options, ...(tls ? { tls } : {}) };
}

export async function run(args: string[]): Promise<number> {
  const { help, host, port, options, tls } = parse(args);
  if (help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const simulator = asConfigError(() => buildSimulator(options));
  let running;
  try {
    running = await listen(simulator, { host, port, ...(tls ? { tls } : {}) });
  } catch (error) {
    // A certificate and key that do not fit (or no PEM at all) fail here, before listening.
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    if (tls !== undefined && /^ERR_OSSL|^ERR_SSL|PEM|KEY_VALUES_MISMATCH/i.test(code)) {
      throw new UsageError(`--tls-cert/--tls-key cannot be used (${code}); expected a PEM certificate and its own private key`);
    }
    throw new UsageError(`cannot listen on ${host}:${port} (${code})`);
  }
  const url = running.url;
  // Only the seed's documented credentials are printed; users from a fixtures file keep theirs unprinted.
  // curl does not trust a self-signed certificate: -k in the examples, as with any test server.
  const curl = tls ? 'curl -k' : 'curl';
  const agent = options.fixtures === undefined ? 'ksippo:' : `${options.fixtures.users[0]?.userName ?? 'USER'}:PASSWORD`;
  const admin = options.fixtures === undefined ? 'admin:admin' : 'ADMIN:PASSWORD';
  console.log(`GWS simulator listening at ${url}`);
  if (options.disabledFeatures !== undefined) console.log(`Features turned off: ${options.disabledFeatures.join(', ')} (GET /features lists ${simulator.features().join(', ') || 'none'})`);
  console.log('Try:');
  console.log(`  ${curl} ${url}/diagnostics/version`);
  console.log(`  ${curl} -u ${agent} ${url}/me`);
  console.log(`  ${curl} -u ${agent} '${url}/me/devices?fields=*'`);
  console.log(`  ${curl} -u ${agent} -X POST -H 'Content-Type: application/json' -d '{"operationName":"Ready"}' ${url}/me/channels/voice`);
  console.log(`  ${curl} -u ${admin} '${url}/skills?fields=*'`);
  console.log(`Control API: ${running.origin}/__simulator/faults, /__simulator/defects, /__simulator/reset`);
  await waitForStopSignal();
  await running.close();
  simulator.dispose();
  console.log('GWS simulator stopped');
  return EXIT.ok;
}
