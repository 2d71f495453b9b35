import { loadGateConfig, stepSummaryPath, terminalOutput, type GateFlags } from '../../config/index.ts';
import { parseCommandLine } from '../args.ts';
import { EXIT, UnreachableError, UsageError } from '../exit-codes.ts';
import { SIGNAL_EXIT, onStopSignals } from '../signals.ts';

const HELP = `Usage: gwscheck contract [options]

Runs the contract gate against GWS_BASE_URL, or against the embedded simulator when no base URL is set.

Target (flags win over the environment):
  --base-url URL               API root, e.g. http://host:8080/api/v2          (GWS_BASE_URL)
  --username NAME              agent login the contracts run as                (GWS_USERNAME)
  --password-file FILE         file holding that user's password               (GWS_PASSWORD)
  --admin-username NAME        admin login for the role comparisons            (GWS_ADMIN_USERNAME)
  --admin-password-file FILE   file holding the admin's password               (GWS_ADMIN_PASSWORD)
  --supervisor-username NAME   supervisor login for the monitoring contracts   (GWS_SUPERVISOR_USERNAME)
  --supervisor-password-file FILE
                               file holding the supervisor's password          (GWS_SUPERVISOR_PASSWORD)
  --contact-center-id ID       the contact center's id, for the chat contracts that start a chat as a
                               customer (Customer Chat API)                    (GWS_CONTACT_CENTER_ID)
  --queue-uri URI              a queue's URI, for the email and open-media contracts that create
                               an outbound item there                          (GWS_QUEUE_URI)
  --openmedia-type TYPE        a media type configured for open media, e.g. workitem
                                                                               (GWS_OPENMEDIA_TYPE)
  Passwords are never taken from the command line.

TLS (an https base URL; PEM files, read at start-up):
  --tls-ca FILE                CA certificates to trust instead of the system's
  --tls-cert FILE              client certificate, for a server that asks for one
  --tls-key FILE               that certificate's private key
  --tls-insecure-skip-verify   accept any server certificate (encrypted, not authenticated)
  --tls-server-name NAME       host name the certificate must carry (and SNI), when not the URL's host

Selection:
  --grep PATTERN               only contracts whose name matches (names are "<operation-id>: <what>")
  --tag TAG                    only contracts with this tag (repeatable: all must match), e.g.
                               read-only, security, async, session, csrf, admin, negative, positive
  A contract whose feature the server does not enable (GET /features) is skipped, saying so.
  --require-feature NAME       the server must enable this feature, e.g. api-multimedia (repeatable);
                               one it does not is exit 2                       (GWS_REQUIRE_FEATURES, comma-separated)
  --static-mock                the target is a static mock (e.g. prism mock on dist/openapi.json):
                               contracts that need a server with state are skipped, saying why

Checks (durations: a whole number with ms, s, m or h, e.g. 500ms, 5s, 2m; a bare number is
milliseconds; at most 2147483647ms, about 596h):
  --timeout DURATION           per-request timeout (default 5000, i.e. 5s)
  --latency-budget DURATION    one latency budget for every operation (default: the catalog's, 1000)
  --async-deadline DURATION    how long an accepted operation may take to show (default 5000)
  --http-status-strict         also check the HTTP status beside each error statusCode
  --notifications MODE         how asynchronous outcomes are observed: auto (CometD notifications at
                               <api root>/notifications, polling where the server has none; the
                               default), required (no endpoint fails), off (polling only)  (GWS_NOTIFICATIONS)
  --strict                     additive drift (an attribute or open-list value the schemas do not know) and
                               failed unconfirmed contracts fail too

Drift review (before a GWS upgrade):
  --record FILE                write the observed response shapes per operation to FILE
  --compare FILE               report attributes added, removed or retyped since FILE was recorded;
                               removed/retyped fail the gate, added is a warning (fails with --strict)

Order:
  --shuffle [SEED]             run the spec files, and the contracts in each, in an order shuffled by SEED
                               (a whole number from 0 to 4294967295; drawn and printed when left out), so
                               that a contract that depends on another one's leftovers shows; the same
                               SEED replays the same order. Without it the order is stable: spec files
                               by path, the contracts of each file as written

Retries:
  --retries N                  run a failed contract again up to N times, with backoff (default 0);
                               one that passes on a retry is reported flaky, not passed
  --fail-on-flaky              a flaky contract fails the gate

Output:
  --reports DIR                where junit.xml, contract-report.json, contract-report.html and summary.md go
                               (default reports/); the summary is also appended to $GITHUB_STEP_SUMMARY when set
  --quiet                      no line per finished contract, only the summary
  --no-color                   no colours (also NO_COLOR=1; FORCE_COLOR=1 forces them). On a terminal each
                               contract's line appears as it finishes, with a running count; in CI (CI set,
                               or no terminal) one plain line per contract
  --debug                      print the stack of an internal error
  --help                       this text

Before any contract, the gate checks that the API root answers and that the user (and admin and
supervisor) can log in: a refused login is exit 2 naming the user. Contracts tagged unconfirmed (endpoints the GWS
documentation does not describe) that fail are warnings unless --strict.
Every configuration problem is printed, one line each, before exit 2.

Ctrl-C (SIGINT) or SIGTERM stops the run in order: no further contract starts, the running one
finishes and restores the agent, the reports are written with the contracts that did not run marked
interrupted, and the exit code is 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once.

Exit codes: 0 every selected contract held, 1 a contract failed (or drift or flakiness the options
above make fatal), 2 usage or configuration error, 3 target unreachable, 4 internal error,
130 interrupted by SIGINT, 143 stopped by SIGTERM.`;

