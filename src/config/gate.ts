import { ConfigError, Problems } from './errors.ts';
import { loadMultimediaTarget, refuseMultimediaWithoutServer, type MultimediaTarget } from './multimedia-target.ts';
import { STABLE_ORDER, parseOrder, type ContractOrder } from './order.ts';
import { checkOutputFile, checkReportsDirectory, readPasswordFile } from './files.ts';
import { loadTls, TLS_FLAGS, type RawTls, type TlsSettings } from './tls.ts';
import { parseDuration, parseWholeNumber, type DurationRule } from './values.ts';

/** Credentials of one GWS user. The password may be empty: GWS accepts `-u ksippo:` [src: MAR]. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Where the gate sends its requests and as whom; without a contact center id, a queue or a media
 * type the contracts that need one are skipped, saying which.
 */
export interface GateTarget extends MultimediaTarget {
  /** API root, e.g. http://host:8080/api/v2 (no trailing slash). */
  readonly baseUrl: string;
  /** https settings from the --tls-* flags. */
  readonly tls?: TlsSettings;
  readonly user: Credentials;
  /** Present only when admin credentials were configured; admin contracts are skipped otherwise. */
  readonly admin?: Credentials;
  /** Present only when supervisor credentials were configured; monitoring contracts are skipped otherwise. */
  readonly supervisor?: Credentials;
}

/** Everything `gwscheck contract` needs, validated and defaulted once. */
export interface GateConfig {
  /** Undefined when GWS_BASE_URL is not set: the gate then runs against the embedded simulator. */
  readonly target?: GateTarget;
  readonly grep?: string;
  readonly tags: readonly string[];
  readonly reportsDir: string;
  /** Per-request timeout. */
  readonly timeoutMs: number;
  /** Overrides every catalog entry's latency budget when set. */
  readonly latencyBudgetMs?: number;
  /** Also check the HTTP status beside a non-zero statusCode against the project's table. */
  readonly httpStatusStrict: boolean;
  /** How long an asynchronous operation may take to show its state. */
  readonly asyncDeadlineMs: number;
  /** How asynchronous outcomes are observed: CometD notifications, falling back to polling (auto), only notifications (required), only polling (off). */
  readonly notifications: 'auto' | 'required' | 'off';
  /** Additive drift (an attribute or open-list value the schema does not know) fails too. */
  readonly strict: boolean;
  /** How often a failed contract is run again (0: never). */
  readonly retries: number;
  /** A contract that passed only on a retry fails the gate. */
  readonly failOnFlaky: boolean;
  /** Where to write the observed response shapes (`--record FILE`). */
  readonly recordFile?: string;
  /** The order the contracts run in (`--shuffle [SEED]`). */
  readonly order: ContractOrder;
  /** A shape record to compare this run's shapes with (`--compare FILE`). */
  readonly compareFile?: string;
  /** Features the server must enable (`--require-feature`): one it does not is a configuration error. */
  readonly requiredFeatures: readonly string[];
  /** The target is a static mock (`--static-mock`): contracts that need a server with state are skipped. */
  readonly staticMock: boolean;
}

