import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import cron from 'node-cron';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError, loadGateTarget, parseBaseUrl, type Credentials, type Environment } from './gate.ts';
import { parseSyntheticCall, syntheticCallSchema, type RawSyntheticCall, type SyntheticCallConfig } from './synthetic-call.ts';

/**
 * When a probe runs: every N seconds/minutes/hours (spread by the prober over the period), or a
 * six-field cron expression taken as written. node-cron's resolution is one second, so one
 * second is the shortest interval.
 */
export type ProbeSchedule =
  | { readonly kind: 'every'; readonly seconds: number; readonly text: string }
  | { readonly kind: 'cron'; readonly expression: string; readonly text: string };

export interface ProbeSettings {
  readonly schedule: ProbeSchedule;
  readonly timeoutMs: number;
}

/** The opt-in state-change probe, for an agent that exists only to be probed. */
export interface StateChangeConfig {
  readonly agent: Credentials;
  readonly schedule: ProbeSchedule;
  /** How long the new state may take to show before the run counts as `async_timeout`. */
  readonly settleTimeoutMs: number;
  /** Gap between two reads while waiting for the new state. */
  readonly pollIntervalMs: number;
  /** Per-request timeout of every request the probe sends. */
  readonly timeoutMs: number;
}

export interface ProberTarget {
  /** The `target` label value: a short name from the config, never a URL. */
  readonly name: string;
  readonly baseUrl: string;
  readonly user?: Credentials;
  /** Present only when admin credentials were configured; admin-only probes run only then. */
  readonly admin?: Credentials;
  /** Probe ids to run; undefined means every read-only probe of the catalog. */
  readonly include?: readonly string[];
  readonly exclude: readonly string[];
  /** Default schedule and timeout of this target's probes. */
  readonly defaults: ProbeSettings;
  /** Per-probe schedule and timeout, by probe id. */
  readonly probes: Readonly<Record<string, ProbeSettings>>;
  readonly maxBodyBytes: number;
  readonly stateChange?: StateChangeConfig;
  readonly syntheticCall?: SyntheticCallConfig;
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Everything `gwscheck probe` needs, validated and defaulted once. */
export interface ProberConfig {
  readonly listen: ListenAddress;
  readonly targets: readonly ProberTarget[];
  /** Where the targets came from, for the start-up line. */
  readonly source: 'file' | 'environment';
}

/** Command-line values; each one wins over the config file and the environment. */
export interface ProberFlags {
  readonly config?: string;
  readonly listen?: string;
  readonly interval?: string;
  readonly timeout?: string;
}

export interface LoadProberConfigOptions {
  readonly flags?: ProberFlags;
  readonly env?: Environment;
  /** The catalog's operations, to reject misspelt or state-changing probe ids at start-up. */
  readonly catalog?: readonly { readonly id: string; readonly readOnly: boolean }[];
}

export const PROBER_DEFAULTS = Object.freeze({
  listen: Object.freeze({ host: '127.0.0.1', port: 9464 }),
  interval: '15s',
  timeoutMs: 5000,
  maxBodyBytes: 1024 * 1024,
  settleTimeoutMs: 10_000,
  pollIntervalMs: 250,
  stateChangeInterval: '1m',
});

const TARGET_NAME = '^[A-Za-z_][A-Za-z0-9_.-]{0,62}$';
const DURATION = '^[0-9]+(ms|s|m|h)$';

const credentialsProperties = {
  username: { type: 'string', minLength: 1, description: 'a GWS login name' },
  passwordEnv: {
    type: 'string',
    pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
    description: 'the name of an environment variable holding the password',
  },
  passwordFile: { type: 'string', minLength: 1, description: 'the path of a file holding the password' },
} as const;

const scheduleSchema = { type: 'string', minLength: 1, description: 'e.g. 15s, 1m, or a six-field cron expression' };
const durationSchema = { type: 'string', pattern: DURATION, description: 'a duration such as 500ms, 5s or 1m' };

const probeSettingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { interval: scheduleSchema, timeout: durationSchema },
} as const;

const probeIdList = { type: 'array', items: { type: 'string', minLength: 1, description: 'a probe id' } } as const;

const CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['targets'],
  properties: {
    listen: { type: 'string', minLength: 1, description: 'host:port, e.g. 127.0.0.1:9464' },
    interval: scheduleSchema,
    timeout: durationSchema,
    maxBodyBytes: { type: 'integer', minimum: 1, description: 'a positive whole number of bytes' },
    probes: { type: 'object', additionalProperties: probeSettingsSchema, description: 'a map of probe id to {interval, timeout}' },
    targets: {
      type: 'array',
      minItems: 1,
      description: 'a list of targets',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'baseUrl'],
        properties: {
          name: { type: 'string', pattern: TARGET_NAME, description: 'a short name such as gws-a (letters, digits, _ . -)' },
          baseUrl: { type: 'string', minLength: 1, description: 'an http(s) URL such as http://host:8080/api/v2' },
          ...credentialsProperties,
          admin: {
            type: 'object',
            additionalProperties: false,
            required: ['username'],
            properties: credentialsProperties,
          },
          interval: scheduleSchema,
          timeout: durationSchema,
          maxBodyBytes: { type: 'integer', minimum: 1, description: 'a positive whole number of bytes' },
          include: probeIdList,
          exclude: probeIdList,
          probes: { type: 'object', additionalProperties: probeSettingsSchema, description: 'a map of probe id to {interval, timeout}' },
          stateChange: {
            type: 'object',
            additionalProperties: false,
            required: ['username'],
            properties: {
              enabled: { type: 'boolean' },
              ...credentialsProperties,
              interval: scheduleSchema,
              timeout: durationSchema,
              settleTimeout: durationSchema,
              pollInterval: durationSchema,
            },
          },
          syntheticCall: syntheticCallSchema({ credentials: credentialsProperties, schedule: scheduleSchema, duration: durationSchema }),
        },
      },
    },
  },
} as const;

interface RawCredentials {
  username?: string;
  passwordEnv?: string;
  passwordFile?: string;
}
interface RawProbeSettings {
  interval?: string;
  timeout?: string;
}
interface RawTarget extends RawCredentials {
  name: string;
  baseUrl: string;
  admin?: RawCredentials;
  interval?: string;
  timeout?: string;
  maxBodyBytes?: number;
  include?: string[];
  exclude?: string[];
  probes?: Record<string, RawProbeSettings>;
  stateChange?: RawCredentials & RawProbeSettings & { enabled?: boolean; settleTimeout?: string; pollInterval?: string };
  syntheticCall?: RawSyntheticCall;
}
interface RawConfig {
  listen?: string;
  interval?: string;
  timeout?: string;
  maxBodyBytes?: number;
  probes?: Record<string, RawProbeSettings>;
  targets: RawTarget[];
}

let validator: ReturnType<Ajv2020['compile']> | undefined;
function validateRaw(value: unknown): readonly ErrorObject[] {
  if (validator === undefined) {
    const ajv = new Ajv2020({ strict: true, allErrors: false, verbose: true });
    validator = ajv.compile(CONFIG_SCHEMA);
  }
  return validator(value) ? [] : (validator.errors ?? []);
}

/** `/targets/0/baseUrl` → `targets[0].baseUrl` */
function keyPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1);
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const raw of parts) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out === '' ? '(top level)' : out;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One line naming the key, the bad value and what was expected. */
function describeSchemaError(error: ErrorObject, file: string): string {
  const described = (error.parentSchema as { description?: string } | undefined)?.description;
  const prefix = `config ${file}:`;
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const schema = (error.schema) as readonly string[];
      return `${prefix} ${keyPath(error.instancePath, missing)} is missing (expected the keys ${schema.join(', ')})`;
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const where = keyPath(error.instancePath, extra);
      if (extra === 'password') {
        return `${prefix} ${where} is not allowed: passwords never go inline (expected passwordEnv or passwordFile)`;
      }
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return `${prefix} ${where} is not a known key (expected one of: ${known.join(', ')})`;
    }
    case 'type':
      return `${prefix} ${keyPath(error.instancePath)} ${show(error.data)} is not ${article(String(error.schema))}${described ? ` (expected ${described})` : ''}`;
    default:
      return `${prefix} ${keyPath(error.instancePath)} ${show(error.data)} is not valid (expected ${described ?? error.message ?? 'a valid value'})`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `5s`, `2m`, `1h` → milliseconds (positive). */
export function parseDuration(text: string, key: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  const ms = match ? Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0) : 0;
  if (!match || ms <= 0) {
    throw new ConfigError(`${key} "${text}" is not a duration (expected e.g. 500ms, 5s or 1m)`);
  }
  return ms;
}