const REFUSED = /^--(admin-|supervisor-)?password(=.*)?$/;

/** `--shuffle` takes an optional seed: alone (last, or before another flag) it asks for a drawn one. */
function optionalSeed(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg !== '--shuffle') {
      out.push(arg);
      continue;
    }
    const next = args[i + 1];
    if (next === undefined || next.startsWith('--')) {
      out.push('--shuffle=');
    } else {
      out.push(`--shuffle=${next}`);
      i += 1;
    }
  }
  return out;
}

interface OutputFlags {
  readonly quiet?: boolean;
  readonly noColor?: boolean;
}

function parseFlags(args: readonly string[]): (GateFlags & OutputFlags) | 'help' {
  const refused = args.find((arg) => REFUSED.test(arg));
  if (refused !== undefined) {
    const role = /^--(admin|supervisor)-/.exec(refused)?.[1];
    const file = role === undefined ? '--password-file FILE or GWS_PASSWORD' : `--${role}-password-file FILE or GWS_${role.toUpperCase()}_PASSWORD`;
    throw new UsageError(`${refused.split('=')[0]} is refused: a password on the command line is visible to other users (use ${file})`);
  }
  const v = parseCommandLine('contract', optionalSeed(args), {
    'base-url': { type: 'string' },
    username: { type: 'string' },
    'password-file': { type: 'string' },
    'admin-username': { type: 'string' },
    'admin-password-file': { type: 'string' },
    'supervisor-username': { type: 'string' },
    'supervisor-password-file': { type: 'string' },
    'contact-center-id': { type: 'string' },
    'queue-uri': { type: 'string' },
    'openmedia-type': { type: 'string' },
    'tls-ca': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'tls-insecure-skip-verify': { type: 'boolean' },
    'tls-server-name': { type: 'string' },
    grep: { type: 'string' },
    tag: { type: 'string', multiple: true },
    reports: { type: 'string' },
    timeout: { type: 'string' },
    'latency-budget': { type: 'string' },
    'async-deadline': { type: 'string' },
    'http-status-strict': { type: 'boolean' },
    notifications: { type: 'string' },
    strict: { type: 'boolean' },
    record: { type: 'string' },
    compare: { type: 'string' },
    retries: { type: 'string' },
    shuffle: { type: 'string' },
    'require-feature': { type: 'string', multiple: true },
    'static-mock': { type: 'boolean' },
    'fail-on-flaky': { type: 'boolean' },
    quiet: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help === true) return 'help';
  return {
    ...(v['base-url'] !== undefined ? { baseUrl: v['base-url'] } : {}),
    ...(v.username !== undefined ? { username: v.username } : {}),
    ...(v['password-file'] !== undefined ? { passwordFile: v['password-file'] } : {}),
    ...(v['admin-username'] !== undefined ? { adminUsername: v['admin-username'] } : {}),
    ...(v['admin-password-file'] !== undefined ? { adminPasswordFile: v['admin-password-file'] } : {}),
    ...(v['supervisor-username'] !== undefined ? { supervisorUsername: v['supervisor-username'] } : {}),
    ...(v['supervisor-password-file'] !== undefined ? { supervisorPasswordFile: v['supervisor-password-file'] } : {}),
    ...(v['contact-center-id'] !== undefined ? { contactCenterId: v['contact-center-id'] } : {}),
    ...(v['queue-uri'] !== undefined ? { queueUri: v['queue-uri'] } : {}),
    ...(v['openmedia-type'] !== undefined ? { openmediaType: v['openmedia-type'] } : {}),
    ...(v['tls-ca'] !== undefined ? { tlsCa: v['tls-ca'] } : {}),
    ...(v['tls-cert'] !== undefined ? { tlsCert: v['tls-cert'] } : {}),
    ...(v['tls-key'] !== undefined ? { tlsKey: v['tls-key'] } : {}),
    ...(v['tls-insecure-skip-verify'] === true ? { tlsInsecureSkipVerify: true } : {}),
    ...(v['tls-server-name'] !== undefined ? { tlsServerName: v['tls-server-name'] } : {}),
    ...(v.grep !== undefined ? { grep: v.grep } : {}),
    ...(v.tag !== undefined ? { tags: v.tag } : {}),
    ...(v['require-feature'] !== undefined ? { requireFeatures: v['require-feature'] } : {}),
    ...(v['static-mock'] === true ? { staticMock: true } : {}),
    ...(v.reports !== undefined ? { reportsDir: v.reports } : {}),
    ...(v.timeout !== undefined ? { timeout: v.timeout } : {}),
    ...(v['latency-budget'] !== undefined ? { latencyBudget: v['latency-budget'] } : {}),
    ...(v['async-deadline'] !== undefined ? { asyncDeadline: v['async-deadline'] } : {}),
    ...(v['http-status-strict'] === true ? { httpStatusStrict: true } : {}),
    ...(v.notifications !== undefined ? { notifications: v.notifications } : {}),
    ...(v.strict === true ? { strict: true } : {}),
    ...(v.record !== undefined ? { record: v.record } : {}),
    ...(v.compare !== undefined ? { compare: v.compare } : {}),
    ...(v.retries !== undefined ? { retries: v.retries } : {}),
    ...(v.shuffle !== undefined ? { shuffle: v.shuffle } : {}),
    ...(v['fail-on-flaky'] === true ? { failOnFlaky: true } : {}),
    ...(v.quiet === true ? { quiet: true } : {}),
    ...(v['no-color'] === true ? { noColor: true } : {}),
  };
}

export async function run(args: string[]): Promise<number> {
  const flags = parseFlags(args);
  if (flags === 'help') {
    console.log(HELP);
    return EXIT.ok;
  }
  const config = loadGateConfig(flags);
  const stepSummaryFile = stepSummaryPath();
  const terminal = terminalOutput(flags, process.stdout.isTTY === true);
  const stop = onStopSignals((line) => console.error(line));
  stop.signal.addEventListener('abort', () => {
    console.error(`gwscheck contract: ${String(stop.signal.reason)}: no further contract starts; the running one finishes and restores the agent (a second signal exits at once)`);
  });
  if (config.order.kind === 'shuffled') console.log(`gwscheck contract: contracts shuffled with seed ${config.order.seed} (run the same order again with --shuffle ${config.order.seed})`);
  let outcome;
  try {
    // vitest and vite load only when contracts run: `--help` and a bad flag answer without them.
    const { runGate } = await import('../../gate/index.ts');
    outcome = await runGate(config, {
      stdout: (text) => process.stdout.write(text),
      progress: terminal.progress,
      color: terminal.color,
      interrupt: stop.signal,
      ...(stepSummaryFile !== undefined ? { stepSummaryFile } : {}),
    });
  } finally {
    // Until the process has exited, a second signal still means "now".
    if (!stop.signal.aborted) stop.dispose();
  }
  switch (outcome.kind) {
    case 'unreachable':
      throw new UnreachableError(outcome.message);
    case 'nothing-selected':
    case 'bad-input':
      throw new UsageError(outcome.message);
    case 'completed':
      console.log(`Reports: ${outcome.files.filter((f) => f !== stepSummaryFile).join(', ')}`);
      if (config.recordFile !== undefined) console.log(`Shapes recorded: ${config.recordFile}`);
      if (outcome.report.summary.interrupted !== undefined) {
        // Exit now: a worker whose contract outlived the grace must not go on driving the agent.
        process.exit(SIGNAL_EXIT[outcome.report.summary.interrupted.signal]);
      }
      return outcome.report.summary.verdict === 'held' ? EXIT.ok : EXIT.contractFailed;
  }
}
