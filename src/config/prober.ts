import { ConfigError, Problems } from './errors.ts';
import { FileReader } from './file-reader.ts';
import { credentials } from './files.ts';
import { loadGateTarget, parseBaseUrl, type Credentials, type Environment } from './gate.ts';
import { isObject, readConfigFile, TARGET_NAME, schemaProblems, type RawConfig, type RawCredentials, type RawTarget } from './prober-schema.ts';
import { loadTls, tlsKeys, type TlsSettings } from './tls.ts';
import { parseSyntheticCall, type SyntheticCallConfig } from './synthetic-call.ts';
import { parseSyntheticChat, type SyntheticChatConfig } from './synthetic-chat.ts';
import { parseFlags, type FlagValues, type ProberFlags } from './prober-flags.ts';
import { RESULTS_PAGES_DEFAULTS, resultsPagesOf, withResultsFlags, type ResultsPagesConfig } from './results-pages.ts';
import { parseDuration, parseListen, parseSchedule, type ListenAddress, type ProbeSchedule, type Shard } from './values.ts';

export type { ProberFlags } from './prober-flags.ts';

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
  /** https settings: CA, client certificate, verification, server name. */
  readonly tls?: TlsSettings;
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
  /** The opt-in synthetic-call probe of this target. */
  readonly syntheticCall?: SyntheticCallConfig;
  /** The contact center's id, the Customer Chat API's ContactCenterId header [src: CustomerChatRequestChat]. */
  readonly contactCenterId?: string;
  /** The opt-in synthetic-chat probe of this target. */
  readonly syntheticChat?: SyntheticChatConfig;
}