/**
 * `15s`, `1m`, `2h` or a six-field cron expression. A shorthand must divide its unit evenly
 * (cron fields count from 0 in each minute/hour/day), so `45s` would not run every 45 s.
 */
export function parseSchedule(text: string, key: string): ProbeSchedule {
  const trimmed = text.trim();
  const shorthand = /^(\d+)(ms|s|m|h)$/.exec(trimmed);
  if (shorthand) {
    const seconds = (Number(shorthand[1]) * (UNIT_MS[shorthand[2] ?? ''] ?? 0)) / 1000;
    const expected =
      'expected 1s to 30s dividing 60 (e.g. 5s, 15s, 30s), 1m to 30m dividing 60, 1h to 12h dividing 24, or a six-field cron expression';
    if (seconds < 1) {
      throw new ConfigError(`${key} "${text}" is shorter than node-cron's one-second resolution (${expected})`);
    }
    if (!evenInterval(seconds)) {
      throw new ConfigError(`${key} "${text}" is not an interval the schedule can keep (${expected})`);
    }
    return Object.freeze({ kind: 'every', seconds, text: trimmed });
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 6) {
    throw new ConfigError(
      `${key} "${text}" is neither an interval nor a six-field cron expression (expected e.g. 15s, 1m or "*/15 * * * * *")`,
    );
  }
  const detail = cron.validateDetailed(trimmed);
  if (!detail.valid) {
    const first = detail.errors[0];
    throw new ConfigError(`${key} "${text}" is not a valid cron expression (${first ? `${first.field}: ${first.message}` : 'expected six fields, seconds first'})`);
  }
  return Object.freeze({ kind: 'cron', expression: trimmed, text: trimmed });
}

/** Cron fields count from 0 in each minute, hour and day, so only divisors repeat evenly. */
function evenInterval(seconds: number): boolean {
  if (!Number.isInteger(seconds)) return false;
  if (seconds < 60) return 60 % seconds === 0;
  if (seconds < 3600) return seconds % 60 === 0 && 60 % (seconds / 60) === 0;
  if (seconds < 86_400) return seconds % 3600 === 0 && 24 % (seconds / 3600) === 0;
  return false;
}

/** `host:port` or `[v6]:port`; port 0 asks the system for a free port. */
export function parseListen(text: string, key: string): ListenAddress {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  const host = match ? (match[1] ?? match[2] ?? '') : '';
  if (!match || host === '' || port > 65535) {
    throw new ConfigError(`${key} "${text}" is not host:port (expected e.g. 127.0.0.1:9464 or 0.0.0.0:9464; port 0 picks a free port)`);
  }
  return Object.freeze({ host, port });
}

function readPassword(raw: RawCredentials, key: string, env: Environment): string {
  if (raw.passwordEnv !== undefined && raw.passwordFile !== undefined) {
    throw new ConfigError(`${key} sets both passwordEnv and passwordFile (expected one of them)`);
  }
  if (raw.passwordEnv !== undefined) {
    const value = env[raw.passwordEnv];
    if (value === undefined) {
      throw new ConfigError(`${key}.passwordEnv "${raw.passwordEnv}" names an environment variable that is not set (expected it to hold the password; set it empty for an empty password)`);
    }
    return value;
  }
  if (raw.passwordFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(raw.passwordFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new ConfigError(`${key}.passwordFile "${raw.passwordFile}" cannot be read (${code}); expected a file holding the password`);
    }
    // A trailing newline is an editor artefact, never part of the password.
    return text.replace(/\r?\n$/, '');
  }
  throw new ConfigError(`${key} has a username but no password source (expected passwordEnv or passwordFile; an empty file or variable means an empty password)`);
}

function credentials(raw: RawCredentials | undefined, key: string, env: Environment): Credentials | undefined {
  if (raw?.username === undefined) {
    if (raw?.passwordEnv !== undefined || raw?.passwordFile !== undefined) {
      throw new ConfigError(`${key}.username is missing but a password source is set (expected both, or neither)`);
    }
    return undefined;
  }
  return Object.freeze({ username: raw.username, password: readPassword(raw, key, env) });
}

function settings(raw: RawProbeSettings | undefined, key: string, fallback: ProbeSettings): ProbeSettings {
  return Object.freeze({
    schedule: raw?.interval !== undefined ? parseSchedule(raw.interval, `${key}.interval`) : fallback.schedule,
    timeoutMs: raw?.timeout !== undefined ? parseDuration(raw.timeout, `${key}.timeout`) : fallback.timeoutMs,
  });
}

