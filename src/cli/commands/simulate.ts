import { parseArgs } from 'node:util';
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
  validateDefects,
  type FaultSpec,
  type Fixtures,
  type SimulatorOptions,
} from '../../simulator/index.ts';

const HELP = `Usage: gwscheck simulate [options]

Runs a GWS 8.5 REST API simulator (seed users: ksippo with an empty password, lsupervisor/supervisor, admin/admin).

Options:
  --host HOST                  address to listen on (default 127.0.0.1)
  --port N                     port; 0 picks a free one (default 8090)
  --prefix PATH                API root path (default /api/v2, e.g. /cloud-web/api/v2)
  --async-delay MS             delay before an accepted operation takes effect (default 50)
  --auth-failure-status 401|403  HTTP status for missing or wrong credentials (default 403)
  --csrf                       require the X-CSRF-TOKEN header on POST/PUT/DELETE
  --url-limit N                longest accepted URL in characters (default 2000)
  --error-http-status mapped|always-200  HTTP status beside error statusCodes (default mapped)
  --fixtures FILE              JSON file with users, skills and initial agent state
  --fault SPEC                 fault to inject (repeatable); JSON or TYPE[,key=value...]
                               types: ${FAULT_TYPES.join(', ')}
                               e.g. --fault 'status-code,statusCode=4,route=/me/**,rate=0.5'
  --defect NAME                deliberately wrong behaviour (repeatable): ${DEFECT_MODES.join(', ')}
  -h, --help                   show this help

Control API (outside the prefix): POST/GET/DELETE /__simulator/faults, DELETE /__simulator/faults/ID,
PUT/GET /__simulator/defects, POST /__simulator/reset, POST/GET /__simulator/calls (ring an inbound call).`;

function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${flag} "${value}" is not an integer from ${min} to ${max}`);
  return n;
}

function parse(args: string[]): { help: boolean; host: string; port: number; options: SimulatorOptions } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        prefix: { type: 'string' },
        'async-delay': { type: 'string' },
        'auth-failure-status': { type: 'string' },
        csrf: { type: 'boolean' },
        'url-limit': { type: 'string' },
        'error-http-status': { type: 'string' },
        fixtures: { type: 'string' },
        fault: { type: 'string', multiple: true },
        defect: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const v = parsed.values;
  const authFailureStatus = v['auth-failure-status'];
  if (authFailureStatus !== undefined && authFailureStatus !== '401' && authFailureStatus !== '403') {
    throw new UsageError(`--auth-failure-status "${authFailureStatus}" must be 401 or 403`);
  }
  const errorHttpStatus = v['error-http-status'];
  if (errorHttpStatus !== undefined && errorHttpStatus !== 'mapped' && errorHttpStatus !== 'always-200') {
    throw new UsageError(`--error-http-status "${errorHttpStatus}" must be mapped or always-200`);
  }
  let fixtures: Fixtures | undefined;
  let faults: FaultSpec[];
  try {
    fixtures = v.fixtures === undefined ? undefined : loadFixturesFile(v.fixtures);
    faults = (v.fault ?? []).map(parseFaultArg);
    validateDefects(v.defect ?? []);
  } catch (error) {
    if (error instanceof FixtureError || error instanceof FaultSpecError || error instanceof SimulatorOptionError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  const asyncDelayMs = integer('--async-delay', v['async-delay'], 0, 3_600_000);
  const urlLimit = integer('--url-limit', v['url-limit'], 1, 1_000_000);
  const options: SimulatorOptions = {
    ...(v.prefix === undefined ? {} : { prefix: v.prefix }),
    ...(asyncDelayMs === undefined ? {} : { asyncDelayMs }),
    ...(authFailureStatus === undefined ? {} : { authFailureStatus: authFailureStatus === '401' ? 401 : 403 }),
    ...(v.csrf === true ? { csrf: true } : {}),
    ...(urlLimit === undefined ? {} : { urlLimit }),
    ...(errorHttpStatus === undefined ? {} : { errorHttpStatus }),
    ...(fixtures === undefined ? {} : { fixtures }),
    faults,
    defects: validateDefects(v.defect ?? []),
  };
  return {
    help: v.help === true,
    host: v.host ?? '127.0.0.1',
    port: integer('--port', v.port, 0, 65535) ?? 8090,
    options,
  };
}

export async function run(args: string[]): Promise<number> {
  const { help, host, port, options } = parse(args);
  if (help) {
    console.log(HELP);
    return EXIT.ok;
  }
  let simulator;
  try {
    simulator = buildSimulator(options);
  } catch (error) {
    if (error instanceof SimulatorOptionError || error instanceof FixtureError) throw new UsageError(error.message);
    throw error;
  }
  let running;
  try {
    running = await listen(simulator, { host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`cannot listen on ${host}:${port} (${code})`);
  }
  const url = running.url;
  // Only the seed's documented credentials are printed; users from a fixtures file keep theirs unprinted.
  const agent = options.fixtures === undefined ? 'ksippo:' : `${options.fixtures.users[0]?.userName ?? 'USER'}:PASSWORD`;
  const admin = options.fixtures === undefined ? 'admin:admin' : 'ADMIN:PASSWORD';
  console.log(`GWS simulator listening at ${url}`);
  console.log('Try:');
  console.log(`  curl ${url}/diagnostics/version`);
  console.log(`  curl -u ${agent} ${url}/me`);
  console.log(`  curl -u ${agent} '${url}/me/devices?fields=*'`);
  console.log(`  curl -u ${agent} -X POST -H 'Content-Type: application/json' -d '{"operationName":"Ready"}' ${url}/me/channels/voice`);
  console.log(`  curl -u ${admin} '${url}/skills?fields=*'`);
  console.log(`Control API: ${running.origin}/__simulator/faults, /__simulator/defects, /__simulator/reset`);
  await waitForStopSignal();
  await running.close();
  simulator.dispose();
  console.log('GWS simulator stopped');
  return EXIT.ok;
}