/** Everything `gwscheck probe` needs, validated and defaulted once. */
export interface ProberConfig {
  readonly listen: ListenAddress;
  /** Empty when the targets are an embedded simulator's, started later. */
  readonly targets: readonly ProberTarget[];
  /** Where the targets come from, for the start-up line. */
  readonly source: 'file' | 'environment' | 'simulator';
  /** Schedule and timeout of a probe nothing else configures (after --interval and --timeout). */
  readonly defaults: ProbeSettings;
  /** This replica's share of the probes; undefined runs them all. */
  readonly shard?: Shard;
  /**
   * As the gate's --strict: additive drift fails a probe, and an unconfirmed endpoint the server
   * does not have fails instead of being not applicable.
   */
  readonly strict: boolean;
  /** What the results pages keep, or that they are off. */
  readonly results: ResultsPagesConfig;
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

function defaultSettings(): ProbeSettings {
  return Object.freeze({ schedule: parseSchedule(PROBER_DEFAULTS.interval, 'interval'), timeoutMs: PROBER_DEFAULTS.timeoutMs });
}

type Catalog = LoadProberConfigOptions['catalog'];

function checkProbeIds(ids: readonly string[], key: string, catalog: Catalog, problems: Problems, readOnlyOnly = false): void {
  if (catalog === undefined) return;
  for (const id of ids) {
    const op = catalog.find((o) => o.id === id);
    if (op === undefined) {
      const known = catalog.filter((o) => o.readOnly).map((o) => o.id);
      problems.add(`${key} "${id}" is not a probe id (expected one of: ${known.join(', ')})`);
    } else if (readOnlyOnly && !op.readOnly) {
      problems.add(`${key} "${id}" changes state (expected read-only operations; the agent-state probe is enabled with stateChange)`);
    }
  }
}

function stateChangeOf(t: RawTarget, key: string, r: FileReader, env: Environment, user: Credentials | undefined, defaults: ProbeSettings): StateChangeConfig | undefined {
  const sc = t.stateChange;
  if (sc === undefined || sc.enabled === false) return undefined;
  const agent = r.problems.check(() => credentials(sc, r.at(`${key}.stateChange`), env));
  if (agent !== undefined && user !== undefined && agent.username === user.username) {
    r.problems.add(`${r.at(`${key}.stateChange.username`)} "${agent.username}" is the probe user (expected a dedicated test agent that no person logs in as)`);
  }
  const schedule = r.schedule(sc.interval ?? PROBER_DEFAULTS.stateChangeInterval, `${key}.stateChange.interval`, defaults.schedule);
  const timeoutMs = r.duration(sc.timeout, `${key}.stateChange.timeout`, defaults.timeoutMs);
  const settleTimeoutMs = r.duration(sc.settleTimeout, `${key}.stateChange.settleTimeout`, PROBER_DEFAULTS.settleTimeoutMs);
  const pollIntervalMs = r.duration(sc.pollInterval, `${key}.stateChange.pollInterval`, PROBER_DEFAULTS.pollIntervalMs);
  return agent === undefined ? undefined : Object.freeze({ agent, schedule, timeoutMs, settleTimeoutMs, pollIntervalMs });
}

function targetOf(t: RawTarget, index: number, raw: RawConfig, r: FileReader, flags: FlagValues, globals: ProbeSettings, env: Environment, known: Catalog): ProberTarget {
  const key = `targets[${index}]`;
  const baseUrl = r.problems.check(() => parseBaseUrl(t.baseUrl, r.at(`${key}.baseUrl`))) ?? t.baseUrl;
  const tls = loadTls(t.tls, tlsKeys(`${key}.tls`), r.problems, `${r.where} `);
  const user = r.problems.check(() => credentials(t, r.at(key), env));
  const admin = r.problems.check(() => credentials(t.admin, r.at(`${key}.admin`), env));
  // Flags win over the file: --interval and --timeout set every probe's default.
  const defaults: ProbeSettings = Object.freeze({
    schedule: flags.schedule ?? r.schedule(t.interval, `${key}.interval`, globals.schedule),
    timeoutMs: flags.timeoutMs ?? r.duration(t.timeout, `${key}.timeout`, globals.timeoutMs),
  });
  // A Map, then own properties: a probe id such as `__proto__` stays a key, never a prototype.
  const probes = new Map<string, ProbeSettings>();
  for (const [id, value] of Object.entries(raw.probes ?? {})) probes.set(id, r.settings(value, `probes.${id}`, defaults));
  for (const [id, value] of Object.entries(t.probes ?? {})) probes.set(id, r.settings(value, `${key}.probes.${id}`, probes.get(id) ?? defaults));
  checkProbeIds(Object.keys(t.probes ?? {}), r.at(`${key}.probes`), known, r.problems);
  checkProbeIds(t.include ?? [], r.at(`${key}.include`), known, r.problems, true);
  checkProbeIds(t.exclude ?? [], r.at(`${key}.exclude`), known, r.problems);
  const stateChange = stateChangeOf(t, key, r, env, user, defaults);
  // The opt-in interaction probes read their blocks alike; each needs an agent other than the probe user.
  const parse = { credentials: (raw: RawCredentials, at: string) => credentials(raw, at, env), schedule: parseSchedule, duration: parseDuration };
  const opted = { parse, requestTimeoutMs: defaults.timeoutMs, userName: user?.username };
  const syntheticCall = r.problems.check(() => parseSyntheticCall(t.syntheticCall, r.at(key), opted));
  const syntheticChat = r.problems.check(() => parseSyntheticChat(t.syntheticChat, r.at(key), { ...opted, contactCenterId: t.contactCenterId }));
  return Object.freeze({
    name: t.name,
    baseUrl,
    ...(tls ? { tls } : {}),
    ...(user ? { user } : {}),
    ...(admin ? { admin } : {}),
    ...(t.include !== undefined ? { include: Object.freeze([...t.include]) } : {}),
    exclude: Object.freeze([...(t.exclude ?? [])]),
    defaults,
    probes: Object.freeze(Object.fromEntries(probes)),
    maxBodyBytes: t.maxBodyBytes ?? raw.maxBodyBytes ?? PROBER_DEFAULTS.maxBodyBytes,
    ...(stateChange ? { stateChange } : {}),
    ...(syntheticCall ? { syntheticCall } : {}),
    ...(t.contactCenterId !== undefined ? { contactCenterId: t.contactCenterId } : {}),
    ...(syntheticChat ? { syntheticChat } : {}),
  });
}

type SourcedConfig = Omit<ProberConfig, 'shard' | 'strict' | 'results'> & { readonly strict?: boolean; readonly results?: ResultsPagesConfig };

function fromFile(file: string, flags: FlagValues, problems: Problems, env: Environment, known: Catalog): SourcedConfig {
  const data = readConfigFile(file);
  const where = `config ${file}:`;
  const schema = schemaProblems(data, where);
  problems.add(...schema.lines);
  const r = new FileReader(where, problems, schema.pointers);
  const raw = (isObject(data) ? data : {}) as Partial<RawConfig>;
  const listen = flags.listen ?? (raw.listen !== undefined && r.usable('/listen') ? problems.check(() => parseListen(raw.listen ?? '', r.at('listen'))) : undefined);
  const fallback = defaultSettings();
  const globals: ProbeSettings = Object.freeze({
    schedule: flags.schedule ?? (r.usable('/interval') ? r.schedule(raw.interval, 'interval', fallback.schedule) : fallback.schedule),
    timeoutMs: flags.timeoutMs ?? (r.usable('/timeout') ? r.duration(raw.timeout, 'timeout', fallback.timeoutMs) : fallback.timeoutMs),
  });
  if (!r.usable('/probes')) delete raw.probes;
  checkProbeIds(Object.keys(raw.probes ?? {}), r.at('probes'), known, problems);
  const names = new Set<string>();
  const targets: ProberTarget[] = [];
  (Array.isArray(raw.targets) ? raw.targets : []).forEach((t, index) => {
    if (!r.usable(`/targets/${index}`)) return;
    if (names.has(t.name)) problems.add(`${r.at(`targets[${index}].name`)} "${t.name}" is used twice (expected a unique name per target)`);
    names.add(t.name);
    targets.push(targetOf(t, index, raw as RawConfig, r, flags, globals, env, known));
  });
  const strict = r.usable('/strict') && raw.strict === true;
  const results = resultsPagesOf(r.usable('/resultsPages') ? raw.resultsPages : undefined, (key) => r.at(key), problems);
  return { listen: listen ?? PROBER_DEFAULTS.listen, targets: Object.freeze(targets), source: 'file', defaults: globals, strict, results };
}

/**
 * The `target` label of the environment's target: GWS_TARGET_NAME, else the base URL's host (a
 * name that says which server it is, as a config file's names do).
 */
function environmentTargetName(env: Environment, baseUrl: string): string {
  const named = env.GWS_TARGET_NAME;
  if (named !== undefined && named !== '') {
    if (!new RegExp(TARGET_NAME).test(named)) {
      throw new ConfigError(`GWS_TARGET_NAME "${named}" is not a target name (expected letters, digits, _ . - and at most 63 characters, e.g. gws-a)`);
    }
    return named;
  }
  return new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
}

/** A target built from GWS_BASE_URL, GWS_USERNAME, GWS_PASSWORD (and GWS_ADMIN_*), named by GWS_TARGET_NAME. */
function fromEnvironment(env: Environment, defaults: ProbeSettings, problems: Problems): ProberTarget | undefined {
  const target = problems.check(() => loadGateTarget({}, env));
  if (target === undefined) return undefined;
  const name = problems.check(() => environmentTargetName(env, target.baseUrl));
  if (name === undefined) return undefined;
  return proberTarget({ name, baseUrl: target.baseUrl, user: target.user, ...(target.admin ? { admin: target.admin } : {}), defaults });
}

/**
 * The prober's configuration from `--config FILE`, from GWS_BASE_URL and friends, or for an
 * embedded simulator (`simulator` flag; its targets are added when it runs). Returns undefined
 * when nothing names a target. Throws one ConfigError listing every problem, one line each.
 */
export function loadProberConfig(options: LoadProberConfigOptions = {}): ProberConfig | undefined {
  const flags = options.flags ?? {};
  const env = options.env ?? process.env;
  const problems = new Problems();
  const values = parseFlags(flags, problems);
  const fallback = defaultSettings();
  const defaults: ProbeSettings = Object.freeze({ schedule: values.schedule ?? fallback.schedule, timeoutMs: values.timeoutMs ?? fallback.timeoutMs });
  let config: SourcedConfig | undefined;
  if (flags.config !== undefined) {
    config = fromFile(flags.config, values, problems, env, options.catalog);
  } else {
    const target = flags.simulator === true && env.GWS_BASE_URL === undefined ? undefined : fromEnvironment(env, defaults, problems);
    if (target !== undefined) config = { listen: values.listen ?? PROBER_DEFAULTS.listen, targets: Object.freeze([target]), source: 'environment', defaults };
  }
  if (flags.simulator === true) {
    if (config !== undefined) {
      problems.add(`--simulator cannot be combined with ${config.source === 'file' ? '--config' : 'GWS_BASE_URL'} (expected one source of targets)`);
    }
    config = { listen: values.listen ?? PROBER_DEFAULTS.listen, targets: Object.freeze([]), source: 'simulator', defaults };
  }
  const results = withResultsFlags(config?.results ?? RESULTS_PAGES_DEFAULTS, flags, problems);
  problems.throwIfAny();
  if (config === undefined) return undefined;
  return Object.freeze({ ...config, strict: flags.strict === true || config.strict === true, results, ...(values.shard ? { shard: values.shard } : {}) });
}

/** A config for targets built in code (the embedded simulator, tests), with the usual defaults. */
export function proberTarget(
  fields: Pick<ProberTarget, 'name' | 'baseUrl'> & Partial<Omit<ProberTarget, 'name' | 'baseUrl'>>,
): ProberTarget {
  return Object.freeze({
    exclude: Object.freeze([]),
    defaults: defaultSettings(),
    probes: Object.freeze({}),
    maxBodyBytes: PROBER_DEFAULTS.maxBodyBytes,
    ...fields,
  });
}