/** Command-line values; each one wins over its environment variable. */
export interface GateFlags extends MultimediaTarget {
  readonly baseUrl?: string;
  readonly username?: string;
  readonly passwordFile?: string;
  readonly adminUsername?: string;
  readonly adminPasswordFile?: string;
  readonly supervisorUsername?: string;
  readonly supervisorPasswordFile?: string;
  readonly tlsCa?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly tlsInsecureSkipVerify?: boolean;
  readonly tlsServerName?: string;
  readonly grep?: string;
  readonly tags?: readonly string[];
  readonly reportsDir?: string;
  readonly timeout?: string;
  readonly latencyBudget?: string;
  readonly httpStatusStrict?: boolean;
  readonly asyncDeadline?: string;
  readonly notifications?: string;
  readonly strict?: boolean;
  readonly retries?: string;
  readonly failOnFlaky?: boolean;
  readonly record?: string;
  readonly compare?: string;
  /** `--shuffle [SEED]`: '' when given without a seed. */
  readonly shuffle?: string;
  readonly requireFeatures?: readonly string[];
  readonly staticMock?: boolean;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/** The gate's time flags took milliseconds before they took units; a bare number still means that. */
const GATE_DURATION: DurationRule = { bareMilliseconds: true };
const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_ASYNC_DEADLINE_MS = 5000;
/** More reruns than this only hide a broken contract behind a long run. */
export const MAX_RETRIES = 10;
const TAG_PATTERN = /^[a-z][a-z0-9-]*$/;
/** A GWS feature name, as the operation pages list them: `api-voice`, `api-multimedia` [src: Features 8.5.1]. */
const FEATURE_PATTERN = /^[a-z][a-z0-9-]*$/;

/** Validates an API root; returns it without a trailing slash. */
export function parseBaseUrl(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${source} "${value}" is not an http(s) URL (expected e.g. http://host:8080/api/v2)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source} "${value}" is not an http(s) URL (expected e.g. http://host:8080/api/v2)`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(`${source} must not carry credentials in the URL (use GWS_USERNAME and GWS_PASSWORD or --password-file)`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${source} "${value}" must be the API root without query or fragment (expected e.g. http://host:8080/api/v2)`);
  }
  return url.toString().replace(/\/+$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The --tls-* flags as a TLS block; undefined when none is set. */
function tlsFlagsOf(flags: GateFlags): RawTls | undefined {
  const raw: RawTls = {
    ...(flags.tlsCa !== undefined ? { ca: flags.tlsCa } : {}),
    ...(flags.tlsCert !== undefined ? { cert: flags.tlsCert } : {}),
    ...(flags.tlsKey !== undefined ? { key: flags.tlsKey } : {}),
    ...(flags.tlsInsecureSkipVerify === true ? { insecureSkipVerify: true } : {}),
    ...(flags.tlsServerName !== undefined ? { serverName: flags.tlsServerName } : {}),
  };
  return Object.keys(raw).length === 0 ? undefined : raw;
}

/** The first credential flag or variable that is set, for the "no base URL" message. */
function firstCredentialSource(flags: GateFlags, env: Environment): string | undefined {
  return [
    flags.username !== undefined && '--username',
    flags.passwordFile !== undefined && '--password-file',
    flags.adminUsername !== undefined && '--admin-username',
    flags.adminPasswordFile !== undefined && '--admin-password-file',
    flags.supervisorUsername !== undefined && '--supervisor-username',
    flags.supervisorPasswordFile !== undefined && '--supervisor-password-file',
    nonEmpty(env.GWS_USERNAME) !== undefined && 'GWS_USERNAME',
    nonEmpty(env.GWS_PASSWORD) !== undefined && 'GWS_PASSWORD',
    nonEmpty(env.GWS_ADMIN_USERNAME) !== undefined && 'GWS_ADMIN_USERNAME',
    nonEmpty(env.GWS_ADMIN_PASSWORD) !== undefined && 'GWS_ADMIN_PASSWORD',
    nonEmpty(env.GWS_SUPERVISOR_USERNAME) !== undefined && 'GWS_SUPERVISOR_USERNAME',
    nonEmpty(env.GWS_SUPERVISOR_PASSWORD) !== undefined && 'GWS_SUPERVISOR_PASSWORD',
  ].find((name): name is string => typeof name === 'string');
}

/**
 * An optional second login (the admin, the supervisor): its name from the flag or GWS_<ROLE>_USERNAME,
 * its password from the file or GWS_<ROLE>_PASSWORD; a password without a name is a problem.
 */
function optionalLogin(
  problems: Problems,
  role: 'admin' | 'supervisor',
  usernameFlag: string | undefined,
  passwordFile: string | undefined,
  envUsername: string | undefined,
  envPassword: string | undefined,
): Credentials | undefined {
  const username = usernameFlag ?? nonEmpty(envUsername);
  const password = passwordFile !== undefined ? problems.check(() => readPasswordFile(passwordFile, `--${role}-password-file`)) : envPassword;
  if (username === undefined && (passwordFile !== undefined || nonEmpty(password) !== undefined)) {
    problems.add(`${role === 'admin' ? 'an admin' : 'a supervisor'} password is set but GWS_${role.toUpperCase()}_USERNAME is not (expected both, or neither)`);
  }
  return username === undefined ? undefined : { username, password: password ?? '' };
}

/**
 * Builds the target from flags and environment; undefined when no base URL is configured.
 * Throws one ConfigError listing every problem.
 */
export function loadGateTarget(flags: GateFlags, env: Environment): GateTarget | undefined {
  if (flags.baseUrl === undefined && env.GWS_BASE_URL === '') {
    // An unset CI secret must not turn a check of the real server into a run against the simulator.
    throw new ConfigError('GWS_BASE_URL is set but empty (expected the API root, e.g. http://host:8080/api/v2, or unset it to use the embedded simulator)');
  }
  const rawUrl = flags.baseUrl ?? nonEmpty(env.GWS_BASE_URL);
  if (rawUrl === undefined) {
    const credential = firstCredentialSource(flags, env);
    if (credential !== undefined) {
      throw new ConfigError(`${credential} is set but GWS_BASE_URL is not (expected the API root of the server those credentials are for, e.g. http://host:8080/api/v2)`);
    }
    if (tlsFlagsOf(flags) !== undefined) throw new ConfigError('--tls-* flags are set but GWS_BASE_URL is not (expected the https API root they are for; the embedded simulator needs none)');
    refuseMultimediaWithoutServer(flags, env);
    return undefined;
  }
  const problems = new Problems();
  const baseUrl = problems.check(() => parseBaseUrl(rawUrl, flags.baseUrl !== undefined ? '--base-url' : 'GWS_BASE_URL'));
  const tls = loadTls(tlsFlagsOf(flags), TLS_FLAGS, problems);
  const username = flags.username ?? nonEmpty(env.GWS_USERNAME);
  // Who to log in as is asked only once there is a server to log in to.
  if (username === undefined && baseUrl !== undefined) problems.add('GWS_USERNAME is not set (expected the agent login to run as)');
  const password = flags.passwordFile !== undefined
    ? problems.check(() => readPasswordFile(flags.passwordFile ?? '', '--password-file'))
    : (env.GWS_PASSWORD ?? '');
  const admin = optionalLogin(problems, 'admin', flags.adminUsername, flags.adminPasswordFile, env.GWS_ADMIN_USERNAME, env.GWS_ADMIN_PASSWORD);
  const supervisor = optionalLogin(problems, 'supervisor', flags.supervisorUsername, flags.supervisorPasswordFile, env.GWS_SUPERVISOR_USERNAME, env.GWS_SUPERVISOR_PASSWORD);
  const multimedia = loadMultimediaTarget(flags, env, problems);
  problems.throwIfAny();
  if (baseUrl === undefined || username === undefined || password === undefined) return undefined;
  return Object.freeze({
    baseUrl,
    ...(tls ? { tls } : {}),
    user: Object.freeze({ username, password }),
    ...(admin ? { admin: Object.freeze(admin) } : {}),
    ...(supervisor ? { supervisor: Object.freeze(supervisor) } : {}),
    ...multimedia,
  });
}

function checkGrep(pattern: string): string {
  try {
    new RegExp(pattern);
  } catch {
    throw new ConfigError(`--grep "${pattern}" is not a valid regular expression`);
  }
  return pattern;
}

function checkNotifications(flags: GateFlags, env: Environment): GateConfig['notifications'] {
  const notifications = flags.notifications ?? nonEmpty(env.GWS_NOTIFICATIONS) ?? 'auto';
  if (notifications !== 'auto' && notifications !== 'required' && notifications !== 'off') {
    const source = flags.notifications !== undefined ? '--notifications' : 'GWS_NOTIFICATIONS';
    throw new ConfigError(`${source} "${notifications}" is not one of auto, required, off`);
  }
  return notifications;
}

/**
 * Validated, defaulted, frozen configuration of the contract gate. Every problem of the flags and
 * the environment is collected and thrown as one ConfigError, one line each.
 */
export function loadGateConfig(flags: GateFlags = {}, env: Environment = process.env): GateConfig {
  const problems = new Problems();
  const target = problems.check(() => loadGateTarget(flags, env));
  for (const tag of flags.tags ?? []) {
    if (!TAG_PATTERN.test(tag)) problems.add(`--tag "${tag}" is not a tag name (expected e.g. read-only, security, async, admin)`);
  }
  const duration = (text: string | undefined, key: string, fallback: number): number | undefined =>
    text === undefined ? fallback : problems.check(() => parseDuration(text, key, GATE_DURATION));
  if (flags.grep !== undefined) problems.check(() => checkGrep(flags.grep ?? ''));
  const timeoutMs = duration(flags.timeout, '--timeout', DEFAULT_TIMEOUT_MS);
  const latencyBudgetMs = flags.latencyBudget === undefined ? undefined : duration(flags.latencyBudget, '--latency-budget', 0);
  const asyncDeadlineMs = duration(flags.asyncDeadline, '--async-deadline', DEFAULT_ASYNC_DEADLINE_MS);
  const retries = flags.retries === undefined ? 0 : problems.check(() => parseWholeNumber(flags.retries ?? '', '--retries', 0, MAX_RETRIES));
  if (flags.record !== undefined) problems.check(() => checkOutputFile(flags.record ?? '', '--record'));
  const reportsDir = flags.reportsDir ?? 'reports';
  problems.check(() => checkReportsDirectory(reportsDir, '--reports'));
  if (flags.compare === '') problems.add('--compare needs a file written by gwscheck contract --record');
  const notifications = problems.check(() => checkNotifications(flags, env));
  const order = problems.check(() => parseOrder(flags.shuffle));
  const fromFlags = flags.requireFeatures ?? [];
  const fromEnv = nonEmpty(env.GWS_REQUIRE_FEATURES)?.split(',').map((f) => f.trim()) ?? [];
  for (const [source, features] of [['--require-feature', fromFlags], ['GWS_REQUIRE_FEATURES', fromEnv]] as const) {
    for (const feature of features) {
      if (!FEATURE_PATTERN.test(feature)) problems.add(`${source} "${feature}" is not a feature name (expected e.g. api-voice, api-multimedia)`);
    }
  }
  const requiredFeatures = [...fromFlags, ...fromEnv];
  problems.throwIfAny();
  return Object.freeze({
    ...(target ? { target } : {}),
    notifications: notifications ?? 'auto',
    ...(flags.grep !== undefined ? { grep: flags.grep } : {}),
    tags: Object.freeze([...(flags.tags ?? [])]),
    reportsDir,
    timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(latencyBudgetMs !== undefined ? { latencyBudgetMs } : {}),
    httpStatusStrict: flags.httpStatusStrict ?? false,
    asyncDeadlineMs: asyncDeadlineMs ?? DEFAULT_ASYNC_DEADLINE_MS,
    strict: flags.strict ?? false,
    retries: retries ?? 0,
    failOnFlaky: flags.failOnFlaky ?? false,
    ...(flags.record !== undefined ? { recordFile: flags.record } : {}),
    ...(flags.compare !== undefined ? { compareFile: flags.compare } : {}),
    order: order ?? STABLE_ORDER,
    requiredFeatures: Object.freeze([...new Set(requiredFeatures)]),
    staticMock: flags.staticMock ?? false,
  });
}