type Catalog = LoadProberConfigOptions['catalog'];

function checkProbeIds(ids: readonly string[], key: string, catalog: Catalog, readOnlyOnly = false): void {
  if (catalog === undefined) return;
  for (const id of ids) {
    const op = catalog.find((o) => o.id === id);
    if (op === undefined) {
      const known = catalog.filter((o) => o.readOnly).map((o) => o.id);
      throw new ConfigError(`${key} "${id}" is not a probe id (expected one of: ${known.join(', ')})`);
    }
    if (readOnlyOnly && !op.readOnly) {
      throw new ConfigError(`${key} "${id}" changes state (expected read-only operations; the agent-state probe is enabled with stateChange)`);
    }
  }
}

function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`--config "${file}" cannot be read (${code}); expected a YAML file`);
  }
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0].line;
      const first = error.message.split('\n')[0] ?? error.message;
      throw new ConfigError(`config ${file}:${line !== undefined ? ` line ${line}:` : ''} not valid YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    throw error;
  }
}

function fromFile(file: string, flags: ProberFlags, env: Environment, known: Catalog): ProberConfig {
  const data = readConfigFile(file);
  const errors = validateRaw(data);
  const first = errors[0];
  if (first !== undefined) throw new ConfigError(describeSchemaError(first, file));
  const raw = data as RawConfig;
  const at = (key: string): string => `config ${file}: ${key}`;

  const listen =
    flags.listen !== undefined
      ? parseListen(flags.listen, '--listen')
      : raw.listen !== undefined
        ? parseListen(raw.listen, at('listen'))
        : PROBER_DEFAULTS.listen;
  const globalDefaults: ProbeSettings = Object.freeze({
    schedule: parseSchedule(flags.interval ?? raw.interval ?? PROBER_DEFAULTS.interval, flags.interval !== undefined ? '--interval' : at('interval')),
    timeoutMs:
      flags.timeout !== undefined
        ? parseDuration(flags.timeout, '--timeout')
        : raw.timeout !== undefined
          ? parseDuration(raw.timeout, at('timeout'))
          : PROBER_DEFAULTS.timeoutMs,
  });
  const globalProbes = raw.probes ?? {};
  checkProbeIds(Object.keys(globalProbes), at('probes'), known);

  const names = new Set<string>();
  const targets = raw.targets.map((t, index): ProberTarget => {
    const key = at(`targets[${index}]`);
    if (names.has(t.name)) throw new ConfigError(`${key}.name "${t.name}" is used twice (expected a unique name per target)`);
    names.add(t.name);
    const baseUrl = parseBaseUrl(t.baseUrl, `${key}.baseUrl`);
    const user = credentials(t, key, env);
    const admin = credentials(t.admin, `${key}.admin`, env);
    // Flags win over the file: --interval and --timeout set every probe's default.
    const defaults: ProbeSettings = Object.freeze({
      schedule: flags.interval === undefined && t.interval !== undefined ? parseSchedule(t.interval, `${key}.interval`) : globalDefaults.schedule,
      timeoutMs: flags.timeout === undefined && t.timeout !== undefined ? parseDuration(t.timeout, `${key}.timeout`) : globalDefaults.timeoutMs,
    });
    const probes: Record<string, ProbeSettings> = {};
    for (const [id, value] of Object.entries(globalProbes)) probes[id] = settings(value, at(`probes.${id}`), defaults);
    for (const [id, value] of Object.entries(t.probes ?? {})) {
      probes[id] = settings(value, `${key}.probes.${id}`, probes[id] ?? defaults);
    }
    checkProbeIds(Object.keys(t.probes ?? {}), `${key}.probes`, known);
    checkProbeIds(t.include ?? [], `${key}.include`, known, true);
    checkProbeIds(t.exclude ?? [], `${key}.exclude`, known);
    let stateChange: StateChangeConfig | undefined;
    const sc = t.stateChange;
    if (sc !== undefined && sc.enabled !== false) {
      const agent = credentials(sc, `${key}.stateChange`, env);
      if (agent === undefined) throw new ConfigError(`${key}.stateChange.username is missing (expected the dedicated test agent's login)`);
      if (user !== undefined && agent.username === user.username) {
        throw new ConfigError(`${key}.stateChange.username "${agent.username}" is the probe user (expected a dedicated test agent that no person logs in as)`);
      }
      stateChange = Object.freeze({
        agent,
        schedule: parseSchedule(sc.interval ?? PROBER_DEFAULTS.stateChangeInterval, `${key}.stateChange.interval`),
        timeoutMs: sc.timeout !== undefined ? parseDuration(sc.timeout, `${key}.stateChange.timeout`) : defaults.timeoutMs,
        settleTimeoutMs: sc.settleTimeout !== undefined ? parseDuration(sc.settleTimeout, `${key}.stateChange.settleTimeout`) : PROBER_DEFAULTS.settleTimeoutMs,
        pollIntervalMs: sc.pollInterval !== undefined ? parseDuration(sc.pollInterval, `${key}.stateChange.pollInterval`) : PROBER_DEFAULTS.pollIntervalMs,
      });
    }
    const syntheticCall = parseSyntheticCall(t.syntheticCall, key, {
      parse: { credentials: (raw, at) => credentials(raw, at, env), schedule: parseSchedule, duration: parseDuration },
      requestTimeoutMs: defaults.timeoutMs,
      ...(user ? { userName: user.username } : {}),
    });
    return Object.freeze({
      name: t.name,
      baseUrl,
      ...(user ? { user } : {}),
      ...(admin ? { admin } : {}),
      ...(t.include !== undefined ? { include: Object.freeze([...t.include]) } : {}),
      exclude: Object.freeze([...(t.exclude ?? [])]),
      defaults,
      probes: Object.freeze(probes),
      maxBodyBytes: t.maxBodyBytes ?? raw.maxBodyBytes ?? PROBER_DEFAULTS.maxBodyBytes,
      ...(stateChange ? { stateChange } : {}),
      ...(syntheticCall ? { syntheticCall } : {}),
    });
  });
  return Object.freeze({ listen, targets: Object.freeze(targets), source: 'file' });
}

