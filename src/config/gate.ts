import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** A configuration value that is missing or malformed: one line naming it and what was expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Credentials of one GWS user. The password may be empty: GWS accepts `-u ksippo:` [src: MAR]. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** Where the gate sends its requests and as whom. */
export interface GateTarget {
  /** API root, e.g. http://host:8080/api/v2 (no trailing slash). */
  readonly baseUrl: string;
  readonly user: Credentials;
  /** Present only when admin credentials were configured; admin contracts are skipped otherwise. */
  readonly admin?: Credentials;
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
  /** A shape record to compare this run's shapes with (`--compare FILE`). */
  readonly compareFile?: string;
}

/** Command-line values; each one wins over its environment variable. */
export interface GateFlags {
  readonly baseUrl?: string;
  readonly username?: string;
  readonly passwordFile?: string;
  readonly adminUsername?: string;
  readonly adminPasswordFile?: string;
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
}

export type Environment = Readonly<Record<string, string | undefined>>;

const DEFAULT_TIMEOUT_MS = 5000;
const DEFAULT_ASYNC_DEADLINE_MS = 5000;
/** More reruns than this only hide a broken contract behind a long run. */
export const MAX_RETRIES = 10;
const TAG_PATTERN = /^[a-z][a-z0-9-]*$/;

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

function parsePositiveInt(value: string, source: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) {
    throw new ConfigError(`${source} "${value}" is not a positive whole number of ${what}`);
  }
  return Number(value);
}

function readPasswordFile(path: string, source: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${source} "${path}" cannot be read (${code}); expected a file holding the password`);
  }
  // A trailing newline is an editor artefact, never part of the password.
  return text.replace(/\r?\n$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Builds the target from flags and environment; undefined when no base URL is configured. */
export function loadGateTarget(flags: GateFlags, env: Environment): GateTarget | undefined {
  if (flags.baseUrl === undefined && env.GWS_BASE_URL === '') {
    // An unset CI secret must not turn a check of the real server into a run against the simulator.
    throw new ConfigError('GWS_BASE_URL is set but empty (expected the API root, e.g. http://host:8080/api/v2, or unset it to use the embedded simulator)');
  }
  const rawUrl = flags.baseUrl ?? nonEmpty(env.GWS_BASE_URL);
  if (rawUrl === undefined) {
    const credential = [
      flags.username !== undefined && '--username',
      flags.passwordFile !== undefined && '--password-file',
      flags.adminUsername !== undefined && '--admin-username',
      flags.adminPasswordFile !== undefined && '--admin-password-file',
      nonEmpty(env.GWS_USERNAME) !== undefined && 'GWS_USERNAME',
      nonEmpty(env.GWS_PASSWORD) !== undefined && 'GWS_PASSWORD',
      nonEmpty(env.GWS_ADMIN_USERNAME) !== undefined && 'GWS_ADMIN_USERNAME',
      nonEmpty(env.GWS_ADMIN_PASSWORD) !== undefined && 'GWS_ADMIN_PASSWORD',
    ].find((name): name is string => typeof name === 'string');
    if (credential !== undefined) {
      throw new ConfigError(`${credential} is set but GWS_BASE_URL is not (expected the API root of the server those credentials are for, e.g. http://host:8080/api/v2)`);
    }
    return undefined;
  }
  const baseUrl = parseBaseUrl(rawUrl, flags.baseUrl !== undefined ? '--base-url' : 'GWS_BASE_URL');
  const username = flags.username ?? nonEmpty(env.GWS_USERNAME);
  if (username === undefined) {
    throw new ConfigError('GWS_USERNAME is not set (expected the agent login to run as)');
  }
  const password =
    flags.passwordFile !== undefined ? readPasswordFile(flags.passwordFile, '--password-file') : (env.GWS_PASSWORD ?? '');
  const adminUsername = flags.adminUsername ?? nonEmpty(env.GWS_ADMIN_USERNAME);
  const adminPassword =
    flags.adminPasswordFile !== undefined
      ? readPasswordFile(flags.adminPasswordFile, '--admin-password-file')
      : env.GWS_ADMIN_PASSWORD;
  if (adminUsername === undefined && (flags.adminPasswordFile !== undefined || nonEmpty(adminPassword) !== undefined)) {
    throw new ConfigError('an admin password is set but GWS_ADMIN_USERNAME is not (expected both, or neither)');
  }
  const admin = adminUsername === undefined ? undefined : { username: adminUsername, password: adminPassword ?? '' };
  return Object.freeze({ baseUrl, user: Object.freeze({ username, password }), ...(admin ? { admin: Object.freeze(admin) } : {}) });
}