/** A target built from GWS_BASE_URL, GWS_USERNAME, GWS_PASSWORD (and GWS_ADMIN_*), named "default". */
function fromEnvironment(flags: ProberFlags, env: Environment): ProberConfig | undefined {
  const target = loadGateTarget({}, env);
  if (target === undefined) return undefined;
  const defaults: ProbeSettings = Object.freeze({
    schedule: parseSchedule(flags.interval ?? PROBER_DEFAULTS.interval, flags.interval !== undefined ? '--interval' : 'interval'),
    timeoutMs: flags.timeout !== undefined ? parseDuration(flags.timeout, '--timeout') : PROBER_DEFAULTS.timeoutMs,
  });
  const probeTarget: ProberTarget = Object.freeze({
    name: 'default',
    baseUrl: target.baseUrl,
    user: target.user,
    ...(target.admin ? { admin: target.admin } : {}),
    exclude: Object.freeze([]),
    defaults,
    probes: Object.freeze({}),
    maxBodyBytes: PROBER_DEFAULTS.maxBodyBytes,
  });
  return Object.freeze({
    listen: flags.listen !== undefined ? parseListen(flags.listen, '--listen') : PROBER_DEFAULTS.listen,
    targets: Object.freeze([probeTarget]),
    source: 'environment',
  });
}

/**
 * The prober's configuration from `--config FILE` or, without one, from GWS_BASE_URL and friends.
 * Returns undefined when neither names a target (the CLI then needs --simulator).
 * Throws ConfigError (one line) on anything malformed.
 */
export function loadProberConfig(options: LoadProberConfigOptions = {}): ProberConfig | undefined {
  const flags = options.flags ?? {};
  const env = options.env ?? process.env;
  if (flags.config !== undefined) return fromFile(flags.config, flags, env, options.catalog);
  return fromEnvironment(flags, env);
}

/** A config for targets built in code (the embedded simulator, tests), with the usual defaults. */
export function proberTarget(
  fields: Pick<ProberTarget, 'name' | 'baseUrl'> & Partial<Omit<ProberTarget, 'name' | 'baseUrl'>>,
): ProberTarget {
  return Object.freeze({
    exclude: Object.freeze([]),
    defaults: Object.freeze({ schedule: parseSchedule(PROBER_DEFAULTS.interval, 'interval'), timeoutMs: PROBER_DEFAULTS.timeoutMs }),
    probes: Object.freeze({}),
    maxBodyBytes: PROBER_DEFAULTS.maxBodyBytes,
    ...fields,
  });
}