/** Validated, defaulted, frozen configuration of the contract gate. */
export function loadGateConfig(flags: GateFlags = {}, env: Environment = process.env): GateConfig {
  const target = loadGateTarget(flags, env);
  for (const tag of flags.tags ?? []) {
    if (!TAG_PATTERN.test(tag)) throw new ConfigError(`--tag "${tag}" is not a tag name (expected e.g. read-only, security, async, admin)`);
  }
  if (flags.grep !== undefined) {
    try {
      new RegExp(flags.grep);
    } catch {
      throw new ConfigError(`--grep "${flags.grep}" is not a valid regular expression`);
    }
  }
  const timeoutMs =
    flags.timeout !== undefined ? parsePositiveInt(flags.timeout, '--timeout', 'milliseconds') : DEFAULT_TIMEOUT_MS;
  const latencyBudgetMs =
    flags.latencyBudget !== undefined ? parsePositiveInt(flags.latencyBudget, '--latency-budget', 'milliseconds') : undefined;
  const asyncDeadlineMs =
    flags.asyncDeadline !== undefined
      ? parsePositiveInt(flags.asyncDeadline, '--async-deadline', 'milliseconds')
      : DEFAULT_ASYNC_DEADLINE_MS;
  let retries = 0;
  if (flags.retries !== undefined) {
    if (!/^\d+$/.test(flags.retries) || Number(flags.retries) > MAX_RETRIES) {
      throw new ConfigError(`--retries "${flags.retries}" is not a whole number from 0 to ${MAX_RETRIES}`);
    }
    retries = Number(flags.retries);
  }
  if (flags.record !== undefined) {
    const dir = dirname(flags.record);
    if (flags.record === '' || !existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new ConfigError(`--record "${flags.record}": directory "${dir}" does not exist (expected a file path in an existing directory)`);
    }
    if (existsSync(flags.record) && statSync(flags.record).isDirectory()) {
      throw new ConfigError(`--record "${flags.record}" is a directory (expected a file path)`);
    }
  }
  const reportsDir = flags.reportsDir ?? 'reports';
  try {
    // Checked before any contract runs: a report that cannot be written must not end a whole run.
    mkdirSync(reportsDir, { recursive: true });
    accessSync(reportsDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
    throw new ConfigError(`--reports "${reportsDir}" is not a writable directory (${code}); expected a directory for the report files`);
  }
  if (flags.compare === '') throw new ConfigError('--compare needs a file written by gwscheck contract --record');
  const notifications = flags.notifications ?? nonEmpty(env.GWS_NOTIFICATIONS) ?? 'auto';
  if (notifications !== 'auto' && notifications !== 'required' && notifications !== 'off') {
    const source = flags.notifications !== undefined ? '--notifications' : 'GWS_NOTIFICATIONS';
    throw new ConfigError(`${source} "${notifications}" is not one of auto, required, off`);
  }
  return Object.freeze({
    ...(target ? { target } : {}),
    notifications,
    ...(flags.grep !== undefined ? { grep: flags.grep } : {}),
    tags: Object.freeze([...(flags.tags ?? [])]),
    reportsDir,
    timeoutMs,
    ...(latencyBudgetMs !== undefined ? { latencyBudgetMs } : {}),
    httpStatusStrict: flags.httpStatusStrict ?? false,
    asyncDeadlineMs,
    strict: flags.strict ?? false,
    retries,
    failOnFlaky: flags.failOnFlaky ?? false,
    ...(flags.record !== undefined ? { recordFile: flags.record } : {}),
    ...(flags.compare !== undefined ? { compareFile: flags.compare } : {}),
  });
}

/** The GitHub Actions step-summary file, when the gate runs inside a workflow step. */
export function stepSummaryPath(env: Environment = process.env): string | undefined {
  return nonEmpty(env.GITHUB_STEP_SUMMARY);
}

/** How `gwscheck contract` talks to the person running it. */
export interface TerminalOutput {
  /** live: a terminal; plain: CI or a pipe (one line per contract, no escapes); off: --quiet. */
  readonly progress: 'live' | 'plain' | 'off';
  readonly color: boolean;
}

/**
 * Progress and colour from the flags, the environment and whether stdout is a terminal: `CI` set
 * means plain lines even on a terminal; colour follows --no-color, then NO_COLOR (no-color.org),
 * then FORCE_COLOR, then the terminal itself.
 */
export function terminalOutput(flags: { readonly quiet?: boolean; readonly noColor?: boolean }, isTTY: boolean, env: Environment = process.env): TerminalOutput {
  const forced = nonEmpty(env.FORCE_COLOR);
  const color =
    flags.noColor !== true &&
    nonEmpty(env.NO_COLOR) === undefined &&
    (forced !== undefined ? forced !== '0' && forced !== 'false' : isTTY && env.TERM !== 'dumb');
  const progress = flags.quiet === true ? 'off' : isTTY && nonEmpty(env.CI) === undefined ? 'live' : 'plain';
  return { progress, color };
}
